// The campaign's "forward" destinations (campaign/campaign_parser.cpp) and the requests the
// collector sends them (payload/forward.cpp): built by the same vendor builders as "delivery".
#include "magnete/forward.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "magnete/engine.hpp"
#include "magnete/payload.hpp"

namespace magnete {
namespace {

constexpr TimeMs kNow = 1795333066000;  // 2026-11-22T07:37:46Z

const char* kHubspotVendor = R"({"portal_id": "123456", "form_id": "0a1b2c3d",
  "fields": {"first_name": "firstname", "notes": false}, "subscriptions": {"marketing": 7654321}})";
const char* kSalesforceVendor = R"({"oid": "00D5j000001uVaT",
  "fields": {"job_title": "title", "consent.marketing": "Marketing_Consent__c"}})";

// A campaign whose stages are lead (email and privacy) and mql (score 12); `forward` is its
// forward section and `delivery` its delivery section.
std::string campaign_text(const std::string& forward,
                          const std::string& delivery = R"({"endpoint": "/v1/leads"})") {
  return R"({
    "id": "fwd", "version": "1", "default_locale": "en",
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"},
               {"name": "first_name", "type": "text", "label": "First name"},
               {"name": "last_name", "type": "text", "label": "Last name"},
               {"name": "job_title", "type": "text", "label": "Job title"},
               {"name": "notes", "type": "textarea", "label": "Notes"}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "I agree."},
                 {"id": "marketing", "version": "1", "text": "News, please."}],
    "scoring": {
      "engagement": [{"id": "visit", "event": "page_view", "points": 5}],
      "grades": {"A": 10},
      "bands": {"warm": 10, "hot": 20},
      "stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
                 {"id": "mql", "min_score": 12}]
    },
    "delivery": )" +
         delivery + R"(,
    "forward": )" +
         forward + "}";
}

const std::string kThree = std::string(R"([
  {"id": "crm", "format": "hubspot", "when": "qualified", "hubspot": )") +
                           kHubspotVendor + R"(},
  {"id": "sf", "format": "salesforce", "endpoint": "http://127.0.0.1:9/sf", "timeout_ms": 3000,
   "headers": {"X-Team": "sales"}, "salesforce": )" +
                           kSalesforceVendor + R"(},
  {"id": "hook", "format": "webhook", "endpoint": "https://hooks.example.com/in", "when": "lead",
   "secret": "hook_key"}])";

