#include "config.hpp"

#include <fstream>
#include <sstream>

#include "magnete/json.hpp"

namespace magnete::collector {

const char* const kCollectorUsage =
    "usage: magnete-collector [--port N] [--bind ADDR] [--data DIR] [--campaigns DIR]\n"
    "                         [--static DIR] [--web DIR] [--forms DIR] [--token T]\n"
    "                         [--allowed-origin URL]... [--rate-limit N] [--min-submit-ms N]\n"
    "                         [--config FILE]\n\n"
    "  --port N             TCP port (default 8080)\n"
    "  --bind ADDR          address to listen on (default 127.0.0.1)\n"
    "  --data DIR           folder of the SQLite database magnete.db (default ./data)\n"
    "  --campaigns DIR      campaign files used to re-score leads (default demo/campaigns)\n"
    "  --static DIR         served at / (default demo)\n"
    "  --web DIR            the widget bundle, served at /dist/ (default web/dist); a\n"
    "                       file's .br or .gz beside it is sent when the client accepts it\n"
    "  --forms DIR          the pre-rendered forms, <campaign id>.<locale>[.<variant>].html\n"
    "                       (default build/forms, where make writes them): a form posted\n"
    "                       without script (POST /v1/forms/<id>) that has errors gets its\n"
    "                       form back, filled, with the messages; without one, a plain page\n"
    "  --token T            bearer token for GET /v1/leads (or env MAGNETE_TOKEN)\n"
    "  --allowed-origin URL origin allowed to post for every campaign (repeatable); each\n"
    "                       campaign adds its own delivery.allowed_origins\n"
    "  --rate-limit N       POST /v1/leads and /v1/forms/<id> per client IP per minute\n"
    "                       (default 60, 0: none)\n"
    "  --min-submit-ms N    a widget's lead sent sooner after the form appeared is a bot's:\n"
    "                       stored as rejected (default 1500, 0: off)\n"
    "  --config FILE        JSON file with the same settings; flags override it\n";

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

void apply_file(const std::string& path, Config& config, std::vector<std::string>& errors) {
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
      if (it->is_string()) out = it->get<std::string>();
      else errors.push_back(path + ": " + key + ": expected a string");
    };
    if (key == "bind") text(config.bind);
    else if (key == "data") text(config.data_dir);
    else if (key == "campaigns") text(config.campaigns_dir);
    else if (key == "static") text(config.static_dir);
    else if (key == "web") text(config.web_dir);
    else if (key == "forms") text(config.forms_dir);
    else if (key == "token") text(config.token);
    else if (key == "rate_limit" || key == "min_submit_ms") {
      if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 999'999'999) {
        errors.push_back(path + ": " + key + ": expected a whole number from 0 to 999999999");
      } else {
        (key == "rate_limit" ? config.rate_limit : config.min_submit_ms) = it->get<std::int64_t>();
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
        if (origin.is_string()) config.allowed_origins.push_back(origin.get<std::string>());
        else errors.push_back(path + ": allowed_origins: expected strings");
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
  if (env_token != nullptr) config.token = env_token;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config") apply_file(args[i + 1], config, result.errors);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      result.help = true;
      return result;
    }
    static const char* kWithValue[] = {"--port", "--bind", "--data", "--campaigns", "--static",
                                       "--web", "--forms", "--token", "--allowed-origin", "--config",
                                       "--rate-limit", "--min-submit-ms"};
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
    } else if (flag == "--bind") config.bind = value;
    else if (flag == "--data") config.data_dir = value;
    else if (flag == "--campaigns") config.campaigns_dir = value;
    else if (flag == "--static") config.static_dir = value;
    else if (flag == "--web") config.web_dir = value;
    else if (flag == "--forms") config.forms_dir = value;
    else if (flag == "--token") config.token = value;
    else if (flag == "--allowed-origin") config.allowed_origins.push_back(value);
    else if (flag == "--rate-limit" || flag == "--min-submit-ms") {
      std::int64_t n = 0;
      bool ok = !value.empty() && value.size() <= 9;
      for (char c : value) {
        ok = ok && c >= '0' && c <= '9';
        if (ok) n = n * 10 + (c - '0');
      }
      if (!ok) result.errors.push_back(flag + ": expected a whole number from 0 to 999999999, got '" + value + "'");
      else (flag == "--rate-limit" ? config.rate_limit : config.min_submit_ms) = n;
    }
  }
  if (result.errors.empty()) result.config = config;
  return result;
}

}  // namespace magnete::collector
