#pragma once
// Reading the free-form parts of a lead that the receiver's checks use (lead_checks.hpp).
#include <optional>

#include "magnete/json.hpp"
#include "magnete/time.hpp"

namespace magnete::detail {

/// A year: a page open longer than that is not a visitor's.
inline constexpr TimeMs kMaxElapsedMs = 365 * kMsPerDay;

/// meta.elapsed_ms when it is a number of milliseconds from 0 to kMaxElapsedMs (a fraction is
/// dropped); nullopt when absent or anything else.
inline std::optional<TimeMs> elapsed_ms(const Json& meta) {
  if (!meta.is_object()) return std::nullopt;
  auto it = meta.find("elapsed_ms");
  if (it == meta.end() || !it->is_number()) return std::nullopt;
  if (it->is_number_unsigned()) {
    auto v = it->get<std::uint64_t>();
    return v <= static_cast<std::uint64_t>(kMaxElapsedMs)
               ? std::optional<TimeMs>(static_cast<TimeMs>(v))
               : std::nullopt;
  }
  if (it->is_number_integer()) {
    auto v = it->get<std::int64_t>();
    return v >= 0 && v <= kMaxElapsedMs ? std::optional<TimeMs>(v) : std::nullopt;
  }
  double v = it->get<double>();  // NaN fails both comparisons
  if (!(v >= 0 && v <= static_cast<double>(kMaxElapsedMs))) return std::nullopt;
  return static_cast<TimeMs>(v);
}

/// attribution.first_touch.at, the start of the page where the visitor first consented.
inline std::optional<TimeMs> first_touch_at(const Json& attribution) {
  if (!attribution.is_object()) return std::nullopt;
  auto first = attribution.find("first_touch");
  if (first == attribution.end() || !first->is_object()) return std::nullopt;
  auto at = first->find("at");
  if (at == first->end() || !at->is_string()) return std::nullopt;
  return parse_time(at->get_ref<const std::string&>());
}

}  // namespace magnete::detail
