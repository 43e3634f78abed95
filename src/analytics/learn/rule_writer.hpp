#pragma once
// The rule writer: the learned candidates as the scoring rules of a campaign file (values with
// equal points share one "in" rule; bands are "between"/"gte" rules and count bands), the
// campaign around them (a base campaign's other sections kept, fields the rules read added),
// and the thresholds written into its scoring section.
#include <vector>

#include "learn/candidates.hpp"
#include "magnete/error.hpp"
#include "magnete/json.hpp"
#include "magnete/learn.hpp"

namespace magnete::learn {

/// {"fit": [...], "engagement": [...]} of the active candidates, each rule also told in `report`.
OrderedJson scoring_rules(const std::vector<Column>& columns,
                          const std::vector<Candidate>& candidates,
                          std::vector<LearnedRule>& report);

/// The campaign document: `base` (or a new one named by `options`) with the learned rules as its
/// fit and engagement rules, and a field for every column a rule reads that it lacks (of the
/// history's values); a field that cannot be one (too many options) is an error.
OrderedJson learned_campaign(const Json* base, const LearnOptions& options,
                             const HistoryResult& history, const std::vector<Column>& columns,
                             const std::vector<Candidate>& candidates, OrderedJson fit_rules,
                             OrderedJson engagement_rules, Errors& errors);

/// Writes the report's grades, bands and the min_score of stages "mql" and "sql" into the
/// campaign's scoring section, and puts the section in the schema's order.
void write_thresholds(OrderedJson& scoring, const LearnReport& report);

}  // namespace magnete::learn
