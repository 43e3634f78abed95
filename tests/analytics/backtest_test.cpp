// Backtest metrics (DOMAIN §3.3: check that qualified leads really convert): AUC by the
// Mann-Whitney formula, precision / recall / lift / F1 at a threshold, the table of round
// thresholds, the suggested MQL threshold, and what comes out when a figure is undefined.
#include "magnete/backtest.hpp"

#include <gtest/gtest.h>

namespace magnete {
namespace {

constexpr Milli P(std::int64_t points) { return points * kMilli; }

// Shorthand: {score in points, converted}.
std::vector<Outcome> history(std::initializer_list<std::pair<double, bool>> rows) {
  std::vector<Outcome> out;
  for (const auto& [points, converted] : rows) {
    out.push_back({static_cast<Milli>(points * 1000.0), converted});
  }
  return out;
}

BacktestReport run(std::vector<Outcome> outcomes, const std::vector<Stage>& stages = {}) {
  BacktestResult result = backtest(std::move(outcomes), stages);
  EXPECT_TRUE(result.ok());
  return result.ok() ? *result.report : BacktestReport{};
}

Fraction F(std::int64_t num, std::int64_t den) { return make_fraction(num, den); }

TEST(Backtest, FractionsAreReducedAndRoundHalfUp) {
  EXPECT_EQ(F(6, 8), (Fraction{3, 4}));
  EXPECT_EQ(F(0, 5), (Fraction{0, 1}));
  EXPECT_FALSE(F(3, 0).defined());
  EXPECT_EQ(to_decimal(F(2, 3)), "0.6667");
  EXPECT_EQ(to_decimal(F(1, 3)), "0.3333");
  EXPECT_EQ(to_decimal(F(1, 20000)), "0.0001");  // exactly half: up
  EXPECT_EQ(to_decimal(F(1, 20001)), "0.0000");
  EXPECT_EQ(to_decimal(F(7, 2)), "3.5000");
  EXPECT_EQ(to_decimal(F(1, 0)), "-");
  EXPECT_EQ(fraction_to_json(F(2, 3)).dump(), "0.6667");
  EXPECT_EQ(fraction_to_json(F(1, 0)).dump(), "null");
}

TEST(Backtest, PerfectRankingHasAucOne) {
  BacktestReport r = run(history({{10, false}, {20, false}, {30, true}, {40, true}, {35, true}}));
  EXPECT_EQ(r.auc, F(1, 1));
  EXPECT_EQ(to_decimal(r.auc), "1.0000");
}

TEST(Backtest, ReversedRankingHasAucZero) {
  BacktestReport r = run(history({{10, true}, {20, true}, {30, false}, {40, false}}));
  EXPECT_EQ(r.auc, F(0, 1));
  EXPECT_EQ(to_decimal(r.auc), "0.0000");
}

TEST(Backtest, AllTiesHaveAucOneHalf) {
  BacktestReport r = run(history({{7, true}, {7, false}, {7, false}, {7, true}, {7, false}}));
  EXPECT_EQ(r.auc, F(1, 2));
}

TEST(Backtest, AucOfASmallCaseIsExact) {
  // Converted: 30, 20, 10. Not converted: 25, 20, 5, 5 (P = 3, N = 4, 12 pairs).
  //   30 beats all 4                     -> 4
  //   20 beats 5, 5; ties 20             -> 2 + 1/2
  //   10 beats 5, 5                      -> 2
  // U = 8.5, AUC = 8.5 / 12 = 17/24 = 0.708333...
  // Rank-sum check: mid-ranks 5,5 -> 1.5, 1.5; 10 -> 3; 20,20 -> 4.5, 4.5; 25 -> 6; 30 -> 7.
  // R(converted) = 3 + 4.5 + 7 = 14.5; U = 14.5 - 3*4/2 = 8.5.
  BacktestReport r = run(history(
      {{30, true}, {20, true}, {10, true}, {25, false}, {20, false}, {5, false}, {5, false}}));
  EXPECT_EQ(r.auc, F(17, 24));
  EXPECT_EQ(to_decimal(r.auc), "0.7083");
  EXPECT_EQ(r.leads, 7);
  EXPECT_EQ(r.converted, 3);
  EXPECT_EQ(r.base_rate, F(3, 7));
}

TEST(Backtest, FiguresAtAThresholdAreHandComputed) {
  // 10 leads, 4 converted (base rate 2/5). At or above 25: scores 25, 30, 40, 50, 60 of
  // which 30, 50 and 60 converted.
  //   precision = 3/5, recall = 3/4, lift = (3/5) / (2/5) = 3/2, F1 = 2*3 / (5 + 4) = 2/3.
  std::vector<Stage> stages(2);
  stages[0].id = "lead";  // no min_score: not reported
  stages[1].id = "mql";
  stages[1].min_score = P(25);
  BacktestReport r = run(history({{5, false},
                                  {10, true},
                                  {12, false},
                                  {18, false},
                                  {24, false},
                                  {25, false},
                                  {30, true},
                                  {40, false},
                                  {50, true},
                                  {60, true}}),
                         stages);
  EXPECT_EQ(r.base_rate, F(2, 5));
  ASSERT_EQ(r.stages.size(), 1u);
  EXPECT_EQ(r.stages[0].id, "mql");
  const ThresholdStats& s = r.stages[0].stats;
  EXPECT_EQ(s.threshold, P(25));
  EXPECT_EQ(s.leads, 5);
  EXPECT_EQ(s.converted, 3);
  EXPECT_EQ(s.precision, F(3, 5));
  EXPECT_EQ(s.recall, F(3, 4));
  EXPECT_EQ(s.lift, F(3, 2));
  EXPECT_EQ(s.f1, F(2, 3));
}

TEST(Backtest, ThresholdTableUsesTheSmallestRoundStepWithAtMost20Rows) {
  // Scores 3 .. 148 points: step 1, 2, 5 give 146, 74, 30 rows; step 10 gives 0..140, 15 rows.
  BacktestReport r = run(history({{3, false}, {148, true}, {77.5, true}, {40, false}}));
  EXPECT_EQ(r.step, P(10));
  ASSERT_EQ(r.thresholds.size(), 15u);
  EXPECT_EQ(r.thresholds.front().threshold, 0);
  EXPECT_EQ(r.thresholds.back().threshold, P(140));
  // The first row selects everyone: precision is the base rate, recall and lift are 1.
  EXPECT_EQ(r.thresholds.front().leads, 4);
  EXPECT_EQ(r.thresholds.front().precision, r.base_rate);
  EXPECT_EQ(r.thresholds.front().recall, F(1, 1));
  EXPECT_EQ(r.thresholds.front().lift, F(1, 1));
  // 80 and above: only 148.
  EXPECT_EQ(r.thresholds[8].threshold, P(80));
  EXPECT_EQ(r.thresholds[8].leads, 1);
  EXPECT_EQ(r.thresholds[8].recall, F(1, 2));
}

TEST(Backtest, ThresholdTableEndsAtTheTopOnePercent) {
  // 200 leads scoring 0 .. 99 (two each) and one outlier at 1000 points: ceil(201 / 100) = 3
  // leads make the top 1%, the 3rd highest scores 99, so the table spans 0 .. 99 (step 5,
  // 20 rows), not 0 .. 1000 (step 50), and its last row (>= 95) still holds 11 leads.
  std::vector<Outcome> outcomes;
  for (int i = 0; i < 200; ++i) outcomes.push_back({P(i / 2), i % 7 == 0});
  outcomes.push_back({P(1000), false});
  BacktestReport r = run(outcomes);
  EXPECT_EQ(r.step, P(5));
  ASSERT_EQ(r.thresholds.size(), 20u);
  EXPECT_EQ(r.thresholds.back().threshold, P(95));
  EXPECT_EQ(r.thresholds.back().leads, 11);
}

TEST(Backtest, ThresholdTableHandlesNegativeAndEqualScores) {
  BacktestReport negative = run(history({{-7, false}, {12, true}}));
  EXPECT_EQ(negative.step, P(1));  // -7 .. 12: 20 rows
  EXPECT_EQ(negative.thresholds.size(), 20u);
  EXPECT_EQ(negative.thresholds.front().threshold, P(-7));
  BacktestReport flat = run(history({{4.5, false}, {4.5, true}}));
  EXPECT_EQ(flat.step, P(1));
  ASSERT_EQ(flat.thresholds.size(), 1u);
  EXPECT_EQ(flat.thresholds[0].threshold, P(4));
  EXPECT_EQ(flat.thresholds[0].leads, 2);
}

TEST(Backtest, SuggestionMaximisesF1) {
  // Converted 4 of 8. Whole-point candidates and F1 = 2 tp / (leads + 4):
  //   >= 1: 8 leads, 4 tp -> 8/12 = 0.667     >= 7: 4 leads, 3 tp -> 6/8 = 0.75
  //   >= 2: 7 leads, 4 tp -> 8/11 = 0.727     >= 8: 3 leads, 2 tp -> 4/7 = 0.571
  //   >= 3: 6 leads, 3 tp -> 6/10 = 0.6       >= 9: 2 leads, 2 tp -> 4/6 = 0.667
  //   >= 5: 5 leads, 3 tp -> 6/9  = 0.667     >= 10: 1 lead, 1 tp -> 2/5 = 0.4
  BacktestReport r = run(history({{1, false},
                                  {2, true},
                                  {3, false},
                                  {5, false},
                                  {7, true},
                                  {8, false},
                                  {9, true},
                                  {10, true}}));
  ASSERT_TRUE(r.suggested.has_value());
  EXPECT_EQ(r.suggested->threshold, P(7));
  EXPECT_EQ(r.suggested->f1, F(3, 4));
  EXPECT_EQ(r.suggested->leads, 4);
  EXPECT_EQ(r.suggested->precision, F(3, 4));
  EXPECT_EQ(r.suggested->lift, F(3, 2));
}

TEST(Backtest, SuggestionTiesGoToTheHigherThreshold) {
  // Converted 2 of 4 (scores 1 and 4). F1 = 2 tp / (leads + 2):
  //   >= 1: 4 leads, 2 tp -> 4/6 = 2/3     >= 3: 2 leads, 1 tp -> 2/4 = 1/2
  //   >= 2: 3 leads, 1 tp -> 2/5           >= 4: 1 lead,  1 tp -> 2/3
  // 2/3 twice: the higher threshold, 4, wins.
  BacktestReport r = run(history({{1, true}, {2, false}, {3, false}, {4, true}}));
  ASSERT_TRUE(r.suggested.has_value());
  EXPECT_EQ(r.suggested->threshold, P(4));
  EXPECT_EQ(r.suggested->f1, F(2, 3));
  EXPECT_EQ(r.suggested->leads, 1);
}

TEST(Backtest, SuggestionIsTheHighestWholePointSelectingTheBestSet) {
  // Best set: the three converted leads at 7.5, 8.25 and 9.9 (F1 = 6/6 = 1). Any threshold
  // in (3, 7.5] selects it; the highest whole point doing so is 7 (the floor of 7.5).
  BacktestReport r = run(history({{2, false}, {3, false}, {7.5, true}, {8.25, true}, {9.9, true}}));
  ASSERT_TRUE(r.suggested.has_value());
  EXPECT_EQ(r.suggested->threshold, P(7));
  EXPECT_EQ(r.suggested->leads, 3);
  EXPECT_EQ(r.suggested->f1, F(1, 1));
}

TEST(Backtest, EmptyHistoryLeavesEveryRatioUndefined) {
  std::vector<Stage> stages(1);
  stages[0].id = "mql";
  stages[0].min_score = P(25);
  BacktestReport r = run({}, stages);
  EXPECT_EQ(r.leads, 0);
  EXPECT_EQ(r.converted, 0);
  EXPECT_FALSE(r.base_rate.defined());
  EXPECT_FALSE(r.auc.defined());
  EXPECT_EQ(r.step, 0);
  EXPECT_TRUE(r.thresholds.empty());
  ASSERT_EQ(r.stages.size(), 1u);  // the stage is still listed, with no leads at it
  EXPECT_EQ(r.stages[0].stats.leads, 0);
  EXPECT_FALSE(r.stages[0].stats.precision.defined());
  EXPECT_FALSE(r.stages[0].stats.recall.defined());
  EXPECT_FALSE(r.stages[0].stats.lift.defined());
  EXPECT_FALSE(r.stages[0].stats.f1.defined());
  EXPECT_FALSE(r.suggested.has_value());
  EXPECT_EQ(r.no_suggestion, "no leads in the history");
  OrderedJson json = to_json(r);
  EXPECT_TRUE(json["base_rate"].is_null());
  EXPECT_TRUE(json["auc"].is_null());
  EXPECT_TRUE(json["suggested_mql"]["threshold"].is_null());
  EXPECT_EQ(json["suggested_mql"]["reason"], "no leads in the history");
}

TEST(Backtest, NobodyConvertedGivesZeroRatesAndNoAuc) {
  BacktestReport r = run(history({{5, false}, {15, false}, {25, false}}));
  EXPECT_EQ(r.base_rate, F(0, 1));
  EXPECT_FALSE(r.auc.defined());  // no converted lead to rank against the others
  const ThresholdStats& all = r.thresholds.front();
  EXPECT_EQ(all.precision, F(0, 1));
  EXPECT_FALSE(all.recall.defined());  // 0 of 0 converters
  EXPECT_FALSE(all.lift.defined());    // a base rate of 0
  EXPECT_EQ(all.f1, F(0, 1));
  EXPECT_FALSE(r.suggested.has_value());
  EXPECT_NE(r.no_suggestion.find("no lead converted"), std::string::npos);
}

TEST(Backtest, EveryoneConvertedGivesRatesOfOneAndNoAuc) {
  BacktestReport r = run(history({{5, true}, {15, true}, {25, true}}));
  EXPECT_EQ(r.base_rate, F(1, 1));
  EXPECT_FALSE(r.auc.defined());                    // no non-converted lead to rank against
  const ThresholdStats& top = r.thresholds.back();  // >= 25
  EXPECT_EQ(top.leads, 1);
  EXPECT_EQ(top.precision, F(1, 1));
  EXPECT_EQ(top.recall, F(1, 3));
  EXPECT_EQ(top.lift, F(1, 1));
  EXPECT_EQ(top.f1, F(1, 2));
  EXPECT_FALSE(r.suggested.has_value());
  EXPECT_NE(r.no_suggestion.find("every lead converted"), std::string::npos);
}

TEST(Backtest, AThresholdAboveEveryScoreSelectsNobody) {
  std::vector<Stage> stages(1);
  stages[0].id = "sql";
  stages[0].min_score = P(100);
  BacktestReport r = run(history({{5, false}, {15, true}}), stages);
  const ThresholdStats& s = r.stages[0].stats;
  EXPECT_EQ(s.leads, 0);
  EXPECT_FALSE(s.precision.defined());
  EXPECT_FALSE(s.lift.defined());
  EXPECT_EQ(s.recall, F(0, 1));
  EXPECT_EQ(s.f1, F(0, 1));
}

TEST(Backtest, OrderOfTheInputDoesNotChangeTheBytes) {
  std::vector<Outcome> a = history({{3, true}, {9, false}, {9, true}, {1, false}, {12.5, true}});
  std::vector<Outcome> b(a.rbegin(), a.rend());
  EXPECT_EQ(to_json(run(a)).dump(), to_json(run(b)).dump());
}

TEST(Backtest, JsonHasTheStatedShape) {
  std::vector<Stage> stages(1);
  stages[0].id = "mql";
  stages[0].min_score = P(2);
  OrderedJson json = to_json(run(history({{1, true}, {2, false}, {3, false}, {4, true}}), stages));
  EXPECT_EQ(
      json.dump(),
      R"({"leads":4,"converted":2,"base_rate":0.5,"auc":0.5,)"
      R"("thresholds":{"rule":")" +
          std::string(kThresholdRule) +
          R"(","step":1,"rows":[)"
          R"({"threshold":1,"leads":4,"converted":2,"precision":0.5,"recall":1.0,"lift":1.0,"f1":0.6667},)"
          R"({"threshold":2,"leads":3,"converted":1,"precision":0.3333,"recall":0.5,"lift":0.6667,"f1":0.4},)"
          R"({"threshold":3,"leads":2,"converted":1,"precision":0.5,"recall":0.5,"lift":1.0,"f1":0.5},)"
          R"({"threshold":4,"leads":1,"converted":1,"precision":1.0,"recall":0.5,"lift":2.0,"f1":0.6667}]},)"
          R"("stages":[{"id":"mql","threshold":2,"leads":3,"converted":1,"precision":0.3333,)"
          R"("recall":0.5,"lift":0.6667,"f1":0.4}],)"
          R"("suggested_mql":{"criterion":")" +
          std::string(kSuggestionCriterion) +
          R"(","threshold":4,"leads":1,"converted":1,"precision":1.0,"recall":0.5,"lift":2.0,"f1":0.6667}})");
}

TEST(Backtest, RefusesScoresBeyondTheStatedLimit) {
  BacktestResult result = backtest({{0, true}, {BacktestLimits::kMaxScore + 1, false}}, {});
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].path, "[1].score");
}

}  // namespace
}  // namespace magnete
