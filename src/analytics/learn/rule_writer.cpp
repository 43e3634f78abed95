#include "learn/rule_writer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "magnete/campaign.hpp"
#include "magnete/history.hpp"

namespace magnete::learn {
namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

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

}  // namespace

OrderedJson scoring_rules(const std::vector<Column>& columns_,
                          const std::vector<Candidate>& candidates_,
                          std::vector<LearnedRule>& report) {
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
        std::stable_sort(
            members.begin(), members.end(),
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
          rule.condition += (i == 0                    ? "is "
                             : i + 1 == members.size() ? " or "
                                                       : ", ") +
                            in_quotes(members[i]->shown);
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
        rule.id = unique_id(name + "_" + number_id(cand.lo) +
                            (cand.top ? "_plus" : "_to_" + number_id(cand.hi)));
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
          rule.condition =
              "from " + milli_to_string(cand.lo) + " to under " + milli_to_string(cand.hi);
        }
        r["points"] = cand.points;
        fit.push_back(std::move(r));
      } else {
        rule.kind = "engagement";
        std::int64_t at_least = cand.lo / kMilli, at_most = cand.hi / kMilli - 1;
        std::string span = cand.top ? std::to_string(at_least) + "_plus"
                           : at_least == at_most
                               ? std::to_string(at_least)
                               : std::to_string(at_least) + "_to_" + std::to_string(at_most);
        rule.id = unique_id(name + "_" + span);
        r["id"] = rule.id;
        r["event"] = name;
        r["points"] = cand.points;
        r["at_least"] = at_least;
        if (!cand.top) r["at_most"] = at_most;
        rule.condition =
            cand.top
                ? std::to_string(at_least) + (at_least == 1 ? " time or more" : " times or more")
            : at_least == at_most
                ? std::to_string(at_least) + (at_least == 1 ? " time" : " times")
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

OrderedJson learned_campaign(const Json* base, const LearnOptions& options_,
                             const HistoryResult& history_, const std::vector<Column>& columns_,
                             const std::vector<Candidate>& candidates_, OrderedJson fit_rules,
                             OrderedJson engagement_rules, Errors& errors) {
  OrderedJson doc;
  if (base) {
    doc = *base;
  } else {
    doc = OrderedJson::object();
    doc["id"] = options_.id;
    doc["version"] = options_.version;
    doc["description"] = "A points table learned by magnete learn from a history of leads.";
    doc["default_locale"] = "en";
    doc["fields"] = OrderedJson::array();
  }
  if (!doc["fields"].is_array()) doc["fields"] = OrderedJson::array();
  // Fields the rules read that the base does not have: hidden unless the mapping says.
  std::set<std::string> have;
  for (const auto& f : doc["fields"]) {
    if (f.is_object() && f.contains("name") && f["name"].is_string())
      have.insert(f["name"].get<std::string>());
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
        errors.push_back({"fields." + column.map.name,
                          "column " + in_quotes(column.map.column) + " has " +
                              std::to_string(options.size()) + " distinct values, more than the " +
                              std::to_string(CampaignLimits::kMaxOptions) +
                              " options of a field: map it as \"hidden\" or \"text\""});
      }
      field["options"] = std::move(options);
    }
    doc["fields"].push_back(std::move(field));
  }
  OrderedJson scoring = doc.contains("scoring") && doc["scoring"].is_object()
                            ? doc["scoring"]
                            : OrderedJson::object();
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

void write_thresholds(OrderedJson& scoring, const LearnReport& report) {
  OrderedJson grades = OrderedJson::object();
  for (const auto& [grade, at] : report.grades) grades[grade] = milli_to_json(at);
  scoring["grades"] = std::move(grades);
  OrderedJson bands = OrderedJson::object();
  bands["warm"] = milli_to_json(report.mql);
  bands["hot"] = milli_to_json(report.sql);
  scoring["bands"] = std::move(bands);
  if (!scoring.contains("stages") || !scoring["stages"].is_array())
    scoring["stages"] = OrderedJson::array();
  for (const auto& [id, at] :
       {std::pair<const char*, Milli>{"mql", report.mql}, {"sql", report.sql}}) {
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
}

}  // namespace magnete::learn
