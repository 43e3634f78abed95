// The banding maths of the learner (src/analytics/learn/bands.cpp), tested directly: round
// edges, quantile bands and coarse classing, on values whose answer is known.
#include "learn/bands.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

namespace magnete::learn {
namespace {

constexpr Milli k = kMilli;

TEST(Bands, RoundestBetweenPicksTheRoundestNumberInTheInterval) {
  EXPECT_EQ(roundest_between(3 * k, 17 * k, false), 10 * k);      // a decade inside
  EXPECT_EQ(roundest_between(12 * k, 17 * k, false), 15 * k);     // else a half decade
  EXPECT_EQ(roundest_between(101 * k, 149 * k, false), 125 * k);  // else a quarter
  EXPECT_EQ(roundest_between(0, 999 * k, false), 500 * k);
  EXPECT_EQ(roundest_between(-7 * k, -3 * k, false), -5 * k);      // floors below zero too
  EXPECT_EQ(roundest_between(1500, 1700, false), 1600);            // 1.5 -> 1.7: 1.6
  EXPECT_EQ(roundest_between(1500, 1700, true), std::nullopt);     // counts: no whole number
  EXPECT_EQ(roundest_between(2 * k, 3 * k, true), 3 * k);          // (a, b]: b itself
  EXPECT_EQ(roundest_between(5 * k, 5 * k, false), std::nullopt);  // empty
}

TEST(Bands, QuantileEdgesAreRoundAndLeaveNoBandBelowTheMinimum) {
  std::vector<Milli> values;
  for (Milli v = 1; v <= 100; ++v) values.push_back(v * k);  // 1..100
  std::vector<Milli> quartiles = quantile_edges(values, 4, 1, true);
  EXPECT_EQ(quartiles, (std::vector<Milli>{25 * k, 50 * k, 75 * k}));
  // Bands of at least 40 values: only one edge can stay.
  std::vector<Milli> two = quantile_edges(values, 4, 40, true);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0], 50 * k);
  EXPECT_TRUE(quantile_edges({}, 4, 1, true).empty());
}

TEST(Bands, AMassOfEqualValuesGetsARoundEdgeCloseToIt) {
  // 60 zeros, then 1..40: the quantiles all fall in the zeros, yet the zeros get a band of
  // their own, closed by a round edge a few values above them ([0, 5): slack of n / 4 bands).
  std::vector<Milli> values(60, 0);
  for (Milli v = 1; v <= 40; ++v) values.push_back(v * k);
  EXPECT_EQ(quantile_edges(values, 5, 5, true), (std::vector<Milli>{5 * k, 25 * k}));
}

TEST(Bands, LogLikelihoodOfABinomialAtItsOwnRate) {
  EXPECT_EQ(log_likelihood(10, 0), 0.0);
  EXPECT_EQ(log_likelihood(10, 10), 0.0);
  EXPECT_NEAR(log_likelihood(4, 2), 4 * std::log(0.5), 1e-12);
  EXPECT_NEAR(log_likelihood(10, 3), 3 * std::log(0.3) + 7 * std::log(0.7), 1e-12);
}

// Coarse classing: neighbours whose conversion rates do not differ at 5% are merged, and no
// more than `bands` remain.
TEST(Bands, CoarseClassingMergesBandsThatConvertAlike) {
  std::vector<std::pair<Milli, bool>> same;  // 1..200, every fourth converted: one rate
  for (Milli v = 1; v <= 200; ++v) same.emplace_back(v * k, v % 4 == 0);
  EXPECT_TRUE(band_edges(same, 6, 10, true).empty());

  std::vector<std::pair<Milli, bool>> step;  // below 100 none converts, from 100 all do
  for (Milli v = 1; v <= 200; ++v) step.emplace_back(v * k, v >= 100);
  std::vector<Milli> edges = band_edges(step, 6, 10, true);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0], 100 * k);

  // Three rates, 0% to 100, 50% to 200, 100% above: the fine bands of 15 values that straddle
  // 100 and 200 convert at a rate of their own, so they stay; the rest merges.
  std::vector<std::pair<Milli, bool>> stairs;
  for (Milli v = 1; v <= 300; ++v) stairs.emplace_back(v * k, v > 200 || (v > 100 && v % 2 == 0));
  EXPECT_EQ(band_edges(stairs, 6, 10, true),
            (std::vector<Milli>{90 * k, 105 * k, 195 * k, 210 * k}));
  EXPECT_EQ(band_edges(stairs, 2, 10, true).size(), 1u) << "at most `bands` bands";
}

}  // namespace
}  // namespace magnete::learn
