#pragma once
// The embedded store: SQLite in WAL mode, DIR/magnete.db, for one collector (data_lock.hpp keeps
// a second one off the folder). Every lead acknowledged is on disk (synchronous=FULL).
#include <mutex>
#include <string>

#include "store.hpp"

struct sqlite3;

namespace magnete::collector {

class SqliteStore final : public Store {
 public:
  /// Opens (creating if needed) DIR/magnete.db; error() says why when it fails.
  explicit SqliteStore(const std::string& data_dir);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  bool ok() const override { return db_ != nullptr; }
  const std::string& error() const override { return error_; }
  std::string backend() const override { return "sqlite"; }

  std::optional<StoredLead> find(const std::string& id) override;
  bool insert(const StoredLead& lead, const std::vector<OutboxEntry>& outbox = {}) override;
  std::vector<StoredLead> list(const LeadQuery& query) override;
  std::vector<StoredLead> summaries(const LeadQuery& query) override;
  std::int64_t count() override;
  std::int64_t count_received(const std::string& campaign_id, const std::string& since,
                              const std::string& until) override;

  std::vector<OutboxEntry> claim_due(TimeMs now, std::size_t limit, const std::string& worker,
                                     TimeMs lease_ms) override;
  bool record_attempt(std::int64_t entry_id, const std::string& worker,
                      const OutboxAttempt& attempt) override;
  std::int64_t release(const std::string& worker) override;
  std::vector<OutboxEntry> outbox_of_leads(const std::vector<std::string>& lead_ids) override;
  std::vector<OutboxEntry> outbox(const OutboxQuery& query) override;
  std::map<std::string, std::int64_t> outbox_counts(const std::string& campaign) override;
  std::int64_t replay_dead(const std::string& campaign, TimeMs now) override;

 private:
  bool exec(const char* sql);
  bool migrate();
  bool insert_lead(const StoredLead& lead);  ///< within insert()'s transaction
  sqlite3* db_ = nullptr;
  std::string error_;
  std::mutex mutex_;
};

}  // namespace magnete::collector
