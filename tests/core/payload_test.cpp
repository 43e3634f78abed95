// The vendor delivery formats (src/core/payload/hubspot.cpp, salesforce.cpp), their campaign
// keys (delivery.hubspot, delivery.salesforce) and the Session result that carries them.
#include "magnete/payload.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "magnete/engine.hpp"
#include "magnete/session.hpp"
#include "support.hpp"

namespace magnete {
namespace {

constexpr TimeMs kNow = 1795333066000;  // 2026-11-22T07:37:46Z

// One campaign for both vendors; `delivery` replaces its delivery section.
std::string campaign_text(const std::string& delivery) {
  return R"({
    "id": "vendors", "version": "1", "default_locale": "en", "locales": ["en", "it"],
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"},
               {"name": "first_name", "type": "text", "label": "First name"},
               {"name": "last_name", "type": "text", "label": "Last name"},
               {"name": "job_title", "type": "text", "label": "Job title"},
               {"name": "company_size", "type": "number", "label": "Employees", "min": 1},
               {"name": "tools", "type": "checkbox", "label": "Tools", "options": ["crm", "erp", "bi"]},
               {"name": "newsletter", "type": "checkbox", "label": "Newsletter"},
               {"name": "notes", "type": "textarea", "label": "Notes"}],
    "consents": [{"id": "privacy", "required": true, "version": "2026-01",
                  "text": {"en": "I agree to the processing of my data.",
                           "it": "Acconsento al trattamento dei miei dati."}},
                 {"id": "marketing", "version": "2026-01",
                  "text": {"en": "Send me news by email.", "it": "Inviatemi novità via email."}}],
    "scoring": {
      "fit": [{"id": "big", "field": "company_size", "op": "gt", "value": 50, "points": 10}],
      "engagement": [{"id": "visit", "event": "page_view", "points": 2.5}],
      "grades": {"A": 10, "B": 5},
      "bands": {"warm": 10, "hot": 20},
      "stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
                 {"id": "mql", "min_score": 12}]
    },
    "delivery": )" +
         delivery + R"(
  })";
}

const char* kHubspot = R"({"endpoint": "/v1/leads", "format": "hubspot",
  "hubspot": {"portal_id": "123456", "form_id": "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
              "fields": {"first_name": "firstname", "last_name": "lastname", "job_title": "jobtitle",
                         "company_size": "numemployees", "notes": false},
              "subscriptions": {"marketing": 7654321}}})";

const char* kSalesforce = R"({"endpoint": "/v1/leads", "format": "salesforce",
  "salesforce": {"oid": "00D5j000001uVaT",
                 "fields": {"company_size": "employees", "job_title": "title", "tools": "00N5j000000pTbO",
                            "newsletter": "emailOptIn__c", "notes": "description",
                            "consent.marketing": "Marketing_Consent__c"}}})";

