#pragma once
// Exponential decay of points by age, in integers only (DESIGN: parity rule, no libm).
#include "magnete/fixed.hpp"
#include "magnete/time.hpp"

namespace magnete::scoring {

/// 2^(-age/half_life) in Q30 (1 << 30 = 1.0); relative error below 1e-5.
std::int64_t decay_factor_q30(TimeMs age, TimeMs half_life);
/// points * 2^(-age/half_life), rounded half away from zero; half_life 0 means no decay.
/// |points| must be at most 1e9 milli (campaign limit) so the product fits 64 bits.
Milli decay(Milli points, TimeMs age, TimeMs half_life);

}  // namespace magnete::scoring
