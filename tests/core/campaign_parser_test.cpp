#include "magnete/campaign.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "support.hpp"

namespace magnete {
namespace {

// A small valid campaign; tests change one thing at a time.
Json minimal() {
  return Json::parse(R"({
    "id": "test", "version": "1", "default_locale": "en",
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"},
               {"name": "age", "type": "number", "label": "Age"},
               {"name": "role", "type": "text", "label": "Role"}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "I agree"}],
    "scoring": {
      "fit": [{"id": "age", "field": "age", "op": "per_unit_over", "value": 25, "points": 1}],
      "engagement": [{"id": "visit", "event": "page_view", "points": 2}],
      "grades": {"A": 10, "B": 5},
      "bands": {"warm": 10, "hot": 20},
      "stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
                 {"id": "mql", "min_score": 15}]
    }
  })");
}

// "path: message" of every error, for readable assertions.
std::vector<std::string> errors_of(const Json& doc) {
  std::vector<std::string> out;
  for (const auto& e : parse_campaign(doc.dump()).errors) out.push_back(to_string(e));
  return out;
}

::testing::AssertionResult has_error(const std::vector<std::string>& errors,
                                     const std::string& wanted) {
  for (const auto& e : errors) {
    if (e == wanted) return ::testing::AssertionSuccess();
  }
  auto failure = ::testing::AssertionFailure() << "no error \"" << wanted << "\" among:";
  for (const auto& e : errors) failure << "\n  " << e;
  return failure;
}

TEST(CampaignParser, AcceptsTheMinimalCampaign) {
  CampaignResult result = parse_campaign(minimal().dump());
  ASSERT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  EXPECT_EQ(result.campaign->fields.size(), 3u);
  EXPECT_EQ(result.campaign->scoring.fit[0].number, 25000);
  EXPECT_EQ(result.campaign->model_hash.size(), 16u);
}

TEST(CampaignParser, AcceptsEveryShippedDemoCampaign) {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::source_path("demo/campaigns"))) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    CampaignResult result = parse_campaign(testing::read_text(entry.path().string()));
    EXPECT_TRUE(result.ok()) << entry.path() << ": "
                             << (result.errors.empty() ? "" : to_string(result.errors[0]));
  }
  EXPECT_GE(count, 2);
}

TEST(CampaignParser, UnknownKeySuggestsTheNearestKnownKey) {
  Json doc = minimal();
  doc["scorng"] = doc["scoring"];
  doc.erase("scoring");
  EXPECT_TRUE(has_error(errors_of(doc), "scorng: unknown key; did you mean \"scoring\"?"));
}

TEST(CampaignParser, UnknownNestedKeyNamesItsFullPath) {
  Json doc = minimal();
  doc["fields"][1]["requird"] = true;
  EXPECT_TRUE(
      has_error(errors_of(doc), "fields[1].requird: unknown key; did you mean \"required\"?"));
}

TEST(CampaignParser, AWrongTypeNamesThePathAndWhatWasFound) {
  Json doc = minimal();
  doc["scoring"]["engagement"][0]["points"] = "five";
  EXPECT_TRUE(
      has_error(errors_of(doc), "scoring.engagement[0].points: expected a number, got \"five\""));
}

TEST(CampaignParser, ReportsEveryErrorNotJustTheFirst) {
  Json doc = minimal();
  doc["scoring"]["engagement"][0]["points"] = "five";
  doc["fields"][0]["type"] = "emial";
  doc["consents"][0].erase("version");
  auto errors = errors_of(doc);
  EXPECT_TRUE(has_error(errors, "scoring.engagement[0].points: expected a number, got \"five\""));
  EXPECT_TRUE(has_error(errors,
                        "fields[0].type: expected \"text\", \"email\", \"tel\", \"number\", "
                        "\"select\", \"radio\", \"checkbox\", \"textarea\" or \"hidden\", got "
                        "\"emial\"; did you mean \"email\"?"));
  EXPECT_TRUE(has_error(errors, "consents[0].version: required, expected a string"));
}

TEST(CampaignParser, RequiresIdVersionAndFields) {
  auto errors = errors_of(Json::object());
  EXPECT_TRUE(has_error(errors, "id: required, expected an identifier"));
  EXPECT_TRUE(
      has_error(errors, "version: required, expected a string such as \"1\" or \"2026-01\""));
  EXPECT_TRUE(has_error(errors, "fields: required, expected an array"));
}

TEST(CampaignParser, TheDocumentMustBeAnObject) {
  EXPECT_TRUE(has_error(errors_of(Json::array()), "expected an object, got an array"));
}

