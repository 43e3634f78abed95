#include "quiz/quiz.hpp"

namespace magnete::quiz {
namespace {

const QuizQuestion* find_question(const Quiz& quiz, const std::string& id) {
  for (const auto& q : quiz.questions) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

const QuizAnswer* find_answer(const QuizQuestion& question, const std::string& id) {
  for (const auto& a : question.answers) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

}  // namespace

std::string check_answer(const Quiz& quiz, const std::string& question,
                         const std::vector<std::string>& answers) {
  const QuizQuestion* q = find_question(quiz, question);
  if (q == nullptr) return "unknown question \"" + question + "\"";
  if (!q->multiple && answers.size() > 1) return "question \"" + question + "\" takes one answer";
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (find_answer(*q, answers[i]) == nullptr) {
      return "unknown answer \"" + answers[i] + "\" for question \"" + question + "\"";
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (answers[j] == answers[i]) return "answer \"" + answers[i] + "\" given twice";
    }
  }
  return "";
}

bool complete(const Quiz& quiz, const Answers& answers) {
  for (const auto& q : quiz.questions) {
    auto it = answers.find(q.id);
    if (q.required && (it == answers.end() || it->second.empty())) return false;
  }
  return true;
}

std::vector<RuleResult> points(const Quiz& quiz, const Answers& answers) {
  std::vector<RuleResult> out;
  for (const auto& q : quiz.questions) {
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    RuleResult result;
    result.id = "quiz:" + q.id;
    result.kind = "quiz";
    for (const auto& id : it->second) {
      if (const QuizAnswer* a = find_answer(q, id)) {
        result.points += a->points;
        ++result.count;
      }
    }
    if (result.points != 0) out.push_back(std::move(result));
  }
  return out;
}

std::string outcome(const Quiz& quiz, const Answers& answers) {
  if (quiz.outcomes.empty() || !complete(quiz, answers)) return "";
  if (quiz.outcome_by == Quiz::OutcomeBy::kPoints) {
    Milli total = 0;
    for (const auto& r : points(quiz, answers)) total += r.points;
    const QuizOutcome* best = nullptr;
    for (const auto& o : quiz.outcomes) {
      if (o.min_points && *o.min_points <= total &&
          (best == nullptr || *o.min_points > *best->min_points)) {
        best = &o;
      }
    }
    return best != nullptr ? best->id : "";
  }
  std::map<std::string, Milli> weights;
  for (const auto& q : quiz.questions) {
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    for (const auto& id : it->second) {
      if (const QuizAnswer* a = find_answer(q, id)) {
        for (const auto& [outcome_id, weight] : a->outcomes) weights[outcome_id] += weight;
      }
    }
  }
  const QuizOutcome* best = &quiz.outcomes.front();
  Milli best_weight = weights[best->id];
  for (const auto& o : quiz.outcomes) {
    if (weights[o.id] > best_weight) {  // strictly greater: ties keep the earlier outcome
      best = &o;
      best_weight = weights[o.id];
    }
  }
  return best->id;
}

}  // namespace magnete::quiz
