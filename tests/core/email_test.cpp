#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "magnete/contact.hpp"
#include "support.hpp"

namespace magnete {
namespace {

TEST(Email, AcceptsEverydayAddresses) {
  for (const char* ok :
       {"mario.rossi@gmail.com", "m+news@libero.it", "a@b.co", "o'brien@example.ie",
        "x_y-z@sub.domain.example.org", "123@123.com", "test@xn--hxajbheg2az3al.xn--jxalpdlp"}) {
    EXPECT_TRUE(check_email(ok).valid) << ok;
  }
}

TEST(Email, TrimsAndLowercasesTheDomainOnly) {
  EmailCheck check = check_email("  Mario.Rossi@Libero.IT ");
  ASSERT_TRUE(check.valid);
  EXPECT_EQ(check.normalized, "Mario.Rossi@libero.it");
}

TEST(Email, RejectsWhatMailServicesRefuse) {
  for (const char* bad :
       {"mario", "mario@", "@libero.it", "mario@@libero.it", "mario rossi@libero.it",
        "mario@libero", "mario@libero.i", "mario@-libero.it", "mario.@libero.it",
        "ma..rio@libero.it", "\"mario\"@libero.it", "mario@[192.168.0.1]", "mario@libero.123",
        "mario@lib_ero.it"}) {
    EXPECT_FALSE(check_email(bad).valid) << bad;
    EXPECT_EQ(check_email(bad).code, "email_invalid") << bad;
  }
}

TEST(Email, StatesTheLengthLimits) {
  std::string local(65, 'a');
  EXPECT_FALSE(check_email(local + "@example.com").valid);
  std::string domain;
  for (int i = 0; i < 50; ++i) domain += "abcd.";
  EXPECT_EQ(check_email("a@" + domain + "com").code, "email_too_long");
}

TEST(Email, SuggestsTheLikelyProviderForATypo) {
  EXPECT_EQ(check_email("mario@gmial.com").suggestion, "mario@gmail.com");
  EXPECT_EQ(check_email("mario@gmail.con").suggestion, "mario@gmail.com");
  EXPECT_EQ(check_email("mario@hotmial.it").suggestion, "mario@hotmail.it");
  EXPECT_EQ(check_email("mario@libero.iy").suggestion, "mario@libero.it");
  EXPECT_EQ(check_email("mario@virgillio.it").suggestion, "mario@virgilio.it");
  EXPECT_EQ(check_email("mario@tiscalli.it").suggestion, "mario@tiscali.it");
  EXPECT_EQ(check_email("mario@alice.itt").suggestion, "mario@alice.it");
  EXPECT_EQ(check_email("mario@acme.con").suggestion, "mario@acme.com");
}

TEST(Email, SuggestsNothingForARealDomain) {
  for (const char* ok : {"mario@gmail.com", "mario@mail.com", "mario@libero.it", "mario@acme.it",
                         "mario@me.com", "mario@tin.it", "mario@tim.it"}) {
    EXPECT_EQ(check_email(ok).suggestion, "") << ok;
  }
}

TEST(Email, FlagsDisposableDomainsWithoutRejectingThem) {
  EmailCheck check = check_email("x@mailinator.com");
  EXPECT_TRUE(check.valid);
  EXPECT_TRUE(check.disposable);
  EXPECT_FALSE(check_email("x@gmail.com").disposable);
}

// The isemail corpus (dominicsayers/isemail): <address> and <category> of every test.
struct IsEmailCase {
  std::string address, category, diagnosis;
};

std::string decode_entities(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t end = s.find(';', i);
    std::string entity = s.substr(i + 1, end - i - 1);
    i = end;
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity[0] == '#') {
      unsigned long cp = entity[1] == 'x' ? std::stoul(entity.substr(2), nullptr, 16)
                                          : std::stoul(entity.substr(1));
      // The corpus writes control characters as U+2400 + code (see its notes).
      if (cp >= 0x2400 && cp < 0x2420) cp -= 0x2400;
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
  }
  return out;
}

std::vector<IsEmailCase> isemail_cases() {
  std::string xml = testing::read_text(testing::corpus_path("isemail/test/tests.xml"));
  std::vector<IsEmailCase> out;
  std::regex test_re(R"(<test id="\d+">([\s\S]*?)</test>)");
  auto tag = [](const std::string& body, const std::string& name) {
    std::smatch m;
    if (std::regex_search(body, m, std::regex("<" + name + ">([\\s\\S]*?)</" + name + ">")))
      return m[1].str();
    return std::string();
  };
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), test_re);
       it != std::sregex_iterator(); ++it) {
    std::string body = (*it)[1].str();
    out.push_back(
        {decode_entities(tag(body, "address")), tag(body, "category"), tag(body, "diagnosis")});
  }
  return out;
}

TEST(EmailCorpus, RejectsEveryIsEmailError) {
  auto cases = isemail_cases();
  ASSERT_EQ(cases.size(), 164u);
  int errors = 0;
  for (const auto& c : cases) {
    if (c.category != "ISEMAIL_ERR") continue;
    ++errors;
    EXPECT_FALSE(check_email(c.address).valid) << c.diagnosis << ": " << c.address;
  }
  EXPECT_EQ(errors, 66);
}

// Policy (README, "Contact validation"): quoted local parts, address literals, comments,
// folding white space and obsolete forms are valid RFC 5321/5322 but refused by the mail
// services people use, so they are rejected; so are dotless and numeric domains. The one
// exception: spaces around the address, which every form field trims.
TEST(EmailCorpus, RejectsTheRfcEdgeCategoriesByPolicy) {
  int trimmed = 0;
  for (const auto& c : isemail_cases()) {
    if (c.category != "ISEMAIL_RFC5321" && c.category != "ISEMAIL_RFC5322" &&
        c.category != "ISEMAIL_CFWS" && c.category != "ISEMAIL_DEPREC") {
      continue;
    }
    EmailCheck check = check_email(c.address);
    if (check.valid) {
      EXPECT_EQ(c.diagnosis, "ISEMAIL_CFWS_FWS") << c.address;
      EXPECT_EQ(check.normalized, "test@iana.org") << c.address;
      ++trimmed;
      continue;
    }
    EXPECT_FALSE(check.valid) << c.category << " " << c.diagnosis << ": " << c.address;
  }
  EXPECT_EQ(trimmed, 2);
}

TEST(EmailCorpus, AcceptsValidAddressesWithADottedDomain) {
  int accepted = 0;
  for (const auto& c : isemail_cases()) {
    bool dotted = c.address.find('.', c.address.rfind('@')) != std::string::npos;
    std::string tld = dotted ? c.address.substr(c.address.rfind('.') + 1) : "";
    bool letters = tld.size() >= 2 && std::all_of(tld.begin(), tld.end(),
                                                  [](char ch) { return ch >= 'a' && ch <= 'z'; });
    bool idn = tld.rfind("xn--", 0) == 0;
    if ((c.category == "ISEMAIL_VALID_CATEGORY" || c.category == "ISEMAIL_DNSWARN") &&
        c.address.size() <= 254 && (letters || idn)) {
      EXPECT_TRUE(check_email(c.address).valid) << c.diagnosis << ": " << c.address;
      ++accepted;
    }
  }
  EXPECT_GE(accepted, 15);
}

}  // namespace
}  // namespace magnete
