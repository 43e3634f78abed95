// `magnete backtest`: scores a history of leads whose outcome is known and reports how well
// the campaign's model separates the ones that converted (the figures come from the core).
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "magnete/backtest.hpp"
#include "magnete/engine.hpp"

namespace magnete::cli {
namespace {

struct BacktestOptions {
  bool json = false;
  std::optional<TimeMs> now;
};

struct History {
  std::vector<Outcome> outcomes;
  std::size_t lines = 0, failed = 0;
};

// Reads one lead per line, scores it and keeps (score, converted). A line that does not
// parse, does not fit the campaign or lacks "converted" is reported as FILE:LINE and skipped.
History read_history(std::istream& in, const std::string& name,
                     const std::shared_ptr<const Campaign>& campaign,
                     const BacktestOptions& options) {
  History history;
  std::string line;
  while (std::getline(in, line)) {
    ++history.lines;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    LeadResult lead = parse_lead(line);
    Errors errors = lead.errors;
    std::optional<Engine> engine;
    if (lead.ok()) {
      engine.emplace(campaign);
      errors = engine->load(*lead.lead);
      if (!lead.lead->converted) {
        errors.push_back({"converted", "required for backtest, expected true or false"});
      }
    }
    if (!errors.empty()) {
      ++history.failed;
      for (const auto& e : errors) {
        std::cerr << name << ":" << history.lines << ": " << to_string(e) << "\n";
      }
      continue;
    }
    TimeMs now = options.now.value_or(assessment_time(*lead.lead));
    history.outcomes.push_back({engine->assess(now).score, *lead.lead->converted});
  }
  return history;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// Breaks `text` into lines of at most `width` columns (words longer than that stay whole).
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out, line = indent;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + word;
    start = end + 1;
  }
  return out + line + "\n";
}

class Table {
 public:
  explicit Table(std::size_t label_width) : label_width_(label_width) {}
  std::string header() const {
    return "  " + pad_right("", label_width_) + pad_left("score >=", 9) + pad_left("leads", 8) +
           pad_left("converted", 11) + pad_left("precision", 11) + pad_left("recall", 8) +
           pad_left("lift", 8) + pad_left("F1", 8) + "\n";
  }
  std::string row(const std::string& label, const ThresholdStats& s) const {
    return "  " + pad_right(label, label_width_) + pad_left(milli_to_string(s.threshold), 9) +
           pad_left(std::to_string(s.leads), 8) + pad_left(std::to_string(s.converted), 11) +
           pad_left(to_decimal(s.precision), 11) + pad_left(to_decimal(s.recall), 8) +
           pad_left(to_decimal(s.lift), 8) + pad_left(to_decimal(s.f1), 8) + "\n";
  }

 private:
  std::size_t label_width_;
};

std::string text_report(const Campaign& campaign, const std::string& name, const History& history,
                        const BacktestReport& r) {
  constexpr std::size_t kWidth = 92;
  std::size_t label_width = std::string("suggested").size();
  for (const auto& stage : r.stages) label_width = std::max(label_width, stage.id.size());
  Table table(label_width);

  std::string out = "campaign   " + campaign.id + " v" + campaign.version + " (model " +
                    campaign.model_hash + ")\n";
  out += "history    " + name + ": " + std::to_string(history.lines) + " lines, " +
         std::to_string(r.leads) + " leads scored, " + std::to_string(history.failed) +
         " skipped\n\n";
  out += "converted  " + std::to_string(r.converted) + " of " + std::to_string(r.leads) +
         ", base rate " + to_decimal(r.base_rate) + "\n";
  out += "AUC        " + to_decimal(r.auc) +
         " (the chance that a converted lead outscores one that did not; ties count half)\n\n";

  if (r.thresholds.empty()) {
    out += "Thresholds: none, no leads scored.\n";
  } else {
    out += "Thresholds every " + milli_to_string(r.step) + " points:\n";
    out += wrap(std::string("(") + kThresholdRule + ")", kWidth, "  ");
    out += table.header();
    for (const auto& s : r.thresholds) out += table.row("", s);
  }
  if (!r.stages.empty()) {
    out += "\nStages at their min_score (the score condition only):\n" + table.header();
    for (const auto& stage : r.stages) out += table.row(stage.id, stage.stats);
  }
  out += "\nSuggested MQL threshold: ";
  if (r.suggested) {
    out += milli_to_string(r.suggested->threshold) + " points\n";
    out += table.header() + table.row("suggested", *r.suggested);
  } else {
    out += "none, " + r.no_suggestion + ".\n";
  }
  out += wrap(std::string("Criterion: ") + kSuggestionCriterion + ".", kWidth, "");
  out +=
      "\nprecision = converted / leads at or above the threshold; recall = converted / all\n"
      "converted; lift = precision / base rate; F1 = 2 precision recall / (precision + recall).\n"
      "'-' marks a figure that is undefined (a division by zero).\n";
  return out;
}

}  // namespace

