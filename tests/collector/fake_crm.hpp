#pragma once
// A fake CRM for the forwarder's tests: an httplib server on 127.0.0.1 that takes the three
// destinations and checks each request's documented shape (HubSpot Forms v3 JSON, Salesforce
// Web-to-Lead form, a signed magnete-v1 webhook), records what it accepted per lead (to count loss
// and duplicates) and what it refused and why, and misbehaves on request: down (not
// listening), 500, 429 with Retry-After, hang past the client's timeout, answer lost (the lead
// is taken, then the connection is cut before any answer).
//
// Paths: POST /hubspot/..., /salesforce/..., /webhook/... A lead is known by its email (HubSpot,
// Salesforce) or its id (webhook).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace magnete::collector::testing {

enum class Fault { kNone, kError500, kTooMany, kHang, kLoseAnswer };

struct FaultOdds {
  double error500 = 0, too_many = 0, hang = 0, lose_answer = 0;
};

class FakeCrm {
 public:
  /// Listens at once on an ephemeral port; `secret` checks webhook signatures.
  explicit FakeCrm(std::string secret, std::uint64_t seed = 1);
  ~FakeCrm();

  int port() const { return port_; }
  std::string url(const std::string& path) const;
  /// Stops listening (connections are refused) / listens again on the same port.
  void down();
  void up();

  /// The next requests' faults, in order of arrival, before the odds apply.
  void script(std::vector<Fault> faults);
  /// Faults drawn for each request (seeded RNG) once the script is spent.
  void set_odds(FaultOdds odds);
  void set_retry_after(std::string value) { retry_after_ = std::move(value); }
  void set_hang_ms(int ms) { hang_ms_ = ms; }
  /// HubSpot submissions must carry legalConsentOptions (the campaign asks consent).
  void require_consent(bool on) { require_consent_ = on; }
  /// Every request to `kind` is answered 400, a final refusal, until refuse("").
  void refuse(std::string kind);

  /// Accepted deliveries per lead, per destination kind ("hubspot", "salesforce", "webhook").
  std::map<std::string, int> accepted(const std::string& kind) const;
  /// The body of each lead's first accepted delivery, per lead, for a destination kind.
  std::map<std::string, std::string> bodies(const std::string& kind) const;
  /// Refusals: "<kind>: <why>".
  std::vector<std::string> refused() const;
  /// Answers lost after the lead was taken, per kind.
  int lost_answers(const std::string& kind) const;
  /// Webhook deliveries of a lead already taken (deduped by Idempotency-Key, answered 200).
  int webhook_replays() const;
  /// Requests seen, and how many of each fault were served.
  int requests() const;
  int faults(Fault fault) const;

 private:
  void listen();
  Fault next_fault();
  std::string check(const std::string& kind, const std::string& content_type,
                    const std::string& body, const std::string& signature,
                    const std::string& idempotency_key, std::string& lead) const;

  std::string secret_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::mt19937_64 rng_;
  std::vector<Fault> script_;
  std::size_t scripted_ = 0;
  FaultOdds odds_;
  std::string retry_after_ = "1";
  int hang_ms_ = 500;
  bool require_consent_ = false;
  std::string refused_kind_;
  std::map<std::string, std::map<std::string, int>> accepted_;
  std::map<std::string, std::map<std::string, std::string>> bodies_;
  std::map<std::string, int> lost_;
  std::vector<std::string> refused_;
  int replays_ = 0, requests_ = 0;
  std::map<Fault, int> served_;
};

}  // namespace magnete::collector::testing
