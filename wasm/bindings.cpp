// embind bindings only: every call forwards JSON text to magnete::Session and returns JSON
// text, so no C++ exception or object graph crosses into JavaScript (STYLE principle 2).
#include <emscripten/bind.h>

#include <string>

#include "magnete/engine.hpp"
#include "magnete/session.hpp"

using magnete::Session;

EMSCRIPTEN_BINDINGS(magnete) {
  using emscripten::optional_override;
  emscripten::class_<Session>("Engine")
      .constructor<std::string>()
      .function("status", &Session::status)
      .function("setField", optional_override([](Session& s, const std::string& name,
                                                  const std::string& value, const std::string& locale) {
                  return s.set_field(name, value, locale);
                }))
      .function("setConsent", optional_override([](Session& s, const std::string& record) {
                  return s.set_consent(record);
                }))
      .function("addEvent", optional_override([](Session& s, const std::string& event) {
                  return s.add_event(event);
                }))
      .function("answer", optional_override([](Session& s, const std::string& question,
                                                const std::string& answers, const std::string& locale) {
                  return s.answer(question, answers, locale);
                }))
      .function("assess", optional_override([](const Session& s, const std::string& now) {
                  return s.assess(now);
                }))
      .function("buildPayload", optional_override([](const Session& s, const std::string& meta,
                                                      const std::string& at) {
                  return s.build_payload(meta, at);
                }));
  emscripten::function("validateCampaign", optional_override([](const std::string& campaign) {
                         return magnete::validate_campaign_json(campaign);
                       }));
  emscripten::function("assessLead", optional_override([](const std::string& campaign,
                                                          const std::string& lead,
                                                          const std::string& now) {
                         return magnete::assess_lead_json(campaign, lead, now);
                       }));
}
