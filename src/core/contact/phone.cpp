#include <array>
#include <string>

#include "magnete/contact.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

// Calling code, whether the national trunk prefix 0 is dropped, and the national number's
// length range (ITU-T E.164 national plans). Italy keeps its leading 0 (landlines).
struct Country {
  const char* iso;
  const char* code;
  bool drop_trunk_zero;
  std::size_t min_digits, max_digits;
};
constexpr std::array<Country, 24> kCountries = {{
    {"IT", "39", false, 6, 11},  {"SM", "378", false, 6, 10}, {"VA", "379", false, 6, 11},
    {"CH", "41", true, 9, 9},    {"FR", "33", true, 9, 9},    {"DE", "49", true, 6, 13},
    {"AT", "43", true, 4, 13},   {"ES", "34", false, 9, 9},   {"PT", "351", false, 9, 9},
    {"GB", "44", true, 9, 10},   {"IE", "353", true, 7, 9},   {"NL", "31", true, 9, 9},
    {"BE", "32", true, 8, 9},    {"LU", "352", false, 4, 11}, {"US", "1", false, 10, 10},
    {"CA", "1", false, 10, 10},  {"SI", "386", true, 8, 8},   {"HR", "385", true, 8, 9},
    {"GR", "30", false, 10, 10}, {"PL", "48", false, 9, 9},   {"RO", "40", true, 9, 9},
    {"SE", "46", true, 7, 9},    {"DK", "45", false, 8, 8},   {"MT", "356", false, 8, 8},
}};

const Country* by_iso(std::string_view iso) {
  for (const auto& c : kCountries) {
    if (iso == c.iso) return &c;
  }
  return nullptr;
}

const Country* by_code(std::string_view digits) {
  const Country* best = nullptr;
  for (const auto& c : kCountries) {
    std::string_view code(c.code);
    if (digits.substr(0, code.size()) == code &&
        (best == nullptr || code.size() > std::string_view(best->code).size())) {
      best = &c;
    }
  }
  return best;
}

}  // namespace

PhoneCheck normalize_phone(std::string_view input, std::string_view default_country) {
  PhoneCheck out;
  std::string raw = text::trim(input);
  if (raw.empty()) {
    out.code = "required";
    return out;
  }
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
      out.code = "phone_invalid";
      return out;
    }
  }
  if (!plus && digits.rfind("00", 0) == 0) {  // 0039 333 ... = +39 333 ...
    plus = true;
    digits = digits.substr(2);
  }
  if (plus) {
    if (digits.empty() || digits[0] == '0') {
      out.code = "phone_invalid";
      return out;
    }
    if (const Country* c = by_code(digits)) {
      std::string national = digits.substr(std::string_view(c->code).size());
      if (c->drop_trunk_zero && !national.empty() && national[0] == '0') national.erase(0, 1);
      if (national.size() < c->min_digits) {
        out.code = "phone_too_short";
        return out;
      }
      if (national.size() > c->max_digits) {
        out.code = "phone_too_long";
        return out;
      }
      digits = std::string(c->code) + national;
    }
  } else {
    const Country* c = by_iso(default_country.empty() ? "IT" : default_country);
    if (c == nullptr) {
      out.code = "phone_country_unknown";
      return out;
    }
    std::string national = digits;
    if (c->drop_trunk_zero && !national.empty() && national[0] == '0') national.erase(0, 1);
    if (std::string_view(c->code) == "1" && national.size() == 11 && national[0] == '1') {
      national.erase(0, 1);  // NANP: 1 (555) 123-4567
    }
    if (national.size() < c->min_digits) {
      out.code = "phone_too_short";
      return out;
    }
    if (national.size() > c->max_digits) {
      out.code = "phone_too_long";
      return out;
    }
    digits = std::string(c->code) + national;
  }
  // E.164: at most 15 digits; 8 is the practical minimum with a country code.
  if (digits.size() < 8) {
    out.code = "phone_too_short";
    return out;
  }
  if (digits.size() > 15) {
    out.code = "phone_too_long";
    return out;
  }
  out.valid = true;
  out.e164 = "+" + digits;
  return out;
}

}  // namespace magnete
