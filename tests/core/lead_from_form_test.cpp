// A lead from a form posted without script (src/core/lead/lead_from_form.cpp): the same checks
// as the widget's Engine, errors by control name in the form's language.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "magnete/engine.hpp"
#include "magnete/form.hpp"

namespace magnete {
namespace {

// Every field type, two consents (one required), a quiz with a required single-choice
// question and an optional multiple-choice one.
const char* kCampaign = R"({
  "id": "every-type", "version": "3", "default_locale": "it", "locales": ["it", "en"],
  "default_country": "IT",
  "fields": [
    {"name": "email", "type": "email", "required": true, "label": {"it": "Email", "en": "Email"}},
    {"name": "first_name", "type": "text", "max_length": 10, "label": {"it": "Nome", "en": "First name"}},
    {"name": "phone", "type": "tel", "label": {"it": "Telefono", "en": "Phone"}},
    {"name": "age", "type": "number", "min": 16, "max": 100, "label": {"it": "Età", "en": "Age"}},
    {"name": "message", "type": "textarea", "label": {"it": "Messaggio", "en": "Message"}},
    {"name": "sector", "type": "select", "options": ["fitness", "retail"], "label": "Settore"},
    {"name": "size", "type": "radio", "options": ["small", "large"], "label": "Dimensione"},
    {"name": "call_me", "type": "checkbox", "label": {"it": "Chiamatemi", "en": "Call me"}},
    {"name": "topics", "type": "checkbox", "options": ["crm", "scoring", "forms"], "label": "Temi"},
    {"name": "utm_campaign", "type": "hidden"}
  ],
  "consents": [
    {"id": "privacy", "required": true, "version": "2026-01",
     "text": {"it": "Acconsento al trattamento.", "en": "I agree to the processing."}},
    {"id": "marketing", "required": false, "version": "2026-02",
     "text": {"it": "Voglio le novità.", "en": "I want the news."}}
  ],
  "quiz": {
    "questions": [
      {"id": "goal", "type": "single", "text": {"it": "Obiettivo?", "en": "Goal?"},
       "answers": [{"id": "grow", "text": "Crescere", "points": 2}, {"id": "save", "text": "Risparmiare", "points": 1}]},
      {"id": "tools", "type": "multiple", "required": false, "text": "Strumenti?",
       "answers": [{"id": "sheet", "text": "Fogli", "points": 1}, {"id": "crm", "text": "CRM", "points": 3}]}
    ]
  },
  "variants": [{"id": "a", "weight": 1}, {"id": "b", "weight": 1}],
  "scoring": {
    "fit": [{"id": "adult", "field": "age", "op": "gte", "value": 30, "points": 4}],
    "engagement": [{"id": "submitted", "event": "form_submit", "points": 7}]
  }
})";

const TimeMs kNow = 1'795'330'860'000;  // 2026-11-22T07:01:00Z

std::shared_ptr<const Campaign> campaign() {
  static const std::shared_ptr<const Campaign> parsed = [] {
    CampaignResult result = parse_campaign(kCampaign);
    EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
    return std::make_shared<const Campaign>(result.ok() ? *result.campaign : Campaign());
  }();
  return parsed;
}

using Pairs = std::vector<FormField>;

// What a browser sends for a complete, valid form.
Pairs valid_form() {
  return {{"mg_version", "3"},
          {"mg_locale", "it"},
          {"mg_variant", "b"},
          {"mg_hp", ""},
          {"email", "  Mario.Rossi@Gmail.com "},
          {"first_name", "Mario"},
          {"phone", "333 123 4567"},
          {"age", "34,5"},
          {"message", "Ciao,\r\nchiamatemi"},
          {"sector", "fitness"},
          {"size", "large"},
          {"call_me", "on"},
          {"topics", "forms"},
          {"topics", "crm"},
          {"utm_campaign", "autunno"},
          {"consent:privacy", "on"},
          {"quiz:goal", "grow"},
          {"quiz:tools", "crm"},
          {"quiz:tools", "sheet"}};
}

FormLeadResult from(const Pairs& pairs, const std::string& locale = "it",
                    const std::string& variant = "") {
  return lead_from_form(*campaign(), pairs, locale, variant, kNow);
}

// "path: message" of each error, in order.
std::vector<std::string> listed(const Errors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(to_string(e));
  return out;
}

