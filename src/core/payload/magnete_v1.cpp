#include "magnete/payload.hpp"

namespace magnete {

OrderedJson to_magnete_v1(const Campaign& campaign, const Lead& lead, const Assessment& assessment) {
  OrderedJson out = OrderedJson::object();
  out["schema"] = "magnete-v1";
  out["id"] = lead.id;
  OrderedJson c = OrderedJson::object();
  c["id"] = campaign.id;
  c["version"] = campaign.version;
  c["variant"] = lead.variant.empty() ? OrderedJson() : OrderedJson(lead.variant);
  out["campaign"] = std::move(c);
  out["submitted_at"] = format_time(lead.submitted_at.value_or(assessment.at));
  out["locale"] = lead.locale.empty() ? campaign.default_locale : lead.locale;
  OrderedJson contact = OrderedJson::object();
  for (const auto& field : campaign.fields) {  // campaign order, not alphabetical
    auto it = lead.contact.find(field.name);
    if (it != lead.contact.end()) contact[field.name] = it->second;
  }
  out["contact"] = std::move(contact);
  OrderedJson consents = OrderedJson::array();
  for (const auto& record : lead.consents) {
    OrderedJson r = OrderedJson::object();
    r["id"] = record.id;
    r["granted"] = record.granted;
    r["text"] = record.text;
    r["version"] = record.version;
    r["locale"] = record.locale;
    r["at"] = format_time(record.at);
    consents.push_back(std::move(r));
  }
  out["consents"] = std::move(consents);
  out["attribution"] = lead.attribution;
  if (campaign.quiz) {
    OrderedJson quiz = OrderedJson::object();
    OrderedJson answers = OrderedJson::object();
    for (const auto& q : campaign.quiz->questions) {
      auto it = lead.quiz.find(q.id);
      if (it != lead.quiz.end()) answers[q.id] = it->second;
    }
    quiz["answers"] = std::move(answers);
    quiz["outcome"] = assessment.outcome.empty() ? OrderedJson() : OrderedJson(assessment.outcome);
    out["quiz"] = std::move(quiz);
  }
  OrderedJson events = OrderedJson::array();
  for (const auto& e : lead.events) {
    OrderedJson item = OrderedJson::object();
    item["type"] = e.type;
    item["at"] = format_time(e.at);
    if (!e.value.empty()) item["value"] = e.value;
    events.push_back(std::move(item));
  }
  out["events"] = std::move(events);
  out["meta"] = lead.meta;
  out["assessment"] = to_json(assessment);
  return out;
}

}  // namespace magnete
