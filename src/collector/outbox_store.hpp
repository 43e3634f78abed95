#pragma once
// TEMPORARY: the outbox part of the Store interface that is landing on main (store.hpp), word for
// word, so the forwarder can be written against it meanwhile. On the merge this header goes, and
// OutboxStore becomes Store.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "magnete/time.hpp"

namespace magnete::collector {

struct OutboxEntry {
  std::int64_t id = 0;
  std::string lead_id, campaign_id, destination;
  /// JSON text written when the lead arrives: {"format","url","content_type","body","headers",
  /// "timeout_ms","secret"}; the store never reads it.
  std::string request;
  std::string status = "pending";  ///< "pending", "sent" or "dead"
  std::int64_t attempts = 0;
  TimeMs next_attempt_at = 0;
  int last_status = 0;
  std::string last_error, created_at, updated_at;
};

struct OutboxAttempt {
  std::string status;
  TimeMs next_attempt_at = 0;
  int http_status = 0;
  std::string error;
  TimeMs at = 0;
};

struct OutboxQuery {
  std::string campaign, status, destination;
  std::size_t limit = 1000;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual std::vector<OutboxEntry> claim_due(TimeMs now, std::size_t limit,
                                             const std::string& worker, TimeMs lease_ms) = 0;
  virtual bool record_attempt(std::int64_t entry_id, const std::string& worker,
                              const OutboxAttempt& attempt) = 0;
  virtual std::vector<OutboxEntry> outbox_of(const std::string& lead_id) = 0;
  virtual std::vector<OutboxEntry> outbox(const OutboxQuery& query) = 0;
  virtual std::map<std::string, std::int64_t> outbox_counts(const std::string& campaign) = 0;
  virtual std::int64_t replay_dead(const std::string& campaign, TimeMs now) = 0;
};

}  // namespace magnete::collector
