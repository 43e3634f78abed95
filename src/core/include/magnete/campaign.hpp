#pragma once
/// The campaign file: one JSON document that says what the widget asks, how a lead is
/// scored and qualified, and where it goes. parse_campaign() validates all of it and
/// reports every problem with its JSON path.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/error.hpp"
#include "magnete/fixed.hpp"
#include "magnete/json.hpp"
#include "magnete/time.hpp"

namespace magnete {

/// Stated limits; each one exceeded is an error naming the place.
struct CampaignLimits {
  static constexpr std::size_t kMaxBytes = 256 * 1024;
  static constexpr std::size_t kMaxFields = 100;
  static constexpr std::size_t kMaxOptions = 500;
  static constexpr std::size_t kMaxConsents = 20;
  static constexpr std::size_t kMaxQuestions = 100;
  static constexpr std::size_t kMaxAnswers = 50;
  static constexpr std::size_t kMaxOutcomes = 50;
  static constexpr std::size_t kMaxRules = 500;  ///< fit + engagement + segments
  static constexpr std::size_t kMaxRuleValues = 200;
  static constexpr std::size_t kMaxStages = 10;
  static constexpr std::size_t kMaxTriggers = 50;
  static constexpr std::size_t kMaxVariants = 20;
  static constexpr std::size_t kMaxIdLength = 64;
  static constexpr std::size_t kMaxLabelLength = 500;
  static constexpr std::size_t kMaxTextLength = 5000;  ///< consent text, outcome body
  static constexpr std::size_t kMaxUrlLength = 2000;
  static constexpr std::size_t kMaxLocales = 10;
  static constexpr std::size_t kMaxDestinations = 20;  ///< forward
};

/// Text per locale ("it", "en", ...). A bare string in the file means the default locale.
using LocalizedText = std::map<std::string, std::string>;

enum class FieldType {
  kText,
  kEmail,
  kTel,
  kNumber,
  kSelect,
  kRadio,
  kCheckbox,
  kTextarea,
  kHidden
};
std::string_view to_string(FieldType type);

struct Option {
  std::string value;
  LocalizedText label;
};

struct Field {
  std::string name;
  FieldType type = FieldType::kText;
  bool required = false;
  LocalizedText label, help, placeholder;
  std::vector<Option> options;    ///< select, radio, checkbox with choices
  std::optional<Milli> min, max;  ///< number
  std::optional<std::size_t> min_length;
  std::size_t max_length = 200;  ///< every text is trimmed and capped
  std::string autocomplete;      ///< HTML autocomplete token, passed to the widget
};

struct Consent {
  std::string id;
  bool required = false;
  std::string version;
  LocalizedText text;
};

struct QuizAnswer {
  std::string id;
  LocalizedText text;
  Milli points = 0;
  std::map<std::string, Milli> outcomes;  ///< outcome id -> weight
};

struct QuizQuestion {
  std::string id;
  bool multiple = false;
  bool required = true;
  LocalizedText text;
  std::vector<QuizAnswer> answers;
};

struct QuizOutcome {
  std::string id;
  LocalizedText title, body;
  std::optional<Milli> min_points;  ///< for outcome_by = "points"
};

struct Quiz {
  enum class OutcomeBy { kWeight, kPoints };
  enum class Gate { kNone, kBeforeResult };
  std::vector<QuizQuestion> questions;
  std::vector<QuizOutcome> outcomes;
  OutcomeBy outcome_by = OutcomeBy::kWeight;
  Gate gate = Gate::kBeforeResult;
};

enum class FitOp { kEq, kIn, kGt, kGte, kLt, kLte, kBetween, kPerUnitOver, kContainsAny, kPresent };
std::string_view to_string(FitOp op);

struct FitRule {
  std::string id;
  std::string field;
  FitOp op = FitOp::kEq;
  std::vector<std::string> values;  ///< eq, in, contains_any: folded (case and accents)
  Milli number = 0;                 ///< gt..lte, per_unit_over; between: lower bound
  Milli number2 = 0;                ///< between: upper bound (inclusive, or exclusive with below)
  bool below = false;               ///< between: "below" (value < number2) instead of "max"
  Milli unit = kMilli;              ///< per_unit_over: size of one unit
  Milli points = 0;
  std::optional<Milli> max_points;
};

struct EventFilter {
  enum class Match { kEquals, kPrefix, kContains };
  Match match = Match::kEquals;
  std::string value;
};

struct EngagementRule {
  std::string id;
  std::string event;
  Milli points = 0;  ///< per occurrence; once for a count band (at_least / at_most)
  std::optional<std::int64_t> max_count;
  /// A count band: `points` once when the number of matching events is in
  /// [at_least, at_most] ("3 to 5 visits: 4 points"), instead of points per occurrence.
  std::optional<std::int64_t> at_least, at_most;
  std::optional<Milli> max_points;
  std::optional<EventFilter> filter;
};

/// A condition a stage or segment may require.
struct Condition {
  enum class Kind { kEmail, kPhone, kConsent, kField, kEvent, kQuiz };
  Kind kind = Kind::kEmail;
  std::string name;  ///< consent id, field name or event type
};

struct Stage {
  std::string id;
  std::optional<Milli> min_score;
  std::optional<Milli> min_fit;
  std::optional<Milli> min_engagement;
  std::optional<std::string> min_grade;
  std::vector<Condition> require;
};

struct Segment {
  std::string id;
  std::vector<FitRule> match_all;  ///< predicates on fields (points unused)
  std::optional<Milli> min_score;
  std::optional<std::string> band;
  std::vector<Condition> require;
};

struct Scoring {
  std::vector<FitRule> fit;
  std::vector<EngagementRule> engagement;
  TimeMs half_life_ms = 0;                            ///< 0: no decay
  std::vector<std::pair<std::string, Milli>> grades;  ///< best first: {"A", 15000}, ...
  std::string lowest_grade = "F";
  Milli warm = 0, hot = 0;    ///< band thresholds on the score
  std::vector<Stage> stages;  ///< ladder, lowest first
  std::vector<Segment> segments;
};

struct Trigger {
  std::string id;
  std::optional<Milli> score_at_least;
  std::optional<std::string> band;
  std::optional<std::string> stage;
  std::optional<std::string> event;
  std::string show;  ///< CSS selector of a host element to reveal, or
  Json offer;        ///< an in-widget offer {title, body, cta, url}
};

/// A weighted A/B variant. It overrides texts only (the schema allows no other key): a variant
/// that changed fields or delivery would render one form and score or send another.
struct Variant {
  std::string id;
  std::int64_t weight = 1;
  /// The texts this variant shows in place of the campaign's; empty: the campaign's own.
  LocalizedText title, submit_label, success_text;
};

struct Delivery {
  enum class Format { kMagneteV1, kHubspot, kSalesforce, kWebhook };
  enum class When { kAll, kStage };
  std::string endpoint;
  Format format = Format::kMagneteV1;
  When when = When::kAll;
  std::string stage;  ///< for kStage: the minimum stage ("qualified": the qualifying stage)
  std::map<std::string, std::string> headers;
  std::int64_t timeout_ms = 10'000;
  std::string hubspot_portal_id, hubspot_form_id, salesforce_oid;
  /// delivery.hubspot.fields / delivery.salesforce.fields: what goes out under which name.
  /// Keys: a field name, "assessment.<key>" (see assessment_route_keys()) or, for Salesforce,
  /// "consent.<id>"; an empty name means "leave it out" (false in the file).
  std::map<std::string, std::string> hubspot_fields, salesforce_fields;
  /// delivery.hubspot.subscriptions: optional consent id -> HubSpot subscriptionTypeId
  /// (0: false in the file, not sent).
  std::map<std::string, std::int64_t> hubspot_subscriptions;
  std::vector<std::string> allowed_origins;
};

/// One destination of the collector's forwarding (campaign "forward"): the collector sends each
/// verified lead that meets `delivery.when` there, from its outbox, with its own assessment.
/// `delivery` holds the keys shared with the "delivery" section (format: hubspot, salesforce or
/// webhook; endpoint, resolved to the vendor's documented URL when the file gives none).
struct ForwardDestination {
  std::string id;
  Delivery delivery;
  /// webhook only: the NAME of a secret in the collector's configuration (never the secret),
  /// the key of the Magnete-Signature HMAC.
  std::string secret;
};

struct Content {
  std::string url;  ///< the gated asset, revealed after a valid submission
  LocalizedText label;
};

struct Campaign {
  std::string id, version;
  std::string default_locale = "en";
  std::vector<std::string> locales;
  std::string default_country = "IT";  ///< for phone numbers without +prefix
  std::vector<Field> fields;
  /// The form's pages, at least one: as given, else one of every visible field.
  std::vector<std::vector<std::string>> steps;
  std::vector<Consent> consents;
  std::optional<Quiz> quiz;
  Scoring scoring;
  std::vector<Trigger> triggers;
  std::vector<Variant> variants;
  Delivery delivery;
  std::vector<ForwardDestination> forward;  ///< empty in the lean wasm module, which skips it
  std::optional<Content> content;
  LocalizedText title, submit_label, success_text;
  std::string model_hash;  ///< FNV-1a 64 of id, version and the scoring section
  /// The variant shown (Session opens a campaign as one); its texts replace the campaign's.
  std::string variant;

