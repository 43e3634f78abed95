// wasm/check/run.sh: small_libc.cpp (its functions renamed small_*) against Emscripten's musl,
// case by case. Prints the first mismatches and a count; exits 1 on any.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

extern "C" double small_strtod(const char*, char**);
extern "C" int small_snprintf(char*, size_t, const char*, ...);

namespace {

long bad = 0;

void report(const char* what) {
  if (++bad <= 20) std::printf("MISMATCH %s\n", what);
}

long check_strtod(const char* file) {
  std::ifstream in(file);
  std::string line;
  long n = 0;
  while (std::getline(in, line)) {
    ++n;
    const char* s = line.c_str();
    char *end_musl, *end_small;
    errno = 0;
    double musl = std::strtod(s, &end_musl);
    int errno_musl = errno;
    errno = 0;
    double small = small_strtod(s, &end_small);
    int errno_small = errno;
    std::uint64_t a, b;
    std::memcpy(&a, &musl, 8);
    std::memcpy(&b, &small, 8);
    bool both_nan = musl != musl && small != small;
    if ((!both_nan && a != b) || end_musl != end_small ||
        (errno_musl == ERANGE) != (errno_small == ERANGE)) {
      char what[200];
      std::snprintf(what, sizeof what,
                    "strtod [%.80s]: musl %.17g end %ld errno %d, small %.17g end %ld errno %d", s,
                    musl, static_cast<long>(end_musl - s), errno_musl, small,
                    static_cast<long>(end_small - s), errno_small);
      report(what);
    }
  }
  return n;
}

long check_snprintf() {
  const char* formats[] = {"\\u%04x", "<U+%.4X>", "\\u%04x\\u%04x",
                           "%d",      "%5d",      "%-5d|",
                           "%05d",    "%+d",      "% d",
                           "%.3d",    "%8.3d",    "%x",
                           "%X",      "%u",       "%.0d",
                           "%hhX",    "%hd",      "%hhd",
                           "%hu",     "%ld",      "%lx",
                           "%zu",     "%%",       "a%%b%d",
                           "%-08x|",  "%+5i",     "%.0x"};
  const int values[] = {0,          1,      -1,     7,     31,        255,
                        256,        0xd800, 0xFFFF, 65536, 123456789, -2147483647 - 1,
                        2147483647, 'A'};
  const std::size_t sizes[] = {0, 1, 3, 7, 13, 64};
  long n = 0;
  for (const char* f : formats) {
    bool pair = std::strstr(f, "x\\u") != nullptr;
    for (int v : values) {
      for (std::size_t size : sizes) {
        char musl[64] = "#############", small[64] = "#############";
        int r_musl, r_small;
        if (pair) {
          r_musl = std::snprintf(musl, size, f, v, v + 1);
          r_small = small_snprintf(small, size, f, v, v + 1);
        } else {
          r_musl = std::snprintf(musl, size, f, v);
          r_small = small_snprintf(small, size, f, v);
        }
        ++n;
        if (r_musl != r_small || std::memcmp(musl, small, sizeof musl) != 0) {
          char what[200];
          std::snprintf(what, sizeof what, "snprintf %s %d size %zu: musl [%s] %d, small [%s] %d",
                        f, v, size, musl, r_musl, small, r_small);
          report(what);
        }
      }
    }
  }
  char buffer[16];
  if (small_snprintf(buffer, sizeof buffer, "%g", 1.5) != -1 || buffer[0] != '\0')
    report("snprintf accepted %g");
  if (small_snprintf(buffer, sizeof buffer, "a%s", "b") != -1 || buffer[0] != '\0')
    report("snprintf accepted %s");
  for (long long v :
       {0LL, -5LL, 0x123456789abLL, -9223372036854775807LL - 1, 9223372036854775807LL}) {
    char musl[64], small[64];
    int r_musl = std::snprintf(musl, sizeof musl, "%lld|%llx|%20.3lli|%jd", v, v, v,
                               static_cast<std::intmax_t>(v));
    int r_small = small_snprintf(small, sizeof small, "%lld|%llx|%20.3lli|%jd", v, v, v,
                                 static_cast<std::intmax_t>(v));
    if (r_musl != r_small || std::strcmp(musl, small) != 0) report("snprintf %lld");
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long strtod_cases = check_strtod(argv[1]);
  long snprintf_cases = check_snprintf();
  std::printf("%ld strtod cases, %ld snprintf cases, %ld mismatches\n", strtod_cases,
              snprintf_cases, bad);
  return bad != 0;
}
