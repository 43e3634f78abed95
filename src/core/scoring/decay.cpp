#include "scoring/decay.hpp"

namespace magnete::scoring {
namespace {

// round(2^(-k/64) * 2^30) for k = 0..64, computed once offline (python: 2**(-k/64) * 2**30).
constexpr std::int64_t kPow2NegQ30[65] = {
    1073741824, 1062175491, 1050733751, 1039415261, 1028218693, 1017142735, 1006186087, 995347464,
    984625594,  974019220,  963527098,  953147997,  942880699,  932724001,  922676710,  912737649,
    902905651,  893179563,  883558244,  874040567,  864625413,  855311680,  846098274,  836984114,
    827968132,  819049271,  810226483,  801498734,  792865000,  784324269,  775875538,  767517817,
    759250125,  751071493,  742980960,  734977579,  727060411,  719228525,  711481005,  703816941,
    696235434,  688735596,  681316545,  673977412,  666717336,  659535466,  652430958,  645402981,
    638450708,  631573326,  624770026,  618040012,  611382493,  604796689,  598281827,  591837143,
    585461881,  579155293,  572916640,  566745190,  560640218,  554601009,  548626854,  542717053,
    536870912};

}  // namespace

std::int64_t decay_factor_q30(TimeMs age, TimeMs half_life) {
  constexpr std::int64_t kOne = std::int64_t{1} << 30;
  if (half_life <= 0 || age <= 0) return kOne;
  if (age / half_life >= 40) return 0;  // below 2^-40: nothing left of any allowed value
  // Age in half-lives, 16.16 fixed point: age < 40 half-lives of at most 10 years (the
  // campaign limit) is below 2^44 ms, so the shift stays inside 64 bits.
  std::int64_t q = (age << 16) / half_life;
  std::int64_t whole = q >> 16, fraction = q & 0xFFFF;
  std::int64_t index = fraction >> 10, rest = fraction & 1023;
  std::int64_t hi = kPow2NegQ30[index], lo = kPow2NegQ30[index + 1];
  std::int64_t value = hi - (((hi - lo) * rest + 512) >> 10);
  return value >> whole;
}

Milli decay(Milli points, TimeMs age, TimeMs half_life) {
  if (half_life <= 0) return points;
  std::int64_t factor = decay_factor_q30(age, half_life);
  std::int64_t magnitude = points < 0 ? -points : points;
  std::int64_t scaled = (magnitude * factor + (std::int64_t{1} << 29)) >> 30;
  return points < 0 ? -scaled : scaled;
}

}  // namespace magnete::scoring
