#pragma once
// Collector configuration: flags, an optional JSON file, and the environment.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client_address.hpp"

namespace magnete::collector {

struct Config {
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "data";
  /// "" for SQLite in data_dir; a postgresql:// URI for PostgreSQL (--store).
  std::string store;
  std::string campaigns_dir = "demo/campaigns";
  std::string static_dir = "demo";   ///< served at /
  std::string web_dir = "web/dist";  ///< served at /dist/
  /// The pre-rendered forms (web/prerender.mjs --forms, which `make` writes to build/forms):
  /// <id>.<locale>[.<variant>].html, filled again with the visitor's values and the core's
  /// messages when a form posted without script has errors. Without a file: a plain page.
  std::string forms_dir = "build/forms";
  std::string token;                         ///< bearer token for GET /v1/leads (env MAGNETE_TOKEN)
  std::vector<std::string> allowed_origins;  ///< CORS, besides each campaign's own list
  std::size_t max_body_bytes = 64 * 1024;
  std::int64_t rate_limit = 60;       ///< POST /v1/leads per client IP per minute (0: none)
  std::int64_t min_submit_ms = 1500;  ///< faster submissions are bots: stored as rejected
  /// Reverse proxies whose X-Forwarded-For / Forwarded name the client (--trust-proxy).
  std::vector<Cidr> trusted_proxies;
  std::int64_t daily_quota = 10'000;  ///< leads stored per campaign per UTC day (0: none)
  /// The demo's settings are allowed (make demo): a token shorter than kMinTokenLength.
  bool demo = false;
  /// --replay: send the outbox's dead letters again, then exit (no listening).
  bool replay = false;
  /// The webhook secrets campaigns name in forward[].secret: name -> secret ("secrets" in the
  /// config file; main.cpp adds env MAGNETE_SECRET_<NAME>). Never in a campaign file.
  std::map<std::string, std::string> secrets;
  /// The forwarder (forwarder.hpp), "forward_*" in the config file.
  struct Forwarding {
    std::size_t workers = 2;
    std::int64_t poll_ms = 1'000;     ///< a worker's sleep when nothing is due
    std::int64_t backoff_ms = 2'000;  ///< the first retry's backoff ceiling (doubles, to 1 h)
    std::int64_t max_attempts = 12;   ///< then a dead letter
  } forward;

  // The listening side (connections.cpp); stated in the README, not flags.
  /// A request's headers and body must arrive within this, counted from its first byte.
  std::int64_t request_timeout_ms = 10'000;
  /// And its answer must be taken within this, from its first byte.
  std::int64_t response_timeout_ms = 30'000;
  /// A kept-alive connection may idle this long between requests (and before its first).
  int keep_alive_s = 2;
  /// Requests per connection; then it is closed (the client opens another).
  std::size_t keep_alive_max = 5;
  /// Connections served at once, a thread each (grown on demand); more wait their turn.
  std::size_t max_connections = 256;
};

/// Outside the demo a token must be at least this long: it guards every lead's personal data.
inline constexpr std::size_t kMinTokenLength = 16;
/// A webhook secret's minimum length (a guessed secret forges leads at the receiver).
inline constexpr std::size_t kMinSecretLength = 16;

struct ConfigResult {
  std::optional<Config> config;
  std::vector<std::string> errors;  ///< "--port: expected 1..65535, got 'x'"
  bool help = false;
};

/// Reads `--config FILE` first (JSON with the same names: bind, port, data, campaigns,
/// static, web, forms, store, token, allowed_origins, rate_limit, min_submit_ms, trust_proxy,
/// daily_quota, demo, secrets, forward_workers, forward_poll_ms, forward_backoff_ms,
/// forward_max_attempts), then the flags, which win.
ConfigResult parse_config(int argc, const char* const* argv, const char* env_token);

extern const char* const kCollectorUsage;

}  // namespace magnete::collector
