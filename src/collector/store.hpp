#pragma once
// The collector's SQLite store (WAL): one row per lead id, accepted or rejected, with the
// client's and the collector's assessment and the consent proof.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace magnete::collector {

struct StoredLead {
  std::string id, campaign_id, campaign_version, variant, received_at, submitted_at;
  std::string email, stage, band, grade;
  double score = 0;
  bool verified = false;
  std::string status;  ///< "accepted" or "rejected"
  std::string reason;  ///< why rejected, or why not verified (for people)
  /// The reason's code, which the stats count (never the prose): a bot's "honeypot",
  /// "too_fast" or "missing_signal" (core: bot_suspicion); an unverified lead's
  /// "assessment_differs", "no_assessment" or "events_outside_window"; or "" for none.
  /// ("unknown_campaign" is in rows of collectors that stored such leads; they are refused now.)
  std::string reason_code;
  std::string client_assessment, server_assessment, consents, payload;
  int http_status = 0;
  std::string response;    ///< the body answered the first time (dedupe returns it again)
  std::string source;      ///< utm_source, else the referrer's host, else "direct"
  std::int64_t views = 0;  ///< page_view events the lead carried
  /// How it came: "script" (the widget posted it to /v1/leads) or "form" (the pre-rendered
  /// form posted without script to /v1/forms/<id>).
  std::string channel = "script";
  /// Events the lead carried that could not have happened when they say (in the future, or
  /// before the form appeared: magnete::event_window), left out of the collector's score.
  std::int64_t dropped_events = 0;
};

struct LeadQuery {
  std::string campaign, stage, status, channel;
  std::string since, until;  ///< received_at bounds, RFC 3339
  std::size_t limit = 1000;
};

class Store {
 public:
  /// Opens (creating if needed) DIR/magnete.db; error() says why when it fails.
  explicit Store(const std::string& data_dir);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  bool ok() const { return db_ != nullptr; }
  const std::string& error() const { return error_; }

  /// The stored lead with this id, if any.
  std::optional<StoredLead> find(const std::string& id);
  /// Inserts a new lead; false (and nothing written) if the id exists already.
  bool insert(const StoredLead& lead);
  std::vector<StoredLead> list(const LeadQuery& query);
  /// Every lead matching the query's campaign and dates, oldest first, payloads left out.
  std::vector<StoredLead> summaries(const LeadQuery& query);
  std::int64_t count();
  /// How many leads of `campaign_id` were received in [since, until) (stored times).
  std::int64_t count_received(const std::string& campaign_id, const std::string& since,
                              const std::string& until);

 private:
  bool exec(const char* sql);
  bool migrate();
  sqlite3* db_ = nullptr;
  std::string error_;
  std::mutex mutex_;
};

}  // namespace magnete::collector
