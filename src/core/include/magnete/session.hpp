#pragma once
/// The Engine behind a JSON-text boundary: what the wasm module exposes to the widget,
/// call for call. Every method takes and returns JSON text; failures come back as values,
/// {"ok":false,"errors":[{"path","message"}]}, never as exceptions.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "magnete/engine.hpp"

namespace magnete {

class Session {
 public:
  /// Parses the campaign; status() says whether it is valid.
  explicit Session(std::string_view campaign_text);

  /// {"ok":true,"campaign":{"id","version","model_hash"}} or the campaign's errors.
  std::string status() const;
  /// Field check: {"ok":true,"value":...,"suggestion":"","disposable":false} or
  /// {"ok":false,"code":"email_invalid","message":"...","suggestion":"..."}.
  std::string set_field(std::string_view name, std::string_view value_json, std::string_view locale);
  /// {"id","granted","text","version","locale","at"} -> {"ok":true} or errors.
  std::string set_consent(std::string_view record_json);
  /// {"type","at","value"} -> {"ok":true} or errors.
  std::string add_event(std::string_view event_json);
  /// Question id and ["answer id", ...] -> {"ok":true} or errors. No answer to a required
  /// question clears it and says so: {"ok":false,"code":"answer_required","message":...}.
  std::string answer(std::string_view question, std::string_view answers_json,
                     std::string_view locale = "");
  /// {"ok":true,"assessment":{...}} at `now_iso`.
  std::string assess(std::string_view now_iso) const;
  /// {"ok":true,"payload":{magnete-v1}}; meta_json = {"id","variant","locale","attribution","meta"}.
  /// A required consent not granted refuses it (missing_required_consents()): {"ok":false,
  /// "errors":[{"path":"consents.<id>","message":...,"code":"consent_required"}]}.
  std::string build_payload(std::string_view meta_json, std::string_view submitted_at_iso) const;

 private:
  Errors campaign_errors_;
  std::optional<Engine> engine_;
};

/// Validates a campaign: {"ok":true,...} or {"ok":false,"errors":[...]}.
std::string validate_campaign_json(std::string_view campaign_text);

}  // namespace magnete