TEST(CampaignParser, SyntaxErrorsNameLineAndColumn) {
  CampaignResult result = parse_campaign("{\"id\": \"x\",\n \"version\": }");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message.rfind("line 2, column", 0), 0u) << result.errors[0].message;
}

TEST(CampaignParser, StatesTheFileSizeLimit) {
  std::string big = minimal().dump();
  big.insert(big.size() - 1,
             ",\"description\":\"" + std::string(CampaignLimits::kMaxBytes, 'x') + "\"");
  CampaignResult result = parse_campaign(big);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("at most 262144 allowed"), std::string::npos);
}

TEST(CampaignParser, StatesTheFieldCountLimit) {
  Json doc = minimal();
  for (int i = 0; i < 101; ++i)
    doc["fields"].push_back({{"name", "f" + std::to_string(i)}, {"type", "text"}, {"label", "x"}});
  EXPECT_TRUE(has_error(errors_of(doc), "fields: at most 100 items allowed, got 104"));
}

TEST(CampaignParser, StatesTheLabelLengthLimit) {
  Json doc = minimal();
  doc["fields"][0]["label"] = std::string(501, 'x');
  EXPECT_TRUE(
      has_error(errors_of(doc), "fields[0].label: at most 500 characters allowed, got 501"));
}

TEST(CampaignParser, CountsCharactersNotBytes) {
  Json doc = minimal();
  std::string accented;
  for (int i = 0; i < 500; ++i) accented += "\xc3\xa8";  // "è" x 500: 1000 bytes
  doc["fields"][0]["label"] = accented;
  EXPECT_TRUE(parse_campaign(doc.dump()).ok());
}

TEST(CampaignParser, LabelsMayBeLocalized) {
  Json doc = minimal();
  doc["fields"][0]["label"] = {{"it", "Email"}, {"en", "Email"}};
  doc["fields"][0]["help"] = {{"it!", "x"}};
  EXPECT_TRUE(has_error(errors_of(doc),
                        "fields[0].help.it!: expected a locale code such as \"it\" or \"en-GB\""));
}

TEST(CampaignParser, DuplicateNamesAreErrors) {
  Json doc = minimal();
  doc["fields"][2]["name"] = "age";
  EXPECT_TRUE(has_error(errors_of(doc), "fields[2].name: duplicate field name \"age\""));
}

TEST(CampaignParser, ChoiceFieldsNeedOptions) {
  Json doc = minimal();
  doc["fields"].push_back({{"name", "sector"}, {"type", "select"}, {"label", "Sector"}});
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "fields[3].options: required for a select field, expected an array of choices"));
}

TEST(CampaignParser, StepsNameKnownFieldsOnce) {
  Json doc = minimal();
  doc["steps"] = Json::parse(R"([["email", "agee"], ["role", "email"]])");
  auto errors = errors_of(doc);
  EXPECT_TRUE(has_error(errors, "steps[0][1]: unknown field \"agee\"; did you mean \"age\"?"));
  EXPECT_TRUE(has_error(errors, "steps[1][1]: field \"email\" is already in a step"));
  EXPECT_TRUE(has_error(errors, "steps: field \"age\" is in no step"));
}

TEST(CampaignParser, FitRulesNameKnownFields) {
  Json doc = minimal();
  doc["scoring"]["fit"][0]["field"] = "ages";
  EXPECT_TRUE(has_error(errors_of(doc),
                        "scoring.fit[0].field: unknown field \"ages\"; did you mean \"age\"?"));
}

TEST(CampaignParser, NumericOperatorsNeedNumberFields) {
  Json doc = minimal();
  doc["scoring"]["fit"].push_back(
      {{"id", "r"}, {"field", "role"}, {"op", "gt"}, {"value", 3}, {"points", 1}});
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "scoring.fit[1].op: \"gt\" compares numbers, but field \"role\" is of type text"));
}

TEST(CampaignParser, BetweenNeedsOrderedBounds) {
  Json doc = minimal();
  doc["scoring"]["fit"].push_back(
      {{"id", "b"}, {"field", "age"}, {"op", "between"}, {"min", 50}, {"max", 18}, {"points", 1}});
  EXPECT_TRUE(has_error(errors_of(doc), "scoring.fit[1].max: expected max >= min"));
}

