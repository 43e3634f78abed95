// parse_campaign: the campaign file is first checked against the published JSON Schema
// (src/core/schema/campaign.schema.json, by schema/validator.cpp), then read into a Campaign
// and checked for what a schema cannot say: uniqueness, references between sections, the
// order of thresholds. Both passes report every problem with its JSON path; the second one
// skips quietly over what the first one already reported.
#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "campaign/reader.hpp"
#include "magnete/campaign.hpp"
#include "magnete/forward.hpp"
#include "magnete/payload.hpp"
#include "schema/validator.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

#if MAGNETE_LEAN
// The lean build reports no path (campaign/reader.hpp), so it builds none.
template <class... Parts>
std::string index_path(const Parts&...) {
  return {};
}
template <class... Parts>
std::string join_path(const Parts&...) {
  return {};
}
#else
using detail::index_path;
using detail::join_path;
#endif

const Json kNull;

// Readers over a document the schema has checked: absent, null or mistyped values give the
// fallback (the schema pass has already said what is wrong with them).
const Json& at(const Json& object, const char* key) {
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}
std::string str(const Json& object, const char* key) {
  const Json& v = at(object, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}
bool flag(const Json& object, const char* key, bool fallback = false) {
  const Json& v = at(object, key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}
std::optional<Milli> number(const Json& object, const char* key) {
  const Json& v = at(object, key);
  return v.is_number() ? milli_from_json(v) : std::nullopt;
}
std::optional<std::int64_t> integer(const Json& object, const char* key) {
  auto milli = number(object, key);
  if (!milli || *milli % kMilli != 0) return std::nullopt;
  return *milli / kMilli;
}
template <class Each>
void each(const Json& object, const char* key, Each f) {
  const Json& v = at(object, key);
  if (!v.is_array()) return;
  for (std::size_t i = 0; i < v.size(); ++i) f(v[i], i);
}

[[maybe_unused]] std::string one_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("\"" + names[i] + "\"");
  }
  return out;
}

[[maybe_unused]] std::string hint(const std::string& word, const std::vector<std::string>& known) {
  std::string nearest = text::nearest(word, known);
  return nearest.empty() ? "" : "; did you mean \"" + nearest + "\"?";
}

const char* const kFieldTypes[] = {"text",  "email",    "tel",      "number", "select",
                                   "radio", "checkbox", "textarea", "hidden"};
const char* const kOps[] = {
    "eq", "in", "gt", "gte", "lt", "lte", "between", "per_unit_over", "contains_any", "present"};
const char* const kGrades[] = {"A", "B", "C", "D", "E"};

template <std::size_t N>
std::size_t index_of(const char* const (&names)[N], const std::string& value) {
  for (std::size_t i = 0; i < N; ++i) {
    if (value == names[i]) return i;
  }
  return 0;
}

class Builder {
 public:
  Builder(Errors& errors, Campaign& out) : reader_(errors), c_(out) {}
  /// Reads `doc` into the campaign given; false when it is not valid.
  bool build(const Json& doc);

 private:
  LocalizedText text(const Json& object, const char* key) const;
  void unique(std::set<std::string>& seen, const std::string& id, const std::string& path,
              const char* what);
  std::vector<std::string> field_names() const;
  std::string stage_ids() const;
  void fields(const Json& doc);
  void steps(const Json& doc);
  void consents(const Json& doc);
  void quiz(const Json& doc);
  std::optional<FitRule> predicate(const Json& v, const std::string& path, bool rule);
  std::vector<Condition> conditions(const Json& object, const std::string& path);
  void scoring(const Json& doc);
  void triggers(const Json& doc);
  void variants(const Json& doc);
  void delivery(const Json& doc);
  /// The keys "delivery" and each "forward" destination share, from the object at `path`.
  void read_delivery(const Json& v, const std::string& path, Delivery& d);
#if !MAGNETE_LEAN
  void forward(const Json& doc);
  void field_map(const Json& map, const std::string& path, bool with_consents,
                 std::map<std::string, std::string>& out);
  void distinct_targets(const std::vector<FieldRoute>& routes, const std::string& path);
#endif

  detail::Reader reader_;
  Campaign& c_;
  std::set<std::string> rule_ids_;
};

LocalizedText Builder::text(const Json& object, const char* key) const {
  LocalizedText out;
  const Json& v = at(object, key);
  if (v.is_string()) {
    out[c_.default_locale] = v.get<std::string>();
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it->is_string()) out[it.key()] = it->get<std::string>();
    }
  }
  return out;
}

void Builder::unique(std::set<std::string>& seen, const std::string& id,
                     [[maybe_unused]] const std::string& path, [[maybe_unused]] const char* what) {
  if (!id.empty() && !seen.insert(id).second)
    MAGNETE_CAMPAIGN_ERROR(reader_, path, std::string("duplicate ") + what + " \"" + id + "\"");
}

