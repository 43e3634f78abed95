#pragma once
// The collector's store: one row per lead id, accepted or rejected, with the client's and the
// collector's assessment and the consent proof; and the forwarding outbox.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "magnete/time.hpp"

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

/// One lead's delivery to one destination of its campaign's `forward` section: the forwarding
/// outbox, written in the same transaction as the lead (Store::insert), so that a lead the
/// collector acknowledged is forwarded even after kill -9. The forwarder (forwarder.hpp) claims
/// due entries, sends them and records each attempt.
struct OutboxEntry {
  std::int64_t id = 0;      ///< assigned by the store
  std::string lead_id;      ///< the lead's id: the idempotency key where a destination takes one
  std::string campaign_id;  ///< the lead's campaign, for filters
  std::string destination;  ///< the destination's id in the campaign's `forward` section
  /// The request to send, as JSON text written by the forwarder when the lead arrived
  /// ({"format","url","content_type","body","headers","timeout_ms","secret"}): the store keeps
  /// it as it is and never reads it.
  std::string request;
  std::string status = "pending";      ///< "pending", "sent" or "dead" (a dead letter)
  std::int64_t attempts = 0;           ///< attempts made so far
  TimeMs next_attempt_at = 0;          ///< a pending entry is due from then (ms since the epoch)
  int last_status = 0;                 ///< the last attempt's HTTP status, 0 when none came back
  std::string last_error;              ///< why the last attempt failed, "" after a success
  std::string created_at, updated_at;  ///< RFC 3339
};

/// What one attempt to send an entry came to (Store::record_attempt).
struct OutboxAttempt {
  std::string status;          ///< the entry's new status: "sent", "pending" (retry) or "dead"
  TimeMs next_attempt_at = 0;  ///< for "pending": when to try again
  int http_status = 0;         ///< 0 when no answer came (refused, timed out, cut)
  std::string error;           ///< "" for "sent"
  TimeMs at = 0;               ///< when the attempt ended (updated_at)
};

struct OutboxQuery {
  std::string campaign, status, destination;  ///< "" for any
  std::size_t limit = 1000;
};

/// Where the collector keeps leads and the forwarding outbox. Two backends pass the same suite
/// (tests/collector/store_test.cpp): SQLite in the data folder, the embedded default, for one
/// collector; PostgreSQL (--store postgresql://...), which several collectors share.
/// Every method is safe to call from several threads at once.
class Store {
 public:
  virtual ~Store() = default;

  /// False when the store could not be opened; error() says why.
  virtual bool ok() const = 0;
  virtual const std::string& error() const = 0;
  /// "sqlite" or "postgresql".
  virtual std::string backend() const = 0;

  /// The stored lead with this id, if any.
  virtual std::optional<StoredLead> find(const std::string& id) = 0;
  /// Inserts a new lead and its outbox entries (each pending, lead_id and campaign_id taken from
  /// the lead) in one transaction; false, and nothing written, if the id exists already or the
  /// write failed.
  virtual bool insert(const StoredLead& lead, const std::vector<OutboxEntry>& outbox = {}) = 0;
  /// The leads matching the query, newest first.
  virtual std::vector<StoredLead> list(const LeadQuery& query) = 0;
  /// Every lead matching the query's campaign and dates, oldest first, payloads left out.
  virtual std::vector<StoredLead> summaries(const LeadQuery& query) = 0;
  virtual std::int64_t count() = 0;
  /// How many leads of `campaign_id` were received in [since, until) (stored times).
  virtual std::int64_t count_received(const std::string& campaign_id, const std::string& since,
                                      const std::string& until) = 0;

  /// Leases up to `limit` pending entries due at `now` (next_attempt_at <= now) that no worker
  /// holds, or whose lease has run out, to `worker` until now + lease_ms, oldest due first.
  /// Two workers, in one process or in two collectors on one database, never hold one entry
  /// at once (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED).
  virtual std::vector<OutboxEntry> claim_due(TimeMs now, std::size_t limit,
                                             const std::string& worker, TimeMs lease_ms) = 0;
  /// Records an attempt on an entry `worker` holds: attempts + 1, the new status, the lease
  /// released. False (nothing written) when the worker no longer holds it.
  virtual bool record_attempt(std::int64_t entry_id, const std::string& worker,
                              const OutboxAttempt& attempt) = 0;
  /// Gives back the entries `worker` holds without having recorded an attempt (a forwarder
  /// that stops): due again at once for any worker, their attempts unchanged; how many.
  virtual std::int64_t release(const std::string& worker) = 0;
  /// The entries of the leads `lead_ids`, by lead and in order of insertion, in one query (an
  /// export of 1,000 leads reads their forwarding at once, not lead by lead).
  virtual std::vector<OutboxEntry> outbox_of_leads(const std::vector<std::string>& lead_ids) = 0;
  /// A lead's entries, in destination order of insertion.
  std::vector<OutboxEntry> outbox_of(const std::string& lead_id) {
    return outbox_of_leads({lead_id});
  }
  /// Entries matching the query, newest updated first.
  virtual std::vector<OutboxEntry> outbox(const OutboxQuery& query) = 0;
  /// Entries per status ("pending", "sent", "dead") of a campaign ("" for all).
  virtual std::map<std::string, std::int64_t> outbox_counts(const std::string& campaign) = 0;
  /// Dead letters (of `campaign`, "" for all) back to pending, due at `now`, their attempts
  /// kept; how many.
  virtual std::int64_t replay_dead(const std::string& campaign, TimeMs now) = 0;
};

/// Opens the store `spec` names: "postgresql://..." or "postgres://..." (a libpq connection
/// URI), else SQLite's DIR/magnete.db in the folder `data_dir`. The result's ok() and error()
/// say whether it opened.
std::unique_ptr<Store> open_store(const std::string& spec, const std::string& data_dir);

}  // namespace magnete::collector
