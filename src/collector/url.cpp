#include "url.hpp"

namespace magnete::collector {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view input) {
  std::string out;
  while (!input.empty()) {
    if (input.substr(0, 3) == "../") {
      input.remove_prefix(3);
    } else if (input.substr(0, 2) == "./") {
      input.remove_prefix(2);
    } else if (input.substr(0, 3) == "/./") {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.substr(0, 4) == "/../" || input == "/..") {
      input = input.size() == 3 ? std::string_view("/") : input.substr(3);
      auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      auto next = input.find('/', input[0] == '/' ? 1 : 0);
      out += input.substr(0, next);
      input.remove_prefix(next == std::string_view::npos ? input.size() : next);
    }
  }
  return out;
}

// RFC 3986 appendix B, by hand: scheme ":" "//" authority path "?" query "#" fragment.
Url split(std::string_view text) {
  Url url;
  std::string scheme = scheme_of(text);
  if (!scheme.empty()) {
    url.scheme = scheme;
    text.remove_prefix(scheme.size() + 1);
  }
  if (auto hash = text.find('#'); hash != std::string_view::npos) {
    url.has_fragment = true;
    url.fragment = std::string(text.substr(hash + 1));
    text = text.substr(0, hash);
  }
  if (auto question = text.find('?'); question != std::string_view::npos) {
    url.has_query = true;
    url.query = std::string(text.substr(question + 1));
    text = text.substr(0, question);
  }
  if (text.substr(0, 2) == "//") {
    url.has_authority = true;
    auto end = text.find('/', 2);
    url.authority = std::string(
        text.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  url.path = std::string(text);
  return url;
}

// RFC 3986 section 5.3.
std::string recompose(const Url& url) {
  std::string out;
  if (!url.scheme.empty()) out += url.scheme + ":";
  if (url.has_authority) out += "//" + url.authority;
  out += url.path;
  if (url.has_query) out += "?" + url.query;
  if (url.has_fragment) out += "#" + url.fragment;
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!text.empty()) {
    auto amp = text.find('&');
    std::string_view piece = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    pairs.emplace_back(
        percent_decode(piece.substr(0, eq)),
        eq == std::string_view::npos ? std::string() : percent_decode(piece.substr(eq + 1)));
  }
  return pairs;
}

std::string scheme_of(std::string_view reference) {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":" before any "/", "?" or "#".
  if (reference.empty() || !is_alpha(reference[0])) return "";
  for (std::size_t i = 1; i < reference.size(); ++i) {
    char c = reference[i];
    if (c == ':') {
      std::string scheme(reference.substr(0, i));
      for (char& s : scheme) s = static_cast<char>(s >= 'A' && s <= 'Z' ? s - 'A' + 'a' : s);
      return scheme;
    }
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return "";
  }
  return "";
}

std::optional<Url> parse_http_url(std::string_view text) {
  if (text.size() > 4000) return std::nullopt;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return std::nullopt;
  }
  Url url = split(text);
  if ((url.scheme != "http" && url.scheme != "https") || !url.has_authority ||
      url.authority.empty()) {
    return std::nullopt;
  }
  if (url.path.empty()) url.path = "/";  // "https://a.example" is "https://a.example/"
  return url;
}

std::string origin_of(const Url& url) { return url.scheme + "://" + url.authority; }

std::string resolve_reference(const Url& base, std::string_view reference) {
  Url r = split(reference);
  Url t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = remove_dot_segments(r.path);
  } else {
    if (r.has_authority) {
      t.has_authority = true;
      t.authority = r.authority;
      t.path = remove_dot_segments(r.path);
      t.has_query = r.has_query;
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        t.path = base.path;
        t.has_query = r.has_query || base.has_query;
        t.query = r.has_query ? r.query : base.query;
      } else {
        if (r.path[0] == '/') {
          t.path = remove_dot_segments(r.path);
        } else {
          // Merge (section 5.2.3): the base's path up to its last "/", then the reference's.
          std::string merged = base.has_authority && base.path.empty()
                                   ? "/" + r.path
                                   : base.path.substr(0, base.path.rfind('/') + 1) + r.path;
          t.path = remove_dot_segments(merged);
        }
        t.has_query = r.has_query;
        t.query = r.query;
      }
      t.has_authority = base.has_authority;
      t.authority = base.authority;
    }
    t.scheme = base.scheme;
  }
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  // Without a base authority, a relative path would stay relative: anchor it at the root.
  if (t.scheme.empty() && !t.has_authority && (t.path.empty() || t.path[0] != '/'))
    t.path = "/" + t.path;
  return recompose(t);
}

std::string header_safe_url(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace magnete::collector