std::shared_ptr<const Campaign> campaign(const std::string& delivery) {
  CampaignResult result = parse_campaign(campaign_text(delivery));
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  if (!result.ok()) return nullptr;
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

// "path: message" of every error in the campaign with this delivery section.
std::vector<std::string> delivery_errors(const std::string& delivery) {
  std::vector<std::string> out;
  for (const auto& e : parse_campaign(campaign_text(delivery)).errors) out.push_back(to_string(e));
  return out;
}

::testing::AssertionResult has_error(const std::vector<std::string>& errors,
                                     const std::string& wanted) {
  for (const auto& e : errors) {
    if (e == wanted) return ::testing::AssertionSuccess();
  }
  auto failure = ::testing::AssertionFailure() << "no error \"" << wanted << "\" among:";
  for (const auto& e : errors) failure << "\n  " << e;
  return failure;
}

// A known visitor: Italian, every field filled, privacy granted in Italian, two page views.
struct Visit {
  std::shared_ptr<const Campaign> campaign;
  Lead lead;
  Assessment assessment;
};

Visit known_visit(const std::string& delivery, bool marketing = false) {
  Visit v;
  v.campaign = campaign(delivery);
  Engine engine(v.campaign);
  EXPECT_TRUE(engine.set_field("email", "Mario.Rossi@Example.it", "it").ok);
  EXPECT_TRUE(engine.set_field("first_name", "Mario", "it").ok);
  EXPECT_TRUE(engine.set_field("last_name", "Rossi", "it").ok);
  EXPECT_TRUE(engine.set_field("job_title", "Direttore Généràle", "it").ok);
  EXPECT_TRUE(engine.set_field("company_size", "120,5", "it").ok);
  EXPECT_TRUE(engine.set_field("tools", Json::array({"bi", "crm"}), "it").ok);
  EXPECT_TRUE(engine.set_field("newsletter", true, "it").ok);
  EXPECT_TRUE(engine.set_field("notes", "Call me\nafter 5 & before 7", "it").ok);
  EXPECT_TRUE(engine
                  .set_consent({"privacy", true, "Acconsento al trattamento dei miei dati.",
                                "2026-01", "it", kNow - 60'000})
                  .empty());
  if (marketing) {
    EXPECT_TRUE(engine
                    .set_consent({"marketing", true, "Inviatemi novità via email.", "2026-01", "it",
                                  kNow - 50'000})
                    .empty());
  }
  engine.add_event({"page_view", kNow - 120'000, "/ebook/"});
  engine.add_event({"page_view", kNow - 90'000, "/pricing/"});
  v.lead = engine.lead();
  v.lead.id = "lead-1";
  v.lead.locale = "it";
  v.lead.submitted_at = kNow;
  v.lead.attribution = Json::parse(R"({"page_url": "https://example.it/ebook/?utm_source=news",
                                       "page_title": "Ebook", "referrer": "", "hutk": "6f453d92607b8108"})");
  v.assessment = engine.assess(kNow);
  return v;
}

// Decodes application/x-www-form-urlencoded text (WHATWG URL, "application/x-www-form-urlencoded
// parsing"): split on '&', then on the first '=', '+' to space, %XX to its byte.
std::vector<FormField> urldecode(const std::string& body) {
  auto decode = [](const std::string& s) {
    std::string out;
    auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  std::vector<FormField> out;
  std::size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(start, end - start);
    std::size_t eq = pair.find('=');
    out.emplace_back(decode(pair.substr(0, eq)),
                     eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
    start = end + 1;
  }
  return out;
}

// --- HubSpot -------------------------------------------------------------------------------

TEST(HubspotPayload, MapsAKnownLeadToTheExactSubmissionBody) {
  Visit v = known_visit(kHubspot);
  EXPECT_EQ(
      to_hubspot(*v.campaign, v.lead, v.assessment).dump(),
      R"({"submittedAt":"1795333066000","fields":[)"
      R"({"objectTypeId":"0-1","name":"email","value":"Mario.Rossi@example.it"},)"
      R"({"objectTypeId":"0-1","name":"firstname","value":"Mario"},)"
      R"({"objectTypeId":"0-1","name":"lastname","value":"Rossi"},)"
      R"({"objectTypeId":"0-1","name":"jobtitle","value":"Direttore Généràle"},)"
      R"({"objectTypeId":"0-1","name":"numemployees","value":"120.5"},)"
      R"({"objectTypeId":"0-1","name":"tools","value":"crm;bi"},)"
      R"({"objectTypeId":"0-1","name":"newsletter","value":"true"},)"
      R"({"objectTypeId":"0-1","name":"magnete_score","value":"15"},)"
      R"({"objectTypeId":"0-1","name":"magnete_grade","value":"A"},)"
      R"({"objectTypeId":"0-1","name":"magnete_band","value":"warm"},)"
      R"({"objectTypeId":"0-1","name":"magnete_stage","value":"mql"}],)"
      R"("context":{"hutk":"6f453d92607b8108","pageName":"Ebook","pageUri":"https://example.it/ebook/?utm_source=news"},)"
      R"("legalConsentOptions":{"consent":{"consentToProcess":true,)"
      R"("text":"Acconsento al trattamento dei miei dati.",)"
      R"("communications":[{"value":false,"subscriptionTypeId":7654321,"text":"Inviatemi novità via email."}]}}})");
}

TEST(HubspotPayload, ConsentTextIsExactlyWhatTheVisitorSaw) {
  Visit v = known_visit(kHubspot, true);
  // A wording the campaign no longer has: the record's text is the proof, not the campaign's.
  v.lead.consents[0].text = "Ho letto l'informativa «privacy» — e acconsento.\nRiga 2";
  OrderedJson body = to_hubspot(*v.campaign, v.lead, v.assessment);
  const OrderedJson& consent = body["legalConsentOptions"]["consent"];
  EXPECT_EQ(consent["text"], "Ho letto l'informativa «privacy» — e acconsento.\nRiga 2");
  EXPECT_EQ(consent["consentToProcess"], true);
  EXPECT_EQ(
      consent["communications"].dump(),
      R"([{"value":true,"subscriptionTypeId":7654321,"text":"Inviatemi novità via email."}])");
}

TEST(HubspotPayload, ConsentToProcessIsFalseUnlessTheRequiredConsentIsGranted) {
  Visit v = known_visit(kHubspot);
  v.lead.consents.push_back(
      {"privacy", false, "Acconsento al trattamento dei miei dati.", "2026-01", "it", kNow});
  EXPECT_EQ(to_hubspot(*v.campaign, v.lead,
                       v.assessment)["legalConsentOptions"]["consent"]["consentToProcess"],
            false);
  v.lead.consents.clear();  // never shown: the campaign's text in the visitor's locale
  OrderedJson consent =
      to_hubspot(*v.campaign, v.lead, v.assessment)["legalConsentOptions"]["consent"];
  EXPECT_EQ(consent["consentToProcess"], false);
  EXPECT_EQ(consent["text"], "Acconsento al trattamento dei miei dati.");
}

TEST(HubspotPayload, MultiCheckboxIsOneValueSeparatedBySemicolonsAndBooleansAreWords) {
  Visit v = known_visit(kHubspot);
  v.lead.contact["tools"] = Json::array({"crm", "erp", "bi"});
  v.lead.contact["newsletter"] = false;
  OrderedJson fields = to_hubspot(*v.campaign, v.lead, v.assessment)["fields"];
  EXPECT_EQ(fields[5].dump(), R"({"objectTypeId":"0-1","name":"tools","value":"crm;erp;bi"})");
  EXPECT_EQ(fields[6].dump(), R"({"objectTypeId":"0-1","name":"newsletter","value":"false"})");
}

TEST(HubspotPayload, NumbersAreTheirShortestDecimalText) {
  EXPECT_EQ(form_text(Json(120)), "120");
  EXPECT_EQ(form_text(Json(120.5)), "120.5");
  EXPECT_EQ(form_text(Json(0.125)), "0.125");
  EXPECT_EQ(form_text(Json(-3)), "-3");
  EXPECT_EQ(form_text(Json(1000000)), "1000000");
  EXPECT_EQ(form_text(Json(true)), "true");
  EXPECT_EQ(form_text(Json()), "");
  EXPECT_EQ(form_text(Json::array({"a", 2, true})), "a;2;true");
}

TEST(HubspotPayload, UnsetFieldsAreNotSentAndFalseLeavesAFieldOut) {
  Visit v = known_visit(kHubspot);
  v.lead.contact.erase("first_name");
  OrderedJson body = to_hubspot(*v.campaign, v.lead, v.assessment);
  for (const auto& field : body["fields"]) {
    EXPECT_NE(field["name"], "firstname");
    EXPECT_NE(field["name"], "notes");  // "notes": false
  }
  EXPECT_EQ(body["fields"].size(), 10u);
}

TEST(HubspotPayload, AssessmentFieldsCanBeRenamedAddedOrLeftOut) {
  Visit v = known_visit(R"({"endpoint": "/v1/leads", "format": "hubspot",
    "hubspot": {"portal_id": "1", "form_id": "f", "subscriptions": {"marketing": false},
                "fields": {"assessment.score": "lead_score_magnete", "assessment.band": false,
                           "assessment.fit": "magnete_fit", "tools": false}}})");
  OrderedJson body = to_hubspot(*v.campaign, v.lead, v.assessment);
  std::vector<std::string> names;
  for (const auto& field : body["fields"]) names.push_back(field["name"].get<std::string>());
  EXPECT_EQ(names,
            (std::vector<std::string>{"email", "first_name", "last_name", "job_title",
                                      "company_size", "newsletter", "notes", "lead_score_magnete",
                                      "magnete_fit", "magnete_grade", "magnete_stage"}));
  EXPECT_EQ(body["legalConsentOptions"]["consent"]["communications"].dump(), "[]");
}

TEST(HubspotPayload, NoRequiredConsentMeansNoLegalConsentOptions) {
  std::string text = campaign_text(R"({"endpoint": "/v1/leads", "format": "hubspot",
                                       "hubspot": {"portal_id": "1", "form_id": "f"}})");
  Json doc = Json::parse(text);
  doc["consents"] = Json::array();
  doc["scoring"]["stages"][0]["require"] = Json::array({"email"});
  CampaignResult result = parse_campaign(doc.dump());
  ASSERT_TRUE(result.ok()) << to_string(result.errors.at(0));
  Lead lead;
  lead.submitted_at = kNow;
  OrderedJson body = to_hubspot(*result.campaign, lead, Assessment{});
  EXPECT_EQ(body.dump(), R"({"submittedAt":"1795333066000","fields":[)"
                         R"({"objectTypeId":"0-1","name":"magnete_score","value":"0"}]})");
}

// --- Salesforce ----------------------------------------------------------------------------

TEST(SalesforcePayload, MapsAKnownLeadToOrderedFields) {
  Visit v = known_visit(kSalesforce, true);
  std::vector<FormField> expected = {
      {"oid", "00D5j000001uVaT"},
      {"email", "Mario.Rossi@example.it"},
      {"first_name", "Mario"},
      {"last_name", "Rossi"},
      {"title", "Direttore Généràle"},
      {"employees", "120.5"},
      {"00N5j000000pTbO", "crm"},
      {"00N5j000000pTbO", "bi"},
      {"emailOptIn__c", "1"},
      {"description",
       "Call me\nafter 5 & before 7\n"
       "Magnete: score 15 (fit 10, engagement 5), grade A, band warm, stage mql"},
      {"Marketing_Consent__c", "1"}};
  EXPECT_EQ(to_salesforce_fields(*v.campaign, v.lead, v.assessment), expected);
}

TEST(SalesforcePayload, BodyIsTheUrlencodedFormExactly) {
  Visit v = known_visit(kSalesforce);
  EXPECT_EQ(
      form_urlencode(to_salesforce_fields(*v.campaign, v.lead, v.assessment)),
      "oid=00D5j000001uVaT&email=Mario.Rossi%40example.it&first_name=Mario&last_name=Rossi"
      "&title=Direttore+G%C3%A9n%C3%A9r%C3%A0le&employees=120.5&00N5j000000pTbO=crm"
      "&00N5j000000pTbO=bi&emailOptIn__c=1"
      "&description=Call+me%0Aafter+5+%26+before+7%0AMagnete%3A+score+15+%28fit+10%2C+engagement+5"
      "%29%2C+grade+A%2C+band+warm%2C+stage+mql");
}

TEST(SalesforcePayload, StandardNamesPassThroughAndOtherUnmappedFieldsStayOut) {
  Visit v = known_visit(R"({"endpoint": "/v1/leads", "format": "salesforce",
                            "salesforce": {"oid": "00D5j000001uVaT"}})");
  std::vector<std::string> names;
  for (const auto& [name, value] : to_salesforce_fields(*v.campaign, v.lead, v.assessment))
    names.push_back(name);
  // job_title, company_size, tools, newsletter and notes have no standard name and no mapping.
  EXPECT_EQ(names,
            (std::vector<std::string>{"oid", "email", "first_name", "last_name", "description"}));
  EXPECT_TRUE(is_salesforce_standard_field("lead_source"));
  EXPECT_TRUE(is_salesforce_standard_field("emailOptOut"));
  EXPECT_FALSE(is_salesforce_standard_field("job_title"));
}

TEST(SalesforcePayload, AssessmentIsADescriptionLineWhenNoFieldTakesIt) {
  Visit v = known_visit(R"({"endpoint": "/v1/leads", "format": "salesforce",
                            "salesforce": {"oid": "00D5j000001uVaT"}})");
  auto fields = to_salesforce_fields(*v.campaign, v.lead, v.assessment);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields.back(), FormField("description",
                                     "Magnete: score 15 (fit 10, engagement 5), grade A, "
                                     "band warm, stage mql"));
  v.assessment.segments = {"crm_users", "hot_news"};
  v.assessment.outcome = "cardio";
  EXPECT_EQ(to_salesforce_fields(*v.campaign, v.lead, v.assessment).back().second,
            "Magnete: score 15 (fit 10, engagement 5), grade A, band warm, stage mql, quiz outcome "
            "cardio, "
            "segments crm_users;hot_news");
}

TEST(SalesforcePayload, MappedAssessmentKeysGoToCustomFieldsInstead) {
  Visit v = known_visit(R"({"endpoint": "/v1/leads", "format": "salesforce",
    "salesforce": {"oid": "00D5j000001uVaT",
                   "fields": {"assessment.score": "Magnete_Score__c", "assessment.stage": "Magnete_Stage__c",
                              "assessment.grade": false, "notes": "description"}}})");
  auto fields = to_salesforce_fields(*v.campaign, v.lead, v.assessment);
  std::vector<FormField> tail(fields.end() - 3, fields.end());
  EXPECT_EQ(tail, (std::vector<FormField>{{"description", "Call me\nafter 5 & before 7"},
                                          {"Magnete_Score__c", "15"},
                                          {"Magnete_Stage__c", "mql"}}));
}

TEST(SalesforcePayload, UntickedBoxesAndUngrantedConsentsAreLeftOutLikeABrowserDoes) {
  Visit v = known_visit(kSalesforce);  // marketing not granted
  v.lead.contact["newsletter"] = false;
  for (const auto& [name, value] : to_salesforce_fields(*v.campaign, v.lead, v.assessment)) {
    EXPECT_NE(name, "emailOptIn__c");
    EXPECT_NE(name, "Marketing_Consent__c");
  }
}

TEST(SalesforcePayload, DeliveryFormatCarriesTheContentType) {
  Visit v = known_visit(kSalesforce);
  OrderedJson out = to_delivery_format(*v.campaign, v.lead, v.assessment);
  EXPECT_EQ(out["format"], "salesforce");
  EXPECT_EQ(out["content_type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(out["body"], form_urlencode(to_salesforce_fields(*v.campaign, v.lead, v.assessment)));
  Visit h = known_visit(kHubspot);
  OrderedJson hub = to_delivery_format(*h.campaign, h.lead, h.assessment);
  EXPECT_EQ(hub["format"], "hubspot");
  EXPECT_EQ(hub["content_type"], "application/json");
  EXPECT_EQ(hub["body"], to_hubspot(*h.campaign, h.lead, h.assessment));
}

// --- application/x-www-form-urlencoded -----------------------------------------------------

TEST(FormUrlencode, FollowsTheWhatwgSerializer) {
  EXPECT_EQ(form_urlencode({}), "");
  EXPECT_EQ(form_urlencode({{"a b", "*-._~!'()"}}), "a+b=*-._%7E%21%27%28%29");
  EXPECT_EQ(form_urlencode({{"k", "&=+%/?#"}}), "k=%26%3D%2B%25%2F%3F%23");
  EXPECT_EQ(form_urlencode({{"é", "€ 𝐀"}}), "%C3%A9=%E2%82%AC+%F0%9D%90%80");
  EXPECT_EQ(form_urlencode({{"x", "a\r\nb\t"}, {"", ""}}), "x=a%0D%0Ab%09&=");
  EXPECT_EQ(form_urlencode({{"AZaz09", "ok"}}), "AZaz09=ok");
}

TEST(FormUrlencode, NaughtyStringsRoundTripThroughADecoder) {
  ParsedJson corpus =
      parse_json(testing::read_text(testing::corpus_path("naughty-strings/blns.json")));
  ASSERT_TRUE(corpus.ok()) << corpus.error;
  ASSERT_GT(corpus.value.size(), 400u);
  std::vector<FormField> fields;
  for (const auto& s : corpus.value) fields.emplace_back("n", s.get<std::string>());
  std::string body = form_urlencode(fields);
  // Only the unreserved bytes survive unencoded: no raw '&', '=', space or byte above 0x7F.
  for (char c : body) {
    auto u = static_cast<unsigned char>(c);
    bool allowed = (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                   c == '*' || c == '-' || c == '.' || c == '_' || c == '%' || c == '+' ||
                   c == '&' || c == '=';
    ASSERT_TRUE(allowed) << "raw byte " << static_cast<int>(u);
  }
  EXPECT_EQ(urldecode(body), fields);
  // A few by hand (blns: quotes, script tag, RTL text, emoji).
  for (const std::string& s :
       {std::string("<script>alert(123)</script>"), std::string("\"'\"'\"''''\""),
        std::string("בְּרֵאשִׁית"), std::string("👩🏽"), std::string("%d %s %n")}) {
    EXPECT_EQ(urldecode(form_urlencode({{s, s}})), (std::vector<FormField>{{s, s}})) << s;
  }
  EXPECT_EQ(form_urlencode({{"q", "<script>alert(123)</script>"}}),
            "q=%3Cscript%3Ealert%28123%29%3C%2Fscript%3E");
}

// --- Campaign keys: delivery.hubspot, delivery.salesforce -------------------------------------

TEST(DeliveryMapping, TheShippedVendorCampaignsParse) {
  EXPECT_NE(campaign(kHubspot), nullptr);
  EXPECT_NE(campaign(kSalesforce), nullptr);
}

TEST(DeliveryMapping, AnUnknownSourceNamesItsPathAndTheNearestName) {
  auto errors = delivery_errors(R"({"endpoint": "/v1/leads", "format": "salesforce",
    "salesforce": {"oid": "00D", "fields": {"job_titel": "title", "assessment.scor": "S__c",
                                            "consent.marketting": "M__c"}}})");
  EXPECT_TRUE(has_error(errors,
                        "delivery.salesforce.fields.job_titel: no field \"job_titel\" in fields; "
                        "did you mean \"job_title\"?"));
  EXPECT_TRUE(
      has_error(errors,
                "delivery.salesforce.fields.assessment.scor: expected one of \"assessment.score\", "
                "\"assessment.fit\", \"assessment.engagement\", \"assessment.grade\", "
                "\"assessment.band\", \"assessment.stage\", \"assessment.outcome\" or "
                "\"assessment.segments\"; did you mean \"assessment.score\"?"));
  EXPECT_TRUE(
      has_error(errors,
                "delivery.salesforce.fields.consent.marketting: no consent \"marketting\" in "
                "consents; did you mean \"consent.marketing\"?"));
  EXPECT_EQ(errors.size(), 3u);
}

TEST(DeliveryMapping, AnEmptyOrWrongTypedValueIsAnErrorAndAnUnknownVendorNameIsNot) {
  auto errors = delivery_errors(R"({"endpoint": "/v1/leads", "format": "salesforce",
    "salesforce": {"oid": "00D", "fields": {"job_title": "", "first_name": " ", "last_name": true,
                                            "company_size": "NoSuchField__c", "notes": "oid"}}})");
  EXPECT_TRUE(has_error(errors,
                        "delivery.salesforce.fields.job_title: expected a field name, got an empty "
                        "string; write false to leave it out"));
  EXPECT_TRUE(
      has_error(errors,
                "delivery.salesforce.fields.first_name: expected a field name, got an empty "
                "string; write false to leave it out"));
  EXPECT_TRUE(has_error(
      errors, "delivery.salesforce.fields.last_name: expected a field name or false, got true"));
  EXPECT_TRUE(has_error(
      errors, "delivery.salesforce.fields.notes: \"oid\" is set from delivery.salesforce.oid"));
  EXPECT_EQ(errors.size(), 4u);
  EXPECT_TRUE(has_error(
      delivery_errors(R"({"endpoint": "/v1/leads",
    "hubspot": {"portal_id": "1", "form_id": "f", "fields": []}})"),
      "delivery.hubspot.fields: expected an object of at most 150 {\"<field>\": \"<name>\" or "
      "false}, got an array"));
}

TEST(DeliveryMapping, TwoSourcesIntoOneVendorFieldAreAnError) {
  EXPECT_TRUE(has_error(
      delivery_errors(R"({"endpoint": "/v1/leads", "format": "salesforce",
    "salesforce": {"oid": "00D", "fields": {"notes": "first_name"}}})"),
      "delivery.salesforce.fields.notes: \"first_name\" already receives field \"first_name\"; "
      "map one of them to another name or to false"));
  EXPECT_TRUE(
      has_error(delivery_errors(R"({"endpoint": "/v1/leads", "format": "hubspot",
    "hubspot": {"portal_id": "1", "form_id": "f", "subscriptions": {"marketing": 1},
                "fields": {"assessment.fit": "magnete_score"}}})"),
                "delivery.hubspot.fields.assessment.fit: \"magnete_score\" already receives "
                "assessment.score; map one of them to another name or to false"));
}

TEST(DeliveryMapping, TheVendorSectionIsRequiredForItsFormat) {
  EXPECT_TRUE(has_error(
      delivery_errors(R"({"endpoint": "/v1/leads", "format": "hubspot"})"),
      "delivery.hubspot: required when format is \"hubspot\": {\"portal_id\", \"form_id\"}"));
  EXPECT_TRUE(has_error(delivery_errors(R"({"endpoint": "/v1/leads", "format": "salesforce"})"),
                        "delivery.salesforce: required when format is \"salesforce\": {\"oid\"}"));
  EXPECT_TRUE(has_error(delivery_errors(R"({"endpoint": "/v1/leads", "format": "salesforce",
                                            "salesforce": {"fields": {}}})"),
                        "delivery.salesforce.oid: required, expected an identifier"));
}

