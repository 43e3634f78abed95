// magnete fit's core: deterministic exp/log, the logistic regression, and the learned points
// table, on synthetic histories whose answer is known and on the public X Education leads.
#include "magnete/learn.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <set>
#include <string>

#include "learn/logistic.hpp"
#include "magnete/engine.hpp"
#include "support.hpp"

namespace magnete {
namespace {

TEST(Logistic, ExpAndLogAgreeWithLibmToAFewUlps) {
  for (double x = -700; x <= 700; x += 0.37) {
    double want = std::exp(x), got = learn::exp_deterministic(x);
    EXPECT_LE(std::fabs(got - want), 4e-16 * want) << x;
  }
  for (double x = 1e-300; x < 1e300; x *= 3.7) {
    double want = std::log(x), got = learn::log_deterministic(x);
    EXPECT_LE(std::fabs(got - want), 1e-15 * std::fmax(1.0, std::fabs(want))) << x;
  }
}

TEST(Logistic, RecoversTheWeightsOfAKnownModel) {
  // P(y) = sigmoid(-0.5 + 1.0 a - 2.0 b), 40,000 rows drawn with a fixed seed.
  std::mt19937 random(12345);
  std::uniform_real_distribution<double> u(0, 1);
  learn::Design design;
  design.features = 2;
  for (int i = 0; i < 40000; ++i) {
    bool a = u(random) < 0.5, b = u(random) < 0.3;
    double z = -0.5 + (a ? 1.0 : 0.0) - (b ? 2.0 : 0.0);
    std::vector<std::uint32_t> act;
    if (a) act.push_back(0);
    if (b) act.push_back(1);
    design.active.push_back(act);
    design.positive.push_back(u(random) < 1 / (1 + std::exp(-z)));
  }
  learn::LogisticModel m = learn::fit_logistic(design, 0.0);
  EXPECT_TRUE(m.converged);
  EXPECT_NEAR(m.intercept, -0.5, 0.05);
  EXPECT_NEAR(m.weights[0], 1.0, 0.06);
  EXPECT_NEAR(m.weights[1], -2.0, 0.08);
  EXPECT_GT(m.standard_errors[0], 0.01);
  EXPECT_LT(m.standard_errors[0], 0.05);
}

// A history whose answer is known: "pro" converts most, "team" half, "free" least; the
// seconds on the site raise the odds above 300 s; a few visits help; "noise" is a coin.
std::string synthetic_csv(int rows, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::string csv = "plan,seconds,visits,noise,won\n";
  const char* plans[] = {"free", "team", "pro"};
  for (int i = 0; i < rows; ++i) {
    int plan = static_cast<int>(u(random) * 3);
    int seconds = static_cast<int>(u(random) * 900);
    int visits = static_cast<int>(u(random) * 6);
    double z = -1.5 + plan * 1.2 + (seconds > 300 ? 1.0 : 0.0) + (visits >= 3 ? 0.8 : 0.0);
    bool won = u(random) < 1 / (1 + std::exp(-z));
    csv += std::string(plans[plan]) + "," + std::to_string(seconds) + "," + std::to_string(visits) +
           "," + (u(random) < 0.5 ? "heads" : "tails") + "," + (won ? "1" : "0") + "\n";
  }
  return csv;
}

HistoryResult synthetic_history() {
  MappingResult m = parse_mapping(R"({"label": "won",
    "fields": [{"column": "plan", "type": "select"}, {"column": "seconds", "field": "time_s", "type": "number"},
               {"column": "noise"}],
    "events": [{"column": "visits", "event": "page_view"}]})");
  return read_csv_history(synthetic_csv(6000, 99), &*m.mapping, "", {});
}

const Json* find_rule(const OrderedJson& rules, const std::string& id) {
  for (const auto& r : rules) {
    if (r["id"] == id) return &r;
  }
  return nullptr;
}

bool round_number(const Json& v) {
  auto m = *milli_from_json(v);
  for (Milli step = 1'000'000'000; step >= kMilli; step /= 10) {
    if (m % step == 0 || m % (step / 2) == 0 || (step % 4 == 0 && m % (step / 4) == 0)) return true;
  }
  return false;
}

TEST(LearnPointsTable, LearnsTheKnownStructureAsWholePoints) {
  HistoryResult history = synthetic_history();
  ASSERT_TRUE(history.errors.empty());
  LearnResult r = learn_points_table(history, nullptr, LearnOptions{});
  ASSERT_TRUE(r.ok()) << to_string(r.errors[0]);
  const OrderedJson& scoring = r.report->campaign["scoring"];
  // Points relative to the baseline value (the most frequent one, team, here): pro gains
  // about as much over team as team over free (1.2 logits each), and pro is the strongest.
  auto points = [&](const std::string& id) {
    const Json* rule = find_rule(scoring["fit"], id);
    return rule ? (*rule)["points"].get<int>() : 0;
  };
  int pro = points("plan_pro"), team = points("plan_team"), free = points("plan_free");
  EXPECT_EQ(std::max({std::abs(pro), std::abs(team), std::abs(free)}), 20) << scoring.dump(1);
  EXPECT_GT(pro, team);
  EXPECT_GT(team, free);
  EXPECT_NEAR(pro - team, team - free, 4) << scoring.dump(1);
  // Bands: a round edge near the true cut at 300 s; visits count from 3.
  bool time_band = false, visits_band = false;
  for (const auto& rule : scoring["fit"]) {
    if (rule["field"] != "time_s") continue;
    time_band = true;
    for (const char* key : {"min", "below", "value"}) {
      if (rule.contains(key)) {
        EXPECT_TRUE(round_number(rule[key])) << rule.dump();
      }
    }
    if (rule["op"] == "gte") {
      EXPECT_NEAR(rule["value"].get<double>(), 300, 30) << rule.dump();
    }
  }
  for (const auto& rule : scoring["engagement"]) {
    visits_band = visits_band || (rule["event"] == "page_view" && rule["at_least"] == 3);
  }
  EXPECT_TRUE(time_band);
  EXPECT_TRUE(visits_band) << scoring["engagement"].dump();
  // The coin has no rule and is not asked.
  for (const auto& f : r.report->campaign["fields"]) EXPECT_NE(f["name"], "noise");
  bool noted = false;
  for (const auto& c : r.report->columns)
    noted = noted || (c.column == "noise" && c.rules == 0 && !c.note.empty());
  EXPECT_TRUE(noted);
  EXPECT_GT(scaled(r.report->holdout.auc), 7000);
  EXPECT_EQ(r.report->holdout_rows, 1800u);
}

TEST(LearnPointsTable, TheWrittenCampaignScoresTheHoldoutAsReported) {
  HistoryResult history = synthetic_history();
  LearnResult r = learn_points_table(history, nullptr, LearnOptions{});
  ASSERT_TRUE(r.ok());
  CampaignResult parsed = parse_campaign(r.report->campaign.dump());
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors[0]);
  auto campaign = std::make_shared<const Campaign>(std::move(*parsed.campaign));
  auto mask = holdout_split(history.rows, 300, 42);
  ScoredHistory held = score_history(campaign, history.rows, &mask, true, std::nullopt);
  EXPECT_EQ(held.failed, 0u);
  BacktestResult bt = backtest(held.outcomes, campaign->scoring.stages);
  EXPECT_EQ(bt.report->auc, r.report->holdout.auc);
  // Every score is a whole number of points: the table is integers.
  for (const auto& o : held.outcomes) EXPECT_EQ(o.score % kMilli, 0);
}

