#pragma once
// What the learner works on: the history's columns and the candidate rules found in them
// (one-hot values, bands of numbers, ranges of event counts), shared by the learner
// (learner.cpp) and the rule writer (rule_writer.cpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "magnete/fixed.hpp"
#include "magnete/history.hpp"

namespace magnete::learn {

enum class Kind { kValues, kNumber, kEvents };

struct Candidate {
  std::size_t column = 0;
  std::string folded, shown;  ///< kValues: the value as compared and as written
  Milli lo = 0, hi = 0;       ///< bands: [lo, hi), or [lo, inf) when top
  bool top = false;
  std::int64_t leads = 0, converted = 0;  ///< training support
  bool active = true;
  const char* dropped = "";  ///< why it is not a rule
  double weight = 0;
  std::int64_t points = 0;
};

struct Column {
  Kind kind = Kind::kValues;
  MappedColumn map;
  std::vector<Milli> edges;  ///< bands: band k is [edges[k-1], edges[k]); band 0 is the baseline
  std::vector<std::size_t> candidates;
  std::string note;
};

/// A history value as written ("Lead Add Form", "34.5").
std::string value_text(const Json& v);

}  // namespace magnete::learn