  const Field* find_field(std::string_view name) const;
  const Consent* find_consent(std::string_view id) const;
  const Variant* find_variant(std::string_view id) const;
  /// The locale the campaign shows for a requested one: the requested locale when the
  /// campaign offers it, else its language ("en" for "en-GB") when offered, else the default.
  std::string locale_for(std::string_view requested) const;
  /// A text in a locale, picked as the widget picks it: the locale, its language, the default
  /// locale, else any; "" when there is none.
  std::string text_in(const LocalizedText& text, std::string_view locale) const;
  /// A top-level text ("title", "submit_label", "success_text") as a variant shows it: the
  /// variant's override (a string or {"<locale>": text}) when it has one, else the campaign's.
  std::string variant_text(std::string_view key, std::string_view variant,
                           std::string_view locale) const;
  /// Shows the campaign as variant `id`: its texts replace the campaign's, and `variant` is
  /// set. False (nothing changed) when the campaign has no such variant.
  bool show_variant(std::string_view id);
  /// Index of the stage in the ladder (0 = "visitor", below every configured stage).
  std::size_t stage_rank(std::string_view stage) const;
  /// The one meaning of "qualified" (the widget's magnete:qualified event, delivery.when
  /// "qualified", the collector's stats): reaching the stage "mql" when the ladder has one,
  /// else its second stage (the first is usually the bare lead), else its only one; "" when
  /// there are no stages, and then no lead is qualified.
  const std::string& qualifying_stage() const;
  /// Whether a lead at `stage` is qualified: at or above qualifying_stage().
  bool qualified(std::string_view stage) const;
  /// The ids of the consents a lead cannot be sent or stored without, in campaign order.
  std::vector<std::string> required_consents() const;
};

struct CampaignResult {
  std::optional<Campaign> campaign;
  Errors errors;
  bool ok() const { return campaign.has_value(); }
};

/// Parses and validates a campaign file; on failure `errors` holds every problem found.
CampaignResult parse_campaign(std::string_view text);
CampaignResult parse_campaign_document(const Json& document);
/// parse_campaign() into a campaign the caller holds (Session keeps it where the Engine shares
/// it: no Campaign is moved, which the wasm modules then need no code for). Returns the errors;
/// `out` is meaningful only when there are none.
Errors read_campaign(std::string_view text, Campaign& out);

}  // namespace magnete
