#include "magnete/assessment.hpp"

namespace magnete {

OrderedJson to_json(const Assessment& a) {
  OrderedJson out = OrderedJson::object();
  out["score"] = milli_to_json(a.score);
  out["fit"] = milli_to_json(a.fit);
  out["engagement"] = milli_to_json(a.engagement);
  out["grade"] = a.grade.empty() ? OrderedJson() : OrderedJson(a.grade);
  out["band"] = a.band;
  out["stage"] = a.stage;
  out["segments"] = a.segments;
  out["completeness"] = a.completeness;
  out["outcome"] = a.outcome.empty() ? OrderedJson() : OrderedJson(a.outcome);
  OrderedJson breakdown = OrderedJson::array();
  for (const auto& r : a.breakdown) {
    OrderedJson item = OrderedJson::object();
    item["rule"] = r.id;
    item["kind"] = r.kind;
    item["count"] = r.count;
    item["points"] = milli_to_json(r.points);
    item["capped"] = r.capped;
    breakdown.push_back(std::move(item));
  }
  out["breakdown"] = std::move(breakdown);
  OrderedJson stages = OrderedJson::array();
  for (const auto& s : a.stages) {
    OrderedJson item = OrderedJson::object();
    item["stage"] = s.id;
    item["reached"] = s.reached;
    item["reasons"] = s.reasons;
    stages.push_back(std::move(item));
  }
  out["stages"] = std::move(stages);
  out["model_hash"] = a.model_hash;
  out["at"] = format_time(a.at);
  return out;
}

}  // namespace magnete
