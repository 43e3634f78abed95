#include "learn/logistic.hpp"

#include <cmath>

namespace magnete::learn {
namespace {

double sigmoid(double z) { return 1.0 / (1.0 + exp_deterministic(-z)); }

double log1p_exp(double z) { return z > 35 ? z : log_deterministic(1.0 + exp_deterministic(z)); }

// Cholesky factor L of a symmetric positive definite A (row-major n x n, in place: the lower
// triangle becomes L); false when A is not positive definite.
bool cholesky(std::vector<double>& a, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);  // sqrt is correctly rounded by IEEE 754: the same bits everywhere
    a[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / d;
    }
  }
  return true;
}

// Solves L L^T x = b in place, L from cholesky().
void cholesky_solve(const std::vector<double>& l, std::vector<double>& b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    double v = b[i];
    for (std::size_t k = 0; k < i; ++k) v -= l[i * n + k] * b[k];
    b[i] = v / l[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {
    double v = b[i];
    for (std::size_t k = i + 1; k < n; ++k) v -= l[k * n + i] * b[k];
    b[i] = v / l[i * n + i];
  }
}

}  // namespace

double exp_deterministic(double x) {
  if (x > 700) x = 700;
  if (x < -700) x = -700;
  // x = k ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 in two parts keeps r exact enough),
  // e^r by its Taylor series to r^16 (error below 1e-17 on that range), e^x = 2^k e^r.
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  double k = std::floor(x * kInvLn2 + 0.5);
  double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0;
  for (int n = 16; n >= 1; --n) p = 1.0 + p * r / n;
  return std::ldexp(p, static_cast<int>(k));
}

double log_deterministic(double x) {
  // x = m 2^k with m in [1/sqrt2, sqrt2): log x = k log 2 + 2 atanh(s), s = (m-1)/(m+1),
  // |s| < 0.172, whose odd series to s^39 is exact to double precision.
  int k = 0;
  double m = std::frexp(x, &k);  // m in [0.5, 1): exact
  if (m < 0.70710678118654752440) {
    m *= 2;
    --k;
  }
  double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
  for (int n = 1; n < 40; n += 2, term *= s2) sum += term / n;
  return k * 0.69314718055994530942 + 2 * sum;
}

LogisticModel fit_logistic(const Design& design, double l2) {
  const std::size_t d = design.features, n = d + 1;  // index d: the intercept
  LogisticModel model;
  std::vector<double> w(n, 0.0);
  std::size_t positives = 0;
  for (bool p : design.positive) positives += p ? 1 : 0;
  std::size_t rows = design.active.size();
  if (rows > 0 && positives > 0 && positives < rows) {
    // Start from the base rate: the intercept whose sigmoid it is, by bisection.
    double rate = static_cast<double>(positives) / static_cast<double>(rows);
    double lo = -30, hi = 30;
    for (int i = 0; i < 100; ++i) {
      double mid = (lo + hi) / 2;
      (sigmoid(mid) < rate ? lo : hi) = mid;
    }
    w[d] = (lo + hi) / 2;
  }
  auto objective = [&](const std::vector<double>& v) {
    double total = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      double z = v[d];
      for (auto j : design.active[r]) z += v[j];
      // -log L for one row: log(1 + e^z) - y z
      total += log1p_exp(z) - (design.positive[r] ? z : 0.0);
    }
    for (std::size_t j = 0; j < d; ++j) total += 0.5 * l2 * v[j] * v[j];
    return total;
  };
  // The Hessian of the objective at v and its gradient.
  auto derivatives = [&](const std::vector<double>& v, std::vector<double>& hessian,
                         std::vector<double>& gradient) {
    hessian.assign(n * n, 0.0);
    gradient.assign(n, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto& act = design.active[r];
      double z = v[d];
      for (auto j : act) z += v[j];
      double p = sigmoid(z), g = p - (design.positive[r] ? 1.0 : 0.0), h = p * (1 - p);
      gradient[d] += g;
      hessian[d * n + d] += h;
      for (auto j : act) {
        gradient[j] += g;
        hessian[j * n + d] += h;
        hessian[d * n + j] += h;
        for (auto k : act) hessian[j * n + k] += h;
      }
    }
    for (std::size_t j = 0; j < d; ++j) {
      gradient[j] += l2 * v[j];
      hessian[j * n + j] += l2;
    }
    hessian[d * n + d] += 1e-9;  // a history of one class still gives a solvable system
  };
  double current = objective(w);
  std::vector<double> hessian, gradient;
  for (model.iterations = 0; model.iterations < 100; ++model.iterations) {
    derivatives(w, hessian, gradient);
    if (!cholesky(hessian, n)) break;
    std::vector<double> step = gradient;
    cholesky_solve(hessian, step, n);
    // Newton step, halved until the objective does not rise (it is convex: a few at most).
    double scale = 1.0, next = current;
    std::vector<double> trial(n);
    for (int halving = 0; halving < 30; ++halving, scale /= 2) {
      for (std::size_t j = 0; j < n; ++j) trial[j] = w[j] - scale * step[j];
      next = objective(trial);
      if (next <= current) break;
    }
    if (next > current) break;
    double largest = 0;
    for (std::size_t j = 0; j < n; ++j) largest = std::fmax(largest, std::fabs(scale * step[j]));
    w = trial;
    bool done = current - next < 1e-10 * (1 + current) || largest < 1e-9;
    current = next;
    if (done) {
      model.converged = true;
      ++model.iterations;
      break;
    }
  }
  // Standard errors: the square roots of the diagonal of the inverse Hessian at the optimum.
  model.standard_errors.assign(d, 0.0);
  derivatives(w, hessian, gradient);
  if (cholesky(hessian, n)) {
    for (std::size_t j = 0; j < d; ++j) {
      std::vector<double> unit(n, 0.0);
      unit[j] = 1.0;
      cholesky_solve(hessian, unit, n);
      model.standard_errors[j] = std::sqrt(std::fmax(unit[j], 0.0));
    }
  }
  model.intercept = w[d];
  model.weights.assign(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(d));
  return model;
}

}  // namespace magnete::learn
