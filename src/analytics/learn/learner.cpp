// learn_points_table: from history rows to a campaign whose scoring section is a table of whole
// points. Columns become one-hot candidates (values with enough leads; number columns and
// event counts cut into bands with round edges), a ridge logistic regression weighs them on
// the training share, the weights are scaled so the strongest is max_points, and rules that
// round to 0 are dropped and the rest refitted. Everything is in a fixed order with seeded
// randomness only in the split, so a seed gives the same file on every run.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "learn/bands.hpp"
#include "learn/candidates.hpp"
#include "learn/logistic.hpp"
#include "learn/rule_writer.hpp"
#include "learn/thresholds.hpp"
#include "magnete/backtest.hpp"
#include "magnete/learn.hpp"
#include "util/text.hpp"

namespace magnete::learn {

std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (auto m = milli_from_json(v)) return milli_to_string(*m);
  return v.dump();
}

namespace {

constexpr double kWaldZ = 1.959964;             // normal, two-sided 5%
constexpr std::size_t kMaxInferredValues = 50;  // distinct values of a column read as a list
constexpr std::size_t kMinBandPerMille = 25;    // a band holds at least 2.5% of the values

// Per row and column, the candidate it activates (at most one: one-hot), or -1.
using Activation = std::vector<std::vector<std::int32_t>>;

// A number field's value: a JSON number (JSONL) or decimal text (CSV).
std::optional<Milli> number_of(const HistoryRow& row, const std::string& field) {
  auto it = row.lead.contact.find(field);
  if (it == row.lead.contact.end()) return std::nullopt;
  if (it->second.is_string()) return parse_decimal(it->second.get<std::string>());
  return milli_from_json(it->second);
}

std::int64_t event_count(const Lead& lead, const std::string& type) {
  std::int64_t n = 0;
  for (const auto& e : lead.events) n += e.type == type ? 1 : 0;
  return n;
}

class Learner {
 public:
  Learner(const HistoryResult& history, const LearnOptions& options)
      : history_(history), options_(options) {}

  LearnResult run(const Json* base);

 private:
  void split();
  void columns(const Json* base);
  void values_column(Column& column, std::size_t index);
  void bands_column(Column& column, std::size_t index);
  std::int32_t band_candidate(const Column& column, Milli value) const;
  Activation activate(const std::vector<std::size_t>& rows) const;
  void fit();
  void merge();

  const HistoryResult& history_;
  LearnOptions options_;
  std::vector<std::size_t> train_, holdout_;
  std::vector<bool> holdout_mask_;
  std::size_t min_leads_ = 0;
  std::vector<Column> columns_;
  std::vector<Candidate> candidates_;
  std::size_t rounds_ = 0;
  double scale_ = 0;
};

void Learner::split() {
  holdout_mask_ = holdout_split(history_.rows, options_.holdout_milli, options_.seed);
  for (std::size_t i = 0; i < history_.rows.size(); ++i)
    (holdout_mask_[i] ? holdout_ : train_).push_back(i);
  min_leads_ = options_.min_leads ? options_.min_leads
                                  : std::max<std::size_t>(30, (train_.size() + 199) / 200);
}

void Learner::columns(const Json* base) {
  const HistoryMapping& m = history_.mapping;
  // The base campaign's field types, for a mapping that was inferred rather than written.
  std::map<std::string, std::string> base_types;
  if (base && base->contains("fields") && (*base)["fields"].is_array()) {
    for (const auto& f : (*base)["fields"]) {
      if (f.is_object() && f.value("name", Json()).is_string() &&
          f.value("type", Json()).is_string()) {
        base_types[f["name"].get<std::string>()] = f["type"].get<std::string>();
      }
    }
  }
  for (const auto& f : m.fields) {
    Column column;
    column.kind = f.numeric() ? Kind::kNumber : Kind::kValues;
    column.map = f;
    if (m.inferred) {
      auto type = base_types.find(f.name);
      if (type != base_types.end() && (type->second == "email" || type->second == "tel")) {
        column.note =
            "left out: an " + type->second + " field identifies a person, it does not describe one";
      }
    }
    columns_.push_back(std::move(column));
  }
  for (const auto& e : m.events) {
    Column column;
    column.kind = Kind::kEvents;
    column.map = e;
    columns_.push_back(std::move(column));
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].note.empty()) continue;
    if (columns_[i].kind == Kind::kValues)
      values_column(columns_[i], i);
    else
      bands_column(columns_[i], i);
  }
}

