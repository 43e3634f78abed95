// fit_points_table: from history rows to a campaign whose scoring section is a table of whole
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

#include "learn/logistic.hpp"
#include "magnete/engine.hpp"
#include "magnete/learn.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

using learn::Design;

constexpr double kWaldZ = 1.959964;       // normal, two-sided 5%
constexpr double kChiSquare95 = 3.841459;  // chi-square with 1 degree of freedom, 5%
constexpr std::size_t kFineBands = 20;      // quantile bands before coarse classing
constexpr std::size_t kMaxInferredValues = 50;  // distinct values of a column read as a list
constexpr std::size_t kMinBandPerMille = 25;    // a band holds at least 2.5% of the values

enum class Kind { kValues, kNumber, kEvents };

struct Candidate {
  std::size_t column = 0;
  std::string folded, shown;     ///< kValues: the value as compared and as written
  Milli lo = 0, hi = 0;          ///< bands: [lo, hi), or [lo, inf) when top
  bool top = false;
  std::int64_t leads = 0, converted = 0;  ///< training support
  bool active = true;
  const char* dropped = "";  ///< why it is not a rule
  double weight = 0;
  std::int64_t points = 0;
};

struct Column {
  Kind kind = Kind::kValues;
  MappedColumn map;
  std::vector<Milli> edges;  ///< bands: band k is [edges[k-1], edges[k]); band 0 is the baseline
  std::vector<std::size_t> candidates;
  std::string note;
};

// Per row and column, the candidate it activates (at most one: one-hot), or -1.
using Activation = std::vector<std::vector<std::int32_t>>;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (auto m = milli_from_json(v)) return milli_to_string(*m);
  return v.dump();
}

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

// The roundest number in (a, b]: the largest step of 10^k, 5 10^(k-1), 2.5 10^(k-1) (in
// thousandths) with a multiple there, and the smallest such multiple. `whole`: steps of at
// least 1 (counts). nullopt when the interval is empty.
std::optional<Milli> roundest_between(Milli a, Milli b, bool whole) {
  if (b <= a) return std::nullopt;
  for (Milli decade = 1'000'000'000'000'000; decade >= 1; decade /= 10) {
    for (Milli step : {decade, decade / 2, decade / 4}) {
      if (step < 1 || (whole && step % kMilli != 0) || (step == decade / 4 && decade % 4 != 0)) continue;
      Milli q = a / step;
      if (a < 0 && a % step != 0) --q;  // floor
      Milli candidate = (q + 1) * step;
      if (candidate <= b) return candidate;
    }
  }
  return std::nullopt;
}

// Round band edges for sorted values: near each quantile k/bands, the roundest number that
// splits the values close to it; a run of equal values (a mass, such as the zeros) gets a
// round edge close to each side. Bands with fewer than min_leads values are merged away.
std::vector<Milli> quantile_edges(const std::vector<Milli>& sorted, std::size_t bands, std::size_t min_leads,
                                  bool whole) {
  std::set<Milli> edges;
  std::size_t n = sorted.size();
  if (n == 0) return {};
  std::size_t slack = n / (4 * bands);
  // Around a mass of equal values: the value `slack` ranks before its first (after its last),
  // so the edge beside it can be round even when the nearest other value is not.
  auto before_mass = [&](std::size_t i) -> std::optional<Milli> {
    auto first = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), sorted[i]) - sorted.begin());
    if (first == 0) return std::nullopt;
    return sorted[first > slack ? first - 1 - slack : 0];
  };
  auto after_mass = [&](std::size_t i) -> std::optional<Milli> {
    auto end = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), sorted[i]) - sorted.begin());
    if (end == n) return std::nullopt;
    return sorted[std::min(n - 1, end + slack)];
  };
  for (std::size_t k = 1; k < bands; ++k) {
    std::size_t r = k * n / bands;
    std::size_t lo = r > slack ? r - slack : 0, hi = std::min(n - 1, r + slack);
    if (sorted[lo] < sorted[hi]) {
      if (auto e = roundest_between(sorted[lo], sorted[hi], whole)) edges.insert(*e);
      continue;
    }
    if (auto before = before_mass(lo)) {
      if (auto e = roundest_between(*before, sorted[lo], whole)) edges.insert(*e);
    }
    if (auto after = after_mass(hi)) {
      if (auto e = roundest_between(sorted[hi], *after, whole)) edges.insert(*e);
    }
  }
  std::vector<Milli> out(edges.begin(), edges.end());
  // Merge the smallest band into its smaller neighbour until every band is big enough.
  for (;;) {
    std::vector<std::size_t> c(out.size() + 1, 0);
    for (Milli v : sorted) c[static_cast<std::size_t>(std::upper_bound(out.begin(), out.end(), v) - out.begin())] += 1;
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < c.size(); ++i) {
      if (c[i] < c[smallest]) smallest = i;
    }
    if (out.empty() || c[smallest] >= min_leads) break;
    std::size_t edge;  // left of band i is out[i-1], right is out[i]
    if (smallest == 0) edge = 0;
    else if (smallest == c.size() - 1) edge = out.size() - 1;
    else edge = c[smallest - 1] <= c[smallest + 1] ? smallest - 1 : smallest;
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(edge));
  }
  return out;
}