Pairs without(Pairs pairs, const std::string& name) {
  Pairs out;
  for (auto& pair : pairs) {
    if (pair.first != name) out.push_back(std::move(pair));
  }
  return out;
}

Pairs with(Pairs pairs, const std::string& name, const std::string& value) {
  pairs = without(std::move(pairs), name);
  pairs.emplace_back(name, value);
  return pairs;
}

TEST(LeadFromForm, AValidFormBecomesTheLeadEveryFieldNormalisedAsTheEngineDoes) {
  FormLeadResult result = from(valid_form(), "it", "b");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(listed(result.errors));
  const Lead& lead = *result.lead;
  EXPECT_EQ(lead.id, "");  // the host's
  EXPECT_EQ(lead.campaign_id, "every-type");
  EXPECT_EQ(lead.campaign_version, "3");
  EXPECT_EQ(lead.variant, "b");
  EXPECT_EQ(lead.locale, "it");
  EXPECT_EQ(lead.submitted_at, kNow);

  // The same values through the widget's calls give the same contact, byte for byte.
  Engine widget(campaign());
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, Json>>{{"email", "  Mario.Rossi@Gmail.com "},
                                                 {"first_name", "Mario"},
                                                 {"phone", "333 123 4567"},
                                                 {"age", "34,5"},
                                                 {"message", "Ciao,\r\nchiamatemi"},
                                                 {"sector", "fitness"},
                                                 {"size", "large"},
                                                 {"call_me", true},
                                                 {"topics", Json::array({"forms", "crm"})},
                                                 {"utm_campaign", "autunno"}}) {
    ASSERT_TRUE(widget.set_field(name, value, "it").ok) << name;
  }
  EXPECT_EQ(Json(lead.contact).dump(), Json(widget.lead().contact).dump());
  EXPECT_EQ(lead.contact.at("email"), "Mario.Rossi@gmail.com");
  EXPECT_EQ(lead.contact.at("phone"), "+393331234567");
  EXPECT_EQ(lead.contact.at("age").dump(), "34.5");
  EXPECT_EQ(lead.contact.at("topics").dump(), R"(["crm","forms"])");  // campaign order
  EXPECT_EQ(lead.contact.at("call_me"), true);

  ASSERT_EQ(lead.consents.size(), 2u);
  const ConsentRecord& privacy = lead.consents[0];
  EXPECT_EQ(privacy.id, "privacy");
  EXPECT_TRUE(privacy.granted);
  EXPECT_EQ(privacy.text, "Acconsento al trattamento.");
  EXPECT_EQ(privacy.version, "2026-01");
  EXPECT_EQ(privacy.locale, "it");
  EXPECT_EQ(privacy.at, kNow);
  // Shown and not ticked: recorded as refused, with the text shown.
  EXPECT_EQ(lead.consents[1].id, "marketing");
  EXPECT_FALSE(lead.consents[1].granted);
  EXPECT_EQ(lead.consents[1].text, "Voglio le novità.");
  EXPECT_EQ(lead.consents[1].version, "2026-02");

  EXPECT_EQ(lead.quiz.at("goal"), std::vector<std::string>{"grow"});
  EXPECT_EQ(lead.quiz.at("tools"), (std::vector<std::string>{"crm", "sheet"}));
  ASSERT_EQ(lead.events.size(), 1u);
  EXPECT_EQ(lead.events[0].type, "form_submit");
  EXPECT_EQ(lead.events[0].at, kNow);

  // The Engine takes it as it is, and scores it: fit 4 (age), engagement 7 + quiz 2 + 4.
  Engine collector(campaign());
  EXPECT_TRUE(collector.load(lead).empty());
  Assessment a = collector.assess(kNow);
  EXPECT_EQ(a.fit, 4000);
  EXPECT_EQ(a.engagement, 13000);
}

TEST(LeadFromForm, OptionalFieldsLeftEmptyAreUnsetAndAnUntickedBoxIsFalse) {
  Pairs minimal = {{"email", "a@example.com"},
                   {"first_name", ""},
                   {"phone", ""},
                   {"age", ""},
                   {"message", ""},
                   {"sector", ""},
                   {"consent:privacy", "on"},
                   {"quiz:goal", "save"}};
  FormLeadResult result = from(minimal);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(listed(result.errors));
  // As the widget sets them: the unticked single box false, the rest absent.
  EXPECT_EQ(Json(result.lead->contact).dump(), R"({"call_me":false,"email":"a@example.com"})");
  EXPECT_TRUE(result.lead->quiz.count("tools") == 0);
}

