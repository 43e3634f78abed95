#include "learn/bands.hpp"

#include <algorithm>
#include <set>

#include "learn/logistic.hpp"

namespace magnete::learn {

// The roundest number in (a, b]: the largest step of 10^k, 5 10^(k-1), 2.5 10^(k-1) (in
// thousandths) with a multiple there, and the smallest such multiple. `whole`: steps of at
// least 1 (counts). nullopt when the interval is empty.
std::optional<Milli> roundest_between(Milli a, Milli b, bool whole) {
  if (b <= a) return std::nullopt;
  for (Milli decade = 1'000'000'000'000'000; decade >= 1; decade /= 10) {
    for (Milli step : {decade, decade / 2, decade / 4}) {
      if (step < 1 || (whole && step % kMilli != 0) || (step == decade / 4 && decade % 4 != 0))
        continue;
      Milli q = a / step;
      if (a < 0 && a % step != 0) --q;  // floor
      Milli candidate = (q + 1) * step;
      if (candidate <= b) return candidate;
    }
  }
  return std::nullopt;
}

// Round band edges for sorted values: near each quantile k/bands, the roundest number that
// splits the values close to it; a run of equal values (a mass, such as the zeros) gets a
// round edge close to each side. Bands with fewer than min_leads values are merged away.
std::vector<Milli> quantile_edges(const std::vector<Milli>& sorted, std::size_t bands,
                                  std::size_t min_leads, bool whole) {
  std::set<Milli> edges;
  std::size_t n = sorted.size();
  if (n == 0) return {};
  std::size_t slack = n / (4 * bands);
  // Around a mass of equal values: the value `slack` ranks before its first (after its last),
  // so the edge beside it can be round even when the nearest other value is not.
  auto before_mass = [&](std::size_t i) -> std::optional<Milli> {
    auto first = static_cast<std::size_t>(
        std::lower_bound(sorted.begin(), sorted.end(), sorted[i]) - sorted.begin());
    if (first == 0) return std::nullopt;
    return sorted[first > slack ? first - 1 - slack : 0];
  };
  auto after_mass = [&](std::size_t i) -> std::optional<Milli> {
    auto end = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), sorted[i]) -
                                        sorted.begin());
    if (end == n) return std::nullopt;
    return sorted[std::min(n - 1, end + slack)];
  };
  for (std::size_t k = 1; k < bands; ++k) {
    std::size_t r = k * n / bands;
    std::size_t lo = r > slack ? r - slack : 0, hi = std::min(n - 1, r + slack);
    if (sorted[lo] < sorted[hi]) {
      if (auto e = roundest_between(sorted[lo], sorted[hi], whole)) edges.insert(*e);
      continue;
    }
    if (auto before = before_mass(lo)) {
      if (auto e = roundest_between(*before, sorted[lo], whole)) edges.insert(*e);
    }
    if (auto after = after_mass(hi)) {
      if (auto e = roundest_between(sorted[hi], *after, whole)) edges.insert(*e);
    }
  }
  std::vector<Milli> out(edges.begin(), edges.end());
  // Merge the smallest band into its smaller neighbour until every band is big enough.
  for (;;) {
    std::vector<std::size_t> c(out.size() + 1, 0);
    for (Milli v : sorted)
      c[static_cast<std::size_t>(std::upper_bound(out.begin(), out.end(), v) - out.begin())] += 1;
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < c.size(); ++i) {
      if (c[i] < c[smallest]) smallest = i;
    }
    if (out.empty() || c[smallest] >= min_leads) break;
    std::size_t edge;  // left of band i is out[i-1], right is out[i]
    if (smallest == 0)
      edge = 0;
    else if (smallest == c.size() - 1)
      edge = out.size() - 1;
    else
      edge = c[smallest - 1] <= c[smallest + 1] ? smallest - 1 : smallest;
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(edge));
  }
  return out;
}

// Binomial log-likelihood of c conversions among n leads at their own rate.
double log_likelihood(std::int64_t n, std::int64_t c) {
  double out = 0;
  if (c > 0)
    out +=
        static_cast<double>(c) * log_deterministic(static_cast<double>(c) / static_cast<double>(n));
  if (n > c)
    out += static_cast<double>(n - c) *
           log_deterministic(static_cast<double>(n - c) / static_cast<double>(n));
  return out;
}

// Coarse classing, as credit scorecards do it: fine round bands (20 quantiles), then the two
// neighbours whose conversion rates differ least (the smallest loss of log-likelihood) are
// merged, while there are more than `bands` or the two do not differ significantly (a
// likelihood-ratio test at 5%: 2 dLL < 3.84).
std::vector<Milli> band_edges(const std::vector<std::pair<Milli, bool>>& sorted, std::size_t bands,
                              std::size_t min_leads, bool whole) {
  std::vector<Milli> values;
  for (const auto& v : sorted) values.push_back(v.first);
  std::vector<Milli> edges = quantile_edges(values, kFineBands, min_leads, whole);
  for (;;) {
    std::vector<std::int64_t> n(edges.size() + 1, 0), c(edges.size() + 1, 0);
    for (const auto& [v, converted] : sorted) {
      auto band =
          static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
      n[band] += 1;
      c[band] += converted ? 1 : 0;
    }
    if (edges.empty()) break;
    std::size_t best = 0;
    double best_loss = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
      double loss = log_likelihood(n[i], c[i]) + log_likelihood(n[i + 1], c[i + 1]) -
                    log_likelihood(n[i] + n[i + 1], c[i] + c[i + 1]);
      if (i == 0 || loss < best_loss) {
        best = i;
        best_loss = loss;
      }
    }
    if (edges.size() + 1 <= bands && 2 * best_loss >= kChiSquare95) break;
    edges.erase(edges.begin() + static_cast<std::ptrdiff_t>(best));
  }
  return edges;
}

}  // namespace magnete::learn
