#pragma once
// The thresholds of a learned table, from the training leads' scores (kGradeCriterion,
// kMqlCriterion, kSqlCriterion in magnete/learn.hpp): grades from the fit subtotal, the mql
// threshold that backtest suggests, and the sql threshold above it.
#include "magnete/backtest.hpp"
#include "magnete/learn.hpp"

namespace magnete::learn {

/// Sets report.grades, report.mql and report.sql from the training leads.
void thresholds(const ScoredHistory& train, LearnReport& report);

}  // namespace magnete::learn
