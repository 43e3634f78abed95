#pragma once
/// What the core concludes about a lead, with the reasons.
#include <cstdint>
#include <string>
#include <vector>

#include "magnete/fixed.hpp"
#include "magnete/json.hpp"
#include "magnete/time.hpp"

namespace magnete {

struct RuleResult {
  std::string id;
  std::string kind;  ///< "fit", "engagement" or "quiz"
  std::int64_t count = 0;
  Milli points = 0;
  bool capped = false;  ///< max_count or max_points limited it
};

struct StageResult {
  std::string id;
  bool reached = false;
  std::vector<std::string> reasons;  ///< why not reached (empty when reached)
};

struct Assessment {
  Milli score = 0, fit = 0, engagement = 0;
  std::string grade, band, stage;
  std::vector<std::string> segments;
  std::int64_t completeness = 0;      ///< percent of optional profile fields filled
  std::string outcome;                ///< quiz outcome id, when the quiz is answered
  std::vector<RuleResult> breakdown;  ///< rules that gave points, in campaign order
  std::vector<StageResult> stages;    ///< every configured stage, in ladder order
  std::string model_hash;
  TimeMs at = 0;
};

/// Fixed key order: score, fit, engagement, grade, band, stage, segments, completeness,
/// outcome, breakdown, stages, model_hash, at.
OrderedJson to_json(const Assessment& assessment);

}  // namespace magnete
