#include "bearer.hpp"

#include <cctype>
#include <cstdint>

namespace magnete::collector {

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return {};
  }
  return authorization.substr(kScheme.size());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of the guess is compared, against the secret repeated when lengths differ, and
  // the verdict is read once at the end: no early exit for the compiler to add back.
  volatile std::uint8_t difference = a.size() == b.size() ? 0 : 1;
  if (b.empty()) return a.empty();
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = difference | static_cast<std::uint8_t>(a[i] ^ b[i % b.size()]);
  }
  return difference == 0;
}

}  // namespace magnete::collector
