#include "config.hpp"

#include <fstream>
#include <sstream>

#include "magnete/json.hpp"

namespace magnete::collector {

const char* const kCollectorUsage =
    "usage: magnete-collector [--port N] [--bind ADDR] [--data DIR] [--store URI]\n"
    "                         [--campaigns DIR]\n"
    "                         [--static DIR] [--web DIR] [--forms DIR] [--token T]\n"
    "                         [--allowed-origin URL]... [--rate-limit N] [--min-submit-ms N]\n"
    "                         [--trust-proxy CIDR]... [--daily-quota N] [--demo]\n"
    "                         [--config FILE] [--replay]\n\n"
    "  --port N             TCP port (default 8080)\n"
    "  --bind ADDR          address to listen on (default 127.0.0.1)\n"
    "  --data DIR           folder of the SQLite database magnete.db (default ./data); one\n"
    "                       collector per folder (it locks DIR/magnete.lock)\n"
    "  --store URI          postgresql://user@host/db: leads and the forwarding outbox in\n"
    "                       PostgreSQL instead (libpq's URI), shared by several collectors\n"
    "  --campaigns DIR      campaign files used to re-score leads (default demo/campaigns)\n"
    "  --static DIR         served at / (default demo)\n"
    "  --web DIR            the widget bundle, served at /dist/ (default web/dist); a\n"
    "                       file's .br or .gz beside it is sent when the client accepts it\n"
    "  --forms DIR          the pre-rendered forms, <campaign id>.<locale>[.<variant>].html\n"
    "                       (default build/forms, where make writes them): a form posted\n"
    "                       without script (POST /v1/forms/<id>) that has errors gets its\n"
    "                       form back, filled, with the messages; without one, a plain page\n"
    "  --token T            bearer token for GET /v1/leads and /v1/stats (or env\n"
    "                       MAGNETE_TOKEN), at least 16 characters; without one the export\n"
    "                       and the stats are off (403)\n"
    "  --allowed-origin URL origin allowed to post for every campaign (repeatable); each\n"
    "                       campaign adds its own delivery.allowed_origins\n"
    "  --rate-limit N       POST /v1/leads and /v1/forms/<id> per client IP per minute\n"
    "                       (default 60, 0: none)\n"
    "  --min-submit-ms N    a widget's lead sent sooner after the form appeared is a bot's:\n"
    "                       stored as rejected (default 1500, 0: off)\n"
    "  --trust-proxy CIDR   a reverse proxy in front (repeatable; 10.0.0.0/8, ::1/128, or one\n"
    "                       address): from such a peer the client is the right-most address\n"
    "                       of X-Forwarded-For (else Forwarded: for=) not in a trusted range\n"
    "  --daily-quota N      leads stored per campaign per UTC day, bots' included; beyond,\n"
    "                       429 until midnight UTC (default 10000, 0: none)\n"
    "  --demo               allow the demo's settings: a token shorter than 16 characters\n"
    "  --config FILE        JSON file with the same settings; flags override it; it also\n"
    "                       holds the webhook secrets, {\"secrets\": {\"NAME\": \"...\"}} (or\n"
    "                       env MAGNETE_SECRET_NAME), and the forwarder's forward_workers (2),\n"
    "                       forward_poll_ms (1000), forward_backoff_ms (2000) and\n"
    "                       forward_max_attempts (12)\n"
    "  --replay             send the forwarding outbox's dead letters again, wait for what\n"
    "                       is due, print what became of them, and exit (a running\n"
    "                       collector does the same on POST /v1/outbox/replay)\n";

namespace {

bool parse_port(const std::string& text, int& port) {
  if (text.empty() || text.size() > 5) return false;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return false;
  port = value;
  return true;
}

// A --trust-proxy range, or an error naming where it came from.
void add_trusted(const std::string& where, const std::string& value, Config& config,
                 std::vector<std::string>& errors) {
  if (auto range = parse_cidr(value)) {
    config.trusted_proxies.push_back(*range);
  } else {
    errors.push_back(where +
                     ": expected an IPv4 or IPv6 address or range (10.0.0.0/8, "
                     "fd00::/8), with no bits set past the prefix, got '" +
                     value + "'");
  }
}

void apply_file(const std::string& path, Config& config, std::vector<std::string>& errors,
                std::string& token_from) {
  std::ifstream in(path);
  if (!in) {
    errors.push_back("--config: cannot read " + path);
    return;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  ParsedJson parsed = parse_json(buffer.str());
  if (!parsed.ok()) {
    errors.push_back(path + ": " + parsed.error);
    return;
  }
  const Json& j = parsed.value;
  if (!j.is_object()) {
    errors.push_back(path + ": expected a JSON object");
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    auto text = [&](std::string& out) {
      if (it->is_string())
        out = it->get<std::string>();
      else
        errors.push_back(path + ": " + key + ": expected a string");
    };
    if (key == "bind")
      text(config.bind);
    else if (key == "data")
      text(config.data_dir);
    else if (key == "store")
      text(config.store);
    else if (key == "campaigns")
      text(config.campaigns_dir);
    else if (key == "static")
      text(config.static_dir);
    else if (key == "web")
      text(config.web_dir);
    else if (key == "forms")
      text(config.forms_dir);
    else if (key == "token") {
      text(config.token);
      token_from = path + ": token";
    } else if (key == "rate_limit" || key == "min_submit_ms" || key == "daily_quota") {
      if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 999'999'999) {
        errors.push_back(path + ": " + key + ": expected a whole number from 0 to 999999999");
      } else {
        (key == "rate_limit"      ? config.rate_limit
         : key == "min_submit_ms" ? config.min_submit_ms
                                  : config.daily_quota) = it->get<std::int64_t>();
      }
    } else if (key == "forward_workers" || key == "forward_poll_ms" ||
               key == "forward_backoff_ms" || key == "forward_max_attempts") {
      // Each at least 1: a forwarder without workers, or retries every 0 ms, is a mistake.
      if (!it->is_number_unsigned() || it->get<std::uint64_t>() < 1 ||
          it->get<std::uint64_t>() > 999'999'999) {
        errors.push_back(path + ": " + key + ": expected a whole number from 1 to 999999999");
      } else {
        const auto n = it->get<std::int64_t>();
        if (key == "forward_workers")
          config.forward.workers = static_cast<std::size_t>(n);
        else if (key == "forward_poll_ms")
          config.forward.poll_ms = n;
        else if (key == "forward_backoff_ms")
          config.forward.backoff_ms = n;
        else
          config.forward.max_attempts = n;
      }
    } else if (key == "secrets") {
      if (!it->is_object()) {
        errors.push_back(path + ": secrets: expected an object of secret names and their values");
        continue;
      }
      for (auto secret = it->begin(); secret != it->end(); ++secret) {
        if (!secret->is_string() || secret->get<std::string>().size() < kMinSecretLength) {
          errors.push_back(path + ": secrets." + secret.key() + ": expected a string of at least " +
                           std::to_string(kMinSecretLength) + " characters");
        } else {
          config.secrets[secret.key()] = secret->get<std::string>();
        }
      }
    } else if (key == "demo") {
      if (it->is_boolean())
        config.demo = it->get<bool>();
      else
        errors.push_back(path + ": demo: expected true or false");
    } else if (key == "trust_proxy") {
      if (!it->is_array()) {
        errors.push_back(path + ": trust_proxy: expected an array of address ranges");
        continue;
      }
      for (const auto& range : *it) {
        if (!range.is_string())
          errors.push_back(path + ": trust_proxy: expected strings");
        else
          add_trusted(path + ": trust_proxy", range.get<std::string>(), config, errors);
      }
    } else if (key == "port") {
      if (!it->is_number_integer() || !parse_port(it->dump(), config.port)) {
        errors.push_back(path + ": port: expected an integer from 1 to 65535");
      }
    } else if (key == "allowed_origins") {
      if (!it->is_array()) {
        errors.push_back(path + ": allowed_origins: expected an array of origins");
        continue;
      }
      for (const auto& origin : *it) {
        if (origin.is_string())
          config.allowed_origins.push_back(origin.get<std::string>());
        else
          errors.push_back(path + ": allowed_origins: expected strings");
      }
    } else {
      errors.push_back(path + ": " + key + ": unknown setting");
    }
  }
}

}  // namespace

ConfigResult parse_config(int argc, const char* const* argv, const char* env_token) {
  ConfigResult result;
  Config config;
  std::string token_from;  // where the token came from, for its error
  if (env_token != nullptr) {
    config.token = env_token;
    token_from = "MAGNETE_TOKEN";
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config") apply_file(args[i + 1], config, result.errors, token_from);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      result.help = true;
      return result;
    }
    if (flag == "--demo") {
      config.demo = true;
      continue;
    }
    if (flag == "--replay") {
      config.replay = true;
      continue;
    }
    static const char* kWithValue[] = {
        "--port",       "--bind",          "--data",        "--campaigns",      "--static",
        "--web",        "--forms",         "--token",       "--allowed-origin", "--config",
        "--rate-limit", "--min-submit-ms", "--trust-proxy", "--daily-quota",    "--store"};
    bool known = false;
    for (const char* k : kWithValue) known = known || flag == k;
    if (!known) {
      result.errors.push_back(flag + ": unknown option");
      continue;
    }
    if (i + 1 >= args.size()) {
      result.errors.push_back(flag + ": expected a value");
      break;
    }
    const std::string& value = args[++i];
    if (flag == "--port") {
      if (!parse_port(value, config.port)) {
        result.errors.push_back("--port: expected an integer from 1 to 65535, got '" + value + "'");
      }
    } else if (flag == "--bind")
      config.bind = value;
    else if (flag == "--data")
      config.data_dir = value;
    else if (flag == "--store") {
      config.store = value;
      if (value.rfind("postgresql://", 0) != 0 && value.rfind("postgres://", 0) != 0) {
        result.errors.push_back("--store: expected a postgresql:// URI, got '" + value +
                                "' (SQLite, the default, is --data DIR)");
      }
    } else if (flag == "--campaigns")
      config.campaigns_dir = value;
    else if (flag == "--static")
      config.static_dir = value;
    else if (flag == "--web")
      config.web_dir = value;
    else if (flag == "--forms")
      config.forms_dir = value;
    else if (flag == "--token") {
      config.token = value;
      token_from = "--token";
    } else if (flag == "--allowed-origin")
      config.allowed_origins.push_back(value);
    else if (flag == "--trust-proxy")
      add_trusted("--trust-proxy", value, config, result.errors);
    else if (flag == "--rate-limit" || flag == "--min-submit-ms" || flag == "--daily-quota") {
      std::int64_t n = 0;
      bool ok = !value.empty() && value.size() <= 9;
      for (char c : value) {
        ok = ok && c >= '0' && c <= '9';
        if (ok) n = n * 10 + (c - '0');
      }
      if (!ok)
        result.errors.push_back(flag + ": expected a whole number from 0 to 999999999, got '" +
                                value + "'");
      else
        (flag == "--rate-limit"      ? config.rate_limit
         : flag == "--min-submit-ms" ? config.min_submit_ms
                                     : config.daily_quota) = n;
    }
  }
  // The token guards every lead's personal data: a short one is for the demo only.
  if (!config.token.empty() && config.token.size() < kMinTokenLength && !config.demo) {
    result.errors.push_back(token_from + ": expected a token of at least " +
                            std::to_string(kMinTokenLength) + " characters, got " +
                            std::to_string(config.token.size()) +
                            " (a short token is for the demo only: --demo)");
  }
  if (result.errors.empty()) result.config = config;
  return result;
}

}  // namespace magnete::collector