TEST(CampaignParser, BetweenTakesAnInclusiveMaxOrAnExclusiveBelow) {
  Json doc = minimal();
  doc["scoring"]["fit"].push_back({{"id", "band"},
                                   {"field", "age"},
                                   {"op", "between"},
                                   {"min", 30},
                                   {"below", 40},
                                   {"points", 1}});
  CampaignResult ok = parse_campaign(doc.dump());
  ASSERT_TRUE(ok.ok()) << to_string(ok.errors[0]);
  EXPECT_TRUE(ok.campaign->scoring.fit[1].below);
  EXPECT_EQ(ok.campaign->scoring.fit[1].number2, 40000);
  doc["scoring"]["fit"][1]["max"] = 45;
  EXPECT_TRUE(has_error(
      errors_of(doc),
      "scoring.fit[1].below: give either \"max\" (inclusive) or \"below\" (exclusive), not both"));
  doc["scoring"]["fit"][1].erase("max");
  doc["scoring"]["fit"][1]["below"] = 30;
  EXPECT_TRUE(has_error(errors_of(doc), "scoring.fit[1].below: expected below > min"));
  doc["scoring"]["fit"][1].erase("below");
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "scoring.fit[1].max: required for \"between\" (or \"below\"), expected a number"));
}

TEST(CampaignParser, CountBandsGiveTheirPointsOnceAndMustBeOrdered) {
  Json doc = minimal();
  doc["scoring"]["engagement"].push_back(
      {{"id", "few"}, {"event", "page_view"}, {"points", 3}, {"at_least", 3}, {"at_most", 5}});
  CampaignResult ok = parse_campaign(doc.dump());
  ASSERT_TRUE(ok.ok()) << to_string(ok.errors[0]);
  EXPECT_EQ(ok.campaign->scoring.engagement[1].at_least, 3);
  EXPECT_EQ(ok.campaign->scoring.engagement[1].at_most, 5);
  doc["scoring"]["engagement"][1]["at_most"] = 2;
  doc["scoring"]["engagement"][1]["max_count"] = 4;
  auto errors = errors_of(doc);
  EXPECT_TRUE(has_error(errors, "scoring.engagement[1].at_most: expected at_most >= at_least"));
  EXPECT_TRUE(has_error(errors,
                        "scoring.engagement[1].max_count: a count band (at_least / at_most) gives "
                        "its points once; remove \"max_count\""));
  doc["scoring"]["engagement"][1]["at_least"] = 0;
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "scoring.engagement[1].at_least: expected an integer from 1 to 1000000, got 0"));
}

TEST(CampaignParser, RuleIdsAreUniqueAcrossFitAndEngagement) {
  Json doc = minimal();
  doc["scoring"]["engagement"][0]["id"] = "age";
  EXPECT_TRUE(has_error(errors_of(doc), "scoring.engagement[0].id: duplicate rule id \"age\""));
}

TEST(CampaignParser, EventFiltersTakeExactlyOneMatch) {
  Json doc = minimal();
  doc["scoring"]["engagement"][0]["filter"] = {{"prefix", "/a"}, {"equals", "/b"}};
  EXPECT_TRUE(has_error(errors_of(doc),
                        "scoring.engagement[0].filter: expected exactly one of \"equals\", "
                        "\"prefix\", \"contains\""));
}

TEST(CampaignParser, GradesMustDescend) {
  Json doc = minimal();
  doc["scoring"]["grades"] = {{"A", 5}, {"B", 10}};
  EXPECT_TRUE(
      has_error(errors_of(doc), "scoring.grades.B: expected a threshold below grade A's (5)"));
}

TEST(CampaignParser, HotMustBeAboveWarm) {
  Json doc = minimal();
  doc["scoring"]["bands"] = {{"warm", 30}, {"hot", 20}};
  EXPECT_TRUE(has_error(errors_of(doc), "scoring.bands.hot: expected a threshold above warm's"));
}

TEST(CampaignParser, StageConditionsNameKnownThings) {
  Json doc = minimal();
  doc["scoring"]["stages"][1]["require"] = {"consent:marketing", "field:company", "emial"};
  doc["scoring"]["stages"][1]["min_grade"] = "C";
  auto errors = errors_of(doc);
  EXPECT_TRUE(has_error(errors, "scoring.stages[1].require[0]: unknown consent \"marketing\""));
  EXPECT_TRUE(has_error(errors, "scoring.stages[1].require[1]: unknown field \"company\""));
  EXPECT_TRUE(has_error(errors,
                        "scoring.stages[1].require[2]: expected \"email\", \"phone\", \"quiz\", "
                        "\"consent:<id>\", \"field:<name>\" or \"event:<type>\", got \"emial\""));
  EXPECT_TRUE(
      has_error(errors, "scoring.stages[1].min_grade: unknown grade \"C\" (see scoring.grades)"));
}

