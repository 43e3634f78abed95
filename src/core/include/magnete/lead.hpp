#pragma once
/// A lead as it travels: what the visitor gave (contact, consents, quiz answers) and did
/// (events), in the magnete-v1 shape. parse_lead() checks the shape; Engine::load() checks
/// the values against the campaign.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/error.hpp"
#include "magnete/json.hpp"
#include "magnete/time.hpp"

namespace magnete {

struct Campaign;

struct LeadLimits {
  static constexpr std::size_t kMaxBytes = 64 * 1024;  ///< the collector answers 413 beyond
  /// What the widget may send: browsers cap keepalive request bodies at 64 KB in total.
  static constexpr std::size_t kMaxSendBytes = 50'000;
  static constexpr std::size_t kMaxEvents = 1000;
  static constexpr std::size_t kMaxContactFields = 100;
  static constexpr std::size_t kMaxStringLength = 5000;
  static constexpr std::size_t kMaxIdLength = 128;
  /// Free-form parts, as JSON text. meta carries the widget's bot signals ({hp, elapsed_ms}:
  /// ~40 bytes); attribution the page, referrer, UTM parameters and first touch (the widget
  /// caps each URL at 2,000 characters and each UTM value at 200: under 25 KB even with every
  /// value at its cap), so neither becomes free storage.
  static constexpr std::size_t kMaxMetaBytes = 1024;
  static constexpr std::size_t kMaxAttributionBytes = 32 * 1024;
};

struct Event {
  std::string type;
  TimeMs at = 0;
  std::string value;  ///< optional detail, e.g. a page path
};

struct ConsentRecord {
  std::string id;
  bool granted = false;
  std::string text;  ///< the exact text shown
  std::string version;
  std::string locale;
  TimeMs at = 0;
};

struct Lead {
  std::string id;  ///< the idempotency key
  std::string campaign_id, campaign_version, variant, locale;
  std::optional<TimeMs> submitted_at;
  std::map<std::string, Json> contact;
  std::vector<ConsentRecord> consents;
  std::vector<Event> events;
  std::map<std::string, std::vector<std::string>> quiz;  ///< question id -> answer ids
  Json attribution = Json::object();
  Json meta = Json::object();      ///< honeypot, time to submit: for the receiver
  std::optional<Json> assessment;  ///< the sender's, when present
  std::optional<bool> converted;   ///< history files for backtests
};

struct LeadResult {
  std::optional<Lead> lead;
  Errors errors;
  bool ok() const { return lead.has_value(); }
};

struct EventResult {
  std::optional<Event> event;
  Errors errors;
};
/// One event: {"type": "page_view", "at": "2026-11-22T09:30:00Z", "value": "/pricing"}.
EventResult parse_event(const Json& document);

struct ConsentResult {
  std::optional<ConsentRecord> consent;
  Errors errors;
};
/// One consent decision: {"id", "granted", "text", "version", "locale", "at"}.
ConsentResult parse_consent(const Json& document);

/// When a lead is assessed by default: its submitted_at, else its latest event, else 0.
TimeMs assessment_time(const Lead& lead);

/// Checks the magnete-v1 shape; every error names its JSON path.
LeadResult parse_lead_document(const Json& document);
LeadResult parse_lead(std::string_view text);

/// The reason code of a required consent not granted; message_for() words it for a visitor.
inline constexpr std::string_view kConsentRequired = "consent_required";

/// DOMAIN "No consent, no lead": one error per consent the campaign requires that the lead
/// does not carry granted (the lead's latest record for that id decides), in campaign order,
/// with the path "consents.<id>". Every host applies this one rule before a lead leaves the
/// browser or is stored.
Errors missing_required_consents(const Campaign& campaign, const Lead& lead);

}  // namespace magnete
