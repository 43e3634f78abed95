#pragma once
// The benchmark workloads, generated rather than stored: a 60-rule campaign (20 fit rules,
// 40 engagement rules over 20 event types, with or without decay), event streams and leads.
// Integer arithmetic only, so the native benchmark, the wasm loop (same source, compiled by
// Emscripten) and the node script (which reads the files bench_engine --write-workload
// writes) all see the same bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "magnete/engine.hpp"
#include "magnete/lead.hpp"
#include "magnete/time.hpp"

namespace magnete::bench {

inline constexpr std::size_t kEventTypes = 20;
inline constexpr std::size_t kAssessEvents = 50;   ///< events behind the assess() benchmark
inline constexpr std::size_t kEventStream = 1000;  ///< LeadLimits::kMaxEvents: one Engine's worth
inline constexpr std::size_t kLeadPool = 4096;     ///< distinct JSONL lines, cycled
inline constexpr std::size_t kJsonlLeads = 1'000'000;
inline constexpr TimeMs kStart = 1'793'000'000'000;  // 2026-10-26T08:53:20Z
inline constexpr const char* kNowIso = "2026-11-22T10:00:00Z";

/// SplitMix64: small, fast and the same on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

inline const std::vector<std::string>& event_types() {
  static const std::vector<std::string> types = {
      "page_view",          "ad_click",         "newsletter_signup",
      "webinar_registered", "webinar_attended", "download",
      "video_play",         "video_complete",   "share",
      "form_submit",        "pricing_view",     "demo_request",
      "chat_open",          "email_open",       "email_click",
      "quiz_start",         "quiz_complete",    "cta_click",
      "scroll_75",          "return_visit"};
  return types;
}

inline const std::vector<std::string>& event_values() {
  static const std::vector<std::string> values = {
      "/", "/pricing", "/pricing/enterprise", "/blog/webinar-recap", "/ebook", ""};
  return values;
}

/// 20 fit rules over 9 fields, 40 engagement rules (two per event type: a plain one, and
/// one with a filter, max_count or max_points), grades, bands, 3 stages, 3 segments.
inline std::string campaign_json(bool decay) {
  std::string s;
  s += R"({"id": "bench-60-rules", "version": "1", "default_locale": "en",)";
  s += R"("fields": [
  {"name": "email", "type": "email", "required": true, "label": "Email"},
  {"name": "first_name", "type": "text", "label": "First name"},
  {"name": "job_title", "type": "text", "label": "Job title"},
  {"name": "sector", "type": "select", "label": "Sector",
   "options": ["fitness", "wellness", "retail", "manufacturing", "services", "other"]},
  {"name": "company_size", "type": "number", "min": 1, "max": 1000000, "label": "Employees"},
  {"name": "age", "type": "number", "min": 16, "max": 100, "label": "Age"},
  {"name": "country", "type": "select", "label": "Country",
   "options": ["IT", "FR", "DE", "ES", "GB", "US"]},
  {"name": "revenue", "type": "number", "min": 0, "label": "Revenue"},
  {"name": "newsletter", "type": "checkbox", "label": "Newsletter"}],
"consents": [{"id": "privacy", "required": true, "version": "2026-01", "text": "Privacy"},
             {"id": "marketing", "version": "2026-01", "text": "Marketing"}],
"scoring": {"fit": [
  {"id": "age_over_25", "field": "age", "op": "per_unit_over", "value": 25, "points": 1, "max_points": 20},
  {"id": "target_sector", "field": "sector", "op": "in", "values": ["fitness", "wellness"], "points": 5},
  {"id": "company_over_50", "field": "company_size", "op": "gt", "value": 50, "points": 3},
  {"id": "decision_maker", "field": "job_title", "op": "contains_any", "points": 2,
   "values": ["ceo", "founder", "owner", "titolare", "direttore", "director", "head of",
              "responsabile", "general manager", "president", "vp", "cto", "cmo", "partner"]},
  {"id": "country_it", "field": "country", "op": "eq", "value": "IT", "points": 2},
  {"id": "country_eu", "field": "country", "op": "in", "values": ["FR", "DE", "ES"], "points": 1},
  {"id": "small_company", "field": "company_size", "op": "between", "min": 10, "max": 49, "points": 1},
  {"id": "large_company", "field": "company_size", "op": "gte", "value": 250, "points": 2},
  {"id": "revenue_1m", "field": "revenue", "op": "gt", "value": 1000000, "points": 4},
  {"id": "revenue_low", "field": "revenue", "op": "lt", "value": 10000, "points": -2},
  {"id": "newsletter_opt_in", "field": "newsletter", "op": "present", "points": 1},
  {"id": "named", "field": "first_name", "op": "present", "points": 1},
  {"id": "student", "field": "job_title", "op": "contains_any", "values": ["student", "intern", "stagista"], "points": -5},
  {"id": "sector_other", "field": "sector", "op": "eq", "value": "other", "points": -1},
  {"id": "too_young", "field": "age", "op": "lt", "value": 20, "points": -3},
  {"id": "prime_age", "field": "age", "op": "between", "min": 30, "max": 55, "points": 2},
  {"id": "revenue_steps", "field": "revenue", "op": "per_unit_over", "value": 0, "unit": 100000, "points": 0.5, "max_points": 10},
  {"id": "size_steps", "field": "company_size", "op": "per_unit_over", "value": 0, "unit": 100, "points": 1, "max_points": 5},
  {"id": "retail_services", "field": "sector", "op": "in", "values": ["retail", "services"], "points": 2},
  {"id": "go_to_market", "field": "job_title", "op": "contains_any", "values": ["marketing", "sales", "vendite"], "points": 1}],
"engagement": [)";
  const auto& types = event_types();
  for (std::size_t k = 0; k < types.size(); ++k) {
    const std::string& t = types[k];
    s += k == 0 ? "\n  " : ",\n  ";
    s += R"({"id": ")" + t + R"(", "event": ")" + t + R"(", "points": )" +
         std::to_string(1 + k % 7) + "},\n  ";
    s += R"({"id": ")" + t + R"(_extra", "event": ")" + t + R"(", "points": )" +
         std::to_string(2 + k % 5);
    switch (k % 4) {
      case 0:
        s += R"(, "filter": {"prefix": "/pricing"}})";
        break;
      case 1:
        s += R"(, "max_count": 3})";
        break;
      case 2:
        s += R"(, "max_points": 15})";
        break;
      default:
        s += R"(, "filter": {"contains": "webinar"}})";
        break;
    }
  }
  s += "],\n";
  if (decay) s += R"("decay": {"half_life_days": 30},)";
  s += R"(
"grades": {"A": 25, "B": 15, "C": 8, "D": 2},
"bands": {"warm": 30, "hot": 60},
"stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
           {"id": "mql", "min_score": 30},
           {"id": "sql", "min_score": 60, "min_grade": "B", "require": ["event:demo_request"]}],
"segments": [
  {"id": "target_decision_maker", "fields": [{"field": "sector", "op": "in", "values": ["fitness", "wellness"]},
     {"field": "job_title", "op": "contains_any", "values": ["ceo", "founder", "owner", "director"]}]},
  {"id": "nurture", "band": "cold", "require": ["consent:marketing"]},
  {"id": "hot_pricing", "min_score": 50, "require": ["event:pricing_view"]}]},