// Binomial log-likelihood of c conversions among n leads at their own rate.
double log_likelihood(std::int64_t n, std::int64_t c) {
  double out = 0;
  if (c > 0) out += static_cast<double>(c) * learn::log_deterministic(static_cast<double>(c) / static_cast<double>(n));
  if (n > c) out += static_cast<double>(n - c) * learn::log_deterministic(static_cast<double>(n - c) / static_cast<double>(n));
  return out;
}

// Coarse classing, as credit scorecards do it: fine round bands (20 quantiles), then the two
// neighbours whose conversion rates differ least (the smallest loss of log-likelihood) are
// merged, while there are more than `bands` or the two do not differ significantly (a
// likelihood-ratio test at 5%: 2 dLL < 3.84).
std::vector<Milli> band_edges(const std::vector<std::pair<Milli, bool>>& sorted, std::size_t bands,
                              std::size_t min_leads, bool whole) {
  std::vector<Milli> values;
  for (const auto& v : sorted) values.push_back(v.first);
  std::vector<Milli> edges = quantile_edges(values, kFineBands, min_leads, whole);
  for (;;) {
    std::vector<std::int64_t> n(edges.size() + 1, 0), c(edges.size() + 1, 0);
    for (const auto& [v, converted] : sorted) {
      auto band = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
      n[band] += 1;
      c[band] += converted ? 1 : 0;
    }
    if (edges.empty()) break;
    std::size_t best = 0;
    double best_loss = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
      double loss = log_likelihood(n[i], c[i]) + log_likelihood(n[i + 1], c[i + 1]) -
                    log_likelihood(n[i] + n[i + 1], c[i] + c[i + 1]);
      if (i == 0 || loss < best_loss) {
        best = i;
        best_loss = loss;
      }
    }
    if (edges.size() + 1 <= bands && 2 * best_loss >= kChiSquare95) break;
    edges.erase(edges.begin() + static_cast<std::ptrdiff_t>(best));
  }
  return edges;
}

std::string number_id(Milli v) {
  std::string s = milli_to_string(v);
  std::replace(s.begin(), s.end(), '-', 'm');
  return s;
}

// A value as part of a rule id.
std::string value_id(const std::string& value) {
  std::string id = slug(value);
  return id.empty() ? "value" : id;
}

class Learner {
 public:
  Learner(const HistoryResult& history, const FitOptions& options)
      : history_(history), options_(options) {}

  FitResult run(const Json* base);

 private:
  void split();
  void columns(const Json* base);
  void values_column(Column& column, std::size_t index);
  void bands_column(Column& column, std::size_t index);
  std::int32_t band_candidate(const Column& column, Milli value) const;
  Activation activate(const std::vector<std::size_t>& rows) const;
  void fit();
  void merge();
  OrderedJson scoring_rules(std::vector<LearnedRule>& report) const;
  OrderedJson campaign(const Json* base, OrderedJson fit_rules, OrderedJson engagement_rules,
                       Errors& errors) const;
  void thresholds(const ScoredHistory& train, FitReport& report) const;

