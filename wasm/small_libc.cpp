// Smaller stand-ins for two C library functions, linked into the wasm builds only (both the
// shipped web module and the node module the parity tests run, so the tests exercise them).
// Their only callers are nlohmann_json's lexer and serializer. Emscripten's musl versions
// work in 128-bit long double: printf's float formatting and strtod's decimal conversion
// pull in ~5 KB (gzip) of software floating point that a JSON number never needs.
//
// - snprintf: integers only ("\\u%04x", "<U+%.4X>" are nlohmann's only formats). Any other
//   conversion (%f, %g, %s, %c, ...) is refused: it returns -1 and leaves an empty string,
//   so a new caller that needs one fails visibly in the tests.
// - strtod: musl's decimal algorithm (src/internal/floatscan.c, decfloat) as musl builds it
//   where long double is double, so the result is the same correctly rounded double. Hex
//   floats ("0x1p3") are not read: they parse as the "0" before the 'x'.
// - strtof, strtold: libc++'s std::stof and std::stold name them (string.o, which also holds
//   std::to_string), so musl's strtod.o would come in with its own strtod. Nothing calls
//   them: they trap rather than round twice.
//
// strtod is derived from musl libc, Copyright (c) 2005-2020 Rich Felker, et al., MIT
// licence (https://git.musl-libc.org/cgit/musl/tree/COPYRIGHT).
#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace {

// ---- snprintf -------------------------------------------------------------------------

static_assert(sizeof(long) == sizeof(int), "wasm32: %ld reads an int");

struct Out {
  char* s;
  std::size_t n;
  std::size_t len = 0;
  void put(char c) {
    if (len + 1 < n) s[len] = c;
    ++len;
  }
  void fill(char c, int count) {
    for (; count > 0; --count) put(c);
  }
};

// %[-0+ ][width][.precision][hh|h|l|ll|j|z|t](d|i|u|x|X) and %%; anything else is refused.
int format(char* s, std::size_t n, const char* fmt, va_list ap) {
  Out out{s, n};
  for (const char* p = fmt; *p; ++p) {
    if (*p != '%' || *++p == '%') {
      out.put(*p);
      continue;
    }
    bool left = false, zero = false, plus = false, space = false;
    for (;; ++p) {
      if (*p == '-')
        left = true;
      else if (*p == '0')
        zero = true;
      else if (*p == '+')
        plus = true;
      else if (*p == ' ')
        space = true;
      else
        break;
    }
    int width = 0, precision = -1;
    for (; *p >= '0' && *p <= '9'; ++p) width = width * 10 + (*p - '0');
    if (*p == '.') {
      precision = 0;
      for (++p; *p >= '0' && *p <= '9'; ++p) precision = precision * 10 + (*p - '0');
    }
    int wide = 0, narrow = 0;  // ll, j: 64 bits (l, z, t: 32 bits here); h: short, hh: char
    for (;; ++p) {
      if (*p == 'h')
        ++narrow;
      else if (*p == 'l')
        ++wide;
      else if (*p == 'j')
        wide = 2;
      else if (*p != 'z' && *p != 't')
        break;
    }
    char conv = *p;
    bool is_signed = conv == 'd' || conv == 'i';
    unsigned base = conv == 'x' || conv == 'X' ? 16 : 10;
    if (!is_signed && conv != 'u' && base != 16) {  // floats, strings, %c, %n, %p, %o, ...
      if (n > 0) s[0] = '\0';
      return -1;
    }
    std::int64_t value;  // the argument, sign-extended when signed
    if (wide >= 2) {
      value = is_signed ? va_arg(ap, long long)
                        : static_cast<std::int64_t>(va_arg(ap, unsigned long long));
    } else {
      value = is_signed ? va_arg(ap, int) : static_cast<std::int64_t>(va_arg(ap, unsigned int));
    }
    if (narrow == 1)
      value = is_signed ? static_cast<short>(value) : static_cast<unsigned short>(value);
    if (narrow >= 2)
      value = is_signed ? static_cast<signed char>(value) : static_cast<unsigned char>(value);
    bool negative = is_signed && value < 0;
    std::uint64_t magnitude = static_cast<std::uint64_t>(value);
    if (negative) magnitude = 0 - magnitude;
    const char* digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char buffer[24];
    int size = 0;
    for (std::uint64_t v = magnitude; v != 0; v /= base) buffer[size++] = digits[v % base];
    if (precision < 0 && magnitude == 0) buffer[size++] = '0';  // but "%.0d" of 0 is ""
    int zeros = precision > size ? precision - size : 0;
    char sign = negative ? '-' : plus && is_signed ? '+' : space && is_signed ? ' ' : 0;
    int body = size + zeros + (sign ? 1 : 0);
    int pad = width > body ? width - body : 0;
    if (zero && !left && precision < 0) zeros += pad, pad = 0;
    if (!left) out.fill(' ', pad);
    if (sign) out.put(sign);
    out.fill('0', zeros);
    while (size > 0) out.put(buffer[--size]);
    if (left) out.fill(' ', pad);
  }
  if (n > 0) s[out.len < n ? out.len : n - 1] = '\0';
  return out.len > INT_MAX ? -1 : static_cast<int>(out.len);
}