void Learner::values_column(Column& column, std::size_t index) {
  struct Level {
    std::int64_t leads = 0, converted = 0;
    std::map<std::string, std::int64_t> spellings;
  };
  std::map<std::string, Level> levels;
  std::size_t covered = 0;
  for (std::size_t r : train_) {
    const HistoryRow& row = history_.rows[r];
    auto it = row.lead.contact.find(column.map.name);
    if (it == row.lead.contact.end()) continue;
    std::string shown = value_text(it->second);
    Level& level = levels[text::fold(shown)];
    level.leads += 1;
    level.converted += row.converted ? 1 : 0;
    level.spellings[shown] += 1;
  }
  // Free text (names, emails, notes) is not a list of values: without a mapping that asks
  // for the column, one with more distinct values than kMaxInferredValues is left out.
  if (history_.mapping.inferred && levels.size() > kMaxInferredValues) {
    column.note = "left out: " + std::to_string(levels.size()) +
                  " distinct values look like free text (map the column to use it)";
    return;
  }
  std::vector<std::pair<std::string, const Level*>> kept;
  for (const auto& [folded, level] : levels) {
    if (level.leads >= static_cast<std::int64_t>(min_leads_)) {
      kept.emplace_back(folded, &level);
      covered += static_cast<std::size_t>(level.leads);
    }
  }
  // The baseline (0 points) is the rows without a kept value: missing or rare. When they are
  // too few to stand for anything, the most frequent value joins them ("No" of a yes/no
  // column), so no rule merely restates what nearly every lead has.
  if (train_.size() - covered < min_leads_ && !kept.empty()) {
    auto most = std::max_element(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      return a.second->leads < b.second->leads;
    });
    kept.erase(most);
  }
  if (kept.empty()) {
    column.note = levels.size() <= 1 ? "one value only"
                                     : "no value held by " + std::to_string(min_leads_) +
                                           " training leads besides the baseline";
    return;
  }
  for (const auto& [folded, level] : kept) {
    Candidate c;
    c.column = index;
    c.folded = folded;
    // The most frequent spelling is written; the Engine compares folded text anyway.
    c.shown = std::max_element(level->spellings.begin(), level->spellings.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; })
                  ->first;
    c.leads = level->leads;
    c.converted = level->converted;
    column.candidates.push_back(candidates_.size());
    candidates_.push_back(std::move(c));
  }
}

void Learner::bands_column(Column& column, std::size_t index) {
  std::vector<std::pair<Milli, bool>> values;
  for (std::size_t r : train_) {
    const HistoryRow& row = history_.rows[r];
    if (column.kind == Kind::kEvents) {
      values.emplace_back(event_count(row.lead, column.map.name) * kMilli, row.converted);
    } else if (auto v = number_of(row, column.map.name)) {
      values.emplace_back(*v, row.converted);
    }
  }
  std::sort(values.begin(), values.end());
  // A band holds min_leads and 2.5% of the column's values: narrower ones are noise.
  std::size_t min_band = std::max(min_leads_, (values.size() * kMinBandPerMille + 999) / 1000);
  column.edges = band_edges(values, options_.max_bands, min_band, column.kind == Kind::kEvents);
  if (column.edges.empty()) {
    column.note = values.empty()
                      ? "no values"
                      : "no bands of " + std::to_string(min_leads_) + " training leads each";
    return;
  }
  for (std::size_t k = 1; k <= column.edges.size(); ++k) {
    Candidate c;
    c.column = index;
    c.lo = column.edges[k - 1];
    c.top = k == column.edges.size();
    c.hi = c.top ? 0 : column.edges[k];
    column.candidates.push_back(candidates_.size());
    candidates_.push_back(std::move(c));
  }
}

std::int32_t Learner::band_candidate(const Column& column, Milli value) const {
  auto band = static_cast<std::size_t>(
      std::upper_bound(column.edges.begin(), column.edges.end(), value) - column.edges.begin());
  return band == 0 ? -1 : static_cast<std::int32_t>(column.candidates[band - 1]);
}

