#pragma once
// Quiz scoring: points of the chosen answers and the outcome they lead to.
#include <map>
#include <string>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"

namespace magnete::quiz {

using Answers = std::map<std::string, std::vector<std::string>>;

/// Checks one question's answer ids against the campaign; empty when valid.
std::string check_answer(const Quiz& quiz, const std::string& question,
                         const std::vector<std::string>& answers);
/// Every required question has an answer.
bool complete(const Quiz& quiz, const Answers& answers);
/// One breakdown entry per answered question that gives points ("quiz:<question id>").
std::vector<RuleResult> points(const Quiz& quiz, const Answers& answers);
/// The outcome id, "" until the quiz is complete. By weight: the highest total weight
/// wins; a tie goes to the outcome listed first in the campaign. By points: the outcome
/// with the highest min_points not above the quiz points.
std::string outcome(const Quiz& quiz, const Answers& answers);

}  // namespace magnete::quiz
