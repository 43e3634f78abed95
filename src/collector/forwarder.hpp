#pragma once
// The collector's forwarder: verified leads reach each of their campaign's "forward" destinations
// (HubSpot, Salesforce, a signed webhook) from a durable outbox. The entries are written with the
// lead, in one transaction (outbox_entries); worker threads claim what is due, send it, and
// record the outcome; a failure is retried with backoff until it succeeds or is final (a dead
// letter, which an operator may replay). Delivery is at least once: a webhook receiver dedupes by
// Idempotency-Key; HubSpot and Salesforce have no such key, so an answer lost after the vendor
// took the lead may bring it a second time.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/forward.hpp"
#include "magnete/lead.hpp"
#include "magnete/time.hpp"
#include "store.hpp"

namespace magnete::collector {

/// The outbox entries of one lead, one per destination whose "when" `server_assessment` meets,
/// for Store::insert; each request is the JSON of magnete::to_json(ForwardRequest).
std::vector<OutboxEntry> outbox_entries(const Campaign& campaign, const Lead& lead,
                                        const Assessment& server_assessment, TimeMs now);

/// How failures are retried.
struct RetryPolicy {
  TimeMs base_ms = 2'000;                 ///< the first retry's backoff ceiling
  TimeMs cap_ms = 3'600'000;              ///< no backoff ceiling above this (1 h)
  std::int64_t max_attempts = 12;         ///< then dead, with the last error
  TimeMs retry_after_cap_ms = 3'600'000;  ///< a Retry-After beyond this waits this long
};

/// What one send came back with: an HTTP status, or 0 and why there was no answer.
struct SendResult {
  int http_status = 0;
  std::string error;        ///< "connection refused", "timeout", ... when http_status is 0
  std::string retry_after;  ///< the Retry-After header, if any
};

/// A number in [0, max], uniformly drawn: the jitter's random source (injected for tests).
using Random = std::function<TimeMs(TimeMs max)>;

/// The milliseconds a Retry-After value asks to wait from `now`: delta-seconds ("120") or an
/// HTTP-date (IMF-fixdate, "Wed, 21 Oct 2015 07:28:00 GMT"; RFC 9110 section 10.2.3), 0 for a
/// date past; nullopt when it is neither.
std::optional<TimeMs> parse_retry_after(const std::string& value, TimeMs now);

/// What follows attempt number `attempt` (1 for the first) that came back with `result`:
/// 2xx sent; 408, 429 (and 503) pending after Retry-After (capped) or else the backoff; other
/// 4xx, 3xx and 1xx dead at once; 5xx and no answer pending after a backoff drawn with full
/// jitter in [0, min(cap, base * 2^(attempt-1))]; dead once `attempt` reaches max_attempts.
OutboxAttempt next_attempt(const RetryPolicy& policy, const SendResult& result,
                           std::int64_t attempt, TimeMs now, const Random& random);

/// Lower-case hex HMAC-SHA256 of `message` under `key` (OpenSSL's libcrypto).
std::string hmac_sha256_hex(const std::string& key, const std::string& message);

/// The Magnete-Signature header's value, Stripe's scheme: "t=<unix seconds>,v1=<hex
/// HMAC-SHA256 of "<t>.<body>">".
std::string webhook_signature(const std::string& secret, std::int64_t unix_seconds,
                              const std::string& body);

/// How requests go out.
struct SendOptions {
  bool verify_certificates = true;  ///< https: the system's CA store
  std::string ca_file;              ///< else these CAs (tests)
};

/// Sends one request (cpp-httplib's client, its timeout_ms for connecting, reading and writing).
/// A webhook is signed with secrets[request.secret] at `now`; a secret missing from `secrets` is
/// a final failure (http_status 0, error saying so, and `missing_secret` set).
SendResult send_request(const ForwardRequest& request,
                        const std::map<std::string, std::string>& secrets, TimeMs now,
                        const SendOptions& options = {}, bool* missing_secret = nullptr);

/// The campaign schema's largest timeout_ms (forward[].timeout_ms, delivery.timeout_ms).
inline constexpr TimeMs kMaxRequestTimeoutMs = 120'000;
/// The shortest lease a forwarder takes: three of the largest timeouts, and a minute to spare.
inline constexpr TimeMs kMinLeaseMs = 3 * kMaxRequestTimeoutMs + 60'000;

struct ForwarderOptions {
  std::size_t workers = 2;  ///< threads started by start()
  std::size_t batch = 20;   ///< entries claimed at a time
  /// How long a claim keeps other workers off an entry; at least kMinLeaseMs, so that the
  /// longest send a campaign may ask for (three of its 120 s timeouts) fits in it.
  TimeMs lease_ms = 600'000;
  TimeMs poll_ms = 1'000;  ///< a worker's sleep when nothing is due
  RetryPolicy retry;
  /// Secret name (the campaign's "secret") -> the secret itself, from the collector's config.
  std::map<std::string, std::string> secrets;
  SendOptions send;
  /// The clock (ms since the epoch); the system's when empty.
  std::function<TimeMs()> clock;
  /// The jitter's source; a seeded std::mt19937_64 per forwarder when empty.
  Random random;
  /// Where a dead letter is reported, one line each; stderr when empty.
  std::function<void(const std::string&)> log;
};

/// Worker threads over an outbox: claim_due, send each, record_attempt.
class Forwarder {
 public:
  Forwarder(Store& store, ForwarderOptions options);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  /// Starts options.workers threads; they run until stop().
  void start();
  /// Wakes and joins the threads; a send under way finishes first (its timeout bounds it), the
  /// rest of its batch is released (Store::release), due at once.
  void stop();
  /// One pass on the calling thread: claims up to a batch of what is due and sends it.
  /// Returns how many entries it recorded an attempt for.
  std::size_t run_once();
  /// Passes until one finds nothing due now (entries waiting for a later retry stay pending).
  /// Returns how many attempts were recorded.
  std::size_t drain();
  /// This process's worker id for thread `index` (host:pid:forwarder:index), unique per
  /// process, so that collectors sharing a database never take each other's claims.
  const std::string& worker_id(std::size_t index) const { return worker_ids_.at(index); }

 private:
  /// One claim and its sends; `until_stopped` (a worker thread): stops early after stop().
  std::size_t pass(const std::string& worker, bool until_stopped);
  void loop(std::size_t index);
  TimeMs now() const;
  TimeMs draw(TimeMs max);

  Store& store_;
  ForwarderOptions options_;
  std::vector<std::string> worker_ids_;  // [0]: run_once()'s, then one per thread
  std::vector<std::thread> threads_;
  std::mutex mutex_;  // the random source; the wake-up
  std::condition_variable wake_;
  std::atomic<bool> running_{false};
  std::mt19937_64 rng_;
};

}  // namespace magnete::collector
