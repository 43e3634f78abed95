#pragma once
// Lead bodies for the collector suites, built by the core itself (Engine::build_payload) so
// that the client assessment they carry is exactly the one the collector recomputes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/engine.hpp"
#include "magnete/time.hpp"
#include "support.hpp"

namespace magnete::testing {

/// demo/campaigns/seed-b2b.json, consent "privacy", English text, as the widget shows it.
inline constexpr const char* kPrivacyTextEn =
    "I have read the privacy notice and agree to the processing of my data to receive the "
    "ebook.";

inline std::shared_ptr<const Campaign> seed_campaign() {
  static const std::shared_ptr<const Campaign> campaign = [] {
    CampaignResult result = parse_campaign(read_text(source_path("demo/campaigns/seed-b2b.json")));
    EXPECT_TRUE(result.ok()) << "demo/campaigns/seed-b2b.json does not parse";
    return std::make_shared<const Campaign>(std::move(*result.campaign));
  }();
  return campaign;
}

inline TimeMs at(const char* iso) {
  auto time = parse_time(iso);
  EXPECT_TRUE(time.has_value()) << iso;
  return time.value_or(0);
}

/// What a visitor gave and did; build_lead() turns it into a magnete-v1 body.
struct SeedLead {
  std::string id = "lead-0001";
  std::map<std::string, Json> contact = {{"email", "mario.rossi@example.com"},
                                         {"first_name", "Mario"}};
  bool privacy = true;
  std::vector<std::pair<std::string, int>> events;  ///< event type, how many times
  const char* submitted_at = "2026-11-22T09:30:00Z";
};

/// The seeds' example: fit 5 (age 30) + 5 (fitness) + 3 (120 employees) + 2 (founder) = 15;
/// engagement 3x2 (visits) + 3 (ad click) + 5 (newsletter, once though sent twice)
/// + 10 (webinar) + 5 (download) = 29; score 44: grade B, band hot, stage mql (sql needs 45).
inline SeedLead seed_example(std::string id = "lead-0001") {
  SeedLead lead;
  lead.id = std::move(id);
  lead.contact["age"] = 30;
  lead.contact["sector"] = "fitness";
  lead.contact["company_size"] = 120;
  lead.contact["job_title"] = "Founder & CEO";
  lead.events = {{"page_view", 3},
                 {"ad_click", 1},
                 {"newsletter_signup", 2},
                 {"webinar_attended", 1},
                 {"download", 1}};
  return lead;
}

/// The magnete-v1 body the widget would post for `spec`.
inline OrderedJson build_lead(const SeedLead& spec) {
  Engine engine(seed_campaign());
  for (const auto& [name, value] : spec.contact) {
    FieldCheck check = engine.set_field(name, value, "en");
    EXPECT_TRUE(check.ok) << name << ": " << check.message;
  }
  TimeMs submitted = at(spec.submitted_at);
  if (spec.privacy) {
    Errors errors =
        engine.set_consent({"privacy", true, kPrivacyTextEn, "2026-01", "en", submitted - 60'000});
    EXPECT_TRUE(errors.empty());
  }
  TimeMs event_time = submitted - 3'600'000;
  for (const auto& [type, times] : spec.events) {
    for (int i = 0; i < times; ++i) {
      Errors errors = engine.add_event({type, event_time, ""});
      EXPECT_TRUE(errors.empty()) << type;
      event_time += 1000;
    }
  }
  Lead meta;
  meta.id = spec.id;
  meta.locale = "en";
  meta.attribution = Json{{"page_url", "https://example.com/ebook/"}};
  // The widget's bot signals, as a person's: the honeypot empty, and the form on screen since
  // before the first event (an hour before the submission), so no event is out of its window.
  meta.meta = Json{{"hp", ""}, {"elapsed_ms", 2 * 3'600'000}};
  return engine.build_payload(meta, submitted);
}

/// A fresh, empty folder for one test, removed by the caller.
inline std::filesystem::path unique_temp_dir(const std::string& prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = prefix;
  if (info != nullptr) name += std::string("-") + info->test_suite_name() + "-" + info->name();
  // A parameterised test's names hold slashes (Backends/CollectorStore, Name/sqlite): one folder.
  std::replace(name.begin(), name.end(), '/', '-');
  name += "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace magnete::testing