std::vector<std::string> Builder::field_names() const {
  std::vector<std::string> names;
  for (const auto& f : c_.fields) names.push_back(f.name);
  return names;
}

std::string Builder::stage_ids() const {
  std::string out;
  for (const auto& s : c_.scoring.stages) out += (out.empty() ? "\"" : ", \"") + s.id + "\"";
  return out.empty() ? "none configured" : out;
}

bool Builder::build(const Json& doc) {
  schema::Validator(schema::campaign_schema()).validate(doc, reader_);
  if (!doc.is_object()) return false;
  c_.id = str(doc, "id");
  const Json& version = at(doc, "version");
  c_.version = version.is_string()           ? version.get<std::string>()
               : version.is_number_integer() ? version.dump()
                                             : "";
  if (auto locale = str(doc, "default_locale"); !locale.empty()) c_.default_locale = locale;
  each(doc, "locales", [&](const Json& v, std::size_t) {
    if (v.is_string()) c_.locales.push_back(v.get<std::string>());
  });
  if (c_.locales.empty()) c_.locales.push_back(c_.default_locale);
  if (auto country = str(doc, "default_country"); !country.empty()) c_.default_country = country;
  c_.title = text(doc, "title");
  c_.submit_label = text(doc, "submit_label");
  c_.success_text = text(doc, "success_text");
  fields(doc);
  steps(doc);
  consents(doc);
  quiz(doc);
  scoring(doc);  // before triggers and delivery, which name stages
  triggers(doc);
  variants(doc);
  delivery(doc);
#if !MAGNETE_LEAN
  forward(doc);
#endif
  if (const Json& content = at(doc, "content"); content.is_object()) {
    c_.content = Content{str(content, "url"), text(content, "label")};
  }
  if (!reader_.errors().empty()) return false;
  const Json& scoring_doc = at(doc, "scoring");
  c_.model_hash = hash::fnv1a64_hex(c_.id + "\n" + c_.version + "\n" +
                                    (scoring_doc.is_object() ? canonical_dump(scoring_doc) : "{}"));
  return true;
}

void Builder::fields(const Json& doc) {
  std::set<std::string> names;
  each(doc, "fields", [&](const Json& v, std::size_t i) {
    std::string p = index_path("fields", i);
    Field f;
    f.name = str(v, "name");
    unique(names, f.name, join_path(p, "name"), "field name");
    f.type = static_cast<FieldType>(index_of(kFieldTypes, str(v, "type")));
    f.required = flag(v, "required");
    f.label = text(v, "label");
    f.help = text(v, "help");
    f.placeholder = text(v, "placeholder");
    f.autocomplete = str(v, "autocomplete");
    std::set<std::string> values;
    each(v, "options", [&](const Json& o, std::size_t k) {
      Option option;
      option.value = o.is_string() ? o.get<std::string>() : str(o, "value");
      if (o.is_object()) option.label = text(o, "label");
      if (option.label.empty()) option.label[c_.default_locale] = option.value;
      unique(values, option.value, index_path(join_path(p, "options"), k), "option");
      f.options.push_back(std::move(option));
    });
    bool choice = f.type == FieldType::kSelect || f.type == FieldType::kRadio;
    if (choice && f.options.empty() && !at(v, "options").is_array()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "options"),
                             "required for a " + std::string(to_string(f.type)) +
                                 " field, expected an array of choices");
    }
    if (!choice && f.type != FieldType::kCheckbox && at(v, "options").is_array()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "options"),
                             "only select, radio and checkbox fields have options");
    }
    if (f.type == FieldType::kHidden && f.required) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "required"),
                             "a hidden field cannot be required of the visitor");
    }
    f.min = number(v, "min");
    f.max = number(v, "max");
    if ((f.min || f.max) && f.type != FieldType::kNumber) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, f.min ? "min" : "max"),
                             "only number fields have min and max; use min_length/max_length");
    }
    if (f.min && f.max && *f.min > *f.max)
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "max"), "expected max >= min");
    if (auto n = integer(v, "min_length")) f.min_length = static_cast<std::size_t>(*n);
    if (f.type == FieldType::kTextarea) f.max_length = 2000;
    if (auto n = integer(v, "max_length")) f.max_length = static_cast<std::size_t>(*n);
    if (f.min_length && *f.min_length > f.max_length) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "min_length"),
                             "expected min_length <= max_length");
    }
    c_.fields.push_back(std::move(f));
  });
}

