// When a lead's events can have happened: src/core/lead/event_window.cpp.
#include <gtest/gtest.h>

#include <string>

#include "magnete/lead_checks.hpp"

namespace magnete {
namespace {

TimeMs at(const char* iso) { return parse_time(iso).value(); }

Lead lead_at(const char* submitted, Json meta) {
  Lead lead;
  lead.submitted_at = at(submitted);
  lead.meta = std::move(meta);
  return lead;
}

TEST(EventWindow, FromTheFormsAppearanceToTheReceiptWithFiveMinutesOfSkewEachSide) {
  Lead lead = lead_at("2026-11-22T10:00:00Z", {{"hp", ""}, {"elapsed_ms", 600'000}});
  EventWindow window = event_window(lead, at("2026-11-22T10:00:02Z"));
  EXPECT_EQ(format_time(window.from), "2026-11-22T09:45:00.000Z");  // 10:00 - 10 min - 5 min
  EXPECT_EQ(format_time(window.to), "2026-11-22T10:05:02.000Z");    // receipt + 5 min
}

TEST(EventWindow, WithoutElapsedTheFormAppearedWhenTheLeadWasSubmitted) {
  for (Json meta : {Json::object(), Json{{"elapsed_ms", "600000"}}, Json{{"elapsed_ms", -5}},
                    Json{{"elapsed_ms", 1e18}}}) {
    Lead lead = lead_at("2026-11-22T10:00:00Z", meta);
    EXPECT_EQ(format_time(event_window(lead, at("2026-11-22T10:00:00Z")).from),
              "2026-11-22T09:55:00.000Z")
        << meta.dump();
  }
}

TEST(EventWindow, AReturningVisitorsEarlierVisitsCountFromTheFirstTouch) {
  Lead lead = lead_at("2026-11-22T10:00:00Z", {{"hp", ""}, {"elapsed_ms", 20'000}});
  lead.attribution = {{"first_touch", {{"at", "2026-11-01T08:00:00.000Z"}}}};
  EXPECT_EQ(format_time(event_window(lead, at("2026-11-22T10:00:01Z")).from),
            "2026-11-01T07:55:00.000Z");
  // A first touch after the form appeared changes nothing; a malformed one is ignored.
  lead.attribution = {{"first_touch", {{"at", "2026-11-23T00:00:00Z"}}}};
  EXPECT_EQ(format_time(event_window(lead, at("2026-11-22T10:00:01Z")).from),
            "2026-11-22T09:54:40.000Z");
  lead.attribution = {{"first_touch", {{"at", "last week"}}}};
  EXPECT_EQ(format_time(event_window(lead, at("2026-11-22T10:00:01Z")).from),
            "2026-11-22T09:54:40.000Z");
}

TEST(EventWindow, EventsInTheFutureOrBeforeTheFormAppearedAreDroppedAndCounted) {
  Lead lead = lead_at("2026-11-22T10:00:00Z", {{"hp", ""}, {"elapsed_ms", 60'000}});
  lead.events = {{"page_view", at("2026-11-22T09:59:00Z"), "/"},
                 {"webinar_attended", at("9999-12-31T00:00:00Z"), ""},
                 {"download", at("2026-11-22T09:53:59Z"), ""},  // 1 s before the window
                 {"download", at("2026-11-22T09:54:00Z"), ""},  // its first millisecond
                 {"form_submit", at("2026-11-22T10:05:00Z"), ""},
                 {"share", at("2026-11-22T10:05:00.001Z"), ""},
                 {"ad_click", 0, ""}};
  std::size_t dropped = drop_events_outside(lead, event_window(lead, at("2026-11-22T10:00:00Z")));
  EXPECT_EQ(dropped, 4u);
  ASSERT_EQ(lead.events.size(), 3u);
  EXPECT_EQ(lead.events[0].type, "page_view");
  EXPECT_EQ(lead.events[1].type, "download");
  EXPECT_EQ(lead.events[2].type, "form_submit");
}

}  // namespace
}  // namespace magnete
