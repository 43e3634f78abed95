#include "magnete/backtest.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace magnete {
namespace {

// Integer division rounding toward minus infinity (scores may be negative).
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/// The history sorted by score, with running counts so any threshold costs one binary search.
class Sorted {
 public:
  explicit Sorted(std::vector<Outcome> outcomes) : outcomes_(std::move(outcomes)) {
    std::sort(outcomes_.begin(), outcomes_.end(), [](const Outcome& a, const Outcome& b) {
      return a.score < b.score || (a.score == b.score && a.converted < b.converted);
    });
    converted_below_.reserve(outcomes_.size() + 1);
    converted_below_.push_back(0);
    for (const auto& o : outcomes_)
      converted_below_.push_back(converted_below_.back() + (o.converted ? 1 : 0));
  }

  std::int64_t size() const { return static_cast<std::int64_t>(outcomes_.size()); }
  std::int64_t converted() const { return converted_below_.back(); }
  const std::vector<Outcome>& outcomes() const { return outcomes_; }

  ThresholdStats at(Milli threshold) const {
    auto first = std::lower_bound(outcomes_.begin(), outcomes_.end(), threshold,
                                  [](const Outcome& o, Milli t) { return o.score < t; });
    auto below = static_cast<std::size_t>(first - outcomes_.begin());
    std::int64_t n = size(), positives = converted();
    ThresholdStats s;
    s.threshold = threshold;
    s.leads = n - static_cast<std::int64_t>(below);
    s.converted = positives - converted_below_[below];
    s.precision = make_fraction(s.converted, s.leads);
    s.recall = make_fraction(s.converted, positives);
    // precision / base rate = (converted / leads) / (positives / n)
    s.lift = make_fraction(s.converted * n, s.leads * positives);
    s.f1 = make_fraction(2 * s.converted, s.leads + positives);
    return s;
  }

 private:
  std::vector<Outcome> outcomes_;
  std::vector<std::int64_t> converted_below_;  ///< [i]: converted among the i lowest scores
};

// Mann-Whitney: U counts, over every (converted, non-converted) pair, 1 when the converted
// lead scores higher and 1/2 on a tie; AUC = U / (P N), the same value as the rank-sum form
// (R - P(P+1)/2) / (P N) with mid-ranks for ties. Walking the sorted scores group by group,
// 2U = sum over groups of p_g (2 n_below + n_g): integers only.
Fraction area_under_roc(const Sorted& sorted) {
  std::int64_t positives = sorted.converted();
  std::int64_t negatives = sorted.size() - positives;
  const auto& all = sorted.outcomes();
  std::int64_t twice_u = 0, negatives_below = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::int64_t p = 0, n = 0;
    std::size_t j = i;
    for (; j < all.size() && all[j].score == all[i].score; ++j) (all[j].converted ? p : n) += 1;
    twice_u += p * (2 * negatives_below + n);
    negatives_below += n;
    i = j;
  }
  return make_fraction(twice_u, 2 * positives * negatives);
}

// kThresholdRule: the smallest step in the 1-2-5 sequence of whole points giving at most
// kMaxRows multiples of the step from floor(lowest / step) to floor(highest / step).
Milli table_step(Milli lowest, Milli highest) {
  static constexpr Milli kSteps[] = {1, 2, 5};
  for (Milli decade = kMilli;; decade *= 10) {
    for (Milli m : kSteps) {
      Milli step = m * decade;
      if (floor_div(highest, step) - floor_div(lowest, step) + 1 <= BacktestLimits::kMaxRows) {
        return step;
      }
    }
  }
}

// kSuggestionCriterion. A whole-point threshold t selects exactly the leads whose score
// rounded down to a whole point is >= t, so the candidates that select different sets are
// those rounded-down scores, and each is the highest whole-point threshold selecting its set.
std::optional<ThresholdStats> suggest(const Sorted& sorted) {
  std::optional<ThresholdStats> best;
  std::optional<Milli> last;
  for (const auto& o : sorted.outcomes()) {
    Milli candidate = floor_div(o.score, kMilli) * kMilli;
    if (candidate == last) continue;  // scores ascend: a repeat is a set already weighed
    last = candidate;
    ThresholdStats s = sorted.at(candidate);
    // F1 a/b >= c/d  <=>  a d >= c b (denominators positive: there are converted leads).
    // Candidates ascend, so ">=" hands equal F1 to the higher threshold.
    if (!best || s.f1.num * best->f1.den >= best->f1.num * s.f1.den) best = s;
  }
  return best;
}

void put_figures(OrderedJson& out, const ThresholdStats& s) {
  out["leads"] = s.leads;
  out["converted"] = s.converted;
  out["precision"] = fraction_to_json(s.precision);
  out["recall"] = fraction_to_json(s.recall);
  out["lift"] = fraction_to_json(s.lift);
  out["f1"] = fraction_to_json(s.f1);
}

}  // namespace

Fraction make_fraction(std::int64_t num, std::int64_t den) {
  if (den == 0) return {};
  std::int64_t g = std::gcd(num, den);
  return {num / g, den / g};
}