void Builder::steps(const Json& doc) {
  const Json& given = at(doc, "steps");
  if (!given.is_array()) {
    std::vector<std::string> all;
    for (const auto& f : c_.fields) {
      if (f.type != FieldType::kHidden) all.push_back(f.name);
    }
    c_.steps.push_back(
        std::move(all));  // one page, even of no visible field: it holds the consents
    return;
  }
  std::set<std::string> placed;
  each(doc, "steps", [&](const Json& step, std::size_t i) {
    std::vector<std::string> names;
    for (std::size_t k = 0; step.is_array() && k < step.size(); ++k) {
      if (!step[k].is_string()) continue;
      std::string name = step[k].get<std::string>(), p = index_path(index_path("steps", i), k);
      if (c_.find_field(name) == nullptr) {
        MAGNETE_CAMPAIGN_ERROR(reader_, p,
                               "unknown field \"" + name + "\"" + hint(name, field_names()));
      } else if (!placed.insert(name).second) {
        MAGNETE_CAMPAIGN_ERROR(reader_, p, "field \"" + name + "\" is already in a step");
      } else {
        names.push_back(name);
      }
    }
    c_.steps.push_back(std::move(names));
  });
  if (c_.steps.empty()) c_.steps.push_back({});  // "steps": [] with only hidden fields
  for (const auto& f : c_.fields) {
    if (f.type != FieldType::kHidden && !f.name.empty() && placed.count(f.name) == 0) {
      MAGNETE_CAMPAIGN_ERROR(reader_, "steps", "field \"" + f.name + "\" is in no step");
    }
  }
}

void Builder::consents(const Json& doc) {
  std::set<std::string> ids;
  each(doc, "consents", [&](const Json& v, std::size_t i) {
    Consent consent{str(v, "id"), flag(v, "required"), str(v, "version"), text(v, "text")};
    unique(ids, consent.id, join_path(index_path("consents", i), "id"), "consent id");
    c_.consents.push_back(std::move(consent));
  });
}

void Builder::quiz(const Json& doc) {
  const Json& q = at(doc, "quiz");
  if (!q.is_object()) return;
  Quiz quiz;
  quiz.outcome_by =
      str(q, "outcome_by") == "points" ? Quiz::OutcomeBy::kPoints : Quiz::OutcomeBy::kWeight;
  quiz.gate = str(q, "gate") == "none" ? Quiz::Gate::kNone : Quiz::Gate::kBeforeResult;
  std::set<std::string> outcome_ids;
  std::vector<std::string> outcome_list;
  each(q, "outcomes", [&](const Json& v, std::size_t i) {
    std::string p = index_path("quiz.outcomes", i);
    QuizOutcome outcome{str(v, "id"), text(v, "title"), text(v, "body"), number(v, "min_points")};
    unique(outcome_ids, outcome.id, join_path(p, "id"), "outcome id");
    if (quiz.outcome_by == Quiz::OutcomeBy::kPoints && !outcome.min_points) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "min_points"),
                             "required when outcome_by is \"points\", expected a number");
    }
    outcome_list.push_back(outcome.id);
    quiz.outcomes.push_back(std::move(outcome));
  });
  std::set<std::string> question_ids;
  each(q, "questions", [&](const Json& v, std::size_t i) {
    std::string p = index_path("quiz.questions", i);
    QuizQuestion question;
    question.id = str(v, "id");
    unique(question_ids, question.id, join_path(p, "id"), "question id");
    question.multiple = str(v, "type") == "multiple";
    question.required = flag(v, "required", true);
    question.text = text(v, "text");
    std::set<std::string> answer_ids;
    each(v, "answers", [&](const Json& a, std::size_t k) {
      std::string ap = index_path(join_path(p, "answers"), k);
      QuizAnswer answer{str(a, "id"), text(a, "text"), number(a, "points").value_or(0), {}};
      unique(answer_ids, answer.id, join_path(ap, "id"), "answer id");
      const Json& weights = at(a, "outcomes");
      for (auto it = weights.begin(); weights.is_object() && it != weights.end(); ++it) {
        if (outcome_ids.count(it.key()) == 0) {
          MAGNETE_CAMPAIGN_ERROR(
              reader_, join_path(join_path(ap, "outcomes"), it.key()),
              "unknown outcome \"" + it.key() + "\"" + hint(it.key(), outcome_list));
        } else if (auto weight = milli_from_json(*it); weight && it->is_number()) {
          answer.outcomes[it.key()] = *weight;
        }
      }
      question.answers.push_back(std::move(answer));
    });
    quiz.questions.push_back(std::move(question));
  });
  c_.quiz = std::move(quiz);
}

