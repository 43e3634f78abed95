// At most N leads per campaign per UTC day: src/collector/daily_quota.cpp.
#include "daily_quota.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "seed_leads.hpp"
#include "sqlite_store.hpp"

namespace magnete::collector {
namespace {

using magnete::testing::at;

StoredLead row(const std::string& id, const std::string& campaign, const char* received) {
  StoredLead lead;
  lead.id = id;
  lead.campaign_id = campaign;
  lead.campaign_version = "1";
  lead.received_at = format_time(at(received));
  lead.submitted_at = lead.received_at;
  lead.status = "accepted";
  lead.payload = "{}";
  lead.response = "{}";
  return lead;
}

TEST(DailyQuota, CountsPerCampaignPerUtcDayFromWhatIsStored) {
  const auto dir = magnete::testing::unique_temp_dir("magnete-quota");
  {
    SqliteStore store(dir.string());
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE(store.insert(row("y1", "seed-b2b", "2026-11-21T23:59:59.999Z")));  // yesterday
    ASSERT_TRUE(store.insert(row("t1", "seed-b2b", "2026-11-22T00:00:00Z")));
    ASSERT_TRUE(store.insert(row("o1", "other", "2026-11-22T08:00:00Z")));
    DailyQuota quota(3, store);
    const TimeMs now = at("2026-11-22T10:00:00Z");
    EXPECT_EQ(quota.take("seed-b2b", now), std::nullopt);  // 2 of 3
    EXPECT_EQ(quota.take("seed-b2b", now), std::nullopt);  // 3 of 3
    EXPECT_EQ(quota.take("seed-b2b", now), at("2026-11-23T00:00:00Z"));
    quota.give_back("seed-b2b", now);  // a lead that was not stored after all
    EXPECT_EQ(quota.take("seed-b2b", now), std::nullopt);
    EXPECT_EQ(quota.take("seed-b2b", now), at("2026-11-23T00:00:00Z"));
    // Another campaign has its own; the next day starts again.
    EXPECT_EQ(quota.take("other", now), std::nullopt);
    EXPECT_EQ(quota.take("seed-b2b", at("2026-11-23T00:00:00Z")), std::nullopt);
    // 0: no quota.
    DailyQuota none(0, store);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(none.take("seed-b2b", now), std::nullopt);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace magnete::collector