std::int64_t scaled(Fraction f, int places) {
  if (!f.defined()) return 0;
  // Long division, one decimal at a time: the remainder stays below den, so no product
  // exceeds 10 den (BacktestLimits keeps den <= 1e16).
  std::int64_t out = f.num / f.den, rest = f.num % f.den;
  for (int i = 0; i < places; ++i) {
    rest *= 10;
    out = out * 10 + rest / f.den;
    rest %= f.den;
  }
  return 2 * rest >= f.den ? out + 1 : out;
}

std::string to_decimal(Fraction f, int places) {
  if (!f.defined()) return "-";
  std::int64_t unit = 1;
  for (int i = 0; i < places; ++i) unit *= 10;
  std::int64_t v = scaled(f, places);
  std::string out = std::to_string(v / unit);
  if (places > 0) out += "." + std::to_string(v % unit + unit).substr(1);
  return out;
}

OrderedJson fraction_to_json(Fraction f) {
  if (!f.defined()) return nullptr;
  // One correctly rounded IEEE division: the same double, hence the same text, everywhere.
  return OrderedJson(static_cast<double>(scaled(f, 4)) / 10000.0);
}

BacktestResult backtest(std::vector<Outcome> outcomes, const std::vector<Stage>& stages) {
  BacktestResult result;
  if (static_cast<std::int64_t>(outcomes.size()) > BacktestLimits::kMaxLeads) {
    result.errors.push_back({"", "at most " + std::to_string(BacktestLimits::kMaxLeads) +
                                     " leads can be backtested at once, got " +
                                     std::to_string(outcomes.size())});
    return result;
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    Milli score = outcomes[i].score;
    if (score > BacktestLimits::kMaxScore || score < -BacktestLimits::kMaxScore) {
      result.errors.push_back(
          {"[" + std::to_string(i) + "].score",
           "expected at most 1e15 points in magnitude, got " + milli_to_string(score)});
    }
  }
  if (!result.errors.empty()) return result;

  Sorted sorted(std::move(outcomes));
  BacktestReport r;
  r.leads = sorted.size();
  r.converted = sorted.converted();
  r.base_rate = make_fraction(r.converted, r.leads);
  r.auc = area_under_roc(sorted);
  if (r.leads > 0) {
    // The table ends at the score of the top 1% (the max below 100 leads): a few outliers
    // would otherwise stretch it with rows of one or two leads and coarsen its step.
    const auto& all = sorted.outcomes();
    std::size_t top_count = (all.size() + 99) / 100;
    Milli lowest = all.front().score, top = all[all.size() - top_count].score;
    r.step = table_step(lowest, top);
    for (Milli t = floor_div(lowest, r.step) * r.step; t <= top; t += r.step) {
      r.thresholds.push_back(sorted.at(t));
    }
  }
  for (const auto& stage : stages) {
    if (stage.min_score) r.stages.push_back({stage.id, sorted.at(*stage.min_score)});
  }
  if (r.leads == 0) {
    r.no_suggestion = "no leads in the history";
  } else if (r.converted == 0) {
    r.no_suggestion = "no lead converted: no threshold separates converters from the rest";
  } else if (r.converted == r.leads) {
    r.no_suggestion = "every lead converted: any threshold up to the lowest score is perfect";
  } else {
    r.suggested = suggest(sorted);
  }
  result.report = std::move(r);
  return result;
}

OrderedJson to_json(const BacktestReport& report) {
  OrderedJson out = OrderedJson::object();
  out["leads"] = report.leads;
  out["converted"] = report.converted;
  out["base_rate"] = fraction_to_json(report.base_rate);
  out["auc"] = fraction_to_json(report.auc);
  OrderedJson table = OrderedJson::object();
  table["rule"] = kThresholdRule;
  table["step"] = milli_to_json(report.step);
  table["rows"] = OrderedJson::array();
  for (const auto& s : report.thresholds) {
    OrderedJson row = OrderedJson::object();
    row["threshold"] = milli_to_json(s.threshold);
    put_figures(row, s);
    table["rows"].push_back(std::move(row));
  }
  out["thresholds"] = std::move(table);
  out["stages"] = OrderedJson::array();
  for (const auto& stage : report.stages) {
    OrderedJson row = OrderedJson::object();
    row["id"] = stage.id;
    row["threshold"] = milli_to_json(stage.stats.threshold);
    put_figures(row, stage.stats);
    out["stages"].push_back(std::move(row));
  }
  OrderedJson suggestion = OrderedJson::object();
  suggestion["criterion"] = kSuggestionCriterion;
  if (report.suggested) {
    suggestion["threshold"] = milli_to_json(report.suggested->threshold);
    put_figures(suggestion, *report.suggested);
  } else {
    suggestion["threshold"] = nullptr;
    suggestion["reason"] = report.no_suggestion;
  }
  out["suggested_mql"] = std::move(suggestion);
  return out;
}

}  // namespace magnete
