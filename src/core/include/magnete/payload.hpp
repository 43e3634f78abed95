#pragma once
/// Lead payloads in each delivery format, all built from the same Lead and Assessment.
#include <string>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/json.hpp"
#include "magnete/lead.hpp"

namespace magnete {

/// The magnete-v1 JSON payload (see README, "The lead payload").
OrderedJson to_magnete_v1(const Campaign& campaign, const Lead& lead,
                          const Assessment& assessment);

/// Whether the campaign's delivery rule sends this lead ("all", or a minimum stage).
bool should_deliver(const Campaign& campaign, const Assessment& assessment);

/// Ids of the campaign's triggers whose every condition holds now (score_at_least, band,
/// stage reached or passed, event seen at least once), in campaign order.
std::vector<std::string> active_triggers(const Campaign& campaign, const Assessment& assessment,
                                         const Lead& lead);

}  // namespace magnete