TEST(CampaignParser, VisitorIsTheImplicitFirstStage) {
  Json doc = minimal();
  doc["scoring"]["stages"][0]["id"] = "visitor";
  EXPECT_TRUE(has_error(
      errors_of(doc), "scoring.stages[0].id: \"visitor\" is the implicit stage below every other"));
}

TEST(CampaignParser, DeliveryWhenNamesAStage) {
  Json doc = minimal();
  doc["delivery"] = {{"endpoint", "/v1/leads"}, {"when", "sql"}};
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "delivery.when: expected \"all\", \"qualified\" (the stage \"mql\", else the "
                "ladder's second) or a stage id; stages: \"lead\", \"mql\""));
  doc["delivery"]["when"] = "qualified";
  CampaignResult result = parse_campaign(doc.dump());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.campaign->delivery.stage, "mql");
}

// "Qualified" has one meaning: the widget's event, delivery.when "qualified" and the
// collector's stats all ask Campaign::qualified().
TEST(CampaignParser, QualifiedIsMqlElseTheLaddersSecondStageElseItsOnly) {
  Json doc = minimal();  // stages lead, mql
  doc["delivery"] = {{"endpoint", "/v1/leads"}, {"when", "qualified"}};
  CampaignResult mql = parse_campaign(doc.dump());
  ASSERT_TRUE(mql.ok());
  EXPECT_EQ(mql.campaign->qualifying_stage(), "mql");
  EXPECT_FALSE(mql.campaign->qualified("visitor"));
  EXPECT_FALSE(mql.campaign->qualified("lead"));
  EXPECT_TRUE(mql.campaign->qualified("mql"));
  doc["scoring"]["stages"][1]["id"] = "pql";
  CampaignResult pql = parse_campaign(doc.dump());
  ASSERT_TRUE(pql.ok()) << to_string(pql.errors[0]);
  EXPECT_EQ(pql.campaign->qualifying_stage(), "pql");
  EXPECT_EQ(pql.campaign->delivery.stage, "pql");
  doc["scoring"]["stages"].erase(1);
  CampaignResult one = parse_campaign(doc.dump());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.campaign->qualifying_stage(), "lead");
  doc["scoring"].erase("stages");
  EXPECT_TRUE(
      has_error(errors_of(doc),
                "delivery.when: expected \"all\", \"qualified\" (the stage \"mql\", else the "
                "ladder's second) or a stage id; stages: none configured"));
  doc.erase("delivery");
  CampaignResult none = parse_campaign(doc.dump());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.campaign->qualifying_stage(), "");
  EXPECT_FALSE(none.campaign->qualified("visitor"));
}

TEST(CampaignParser, AVariantOverridesTextsOnly) {
  Json doc = minimal();
  doc["variants"] = Json::parse(R"([{"id": "a"}, {"id": "b", "overrides": {"submit_label": "Go",
      "fields": [], "delivery": {"endpoint": "https://elsewhere.example/"}}}])");
  auto errors = errors_of(doc);
  const char* texts_only =
      " (a variant overrides texts only: \"title\", \"submit_label\" or \"success_text\")";
  EXPECT_TRUE(
      has_error(errors, std::string("variants[1].overrides.fields: unknown key") + texts_only));
  EXPECT_TRUE(
      has_error(errors, std::string("variants[1].overrides.delivery: unknown key") + texts_only));
  doc["variants"][1]["overrides"] = {{"submit_label", "Go"}, {"title", {{"en", "T"}}}};
  CampaignResult ok = parse_campaign(doc.dump());
  ASSERT_TRUE(ok.ok());
  Campaign c = *ok.campaign;
  EXPECT_FALSE(c.show_variant("c"));
  EXPECT_TRUE(c.show_variant("b"));
  EXPECT_EQ(c.variant, "b");
  EXPECT_EQ(c.text_in(c.submit_label, "en"), "Go");
  EXPECT_EQ(c.text_in(c.title, "en"), "T");
}

// A variant's success text is a long text, as the campaign's own is (5,000 characters).
TEST(CampaignParser, AVariantsSuccessTextIsALongText) {
  Json doc = minimal();
  doc["success_text"] = std::string(5000, 'a');
  doc["variants"] =
      Json::array({{{"id", "b"}, {"overrides", {{"success_text", std::string(5000, 'b')}}}}});
  CampaignResult ok = parse_campaign(doc.dump());
  ASSERT_TRUE(ok.ok()) << (ok.errors.empty() ? "" : to_string(ok.errors[0]));
  Campaign c = *ok.campaign;
  ASSERT_TRUE(c.show_variant("b"));
  EXPECT_EQ(c.text_in(c.success_text, "en"), std::string(5000, 'b'));
  doc["variants"][0]["overrides"]["success_text"] = std::string(5001, 'b');
  EXPECT_FALSE(parse_campaign(doc.dump()).ok());
}