"triggers": [{"id": "talk_to_sales", "when": {"band": "hot"}, "show": "#talk-to-sales"},
             {"id": "demo_offer", "when": {"score_at_least": 40, "event": "pricing_view"}, "show": "#demo"}],
"delivery": {"endpoint": "/v1/leads", "format": "magnete-v1", "when": "qualified"}}
)";
  return s;
}

/// `count` events of random types and values, one every 7 minutes from kStart.
inline std::vector<Event> events(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Event> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& type = event_types()[rng.below(kEventTypes)];
    const auto& value = event_values()[rng.below(event_values().size())];
    out.push_back({type, kStart + static_cast<TimeMs>(i) * 420'000, value});
  }
  return out;
}

/// {"type","at","value"}: what the widget passes to Engine.addEvent.
inline std::string event_json(const Event& e) {
  std::string s = R"({"type":")" + e.type + R"(","at":")" + format_time(e.at) + "\"";
  if (!e.value.empty()) s += R"(,"value":")" + e.value + "\"";
  return s + "}";
}

/// One magnete-v1 lead on one line: contact, consents and `event_count` events.
inline std::string lead_json(std::uint64_t index, std::size_t event_count) {
  static const char* kTitles[] = {"CEO",     "Head of Marketing", "Student",  "Sales manager",
                                  "Founder", "Direttore vendite", "Engineer", "Owner"};
  static const char* kSectors[] = {"fitness",       "wellness", "retail",
                                   "manufacturing", "services", "other"};
  static const char* kCountries[] = {"IT", "FR", "DE", "ES", "GB", "US"};
  Rng rng(index * 7919 + 1);
  std::string id = std::to_string(index);
  std::string s = R"({"id":"lead-)" + id + R"(","campaign":{"id":"bench-60-rules","version":"1"},)";
  s += R"("contact":{"email":"person)" + id + R"(@example.com","first_name":"Anna",)";
  s += R"("job_title":")" + std::string(kTitles[rng.below(8)]) + R"(",)";
  s += R"("sector":")" + std::string(kSectors[rng.below(6)]) + R"(",)";
  s += R"("company_size":)" + std::to_string(1 + rng.below(2000)) + ",";
  s += R"("age":)" + std::to_string(18 + rng.below(60)) + ",";
  s += R"("country":")" + std::string(kCountries[rng.below(6)]) + R"(",)";
  s += R"("revenue":)" + std::to_string(rng.below(5'000'000)) + ",";
  s += std::string(R"("newsletter":)") + (rng.below(2) != 0 ? "true" : "false") + "},";
  s += R"("consents":[{"id":"privacy","granted":true,"text":"Privacy","version":"2026-01",)";
  s += R"("locale":"en","at":")" + format_time(kStart) + R"("}],"events":[)";
  std::vector<Event> list = events(event_count, index);
  for (std::size_t i = 0; i < list.size(); ++i) s += (i == 0 ? "" : ",") + event_json(list[i]);
  return s + "]}";
}

