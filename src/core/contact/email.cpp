#include <array>
#include <string>

#include "magnete/contact.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

// Providers whose addresses are common on Italian and international forms: a domain close
// to one of these (but not one of them) is offered as a typo fix.
constexpr std::array<const char*, 36> kKnownDomains = {
    "gmail.com",  "googlemail.com", "yahoo.com",  "yahoo.it", "ymail.com",     "hotmail.com",
    "hotmail.it", "outlook.com",    "outlook.it", "live.com", "live.it",       "msn.com",
    "icloud.com", "me.com",         "mac.com",    "aol.com",  "libero.it",     "virgilio.it",
    "alice.it",   "tiscali.it",     "tim.it",     "tin.it",   "fastwebnet.it", "email.it",
    "inwind.it",  "iol.it",         "aruba.it",   "pec.it",   "legalmail.it",  "gmx.com",
    "gmx.it",     "protonmail.com", "proton.me",  "mail.com", "yandex.com",    "zoho.com"};

// Throw-away inbox services (a small list, flagged rather than refused).
constexpr std::array<const char*, 26> kDisposableDomains = {"mailinator.com",
                                                            "guerrillamail.com",
                                                            "guerrillamail.info",
                                                            "sharklasers.com",
                                                            "grr.la",
                                                            "10minutemail.com",
                                                            "20minutemail.it",
                                                            "temp-mail.org",
                                                            "tempmail.com",
                                                            "tempr.email",
                                                            "yopmail.com",
                                                            "yopmail.fr",
                                                            "trashmail.com",
                                                            "getnada.com",
                                                            "dispostable.com",
                                                            "maildrop.cc",
                                                            "throwawaymail.com",
                                                            "fakeinbox.com",
                                                            "mintemail.com",
                                                            "mohmal.com",
                                                            "emailondeck.com",
                                                            "discard.email",
                                                            "spam4.me",
                                                            "mailnesia.com",
                                                            "mytemp.email",
                                                            "burnermail.io"};

// Misspelt top-level domains seen on forms.
struct TldFix {
  const char* wrong;
  const char* right;
};
constexpr std::array<TldFix, 9> kTldFixes = {{{"con", "com"},
                                              {"cmo", "com"},
                                              {"ocm", "com"},
                                              {"vom", "com"},
                                              {"xom", "com"},
                                              {"comm", "com"},
                                              {"coom", "com"},
                                              {"itt", "it"},
                                              {"iy", "it"}}};

bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  for (char s : std::string_view("!#$%&'*+/=?^_`{|}~-")) {
    if (c == s) return true;
  }
  return false;
}

bool valid_local(std::string_view local) {
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
    return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (local[i] == '.') {
      if (local[i + 1] == '.') return false;
    } else if (!is_atext(local[i])) {
      return false;
    }
  }
  return true;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0, start = 0;
  std::string_view last;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return false;
  // A top-level domain is letters (or an IDN "xn--" label), never all digits.
  if (last.rfind("xn--", 0) == 0) return last.size() > 4;
  if (last.size() < 2) return false;
  for (char c : last) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, std::string_view domain) {
  for (const char* d : list) {
    if (domain == d) return true;
  }
  return false;
}

std::string suggest_domain(const std::string& domain) {
  if (listed(kKnownDomains, domain)) return "";
  std::vector<std::string> known(kKnownDomains.begin(), kKnownDomains.end());
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& candidate : known) {
    std::size_t d = text::edit_distance(domain, candidate);
    // Two edits only for longer names: "gmial.con" -> gmail.com; "me.co" is not "me.com".
    std::size_t allowed = candidate.size() >= 9 ? 2 : 1;
    if (d <= allowed && d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  auto dot = domain.rfind('.');
  if (dot == std::string::npos) return "";
  std::string tld = domain.substr(dot + 1);
  for (const auto& fix : kTldFixes) {
    if (tld == fix.wrong) return domain.substr(0, dot + 1) + fix.right;
  }
  return "";
}

}  // namespace

EmailCheck check_email(std::string_view input) {
  EmailCheck out;
  // Control characters (CR, LF, NUL, ...) are never trimmed away: an address carrying
  // them is refused whole (header injection; isemail's ISEMAIL_ERR_CR_NO_LF and kin).
  for (char c : input) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      out.code = "email_invalid";
      return out;
    }
  }
  std::string email = text::trim(input);
  out.normalized = email;
  if (email.empty()) {
    out.code = "required";
    return out;
  }
  if (email.size() > 254) {
    out.code = "email_too_long";
    return out;
  }
  auto at = email.rfind('@');
  if (at == std::string::npos || email.find('@') != at) {
    // Quoted local parts ("a@b"@x.it) are RFC 5321-valid but refused by most mail services.
    out.code = "email_invalid";
    return out;
  }
  std::string local = email.substr(0, at);
  std::string domain = text::lower_ascii(email.substr(at + 1));
  if (!valid_local(local) || !valid_domain(domain)) {
    out.code = "email_invalid";
    if (valid_local(local)) {
      std::string fix = suggest_domain(domain);
      if (!fix.empty() && valid_domain(fix)) out.suggestion = local + "@" + fix;
    }
    return out;
  }
  out.valid = true;
  out.normalized = local + "@" + domain;
  std::string fix = suggest_domain(domain);
  if (!fix.empty()) out.suggestion = local + "@" + fix;
  out.disposable = listed(kDisposableDomains, domain);
  return out;
}

}  // namespace magnete
