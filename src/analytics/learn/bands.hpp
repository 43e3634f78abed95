#pragma once
// Bands of a number column or an event count, as the learner cuts them (learner.cpp): round
// edges near the quantiles, then coarse classing, as credit scorecards do it. Pure functions of
// sorted values, tested directly (tests/analytics/bands_test.cpp).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "magnete/fixed.hpp"

namespace magnete::learn {

/// Quantile bands before coarse classing.
inline constexpr std::size_t kFineBands = 20;
/// Chi-square with 1 degree of freedom at 5%: two neighbouring bands whose likelihood ratio
/// stays below it do not differ significantly.
inline constexpr double kChiSquare95 = 3.841459;

/// The roundest number in (a, b]: the largest step of 10^k, 5 10^(k-1), 2.5 10^(k-1) (in
/// thousandths) with a multiple there, and the smallest such multiple. `whole`: steps of at
/// least 1 (counts). nullopt when the interval is empty.
std::optional<Milli> roundest_between(Milli a, Milli b, bool whole);

/// Round band edges for sorted values: near each quantile k/bands, the roundest number that
/// splits the values close to it; a run of equal values (a mass, such as the zeros) gets a
/// round edge close to each side. Bands with fewer than min_leads values are merged away.
/// Band k is [edges[k-1], edges[k]).
std::vector<Milli> quantile_edges(const std::vector<Milli>& sorted, std::size_t bands,
                                  std::size_t min_leads, bool whole);

/// Binomial log-likelihood of c conversions among n leads at their own rate.
double log_likelihood(std::int64_t n, std::int64_t c);

/// Coarse classing of sorted (value, converted) pairs: fine round bands (kFineBands quantiles),
/// then the two neighbours whose conversion rates differ least (the smallest loss of
/// log-likelihood) are merged, while there are more than `bands` or the two do not differ
/// significantly (a likelihood-ratio test at 5%: 2 dLL < kChiSquare95).
std::vector<Milli> band_edges(const std::vector<std::pair<Milli, bool>>& sorted, std::size_t bands,
                              std::size_t min_leads, bool whole);

}  // namespace magnete::learn
