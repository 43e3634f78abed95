#include "scoring/fit.hpp"

#include <string>

#include "util/text.hpp"

namespace magnete::scoring {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) & 0x80);
}

// `needle` occurs in `haystack` as whole words: "head of" in "head of sales", but "cto" not
// in "director" (both already folded).
bool contains_words(const std::string& haystack, const std::string& needle) {
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    bool start = at == 0 || !is_word_char(haystack[at - 1]);
    std::size_t end = at + needle.size();
    bool finish = end == haystack.size() || !is_word_char(haystack[end]);
    if (start && finish) return true;
  }
  return false;
}

std::string as_text(const Json& value) {
  if (value.is_string()) return text::fold(value.get_ref<const std::string&>());
  return value.dump();
}

bool equals_any(const FitRule& rule, const Json& value) {
  if (value.is_array()) {
    for (const auto& element : value) {
      if (equals_any(rule, element)) return true;
    }
    return false;
  }
  if (value.is_number()) {
    auto milli = milli_from_json(value);
    for (const auto& v : rule.values) {
      auto wanted = parse_decimal(v);
      if (milli && wanted && *milli == *wanted) return true;
    }
    return false;
  }
  std::string folded = as_text(value);
  for (const auto& v : rule.values) {
    if (folded == v) return true;
  }
  return false;
}

}  // namespace

bool matches(const FitRule& rule, const Json& value) {
  if (value.is_null()) return false;
  if (rule.op == FitOp::kPresent) return !(value.is_boolean() && !value.get<bool>());
  if (rule.op == FitOp::kEq || rule.op == FitOp::kIn) return equals_any(rule, value);
  if (rule.op == FitOp::kContainsAny) {
    std::string folded;
    if (value.is_array()) {
      for (const auto& v : value) folded += as_text(v) + " | ";
    } else {
      folded = as_text(value);
    }
    for (const auto& v : rule.values) {
      if (contains_words(folded, v)) return true;
    }
    return false;
  }
  auto number = milli_from_json(value);
  if (!number) return false;
  switch (rule.op) {
    case FitOp::kGt:
      return *number > rule.number;
    case FitOp::kGte:
      return *number >= rule.number;
    case FitOp::kLt:
      return *number < rule.number;
    case FitOp::kLte:
      return *number <= rule.number;
    case FitOp::kBetween:
      return *number >= rule.number &&
             (rule.below ? *number < rule.number2 : *number <= rule.number2);
    case FitOp::kPerUnitOver:
      return *number >= rule.number + rule.unit;
    default:
      return false;
  }
}

RuleResult evaluate_fit(const FitRule& rule, const Json& value) {
  RuleResult result;
  result.id = rule.id;
  result.kind = "fit";
  if (!matches(rule, value)) return result;
  Milli points = rule.points;
  result.count = 1;
  if (rule.op == FitOp::kPerUnitOver) {
    // DOMAIN §3.2: "1 punto per ogni anno al di sopra dei 25 anni": whole units only.
    auto number = milli_from_json(value).value_or(0);
    result.count = (number - rule.number) / rule.unit;
    if (result.count > 0 && rule.points != 0 &&
        result.count > kMaxMilli / (rule.points < 0 ? -rule.points : rule.points)) {
      result.count = kMaxMilli / (rule.points < 0 ? -rule.points : rule.points);
    }
    points = rule.points * result.count;
  }
  if (rule.max_points && points > *rule.max_points) {
    points = *rule.max_points;
    result.capped = true;
  }
  result.points = points;
  return result;
}

}  // namespace magnete::scoring
