#pragma once
// FNV-1a 64: a small, portable hash for model fingerprints (not for security).
#include <cstdint>
#include <string>
#include <string_view>

namespace magnete::hash {

inline std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline std::string fnv1a64_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t h = fnv1a64(data);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xF];
  return out;
}

}  // namespace magnete::hash
