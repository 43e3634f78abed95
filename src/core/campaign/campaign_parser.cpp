#include <algorithm>
#include <set>
#include <string>

#include "campaign/reader.hpp"
#include "magnete/campaign.hpp"
#include "magnete/payload.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

using detail::index_path;
using detail::ObjectReader;
using detail::Reader;

constexpr std::size_t kLabel = CampaignLimits::kMaxLabelLength;
constexpr std::size_t kLong = CampaignLimits::kMaxTextLength;

const std::vector<std::string> kFieldTypes = {"text",     "email", "tel",      "number", "select",
                                              "radio",    "checkbox", "textarea", "hidden"};
const std::vector<std::string> kFitOps = {"eq",   "in",      "gt",           "gte",
                                          "lt",   "lte",     "between",      "per_unit_over",
                                          "contains_any", "present"};
const std::vector<std::string> kGradeNames = {"A", "B", "C", "D", "E"};

std::string one_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("\"" + names[i] + "\"");
  }
  return out;
}

/// Reads an enumerated string; reports the allowed values and the nearest one.
std::optional<std::size_t> read_enum(ObjectReader& object, const std::string& key, bool required,
                                     const std::vector<std::string>& names) {
  auto value = object.string(key, required, 64);
  if (!value) return std::nullopt;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == *value) return i;
  }
  std::string message = "expected " + one_of(names) + ", got \"" + *value + "\"";
  std::string suggestion = text::nearest(*value, names);
  if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
  object.error(key, message);
  return std::nullopt;
}

class CampaignParser {
 public:
  explicit CampaignParser(Errors& errors) : reader_(errors) {}

  std::optional<Campaign> parse(const Json& doc);

 private:
  void parse_fields(ObjectReader& root);
  void parse_steps(ObjectReader& root);
  void parse_consents(ObjectReader& root);
  void parse_quiz(const Json& value, const std::string& path);
  void parse_scoring(const Json& value, const std::string& path);
  std::optional<FitRule> parse_predicate(const Json& value, const std::string& path,
                                         bool with_points);
  std::optional<Condition> parse_condition(const Json& value, const std::string& path);
  std::vector<Condition> parse_conditions(ObjectReader& object, const std::string& key);
  void parse_triggers(ObjectReader& root);
  void parse_variants(ObjectReader& root);
  void parse_delivery(const Json& value, const std::string& path);
  void parse_content(const Json& value, const std::string& path);
  void check_unique(std::set<std::string>& seen, const std::string& id, const std::string& path,
                    const char* what);
  std::string stage_ids_hint() const;

  Reader reader_;
  Campaign c_;
  std::set<std::string> event_types_;
};

void CampaignParser::check_unique(std::set<std::string>& seen, const std::string& id,
                                  const std::string& path, const char* what) {
  if (!seen.insert(id).second) reader_.error(path, std::string("duplicate ") + what + " \"" + id + "\"");
}

std::optional<Campaign> CampaignParser::parse(const Json& doc) {
  ObjectReader root(reader_, doc, "",
                    {"$schema", "id", "version", "description", "default_locale", "locales",
                     "default_country", "title", "submit_label", "success_text", "fields", "steps",
                     "consents", "quiz", "scoring", "triggers", "variants", "delivery", "content"});
  if (!root.ok()) return std::nullopt;
  root.string("description", false, kLong);
  if (auto id = root.identifier("id", true)) c_.id = *id;
  if (const Json* v = root.get("version")) {
    if (v->is_string() || v->is_number_integer()) {
      c_.version = v->is_string() ? v->get<std::string>() : v->dump();
      if (c_.version.empty() || c_.version.size() > CampaignLimits::kMaxIdLength) {
        root.error("version", "expected 1 to 64 characters");
      }
    } else {
      root.error("version", "expected a string or an integer, got " + text::describe(*v));
    }
  } else {
    root.error("version", "required, expected a string such as \"1\" or \"2026-01\"");
  }
  if (auto locale = root.string("default_locale", false, 10)) c_.default_locale = *locale;
  root.array("locales", false, CampaignLimits::kMaxLocales, [&](const Json& v, const std::string& p) {
    if (auto s = detail::read_string(reader_, v, p, 10)) c_.locales.push_back(*s);
  });
  if (c_.locales.empty()) c_.locales.push_back(c_.default_locale);
  if (auto country = root.string("default_country", false, 2)) {
    if (country->size() != 2 || (*country)[0] < 'A' || (*country)[0] > 'Z' || (*country)[1] < 'A' ||
        (*country)[1] > 'Z') {
      root.error("default_country", "expected an ISO 3166 country code such as \"IT\", got \"" +
                                        *country + "\"");
    } else {
      c_.default_country = *country;
    }
  }
  c_.title = root.text("title", false, c_.default_locale);
  c_.submit_label = root.text("submit_label", false, c_.default_locale);
  c_.success_text = root.text("success_text", false, c_.default_locale, kLong);

  parse_fields(root);
  parse_steps(root);
  parse_consents(root);
  if (const Json* quiz = root.get("quiz")) parse_quiz(*quiz, "quiz");
  // Events come before stages and triggers, which may name them.
  if (const Json* scoring = root.get("scoring")) parse_scoring(*scoring, "scoring");
  parse_triggers(root);
  parse_variants(root);
  if (const Json* delivery = root.get("delivery")) parse_delivery(*delivery, "delivery");
  if (const Json* content = root.get("content")) parse_content(*content, "content");

  if (!reader_.errors().empty()) return std::nullopt;
  const Json* scoring = root.get("scoring");
  c_.model_hash = hash::fnv1a64_hex(c_.id + "\n" + c_.version + "\n" +
                                    (scoring != nullptr ? canonical_dump(*scoring) : "{}"));
  return std::move(c_);
}

