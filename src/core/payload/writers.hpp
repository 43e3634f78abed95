#pragma once
// The assessment and the magnete-v1 payload written as JSON text, value by value: what the wasm
// modules send (Session), with far less code than building an OrderedJson to dump it (README,
// "Budgets"). to_json(Assessment) and to_magnete_v1() read the same text back, so there is one
// writer of each shape and the bytes are the same on every path.
#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/lead.hpp"
#include "util/json_writer.hpp"

namespace magnete {

void write_assessment(util::JsonWriter& w, const Assessment& a);
void write_magnete_v1(util::JsonWriter& w, const Campaign& campaign, const Lead& lead,
                      const Assessment& assessment);

}  // namespace magnete