TEST(DeliveryMapping, EveryOptionalConsentNeedsAHubspotSubscriptionOrFalse) {
  auto errors = delivery_errors(R"({"endpoint": "/v1/leads", "format": "hubspot",
                                    "hubspot": {"portal_id": "1", "form_id": "f"}})");
  EXPECT_TRUE(
      has_error(errors,
                "delivery.hubspot.subscriptions: the optional consent \"marketing\" needs a "
                "HubSpot subscriptionTypeId, or false to keep it out of HubSpot"));
  errors = delivery_errors(R"({"endpoint": "/v1/leads", "format": "hubspot",
    "hubspot": {"portal_id": "1", "form_id": "f",
                "subscriptions": {"privacy": 5, "marketing": -2, "newsletter": 3}}})");
  EXPECT_TRUE(
      has_error(errors,
                "delivery.hubspot.subscriptions.privacy: \"privacy\" is required: it travels as "
                "consentToProcess; subscriptions are for optional consents"));
  EXPECT_TRUE(
      has_error(errors,
                "delivery.hubspot.subscriptions.marketing: expected a subscriptionTypeId (an "
                "integer above 0) or false, got -2"));
  EXPECT_TRUE(has_error(
      errors, "delivery.hubspot.subscriptions.newsletter: no consent \"newsletter\" in consents"));
}

