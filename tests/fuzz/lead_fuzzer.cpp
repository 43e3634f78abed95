// libFuzzer target: bytes -> magnete::parse_lead, scored against the seed campaign
// (demo/campaigns/seed-b2b.json, embedded at build time) and delivered in every format
// (magnete-v1, and the same campaign mapped to HubSpot and to Salesforce). The same bytes
// also go, as one JSON value, through every Session call the wasm module exposes (set_field
// for each field type, set_consent, add_event, answer, build_payload to Salesforce) and through
// assess_lead_json; each answer must be a JSON object with a boolean "ok". Short inputs also
// go through time and decimal parsing (round trips) and serve as assess_lead_json's `now`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "magnete/magnete.hpp"

namespace {

using namespace magnete;

constexpr std::string_view kSeedCampaign =
#include "seed_campaign.inc"
    ;
constexpr std::string_view kNow = "2026-11-22T10:00:00Z";

// The seed campaign's delivery replaced by HubSpot's and Salesforce's, for the vendor mappings.
constexpr const char* kHubspotDelivery =
    R"({"endpoint": "https://api.hsforms.com/submissions/v3/integration/submit/1/f",
        "format": "hubspot", "hubspot": {"portal_id": "1", "form_id": "f",
        "fields": {"first_name": "firstname", "job_title": "jobtitle",
                   "assessment.segments": "magnete_segments"},
        "subscriptions": {"marketing": 42}}})";
constexpr const char* kSalesforceDelivery =
    R"({"endpoint": "https://webto.salesforce.com/servlet/servlet.WebToLead",
        "format": "salesforce", "salesforce": {"oid": "00D5j000001uVaT",
        "fields": {"job_title": "title", "company_size": "employees",
                   "consent.marketing": "Marketing_Opt_In__c"}}})";

std::string seed_text(const char* delivery) {
  Json document = parse_json(kSeedCampaign).value;
  if (delivery != nullptr) document["delivery"] = parse_json(delivery).value;
  return document.dump();
}

std::shared_ptr<const Campaign> campaign_of(const std::string& text) {
  CampaignResult result = parse_campaign(text);
  if (!result.ok()) fuzz::fail("a seed campaign does not parse", to_json(result.errors).dump());
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

const std::vector<std::shared_ptr<const Campaign>>& vendor_campaigns() {
  static const std::vector<std::shared_ptr<const Campaign>> campaigns = {
      campaign_of(seed_text(kHubspotDelivery)), campaign_of(seed_text(kSalesforceDelivery))};
  return campaigns;
}

void score_lead(const std::shared_ptr<const Campaign>& campaign, std::string_view text) {
  LeadResult lead = parse_lead(text);
  MAGNETE_FUZZ_CHECK(lead.ok() == lead.errors.empty(), "a lead xor its errors");
  fuzz::check_errors(lead.errors);
  if (!lead.ok()) return;
  Engine engine(campaign);
  fuzz::check_errors(engine.load(*lead.lead));
  TimeMs now = assessment_time(*lead.lead);
  Assessment assessment = engine.assess(now);
  MAGNETE_FUZZ_CHECK(assessment.score == assessment.fit + assessment.engagement, "score");
  (void)to_json(assessment).dump();
  (void)active_triggers(*campaign, assessment, engine.lead());
  (void)engine.build_payload(*lead.lead, now).dump();
  Lead delivered = engine.lead();  // normalised contact, with the sender's own parts
  delivered.id = lead.lead->id;
  delivered.locale = lead.lead->locale;
  delivered.attribution = lead.lead->attribution;
  delivered.meta = lead.lead->meta;
  delivered.submitted_at = now;
  for (const auto& vendor : vendor_campaigns()) {
    (void)to_delivery_format(*vendor, delivered, assessment).dump();
  }
}

void drive_session(const Session& prototype, std::string_view text) {
  Session session = prototype;  // a fresh visitor, without re-parsing the campaign
  // One field of each type (email, text, select, number): every call parses the bytes again.
  for (const char* name : {"email", "job_title", "sector", "age"}) {
    fuzz::check_answer(session.set_field(name, text, "it"));
  }
  fuzz::check_answer(session.set_consent(text));
  fuzz::check_answer(session.add_event(text));
  fuzz::check_answer(session.answer("goal", text));
  fuzz::check_answer(session.assess(kNow));
  fuzz::check_answer(session.build_payload(text, kNow));
}

// Short inputs are also tried as the times and decimals the core parses, and as the `now`
// a host passes to assess_lead_json (wasm's assessLead).
void short_values(std::string_view text) {
  if (text.size() > 64) return;
  fuzz::check_answer(assess_lead_json(kSeedCampaign, "{}", text));
  if (auto t = parse_time(text)) {
    auto again = parse_time(format_time(*t));
    MAGNETE_FUZZ_CHECK(again && *again == *t, format_time(*t));
  }
  if (auto m = parse_decimal(text)) {
    auto again = parse_decimal(milli_to_string(*m));
    MAGNETE_FUZZ_CHECK(again && *again == *m, milli_to_string(*m));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const Campaign> campaign = campaign_of(std::string(kSeedCampaign));
  // The Session delivers to Salesforce, so build_payload also urlencodes the fuzzed values.
  static const Session prototype(seed_text(kSalesforceDelivery));
  std::string_view text(reinterpret_cast<const char*>(data), size);
  score_lead(campaign, text);
  drive_session(prototype, text);
  fuzz::check_answer(assess_lead_json(kSeedCampaign, text, ""));
  short_values(text);
  return 0;
}