std::optional<FitRule> Builder::predicate(const Json& v, const std::string& p, bool rule) {
  if (!v.is_object()) return std::nullopt;
  FitRule r;
  r.id = str(v, "id");
  r.field = str(v, "field");
  r.op = static_cast<FitOp>(index_of(kOps, str(v, "op")));
  std::size_t before = reader_.errors().size();
  const Field* field = c_.find_field(r.field);
  if (field == nullptr && !r.field.empty()) {
    MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "field"),
                           "unknown field \"" + r.field + "\"" + hint(r.field, field_names()));
  }
  bool numeric = r.op == FitOp::kGt || r.op == FitOp::kGte || r.op == FitOp::kLt ||
                 r.op == FitOp::kLte || r.op == FitOp::kBetween || r.op == FitOp::kPerUnitOver;
  if (numeric && field != nullptr && field->type != FieldType::kNumber &&
      field->type != FieldType::kHidden) {
    MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "op"),
                           "\"" + std::string(to_string(r.op)) +
                               "\" compares numbers, but field \"" + field->name +
                               "\" is of type " + std::string(to_string(field->type)));
  }
  auto fold = [&](const Json& value, [[maybe_unused]] const std::string& path) {
    if (!value.is_string()) {
      r.values.push_back(value.dump());
      return;
    }
    std::string folded = text::fold(value.get<std::string>());
    if (folded.empty()) MAGNETE_CAMPAIGN_ERROR(reader_, path, "expected non-empty text");
    r.values.push_back(folded);
  };
  const Json& value = at(v, "value");
  switch (r.op) {
    case FitOp::kEq:
      if (value.is_null())
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "value"), "required for \"eq\"");
      else
        fold(value, join_path(p, "value"));
      if (auto m = number(v, "value")) r.number = *m;
      break;
    case FitOp::kIn:
    case FitOp::kContainsAny:
      if (!at(v, "values").is_array())
        MAGNETE_CAMPAIGN_ERROR(
            reader_, join_path(p, "values"),
            "required for \"" + std::string(to_string(r.op)) + "\", expected an array");
      each(v, "values",
           [&](const Json& x, std::size_t k) { fold(x, index_path(join_path(p, "values"), k)); });
      break;
    case FitOp::kBetween: {
      // [min, max] inclusive, or [min, below): bands of decimal values need no gap.
      auto lo = number(v, "min"), hi = number(v, "max"), below = number(v, "below");
      r.below = below.has_value();
      if (!lo)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "min"),
                               "required for \"between\", expected a number");
      if (hi && below)
        MAGNETE_CAMPAIGN_ERROR(
            reader_, join_path(p, "below"),
            "give either \"max\" (inclusive) or \"below\" (exclusive), not both");
      else if (!hi && !below)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "max"),
                               "required for \"between\" (or \"below\"), expected a number");
      if (lo && hi && *lo > *hi)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "max"), "expected max >= min");
      if (lo && below && *lo >= *below)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "below"), "expected below > min");
      r.number = lo.value_or(0);
      r.number2 = r.below ? *below : hi.value_or(0);
      break;
    }
    case FitOp::kPresent:
      break;
    default:
      if (!value.is_number()) {
        if (value.is_null())
          MAGNETE_CAMPAIGN_ERROR(
              reader_, join_path(p, "value"),
              "required for \"" + std::string(to_string(r.op)) + "\", expected a number");
        else if (!value.is_number())
          MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "value"),
                                 "expected a number, got " + text::describe(value));
      }
      r.number = number(v, "value").value_or(0);
  }
  if (rule) {
    if (r.op == FitOp::kPerUnitOver) {
      if (auto unit = number(v, "unit")) r.unit = *unit;
    } else if (!at(v, "unit").is_null()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "unit"),
                             "only \"per_unit_over\" rules have a unit");
    }
    r.points = number(v, "points").value_or(0);
    r.max_points = number(v, "max_points");
  }
  return reader_.errors().size() == before ? std::optional<FitRule>(r) : std::nullopt;
}

std::vector<Condition> Builder::conditions(const Json& object, const std::string& p) {
  std::vector<Condition> out;
  each(object, "require", [&](const Json& v, std::size_t i) {
    if (!v.is_string()) return;
    std::string s = v.get<std::string>(), path = index_path(join_path(p, "require"), i);
    auto colon = s.find(':');
    std::string kind = s.substr(0, colon),
                name = colon == std::string::npos ? "" : s.substr(colon + 1);
    Condition c;
    c.name = name;
    if (kind == "email")
      c.kind = Condition::Kind::kEmail;
    else if (kind == "phone")
      c.kind = Condition::Kind::kPhone;
    else if (kind == "quiz") {
      c.kind = Condition::Kind::kQuiz;
      if (!c_.quiz)
        MAGNETE_CAMPAIGN_ERROR(reader_, path, "\"quiz\" required, but the campaign has no quiz");
    } else if (kind == "consent") {
      c.kind = Condition::Kind::kConsent;
      if (c_.find_consent(name) == nullptr)
        MAGNETE_CAMPAIGN_ERROR(reader_, path, "unknown consent \"" + name + "\"");
    } else if (kind == "field") {
      c.kind = Condition::Kind::kField;
      if (c_.find_field(name) == nullptr)
        MAGNETE_CAMPAIGN_ERROR(reader_, path,
                               "unknown field \"" + name + "\"" + hint(name, field_names()));
    } else if (kind == "event") {
      c.kind = Condition::Kind::kEvent;
    } else {
      return;  // the schema pass reported it
    }
    out.push_back(std::move(c));
  });
  return out;
}