std::shared_ptr<const Campaign> campaign(const std::string& text) {
  CampaignResult result = parse_campaign(text);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  if (!result.ok()) return nullptr;
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

std::vector<std::string> errors_of(const std::string& forward) {
  std::vector<std::string> out;
  for (const auto& e : parse_campaign(campaign_text(forward)).errors) out.push_back(to_string(e));
  return out;
}

::testing::AssertionResult has_error(const std::vector<std::string>& errors,
                                     const std::string& wanted) {
  for (const auto& e : errors) {
    if (e.rfind(wanted, 0) == 0) return ::testing::AssertionSuccess();
  }
  auto failure = ::testing::AssertionFailure() << "no error starting \"" << wanted << "\" among:";
  for (const auto& e : errors) failure << "\n  " << e;
  return failure;
}

struct Visit {
  Lead lead;
  Assessment assessment;
};

// A visitor with `views` page views (5 points each): 2 make an mql, 0 a bare lead.
Visit visit(const std::shared_ptr<const Campaign>& c, int views) {
  Engine engine(c);
  EXPECT_TRUE(engine.set_field("email", "ada@example.com", "en").ok);
  EXPECT_TRUE(engine.set_field("first_name", "Ada", "en").ok);
  EXPECT_TRUE(engine.set_field("job_title", "CTO", "en").ok);
  EXPECT_TRUE(engine.set_field("notes", "hi", "en").ok);
  EXPECT_TRUE(engine.set_consent({"privacy", true, "I agree.", "1", "en", kNow - 60'000}).empty());
  for (int i = 0; i < views; ++i) engine.add_event({"page_view", kNow - 1000 * (i + 1), "/"});
  Visit v{engine.lead(), {}};
  v.lead.id = "lead-7";
  v.lead.submitted_at = kNow;
  v.assessment = engine.assess(kNow);
  return v;
}

TEST(ForwardSection, ParsesEachDestinationWithTheVendorsDocumentedUrlByDefault) {
  auto c = campaign(campaign_text(kThree));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->forward.size(), 3u);
  const ForwardDestination& crm = c->forward[0];
  EXPECT_EQ(crm.id, "crm");
  EXPECT_EQ(crm.delivery.format, Delivery::Format::kHubspot);
  EXPECT_EQ(crm.delivery.endpoint,
            "https://api.hsforms.com/submissions/v3/integration/submit/123456/0a1b2c3d");
  EXPECT_EQ(crm.delivery.when, Delivery::When::kStage);
  EXPECT_EQ(crm.delivery.stage, "mql");  // "qualified": Campaign::qualifying_stage()
  EXPECT_EQ(crm.delivery.hubspot_subscriptions.at("marketing"), 7654321);
  EXPECT_EQ(crm.secret, "");
  const ForwardDestination& sf = c->forward[1];
  EXPECT_EQ(sf.delivery.endpoint, "http://127.0.0.1:9/sf");  // an endpoint overrides
  EXPECT_EQ(sf.delivery.when, Delivery::When::kAll);
  EXPECT_EQ(sf.delivery.timeout_ms, 3000);
  EXPECT_EQ(sf.delivery.headers.at("X-Team"), "sales");
  EXPECT_EQ(sf.delivery.salesforce_oid, "00D5j000001uVaT");
  const ForwardDestination& hook = c->forward[2];
  EXPECT_EQ(hook.delivery.format, Delivery::Format::kWebhook);
  EXPECT_EQ(hook.secret, "hook_key");
  EXPECT_EQ(hook.delivery.stage, "lead");
  // The delivery section is untouched by the forward one.
  EXPECT_EQ(c->delivery.format, Delivery::Format::kMagneteV1);
  EXPECT_EQ(c->delivery.endpoint, "/v1/leads");

  auto salesforce_default = campaign(
      campaign_text(std::string(R"([{"id": "sf", "format": "salesforce", "salesforce": )") +
                    kSalesforceVendor + "}]"));
  ASSERT_TRUE(salesforce_default);
  EXPECT_EQ(salesforce_default->forward[0].delivery.endpoint,
            "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8");
  auto none = campaign(campaign_text("[]"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->forward.empty());
}

TEST(ForwardSection, ErrorsNameTheDestinationsPathAndWhatWasExpected) {
  EXPECT_TRUE(
      has_error(errors_of(R"([{"id": "a", "format": "salesforce", "salesforce": {"oid": "1"}},
      {"id": "a", "format": "salesforce", "salesforce": {"oid": "2"}}])"),
                "forward[1].id: duplicate destination id \"a\""));
  EXPECT_TRUE(
      has_error(errors_of(R"([{"id": "", "format": "salesforce", "salesforce": {"oid": "1"}}])"),
                "forward[0].id: "));
  EXPECT_TRUE(has_error(errors_of(R"([{"format": "salesforce", "salesforce": {"oid": "1"}}])"),
                        "forward[0].id: "));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "h", "format": "webhook", "secret": "k"}])"),
                        "forward[0].endpoint: required when format is \"webhook\""));
  EXPECT_TRUE(has_error(
      errors_of(R"([{"id": "h", "format": "webhook", "endpoint": "https://x.example/"}])"),
      "forward[0].secret: required when format is \"webhook\": the name of a "
      "secret in the collector's configuration"));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "s", "format": "salesforce", "secret": "k",
      "salesforce": {"oid": "1"}}])"),
                        "forward[0].secret: only a webhook is signed"));
  EXPECT_TRUE(has_error(
      errors_of(R"([{"id": "m", "format": "magnete-v1", "endpoint": "https://x.example/"}])"),
      "forward[0].format: "));
  EXPECT_TRUE(
      has_error(errors_of(R"([{"id": "c", "format": "hubspot", "hubspot": {"form_id": "f"}}])"),
                "forward[0].hubspot.portal_id: "));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "c", "format": "hubspot"}])"),
                        "forward[0].hubspot: required when format is \"hubspot\""));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "s", "format": "salesforce", "endpoint": "/v1/sf",
      "salesforce": {"oid": "1"}}])"),
                        "forward[0].endpoint: expected an absolute http(s):// URL"));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "s", "format": "salesforce", "when": "sql",
      "salesforce": {"oid": "1"}}])"),
                        "forward[0].when: expected \"all\", \"qualified\""));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "s", "format": "salesforce",
      "salesforce": {"oid": "1", "fields": {"jobtitle": "title"}}}])"),
                        "forward[0].salesforce.fields.jobtitle: no field \"jobtitle\" in fields; "
                        "did you mean \"job_title\"?"));
  EXPECT_TRUE(has_error(errors_of(R"([{"id": "c", "format": "hubspot",
      "hubspot": {"portal_id": "1", "form_id": "2"}}])"),
                        "forward[0].hubspot.subscriptions: the optional consent \"marketing\""));
  EXPECT_TRUE(
      has_error(errors_of(R"([{"id": "s", "format": "salesforce", "salesforce": {"oid": "1"},
      "allowed_origins": []}])"),
                "forward[0].allowed_origins: unknown key"));
  EXPECT_TRUE(has_error(errors_of(R"({"id": "s"})"), "forward: "));
}

