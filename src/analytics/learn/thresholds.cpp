#include "learn/thresholds.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

namespace magnete::learn {

// Grades, bands and the two stage thresholds, from the training leads' scores.
void thresholds(const ScoredHistory& train, LearnReport& report) {
  auto floor_points = [](Milli v) {
    return (v >= 0 ? v / kMilli : -((-v + kMilli - 1) / kMilli)) * kMilli;
  };
  std::vector<Milli> fits = train.fits;
  std::sort(fits.begin(), fits.end(), std::greater<>());
  const std::pair<const char*, std::int64_t> shares[] = {
      {"A", 10}, {"B", 25}, {"C", 50}, {"D", 75}};
  std::optional<Milli> previous;
  for (const auto& [grade, percent] : shares) {
    if (fits.empty()) break;
    std::size_t rank = (fits.size() * static_cast<std::size_t>(percent) + 99) / 100;
    Milli at = floor_points(fits[std::max<std::size_t>(rank, 1) - 1]);
    if (previous && at >= *previous) continue;
    report.grades.emplace_back(grade, at);
    previous = at;
  }
  if (report.grades.empty()) report.grades.emplace_back("A", 0);

  BacktestResult bt = backtest(train.outcomes, {});
  report.mql = bt.ok() && bt.report->suggested ? bt.report->suggested->threshold : 0;
  std::vector<Outcome> sorted = train.outcomes;
  std::sort(sorted.begin(), sorted.end(),
            [](const Outcome& a, const Outcome& b) { return a.score > b.score; });
  std::int64_t mql_leads = 0, mql_converted = 0;
  for (const auto& o : sorted) {
    if (o.score < report.mql) break;
    ++mql_leads;
    mql_converted += o.converted ? 1 : 0;
  }
  // kSqlCriterion: precision c/l >= (1 + C/L) / 2 with C/L mql's  <=>  2 c L >= (L + C) l.
  // Walking down the scores, the lowest such whole-point threshold above mql wins.
  std::optional<Milli> sql;
  std::int64_t leads = 0, converted = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    Milli t = floor_points(sorted[i].score);
    for (; i < sorted.size() && floor_points(sorted[i].score) == t; ++i) {
      ++leads;
      converted += sorted[i].converted ? 1 : 0;
    }
    if (t > report.mql && 2 * converted * mql_leads >= (mql_leads + mql_converted) * leads) sql = t;
  }
  if (!sql && !sorted.empty()) sql = floor_points(sorted[(sorted.size() - 1) / 10].score);
  report.sql = std::max(sql.value_or(report.mql + kMilli), report.mql + kMilli);
}

}  // namespace magnete::learn
