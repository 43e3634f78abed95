#pragma once
// The client's address behind trusted reverse proxies (--trust-proxy): X-Forwarded-For, else
// RFC 7239 Forwarded, read from the right, only when the peer itself is trusted.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magnete::collector {

/// An IPv4 or IPv6 address; IPv4 is held as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that a
/// dual-stack socket's "::ffff:10.0.0.1" and "10.0.0.1" are the same address.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

/// "192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7"; nullopt for anything else.
std::optional<IpAddress> parse_ip(std::string_view text);
/// The address as text: dotted for IPv4 (mapped or not), RFC 5952 for IPv6.
std::string to_string(const IpAddress& address);

/// A range of addresses: "10.0.0.0/8", "2001:db8::/32", or one address ("127.0.0.1").
struct Cidr {
  IpAddress base;  ///< with the bits past the prefix cleared
  int prefix = 0;  ///< in bits of the 128-bit (mapped) form
};

/// nullopt for a malformed range, a prefix out of 0..32 (IPv4) or 0..128 (IPv6), or host bits
/// set past the prefix ("10.0.0.1/8": probably a typo for a single address or 10.0.0.0/8).
std::optional<Cidr> parse_cidr(std::string_view text);
bool contains(const Cidr& range, const IpAddress& address);

/// The address a request comes from. The peer's own unless it is in `trusted`; then the
/// right-most address of X-Forwarded-For (every instance of the header, joined with commas,
/// in order), or when that header is absent of Forwarded's for= parameters, that is not in
/// `trusted`: the one the nearest trusted proxy saw. Entries may carry a port ("1.2.3.4:80",
/// "[2001:db8::1]:443") and quotes (Forwarded). An entry that is not an address ("unknown",
/// "_hidden", garbage) ends the walk at the trusted hop to its right; when every hop is
/// trusted, the left-most. Addresses come back as to_string() writes them.
std::string client_address(const std::string& peer, const std::string& x_forwarded_for,
                           const std::string& forwarded, const std::vector<Cidr>& trusted);

}  // namespace magnete::collector
