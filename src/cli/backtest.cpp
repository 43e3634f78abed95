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
#include "magnete/learn.hpp"

namespace magnete::cli {
namespace {

struct BacktestOptions {
  bool json = false;
  std::optional<TimeMs> now;
  HistoryOptions history;
};

// What was read and scored: rows read, rows scored, rows left out (unreadable or refused).
struct History {
  std::size_t lines = 0, failed = 0;
  std::optional<std::int64_t> holdout_milli;
  std::uint64_t seed = 0;
};

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
  out += "history    " + name + ": " + std::to_string(history.lines) + " rows, " +
         std::to_string(r.leads) + " leads scored, " + std::to_string(history.failed) + " skipped";
  if (history.holdout_milli) {
    out += "; the held-out " + milli_to_string(*history.holdout_milli * 100) + "% of seed " +
           std::to_string(history.seed) + " (as magnete learn splits it)";
  }
  out += "\n\n";
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
      "magnete backtest CAMPAIGN.json HISTORY.jsonl|HISTORY.csv [--mapping FILE] [--holdout S "
      "--seed N] [--format text|json] [--now ISO-8601]";
  if (wants_help(args,
                 "usage: " + usage +
                     "\n\nScores each lead of HISTORY (JSONL: a magnete-v1 lead per line plus "
                     "\"converted\": true|false;\nCSV: one lead per row, read through "
                     "--mapping) and reports how well the score separates\nthe leads that "
                     "converted: base rate, AUC, precision / recall / lift / F1 at round\n"
                     "thresholds and at each stage's min_score, and a suggested MQL threshold. "
                     "HISTORY may be\n'-' for standard input.\n" +
                     std::string(kHistoryOptionsHelp) +
                     "                With --holdout only the held-out rows are scored: those "
                     "magnete learn held out\n                with the same share and seed.\n"
                     "--format  text (a table, the default) or json (one document)\n"
                     "--now     the time decay ages events against (default: each lead's "
                     "submitted_at,\n          else its latest event)\n"
                     "Rows that fail (bad JSON or CSV, bad values, no outcome) are reported "
                     "as FILE:LINE on\nstderr and skipped.\n"
                     "Exit status: 0 every row scored, 1 invalid campaign or some rows "
                     "failed, 2 bad usage.\n")) {
    return 0;
  }
  BacktestOptions options;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    int taken = history_option(args, i, options.history, usage);
    if (taken == 2) return 2;
    if (taken == 1) continue;
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

  auto rows = load_history(positional[1], options.history);
  if (!rows) return 1;
  std::string name = positional[1] == "-" ? "<stdin>" : positional[1];
  History history;
  // --holdout 0 holds nothing out (as `magnete learn --holdout 0`): every row is scored.
  if (options.history.holdout_milli.value_or(0) > 0)
    history.holdout_milli = options.history.holdout_milli;
  history.seed = options.history.seed;
  std::vector<bool> mask;
  if (history.holdout_milli) mask = holdout_split(rows->rows, *history.holdout_milli, history.seed);
  ScoredHistory scored_rows =
      score_history(shared, rows->rows, history.holdout_milli ? &mask : nullptr, true, options.now);
  for (const auto& e : scored_rows.errors) std::cerr << where(name, e) << "\n";
  history.lines = rows->rows.size() + rows->failed;
  history.failed = rows->failed + scored_rows.failed;
  if (history.holdout_milli) {
    history.lines =
        static_cast<std::size_t>(std::count(mask.begin(), mask.end(), true)) + rows->failed;
  }
  std::size_t scored = scored_rows.outcomes.size();
  BacktestResult result = backtest(std::move(scored_rows.outcomes), shared->scoring.stages);
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
    std::cout << text_report(*shared, name, history, *result.report);
  }
  std::cout << std::flush;
  if (history.failed > 0) {
    std::cerr << "magnete: " << history.failed << " of " << history.lines << " rows failed\n";
  }
  return history.failed > 0 ? 1 : 0;
}

}  // namespace magnete::cli
