#pragma once
// Ridge-penalised logistic regression on one-hot (0/1) features, by Newton's method, with no
// libm: exp is computed here from IEEE +, *, / and exact scalings, so a fit gives the same bits
// on every platform (DESIGN: the core uses no libm transcendentals).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace magnete::learn {

/// e^x to within a few ulps for |x| <= 700 (clamped beyond), from +, *, / and ldexp only.
double exp_deterministic(double x);

/// The natural logarithm of x > 0, from +, *, / and exact scalings only.
double log_deterministic(double x);

/// Training data: for each row the indices of its features that are 1, and its label.
struct Design {
  std::size_t features = 0;
  std::vector<std::vector<std::uint32_t>> active;
  std::vector<bool> positive;
};

struct LogisticModel {
  double intercept = 0;
  std::vector<double> weights;          ///< one per feature
  std::vector<double> standard_errors;  ///< of each weight (inverse Hessian), for Wald tests
  std::size_t iterations = 0;
  bool converged = false;
};

/// Minimises -log-likelihood + l2/2 |w|^2 (the intercept is not penalised).
LogisticModel fit_logistic(const Design& design, double l2);

}  // namespace magnete::learn
