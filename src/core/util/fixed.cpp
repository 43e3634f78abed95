#include "magnete/fixed.hpp"

#include <cmath>
#include <string>

namespace magnete {

std::optional<Milli> parse_decimal(std::string_view text) {
  std::size_t i = 0, n = text.size();
  while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
  while (n > i && (text[n - 1] == ' ' || text[n - 1] == '\t')) --n;
  if (i == n) return std::nullopt;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
  Milli whole = 0;
  std::size_t digits = 0;
  for (; i < n && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > kMaxMilli / kMilli) return std::nullopt;
  }
  Milli fraction = 0;
  int places = 0;
  bool round_up = false;
  if (i < n && (text[i] == '.' || text[i] == ',')) {
    ++i;
    for (; i < n && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (places < 3) {
        fraction = fraction * 10 + (text[i] - '0');
        ++places;
      } else if (places == 3) {
        round_up = text[i] >= '5';  // DOMAIN: milli-points; the 4th decimal rounds
        ++places;
      }
    }
  }
  if (i != n || digits == 0) return std::nullopt;
  for (int p = places < 3 ? places : 3; p < 3; ++p) fraction *= 10;
  Milli value = whole * kMilli + fraction + (round_up ? 1 : 0);
  return negative ? -value : value;
}

std::optional<Milli> milli_from_json(const Json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned()) {
      auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(kMaxMilli / kMilli)) return std::nullopt;
      return static_cast<Milli>(u) * kMilli;
    }
    auto v = value.get<std::int64_t>();
    if (v > kMaxMilli / kMilli || v < -kMaxMilli / kMilli) return std::nullopt;
    return v * kMilli;
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(kMaxMilli / kMilli)) {
      return std::nullopt;
    }
    // IEEE multiply and round are exact operations: same bits native and wasm.
    return static_cast<Milli>(std::llround(d * 1000.0));
  }
  if (value.is_string()) return parse_decimal(value.get_ref<const std::string&>());
  return std::nullopt;
}

OrderedJson milli_to_json(Milli value) {
  if (value % kMilli == 0) return OrderedJson(value / kMilli);
  return OrderedJson(static_cast<double>(value) / 1000.0);
}

std::string milli_to_string(Milli value) {
  std::string sign = value < 0 ? "-" : "";
  std::uint64_t magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string out = sign + std::to_string(magnitude / 1000);
  auto fraction = magnitude % 1000;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction + 1000).substr(1);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace magnete