TEST(ForwardRequests, OnlyDestinationsWhoseWhenTheAssessmentMeets) {
  auto c = campaign(campaign_text(kThree));
  ASSERT_TRUE(c);
  Visit lead = visit(c, 0);
  ASSERT_EQ(lead.assessment.stage, "lead");
  std::vector<ForwardRequest> some = forward_requests(*c, lead.lead, lead.assessment);
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0].destination, "sf");
  EXPECT_EQ(some[1].destination, "hook");
  Visit mql = visit(c, 3);
  ASSERT_EQ(mql.assessment.stage, "mql");
  std::vector<ForwardRequest> all = forward_requests(*c, mql.lead, mql.assessment);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].destination, "crm");
  Visit nobody = visit(c, 0);
  nobody.assessment.stage = "visitor";
  ASSERT_EQ(forward_requests(*c, nobody.lead, nobody.assessment).size(), 1u);  // "all" only
}

// The same builders as "delivery": a destination's body is byte for byte what a campaign
// delivering to that vendor with the same keys builds.
TEST(ForwardRequests, BodiesAreTheDeliveryBuildersOutputForTheSameVendorKeys) {
  auto c = campaign(campaign_text(kThree));
  ASSERT_TRUE(c);
  Visit v = visit(c, 3);
  std::vector<ForwardRequest> requests = forward_requests(*c, v.lead, v.assessment);
  ASSERT_EQ(requests.size(), 3u);

  auto hubspot = campaign(
      campaign_text("[]", std::string(R"({"endpoint": "/x", "format": "hubspot", "hubspot": )") +
                              kHubspotVendor + "}"));
  ASSERT_TRUE(hubspot);
  const ForwardRequest& crm = requests[0];
  EXPECT_EQ(crm.format, "hubspot");
  EXPECT_EQ(crm.url, "https://api.hsforms.com/submissions/v3/integration/submit/123456/0a1b2c3d");
  EXPECT_EQ(crm.content_type, "application/json");
  EXPECT_EQ(crm.body, to_hubspot(*hubspot, v.lead, v.assessment).dump());
  EXPECT_EQ(crm.body, to_delivery_format(*hubspot, v.lead, v.assessment)["body"].dump());
  EXPECT_EQ(crm.timeout_ms, 10'000);
  EXPECT_TRUE(crm.headers.empty());
  EXPECT_EQ(crm.secret, "");
  EXPECT_NE(crm.body.find(R"("name":"firstname","value":"Ada")"), std::string::npos);
  EXPECT_EQ(crm.body.find("notes"), std::string::npos);  // mapped to false

  auto salesforce = campaign(campaign_text(
      "[]", std::string(R"({"endpoint": "/x", "format": "salesforce", "salesforce": )") +
                kSalesforceVendor + "}"));
  ASSERT_TRUE(salesforce);
  const ForwardRequest& sf = requests[1];
  EXPECT_EQ(sf.format, "salesforce");
  EXPECT_EQ(sf.url, "http://127.0.0.1:9/sf");
  EXPECT_EQ(sf.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(sf.body, to_delivery_format(*salesforce, v.lead, v.assessment)["body"]);
  EXPECT_EQ(sf.body.rfind("oid=00D5j000001uVaT&", 0), 0u);
  EXPECT_EQ(sf.timeout_ms, 3000);
  EXPECT_EQ(sf.headers.at("X-Team"), "sales");

  const ForwardRequest& hook = requests[2];
  EXPECT_EQ(hook.format, "webhook");
  EXPECT_EQ(hook.url, "https://hooks.example.com/in");
  EXPECT_EQ(hook.content_type, "application/json");
  EXPECT_EQ(hook.body, to_magnete_v1(*c, v.lead, v.assessment).dump());
  EXPECT_EQ(Json::parse(hook.body)["id"], "lead-7");
  EXPECT_EQ(hook.headers.at("Idempotency-Key"), "lead-7");
  EXPECT_EQ(hook.secret, "hook_key");
}

// The assessment given is the one sent: the collector's, not the browser's.
TEST(ForwardRequests, CarryTheAssessmentGiven) {
  auto c = campaign(campaign_text(kThree));
  ASSERT_TRUE(c);
  Visit v = visit(c, 3);
  Assessment server = v.assessment;
  server.score = 99 * kMilli;
  server.grade = "Z";
  std::vector<ForwardRequest> requests = forward_requests(*c, v.lead, server);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_NE(requests[0].body.find(R"({"objectTypeId":"0-1","name":"magnete_score","value":"99"})"),
            std::string::npos);
  EXPECT_NE(requests[1].body.find("score+99"), std::string::npos) << requests[1].body;
  EXPECT_EQ(Json::parse(requests[2].body)["assessment"]["score"], 99);
}

TEST(ForwardRequests, RoundTripThroughTheOutboxsJson) {
  auto c = campaign(campaign_text(kThree));
  ASSERT_TRUE(c);
  Visit v = visit(c, 3);
  for (const auto& request : forward_requests(*c, v.lead, v.assessment)) {
    OrderedJson json = to_json(request);
    EXPECT_EQ(json.begin().key(), "format");
    ForwardRequest back;
    ASSERT_TRUE(read_forward_request(Json::parse(json.dump()), back));
    EXPECT_EQ(back.format, request.format);
    EXPECT_EQ(back.url, request.url);
    EXPECT_EQ(back.content_type, request.content_type);
    EXPECT_EQ(back.body, request.body);
    EXPECT_EQ(back.headers, request.headers);
    EXPECT_EQ(back.timeout_ms, request.timeout_ms);
    EXPECT_EQ(back.secret, request.secret);
  }
  ForwardRequest out;
  EXPECT_FALSE(read_forward_request(Json::parse(R"({"format": "webhook"})"), out));
  EXPECT_FALSE(read_forward_request(Json::parse("[]"), out));
}

}  // namespace
}  // namespace magnete
