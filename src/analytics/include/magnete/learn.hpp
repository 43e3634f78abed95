#pragma once
/// Learning an editable points table from history (`magnete learn`) (DOMAIN §3.3: check the model
/// against real conversions and adjust it). A logistic regression on banded, one-hot columns is
/// fitted on a stratified training share, its weights are turned into whole points, and the result
/// is written as the scoring section of an ordinary campaign file, so the Engine (and every host:
/// browser, collector, CLI) scores with it exactly as with a hand-made table.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "magnete/backtest.hpp"
#include "magnete/campaign.hpp"
#include "magnete/error.hpp"
#include "magnete/history.hpp"
#include "magnete/json.hpp"

namespace magnete {

struct LearnOptions {
  std::int64_t holdout_milli = 300;  ///< share of the rows held out for the AUC (0..900)
  std::uint64_t seed = 42;           ///< of the stratified split
  std::int64_t max_points = 20;      ///< the strongest rule's points (1..1000)
  std::size_t max_bands = 6;         ///< per number column or event count (2..20)
  /// A value, band or count range needs this many training leads to become a rule;
  /// 0 means max(30, 0.5% of the training leads).
  std::size_t min_leads = 0;
  /// Ridge penalty of the regression (its log-likelihood is a sum over the training leads).
  double l2 = 1.0;
  std::string id = "fitted", version = "1";  ///< of a campaign made without a base
};

/// One rule of the learned table, for the report.
struct LearnedRule {
  std::string id;
  std::string kind;       ///< "fit" or "engagement"
  std::string column;     ///< the history column it reads
  std::string condition;  ///< `is "Lead Add Form"`, `from 500 to under 1000`, `3 to 5 times`
  std::int64_t points = 0;
  std::int64_t leads = 0, converted = 0;  ///< training leads the rule applies to
};

/// How each mapped column was used.
struct ColumnUse {
  std::string column, name;  ///< history column; campaign field or event type
  std::string role;          ///< "field (values)", "field (number bands)", "event count"
  std::size_t rules = 0;     ///< rules of the final table on this column
  std::string note;          ///< why it has no rule, when it has none
};

struct LearnReport {
  OrderedJson campaign;  ///< the campaign file written (valid: parsed before it is returned)
  std::size_t rows = 0, train_rows = 0, holdout_rows = 0;
  std::size_t min_leads = 0;       ///< the support a rule needed
  std::size_t candidates = 0;      ///< one-hot values and bands the regression started from
  std::size_t rounds = 0;          ///< regression fits until no rule rounded to 0 points
  double points_per_logit = 0;     ///< the scale from regression weights to points
  BacktestReport train, holdout;   ///< the written campaign's scores on each share
  std::vector<LearnedRule> rules;  ///< by |points|, strongest first
  std::vector<ColumnUse> columns;
  Milli mql = 0, sql = 0;  ///< the thresholds written to the stages (and bands)
  std::vector<std::pair<std::string, Milli>> grades;  ///< written to scoring.grades
};

struct LearnResult {
  std::optional<LearnReport> report;
  Errors errors;
  bool ok() const { return report.has_value(); }
};

/// How the stage thresholds are chosen (the report states it).
inline constexpr const char* kMqlCriterion =
    "mql: the whole-point score with the highest F1 on the training leads (as magnete backtest "
    "suggests)";
inline constexpr const char* kSqlCriterion =
    "sql: the lowest whole-point score above mql at which the training leads at or above it "
    "convert half way from mql's precision to certain (the share that does not convert halves); "
    "else the score of the top 10%";
inline constexpr const char* kGradeCriterion =
    "grades from the fit subtotal of the training leads: A top 10%, B top 25%, C top 50%, D top "
    "75%, F below";
inline constexpr const char* kRuleLimits =
    "a value, band or count range is a candidate only with at least min_leads training leads; "
    "number and count bands are coarse-classed (neighbours whose conversion rates do not differ "
    "at 5% are merged); rules whose weight rounds to 0 points are dropped, then the least "
    "significant rule while its weight is not significant at 5% (Wald test), refitting after "
    "each; neighbouring bands with equal points are merged, and values with equal points share "
    "one \"in\" rule";

/// Learns the table from `history` (rows with their outcome and the mapping that made them).
/// `base`: a campaign document whose other sections are kept (its fit and engagement rules
/// are replaced; grades, bands and the min_score of stages "mql" and "sql" are set), or null
/// for a campaign with just the mapped fields and the scoring. Split into learn/bands.cpp (the
/// banding), learn/learner.cpp (candidates and the regression), learn/rule_writer.cpp (the
/// rules and the campaign) and learn/thresholds.cpp (grades and stages).
LearnResult learn_points_table(const HistoryResult& history, const Json* base,
                               const LearnOptions& options);

}  // namespace magnete