// ---- strtod: musl's decfloat with LDBL_MANT_DIG == 53 ---------------------------------

constexpr int kB1bDig = 2;                                 // base-1e9 digits in a double's mantissa
constexpr std::uint32_t kB1bMax[] = {9007199, 254740991};  // 2^53 - 1 in base 1e9
constexpr int kMax = 128;
constexpr int kMask = kMax - 1;

bool is_digit(int c) { return static_cast<unsigned>(c - '0') < 10U; }

// The exponent after 'e': digits with an optional sign, or LLONG_MIN (nothing is read).
long long scan_exponent(const char*& p) {
  const char* q = p;
  bool negative = false;
  if (*q == '+' || *q == '-') negative = *q++ == '-';
  if (!is_digit(*q)) return LLONG_MIN;
  int x = 0;
  for (; is_digit(*q) && x < INT_MAX / 10; ++q) x = 10 * x + (*q - '0');
  long long y = x;
  for (; is_digit(*q) && y < LLONG_MAX / 100; ++q) y = 10 * y + (*q - '0');
  for (; is_digit(*q); ++q) {
  }
  p = q;
  return negative ? -y : y;
}

// Reads decimal digits from p (moving it past what was read); 0 with p unmoved if none.
double decfloat(const char*& p, int bits, int emin, int sign) {
  std::uint32_t x[kMax];
  int i, j, k, a, z;
  long long lrp = 0, dc = 0;
  long long e10 = 0;
  long long lnz = 0;
  bool gotdig = false, gotrad = false;
  int rp;
  int e2;
  const int emax = -emin - bits + 3;
  bool denormal = false;
  double y;
  double frac = 0;
  double bias = 0;
  static const int p10s[] = {10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  const char* start = p;
  const char* q = p;
  int c = *q;

  j = 0;
  k = 0;

  // Leading zeros take no buffer space.
  for (; c == '0'; c = *++q) gotdig = true;
  if (c == '.') {
    gotrad = true;
    for (c = *++q; c == '0'; c = *++q) gotdig = true, lrp--;
  }

  x[0] = 0;
  for (; is_digit(c) || c == '.'; c = *++q) {
    if (c == '.') {
      if (gotrad) break;
      gotrad = true;
      lrp = dc;
    } else if (k < kMax - 3) {
      dc++;
      if (c != '0') lnz = dc;
      if (j)
        x[k] = x[k] * 10 + static_cast<std::uint32_t>(c - '0');
      else
        x[k] = static_cast<std::uint32_t>(c - '0');
      if (++j == 9) {
        k++;
        j = 0;
      }
      gotdig = true;
    } else {
      dc++;
      if (c != '0') {
        lnz = (kMax - 4) * 9;
        x[kMax - 4] |= 1;
      }
    }
  }
  if (!gotrad) lrp = dc;

  if (gotdig && (c | 32) == 'e') {
    const char* after_e = q + 1;
    e10 = scan_exponent(after_e);
    if (e10 == LLONG_MIN) {
      e10 = 0;  // "1e" or "1e+": the number ends before the 'e'
    } else {
      q = after_e;
    }
    lrp += e10;
  }
  if (!gotdig) {
    errno = EINVAL;
    p = start;
    return 0;
  }
  p = q;

  // Zero is special: it would need care below.
  if (!x[0]) return sign * 0.0;

  // Small integers (no exponent), overflow and underflow.
  if (lrp == dc && dc < 10 && (bits > 30 || x[0] >> bits == 0))
    return sign * static_cast<double>(x[0]);
  if (lrp > -emin / 2) {
    errno = ERANGE;
    return sign * DBL_MAX * DBL_MAX;
  }
  if (lrp < emin - 2 * DBL_MANT_DIG) {
    errno = ERANGE;
    return sign * DBL_MIN * DBL_MIN;
  }

  // Align an incomplete last base-1e9 digit.
  if (j) {
    for (; j < 9; j++) x[k] *= 10;
    k++;
    j = 0;
  }

  a = 0;
  z = k;
  e2 = 0;
  rp = static_cast<int>(lrp);

  // Small to mid-size integers, even in exponent notation.
  if (lnz < 9 && lnz <= rp && rp < 18) {
    if (rp == 9) return sign * static_cast<double>(x[0]);
    if (rp < 9) return sign * static_cast<double>(x[0]) / p10s[8 - rp];
    int bitlim = bits - 3 * (rp - 9);
    if (bitlim > 30 || x[0] >> bitlim == 0) return sign * static_cast<double>(x[0]) * p10s[rp - 10];
  }

  // Drop trailing zeros.
  for (; !x[z - 1]; z--) {
  }

  // Align the radix point to a base-1e9 digit boundary.
  if (rp % 9) {
    int rpm9 = rp >= 0 ? rp % 9 : rp % 9 + 9;
    int p10 = p10s[8 - rpm9];
    std::uint32_t carry = 0;
    for (k = a; k != z; k++) {
      std::uint32_t tmp = x[k] % static_cast<std::uint32_t>(p10);
      x[k] = x[k] / static_cast<std::uint32_t>(p10) + carry;
      carry = static_cast<std::uint32_t>(1000000000 / p10) * tmp;
      if (k == a && !x[k]) {
        a = (a + 1) & kMask;
        rp -= 9;
      }
    }
    if (carry) x[z++] = carry;
    rp += 9 - rpm9;
  }

  // Upscale until the wanted number of bits is left of the radix point.
  while (rp < 9 * kB1bDig || (rp == 9 * kB1bDig && x[a] < kB1bMax[0])) {
    std::uint32_t carry = 0;
    e2 -= 29;
    for (k = (z - 1) & kMask;; k = (k - 1) & kMask) {
      std::uint64_t tmp = (static_cast<std::uint64_t>(x[k]) << 29) + carry;
      if (tmp > 1000000000) {
        carry = static_cast<std::uint32_t>(tmp / 1000000000);
        x[k] = static_cast<std::uint32_t>(tmp % 1000000000);
      } else {
        carry = 0;
        x[k] = static_cast<std::uint32_t>(tmp);
      }
      if (k == ((z - 1) & kMask) && k != a && !x[k]) z = k;
      if (k == a) break;
    }
    if (carry) {
      rp += 9;
      a = (a - 1) & kMask;
      if (a == z) {
        z = (z - 1) & kMask;
        x[(z - 1) & kMask] |= x[z];
      }
      x[a] = carry;
    }
  }

  // Downscale until exactly that number of bits is left of the radix point.
  for (;;) {
    std::uint32_t carry = 0;
    int sh = 1;
    for (i = 0; i < kB1bDig; i++) {
      k = (a + i) & kMask;
      if (k == z || x[k] < kB1bMax[i]) {
        i = kB1bDig;
        break;
      }
      if (x[(a + i) & kMask] > kB1bMax[i]) break;
    }
    if (i == kB1bDig && rp == 9 * kB1bDig) break;
    if (rp > 9 + 9 * kB1bDig) sh = 9;
    e2 += sh;
    for (k = a; k != z; k = (k + 1) & kMask) {
      std::uint32_t tmp = x[k] & ((1u << sh) - 1);
      x[k] = (x[k] >> sh) + carry;
      carry = (1000000000u >> sh) * tmp;
      if (k == a && !x[k]) {
        a = (a + 1) & kMask;
        i--;
        rp -= 9;
      }
    }
    if (carry) {
      if (((z + 1) & kMask) != a) {
        x[z] = carry;
        z = (z + 1) & kMask;
      } else {
        x[(z - 1) & kMask] |= 1;
      }
    }
  }

  // Assemble the bits into the double.
  for (y = i = 0; i < kB1bDig; i++) {
    if (((a + i) & kMask) == z) x[(z = ((z + 1) & kMask)) - 1] = 0;
    y = 1000000000.0 * y + x[(a + i) & kMask];
  }

  y *= sign;

  // Less precision for a denormal result.
  if (bits > DBL_MANT_DIG + e2 - emin) {
    bits = DBL_MANT_DIG + e2 - emin;
    if (bits < 0) bits = 0;
    denormal = true;
  }

  // A bias term forces the rounding; the lower bits move out.
  if (bits < DBL_MANT_DIG) {
    bias = std::copysign(std::scalbn(1.0, 2 * DBL_MANT_DIG - bits - 1), y);
    frac = std::fmod(y, std::scalbn(1.0, DBL_MANT_DIG - bits));
    y -= frac;
    y += bias;
  }

  // The tail of the decimal input can still decide the rounding.
  if (((a + i) & kMask) != z) {
    std::uint32_t t = x[(a + i) & kMask];
    if (t < 500000000 && (t || ((a + i + 1) & kMask) != z))
      frac += 0.25 * sign;
    else if (t > 500000000)
      frac += 0.75 * sign;
    else if (t == 500000000) {
      if (((a + i + 1) & kMask) == z)
        frac += 0.5 * sign;
      else
        frac += 0.75 * sign;
    }
    if (DBL_MANT_DIG - bits >= 2 && std::fmod(frac, 1.0) == 0) frac++;
  }

  y += frac;
  y -= bias;

  if (((e2 + DBL_MANT_DIG) & INT_MAX) > emax - 5) {
    if (std::fabs(y) >= 2 / DBL_EPSILON) {
      if (denormal && bits == DBL_MANT_DIG + e2 - emin) denormal = false;
      y *= 0.5;
      e2++;
    }
    if (e2 + DBL_MANT_DIG > emax || (denormal && frac != 0)) errno = ERANGE;
  }

  return std::scalbn(y, e2);
}

bool is_space(int c) { return c == ' ' || static_cast<unsigned>(c - '\t') < 5U; }

// "inf", "infinity", "nan" and "nan(chars)" in any case, as musl reads them; 0 if none.
std::size_t special(const char* p, double& value, double sign) {
  auto match = [&](const char* word) {
    std::size_t i = 0;
    while (word[i] && (p[i] | 32) == word[i]) ++i;
    return word[i] == '\0' ? i : 0;
  };
  std::size_t n = match("infinity");
  if (n == 0) n = match("inf");
  if (n > 0) {
    value = sign * INFINITY;
    return n;
  }
  if ((n = match("nan")) > 0) {
    value = NAN;
    if (p[n] != '(') return n;
    std::size_t i = n + 1;
    for (; is_digit(p[i]) || static_cast<unsigned>((p[i] | 32) - 'a') < 26U || p[i] == '_'; ++i) {
    }
    return p[i] == ')' ? i + 1 : n;
  }
  return 0;
}

}  // namespace

extern "C" {

int snprintf(char* s, std::size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = format(s, n, fmt, ap);
  va_end(ap);
  return r;
}

double strtod(const char* s, char** end) {
  const char* p = s;
  while (is_space(*p)) ++p;
  double sign = 1;
  if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
  double value = 0;
  if (std::size_t n = special(p, value, sign)) {
    if (end) *end = const_cast<char*>(p + n);
    return value;
  }
  const char* digits = p;
  value = decfloat(p, DBL_MANT_DIG, DBL_MIN_EXP - DBL_MANT_DIG, static_cast<int>(sign));
  if (end) *end = const_cast<char*>(p == digits ? s : p);
  return value;
}

float strtof(const char*, char**) { __builtin_trap(); }
long double strtold(const char*, char**) { __builtin_trap(); }

}  // extern "C"
