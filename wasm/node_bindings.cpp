// What the node module adds to bindings.cpp, for the tests and tools that run the core in
// WebAssembly: a whole lead document scored at once (the collector's path, here so that the
// parity fixtures compare it with native) and campaign validation (the JSON Schema suite,
// web/prerender.mjs). The widget needs neither, and the browser modules leave them out.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "magnete/engine.hpp"
#include "magnete/session.hpp"
#include "reply.hpp"

using magnete::wasm::reply;

extern "C" {

EMSCRIPTEN_KEEPALIVE size_t magnete_validate_campaign(const char* campaign, size_t size) {
  return reply(magnete::validate_campaign_json(std::string_view(campaign, size)));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_assess_lead(const char* campaign, size_t campaign_size,
                                                const char* lead, size_t lead_size, const char* now,
                                                size_t now_size) {
  return reply(magnete::assess_lead_json(std::string_view(campaign, campaign_size),
                                         std::string_view(lead, lead_size),
                                         std::string_view(now, now_size)));
}

}  // extern "C"
