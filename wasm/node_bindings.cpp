// What the node module adds to bindings.cpp, for the tests and tools that run the core in
// WebAssembly: a whole lead document scored at once (the collector's path, here so that the
// parity fixtures compare it with native) and campaign validation (the JSON Schema suite).
// The widget needs neither, and the browser module leaves them out (-1.5 KB gzip).
#include <emscripten/bind.h>

#include <string>

#include "magnete/engine.hpp"
#include "magnete/session.hpp"

namespace {

std::string validate(const std::string& campaign) { return magnete::validate_campaign_json(campaign); }
std::string assess_lead(const std::string& campaign, const std::string& lead, const std::string& now) {
  return magnete::assess_lead_json(campaign, lead, now);
}

}  // namespace

EMSCRIPTEN_BINDINGS(magnete_node) {
  emscripten::function("validateCampaign", &validate);
  emscripten::function("assessLead", &assess_lead);
}