  const HistoryResult& history_;
  FitOptions options_;
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
  for (std::size_t i = 0; i < history_.rows.size(); ++i) (holdout_mask_[i] ? holdout_ : train_).push_back(i);
  min_leads_ = options_.min_leads ? options_.min_leads : std::max<std::size_t>(30, (train_.size() + 199) / 200);
}

void Learner::columns(const Json* base) {
  const HistoryMapping& m = history_.mapping;
  // The base campaign's field types, for a mapping that was inferred rather than written.
  std::map<std::string, std::string> base_types;
  if (base && base->contains("fields") && (*base)["fields"].is_array()) {
    for (const auto& f : (*base)["fields"]) {
      if (f.is_object() && f.value("name", Json()).is_string() && f.value("type", Json()).is_string()) {
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
        column.note = "left out: an " + type->second + " field identifies a person, it does not describe one";
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
    if (columns_[i].kind == Kind::kValues) values_column(columns_[i], i);
    else bands_column(columns_[i], i);
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
    column.note = "left out: " + std::to_string(levels.size()) + " distinct values look like free text (map the column to use it)";
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
    column.note = levels.size() <= 1 ? "one value only" : "no value held by " + std::to_string(min_leads_) + " training leads besides the baseline";
    return;
  }
  for (const auto& [folded, level] : kept) {
    Candidate c;
    c.column = index;
    c.folded = folded;
    // The most frequent spelling is written; the Engine compares folded text anyway.
    c.shown = std::max_element(level->spellings.begin(), level->spellings.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; })->first;
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
    column.note = values.empty() ? "no values" : "no bands of " + std::to_string(min_leads_) + " training leads each";
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
  auto band = static_cast<std::size_t>(std::upper_bound(column.edges.begin(), column.edges.end(), value) -
                                       column.edges.begin());
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
        if (candidates_[static_cast<std::size_t>(c)].active) act.push_back(feature[static_cast<std::size_t>(c)]);
      }
      design.active.push_back(std::move(act));
      design.positive.push_back(history_.rows[train_[i]].converted);
    }
    learn::LogisticModel model = learn::fit_logistic(design, options_.l2);
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

OrderedJson Learner::scoring_rules(std::vector<LearnedRule>& report) const {
  OrderedJson fit = OrderedJson::array(), engagement = OrderedJson::array();
  std::set<std::string> ids;
  auto unique_id = [&](std::string id) {
    if (id.size() > 64) id.resize(64);
    std::string base = id;
    for (int k = 2; !ids.insert(id).second; ++k) {
      std::string suffix = "_" + std::to_string(k);
      id = base.substr(0, std::min(base.size(), 64 - suffix.size())) + suffix;
    }
    return id;
  };
  for (const auto& column : columns_) {
    const std::string& name = column.map.name;
    if (column.kind == Kind::kValues) {
      // Values with equal points share one rule ("in"), strongest group first.
      std::map<std::int64_t, std::vector<const Candidate*>, std::greater<>> groups;
      for (std::size_t c : column.candidates) {
        if (candidates_[c].active) groups[candidates_[c].points].push_back(&candidates_[c]);
      }
      for (auto& [points, members] : groups) {
        std::stable_sort(members.begin(), members.end(),
                         [](const Candidate* a, const Candidate* b) { return a->leads > b->leads; });
        LearnedRule rule;
        rule.kind = "fit";
        rule.column = column.map.column;
        rule.points = points;
        std::string id = name + "_" + value_id(members[0]->shown);
        if (members.size() == 2) id += "_or_" + value_id(members[1]->shown);
        if (members.size() > 2) id += "_and_" + std::to_string(members.size() - 1) + "_more";
        rule.id = unique_id(id);
        OrderedJson r = OrderedJson::object();
        r["id"] = rule.id;
        r["field"] = name;
        for (std::size_t i = 0; i < members.size(); ++i) {
          rule.condition += (i == 0 ? "is " : i + 1 == members.size() ? " or " : ", ") + in_quotes(members[i]->shown);
          rule.leads += members[i]->leads;
          rule.converted += members[i]->converted;
        }
        if (members.size() == 1) {
          r["op"] = "eq";
          r["value"] = members[0]->shown;
        } else {
          r["op"] = "in";
          r["values"] = OrderedJson::array();
          for (const auto* m : members) r["values"].push_back(m->shown);
        }
        r["points"] = points;
        fit.push_back(std::move(r));
        report.push_back(std::move(rule));
      }
      continue;
    }
    for (std::size_t c : column.candidates) {
      const Candidate& cand = candidates_[c];
      if (!cand.active) continue;
      LearnedRule rule;
      rule.column = column.map.column;
      rule.points = cand.points;
      rule.leads = cand.leads;
      rule.converted = cand.converted;
      OrderedJson r = OrderedJson::object();
      if (column.kind == Kind::kNumber) {
        rule.kind = "fit";
        rule.id = unique_id(name + "_" + number_id(cand.lo) + (cand.top ? "_plus" : "_to_" + number_id(cand.hi)));
        r["id"] = rule.id;
        r["field"] = name;
        if (cand.top) {
          r["op"] = "gte";
          r["value"] = milli_to_json(cand.lo);
          rule.condition = milli_to_string(cand.lo) + " or more";
        } else {
          r["op"] = "between";
          r["min"] = milli_to_json(cand.lo);
          r["below"] = milli_to_json(cand.hi);
          rule.condition = "from " + milli_to_string(cand.lo) + " to under " + milli_to_string(cand.hi);
        }
        r["points"] = cand.points;
        fit.push_back(std::move(r));
      } else {
        rule.kind = "engagement";
        std::int64_t at_least = cand.lo / kMilli, at_most = cand.hi / kMilli - 1;
        std::string span = cand.top ? std::to_string(at_least) + "_plus"
                           : at_least == at_most ? std::to_string(at_least)
                                                 : std::to_string(at_least) + "_to_" + std::to_string(at_most);
        rule.id = unique_id(name + "_" + span);
        r["id"] = rule.id;
        r["event"] = name;
        r["points"] = cand.points;
        r["at_least"] = at_least;
        if (!cand.top) r["at_most"] = at_most;
        rule.condition = cand.top ? std::to_string(at_least) + (at_least == 1 ? " time or more" : " times or more")
                         : at_least == at_most ? std::to_string(at_least) + (at_least == 1 ? " time" : " times")
                                               : std::to_string(at_least) + " to " + std::to_string(at_most) + " times";
        engagement.push_back(std::move(r));
      }
      report.push_back(std::move(rule));
    }
  }
  OrderedJson out = OrderedJson::object();
  out["fit"] = std::move(fit);
  out["engagement"] = std::move(engagement);
  return out;
}

OrderedJson Learner::campaign(const Json* base, OrderedJson fit_rules, OrderedJson engagement_rules,
                              Errors& errors) const {
  OrderedJson doc;
  if (base) {
    doc = *base;
  } else {
    doc = OrderedJson::object();
    doc["id"] = options_.id;
    doc["version"] = options_.version;
    doc["description"] = "A points table learned by magnete fit from a history of leads.";
    doc["default_locale"] = "en";
    doc["fields"] = OrderedJson::array();
  }
  if (!doc["fields"].is_array()) doc["fields"] = OrderedJson::array();
  // Fields the rules read that the base does not have: hidden unless the mapping says.
  std::set<std::string> have;
  for (const auto& f : doc["fields"]) {
    if (f.is_object() && f.contains("name") && f["name"].is_string()) have.insert(f["name"].get<std::string>());
  }
  for (const auto& column : columns_) {
    if (column.kind == Kind::kEvents || have.count(column.map.name)) continue;
    bool used = false;
    for (std::size_t c : column.candidates) used = used || candidates_[c].active;
    if (!used) continue;
    OrderedJson field = OrderedJson::object();
    field["name"] = column.map.name;
    FieldType type = column.map.type.value_or(FieldType::kHidden);
    field["type"] = std::string(to_string(type));
    field["label"] = column.map.column.substr(0, CampaignLimits::kMaxLabelLength);
    if (type == FieldType::kSelect || type == FieldType::kRadio) {
      std::set<std::string> seen;
      OrderedJson options = OrderedJson::array();
      for (const auto& row : history_.rows) {
        auto it = row.lead.contact.find(column.map.name);
        if (it == row.lead.contact.end()) continue;
        std::string v = value_text(it->second);
        if (seen.insert(v).second) options.push_back(v);
      }
      if (options.size() > CampaignLimits::kMaxOptions) {
        errors.push_back({"fields." + column.map.name, "column " + in_quotes(column.map.column) + " has " +
                                                           std::to_string(options.size()) + " distinct values, more than the " +
                                                           std::to_string(CampaignLimits::kMaxOptions) +
                                                           " options of a field: map it as \"hidden\" or \"text\""});
      }
      field["options"] = std::move(options);
    }
    doc["fields"].push_back(std::move(field));
  }
  OrderedJson scoring = doc.contains("scoring") && doc["scoring"].is_object() ? doc["scoring"] : OrderedJson::object();
  OrderedJson out = OrderedJson::object();
  // The learned rules replace the base's; its decay and segments stay, in the schema's order.
  out["fit"] = std::move(fit_rules);
  out["engagement"] = std::move(engagement_rules);
  for (auto it = scoring.begin(); it != scoring.end(); ++it) {
    if (it.key() != "fit" && it.key() != "engagement") out[it.key()] = it.value();
  }
  doc["scoring"] = std::move(out);
  return doc;
}

// Grades, bands and the two stage thresholds, from the training leads' scores.
void Learner::thresholds(const ScoredHistory& train, FitReport& report) const {
  auto floor_points = [](Milli v) { return (v >= 0 ? v / kMilli : -((-v + kMilli - 1) / kMilli)) * kMilli; };
  std::vector<Milli> fits = train.fits;
  std::sort(fits.begin(), fits.end(), std::greater<>());
  const std::pair<const char*, std::int64_t> shares[] = {{"A", 10}, {"B", 25}, {"C", 50}, {"D", 75}};
  std::optional<Milli> previous;
  for (const auto& [grade, percent] : shares) {
    if (fits.empty()) break;
    std::size_t rank = (fits.size() * static_cast<std::size_t>(percent) + 99) / 100;
    Milli at = floor_points(fits[std::max<std::size_t>(rank, 1) - 1]);
    if (previous && at >= *previous) continue;
    report.grades.emplace_back(grade, at);
    previous = at;
  }
  if (report.grades.empty()) report.grades.emplace_back("A", 0);

  BacktestResult bt = backtest(train.outcomes, {});
  report.mql = bt.ok() && bt.report->suggested ? bt.report->suggested->threshold : 0;
  std::vector<Outcome> sorted = train.outcomes;
  std::sort(sorted.begin(), sorted.end(), [](const Outcome& a, const Outcome& b) { return a.score > b.score; });
  std::int64_t mql_leads = 0, mql_converted = 0;
  for (const auto& o : sorted) {
    if (o.score < report.mql) break;
    ++mql_leads;
    mql_converted += o.converted ? 1 : 0;
  }
  // kSqlCriterion: precision c/l >= (1 + C/L) / 2 with C/L mql's  <=>  2 c L >= (L + C) l.
  // Walking down the scores, the lowest such whole-point threshold above mql wins.
  std::optional<Milli> sql;
  std::int64_t leads = 0, converted = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    Milli t = floor_points(sorted[i].score);
    for (; i < sorted.size() && floor_points(sorted[i].score) == t; ++i) {
      ++leads;
      converted += sorted[i].converted ? 1 : 0;
    }
    if (t > report.mql && 2 * converted * mql_leads >= (mql_leads + mql_converted) * leads) sql = t;
  }
  if (!sql && !sorted.empty()) sql = floor_points(sorted[(sorted.size() - 1) / 10].score);
  report.sql = std::max(sql.value_or(report.mql + kMilli), report.mql + kMilli);
}

