#include "magnete/engine.hpp"

#include <algorithm>
#include <string>

#include "campaign/reader.hpp"
#include "magnete/payload.hpp"
#include "quiz/quiz.hpp"
#include "scoring/decay.hpp"
#include "scoring/fit.hpp"

namespace magnete {
namespace {

const Json kNull;

bool filter_matches(const EventFilter& filter, const std::string& value) {
  switch (filter.match) {
    case EventFilter::Match::kEquals:
      return value == filter.value;
    case EventFilter::Match::kPrefix:
      return value.rfind(filter.value, 0) == 0;
    case EventFilter::Match::kContains:
      return value.find(filter.value) != std::string::npos;
  }
  return false;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

Engine::Engine(std::shared_ptr<const Campaign> campaign)
    : campaign_(std::move(campaign)), engagement_(campaign_->scoring.engagement.size()) {
  lead_.campaign_id = campaign_->id;
  lead_.campaign_version = campaign_->version;
  const auto& rules = campaign_->scoring.engagement;
  for (std::size_t i = 0; i < rules.size(); ++i) rules_by_event_[rules[i].event].push_back(i);
}

FieldCheck Engine::set_field(std::string_view name, const Json& value, std::string_view locale) {
  const Field* field = campaign_->find_field(name);
  if (locale.empty()) locale = campaign_->default_locale;
  if (field == nullptr) {
    FieldCheck out;
    out.code = "field_unknown";
    out.message = message_for(out.code, locale);
    return out;
  }
  FieldCheck check = check_field(*field, value, campaign_->default_country, locale);
  if (check.ok) {
    if (check.value.is_null())
      lead_.contact.erase(field->name);
    else
      lead_.contact[field->name] = check.value;
  }
  return check;
}

Errors Engine::set_consent(const ConsentRecord& record) {
  if (campaign_->find_consent(record.id) == nullptr) {
    return {{"id", "unknown consent " + quote(record.id)}};
  }
  for (auto& existing : lead_.consents) {
    if (existing.id == record.id) {
      existing = record;
      return {};
    }
  }
  lead_.consents.push_back(record);
  return {};
}

Errors Engine::add_event(const Event& event) {
  if (!detail::is_identifier(event.type)) {
    return {{"type", "expected an event type of 1 to 64 letters, digits, '_', '-', '.' or ':'"}};
  }
  if (lead_.events.size() >= LeadLimits::kMaxEvents) {
    return {
        {"", "at most " + std::to_string(LeadLimits::kMaxEvents) + " events are kept per lead"}};
  }
  lead_.events.push_back(event);
  apply_event(event);
  return {};
}

void Engine::apply_event(const Event& event) {
  auto it = rules_by_event_.find(event.type);
  if (it == rules_by_event_.end()) return;
  bool keep_times = campaign_->scoring.half_life_ms > 0;
  for (std::size_t index : it->second) {
    const auto& rule = campaign_->scoring.engagement[index];
    if (rule.filter && !filter_matches(*rule.filter, event.value)) continue;
    auto& state = engagement_[index];
    ++state.count;
    // Kept in time order (events mostly arrive in order: the insertion is at the end), so
    // that assess() reads the latest ones without copying or sorting.
    if (keep_times)
      state.times.insert(std::upper_bound(state.times.begin(), state.times.end(), event.at),
                         event.at);
  }
}

Errors Engine::answer(std::string_view question, const std::vector<std::string>& answers) {
  if (!campaign_->quiz) return {{"", "the campaign has no quiz"}};
  std::string id(question);
  std::string problem = quiz::check_answer(*campaign_->quiz, id, answers);
  if (!problem.empty()) return {{id, problem}};
  if (answers.empty())
    lead_.quiz.erase(id);
  else
    lead_.quiz[id] = answers;
  return {};
}

Errors Engine::load(const Lead& lead) {
  Errors errors;
  for (const auto& [name, value] : lead.contact) {
    FieldCheck check = set_field(name, value, "en");
    if (!check.ok) errors.push_back({"contact." + name, check.message});
  }
  for (std::size_t i = 0; i < lead.consents.size(); ++i) {
    for (const auto& e : set_consent(lead.consents[i])) {
      errors.push_back({detail::join_path(detail::index_path("consents", i), e.path), e.message});
    }
  }
  for (std::size_t i = 0; i < lead.events.size(); ++i) {
    for (const auto& e : add_event(lead.events[i])) {
      errors.push_back({detail::join_path(detail::index_path("events", i), e.path), e.message});
    }
  }
  for (const auto& [question, answers] : lead.quiz) {
    for (const auto& e : answer(question, answers)) {
      errors.push_back({detail::join_path("quiz.answers", e.path), e.message});
    }
  }
  lead_.id = lead.id;
  lead_.variant = lead.variant;
  lead_.locale = lead.locale;
  lead_.submitted_at = lead.submitted_at;
  lead_.attribution = lead.attribution;
  lead_.meta = lead.meta;
  return errors;
}

Assessment Engine::assess(TimeMs now) const {
  const Campaign& c = *campaign_;
  const Scoring& s = c.scoring;
  Assessment a;
  a.at = now;
  a.model_hash = c.model_hash;

  auto value_of = [&](const std::string& field) -> const Json& {
    auto it = lead_.contact.find(field);
    return it == lead_.contact.end() ? kNull : it->second;
  };

  for (const auto& rule : s.fit) {
    RuleResult r = scoring::evaluate_fit(rule, value_of(rule.field));
    if (r.count == 0 && r.points == 0) continue;
    a.fit += r.points;
    a.breakdown.push_back(std::move(r));
  }
  for (std::size_t i = 0; i < s.engagement.size(); ++i) {
    const auto& rule = s.engagement[i];
    const auto& state = engagement_[i];
    if (state.count == 0) continue;
    RuleResult r;
    r.id = rule.id;
    r.kind = "engagement";
    r.count = state.count;
    if (rule.at_least || rule.at_most) {
      // A count band: its points once, decayed by the age of the latest occurrence.
      if (state.count < rule.at_least.value_or(1) || (rule.at_most && state.count > *rule.at_most))
        continue;
      r.points = rule.points;
      if (s.half_life_ms > 0) {
        TimeMs latest = state.times.back();
        r.points = scoring::decay(rule.points, now - latest, s.half_life_ms);
      }
      a.engagement += r.points;
      a.breakdown.push_back(std::move(r));
      continue;
    }
    std::int64_t counted = state.count;
    if (rule.max_count && counted > *rule.max_count) {
      counted = *rule.max_count;
      r.capped = true;
    }
    if (s.half_life_ms > 0) {
      // The most recent occurrences count when max_count limits them.
      for (std::int64_t k = 0; k < counted; ++k) {
        TimeMs age = now - state.times[state.times.size() - 1 - static_cast<std::size_t>(k)];
        r.points += scoring::decay(rule.points, age, s.half_life_ms);
      }
    } else {
      r.points = rule.points * counted;
    }
    if (rule.max_points && r.points > *rule.max_points) {
      r.points = *rule.max_points;
      r.capped = true;
    }
    a.engagement += r.points;
    a.breakdown.push_back(std::move(r));
  }
  if (c.quiz) {
    for (auto& r : quiz::points(*c.quiz, lead_.quiz)) {
      a.engagement += r.points;
      a.breakdown.push_back(std::move(r));
    }
    a.outcome = quiz::outcome(*c.quiz, lead_.quiz);
  }
  a.score = a.fit + a.engagement;

  if (!s.grades.empty()) {
    a.grade = s.lowest_grade;
    for (const auto& [grade, min_fit] : s.grades) {
      if (a.fit >= min_fit) {
        a.grade = grade;
        break;
      }
    }
  }
  a.band = a.score >= s.hot ? "hot" : a.score >= s.warm ? "warm" : "cold";

  // Conditions a stage or segment may require; the reason when one fails.
  auto failed = [&](const Condition& condition) -> std::string {
    switch (condition.kind) {
      case Condition::Kind::kEmail:
        for (const auto& f : c.fields) {
          if (f.type == FieldType::kEmail && !value_of(f.name).is_null()) return "";
        }
        return "no valid email";
      case Condition::Kind::kPhone:
        for (const auto& f : c.fields) {
          if (f.type == FieldType::kTel && !value_of(f.name).is_null()) return "";
        }
        return "no valid phone number";
      case Condition::Kind::kConsent:
        for (const auto& record : lead_.consents) {
          if (record.id == condition.name && record.granted) return "";
        }
        return "consent " + quote(condition.name) + " not granted";
      case Condition::Kind::kField: {
        const Json& v = value_of(condition.name);
        if (!v.is_null() && !(v.is_boolean() && !v.get<bool>())) return "";
        return "field " + quote(condition.name) + " missing";
      }
      case Condition::Kind::kEvent:
        for (const auto& e : lead_.events) {
          if (e.type == condition.name) return "";
        }
        return "no " + quote(condition.name) + " event";
      case Condition::Kind::kQuiz:
        return c.quiz && quiz::complete(*c.quiz, lead_.quiz) ? "" : "quiz not completed";
    }
    return "";
  };
  auto grade_rank = [&](const std::string& grade) {
    for (std::size_t i = 0; i < s.grades.size(); ++i) {
      if (s.grades[i].first == grade) return i;
    }
    return s.grades.size();  // the lowest grade
  };

  a.stage = "visitor";
  bool ladder = true;
  for (const auto& stage : s.stages) {
    StageResult result;
    result.id = stage.id;
    if (stage.min_score && a.score < *stage.min_score) {
      result.reasons.push_back("score " + milli_to_string(a.score) + " is below " +
                               milli_to_string(*stage.min_score));
    }
    if (stage.min_fit && a.fit < *stage.min_fit) {
      result.reasons.push_back("fit " + milli_to_string(a.fit) + " is below " +
                               milli_to_string(*stage.min_fit));
    }
    if (stage.min_engagement && a.engagement < *stage.min_engagement) {
      result.reasons.push_back("engagement " + milli_to_string(a.engagement) + " is below " +
                               milli_to_string(*stage.min_engagement));
    }
    if (stage.min_grade && grade_rank(a.grade) > grade_rank(*stage.min_grade)) {
      result.reasons.push_back("grade " + a.grade + " is below " + *stage.min_grade);
    }
    for (const auto& condition : stage.require) {
      std::string reason = failed(condition);
      if (!reason.empty()) result.reasons.push_back(reason);
    }
    if (!ladder && result.reasons.empty()) {
      result.reasons.push_back("a lower stage is not reached");
    }
    result.reached = result.reasons.empty();
    ladder = ladder && result.reached;
    if (ladder) a.stage = stage.id;
    a.stages.push_back(std::move(result));
  }

  for (const auto& segment : s.segments) {
    bool in = !segment.min_score || a.score >= *segment.min_score;
    in = in && (!segment.band || a.band == *segment.band);
    for (const auto& predicate : segment.match_all)
      in = in && scoring::matches(predicate, value_of(predicate.field));
    for (const auto& condition : segment.require) in = in && failed(condition).empty();
    if (in) a.segments.push_back(segment.id);
  }

  std::int64_t optional_fields = 0, filled = 0;
  for (const auto& f : c.fields) {
    if (f.required || f.type == FieldType::kHidden) continue;
    ++optional_fields;
    const Json& v = value_of(f.name);
    filled += !v.is_null() && !(v.is_boolean() && !v.get<bool>());
  }
  a.completeness = optional_fields == 0 ? 100 : filled * 100 / optional_fields;
  return a;
}

Lead Engine::lead_for(const Lead& meta, TimeMs submitted_at) const {
  Lead lead = lead_;
  lead.id = meta.id;
  lead.variant = meta.variant;
  lead.locale = meta.locale;
  lead.attribution = meta.attribution;
  lead.meta = meta.meta;
  lead.submitted_at = submitted_at;
  return lead;
}

OrderedJson Engine::build_payload(const Lead& meta, TimeMs submitted_at) const {
  return to_magnete_v1(*campaign_, lead_for(meta, submitted_at), assess(submitted_at));
}

std::string assess_lead_json(std::string_view campaign_text, std::string_view lead_text,
                             std::string_view now_iso) {
  auto failure = [](const Errors& errors) {
    OrderedJson out = OrderedJson::object();
    out["ok"] = false;
    out["errors"] = to_json(errors);
    // A message may quote the caller's bytes (`now` is the host's text): never throw on
    // them, as Session does (tests/fuzz, lead_fuzzer: now = "\xE9" threw in dump()).
    return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  };
  CampaignResult campaign = parse_campaign(campaign_text);
  if (!campaign.ok()) {
    Errors errors;
    for (const auto& e : campaign.errors)
      errors.push_back({detail::join_path("campaign", e.path), e.message});
    return failure(errors);
  }
  LeadResult lead = parse_lead(lead_text);
  if (!lead.ok()) return failure(lead.errors);
  std::optional<TimeMs> now;
  if (!now_iso.empty()) {
    now = parse_time(now_iso);
    if (!now)
      return failure({{"now", "expected an RFC 3339 time, got \"" + std::string(now_iso) + "\""}});
  }
  if (!now) now = assessment_time(*lead.lead);
  Engine engine(std::make_shared<const Campaign>(std::move(*campaign.campaign)));
  Errors errors = engine.load(*lead.lead);
  if (!errors.empty()) return failure(errors);
  Assessment assessment = engine.assess(*now);
  OrderedJson out = OrderedJson::object();
  out["ok"] = true;
  out["assessment"] = to_json(assessment);
  out["qualified"] = engine.campaign().qualified(assessment.stage);  // the core's one meaning
  return out.dump();
}

}  // namespace magnete
