#pragma once
/// The Engine behind a JSON-text boundary: what the wasm module exposes to the widget,
/// call for call. Every method takes and returns JSON text; failures come back as values,
/// {"ok":false,"code"?,"errors":[{"path","message","code"?}]}, never as exceptions.
///
/// The core is the only interpreter of the campaign file: the widget renders and sends what
/// status() and build_payload() resolve (the variant's texts, the steps, the quiz gate, the
/// required consents, "qualified", the ready request), and decides none of it itself.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "magnete/engine.hpp"

namespace magnete {

class Session {
 public:
  /// Parses the campaign and shows it as `variant` ("": the campaign's own texts); status()
  /// says whether it is valid, and an unknown variant is an error of the campaign's.
  explicit Session(std::string_view campaign_text, std::string_view variant = "");

  /// What the widget needs, resolved: {"ok":true,"campaign":{"id","version","model_hash"},
  /// "variant","variants":[{"id","weight"}],"locales","default_locale","texts":{"title",
  /// "submit_label","success_text"} (the variant's), "steps":[[field names]],"quiz":{"gate"}
  /// or null,"required_consents":[ids],"qualifying_stage" or null,"delivery":{"url","format",
  /// "headers","timeout_ms"} or null}; or the campaign's errors.
  std::string status() const;
  /// Field check: {"ok":true,"value":...,"suggestion":"","disposable":false} or
  /// {"ok":false,"code":"email_invalid","message":"...","suggestion":"..."}.
  std::string set_field(std::string_view name, std::string_view value_json,
                        std::string_view locale);
  /// {"id","granted","text","version","locale","at"} -> {"ok":true} or errors.
  std::string set_consent(std::string_view record_json);
  /// {"type","at","value"} -> {"ok":true} or errors.
  std::string add_event(std::string_view event_json);
  /// Question id and ["answer id", ...] -> {"ok":true} or errors. No answer to a required
  /// question clears it and says so: {"ok":false,"code":"answer_required","message":...}.
  std::string answer(std::string_view question, std::string_view answers_json,
                     std::string_view locale = "");
  /// {"ok":true,"assessment":{...},"triggers":[ids],"deliver","qualified"} at `now_iso`.
  std::string assess(std::string_view now_iso) const;
  /// The lead, ready to send: {"ok":true,"deliver","qualified","payload":{magnete-v1},
  /// "request":{"url","content_type","body" (text),"headers","timeout_ms"} or null when there
  /// is nothing to send (no endpoint, or the lead does not reach delivery.when)}.
  /// meta_json = {"id","locale","attribution","meta"} (the variant is the session's).
  /// A required consent not granted refuses it (missing_required_consents()): {"ok":false,
  /// "code":"consent_required","errors":[{"path":"consents.<id>","message",
  /// "code":"consent_required"}]}; a lead over LeadLimits::kMaxSendBytes: "lead_too_large".
  std::string build_payload(std::string_view meta_json, std::string_view submitted_at_iso) const;

 private:
  Errors campaign_errors_;
  std::optional<Engine> engine_;
};

/// Validates a campaign: {"ok":true,...} or {"ok":false,"errors":[...]}.
std::string validate_campaign_json(std::string_view campaign_text);

}  // namespace magnete