TEST(LearnPointsTable, TheSameSeedGivesTheSameFileAndAnotherSeedAnotherSplit) {
  HistoryResult history = synthetic_history();
  LearnOptions options;
  LearnResult a = learn_points_table(history, nullptr, options),
              b = learn_points_table(history, nullptr, options);
  EXPECT_EQ(a.report->campaign.dump(), b.report->campaign.dump());
  options.seed = 7;
  LearnResult c = learn_points_table(history, nullptr, options);
  EXPECT_NE(scaled(a.report->holdout.auc, 6), scaled(c.report->holdout.auc, 6));
}

TEST(LearnPointsTable, KeepsTheBaseCampaignAndSetsItsStageThresholds) {
  Json base = Json::parse(R"({"id": "plans", "version": "7", "default_locale": "it",
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "Ok"}],
    "scoring": {"fit": [{"id": "old", "field": "email", "op": "present", "points": 99}],
                "stages": [{"id": "lead", "require": ["email", "consent:privacy"]}, {"id": "mql"}, {"id": "sql"}]},
    "delivery": {"endpoint": "https://example.com/leads"}})");
  LearnResult r = learn_points_table(synthetic_history(), &base, LearnOptions{});
  ASSERT_TRUE(r.ok()) << to_string(r.errors[0]);
  const OrderedJson& doc = r.report->campaign;
  EXPECT_EQ(doc["id"], "plans");
  EXPECT_EQ(doc["version"], "7");
  EXPECT_EQ(doc["delivery"]["endpoint"], "https://example.com/leads");
  EXPECT_EQ(doc["fields"][0]["name"], "email");
  EXPECT_EQ(doc["fields"][1]["name"], "plan");
  EXPECT_EQ(doc["fields"][1]["options"].size(), 3u);  // a select gets the values seen
  EXPECT_EQ(find_rule(doc["scoring"]["fit"], "old"),
            nullptr);  // the learned rules replace the base's
  const auto& stages = doc["scoring"]["stages"];
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0]["require"].size(), 2u);
  EXPECT_EQ(stages[1]["min_score"], milli_to_json(r.report->mql));
  EXPECT_EQ(stages[2]["min_score"], milli_to_json(r.report->sql));
  EXPECT_GT(r.report->sql, r.report->mql);
  EXPECT_EQ(doc["scoring"]["bands"]["warm"], stages[1]["min_score"]);
  EXPECT_EQ(doc["scoring"]["bands"]["hot"], stages[2]["min_score"]);
  EXPECT_TRUE(parse_campaign(doc.dump()).ok());
}

