#pragma once
/// Fixed-point arithmetic: every number that decides anything is an integer count of
/// thousandths ("milli"), so native and wasm compute the same bits (DESIGN: parity rule).
#include <cstdint>
#include <optional>
#include <string_view>

#include "magnete/json.hpp"

namespace magnete {

using Milli = std::int64_t;
inline constexpr Milli kMilli = 1000;
/// Largest magnitude accepted anywhere (1e12 units): keeps every sum far from overflow.
inline constexpr Milli kMaxMilli = 1'000'000'000'000'000;

/// Parses "34", "-2.5", "34,5" (Italian decimal comma), " 1e3 " is rejected: plain decimals
/// only, at most 3 decimals (more are rounded half away from zero), |value| <= 1e12.
std::optional<Milli> parse_decimal(std::string_view text);
/// A JSON number (or a decimal string, see parse_decimal) as milli; nullopt otherwise.
std::optional<Milli> milli_from_json(const Json& value);
/// The number as JSON: an integer when whole, else a decimal with up to 3 places.
OrderedJson milli_to_json(Milli value);
/// "12", "12.5", "-0.125": the shortest exact decimal.
std::string milli_to_string(Milli value);

}  // namespace magnete