int backtest(const Args& args) {
  const std::string usage =
      "magnete backtest CAMPAIGN.json HISTORY.jsonl [--format text|json] [--now ISO-8601]";
  if (wants_help(args, "usage: " + usage +
                           "\n\nScores each line of HISTORY.jsonl (a magnete-v1 lead plus "
                           "\"converted\": true|false)\nand reports how well the score separates "
                           "the leads that converted: base rate, AUC,\nprecision / recall / lift / "
                           "F1 at round thresholds and at each stage's min_score,\nand a suggested "
                           "MQL threshold. HISTORY may be '-' for standard input.\n"
                           "--format  text (a table, the default) or json (one document)\n"
                           "--now     the time decay ages events against (default: each lead's "
                           "submitted_at,\n          else its latest event)\n"
                           "Lines that fail (bad JSON, bad values, no \"converted\") are reported "
                           "as FILE:LINE on\nstderr and skipped.\n"
                           "Exit status: 0 every line scored, 1 invalid campaign or some lines "
                           "failed, 2 bad usage.\n")) {
    return 0;
  }
  BacktestOptions options;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--now") {
      if (i + 1 >= args.size()) return usage_error(usage, "--now needs a time");
      options.now = parse_time(args[++i]);
      if (!options.now)
        return usage_error(usage, "--now: expected an RFC 3339 time, got \"" + args[i] + "\"");
    } else if (args[i] == "--format") {
      if (i + 1 >= args.size()) return usage_error(usage, "--format needs text or json");
      const std::string& format = args[++i];
      if (format != "text" && format != "json") {
        return usage_error(usage, "--format: expected text or json, got \"" + format + "\"");
      }
      options.json = format == "json";
    } else if (args[i].rfind("--", 0) == 0) {
      return usage_error(usage, "unknown option " + args[i]);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2) return usage_error(usage, "expected CAMPAIGN and HISTORY");
  auto campaign = load_campaign(positional[0]);
  if (!campaign) return 1;
  auto shared = std::make_shared<const Campaign>(std::move(*campaign));

  History history;
  if (positional[1] == "-") {
    history = read_history(std::cin, "<stdin>", shared, options);
  } else {
    std::ifstream file(positional[1], std::ios::binary);
    if (!file) {
      std::cerr << "magnete: cannot read " << positional[1] << "\n";
      return 1;
    }
    history = read_history(file, positional[1], shared, options);
  }
  std::size_t scored = history.outcomes.size();
  BacktestResult result = backtest(std::move(history.outcomes), shared->scoring.stages);
  for (const auto& e : result.errors) std::cerr << "magnete: " << to_string(e) << "\n";
  if (!result.ok()) return 1;

  if (options.json) {
    OrderedJson out = OrderedJson::object();
    OrderedJson campaign_json = OrderedJson::object();
    campaign_json["id"] = shared->id;
    campaign_json["version"] = shared->version;
    campaign_json["model_hash"] = shared->model_hash;
    out["campaign"] = std::move(campaign_json);
    OrderedJson lines = OrderedJson::object();
    lines["read"] = history.lines;
    lines["scored"] = scored;
    lines["failed"] = history.failed;
    out["lines"] = std::move(lines);
    OrderedJson report = to_json(*result.report);
    for (auto& [key, value] : report.items()) out[key] = std::move(value);
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << text_report(*shared, positional[1], history, *result.report);
  }
  std::cout << std::flush;
  if (history.failed > 0) {
    std::cerr << "magnete: " << history.failed << " of " << history.lines << " lines failed\n";
  }
  return history.failed > 0 ? 1 : 0;
}

}  // namespace magnete::cli