/// The JSONL pool: kLeadPool lines with 5 to 15 events each (10 on average).
inline std::vector<std::string> lead_pool() {
  std::vector<std::string> lines;
  lines.reserve(kLeadPool);
  for (std::size_t i = 0; i < kLeadPool; ++i) lines.push_back(lead_json(i, 5 + i % 11));
  return lines;
}

/// The consent the assess() workloads grant, so the stage ladder is walked, not cut short.
inline constexpr const char* kConsentJson =
    R"({"id":"privacy","granted":true,"text":"Privacy","version":"2026-01","locale":"en",)"
    R"("at":"2026-10-26T08:53:20.000Z"})";

/// What `magnete score` does per line: parse the lead, load it into a fresh Engine, assess it
/// and append one JSON line to `out`. False when the line did not load.
inline bool score_line(const std::shared_ptr<const Campaign>& campaign, const std::string& line,
                       std::size_t number, TimeMs now, std::string& out) {
  LeadResult lead = parse_lead(line);
  Engine engine(campaign);
  Errors errors = lead.ok() ? engine.load(*lead.lead) : lead.errors;
  OrderedJson result = OrderedJson::object();
  result["line"] = number;
  if (!errors.empty()) {
    result["ok"] = false;
    result["errors"] = to_json(errors);
  } else {
    result["ok"] = true;
    result["id"] = lead.lead->id;
    OrderedJson assessment = to_json(engine.assess(now));
    for (auto& [key, value] : assessment.items()) result[key] = std::move(value);
  }
  out += result.dump();
  out += '\n';
  return errors.empty();
}

}  // namespace magnete::bench
