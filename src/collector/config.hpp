#pragma once
// Collector configuration: flags, an optional JSON file, and the environment.
#include <optional>
#include <string>
#include <vector>

namespace magnete::collector {

struct Config {
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "data";
  std::string campaigns_dir = "demo/campaigns";
  std::string static_dir = "demo";    ///< served at /
  std::string web_dir = "web/dist";   ///< served at /dist/
  /// The pre-rendered forms (web/prerender.mjs --forms, which `make` writes to build/forms):
  /// <id>.<locale>[.<variant>].html, filled again with the visitor's values and the core's
  /// messages when a form posted without script has errors. Without a file: a plain page.
  std::string forms_dir = "build/forms";
  std::string token;                  ///< bearer token for GET /v1/leads (env MAGNETE_TOKEN)
  std::vector<std::string> allowed_origins;  ///< CORS, besides each campaign's own list
  std::size_t max_body_bytes = 64 * 1024;
  std::int64_t rate_limit = 60;       ///< POST /v1/leads per client IP per minute (0: none)
  std::int64_t min_submit_ms = 1500;  ///< faster submissions are bots: stored as rejected
};

struct ConfigResult {
  std::optional<Config> config;
  std::vector<std::string> errors;  ///< "--port: expected 1..65535, got 'x'"
  bool help = false;
};

/// Reads `--config FILE` first (JSON with the same names: bind, port, data, campaigns,
/// static, web, forms, token, allowed_origins, rate_limit, min_submit_ms), then the flags,
/// which win.
ConfigResult parse_config(int argc, const char* const* argv, const char* env_token);

extern const char* const kCollectorUsage;

}  // namespace magnete::collector
