#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "magnete/engine.hpp"

namespace magnete::cli {
namespace {

struct ScoreOptions {
  std::string campaign, leads;
  std::optional<TimeMs> now;
};

}  // namespace

int score(const Args& args) {
  const std::string usage = "magnete score CAMPAIGN.json LEADS.jsonl [--now ISO-8601]";
  if (wants_help(args,
                 "usage: " + usage +
                     "\n\nScores each line of LEADS.jsonl (magnete-v1 leads: contact, events, "
                     "quiz, consents)\nand prints one JSON object per line: the assessment, or "
                     "{\"line\":N,\"ok\":false,\"errors\":[...]}.\n"
                     "--now  the time decay ages events against (default: each lead's "
                     "submitted_at,\n       else its latest event)\n"
                     "Exit status: 0 all lines scored, 1 some lines failed, 2 bad usage.\n")) {
    return 0;
  }
  ScoreOptions options;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--now") {
      if (i + 1 >= args.size()) return usage_error(usage, "--now needs a time");
      options.now = parse_time(args[++i]);
      if (!options.now)
        return usage_error(usage, "--now: expected an RFC 3339 time, got \"" + args[i] + "\"");
    } else if (args[i].rfind("--", 0) == 0) {
      return usage_error(usage, "unknown option " + args[i]);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2) return usage_error(usage, "expected CAMPAIGN and LEADS");
  auto campaign = load_campaign(positional[0]);
  if (!campaign) return 1;
  auto shared = std::make_shared<const Campaign>(std::move(*campaign));
  std::istream* in = &std::cin;
  std::ifstream file;
  if (positional[1] != "-") {
    file.open(positional[1], std::ios::binary);
    if (!file) {
      std::cerr << "magnete: cannot read " << positional[1] << "\n";
      return 1;
    }
    in = &file;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  std::size_t number = 0, failed = 0;
  std::string out;
  while (std::getline(*in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    LeadResult lead = parse_lead(line);
    Errors errors = lead.errors;
    std::optional<Engine> engine;
    if (lead.ok()) {
      engine.emplace(shared);
      errors = engine->load(*lead.lead);
    }
    OrderedJson result = OrderedJson::object();
    result["line"] = number;
    if (!errors.empty()) {
      ++failed;
      result["ok"] = false;
      result["errors"] = to_json(errors);
    } else {
      TimeMs now = options.now.value_or(assessment_time(*lead.lead));
      result["ok"] = true;
      if (!lead.lead->id.empty()) result["id"] = lead.lead->id;
      Assessment assessed = engine->assess(now);
      OrderedJson assessment = to_json(assessed);
      for (auto& [key, value] : assessment.items()) result[key] = std::move(value);
      result["qualified"] = shared->qualified(assessed.stage);  // the core's one meaning
    }
    out += result.dump();
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  if (failed > 0) std::cerr << "magnete: " << failed << " of " << number << " lines failed\n";
  return failed > 0 ? 1 : 0;
}

}  // namespace magnete::cli
