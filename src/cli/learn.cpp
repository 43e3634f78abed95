// `magnete learn` (also `magnete fit`, its first name): learns an editable points table from a
// history of leads whose outcome is known, writes it as a campaign file and reports how well it
// ranks the held-out leads. "Fit" is the domain's profile fit (the fit rules); learning is this.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "magnete/learn.hpp"

namespace magnete::cli {
namespace {

std::string percent(std::int64_t num, std::int64_t den) {
  return den == 0 ? "-" : to_decimal(make_fraction(num * 100, den), 1) + "%";
}

std::string pad(const std::string& s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  return left ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

std::string signed_points(std::int64_t p) { return (p > 0 ? "+" : "") + std::to_string(p); }

std::string stats_line(const BacktestReport& r, const std::string& id) {
  for (const auto& stage : r.stages) {
    if (stage.id != id) continue;
    const ThresholdStats& s = stage.stats;
    return std::to_string(s.leads) + " leads, precision " + to_decimal(s.precision) + ", recall " +
           to_decimal(s.recall) + ", lift " + to_decimal(s.lift);
  }
  return "-";
}

std::string text_report(const std::string& name, const HistoryResult& history, const LearnReport& r,
                        const LearnOptions& options, const std::string& output, std::size_t top) {
  std::string out;
  std::int64_t converted = r.train.converted + r.holdout.converted;
  out += "history   " + name + ": " + std::to_string(r.rows) + " leads (" +
         std::to_string(history.failed) + " rows skipped), label \"" + history.mapping.label +
         "\": " + std::to_string(converted) + " converted (" +
         percent(converted, static_cast<std::int64_t>(r.rows)) + ")\n";
  out += "split     stratified, seed " + std::to_string(options.seed) + ": " +
         std::to_string(r.train_rows) + " training leads, " + std::to_string(r.holdout_rows) +
         " held out\n";
  std::size_t fit_rules = 0;
  for (const auto& rule : r.rules) fit_rules += rule.kind == "fit" ? 1 : 0;
  out += "table     " + std::to_string(r.rules.size()) + " rules (" + std::to_string(fit_rules) +
         " fit, " + std::to_string(r.rules.size() - fit_rules) + " engagement) from " +
         std::to_string(r.candidates) + " candidates with at least " + std::to_string(r.min_leads) +
         " training leads each; " + std::to_string(r.rounds) + " regression rounds\n";
  // With --holdout 0 every lead trains the table: the figures are the training leads'.
  const bool held = r.holdout_rows > 0;
  const BacktestReport& judged = held ? r.holdout : r.train;
  const std::string on = held ? "held out: " : "training, nothing held out: ";
  out += held ? "AUC       held out " + to_decimal(r.holdout.auc) + " (" +
                    std::to_string(r.holdout.leads) + " leads), training " +
                    to_decimal(r.train.auc) + "\n"
              : "AUC       training " + to_decimal(r.train.auc) + " (" +
                    std::to_string(r.train.leads) + " leads; --holdout 0: none held out)\n";
  out += "stages    mql >= " + milli_to_string(r.mql) + " points (" + on +
         stats_line(judged, "mql") + ")\n";
  out += "          sql >= " + milli_to_string(r.sql) + " points (" + on +
         stats_line(judged, "sql") + ")\n";
  out += "grades   ";
  for (const auto& [grade, at] : r.grades) out += " " + grade + " >= " + milli_to_string(at);
  out += " (fit points)\n\n";

  out += "Top rules by weight (points, rule, condition, training leads and their conversion):\n";
  std::size_t id_width = 0, column_width = 0;
  for (std::size_t i = 0; i < r.rules.size() && i < top; ++i)
    id_width = std::max(id_width, r.rules[i].id.size());
  for (const auto& c : r.columns) column_width = std::max(column_width, c.column.size());
  for (std::size_t i = 0; i < r.rules.size() && i < top; ++i) {
    const LearnedRule& rule = r.rules[i];
    out += "  " + pad(signed_points(rule.points), 4, true) + "  " + pad(rule.id, id_width) + "  " +
           rule.column + " " + rule.condition + "  (" + std::to_string(rule.leads) + ", " +
           percent(rule.converted, rule.leads) + ")\n";
  }
  if (r.rules.size() > top)
    out += "  ... " + std::to_string(r.rules.size() - top) + " more in " + output + "\n";

  out += "\nColumns:\n";
  for (const auto& c : r.columns) {
    std::string rules = c.rules == 1 ? "1 rule" : std::to_string(c.rules) + " rules";
    out += "  " + pad(c.column, column_width) + "  " + pad(c.role, 20) + "  " +
           (c.rules ? rules : "no rule: " + c.note) + "\n";
  }
  out += "\nCriteria: " + std::string(kMqlCriterion) + "; " + kSqlCriterion + "; " +
         kGradeCriterion + ".\n";
  out += "Rules: " + std::string(kRuleLimits) + ".\n";
  out += "\nwrote " + output + "\n";
  return out;
}

OrderedJson json_report(const HistoryResult& history, const LearnReport& r,
                        const LearnOptions& options, const std::string& output) {
  OrderedJson out = OrderedJson::object();
  out["output"] = output;
  out["rows"] = r.rows;
  out["skipped"] = history.failed;
  out["label"] = history.mapping.label;
  out["seed"] = options.seed;
  out["train"] = r.train_rows;
  out["holdout"] = r.holdout_rows;
  out["min_leads"] = r.min_leads;
  out["candidates"] = r.candidates;
  OrderedJson auc = OrderedJson::object();
  auc["holdout"] = fraction_to_json(r.holdout.auc);
  auc["train"] = fraction_to_json(r.train.auc);
  out["auc"] = std::move(auc);
  OrderedJson stages = OrderedJson::object();
  stages["mql"] = milli_to_json(r.mql);
  stages["sql"] = milli_to_json(r.sql);
  out["stages"] = std::move(stages);
  OrderedJson grades = OrderedJson::object();
  for (const auto& [grade, at] : r.grades) grades[grade] = milli_to_json(at);
  out["grades"] = std::move(grades);
  out["rules"] = OrderedJson::array();
  for (const auto& rule : r.rules) {
    OrderedJson j = OrderedJson::object();
    j["id"] = rule.id;
    j["kind"] = rule.kind;
    j["column"] = rule.column;
    j["condition"] = rule.condition;
    j["points"] = rule.points;
    j["leads"] = rule.leads;
    j["converted"] = rule.converted;
    out["rules"].push_back(std::move(j));
  }
  out["columns"] = OrderedJson::array();
  for (const auto& c : r.columns) {
    OrderedJson j = OrderedJson::object();
    j["column"] = c.column;
    j["name"] = c.name;
    j["role"] = c.role;
    j["rules"] = c.rules;
    if (!c.note.empty()) j["note"] = c.note;
    out["columns"].push_back(std::move(j));
  }
  out["holdout_backtest"] = to_json(r.holdout);
  return out;
}

std::optional<std::int64_t> whole(const std::string& text, std::int64_t min, std::int64_t max) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  std::int64_t v = std::stoll(text);
  if (v < min || v > max) return std::nullopt;
  return v;
}

}  // namespace

int learn(const Args& args) {
  const std::string usage =
      "magnete learn HISTORY.csv|HISTORY.jsonl --label COLUMN -o CAMPAIGN.json [--mapping FILE] "
      "[--campaign BASE.json] [--holdout 0.3] [--seed N] [--max-points 20] [--format text|json]";
  std::string help =
      "usage: " + usage +
      "\n\nLearns a points table from leads whose outcome is known: integer points for field "
      "values,\n"
      "bands of number columns and counts of events, fitted by logistic regression on a "
      "stratified\n"
      "training share; writes a campaign file with it and reports the AUC on the held-out leads.\n"
      "`magnete backtest CAMPAIGN.json HISTORY --holdout S --seed N` (with the same mapping) "
      "gives\n"
      "the same held-out figures. --holdout 0 learns from every lead (no held-out figures).\n"
      "`magnete fit` is the same command (its first name).\n\n" +
      std::string(kHistoryOptionsHelp) +
      "--campaign FILE the campaign whose other sections the output keeps (its fit and\n"
      "                engagement rules are replaced; grades, bands and the min_score of the\n"
      "                stages mql and sql are set); else a campaign with the mapped fields\n"
      "-o FILE         where the campaign goes ('-': standard output, the report to stderr)\n"
      "--max-points N  points of the strongest rule (1 to 1000, default 20)\n"
      "--max-bands N   bands per number column or event count (2 to 20, default 6)\n"
      "--min-leads N   training leads a value or band needs to become a rule (default\n"
      "                max(30, 0.5% of the training leads))\n"
      "--l2 X          ridge penalty of the regression (default 1; larger: smaller weights)\n"
      "--id ID, --version V  of a campaign made without --campaign (default fitted, 1)\n"
      "--top N         rules listed in the report (default 15)\n"
      "--format        text (default) or json: the report as one JSON document\n"
      "Exit status: 0 done, 1 the input had errors (bad rows are reported and left out; the\n"
      "table is still written when enough remain), 2 bad usage.\n";
  if (wants_help(args, help)) return 0;

  HistoryOptions history_options;
  LearnOptions options;
  std::string output, base_path;
  bool json = false;
  std::size_t top = 15;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    int taken = history_option(args, i, history_options, usage);
    if (taken == 2) return 2;
    if (taken == 1) continue;
    const std::string& a = args[i];
    bool has_value = i + 1 < args.size();
    if (a == "-o" || a == "--output" || a == "--campaign" || a == "--max-points" ||
        a == "--max-bands" || a == "--min-leads" || a == "--l2" || a == "--id" ||
        a == "--version" || a == "--format" || a == "--top") {
      if (!has_value) return usage_error(usage, a + " needs a value");
      const std::string& v = args[++i];
      if (a == "-o" || a == "--output") output = v;
      if (a == "--campaign") base_path = v;
      if (a == "--id") options.id = v;
      if (a == "--version") options.version = v;
      if (a == "--format") {
        if (v != "text" && v != "json")
          return usage_error(usage, "--format: expected text or json, got \"" + v + "\"");
        json = v == "json";
      }
      if (a == "--max-points") {
        auto n = whole(v, 1, 1000);
        if (!n)
          return usage_error(
              usage, "--max-points: expected a whole number from 1 to 1000, got \"" + v + "\"");
        options.max_points = *n;
      }
      if (a == "--max-bands") {
        auto n = whole(v, 2, 20);
        if (!n)
          return usage_error(
              usage, "--max-bands: expected a whole number from 2 to 20, got \"" + v + "\"");
        options.max_bands = static_cast<std::size_t>(*n);
      }
      if (a == "--min-leads") {
        auto n = whole(v, 1, 100'000'000);
        if (!n)
          return usage_error(usage,
                             "--min-leads: expected a whole number from 1, got \"" + v + "\"");
        options.min_leads = static_cast<std::size_t>(*n);
      }
      if (a == "--l2") {
        auto milli = parse_decimal(v);
        if (!milli || *milli < 0 || *milli > 1'000'000'000)
          return usage_error(usage, "--l2: expected a number from 0 to 1000000, got \"" + v + "\"");
        options.l2 = static_cast<double>(*milli) / 1000.0;
      }
      if (a == "--top") {
        auto n = whole(v, 0, 10'000);
        if (!n) return usage_error(usage, "--top: expected a whole number, got \"" + v + "\"");
        top = static_cast<std::size_t>(*n);
      }
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(usage, "unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 1) return usage_error(usage, "expected one HISTORY file");
  if (output.empty())
    return usage_error(usage, "-o CAMPAIGN.json is required: where the learned campaign goes");
  options.holdout_milli = history_options.holdout_milli.value_or(300);
  options.seed = history_options.seed;

  std::optional<Json> base;
  if (!base_path.empty()) {
    if (!load_campaign(base_path)) return 1;  // every error of the base, with its path
    base = parse_json(*read_file(base_path)).value;
  }
  auto started = std::chrono::steady_clock::now();
  auto history = load_history(positional[0], history_options);
  if (!history) return 1;
  LearnResult result = learn_points_table(*history, base ? &*base : nullptr, options);
  for (const auto& e : result.errors) std::cerr << "magnete: " << to_string(e) << "\n";
  if (!result.ok()) return 1;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string text = result.report->campaign.dump(2) + "\n";
  if (output == "-") {
    std::cout << text << std::flush;
  } else {
    std::ofstream file(output, std::ios::binary | std::ios::trunc);
    if (!(file << text) || !file.flush()) {
      std::cerr << "magnete: cannot write " << output << "\n";
      return 1;
    }
  }
  std::ostream& report = output == "-" ? std::cerr : std::cout;
  std::string name = positional[0] == "-" ? "<stdin>" : positional[0];
  if (json)
    report << json_report(*history, *result.report, options, output).dump(2) << "\n";
  else
    report << text_report(name, *history, *result.report, options, output, top);
  report << std::flush;
  char timing[80];
  std::snprintf(timing, sizeof timing, "magnete: learned from %zu leads in %.2f s\n",
                result.report->rows, seconds);
  std::cerr << timing;
  return history->failed > 0 ? 1 : 0;
}

}  // namespace magnete::cli