// --- Session: what the browser gets -----------------------------------------------------------

std::string session_result(const std::string& delivery) {
  Session session(campaign_text(delivery));
  session.set_field("email", R"("mario@example.it")", "en");
  session.set_field("last_name", R"("Rossi & Figli")", "en");
  session.set_consent(
      R"({"id":"privacy","granted":true,"text":"I agree to the processing of my data.",)"
      R"("version":"2026-01","locale":"en","at":"2026-11-22T07:00:00Z"})");
  return session.build_payload(
      R"({"id":"lead-1","locale":"en","attribution":{"page_url":"https://example.it/"}})",
      "2026-11-22T07:01:00Z");
}

TEST(SessionDelivery, BuildPayloadReturnsTheReadyRequestInTheVendorFormat) {
  ParsedJson sf = parse_json(session_result(kSalesforce));
  ASSERT_TRUE(sf.ok());
  EXPECT_EQ(sf.value["payload"]["schema"], "magnete-v1");
  const Json& request = sf.value["request"];
  EXPECT_EQ(request["url"], "/v1/leads");  // the campaign's endpoint
  EXPECT_EQ(request["content_type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(request["body"],
            "oid=00D5j000001uVaT&email=mario%40example.it&last_name=Rossi+%26+Figli"
            "&description=Magnete%3A+score+0+%28fit+0%2C+engagement+0%29%2C+grade+F%2C+"
            "band+cold%2C+stage+lead");
  EXPECT_EQ(request["timeout_ms"], 10000);
  ParsedJson hs = parse_json(session_result(kHubspot));
  ASSERT_TRUE(hs.ok());
  EXPECT_EQ(hs.value["request"]["content_type"], "application/json");
  ParsedJson body = parse_json(hs.value["request"]["body"].get<std::string>());
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body.value["submittedAt"], "1795330860000");
  EXPECT_EQ(body.value["context"].dump(), R"({"pageUri":"https://example.it/"})");
}

TEST(SessionDelivery, MagneteV1SendsThePayloadItselfWithTheCampaignsHeadersAndTimeout) {
  ParsedJson out = parse_json(session_result(
      R"({"endpoint": "/v1/leads", "headers": {"X-Site": "demo"}, "timeout_ms": 4000})"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value["payload"]["schema"], "magnete-v1");
  const Json& request = out.value["request"];
  EXPECT_EQ(request["url"], "/v1/leads");
  EXPECT_EQ(request["content_type"], "application/json");
  EXPECT_EQ(request["body"], out.value["payload"].dump());
  EXPECT_EQ(request["headers"].dump(), R"({"X-Site":"demo"})");
  EXPECT_EQ(request["timeout_ms"], 4000);
}

}  // namespace
}  // namespace magnete