FitResult Learner::run(const Json* base) {
  FitResult result;
  const auto& rows = history_.rows;
  std::size_t positives = 0;
  for (const auto& r : rows) positives += r.converted ? 1 : 0;
  if (rows.size() < 20 || positives < 5 || rows.size() - positives < 5) {
    result.errors.push_back({"", "a history needs at least 20 leads with 5 converted and 5 not, got " +
                                     std::to_string(rows.size()) + " with " + std::to_string(positives) + " converted"});
    return result;
  }
  if (options_.holdout_milli < 0 || options_.holdout_milli > 900) {
    result.errors.push_back({"holdout", "expected a share from 0 to 0.9"});
    return result;
  }
  split();
  columns(base);
  FitReport report;
  report.rows = rows.size();
  report.train_rows = train_.size();
  report.holdout_rows = holdout_.size();
  report.min_leads = min_leads_;
  report.candidates = candidates_.size();
  if (candidates_.empty()) {
    result.errors.push_back({"", "no column has a value, band or count range held by " + std::to_string(min_leads_) +
                                     " training leads: nothing to learn from"});
    return result;
  }
  fit();
  merge();
  report.rounds = rounds_;
  report.points_per_logit = scale_;

  std::vector<LearnedRule> rules;
  OrderedJson tables = scoring_rules(rules);
  OrderedJson doc = campaign(base, tables["fit"], tables["engagement"], result.errors);
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

  OrderedJson& scoring = doc["scoring"];
  OrderedJson grades = OrderedJson::object();
  for (const auto& [grade, at] : report.grades) grades[grade] = milli_to_json(at);
  scoring["grades"] = std::move(grades);
  OrderedJson bands = OrderedJson::object();
  bands["warm"] = milli_to_json(report.mql);
  bands["hot"] = milli_to_json(report.sql);
  scoring["bands"] = std::move(bands);
  if (!scoring.contains("stages") || !scoring["stages"].is_array()) scoring["stages"] = OrderedJson::array();
  for (const auto& [id, at] : {std::pair<const char*, Milli>{"mql", report.mql}, {"sql", report.sql}}) {
    bool found = false;
    for (auto& stage : scoring["stages"]) {
      if (stage.is_object() && stage.value("id", "") == id) {
        stage["min_score"] = milli_to_json(at);
        found = true;
      }
    }
    if (!found) {
      OrderedJson stage = OrderedJson::object();
      stage["id"] = id;
      stage["min_score"] = milli_to_json(at);
      scoring["stages"].push_back(std::move(stage));
    }
  }
  // The scoring section in the schema's order, whatever order the base had.
  OrderedJson ordered = OrderedJson::object();
  for (const char* key : {"fit", "engagement", "decay", "grades", "bands", "stages", "segments"}) {
    if (scoring.contains(key)) ordered[key] = scoring[key];
  }
  for (auto it = scoring.begin(); it != scoring.end(); ++it) {
    if (!ordered.contains(it.key())) ordered[it.key()] = it.value();
  }
  scoring = std::move(ordered);
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
    use.role = column.kind == Kind::kEvents ? "event count" : column.kind == Kind::kNumber ? "field (number bands)" : "field (values)";
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

FitResult fit_points_table(const HistoryResult& history, const Json* base, const FitOptions& options) {
  FitResult result;
  if (options.max_points < 1 || options.max_points > 1000) result.errors.push_back({"max_points", "expected 1 to 1000"});
  if (options.max_bands < 2 || options.max_bands > 20) result.errors.push_back({"max_bands", "expected 2 to 20"});
  if (!(options.l2 >= 0 && options.l2 <= 1e6)) result.errors.push_back({"l2", "expected 0 to 1e6"});
  if (!result.errors.empty()) return result;
  return Learner(history, options).run(base);
}

ScoredHistory score_history(const std::shared_ptr<const Campaign>& campaign,
                            const std::vector<HistoryRow>& rows, const std::vector<bool>* select,
                            bool select_value, std::optional<TimeMs> now) {
  ScoredHistory out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (select && (*select)[i] != select_value) continue;
    const HistoryRow& row = rows[i];
    Lead lead = row.lead;
    for (auto it = lead.contact.begin(); it != lead.contact.end();) {
      it = campaign->find_field(it->first) ? std::next(it) : lead.contact.erase(it);
    }
    Engine engine(campaign);
    Errors errors = engine.load(lead);
    if (!errors.empty()) {
      if (++out.failed <= HistoryLimits::kMaxErrors) {
        for (const auto& e : errors) out.errors.push_back({e.path, e.message, e.code, row.line});
      }
      continue;
    }
    Assessment a = engine.assess(now.value_or(assessment_time(lead)));
    out.outcomes.push_back({a.score, row.converted});
    out.fits.push_back(a.fit);
  }
  return out;
}

}  // namespace magnete