void Builder::scoring(const Json& doc) {
  const Json& s = at(doc, "scoring");
  Scoring& out = c_.scoring;
  std::size_t rules = 0;
  each(s, "fit", [&](const Json& v, std::size_t i) {
    ++rules;
    std::string p = index_path("scoring.fit", i);
    unique(rule_ids_, str(v, "id"), join_path(p, "id"), "rule id");
    if (auto rule = predicate(v, p, true)) out.fit.push_back(std::move(*rule));
  });
  each(s, "engagement", [&](const Json& v, std::size_t i) {
    ++rules;
    std::string p = index_path("scoring.engagement", i);
    EngagementRule rule;
    rule.id = str(v, "id");
    unique(rule_ids_, rule.id, join_path(p, "id"), "rule id");
    rule.event = str(v, "event");
    rule.points = number(v, "points").value_or(0);
    rule.max_count = integer(v, "max_count");
    rule.max_points = number(v, "max_points");
    rule.at_least = integer(v, "at_least");
    rule.at_most = integer(v, "at_most");
    if (rule.at_least || rule.at_most) {
      // A count band gives its points once: a per-occurrence cap means nothing there.
      for (const char* key : {"max_count", "max_points"}) {
        if (!at(v, key).is_null())
          MAGNETE_CAMPAIGN_ERROR(
              reader_, join_path(p, key),
              "a count band (at_least / at_most) gives its points once; remove \"" +
                  std::string(key) + "\"");
      }
      if (rule.at_least && rule.at_most && *rule.at_most < *rule.at_least)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "at_most"), "expected at_most >= at_least");
    }
    const Json& filter = at(v, "filter");
    const char* matches[] = {"equals", "prefix", "contains"};
    for (int k = 0; k < 3 && filter.is_object(); ++k) {
      if (at(filter, matches[k]).is_string())
        rule.filter = EventFilter{static_cast<EventFilter::Match>(k), str(filter, matches[k])};
    }
    out.engagement.push_back(std::move(rule));
  });
  // The range is the schema's to check (it reports 1e12 days); this only keeps a value it
  // refused from overflowing days * kMsPerDay while the rest of the file is read.
  if (auto days = number(at(s, "decay"), "half_life_days");
      days && *days > 0 && *days <= std::numeric_limits<TimeMs>::max() / kMsPerDay) {
    out.half_life_ms = *days * kMsPerDay / kMilli;
  }
  const Json& grades = at(s, "grades");
  std::optional<Milli> previous;
  std::string previous_name;
  for (const char* name : kGrades) {
    auto min_fit = number(grades, name);
    if (!min_fit) continue;
    if (previous && *min_fit >= *previous) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path("scoring.grades", name),
                             "expected a threshold below grade " + previous_name + "'s (" +
                                 milli_to_string(*previous) + ")");
    }
    out.grades.emplace_back(name, *min_fit);
    previous = min_fit;
    previous_name = name;
  }
  if (at(s, "bands").is_object()) {
    auto warm = number(at(s, "bands"), "warm"), hot = number(at(s, "bands"), "hot");
    if (warm && hot && *hot <= *warm)
      MAGNETE_CAMPAIGN_ERROR(reader_, "scoring.bands.hot", "expected a threshold above warm's");
    out.warm = warm.value_or(0);
    out.hot = hot.value_or(0);
  } else {
    out.warm = out.hot = kMaxMilli;  // no bands configured: every lead is cold
  }
  std::set<std::string> stage_ids;
  each(s, "stages", [&](const Json& v, std::size_t i) {
    std::string p = index_path("scoring.stages", i);
    Stage stage;
    stage.id = str(v, "id");
    if (stage.id == "visitor")
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "id"),
                             "\"visitor\" is the implicit stage below every other");
    unique(stage_ids, stage.id, join_path(p, "id"), "stage id");
    stage.min_score = number(v, "min_score");
    stage.min_fit = number(v, "min_fit");
    stage.min_engagement = number(v, "min_engagement");
    if (auto grade = str(v, "min_grade"); !grade.empty()) {
      bool known = false;
      for (const auto& g : out.grades) known = known || g.first == grade;
      if (!known)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "min_grade"),
                               "unknown grade \"" + grade + "\" (see scoring.grades)");
      stage.min_grade = grade;
    }
    stage.require = conditions(v, p);
    out.stages.push_back(std::move(stage));
  });
  std::set<std::string> segment_ids;
  each(s, "segments", [&](const Json& v, std::size_t i) {
    ++rules;
    std::string p = index_path("scoring.segments", i);
    Segment segment;
    segment.id = str(v, "id");
    unique(segment_ids, segment.id, join_path(p, "id"), "segment id");
    each(v, "fields", [&](const Json& f, std::size_t k) {
      if (auto rule = predicate(f, index_path(join_path(p, "fields"), k), false))
        segment.match_all.push_back(*rule);
    });
    segment.min_score = number(v, "min_score");
    if (auto band = str(v, "band"); !band.empty()) segment.band = band;
    segment.require = conditions(v, p);
    out.segments.push_back(std::move(segment));
  });
  if (rules > CampaignLimits::kMaxRules) {
    MAGNETE_CAMPAIGN_ERROR(reader_, "scoring",
                           "at most " + std::to_string(CampaignLimits::kMaxRules) +
                               " rules allowed in fit, engagement and segments together");
  }
}

