#pragma once
// URLs and form bodies as the no-script form route reads them: application/x-www-form-urlencoded
// text (WHATWG URL Standard, "application/x-www-form-urlencoded parsing"), http(s) URLs split
// into their RFC 3986 parts, and references resolved against a base (RFC 3986 section 5).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace magnete::collector {

/// The (name, value) pairs of urlencoded text, in order: split at '&' (empty pieces skipped),
/// name and value split at the first '=', '+' read as a space, %XX decoded (an escape that is
/// not two hex digits stays as written). The bytes are kept as they are: the core refuses
/// ill-formed UTF-8 and names the field.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text);

/// The parts of a URL (RFC 3986 section 3); a part absent from the text is empty and its flag
/// false ("http://a/b?" has an empty query, "http://a/b" none).
struct Url {
  std::string scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

/// An absolute http or https URL with a host (scheme lower-cased); nullopt for anything else:
/// other schemes, relative references, spaces or control characters, more than 4,000 bytes.
std::optional<Url> parse_http_url(std::string_view text);

/// "https://shop.example:8443": scheme and authority, as browsers send Origin.
std::string origin_of(const Url& url);

/// RFC 3986 section 5.2: `reference` resolved against `base`. A base without scheme and
/// authority (Url{} with path "/") resolves to a path-absolute reference ("/ebook/a.pdf"),
/// which a client resolves against the URL it asked.
std::string resolve_reference(const Url& base, std::string_view reference);

/// Whether a reference names its scheme, and which ("https", "javascript"); "" for relative.
std::string scheme_of(std::string_view reference);

/// A URL fit for a header value: bytes outside visible ASCII (controls, space, non-ASCII)
/// percent-encoded, so nothing a visitor sent can end the header.
std::string header_safe_url(std::string_view url);

}  // namespace magnete::collector
