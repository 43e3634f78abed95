#include "client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace magnete::collector {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// One hop as a proxy writes it: an address, maybe with a port, maybe quoted (Forwarded).
std::optional<IpAddress> parse_hop(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto address = parse_ip(text.substr(1, close - 1));
    return address && !address->v4 ? address : std::nullopt;
  }
  // "192.0.2.7:8080": one colon after a dotted address is a port; IPv6 has several colons.
  if (const auto colon = text.find(':');
      colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    text = text.substr(0, colon);
  }
  return parse_ip(text);
}

bool trusted_address(const IpAddress& address, const std::vector<Cidr>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const Cidr& range) { return contains(range, address); });
}

// The hops of comma-separated X-Forwarded-For text, left to right.
std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> out;
  while (true) {
    const auto comma = text.find(',');
    out.push_back(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// The for= values of RFC 7239 Forwarded elements, left to right ("for" is case-insensitive;
// an element without one counts as a hop we cannot read).
std::vector<std::string_view> forwarded_for(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view element : split_commas(text)) {
    std::string_view found;
    bool has = false;
    while (!element.empty()) {
      const auto semicolon = element.find(';');
      std::string_view pair = trim(element.substr(0, semicolon));
      const auto equals = pair.find('=');
      if (equals == 3) {
        std::string name(pair.substr(0, 3));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (name == "for") {
          found = pair.substr(4);
          has = true;
        }
      }
      if (semicolon == std::string_view::npos) break;
      element.remove_prefix(semicolon + 1);
    }
    out.push_back(has ? found : std::string_view("unknown"));
  }
  return out;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress out;
  in_addr v4{};
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
    out.bytes[10] = out.bytes[11] = 0xFF;
    std::copy_n(reinterpret_cast<const std::uint8_t*>(&v4), 4, out.bytes.begin() + 12);
    out.v4 = true;
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  std::copy_n(reinterpret_cast<const std::uint8_t*>(&v6), 16, out.bytes.begin());
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  out.v4 = std::equal(kMapped, kMapped + 12, out.bytes.begin());
  return out;
}

std::string to_string(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.v4) {
    inet_ntop(AF_INET, address.bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, address.bytes.data(), text, sizeof text);
  }
  return text;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  auto address = parse_ip(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int width = address->v4 ? 32 : 128;
  int prefix = width;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > width) return std::nullopt;
  }
  Cidr range;
  range.base = *address;
  range.prefix = prefix + (address->v4 ? 96 : 0);
  for (int bit = range.prefix; bit < 128; ++bit) {
    if (range.base.bytes[bit / 8] & (0x80 >> (bit % 8))) return std::nullopt;
  }
  return range;
}

bool contains(const Cidr& range, const IpAddress& address) {
  for (int bit = 0; bit < range.prefix; ++bit) {
    const std::uint8_t mask = 0x80 >> (bit % 8);
    if ((range.base.bytes[bit / 8] & mask) != (address.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::string client_address(const std::string& peer, const std::string& x_forwarded_for,
                           const std::string& forwarded, const std::vector<Cidr>& trusted) {
  auto peer_address = parse_ip(peer);
  if (!peer_address) return peer;
  if (!trusted_address(*peer_address, trusted)) return to_string(*peer_address);
  std::vector<std::string_view> hops;
  if (!trim(x_forwarded_for).empty())
    hops = split_commas(x_forwarded_for);
  else if (!trim(forwarded).empty())
    hops = forwarded_for(forwarded);
  IpAddress nearest = *peer_address;  // the last trusted hop seen, walking leftwards
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto hop = parse_hop(*it);
    if (!hop) break;
    if (!trusted_address(*hop, trusted)) return to_string(*hop);
    nearest = *hop;
  }
  return to_string(nearest);
}

}  // namespace magnete::collector
