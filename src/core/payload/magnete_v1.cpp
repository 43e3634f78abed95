#include "magnete/payload.hpp"
#include "payload/writers.hpp"

namespace magnete {

void write_magnete_v1(util::JsonWriter& w, const Campaign& campaign, const Lead& lead,
                      const Assessment& assessment) {
  w.open('{').key("schema").str("magnete-v1").key("id").str(lead.id);
  w.key("campaign").open('{').key("id").str(campaign.id).key("version").str(campaign.version);
  w.key("variant").str_or_null(lead.variant).close('}');
  w.key("submitted_at").str(format_time(lead.submitted_at.value_or(assessment.at)));
  w.key("locale").str(lead.locale.empty() ? campaign.default_locale : lead.locale);
  w.key("contact").open('{');
  for (const auto& field : campaign.fields) {  // campaign order, not alphabetical
    auto it = lead.contact.find(field.name);
    if (it != lead.contact.end()) w.member(field.name).value(it->second);
  }
  w.close('}').key("consents").open('[');
  for (const auto& r : lead.consents) {
    w.open('{').key("id").str(r.id).key("granted").boolean(r.granted).key("text").str(r.text);
    w.key("version")
        .str(r.version)
        .key("locale")
        .str(r.locale)
        .key("at")
        .str(format_time(r.at))
        .close('}');
  }
  w.close(']').key("attribution").value(lead.attribution);
  if (campaign.quiz) {
    w.key("quiz").open('{').key("answers").open('{');
    for (const auto& q : campaign.quiz->questions) {
      auto it = lead.quiz.find(q.id);
      if (it != lead.quiz.end()) w.member(q.id).strings(it->second);
    }
    w.close('}').key("outcome").str_or_null(assessment.outcome).close('}');
  }
  w.key("events").open('[');
  for (const auto& e : lead.events) {
    w.open('{').key("type").str(e.type).key("at").str(format_time(e.at));
    if (!e.value.empty()) w.key("value").str(e.value);
    w.close('}');
  }
  w.close(']').key("meta").value(lead.meta).key("assessment");
  write_assessment(w, assessment);
  w.close('}');
}

OrderedJson to_magnete_v1(const Campaign& campaign, const Lead& lead,
                          const Assessment& assessment) {
  util::JsonWriter w;
  write_magnete_v1(w, campaign, lead, assessment);
  return OrderedJson::parse(w.text(), nullptr, false);
}

}  // namespace magnete