void Builder::triggers(const Json& doc) {
  std::set<std::string> ids;
  each(doc, "triggers", [&](const Json& v, std::size_t i) {
    std::string p = index_path("triggers", i);
    Trigger trigger;
    trigger.id = str(v, "id");
    unique(ids, trigger.id, join_path(p, "id"), "trigger id");
    const Json& when = at(v, "when");
    trigger.score_at_least = number(when, "score_at_least");
    if (auto band = str(when, "band"); !band.empty()) trigger.band = band;
    if (auto stage = str(when, "stage"); !stage.empty()) {
      if (c_.stage_rank(stage) == 0)
        MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "when.stage"),
                               "unknown stage \"" + stage + "\"; stages: " + stage_ids());
      trigger.stage = stage;
    }
    if (auto event = str(when, "event"); !event.empty()) trigger.event = event;
    trigger.show = str(v, "show");
    trigger.offer = at(v, "offer");
    c_.triggers.push_back(std::move(trigger));
  });
}

void Builder::variants(const Json& doc) {
  std::set<std::string> ids;
  std::int64_t total = 0;
  each(doc, "variants", [&](const Json& v, std::size_t i) {
    // Texts only: the schema refuses any other key of "overrides".
    const Json& overrides = at(v, "overrides");
    Variant variant{str(v, "id"), integer(v, "weight").value_or(1), text(overrides, "title"),
                    text(overrides, "submit_label"), text(overrides, "success_text")};
    unique(ids, variant.id, join_path(index_path("variants", i), "id"), "variant id");
    total += variant.weight;
    c_.variants.push_back(std::move(variant));
  });
  if (!c_.variants.empty() && total == 0)
    MAGNETE_CAMPAIGN_ERROR(reader_, "variants", "expected at least one weight above 0");
}

#if !MAGNETE_LEAN
// delivery.<vendor>.fields: {"<field>" | "assessment.<key>" | "consent.<id>" (Salesforce):
// "<the vendor's field name>" | false}. See src/core/payload/{hubspot,salesforce}.cpp.
void Builder::field_map(const Json& map, const std::string& path, bool with_consents,
                        std::map<std::string, std::string>& out) {
  if (!map.is_object()) return;
  std::vector<std::string> sources = field_names(), assessment_keys;
  for (const auto& k : assessment_route_keys()) assessment_keys.push_back("assessment." + k);
  sources.insert(sources.end(), assessment_keys.begin(), assessment_keys.end());
  if (with_consents) {
    for (const auto& c : c_.consents) sources.push_back("consent." + c.id);
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string& key = it.key();
    std::string key_path = join_path(path, key);
    if (std::find(sources.begin(), sources.end(), key) == sources.end()) {
      std::string message = key.rfind("assessment.", 0) == 0
                                ? "expected one of " + one_of(assessment_keys)
                            : with_consents && key.rfind("consent.", 0) == 0
                                ? "no consent \"" + key.substr(8) + "\" in consents"
                                : "no field \"" + key + "\" in fields";
      MAGNETE_CAMPAIGN_ERROR(reader_, key_path, message + hint(key, sources));
      continue;
    }
    if (it->is_boolean()) {
      out[key] = "";  // false: leave it out
    } else if (it->is_string()) {
      std::string name = it->get<std::string>();
      if (text::trim(name).empty()) {
        MAGNETE_CAMPAIGN_ERROR(
            reader_, key_path,
            "expected a field name, got an empty string; write false to leave it out");
      } else if (with_consents && name == "oid") {
        MAGNETE_CAMPAIGN_ERROR(reader_, key_path, "\"oid\" is set from delivery.salesforce.oid");
      } else {
        out[key] = name;
      }
    }
  }
}

