#pragma once
// Fit rules: a predicate on one field's value, and the points it gives.
#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/json.hpp"

namespace magnete::scoring {

/// Whether the field value satisfies the rule's predicate (null: the field is empty).
bool matches(const FitRule& rule, const Json& value);
/// The rule's points for this value (0 when it does not match), with the count of units.
RuleResult evaluate_fit(const FitRule& rule, const Json& value);

}  // namespace magnete::scoring