Activation Learner::activate(const std::vector<std::size_t>& rows) const {
  Activation out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const HistoryRow& row = history_.rows[rows[i]];
    for (const auto& column : columns_) {
      if (column.candidates.empty()) continue;
      std::int32_t hit = -1;
      if (column.kind == Kind::kEvents) {
        hit = band_candidate(column, event_count(row.lead, column.map.name) * kMilli);
      } else if (auto it = row.lead.contact.find(column.map.name); it != row.lead.contact.end()) {
        if (column.kind == Kind::kNumber) {
          if (auto v = number_of(row, column.map.name)) hit = band_candidate(column, *v);
        } else {
          std::string folded = text::fold(value_text(it->second));
          for (std::size_t c : column.candidates) {
            if (candidates_[c].folded == folded) hit = static_cast<std::int32_t>(c);
          }
        }
      }
      if (hit >= 0) out[i].push_back(hit);
    }
  }
  return out;
}

void Learner::fit() {
  Activation train = activate(train_);
  // Band support, now that rows are assigned (values were counted as they were found).
  for (std::size_t i = 0; i < train_.size(); ++i) {
    for (auto c : train[i]) {
      Candidate& cand = candidates_[static_cast<std::size_t>(c)];
      if (columns_[cand.column].kind == Kind::kValues) continue;
      cand.leads += 1;
      cand.converted += history_.rows[train_[i]].converted ? 1 : 0;
    }
  }
  for (rounds_ = 1; rounds_ <= candidates_.size() + 1; ++rounds_) {
    std::vector<std::uint32_t> feature(candidates_.size(), 0);
    std::vector<std::size_t> of_feature;
    for (std::size_t c = 0; c < candidates_.size(); ++c) {
      if (!candidates_[c].active) continue;
      feature[c] = static_cast<std::uint32_t>(of_feature.size());
      of_feature.push_back(c);
    }
    Design design;
    design.features = of_feature.size();
    for (std::size_t i = 0; i < train_.size(); ++i) {
      std::vector<std::uint32_t> act;
      for (auto c : train[i]) {
        if (candidates_[static_cast<std::size_t>(c)].active)
          act.push_back(feature[static_cast<std::size_t>(c)]);
      }
      design.active.push_back(std::move(act));
      design.positive.push_back(history_.rows[train_[i]].converted);
    }
    LogisticModel model = fit_logistic(design, options_.l2);
    double largest = 0;
    for (double w : model.weights) largest = std::fmax(largest, std::fabs(w));
    scale_ = largest > 0 ? static_cast<double>(options_.max_points) / largest : 0;
    bool dropped = false;
    std::optional<std::size_t> weakest;
    double weakest_z = 0;
    for (std::size_t f = 0; f < of_feature.size(); ++f) {
      Candidate& c = candidates_[of_feature[f]];
      c.weight = model.weights[f];
      c.points = std::llround(c.weight * scale_);
      if (c.points == 0) {
        c.active = false;
        c.dropped = "its weight rounded to 0 points";
        dropped = true;
      }
      double se = model.standard_errors[f];
      double z = se > 0 ? std::fabs(c.weight) / se : 0;
      if (!weakest || z < weakest_z) {
        weakest = of_feature[f];
        weakest_z = z;
      }
    }
    if (dropped) continue;
    // Backward elimination: the least significant rule goes while it is not significant at
    // 5% (Wald test, |w| / se < 1.96), one at a time, refitting after each.
    if (!weakest || weakest_z >= kWaldZ) break;
    candidates_[*weakest].active = false;
    candidates_[*weakest].dropped = "not significant at 5%";
  }
}

void Learner::merge() {
  // Neighbouring bands of one column with equal points become one band.
  for (auto& column : columns_) {
    if (column.kind == Kind::kValues) continue;
    for (std::size_t k = 0; k + 1 < column.candidates.size(); ++k) {
      Candidate& a = candidates_[column.candidates[k]];
      Candidate& b = candidates_[column.candidates[k + 1]];
      if (!a.active || !b.active || a.points != b.points) continue;
      b.lo = a.lo;
      b.leads += a.leads;
      b.converted += a.converted;
      a.active = false;
    }
  }
}

