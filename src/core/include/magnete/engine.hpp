#pragma once
/// The Engine holds one visitor's state for one campaign and answers, at any time, what
/// the core concludes. Updates are incremental: an event touches only the rules for its type.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/contact.hpp"
#include "magnete/error.hpp"
#include "magnete/lead.hpp"

namespace magnete {

class Engine {
 public:
  explicit Engine(std::shared_ptr<const Campaign> campaign);

  const Campaign& campaign() const { return *campaign_; }
  const Lead& lead() const { return lead_; }

  /// Checks and stores one form value (an empty value clears the field). An invalid
  /// value is not stored; the check says why.
  FieldCheck set_field(std::string_view name, const Json& value, std::string_view locale = "");
  /// Records a consent decision; the consent must exist in the campaign.
  Errors set_consent(const ConsentRecord& record);
  /// Adds one event (at most LeadLimits::kMaxEvents are kept).
  Errors add_event(const Event& event);
  /// Replaces the answer(s) to one quiz question.
  Errors answer(std::string_view question, const std::vector<std::string>& answers);
  /// Applies a whole lead (contact, consents, events, quiz); errors carry the lead's paths.
  Errors load(const Lead& lead);

  /// The assessment at `now` (decay ages events against it).
  Assessment assess(TimeMs now) const;

  /// This visitor's lead with the host's parts from `meta` (id, variant, locale,
  /// attribution, meta), submitted at `submitted_at`.
  Lead lead_for(const Lead& meta, TimeMs submitted_at) const;
  /// The lead in the magnete-v1 shape, with its assessment at `submitted_at`.
  OrderedJson build_payload(const Lead& meta, TimeMs submitted_at) const;

 private:
  struct RuleState {
    std::int64_t count = 0;
    std::vector<TimeMs> times;  ///< in time order; kept only when the campaign decays points
  };
  void apply_event(const Event& event);

  std::shared_ptr<const Campaign> campaign_;
  Lead lead_;
  std::vector<RuleState> engagement_;  ///< parallel to campaign().scoring.engagement
  std::map<std::string, std::vector<std::size_t>, std::less<>> rules_by_event_;
};

/// The whole pipeline on JSON text, as the CLI, the wasm module and the parity tests run it:
/// {"ok":true,"assessment":{...},"qualified":bool} or {"ok":false,"errors":[{"path","message"}]}.
/// `now` defaults to the lead's submitted_at, else its latest event, else the epoch.
std::string assess_lead_json(std::string_view campaign_text, std::string_view lead_text,
                             std::string_view now_iso = "");

}  // namespace magnete