TEST(LeadFromForm, EachBadValueIsAnErrorNamingItsFieldWithTheCoresMessage) {
  Pairs bad = valid_form();
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"email", "mario@"},
                                                        {"first_name", "Bartolomeo M."},
                                                        {"phone", "12"},
                                                        {"age", "cento"},
                                                        {"sector", "bakery"},
                                                        {"size", "medium"},
                                                        {"call_me", "maybe"},
                                                        {"message", std::string("a\0b", 3)}}) {
    bad = with(bad, name, value);
  }
  bad.emplace_back("topics", "astrology");
  FormLeadResult result = from(bad);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(listed(result.errors),
            (std::vector<std::string>{
                "email: Inserisci un indirizzo email valido, come nome@esempio.it.",
                "first_name: Il testo è troppo lungo.",
                "phone: Il numero di telefono è troppo corto.",
                "age: Inserisci un numero.",
                "message: Il testo contiene caratteri non ammessi.",
                "sector: Scegli una delle opzioni.",
                "size: Scegli una delle opzioni.",
                "call_me: Seleziona o deseleziona la casella.",
                "topics: Scegli una delle opzioni.",
            }));
}

TEST(LeadFromForm, MessagesAreInTheFormsLocaleAndAnUnofferedOneFallsBackToTheDefault) {
  Pairs bad = with(without(valid_form(), "consent:privacy"), "email", "");
  FormLeadResult en = from(bad, "en");
  EXPECT_EQ(listed(en.errors),
            (std::vector<std::string>{"email: This field is required.",
                                      "consent:privacy: Please accept to continue."}));
  FormLeadResult it = from(bad, "it");
  EXPECT_EQ(listed(it.errors),
            (std::vector<std::string>{"email: Questo campo è obbligatorio.",
                                      "consent:privacy: Per continuare devi accettare."}));
  FormLeadResult en_gb = from(bad, "en-GB");
  EXPECT_EQ(en_gb.errors.at(0).message, "This field is required.");
  FormLeadResult fr = from(bad, "fr");
  EXPECT_EQ(fr.errors.at(0).message, "Questo campo è obbligatorio.");  // the default, it

  FormLeadResult english = from(valid_form(), "en-US");
  ASSERT_TRUE(english.ok());
  EXPECT_EQ(english.lead->locale, "en");
  EXPECT_EQ(english.lead->consents[0].text, "I agree to the processing.");
  EXPECT_EQ(english.lead->consents[0].locale, "en");
}

TEST(LeadFromForm, ARequiredConsentNotTickedIsNamedByItsBox) {
  FormLeadResult absent = from(without(valid_form(), "consent:privacy"));
  EXPECT_EQ(listed(absent.errors),
            std::vector<std::string>{"consent:privacy: Per continuare devi accettare."});
  // Only the optional one ticked: still refused.
  FormLeadResult marketing =
      from(with(without(valid_form(), "consent:privacy"), "consent:marketing", "on"));
  EXPECT_EQ(listed(marketing.errors),
            std::vector<std::string>{"consent:privacy: Per continuare devi accettare."});
  // A box's value is read as a checkbox's: "off" is not ticked, anything unknown is an error.
  EXPECT_EQ(listed(from(with(valid_form(), "consent:privacy", "off")).errors),
            std::vector<std::string>{"consent:privacy: Per continuare devi accettare."});
  EXPECT_EQ(listed(from(with(valid_form(), "consent:privacy", "sure")).errors),
            std::vector<std::string>{"consent:privacy: Seleziona o deseleziona la casella."});
  FormLeadResult both = from(with(valid_form(), "consent:marketing", "on"));
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both.lead->consents[1].granted);
}

TEST(LeadFromForm, ARepeatedNameWhereOneValueIsExpectedIsAnErrorNamingIt) {
  Pairs pairs = valid_form();
  pairs.emplace_back("email", "other@example.com");
  pairs.emplace_back("sector", "retail");
  pairs.emplace_back("call_me", "on");
  pairs.emplace_back("consent:privacy", "on");
  pairs.emplace_back("quiz:goal", "save");
  FormLeadResult result = from(pairs, "en");
  EXPECT_EQ(listed(result.errors), (std::vector<std::string>{
                                       "email: This field takes a single value.",
                                       "sector: This field takes a single value.",
                                       "call_me: This field takes a single value.",
                                       "consent:privacy: This field takes a single value.",
                                       "quiz:goal: This field takes a single value.",
                                   }));
  // Repeating is how a checkbox field with options and a multiple-choice question send.
  EXPECT_TRUE(from(valid_form()).ok());
}