// Two sources into one vendor field: the later one is reported, at its mapping key.
void Builder::distinct_targets(const std::vector<FieldRoute>& routes, const std::string& path) {
  std::map<std::string, const FieldRoute*> seen;
  for (const auto& route : routes) {
    auto [it, inserted] = seen.emplace(route.target, &route);
    if (inserted) continue;
    const FieldRoute& first = *it->second;
    std::string source = first.source == FieldRoute::Source::kField ? "field \"" + first.name + "\""
                         : first.source == FieldRoute::Source::kConsent
                             ? "consent." + first.name
                             : "assessment." + first.name;
    MAGNETE_CAMPAIGN_ERROR(reader_, join_path(path, !route.key.empty() ? route.key : first.key),
                           "\"" + route.target + "\" already receives " + source +
                               "; map one of them to another name or to false");
  }
}

#endif

void Builder::delivery(const Json& doc) {
  const Json& v = at(doc, "delivery");
  if (v.is_object()) read_delivery(v, "delivery", c_.delivery);
}

void Builder::read_delivery(const Json& v, [[maybe_unused]] const std::string& path, Delivery& d) {
  d.endpoint = str(v, "endpoint");
  std::string format = str(v, "format");
  d.format = format == "hubspot"      ? Delivery::Format::kHubspot
             : format == "salesforce" ? Delivery::Format::kSalesforce
             : format == "webhook"    ? Delivery::Format::kWebhook
                                      : Delivery::Format::kMagneteV1;
  if (std::string when = str(v, "when"); !when.empty() && when != "all") {
    d.when = Delivery::When::kStage;
    d.stage = when == "qualified" ? c_.qualifying_stage() : when;
    if (c_.stage_rank(d.stage) == 0) {
      MAGNETE_CAMPAIGN_ERROR(
          reader_, join_path(path, "when"),
          "expected \"all\", \"qualified\" (the stage \"mql\", else the ladder's second) or a "
          "stage id; stages: " +
              stage_ids());
    }
  }
  const Json& headers = at(v, "headers");
  for (auto it = headers.begin(); headers.is_object() && it != headers.end(); ++it) {
    if (it->is_string()) d.headers[it.key()] = it->get<std::string>();
  }
  d.timeout_ms = integer(v, "timeout_ms").value_or(10'000);
  each(v, "allowed_origins", [&](const Json& o, std::size_t) {
    if (o.is_string()) d.allowed_origins.push_back(o.get<std::string>());
  });
#if MAGNETE_LEAN
  // The lean module builds no vendor format: a campaign that names one, or configures one, is
  // the full module's (Session::status answers needs_full_core).
  if (d.format == Delivery::Format::kHubspot || d.format == Delivery::Format::kSalesforce ||
      at(v, "hubspot").is_object() || at(v, "salesforce").is_object()) {
    reader_.invalid();
  }
#else
  const Json& hubspot = at(v, "hubspot");
  if (hubspot.is_object()) {
    d.hubspot_portal_id = str(hubspot, "portal_id");
    d.hubspot_form_id = str(hubspot, "form_id");
    std::string fields_path = join_path(path, "hubspot.fields");
    field_map(at(hubspot, "fields"), fields_path, false, d.hubspot_fields);
    distinct_targets(hubspot_routes(c_, d), fields_path);
    // HubSpot's legalConsentOptions.consent.communications[].subscriptionTypeId, by consent id.
    const Json& subs = at(hubspot, "subscriptions");
    std::vector<std::string> ids;
    for (const auto& c : c_.consents) ids.push_back(c.id);
    for (auto it = subs.begin(); subs.is_object() && it != subs.end(); ++it) {
      std::string key_path = join_path(join_path(path, "hubspot.subscriptions"), it.key());
      const Consent* consent = c_.find_consent(it.key());
      if (consent == nullptr) {
        MAGNETE_CAMPAIGN_ERROR(reader_, key_path,
                               "no consent \"" + it.key() + "\" in consents" + hint(it.key(), ids));
      } else if (consent->required) {
        MAGNETE_CAMPAIGN_ERROR(reader_, key_path,
                               "\"" + it.key() +
                                   "\" is required: it travels as consentToProcess; subscriptions "
                                   "are for optional consents");
      } else if (it->is_boolean()) {
        d.hubspot_subscriptions[it.key()] = 0;
      } else if (auto id = milli_from_json(*it); id && it->is_number_integer()) {
        d.hubspot_subscriptions[it.key()] = *id / kMilli;
      }
    }
    bool asks_consent = false;
    for (const auto& c : c_.consents) asks_consent = asks_consent || c.required;
    if (d.format == Delivery::Format::kHubspot && asks_consent) {
      for (const auto& c : c_.consents) {
        if (!c.required && d.hubspot_subscriptions.count(c.id) == 0) {
          MAGNETE_CAMPAIGN_ERROR(
              reader_, join_path(path, "hubspot.subscriptions"),
              "the optional consent \"" + c.id +
                  "\" needs a HubSpot subscriptionTypeId, or false to keep it out of HubSpot");
        }
      }
    }
  } else if (d.format == Delivery::Format::kHubspot) {
    MAGNETE_CAMPAIGN_ERROR(reader_, join_path(path, "hubspot"),
                           "required when format is \"hubspot\": {\"portal_id\", \"form_id\"}");
  }
  const Json& salesforce = at(v, "salesforce");
  if (salesforce.is_object()) {
    d.salesforce_oid = str(salesforce, "oid");
    std::string fields_path = join_path(path, "salesforce.fields");
    field_map(at(salesforce, "fields"), fields_path, true, d.salesforce_fields);
    distinct_targets(salesforce_routes(c_, d), fields_path);
  } else if (d.format == Delivery::Format::kSalesforce) {
    MAGNETE_CAMPAIGN_ERROR(reader_, join_path(path, "salesforce"),
                           "required when format is \"salesforce\": {\"oid\"}");
  }
#endif
}

#if !MAGNETE_LEAN
// forward: the collector's destinations (README, "Forwarding to a CRM"). The schema has checked
// the types; here what it cannot say: unique ids, what each format needs, absolute URLs.
void Builder::forward(const Json& doc) {
  std::set<std::string> ids;
  each(doc, "forward", [&](const Json& v, std::size_t i) {
    if (!v.is_object()) return;
    std::string p = index_path("forward", i);
    ForwardDestination dest;
    dest.id = str(v, "id");
    unique(ids, dest.id, join_path(p, "id"), "destination id");
    if (str(v, "format").empty()) return;  // the schema said what is missing
    read_delivery(v, p, dest.delivery);
    Delivery& d = dest.delivery;
    dest.secret = str(v, "secret");
    bool webhook = d.format == Delivery::Format::kWebhook;
    if (!d.endpoint.empty() && d.endpoint[0] == '/') {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "endpoint"),
                             "expected an absolute http(s):// URL (the collector sends it, not "
                             "the browser), got \"" +
                                 d.endpoint + "\"");
    }
    if (webhook && d.endpoint.empty()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "endpoint"),
                             "required when format is \"webhook\": the receiver's http(s):// URL");
    }
    if (webhook && dest.secret.empty()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "secret"),
                             "required when format is \"webhook\": the name of a secret in the "
                             "collector's configuration, which signs the request");
    } else if (!webhook && !dest.secret.empty()) {
      MAGNETE_CAMPAIGN_ERROR(reader_, join_path(p, "secret"),
                             "only a webhook is signed; \"hubspot\" and \"salesforce\" take no "
                             "secret");
    }
    if (d.endpoint.empty() && d.format == Delivery::Format::kHubspot) {
      d.endpoint = hubspot_submit_url(d.hubspot_portal_id, d.hubspot_form_id);
    } else if (d.endpoint.empty() && d.format == Delivery::Format::kSalesforce) {
      d.endpoint = kSalesforceWebToLeadUrl;
    }
    c_.forward.push_back(std::move(dest));
  });
}
#endif

}  // namespace

CampaignResult parse_campaign_document(const Json& document) {
  CampaignResult result;
  Campaign campaign;
  if (Builder(result.errors, campaign).build(document) && result.errors.empty()) {
    result.campaign = std::move(campaign);
  }
  return result;
}

Errors read_campaign(std::string_view text, Campaign& out) {
  Errors errors;
  if (text.size() > CampaignLimits::kMaxBytes) {
    errors.push_back({"", "the campaign file is " + std::to_string(text.size()) +
                              " bytes; at most " + std::to_string(CampaignLimits::kMaxBytes) +
                              " allowed"});
    return errors;
  }
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok()) {
    errors.push_back({"", parsed.error});
    return errors;
  }
  if (!Builder(errors, out).build(parsed.value) && errors.empty())
    errors.push_back({"", "not a campaign"});
  return errors;
}

CampaignResult parse_campaign(std::string_view text) {
  CampaignResult result;
  Campaign campaign;
  result.errors = read_campaign(text, campaign);
  if (result.errors.empty()) result.campaign = std::move(campaign);
  return result;
}

}  // namespace magnete