void CampaignParser::parse_fields(ObjectReader& root) {
  std::set<std::string> names;
  root.array("fields", true, CampaignLimits::kMaxFields, [&](const Json& v, const std::string& p) {
    ObjectReader o(reader_, v, p,
                   {"name", "type", "required", "label", "help", "placeholder", "options", "min",
                    "max", "min_length", "max_length", "autocomplete"});
    if (!o.ok()) return;
    Field f;
    if (auto name = o.identifier("name", true)) {
      f.name = *name;
      check_unique(names, f.name, o.path("name"), "field name");
    }
    if (auto type = read_enum(o, "type", true, kFieldTypes)) f.type = static_cast<FieldType>(*type);
    f.required = o.boolean("required").value_or(false);
    f.label = o.text("label", f.type != FieldType::kHidden, c_.default_locale);
    f.help = o.text("help", false, c_.default_locale);
    f.placeholder = o.text("placeholder", false, c_.default_locale);
    if (auto s = o.string("autocomplete", false, 64)) f.autocomplete = *s;
    std::set<std::string> option_values;
    o.array("options", false, CampaignLimits::kMaxOptions, [&](const Json& ov, const std::string& op) {
      Option option;
      if (ov.is_string()) {
        if (auto s = detail::read_string(reader_, ov, op, kLabel)) option.value = *s;
      } else {
        ObjectReader oo(reader_, ov, op, {"value", "label"});
        if (!oo.ok()) return;
        if (auto s = oo.string("value", true, kLabel)) option.value = *s;
        option.label = oo.text("label", false, c_.default_locale);
      }
      if (option.value.empty()) {
        reader_.error(op, "expected a non-empty option value");
        return;
      }
      if (option.label.empty()) option.label[c_.default_locale] = option.value;
      check_unique(option_values, option.value, op, "option");
      f.options.push_back(std::move(option));
    });
    bool choice = f.type == FieldType::kSelect || f.type == FieldType::kRadio;
    if (choice && f.options.empty() && !o.has("options")) {
      o.error("options", "required for a " + std::string(to_string(f.type)) +
                             " field, expected an array of choices");
    }
    if (!choice && f.type != FieldType::kCheckbox && o.has("options")) {
      o.error("options", "only select, radio and checkbox fields have options");
    }
    f.min = o.number("min", false);
    f.max = o.number("max", false);
    if ((f.min || f.max) && f.type != FieldType::kNumber) {
      o.error(f.min ? "min" : "max", "only number fields have min and max; use min_length/max_length");
    }
    if (f.min && f.max && *f.min > *f.max) o.error("max", "expected max >= min");
    if (auto n = o.integer("min_length", false, 0, 5000)) f.min_length = static_cast<std::size_t>(*n);
    if (f.type == FieldType::kTextarea) f.max_length = 2000;
    if (auto n = o.integer("max_length", false, 1, 5000)) f.max_length = static_cast<std::size_t>(*n);
    if (f.min_length && *f.min_length > f.max_length) o.error("min_length", "expected min_length <= max_length");
    c_.fields.push_back(std::move(f));
  });
}