LearnResult Learner::run(const Json* base) {
  LearnResult result;
  const auto& rows = history_.rows;
  std::size_t positives = 0;
  for (const auto& r : rows) positives += r.converted ? 1 : 0;
  if (rows.size() < 20 || positives < 5 || rows.size() - positives < 5) {
    result.errors.push_back(
        {"", "a history needs at least 20 leads with 5 converted and 5 not, got " +
                 std::to_string(rows.size()) + " with " + std::to_string(positives) +
                 " converted"});
    return result;
  }
  if (options_.holdout_milli < 0 || options_.holdout_milli > 900) {
    result.errors.push_back({"holdout", "expected a share from 0 to 0.9"});
    return result;
  }
  split();
  columns(base);
  LearnReport report;
  report.rows = rows.size();
  report.train_rows = train_.size();
  report.holdout_rows = holdout_.size();
  report.min_leads = min_leads_;
  report.candidates = candidates_.size();
  if (candidates_.empty()) {
    result.errors.push_back({"", "no column has a value, band or count range held by " +
                                     std::to_string(min_leads_) +
                                     " training leads: nothing to learn from"});
    return result;
  }
  fit();
  merge();
  report.rounds = rounds_;
  report.points_per_logit = scale_;

  std::vector<LearnedRule> rules;
  OrderedJson tables = scoring_rules(columns_, candidates_, rules);
  OrderedJson doc = learned_campaign(base, options_, history_, columns_, candidates_, tables["fit"],
                                     tables["engagement"], result.errors);
  if (!result.errors.empty()) return result;

  auto parse = [&](const OrderedJson& d) -> std::shared_ptr<const Campaign> {
    CampaignResult parsed = parse_campaign_document(d);
    for (const auto& e : parsed.errors) {
      result.errors.push_back({"campaign" + (e.path.empty() ? "" : "." + e.path), e.message});
    }
    return parsed.ok() ? std::make_shared<const Campaign>(std::move(*parsed.campaign)) : nullptr;
  };
  auto first = parse(doc);
  if (!first) return result;
  ScoredHistory train = score_history(first, rows, &holdout_mask_, false, std::nullopt);
  thresholds(train, report);

  write_thresholds(doc["scoring"], report);
  auto fitted = parse(doc);
  if (!fitted) return result;
  // Thresholds change no points: the training scores are those of the first parse.
  ScoredHistory held = score_history(fitted, rows, &holdout_mask_, true, std::nullopt);
  for (const ScoredHistory* s : {&train, &held}) {
    result.errors.insert(result.errors.end(), s->errors.begin(), s->errors.end());
  }
  if (!result.errors.empty()) return result;
  report.train = *backtest(train.outcomes, fitted->scoring.stages).report;
  report.holdout = *backtest(held.outcomes, fitted->scoring.stages).report;

  for (const auto& column : columns_) {
    ColumnUse use;
    use.column = column.map.column;
    use.name = column.map.name;
    use.role = column.kind == Kind::kEvents   ? "event count"
               : column.kind == Kind::kNumber ? "field (number bands)"
                                              : "field (values)";
    for (const auto& rule : rules) use.rules += rule.column == column.map.column ? 1 : 0;
    use.note = column.note;
    if (use.rules == 0 && use.note.empty()) {
      std::set<std::string> why;
      for (std::size_t c : column.candidates) why.insert(candidates_[c].dropped);
      for (const auto& w : why) use.note += (use.note.empty() ? "" : ", or ") + w;
    }
    report.columns.push_back(std::move(use));
  }
  std::stable_sort(rules.begin(), rules.end(), [](const LearnedRule& a, const LearnedRule& b) {
    return std::llabs(a.points) > std::llabs(b.points);
  });
  report.rules = std::move(rules);
  report.campaign = std::move(doc);
  result.report = std::move(report);
  return result;
}

}  // namespace

}  // namespace magnete::learn

namespace magnete {

LearnResult learn_points_table(const HistoryResult& history, const Json* base,
                               const LearnOptions& options) {
  LearnResult result;
  if (options.max_points < 1 || options.max_points > 1000)
    result.errors.push_back({"max_points", "expected 1 to 1000"});
  if (options.max_bands < 2 || options.max_bands > 20)
    result.errors.push_back({"max_bands", "expected 2 to 20"});
  if (!(options.l2 >= 0 && options.l2 <= 1e6)) result.errors.push_back({"l2", "expected 0 to 1e6"});
  if (!result.errors.empty()) return result;
  return learn::Learner(history, options).run(base);
}

}  // namespace magnete