TEST(LeadFromForm, UnknownNamesAreIgnored) {
  Pairs pairs = valid_form();
  for (const char* name :
       {"shoe_size", "consent:newsletter", "quiz:colour", "mg_other", "", "EMAIL"}) {
    pairs.emplace_back(name, "x");
    pairs.emplace_back(name, "y");
  }
  FormLeadResult result = from(pairs);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(listed(result.errors));
  EXPECT_EQ(result.lead->contact.count("shoe_size"), 0u);
  EXPECT_EQ(result.lead->consents.size(), 2u);
  EXPECT_EQ(result.lead->quiz.size(), 2u);
}

TEST(LeadFromForm, QuizAnswersAreCheckedAsTheEngineChecksThem) {
  EXPECT_EQ(listed(from(without(valid_form(), "quiz:goal")).errors),
            std::vector<std::string>{"quiz:goal: Scegli una risposta."});
  EXPECT_EQ(listed(from(with(valid_form(), "quiz:goal", "win")).errors),
            std::vector<std::string>{"quiz:goal: Scegli una delle risposte."});
  Pairs twice = valid_form();
  twice.emplace_back("quiz:tools", "crm");  // the same answer given twice
  EXPECT_EQ(listed(from(twice).errors),
            std::vector<std::string>{"quiz:tools: Scegli una delle risposte."});
  FormLeadResult optional = from(without(valid_form(), "quiz:tools"));
  ASSERT_TRUE(optional.ok());
  EXPECT_EQ(optional.lead->quiz.count("tools"), 0u);
}

TEST(LeadFromForm, AHiddenFieldCarriesTheValueThePageGaveElseNone) {
  EXPECT_EQ(from(valid_form()).lead->contact.at("utm_campaign"), "autunno");
  for (const std::string& value : {std::string(""), std::string("  ")}) {
    FormLeadResult result = from(with(valid_form(), "utm_campaign", value));
    ASSERT_TRUE(result.ok()) << ::testing::PrintToString(listed(result.errors));
    EXPECT_EQ(result.lead->contact.count("utm_campaign"), 0u);
  }
  EXPECT_EQ(from(without(valid_form(), "utm_campaign")).lead->contact.count("utm_campaign"), 0u);
}

TEST(LeadFromForm, AVariantTheCampaignDoesNotListIsDropped) {
  EXPECT_EQ(from(valid_form(), "it", "a").lead->variant, "a");
  EXPECT_EQ(from(valid_form(), "it", "zzz").lead->variant, "");
  EXPECT_EQ(from(valid_form(), "it", "").lead->variant, "");
}

TEST(LeadFromForm, MoreThanTheStatedNumberOfPairsIsOneError) {
  Pairs pairs = valid_form();
  while (pairs.size() <= FormLimits::kMaxPairs) pairs.emplace_back("x", "y");
  FormLeadResult result = from(pairs, "en");
  EXPECT_EQ(listed(result.errors), std::vector<std::string>{"The form is too large to send."});
  pairs.pop_back();
  EXPECT_TRUE(from(pairs).ok());
}

TEST(FormControlLabel, NamesAFieldAConsentOrAQuestionInTheLocale) {
  const Campaign& c = *campaign();
  EXPECT_EQ(form_control_label(c, "first_name", "en"), "First name");
  EXPECT_EQ(form_control_label(c, "first_name", "it"), "Nome");
  EXPECT_EQ(form_control_label(c, "consent:privacy", "en"), "I agree to the processing.");
  EXPECT_EQ(form_control_label(c, "quiz:goal", "en"), "Goal?");
  EXPECT_EQ(form_control_label(c, "utm_campaign", "en"), "utm_campaign");  // no label
  EXPECT_EQ(form_control_label(c, "consent:nope", "en"), "consent:nope");
  EXPECT_EQ(form_control_label(c, "", "en"), "");
}

}  // namespace
}  // namespace magnete