void CampaignParser::parse_steps(ObjectReader& root) {
  std::set<std::string> placed;
  root.array("steps", false, 20, [&](const Json& step, const std::string& p) {
    if (!step.is_array() || step.empty()) {
      reader_.error(p, "expected a non-empty array of field names, got " + text::describe(step));
      return;
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < step.size(); ++i) {
      std::string ip = index_path(p, i);
      auto name = detail::read_string(reader_, step[i], ip, 64);
      if (!name) continue;
      if (c_.find_field(*name) == nullptr) {
        std::vector<std::string> known;
        for (const auto& f : c_.fields) known.push_back(f.name);
        std::string hint = text::nearest(*name, known);
        reader_.error(ip, "unknown field \"" + *name + "\"" +
                              (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
        continue;
      }
      if (!placed.insert(*name).second) {
        reader_.error(ip, "field \"" + *name + "\" is already in a step");
        continue;
      }
      names.push_back(*name);
    }
    c_.steps.push_back(std::move(names));
  });
  if (!root.has("steps")) {
    std::vector<std::string> all;
    for (const auto& f : c_.fields) {
      if (f.type != FieldType::kHidden) all.push_back(f.name);
    }
    if (!all.empty()) c_.steps.push_back(std::move(all));
    return;
  }
  if (!root.get("steps")->is_array()) return;
  for (const auto& f : c_.fields) {
    if (f.type != FieldType::kHidden && placed.count(f.name) == 0 && !f.name.empty()) {
      root.error("steps", "field \"" + f.name + "\" is in no step");
    }
  }
}

void CampaignParser::parse_consents(ObjectReader& root) {
  std::set<std::string> ids;
  root.array("consents", false, CampaignLimits::kMaxConsents, [&](const Json& v, const std::string& p) {
    ObjectReader o(reader_, v, p, {"id", "required", "version", "text"});
    if (!o.ok()) return;
    Consent consent;
    if (auto id = o.identifier("id", true)) {
      consent.id = *id;
      check_unique(ids, consent.id, o.path("id"), "consent id");
    }
    consent.required = o.boolean("required").value_or(false);
    if (auto version = o.string("version", true, 64)) consent.version = *version;
    consent.text = o.text("text", true, c_.default_locale, kLong);
    c_.consents.push_back(std::move(consent));
  });
}

void CampaignParser::parse_quiz(const Json& value, const std::string& path) {
  ObjectReader o(reader_, value, path, {"questions", "outcomes", "outcome_by", "gate"});
  if (!o.ok()) return;
  Quiz quiz;
  if (auto by = read_enum(o, "outcome_by", false, {"weight", "points"})) {
    quiz.outcome_by = static_cast<Quiz::OutcomeBy>(*by);
  }
  if (auto gate = read_enum(o, "gate", false, {"none", "before_result"})) {
    quiz.gate = static_cast<Quiz::Gate>(*gate);
  }
  std::set<std::string> outcome_ids;
  o.array("outcomes", false, CampaignLimits::kMaxOutcomes, [&](const Json& v, const std::string& p) {
    ObjectReader oo(reader_, v, p, {"id", "title", "body", "min_points"});
    if (!oo.ok()) return;
    QuizOutcome outcome;
    if (auto id = oo.identifier("id", true)) {
      outcome.id = *id;
      check_unique(outcome_ids, outcome.id, oo.path("id"), "outcome id");
    }
    outcome.title = oo.text("title", true, c_.default_locale);
    outcome.body = oo.text("body", false, c_.default_locale, kLong);
    outcome.min_points = oo.number("min_points", quiz.outcome_by == Quiz::OutcomeBy::kPoints);
    quiz.outcomes.push_back(std::move(outcome));
  });
  std::set<std::string> question_ids;
  o.array("questions", true, CampaignLimits::kMaxQuestions, [&](const Json& v, const std::string& p) {
    ObjectReader qo(reader_, v, p, {"id", "type", "required", "text", "answers"});
    if (!qo.ok()) return;
    QuizQuestion question;
    if (auto id = qo.identifier("id", true)) {
      question.id = *id;
      check_unique(question_ids, question.id, qo.path("id"), "question id");
    }
    if (auto type = read_enum(qo, "type", false, {"single", "multiple"})) question.multiple = *type == 1;
    question.required = qo.boolean("required").value_or(true);
    question.text = qo.text("text", true, c_.default_locale);
    std::set<std::string> answer_ids;
    qo.array("answers", true, CampaignLimits::kMaxAnswers, [&](const Json& av, const std::string& ap) {
      ObjectReader ao(reader_, av, ap, {"id", "text", "points", "outcomes"});
      if (!ao.ok()) return;
      QuizAnswer answer;
      if (auto id = ao.identifier("id", true)) {
        answer.id = *id;
        check_unique(answer_ids, answer.id, ao.path("id"), "answer id");
      }
      answer.text = ao.text("text", true, c_.default_locale);
      answer.points = ao.number("points", false, -1'000'000'000, 1'000'000'000).value_or(0);
      if (const Json* weights = ao.get("outcomes")) {
        if (!weights->is_object()) {
          ao.error("outcomes", "expected {\"<outcome id>\": weight}, got " + text::describe(*weights));
        }
        for (auto it = weights->begin(); weights->is_object() && it != weights->end(); ++it) {
          std::string wp = detail::join_path(ao.path("outcomes"), it.key());
          if (outcome_ids.count(it.key()) == 0) {
            std::vector<std::string> known(outcome_ids.begin(), outcome_ids.end());
            std::string hint = text::nearest(it.key(), known);
            reader_.error(wp, "unknown outcome \"" + it.key() + "\"" +
                                  (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
            continue;
          }
          auto weight = milli_from_json(*it);
          if (!it->is_number() || !weight || *weight < 0 || *weight > 1'000'000'000) {
            reader_.error(wp, "expected a weight from 0 to 1000000, got " + text::describe(*it));
            continue;
          }
          answer.outcomes[it.key()] = *weight;
        }
      }
      question.answers.push_back(std::move(answer));
    });
    if (question.answers.empty() && qo.has("answers")) qo.error("answers", "expected at least one answer");
    quiz.questions.push_back(std::move(question));
  });
  c_.quiz = std::move(quiz);
}

std::optional<FitRule> CampaignParser::parse_predicate(const Json& value, const std::string& path,
                                                       bool with_points) {
  std::initializer_list<const char*> with = {"id", "field", "op", "value", "values", "min", "max",
                                             "unit", "points", "max_points"};
  std::initializer_list<const char*> without = {"field", "op", "value", "values", "min", "max"};
  ObjectReader o(reader_, value, path, with_points ? with : without);
  if (!o.ok()) return std::nullopt;
  FitRule rule;
  std::size_t errors_before = reader_.errors().size();
  if (with_points) {
    if (auto id = o.identifier("id", true)) rule.id = *id;
  }
  const Field* field = nullptr;
  if (auto name = o.string("field", true, 64)) {
    rule.field = *name;
    field = c_.find_field(*name);
    if (field == nullptr) {
      std::vector<std::string> known;
      for (const auto& f : c_.fields) known.push_back(f.name);
      std::string hint = text::nearest(*name, known);
      o.error("field", "unknown field \"" + *name + "\"" +
                           (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
    }
  }
  auto op = read_enum(o, "op", true, kFitOps);
  if (!op) return std::nullopt;
  rule.op = static_cast<FitOp>(*op);
  bool numeric = rule.op == FitOp::kGt || rule.op == FitOp::kGte || rule.op == FitOp::kLt ||
                 rule.op == FitOp::kLte || rule.op == FitOp::kBetween ||
                 rule.op == FitOp::kPerUnitOver;
  if (numeric && field != nullptr && field->type != FieldType::kNumber &&
      field->type != FieldType::kHidden) {
    o.error("op", "\"" + std::string(to_string(rule.op)) + "\" compares numbers, but field \"" +
                      field->name + "\" is of type " + std::string(to_string(field->type)));
  }
  auto read_texts = [&](const std::string& key) {
    o.array(key, true, CampaignLimits::kMaxRuleValues, [&](const Json& v, const std::string& p) {
      if (v.is_string()) {
        if (auto s = detail::read_string(reader_, v, p, kLabel)) {
          std::string folded = text::fold(*s);
          if (folded.empty()) reader_.error(p, "expected non-empty text");
          rule.values.push_back(folded);
        }
      } else if (v.is_number() || v.is_boolean()) {
        rule.values.push_back(v.dump());
      } else {
        reader_.error(p, "expected a string or a number, got " + text::describe(v));
      }
    });
    if (rule.values.empty() && o.has(key) && o.get(key)->is_array()) {
      o.error(key, "expected at least one value");
    }
  };
  switch (rule.op) {
    case FitOp::kEq: {
      const Json* v = o.get("value");
      if (v == nullptr) {
        o.error("value", "required for \"eq\"");
      } else if (v->is_string()) {
        if (auto s = detail::read_string(reader_, *v, o.path("value"), kLabel)) {
          rule.values.push_back(text::fold(*s));
        }
      } else if (v->is_number() || v->is_boolean()) {
        rule.values.push_back(v->dump());
        if (auto m = milli_from_json(*v)) rule.number = *m;
      } else {
        o.error("value", "expected a string, a number or a boolean, got " + text::describe(*v));
      }
      break;
    }
    case FitOp::kIn:
    case FitOp::kContainsAny: read_texts("values"); break;
    case FitOp::kGt:
    case FitOp::kGte:
    case FitOp::kLt:
    case FitOp::kLte:
    case FitOp::kPerUnitOver:
      if (auto n = o.number("value", true)) rule.number = *n;
      break;
    case FitOp::kBetween: {
      auto lo = o.number("min", true), hi = o.number("max", true);
      if (lo && hi && *lo > *hi) o.error("max", "expected max >= min");
      rule.number = lo.value_or(0);
      rule.number2 = hi.value_or(0);
      break;
    }
    case FitOp::kPresent: break;
  }
  if (!with_points) {
    return reader_.errors().size() == errors_before ? std::optional<FitRule>(rule) : std::nullopt;
  }
  if (rule.op == FitOp::kPerUnitOver) {
    if (auto unit = o.number("unit", false, 1, kMaxMilli)) rule.unit = *unit;
  } else if (o.has("unit")) {
    o.error("unit", "only \"per_unit_over\" rules have a unit");
  }
  if (auto points = o.number("points", true, -1'000'000'000, 1'000'000'000)) rule.points = *points;
  rule.max_points = o.number("max_points", false, 0, 1'000'000'000'000);
  return reader_.errors().size() == errors_before ? std::optional<FitRule>(rule) : std::nullopt;
}

std::optional<Condition> CampaignParser::parse_condition(const Json& value, const std::string& path) {
  auto s = detail::read_string(reader_, value, path, 200);
  if (!s) return std::nullopt;
  Condition condition;
  auto colon = s->find(':');
  std::string kind = s->substr(0, colon);
  std::string name = colon == std::string::npos ? "" : s->substr(colon + 1);
  const char* hint =
      "expected \"email\", \"phone\", \"quiz\", \"consent:<id>\", \"field:<name>\" or \"event:<type>\"";
  if (kind == "email" && name.empty()) {
    condition.kind = Condition::Kind::kEmail;
  } else if (kind == "phone" && name.empty()) {
    condition.kind = Condition::Kind::kPhone;
  } else if (kind == "quiz" && name.empty()) {
    condition.kind = Condition::Kind::kQuiz;
    if (!c_.quiz) reader_.error(path, "\"quiz\" required, but the campaign has no quiz");
  } else if (kind == "consent" && !name.empty()) {
    condition.kind = Condition::Kind::kConsent;
    if (c_.find_consent(name) == nullptr) reader_.error(path, "unknown consent \"" + name + "\"");
  } else if (kind == "field" && !name.empty()) {
    condition.kind = Condition::Kind::kField;
    if (c_.find_field(name) == nullptr) reader_.error(path, "unknown field \"" + name + "\"");
  } else if (kind == "event" && !name.empty()) {
    condition.kind = Condition::Kind::kEvent;
    if (!detail::is_identifier(name)) reader_.error(path, "expected an event type after \"event:\"");
  } else {
    reader_.error(path, std::string(hint) + ", got \"" + *s + "\"");
    return std::nullopt;
  }
  condition.name = name;
  return condition;
}

std::vector<Condition> CampaignParser::parse_conditions(ObjectReader& object, const std::string& key) {
  std::vector<Condition> out;
  object.array(key, false, 20, [&](const Json& v, const std::string& p) {
    if (auto condition = parse_condition(v, p)) out.push_back(*condition);
  });
  return out;
}

std::string CampaignParser::stage_ids_hint() const {
  std::vector<std::string> ids;
  for (const auto& stage : c_.scoring.stages) ids.push_back("\"" + stage.id + "\"");
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "none configured" : out;
}

void CampaignParser::parse_scoring(const Json& value, const std::string& path) {
  ObjectReader o(reader_, value, path,
                 {"fit", "engagement", "decay", "grades", "bands", "stages", "segments"});
  if (!o.ok()) return;
  Scoring& s = c_.scoring;
  std::set<std::string> rule_ids;
  std::size_t rules = 0;
  o.array("fit", false, CampaignLimits::kMaxRules, [&](const Json& v, const std::string& p) {
    if (auto rule = parse_predicate(v, p, true)) {
      check_unique(rule_ids, rule->id, detail::join_path(p, "id"), "rule id");
      s.fit.push_back(std::move(*rule));
    }
    ++rules;
  });
  o.array("engagement", false, CampaignLimits::kMaxRules, [&](const Json& v, const std::string& p) {
    ++rules;
    ObjectReader ro(reader_, v, p, {"id", "event", "points", "max_count", "max_points", "filter"});
    if (!ro.ok()) return;
    EngagementRule rule;
    if (auto id = ro.identifier("id", true)) {
      rule.id = *id;
      check_unique(rule_ids, rule.id, ro.path("id"), "rule id");
    }
    if (auto event = ro.identifier("event", true)) rule.event = *event;
    if (auto points = ro.number("points", true, -1'000'000'000, 1'000'000'000)) rule.points = *points;
    rule.max_count = ro.integer("max_count", false, 1, 1'000'000);
    rule.max_points = ro.number("max_points", false, 0, 1'000'000'000'000);
    if (const Json* filter = ro.get("filter")) {
      ObjectReader fo(reader_, *filter, ro.path("filter"), {"equals", "prefix", "contains"});
      if (fo.ok()) {
        int given = 0;
        const char* keys[] = {"equals", "prefix", "contains"};
        for (int k = 0; k < 3; ++k) {
          if (auto text = fo.string(keys[k], false, kLabel)) {
            rule.filter = EventFilter{static_cast<EventFilter::Match>(k), *text};
            ++given;
          }
        }
        if (given != 1) {
          reader_.error(ro.path("filter"), "expected exactly one of \"equals\", \"prefix\", \"contains\"");
        }
      }
    }
    event_types_.insert(rule.event);
    s.engagement.push_back(std::move(rule));
  });
  if (const Json* decay = o.get("decay")) {
    ObjectReader d(reader_, *decay, o.path("decay"), {"half_life_days"});
    if (auto days = d.number("half_life_days", true, 1, 3650 * kMilli)) {
      s.half_life_ms = *days * kMsPerDay / kMilli;
    }
  }
  if (const Json* grades = o.get("grades")) {
    ObjectReader g(reader_, *grades, o.path("grades"), {"A", "B", "C", "D", "E"});
    if (g.ok()) {
      std::optional<Milli> previous;
      std::string previous_name;
      for (const auto& name : kGradeNames) {
        if (!g.has(name)) continue;
        auto min_fit = g.number(name, true);
        if (!min_fit) continue;
        if (previous && *min_fit >= *previous) {
          g.error(name, "expected a threshold below grade " + previous_name + "'s (" +
                            milli_to_string(*previous) + ")");
        }
        s.grades.emplace_back(name, *min_fit);
        previous = min_fit;
        previous_name = name;
      }
    }
  }
  if (const Json* bands = o.get("bands")) {
    ObjectReader b(reader_, *bands, o.path("bands"), {"warm", "hot"});
    auto warm = b.number("warm", true), hot = b.number("hot", true);
    if (warm && hot && *hot <= *warm) b.error("hot", "expected a threshold above warm's");
    s.warm = warm.value_or(0);
    s.hot = hot.value_or(0);
  } else {
    s.warm = kMaxMilli;  // no bands configured: every lead is cold
    s.hot = kMaxMilli;
  }
  std::set<std::string> stage_ids;
  o.array("stages", false, CampaignLimits::kMaxStages, [&](const Json& v, const std::string& p) {
    ObjectReader so(reader_, v, p,
                    {"id", "min_score", "min_fit", "min_engagement", "min_grade", "require"});
    if (!so.ok()) return;
    Stage stage;
    if (auto id = so.identifier("id", true)) {
      stage.id = *id;
      if (stage.id == "visitor") so.error("id", "\"visitor\" is the implicit stage below every other");
      check_unique(stage_ids, stage.id, so.path("id"), "stage id");
    }
    stage.min_score = so.number("min_score", false);
    stage.min_fit = so.number("min_fit", false);
    stage.min_engagement = so.number("min_engagement", false);
    if (auto grade = so.string("min_grade", false, 1)) {
      bool known = false;
      for (const auto& g : s.grades) known = known || g.first == *grade;
      if (!known) so.error("min_grade", "unknown grade \"" + *grade + "\" (see scoring.grades)");
      stage.min_grade = *grade;
    }
    stage.require = parse_conditions(so, "require");
    s.stages.push_back(std::move(stage));
  });
  std::set<std::string> segment_ids;
  o.array("segments", false, CampaignLimits::kMaxRules, [&](const Json& v, const std::string& p) {
    ++rules;
    ObjectReader so(reader_, v, p, {"id", "fields", "min_score", "band", "require"});
    if (!so.ok()) return;
    Segment segment;
    if (auto id = so.identifier("id", true)) {
      segment.id = *id;
      check_unique(segment_ids, segment.id, so.path("id"), "segment id");
    }
    so.array("fields", false, 20, [&](const Json& fv, const std::string& fp) {
      if (auto predicate = parse_predicate(fv, fp, false)) segment.match_all.push_back(*predicate);
    });
    segment.min_score = so.number("min_score", false);
    if (auto band = read_enum(so, "band", false, {"cold", "warm", "hot"})) {
      segment.band = std::vector<std::string>{"cold", "warm", "hot"}[*band];
    }
    segment.require = parse_conditions(so, "require");
    s.segments.push_back(std::move(segment));
  });
  if (rules > CampaignLimits::kMaxRules) {
    reader_.error(path, "at most " + std::to_string(CampaignLimits::kMaxRules) +
                            " rules allowed in fit, engagement and segments together");
  }
}

void CampaignParser::parse_triggers(ObjectReader& root) {
  std::set<std::string> ids;
  root.array("triggers", false, CampaignLimits::kMaxTriggers, [&](const Json& v, const std::string& p) {
    ObjectReader o(reader_, v, p, {"id", "when", "show", "offer"});
    if (!o.ok()) return;
    Trigger trigger;
    if (auto id = o.identifier("id", true)) {
      trigger.id = *id;
      check_unique(ids, trigger.id, o.path("id"), "trigger id");
    }
    if (const Json* when = o.get("when")) {
      ObjectReader w(reader_, *when, o.path("when"), {"score_at_least", "band", "stage", "event"});
      trigger.score_at_least = w.number("score_at_least", false);
      if (auto band = read_enum(w, "band", false, {"cold", "warm", "hot"})) {
        trigger.band = std::vector<std::string>{"cold", "warm", "hot"}[*band];
      }
      if (auto stage = w.identifier("stage", false)) {
        bool known = false;
        for (const auto& s : c_.scoring.stages) known = known || s.id == *stage;
        if (!known) w.error("stage", "unknown stage \"" + *stage + "\"; stages: " + stage_ids_hint());
        trigger.stage = *stage;
      }
      if (auto event = w.identifier("event", false)) trigger.event = *event;
      if (w.ok() && !trigger.score_at_least && !trigger.band && !trigger.stage && !trigger.event) {
        o.error("when", "expected at least one of score_at_least, band, stage, event");
      }
    } else {
      o.error("when", "required, expected {score_at_least, band, stage, event}");
    }
    if (auto show = o.string("show", false, 200)) trigger.show = *show;
    if (const Json* offer = o.get("offer")) {
      ObjectReader oo(reader_, *offer, o.path("offer"), {"title", "body", "cta", "url"});
      OrderedJson out = OrderedJson::object();
      (void)oo.text("title", true, c_.default_locale);
      (void)oo.text("body", false, c_.default_locale, kLong);
      (void)oo.text("cta", false, c_.default_locale);
      (void)oo.string("url", false, CampaignLimits::kMaxUrlLength);
      trigger.offer = *offer;
    }
    if (trigger.show.empty() && trigger.offer.is_null()) {
      reader_.error(p, "expected \"show\" (a CSS selector) or \"offer\"");
    }
    c_.triggers.push_back(std::move(trigger));
  });
}

void CampaignParser::parse_variants(ObjectReader& root) {
  std::set<std::string> ids;
  std::int64_t total = 0;
  root.array("variants", false, CampaignLimits::kMaxVariants, [&](const Json& v, const std::string& p) {
    ObjectReader o(reader_, v, p, {"id", "weight", "overrides"});
    if (!o.ok()) return;
    Variant variant;
    if (auto id = o.identifier("id", true)) {
      variant.id = *id;
      check_unique(ids, variant.id, o.path("id"), "variant id");
    }
    variant.weight = o.integer("weight", false, 0, 1'000'000).value_or(1);
    total += variant.weight;
    if (const Json* overrides = o.get("overrides")) {
      if (!overrides->is_object()) o.error("overrides", "expected an object");
      variant.overrides = *overrides;
    }
    c_.variants.push_back(std::move(variant));
  });
  if (!c_.variants.empty() && total == 0) root.error("variants", "expected at least one weight above 0");
}

void CampaignParser::parse_delivery(const Json& value, const std::string& path) {
  ObjectReader o(reader_, value, path,
                 {"endpoint", "format", "when", "headers", "timeout_ms", "hubspot", "salesforce",
                  "allowed_origins"});
  if (!o.ok()) return;
  Delivery& d = c_.delivery;
  if (auto endpoint = o.string("endpoint", true, CampaignLimits::kMaxUrlLength)) {
    bool ok = endpoint->rfind("https://", 0) == 0 || endpoint->rfind("http://", 0) == 0 ||
              (endpoint->size() > 1 && (*endpoint)[0] == '/' && (*endpoint)[1] != '/');
    if (!ok) o.error("endpoint", "expected an http(s):// URL or a path starting with /, got \"" + *endpoint + "\"");
    d.endpoint = *endpoint;
  }
  if (auto format = read_enum(o, "format", false, {"magnete-v1", "hubspot", "salesforce", "webhook"})) {
    d.format = static_cast<Delivery::Format>(*format);
  }
  if (auto when = o.identifier("when", false)) {
    std::string stage = *when == "qualified" ? "mql" : *when;
    if (stage == "all") {
      d.when = Delivery::When::kAll;
    } else {
      bool known = false;
      for (const auto& s : c_.scoring.stages) known = known || s.id == stage;
      if (!known) {
        o.error("when", "expected \"all\", \"qualified\" (= \"mql\") or a stage id; stages: " +
                            stage_ids_hint());
      }
      d.when = Delivery::When::kStage;
      d.stage = stage;
    }
  }
  if (const Json* headers = o.get("headers")) {
    if (!headers->is_object() || headers->size() > 20) {
      o.error("headers", "expected an object of at most 20 string headers");
    } else {
      for (auto it = headers->begin(); it != headers->end(); ++it) {
        if (auto v = detail::read_string(reader_, *it, detail::join_path(o.path("headers"), it.key()), 1000)) {
          d.headers[it.key()] = *v;
        }
      }
    }
  }
  d.timeout_ms = o.integer("timeout_ms", false, 1000, 120'000).value_or(10'000);
  // delivery.<vendor>.fields: {"<field>" | "assessment.<key>" | "consent.<id>" (Salesforce):
  // "<the vendor's field name>" | false}. See src/core/payload/{hubspot,salesforce}.cpp.
  auto read_field_map = [&](const Json* map, const std::string& map_path, bool with_consents,
                            std::map<std::string, std::string>& out) {
    if (map == nullptr) return;
    if (!map->is_object() || map->size() > CampaignLimits::kMaxFields + 50) {
      reader_.error(map_path, "expected an object of at most " +
                                  std::to_string(CampaignLimits::kMaxFields + 50) +
                                  " {\"<field>\": \"<name>\" or false}, got " +
                                  text::describe(*map));
      return;
    }
    std::vector<std::string> sources, assessment_keys;
    for (const auto& f : c_.fields) sources.push_back(f.name);
    for (const auto& k : assessment_route_keys()) assessment_keys.push_back("assessment." + k);
    sources.insert(sources.end(), assessment_keys.begin(), assessment_keys.end());
    if (with_consents) {
      for (const auto& c : c_.consents) sources.push_back("consent." + c.id);
    }
    for (auto it = map->begin(); it != map->end(); ++it) {
      const std::string& key = it.key();
      std::string key_path = detail::join_path(map_path, key);
      if (std::find(sources.begin(), sources.end(), key) == sources.end()) {
        std::string message = key.rfind("assessment.", 0) == 0
                                  ? "expected one of " + one_of(assessment_keys)
                              : with_consents && key.rfind("consent.", 0) == 0
                                  ? "no consent \"" + key.substr(8) + "\" in consents"
                                  : "no field \"" + key + "\" in fields";
        std::string suggestion = text::nearest(key, sources);
        if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
        reader_.error(key_path, message);
        continue;
      }
      if (it->is_boolean() && !it->get<bool>()) {
        out[key] = "";  // false: leave it out
        continue;
      }
      if (!it->is_string()) {
        reader_.error(key_path, "expected a field name or false, got " + text::describe(*it));
        continue;
      }
      auto name = detail::read_string(reader_, *it, key_path, 100);
      if (!name) continue;
      if (text::trim(*name).empty()) {
        reader_.error(key_path,
                      "expected a field name, got an empty string; write false to leave it out");
      } else if (with_consents && *name == "oid") {
        reader_.error(key_path, "\"oid\" is set from delivery.salesforce.oid");
      } else {
        out[key] = *name;
      }
    }
  };
  // Two sources into one vendor field: the later one is reported, at its mapping key.
  auto check_targets = [&](const std::vector<FieldRoute>& routes, const std::string& map_path) {
    std::map<std::string, const FieldRoute*> seen;
    for (const auto& route : routes) {
      auto [it, inserted] = seen.emplace(route.target, &route);
      if (inserted) continue;
      const FieldRoute& first = *it->second;
      std::string source =
          first.source == FieldRoute::Source::kField     ? "field \"" + first.name + "\""
          : first.source == FieldRoute::Source::kConsent ? "consent." + first.name
                                                         : "assessment." + first.name;
      const std::string& key = !route.key.empty() ? route.key : first.key;
      reader_.error(detail::join_path(map_path, key),
                    "\"" + route.target + "\" already receives " + source +
                        "; map one of them to another name or to false");
    }
  };
  if (const Json* hubspot = o.get("hubspot")) {
    ObjectReader h(reader_, *hubspot, o.path("hubspot"),
                   {"portal_id", "form_id", "fields", "subscriptions"});
    if (auto id = h.identifier("portal_id", true)) d.hubspot_portal_id = *id;
    if (auto id = h.identifier("form_id", true)) d.hubspot_form_id = *id;
    read_field_map(h.get("fields"), h.path("fields"), false, d.hubspot_fields);
    check_targets(hubspot_routes(c_), h.path("fields"));
    // HubSpot's legalConsentOptions.consent.communications[].subscriptionTypeId, by consent id.
    if (const Json* subs = h.get("subscriptions")) {
      if (!subs->is_object()) {
        h.error("subscriptions",
                "expected an object {\"<consent id>\": <subscriptionTypeId> or false}, got " +
                    text::describe(*subs));
      } else {
        std::vector<std::string> ids;
        for (const auto& c : c_.consents) ids.push_back(c.id);
        for (auto it = subs->begin(); it != subs->end(); ++it) {
          std::string key_path = detail::join_path(h.path("subscriptions"), it.key());
          const Consent* consent = c_.find_consent(it.key());
          if (consent == nullptr) {
            std::string message = "no consent \"" + it.key() + "\" in consents";
            std::string suggestion = text::nearest(it.key(), ids);
            if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
            reader_.error(key_path, message);
          } else if (consent->required) {
            reader_.error(key_path, "\"" + it.key() +
                                        "\" is required: it travels as consentToProcess; "
                                        "subscriptions are for optional consents");
          } else if (it->is_boolean() && !it->get<bool>()) {
            d.hubspot_subscriptions[it.key()] = 0;
          } else {
            std::int64_t id = 0;
            if (it->is_number_unsigned()) {
              auto u = it->get<std::uint64_t>();
              if (u <= static_cast<std::uint64_t>(INT64_MAX)) id = static_cast<std::int64_t>(u);
            } else if (it->is_number_integer()) {
              id = it->get<std::int64_t>();
            }
            if (id > 0) {
              d.hubspot_subscriptions[it.key()] = id;
            } else {
              reader_.error(key_path,
                            "expected a subscriptionTypeId (an integer above 0) or false, got " +
                                text::describe(*it));
            }
          }
        }
      }
    }
    bool asks_consent = false;
    for (const auto& c : c_.consents) asks_consent = asks_consent || c.required;
    if (h.ok() && d.format == Delivery::Format::kHubspot && asks_consent) {
      for (const auto& c : c_.consents) {
        if (!c.required && d.hubspot_subscriptions.count(c.id) == 0) {
          h.error("subscriptions",
                  "the optional consent \"" + c.id +
                      "\" needs a HubSpot subscriptionTypeId, or false to keep it out of HubSpot");
        }
      }
    }
  } else if (d.format == Delivery::Format::kHubspot) {
    o.error("hubspot", "required when format is \"hubspot\": {\"portal_id\", \"form_id\"}");
  }
  if (const Json* salesforce = o.get("salesforce")) {
    ObjectReader sf(reader_, *salesforce, o.path("salesforce"), {"oid", "fields"});
    if (auto id = sf.identifier("oid", true)) d.salesforce_oid = *id;
    read_field_map(sf.get("fields"), sf.path("fields"), true, d.salesforce_fields);
    check_targets(salesforce_routes(c_), sf.path("fields"));
  } else if (d.format == Delivery::Format::kSalesforce) {
    o.error("salesforce", "required when format is \"salesforce\": {\"oid\"}");
  }
  o.array("allowed_origins", false, 50, [&](const Json& v, const std::string& p) {
    if (auto origin = detail::read_string(reader_, v, p, 200)) d.allowed_origins.push_back(*origin);
  });
}

void CampaignParser::parse_content(const Json& value, const std::string& path) {
  ObjectReader o(reader_, value, path, {"url", "label"});
  if (!o.ok()) return;
  Content content;
  if (auto url = o.string("url", true, CampaignLimits::kMaxUrlLength)) content.url = *url;
  content.label = o.text("label", false, c_.default_locale);
  c_.content = std::move(content);
}

}  // namespace

CampaignResult parse_campaign_document(const Json& document) {
  CampaignResult result;
  CampaignParser parser(result.errors);
  result.campaign = parser.parse(document);
  if (!result.errors.empty()) result.campaign.reset();
  return result;
}

CampaignResult parse_campaign(std::string_view text) {
  CampaignResult result;
  if (text.size() > CampaignLimits::kMaxBytes) {
    result.errors.push_back({"", "the campaign file is " + std::to_string(text.size()) +
                                     " bytes; at most " + std::to_string(CampaignLimits::kMaxBytes) +
                                     " allowed"});
    return result;
  }
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok()) {
    result.errors.push_back({"", parsed.error});
    return result;
  }
  return parse_campaign_document(parsed.value);
}

}  // namespace magnete
