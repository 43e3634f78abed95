#include "magnete/payload.hpp"

namespace magnete {

bool should_deliver(const Campaign& campaign, const Assessment& assessment) {
  return should_deliver(campaign, campaign.delivery, assessment);
}

bool should_deliver(const Campaign& campaign, const Delivery& rule, const Assessment& assessment) {
  if (rule.when == Delivery::When::kAll) return true;
  return campaign.stage_rank(assessment.stage) >= campaign.stage_rank(rule.stage);
}

std::vector<std::string> active_triggers(const Campaign& campaign, const Assessment& assessment,
                                         const Lead& lead) {
  std::vector<std::string> out;
  for (const auto& trigger : campaign.triggers) {
    bool on = !trigger.score_at_least || assessment.score >= *trigger.score_at_least;
    on = on && (!trigger.band || assessment.band == *trigger.band);
    on = on && (!trigger.stage ||
                campaign.stage_rank(assessment.stage) >= campaign.stage_rank(*trigger.stage));
    if (on && trigger.event) {
      bool seen = false;
      for (const auto& e : lead.events) seen = seen || e.type == *trigger.event;
      on = seen;
    }
    if (on) out.push_back(trigger.id);
  }
  return out;
}

}  // namespace magnete