TEST(LearnPointsTable, WithoutAMappingIdentitiesAndFreeTextAreLeftOut) {
  // The plan decides; the email and the name are unique or nearly so and must not score.
  std::string csv = "email,name,plan,won\n";
  for (int i = 0; i < 600; ++i) {
    bool pro = i % 3 == 0;
    csv += "p" + std::to_string(i) + "@example.com,Name" + std::to_string(i % 120) + "," +
           (pro ? "pro" : "free") + "," + ((pro ? i % 5 != 0 : i % 5 == 0) ? "1" : "0") + "\n";
  }
  HistoryResult history = read_csv_history(csv, nullptr, "won", {});
  Json base = Json::parse(
      R"({"id": "b", "version": "1", "fields": [{"name": "email", "type": "email", "label": "Email"}]})");
  LearnResult r = learn_points_table(history, &base, LearnOptions{});
  ASSERT_TRUE(r.ok()) << to_string(r.errors[0]);
  ASSERT_EQ(r.report->columns.size(), 3u);
  EXPECT_EQ(r.report->columns[0].note,
            "left out: an email field identifies a person, it does not describe one");
  EXPECT_EQ(r.report->columns[1].note,
            "left out: 120 distinct values look like free text (map the column to use it)");
  ASSERT_EQ(r.report->rules.size(), 1u);
  EXPECT_EQ(r.report->rules[0].column, "plan");
}

TEST(LearnPointsTable, RefusesAHistoryTooSmallToLearnFrom) {
  HistoryResult h = read_csv_history("a,won\nx,1\ny,0\n", nullptr, "won", {});
  LearnResult r = learn_points_table(h, nullptr, LearnOptions{});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(to_string(r.errors[0]),
            "a history needs at least 20 leads with 5 converted and 5 not, got 2 with 1 converted");
}

// The issue's bar: on the public X Education leads, without the columns that leak the outcome,
// a held-out AUC of at least 0.89 on the stratified 70/30 split of seed 42 (the anchors: a
// hand-made table about 0.61, logistic regression about 0.89, gradient boosting about 0.90).
TEST(LearnPointsTable, ReachesTheBarOnTheXEducationLeads) {
  std::string mapping_text =
      testing::read_text(testing::source_path("demo/xeducation/mapping.json"));
  MappingResult mapping = parse_mapping(mapping_text);
  ASSERT_TRUE(mapping.mapping);
  for (const char* leak :
       {"Tags", "Lead Quality", "Lead Profile", "Asymmetrique Activity Index",
        "Asymmetrique Profile Index", "Asymmetrique Activity Score", "Asymmetrique Profile Score",
        "Last Notable Activity", "Prospect ID", "Lead Number"}) {
    for (const auto& f : mapping.mapping->fields) EXPECT_NE(f.column, leak);
    for (const auto& e : mapping.mapping->events) EXPECT_NE(e.column, leak);
  }
  HistoryResult history =
      read_csv_history(testing::read_text(testing::corpus_path("x-education-leads/Leads.csv")),
                       &*mapping.mapping, "", {});
  ASSERT_EQ(history.rows.size(), 9237u);
  Json base = Json::parse(testing::read_text(testing::source_path("demo/xeducation/base.json")));
  LearnResult r = learn_points_table(history, &base, LearnOptions{});
  ASSERT_TRUE(r.ok()) << to_string(r.errors[0]);
  EXPECT_GE(scaled(r.report->holdout.auc), 8900) << to_decimal(r.report->holdout.auc);
  EXPECT_EQ(r.report->train_rows, 6466u);
  EXPECT_LE(r.report->rules.size(), 40u);
  // The shipped campaign is this very output (regenerate it with the README's command).
  std::string shipped = testing::read_text(testing::source_path("demo/xeducation/campaign.json"));
  EXPECT_TRUE(shipped == r.report->campaign.dump(2) + "\n")
      << "demo/xeducation/campaign.json is not what magnete fit writes now: regenerate it with the "
         "command in the README (section \"Learning a points table\") and review the diff";
}

}  // namespace
}  // namespace magnete
