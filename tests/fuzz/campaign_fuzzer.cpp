// libFuzzer target: bytes -> magnete::parse_campaign. A campaign that parses is then used:
// an Engine gets a value for every field (one that matches each fit rule where it can), three
// events per engagement rule, every consent and a first answer to every quiz question, and
// is assessed and delivered in its format, so the parsed model is exercised, not only the
// parser.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_support.hpp"
#include "magnete/magnete.hpp"

namespace {

using namespace magnete;

constexpr TimeMs kStart = 1'790'000'000'000;  // 2026-09-21, a fixed clock for the events

// A value the field accepts, by type; fit rules may overwrite it with a matching one.
Json sample_value(const Field& field) {
  switch (field.type) {
    case FieldType::kEmail:
      return "Mario.Rossi@Gmial.com";
    case FieldType::kTel:
      return "+39 333 123 4567";
    case FieldType::kNumber:
      return milli_to_json(field.min ? *field.min : 42 * kMilli);
    case FieldType::kSelect:
    case FieldType::kRadio:
      return field.options.empty() ? Json("x") : Json(field.options[0].value);
    case FieldType::kCheckbox:
      return field.options.empty() ? Json(true) : Json::array({field.options[0].value});
    default:
      return "Head of Marketing";
  }
}

// A value that satisfies the fit rule (or comes close), to reach its points arithmetic.
Json matching_value(const FitRule& rule) {
  switch (rule.op) {
    case FitOp::kEq:
    case FitOp::kIn:
    case FitOp::kContainsAny:
      return rule.values.empty() ? Json("x") : Json(rule.values[0]);
    case FitOp::kGt:
    case FitOp::kGte:
      return milli_to_json(rule.number + kMilli);
    case FitOp::kLt:
    case FitOp::kLte:
      return milli_to_json(rule.number - kMilli);
    case FitOp::kBetween:
      return milli_to_json(rule.number);
    case FitOp::kPerUnitOver:
      return milli_to_json(rule.number + 3 * rule.unit);
    case FitOp::kPresent:
      return "yes";
  }
  return Json();
}

void exercise(const std::shared_ptr<const Campaign>& campaign) {
  const Campaign& c = *campaign;
  Engine engine(campaign);
  for (const auto& field : c.fields) (void)engine.set_field(field.name, sample_value(field), "it");
  for (const auto& rule : c.scoring.fit) {
    (void)engine.set_field(rule.field, matching_value(rule), "en");
  }
  for (const auto& consent : c.consents) {
    fuzz::check_errors(
        engine.set_consent({consent.id, true, "text", consent.version, "it", kStart}));
  }
  TimeMs at = kStart;
  for (const auto& rule : c.scoring.engagement) {
    std::string value = rule.filter ? rule.filter->value : "/pricing";
    for (int k = 0; k < 3; ++k) (void)engine.add_event({rule.event, at += 3'600'000, value});
  }
  if (c.quiz) {
    for (const auto& question : c.quiz->questions) {
      if (!question.answers.empty()) (void)engine.answer(question.id, {question.answers[0].id});
    }
  }
  TimeMs now = at + 10 * kMsPerDay;
  Assessment assessment = engine.assess(now);
  MAGNETE_FUZZ_CHECK(assessment.score == assessment.fit + assessment.engagement, "score");
  MAGNETE_FUZZ_CHECK(assessment.stages.size() == c.scoring.stages.size(), "stages");
  (void)to_json(assessment).dump();
  (void)active_triggers(c, assessment, engine.lead());
  (void)should_deliver(c, assessment);
  Lead meta;
  meta.id = "fuzz";
  (void)engine.build_payload(meta, now).dump();
  // The campaign's own delivery format (magnete-v1, webhook, HubSpot or Salesforce).
  Lead lead = engine.lead();
  lead.id = meta.id;
  lead.submitted_at = now;
  (void)to_delivery_format(c, lead, assessment).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CampaignResult result = parse_campaign(text);
  MAGNETE_FUZZ_CHECK(result.ok() == result.errors.empty(), "a campaign xor its errors");
  fuzz::check_errors(result.errors);
  if (result.ok()) exercise(std::make_shared<const Campaign>(std::move(*result.campaign)));
  return 0;
}
