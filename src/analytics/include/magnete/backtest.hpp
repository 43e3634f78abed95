#pragma once
/// Backtesting a scoring model on history: do the leads it scores high really convert, and
/// where should the thresholds be? (DOMAIN §3.3: "check that qualified leads really convert,
/// and adjust points and thresholds".) The input is each historical lead's score and whether
/// it converted; every figure is an exact fraction of integer counts, rounded only for display.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/error.hpp"
#include "magnete/fixed.hpp"
#include "magnete/history.hpp"
#include "magnete/json.hpp"
#include "magnete/time.hpp"

namespace magnete {

struct BacktestLimits {
  /// With n leads every numerator and denominator is at most n^2 (lift: converted x leads);
  /// rounding multiplies a remainder by 10, so n <= 1e8 keeps it all far below 2^63.
  static constexpr std::int64_t kMaxLeads = 100'000'000;
  /// Scores beyond this magnitude (1e15 points) are refused: the step search stays exact.
  static constexpr Milli kMaxScore = 1'000'000'000'000'000'000;
  /// The threshold table has at most this many rows.
  static constexpr std::int64_t kMaxRows = 20;
};

/// One historical lead: its score (milli-points) and whether it converted.
struct Outcome {
  Milli score = 0;
  bool converted = false;
};

/// An exact non-negative fraction, kept in lowest terms; den == 0 means undefined (the
/// precision of no leads, the recall when nobody converted, ...).
struct Fraction {
  std::int64_t num = 0, den = 0;
  bool defined() const { return den != 0; }
  friend bool operator==(const Fraction& a, const Fraction& b) {
    return a.num == b.num && a.den == b.den;
  }
  friend bool operator!=(const Fraction& a, const Fraction& b) { return !(a == b); }
};
/// num/den in lowest terms; {0, 0} (undefined) when den is 0.
Fraction make_fraction(std::int64_t num, std::int64_t den);
/// The value times 10^places, rounded half up: 2/3 at 4 places is 6667.
std::int64_t scaled(Fraction f, int places = 4);
/// "0.6667" (always `places` decimals); "-" when undefined.
std::string to_decimal(Fraction f, int places = 4);
/// The 4-decimal value as a JSON number (0.6667); null when undefined.
OrderedJson fraction_to_json(Fraction f);

/// The figures for the leads whose score is at or above one threshold.
struct ThresholdStats {
  Milli threshold = 0;
  std::int64_t leads = 0;      ///< leads with score >= threshold
  std::int64_t converted = 0;  ///< of those, the converted ones
  Fraction precision;          ///< converted / leads; undefined when leads == 0
  Fraction recall;             ///< converted / all converted; undefined when nobody converted
  Fraction lift;               ///< precision / base rate; undefined when either is, or rate 0
  Fraction f1;                 ///< 2 converted / (leads + all converted); undefined when both are 0
};

struct StageStats {
  std::string id;
  ThresholdStats stats;  ///< at the stage's min_score (its other conditions are not applied)
};

/// How the threshold table is laid out (what the report states).
inline constexpr const char* kThresholdRule =
    "multiples of the smallest step in 1, 2, 5, 10, 20, 50, ... points that gives at most 20 "
    "rows from the lowest score to the top 1% score (the last row holds at least 1% of the "
    "leads)";
/// The suggested MQL threshold. F1 is the harmonic mean of precision (sales' time goes to
/// leads that convert) and recall (converters are not left behind); the MQL hand-over costs
/// on both sides, F1 weighs them equally, needs no tuning constant and exists for any base
/// rate (a "precision >= 2x base rate" rule has no answer once the base rate is above 50%).
/// Equal F1 goes to the higher threshold: the same balance for fewer leads to follow up.
inline constexpr const char* kSuggestionCriterion =
    "the whole-point threshold with the highest F1 (harmonic mean of precision and recall: "
    "weighs sales time spent on non-converters against converters missed, with no tuning "
    "constant); ties go to the higher threshold (same balance, fewer leads to follow up)";

struct BacktestReport {
  std::int64_t leads = 0, converted = 0;
  Fraction base_rate;  ///< converted / leads; undefined when there are no leads
  /// ROC area by the Mann-Whitney rank-sum formula, ties counted half: the probability that
  /// a random converted lead scores above a random non-converted one. Undefined unless the
  /// history has both converted and non-converted leads.
  Fraction auc;
  Milli step = 0;  ///< spacing of `thresholds` (see kThresholdRule); 0 when there are no leads
  /// Ascending; the first row selects every lead, the last at least 1% of them.
  std::vector<ThresholdStats> thresholds;
  std::vector<StageStats> stages;           ///< configured stages with a min_score, ladder order
  std::optional<ThresholdStats> suggested;  ///< see kSuggestionCriterion
  std::string no_suggestion;                ///< why there is none, when there is none
};

struct BacktestResult {
  std::optional<BacktestReport> report;
  Errors errors;
  bool ok() const { return report.has_value(); }
};

/// The figures for `outcomes` (any order) and the campaign's `stages`. Refuses more than
/// BacktestLimits::kMaxLeads outcomes or scores beyond kMaxScore; otherwise always a report.
BacktestResult backtest(std::vector<Outcome> outcomes, const std::vector<Stage>& stages);

/// Fixed key order: leads, converted, base_rate, auc, thresholds {rule, step, rows}, stages,
/// suggested_mql {criterion, threshold, ...figures | reason}. Fractions as 4-decimal numbers.
OrderedJson to_json(const BacktestReport& report);

/// A history scored by a campaign: each lead's score and outcome, for backtest().
struct ScoredHistory {
  std::vector<Outcome> outcomes;
  std::vector<Milli> fits;  ///< the fit subtotal of each outcome
  Errors errors;
  std::size_t failed = 0;
};
/// Scores the selected rows (all when `select` is null; else those whose mark equals
/// `select_value`) with the campaign, at `now` (else each lead's own time). Contact values the
/// campaign has no field for are left aside (a history carries more than a form asks); a row
/// whose values the campaign refuses is reported with its line and left out.
ScoredHistory score_history(const std::shared_ptr<const Campaign>& campaign,
                            const std::vector<HistoryRow>& rows, const std::vector<bool>* select,
                            bool select_value, std::optional<TimeMs> now);

}  // namespace magnete