TEST(CampaignParser, DeliveryEndpointIsAnHttpUrlOrAPath) {
  Json doc = minimal();
  doc["delivery"] = {{"endpoint", "javascript:alert(1)"}};
  EXPECT_TRUE(has_error(errors_of(doc),
                        "delivery.endpoint: expected an http(s):// URL or a path starting with /, "
                        "got \"javascript:alert(1)\""));
}

TEST(CampaignParser, QuizAnswersNameKnownOutcomes) {
  Json doc = minimal();
  doc["quiz"] = Json::parse(R"({"outcomes": [{"id": "cardio", "title": "Cardio"}],
    "questions": [{"id": "goal", "text": "Goal?", "answers": [
      {"id": "lose", "text": "Lose weight", "points": 2, "outcomes": {"cardo": 1}}]}]})");
  EXPECT_TRUE(has_error(errors_of(doc),
                        "quiz.questions[0].answers[0].outcomes.cardo: unknown outcome \"cardo\"; "
                        "did you mean \"cardio\"?"));
}

TEST(CampaignParser, TriggersNeedAConditionAndSomethingToShow) {
  Json doc = minimal();
  doc["triggers"] = Json::parse(R"([{"id": "t", "when": {}}])");
  auto errors = errors_of(doc);
  EXPECT_TRUE(has_error(
      errors, "triggers[0].when: expected at least one of score_at_least, band, stage, event"));
  EXPECT_TRUE(has_error(errors, "triggers[0]: expected \"show\" (a CSS selector) or \"offer\""));
}

TEST(CampaignParser, VariantsNeedAPositiveWeight) {
  Json doc = minimal();
  doc["variants"] = Json::parse(R"([{"id": "a", "weight": 0}, {"id": "b", "weight": 0}])");
  EXPECT_TRUE(has_error(errors_of(doc), "variants: expected at least one weight above 0"));
}

TEST(CampaignParser, ModelHashChangesWithTheScoringOnly) {
  Json a = minimal(), b = minimal(), c = minimal();
  b["fields"][0]["label"] = "E-mail";
  c["scoring"]["engagement"][0]["points"] = 3;
  auto hash = [](const Json& doc) { return parse_campaign(doc.dump()).campaign->model_hash; };
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_NE(hash(a), hash(c));
}

TEST(CampaignParser, ErrorReportIsBounded) {
  Json doc = minimal();
  for (int i = 0; i < 300; ++i) doc["x" + std::to_string(i)] = i;
  auto errors = errors_of(doc);
  EXPECT_EQ(errors.size(), 201u);
  EXPECT_EQ(errors.back(), "too many errors; the first 200 are listed");
}

}  // namespace
}  // namespace magnete

namespace magnete {
namespace {

// tests/fuzz found it: an integer check cast 1e300 to long long (undefined behaviour).
TEST(CampaignParser, AHugeNumberWhereAnIntegerIsExpectedIsAnError) {
  Json doc = Json::parse(
      R"({"id": "t", "version": "1", "fields": [{"name": "n", "type": "number", "label": "N",
    "max_length": 1e300}], "scoring": {"engagement": [{"id": "v", "event": "page_view", "points": 1, "max_count": -1e300}]}})");
  CampaignResult result = parse_campaign(doc.dump());
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(to_string(result.errors[0]), "fields[0].max_length: expected an integer, got 1e+300");
  EXPECT_EQ(to_string(result.errors[1]),
            "scoring.engagement[0].max_count: expected an integer, got -1e+300");
}

}  // namespace
}  // namespace magnete

namespace magnete {
namespace {

// tests/fuzz found it: an out-of-range half-life was converted to ms before the error was
// kept, and days * 86,400,000 overflowed (undefined behaviour). Now only the error remains.
TEST(CampaignParser, AHalfLifeOutOfRangeIsAnErrorNotAnOverflow) {
  for (const char* days : {"1e12", "-1e12", "0", "3650.001"}) {
    SCOPED_TRACE(days);
    CampaignResult result =
        parse_campaign(std::string(R"({"id": "t", "version": "1", "fields": [{"name": "email",
      "type": "email", "label": "E"}], "scoring": {"decay": {"half_life_days": )") +
                       days + "}}}");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].path, "scoring.decay.half_life_days");
  }
}

}  // namespace
}  // namespace magnete
