// The `magnete` command line, run as a user runs it: the built binary, its stdout, stderr and
// exit status (0 ok, 1 the input had errors, 2 bad usage).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "magnete/json.hpp"
#include "support.hpp"

namespace magnete {
namespace {

namespace fs = std::filesystem;
using magnete::testing::read_text;
using magnete::testing::source_path;

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Lead lines for demo/campaigns/seed-b2b.json, with their scores worked out from the seed table.
//
// Lead A: fit = 15 (age 40: 1 per year above 25) + 5 (wellness) + 0 (50 employees is not
// above 50) + 2 ("Director") = 22 -> grade A (>= 20); engagement = 2x2 (videos) + 3 (share)
// + 7 (form) + 5 (newsletter counts once, though sent 3 times) = 19; score 41: band hot
// (>= 40), stage mql (>= 25; sql needs 45).
constexpr const char* kLeadA =
    R"({"id":"lead-a","campaign":{"id":"seed-b2b","version":"1"},)"
    R"("submitted_at":"2026-11-22T09:30:00Z",)"
    R"("contact":{"email":"giulia.verdi@example.com","age":40,"sector":"wellness",)"
    R"("company_size":50,"job_title":"Marketing Director"},)"
    R"("consents":[{"id":"privacy","granted":true,"version":"2026-01","locale":"en",)"
    R"("at":"2026-11-22T09:29:00Z"}],)"
    R"("events":[{"type":"video_play","at":"2026-11-22T09:00:00Z"},)"
    R"({"type":"video_play","at":"2026-11-22T09:01:00Z"},)"
    R"({"type":"share","at":"2026-11-22T09:02:00Z"},)"
    R"({"type":"form_submit","at":"2026-11-22T09:03:00Z"},)"
    R"({"type":"newsletter_signup","at":"2026-11-22T09:04:00Z"},)"
    R"({"type":"newsletter_signup","at":"2026-11-22T09:05:00Z"},)"
    R"({"type":"newsletter_signup","at":"2026-11-22T09:06:00Z"}]})";

// Lead B: fit = 0 (age 25 is not above 25) + 0 (retail) + 3 (51 employees) + 0 ("Sales rep")
// = 3 -> grade D (>= 1); engagement = 2 (visit) + 2x3 (ad clicks) + 10 (webinar) + 2x5
// (downloads) = 28; score 31: band warm (>= 20), stage mql.
constexpr const char* kLeadB =
    R"({"id":"lead-b","campaign":{"id":"seed-b2b","version":"1"},)"
    R"("submitted_at":"2026-11-20T15:00:00Z",)"
    R"("contact":{"email":"luca.neri@example.it","age":25,"sector":"retail",)"
    R"("company_size":51,"job_title":"Sales rep"},)"
    R"("consents":[{"id":"privacy","granted":true}],)"
    R"("events":[{"type":"page_view","at":"2026-11-20T14:00:00Z"},)"
    R"({"type":"ad_click","at":"2026-11-20T14:01:00Z"},)"
    R"({"type":"ad_click","at":"2026-11-20T14:02:00Z"},)"
    R"({"type":"webinar_attended","at":"2026-11-20T14:03:00Z"},)"
    R"({"type":"download","at":"2026-11-20T14:04:00Z"},)"
    R"({"type":"download","at":"2026-11-20T14:05:00Z"}]})";

// Lead C: a contact the campaign refuses (email without a domain).
constexpr const char* kLeadBadEmail =
    R"({"id":"lead-c","campaign":{"id":"seed-b2b","version":"1"},)"
    R"("submitted_at":"2026-11-21T10:00:00Z","contact":{"email":"anna.bianchi@"},)"
    R"("consents":[{"id":"privacy","granted":true}]})";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("magnete-cli-") + info->name() + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir_);
    ASSERT_TRUE(fs::exists(binary())) << binary() << " is not built";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string binary() { return std::string(MAGNETE_BIN_DIR) + "/magnete"; }
  static std::string seed() { return source_path("demo/campaigns/seed-b2b.json"); }

  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  /// Runs `magnete ARGS` (each argument quoted), stdin from `input` when given.
  Outcome run(const std::vector<std::string>& args, const std::string& input = "") {
    std::string command = shell_quote(binary());
    for (const auto& a : args) command += " " + shell_quote(a);
    std::string out = (dir_ / "stdout").string(), err = (dir_ / "stderr").string();
    std::string in = input.empty() ? std::string("/dev/null") : write("stdin", input);
    command += " <" + shell_quote(in) + " >" + shell_quote(out) + " 2>" + shell_quote(err);
    int status = std::system(command.c_str());
    Outcome result;
    result.code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(out);
    result.err = read_text(err);
    return result;
  }

  /// The seed campaign with `edit` applied, written to a file.
  template <class Edit>
  std::string seed_with(const std::string& name, Edit edit) {
    OrderedJson campaign = OrderedJson::parse(read_text(seed()));
    edit(campaign);
    return write(name, campaign.dump(2));
  }

  fs::path dir_;
};

// --- validate --------------------------------------------------------------------------------

TEST_F(CliTest, ValidateAcceptsTheDemoCampaign) {
  Outcome r = run({"validate", seed()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("OK seed-b2b version 1", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("4 fit rules, 8 engagement rules, 3 stages"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, ValidatePrintsEveryErrorWithItsPath) {
  std::string path = seed_with("broken.json", [](OrderedJson& c) {
    c["scorng"] = OrderedJson::object();
    c["scoring"]["engagement"][0]["points"] = "five";
  });
  Outcome r = run({"validate", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out.find("OK"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(path + ": scorng: unknown key; did you mean \"scoring\"?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(path + ": scoring.engagement[0].points: expected a number"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 2u) << r.err;
}

TEST_F(CliTest, ValidateNamesASyntaxErrorsLineAndColumn) {
  std::string path = write("syntax.json", "{\n  \"id\": \"x\",\n  \"version\": 1,\n}\n");
  Outcome r = run({"validate", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(path + ": line 4, column "), std::string::npos) << r.err;
}

TEST_F(CliTest, ValidateOfAMissingFileExits1) {
  std::string path = (dir_ / "absent.json").string();
  Outcome r = run({"validate", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cannot read " + path), std::string::npos) << r.err;
}

TEST_F(CliTest, ValidateWithoutExactlyOneCampaignExits2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"validate"}, {"validate", seed(), seed()}, {"validate", "--strict"}}) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 2) << args.size();
    EXPECT_NE(r.err.find("usage: magnete validate"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

// --- score -----------------------------------------------------------------------------------

TEST_F(CliTest, ScorePrintsOneJsonObjectPerLine) {
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n" + kLeadB + "\n");
  Outcome r = run({"score", seed(), leads});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;

  Json a = Json::parse(lines[0]);
  EXPECT_EQ(a["line"], 1);
  EXPECT_EQ(a["ok"], true);
  EXPECT_EQ(a["id"], "lead-a");
  EXPECT_EQ(a["score"], 41);
  EXPECT_EQ(a["fit"], 22);
  EXPECT_EQ(a["engagement"], 19);
  EXPECT_EQ(a["grade"], "A");
  EXPECT_EQ(a["band"], "hot");
  EXPECT_EQ(a["stage"], "mql");
  std::map<std::string, Json> points;
  for (const auto& rule : a["breakdown"]) points[rule["rule"]] = rule["points"];
  EXPECT_EQ(points, (std::map<std::string, Json>{{"age_over_25", 15},
                                                 {"target_sector", 5},
                                                 {"decision_maker", 2},
                                                 {"newsletter_signup", 5},
                                                 {"video_view", 4},
                                                 {"social_share", 3},
                                                 {"form_completion", 7}}));

  Json b = Json::parse(lines[1]);
  EXPECT_EQ(b["line"], 2);
  EXPECT_EQ(b["id"], "lead-b");
  EXPECT_EQ(b["score"], 31);
  EXPECT_EQ(b["fit"], 3);
  EXPECT_EQ(b["engagement"], 28);
  EXPECT_EQ(b["grade"], "D");
  EXPECT_EQ(b["band"], "warm");
  EXPECT_EQ(b["stage"], "mql");
  ASSERT_TRUE(b["breakdown"].is_array());
  EXPECT_EQ(b["breakdown"][0]["rule"], "company_over_50");
  EXPECT_EQ(b["breakdown"][0]["points"], 3);
}

TEST_F(CliTest, ScoreReportsBadLinesByNumberAndStillScoresTheOthers) {
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n" + "{\"id\": \"broken\",\n" +
                                               kLeadB + "\n\n" + kLeadBadEmail + "\n");
  Outcome r = run({"score", seed(), leads});
  EXPECT_EQ(r.code, 1);
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;  // the blank line 4 gives no result

  Json first = Json::parse(lines[0]);
  EXPECT_EQ(first["line"], 1);
  EXPECT_EQ(first["ok"], true);
  EXPECT_EQ(first["score"], 41);

  Json syntax = Json::parse(lines[1]);
  EXPECT_EQ(syntax["line"], 2);
  EXPECT_EQ(syntax["ok"], false);
  ASSERT_FALSE(syntax["errors"].empty());
  EXPECT_FALSE(syntax.contains("score"));

  Json third = Json::parse(lines[2]);
  EXPECT_EQ(third["line"], 3);
  EXPECT_EQ(third["ok"], true);
  EXPECT_EQ(third["score"], 31);

  Json email = Json::parse(lines[3]);
  EXPECT_EQ(email["line"], 5);
  EXPECT_EQ(email["ok"], false);
  EXPECT_EQ(email["errors"][0]["path"], "contact.email") << lines[3];

  EXPECT_NE(r.err.find("2 of 5 lines failed"), std::string::npos) << r.err;
}

TEST_F(CliTest, ScoreReadsStandardInputForDash) {
  Outcome r = run({"score", seed(), "-"}, std::string(kLeadB) + "\n");
  EXPECT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_EQ(Json::parse(lines_of(r.out)[0])["score"], 31);
}

TEST_F(CliTest, ScoreNowChangesNothingForACampaignWithoutDecay) {
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n" + kLeadB + "\n");
  Outcome plain = run({"score", seed(), leads});
  Outcome later = run({"score", seed(), leads, "--now", "2030-01-01T00:00:00Z"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  ASSERT_EQ(later.code, 0) << later.err;
  auto before = lines_of(plain.out), after = lines_of(later.out);
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(after.size(), 2u);
  for (std::size_t i = 0; i < before.size(); ++i) {
    Json x = Json::parse(before[i]), y = Json::parse(after[i]);
    EXPECT_EQ(y["at"], "2030-01-01T00:00:00.000Z");
    x.erase("at");
    y.erase("at");
    EXPECT_EQ(x, y) << "line " << i + 1;
  }
}

TEST_F(CliTest, ScoreWithABadNowExits2WithAUsageLine) {
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n");
  for (const char* now : {"yesterday", "2026-13-01", "2026-11-22T10:00:00"}) {
    Outcome r = run({"score", seed(), leads, "--now", now});
    EXPECT_EQ(r.code, 2) << now;
    EXPECT_EQ(r.out, "") << now;
    EXPECT_NE(r.err.find("--now"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage: magnete score"), std::string::npos) << r.err;
  }
  Outcome missing = run({"score", seed(), leads, "--now"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("usage: magnete score"), std::string::npos) << missing.err;
}

TEST_F(CliTest, ScoreWithMissingArgumentsExits2) {
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"score"},
                                             {"score", seed()},
                                             {"score", seed(), leads, leads},
                                             {"score", seed(), leads, "--fast"}}) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 2) << args.size();
    EXPECT_NE(r.err.find("usage: magnete score"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(CliTest, ScoreWithAnInvalidCampaignExits1WithItsErrors) {
  std::string campaign = seed_with(
      "broken.json", [](OrderedJson& c) { c["scoring"]["engagement"][0]["points"] = "five"; });
  std::string leads = write("leads.jsonl", std::string(kLeadA) + "\n");
  Outcome r = run({"score", campaign, leads});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(campaign + ": scoring.engagement[0].points"), std::string::npos) << r.err;
  Outcome absent = run({"score", seed(), (dir_ / "absent.jsonl").string()});
  EXPECT_EQ(absent.code, 1);
  EXPECT_NE(absent.err.find("cannot read"), std::string::npos) << absent.err;
}

// --- explain ---------------------------------------------------------------------------------

TEST_F(CliTest, ExplainPrintsTheRulesSubtotalsAndStageReasons) {
  std::string lead = write("lead-a.json", kLeadA);
  Outcome r = run({"explain", seed(), lead});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Lead lead-a on campaign seed-b2b v1", 0), 0u) << r.out;

  // Each breakdown row: rule, kind, count, points.
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& line : lines_of(r.out)) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    if (words.size() >= 4 && (words[1] == "fit" || words[1] == "engagement"))
      rows[words[0]] = words;
  }
  using Row = std::vector<std::string>;
  EXPECT_EQ(rows["age_over_25"], (Row{"age_over_25", "fit", "15", "15"}));
  EXPECT_EQ(rows["target_sector"], (Row{"target_sector", "fit", "1", "5"}));
  EXPECT_EQ(rows["decision_maker"], (Row{"decision_maker", "fit", "1", "2"}));
  EXPECT_EQ(rows["video_view"], (Row{"video_view", "engagement", "2", "4"}));
  EXPECT_EQ(rows["social_share"], (Row{"social_share", "engagement", "1", "3"}));
  EXPECT_EQ(rows["form_completion"], (Row{"form_completion", "engagement", "1", "7"}));
  ASSERT_GE(rows["newsletter_signup"].size(), 4u);
  EXPECT_EQ(rows["newsletter_signup"][3], "5");
  EXPECT_EQ(rows.count("company_over_50"), 0u) << "50 employees is not above 50";

  EXPECT_NE(r.out.find("fit 22 + engagement 19 = score 41\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("grade A, band hot, stage mql"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[x] lead\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[x] mql\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ ] sql: score 41 is below 45\n"), std::string::npos) << r.out;
}

TEST_F(CliTest, ExplainSaysWhyAStageIsNotReached) {
  // No consent and no events: not even a lead.
  std::string lead = write("visitor.json", R"({"id":"v1","submitted_at":"2026-11-22T09:30:00Z",)"
                                           R"("contact":{"email":"paolo@example.com","age":26}})");
  Outcome r = run({"explain", seed(), lead});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("fit 1 + engagement 0 = score 1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ ] lead: consent \"privacy\" not granted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ ] mql: score 1 is below 25"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ ] sql: score 1 is below 45"), std::string::npos) << r.out;
}

TEST_F(CliTest, ExplainNamesWhatIsWrongWithTheLead) {
  std::string lead = write("bad.json", kLeadBadEmail);
  Outcome r = run({"explain", seed(), lead});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(lead + ": contact.email"), std::string::npos) << r.err;

  std::string broken = write("broken.json", "{\"id\": ");
  Outcome syntax = run({"explain", seed(), broken});
  EXPECT_EQ(syntax.code, 1);
  EXPECT_NE(syntax.err.find(broken + ": line 1, column "), std::string::npos) << syntax.err;
}

TEST_F(CliTest, ExplainWithMissingArgumentsExits2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"explain"}, {"explain", seed()}, {"explain", seed(), "--now", "bad", "x.json"}}) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 2) << args.size();
    EXPECT_NE(r.err.find("usage: magnete explain"), std::string::npos) << r.err;
  }
}

// --- the command itself ----------------------------------------------------------------------

TEST_F(CliTest, UnknownSubcommandExits2WithTheUsage) {
  Outcome r = run({"frobnicate", seed()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: magnete <command>"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  Outcome none = run({});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("usage: magnete <command>"), std::string::npos) << none.err;
}

TEST_F(CliTest, EveryHelpExits0AndPrintsUsageOnStdout) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"-h"},
                                                                {"help"},
                                                                {"validate", "--help"},
                                                                {"score", "--help"},
                                                                {"explain", "--help"},
                                                                {"backtest", "--help"},
                                                                {"learn", "--help"},
                                                                {"fit", "--help"},
                                                                {"score", seed(), "-h"}}) {
    Outcome r = run(args);
    std::string name = args[0] + (args.size() > 1 ? " " + args.back() : "");
    EXPECT_EQ(r.code, 0) << name;
    EXPECT_NE(r.out.find("usage: magnete"), std::string::npos) << name << "\n" << r.out;
    EXPECT_EQ(r.err, "") << name;
  }
}

// The CLI takes the core's decisions, as the widget does: each lead fixture of tests/fixtures
// (the parity fixtures the wasm modules answer too), scored by `magnete score`, gives the
// fixture's assessment and its "qualified" (the core's one meaning).
TEST_F(CliTest, ScoreGivesTheParityFixturesAssessmentAndQualified) {
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(source_path("tests/fixtures"))) {
    const fs::path dir = entry.path();
    if (!fs::exists(dir / "lead.json")) continue;
    OrderedJson expected = OrderedJson::parse(read_text((dir / "expected.json").string()));
    if (expected["ok"] != true) continue;
    std::string campaign =
        fs::exists(dir / "campaign.json")
            ? (dir / "campaign.json").string()
            : source_path(
                  read_text((dir / "campaign.path").string())
                      .substr(0,
                              read_text((dir / "campaign.path").string()).find_first_of("\r\n")));
    std::string leads = write(
        "lead.jsonl", OrderedJson::parse(read_text((dir / "lead.json").string())).dump() + "\n");
    std::vector<std::string> args = {"score", campaign, leads};
    if (fs::exists(dir / "now.txt")) {
      std::string now = read_text((dir / "now.txt").string());
      args.insert(args.end(), {"--now", now.substr(0, now.find_first_of("\r\n"))});
    }
    Outcome r = run(args);
    ASSERT_EQ(r.code, 0) << dir.filename() << r.err;
    OrderedJson line = OrderedJson::parse(r.out);
    for (auto it = expected["assessment"].begin(); it != expected["assessment"].end(); ++it) {
      EXPECT_EQ(line[it.key()], it.value()) << dir.filename() << " " << it.key();
    }
    EXPECT_EQ(line["qualified"], expected["qualified"]) << dir.filename();
    ++compared;
  }
  EXPECT_GE(compared, 5);
}

// --- backtest and learn ------------------------------------------------------------------------

std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const auto& line : lines_of(text)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

// "0.8907" from "AUC       held out 0.8907 (2771 leads), ..." or "AUC        0.8907 (the ...".
std::string auc_of(const std::string& text, const std::string& prefix) {
  std::string line = line_starting(text, prefix);
  auto at = line.find("0.");
  return at == std::string::npos ? "" : line.substr(at, 6);
}

TEST_F(CliTest, BacktestReportsTheAucAndASuggestedThresholdOfAJsonlHistory) {
  Outcome r = run({"backtest", seed(), source_path("demo/leads/seed-b2b-history.jsonl")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(line_starting(r.out, "converted  "), "converted  628 of 5000, base rate 0.1256");
  EXPECT_EQ(auc_of(r.out, "AUC"), "0.7701");
  EXPECT_NE(line_starting(r.out, "Suggested MQL threshold: "), "");
}

TEST_F(CliTest, BacktestReportsBadRowsByLineAndScoresTheRest) {
  std::string history =
      write("history.jsonl", std::string(kLeadA).substr(0, std::string(kLeadA).size() - 1) +
                                 ",\"converted\":true}\n{oops\n" + kLeadB + "\n" +
                                 std::string(kLeadB).substr(0, std::string(kLeadB).size() - 1) +
                                 ",\"converted\":false}\n");
  Outcome r = run({"backtest", seed(), history});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(history + ":2: line 1, column 2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(history + ":3: converted: required for a history"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 of 4 rows failed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("2 leads scored, 2 skipped"), std::string::npos) << r.out;
}

TEST_F(CliTest, LearnThenBacktestGiveTheSameHeldOutAucOnTheXEducationLeads) {
  std::string leads = magnete::testing::corpus_path("x-education-leads/Leads.csv");
  std::string mapping = source_path("demo/xeducation/mapping.json");
  std::string out = (dir_ / "fitted.json").string();
  Outcome fit = run({"learn", leads, "--mapping", mapping, "--seed", "42", "-o", out});
  ASSERT_EQ(fit.code, 0) << fit.err;
  std::string held_out = auc_of(fit.out, "AUC       held out");
  ASSERT_FALSE(held_out.empty()) << fit.out;
  EXPECT_GE(held_out, "0.8900");
  EXPECT_EQ(run({"validate", out}).code, 0);
  Outcome back =
      run({"backtest", out, leads, "--mapping", mapping, "--holdout", "0.3", "--seed", "42"});
  EXPECT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(auc_of(back.out, "AUC"), held_out) << back.out;
  EXPECT_NE(back.out.find("2771 leads scored, 0 skipped"), std::string::npos) << back.out;
  // The same seed, the same file and report.
  std::string first = read_text(out);
  Outcome again = run({"learn", leads, "--mapping", mapping, "--seed", "42", "-o", out});
  EXPECT_EQ(read_text(out), first);
  EXPECT_EQ(again.out, fit.out);
}

// `fit` is the command's first name, kept as an alias of `learn`.
TEST_F(CliTest, FitIsLearnUnderItsFirstName) {
  std::string out = (dir_ / "seed-fitted.json").string();
  Outcome fit = run({"fit", source_path("demo/leads/seed-b2b-history.jsonl"), "--campaign", seed(),
                     "-o", out, "--format", "json"});
  ASSERT_EQ(fit.code, 0) << fit.err;
  OrderedJson report = OrderedJson::parse(fit.out);
  EXPECT_EQ(report["rows"], 5000);
  EXPECT_EQ(report["holdout"], 1500);
  EXPECT_GT(report["auc"]["holdout"].get<double>(), 0.77);  // beats the hand-made seed table
  OrderedJson campaign = OrderedJson::parse(read_text(out));
  EXPECT_EQ(campaign["id"], "seed-b2b");
  EXPECT_EQ(campaign["consents"].size(), 2u);
  Outcome back = run({"backtest", out, source_path("demo/leads/seed-b2b-history.jsonl"),
                      "--holdout", "0.3", "--format", "json"});
  EXPECT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(OrderedJson::parse(back.out)["auc"], report["auc"]["holdout"]);
}

// --holdout 0: every lead trains the table; the report's figures are the training leads'.
TEST_F(CliTest, LearnWithHoldoutZeroLearnsFromEveryLead) {
  std::string history = source_path("demo/leads/seed-b2b-history.jsonl");
  std::string out = (dir_ / "all.json").string();
  Outcome json = run(
      {"learn", history, "--campaign", seed(), "--holdout", "0", "-o", out, "--format", "json"});
  ASSERT_EQ(json.code, 0) << json.err;
  OrderedJson report = OrderedJson::parse(json.out);
  EXPECT_EQ(report["train"], 5000);
  EXPECT_EQ(report["holdout"], 0);
  EXPECT_TRUE(report["auc"]["holdout"].is_null());
  EXPECT_GT(report["auc"]["train"].get<double>(), 0.77);
  EXPECT_EQ(run({"validate", out}).code, 0);
  Outcome text = run({"learn", history, "--campaign", seed(), "--holdout", "0", "-o", out});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("5000 training leads, 0 held out"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(5000 leads; --holdout 0: none held out)"), std::string::npos)
      << text.out;
  // backtest --holdout 0 scores every row, as learn trained on every row.
  Outcome back = run({"backtest", out, history, "--holdout", "0", "--format", "json"});
  EXPECT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(OrderedJson::parse(back.out)["leads"], 5000);
  EXPECT_EQ(OrderedJson::parse(back.out)["auc"], report["auc"]["train"]);
}

TEST_F(CliTest, LearnNamesWhatIsWrongWithItsInput) {
  std::string csv = write("h.csv", "Origin,Won\nAPI,1\nForm,0\n");
  Outcome no_label = run({"learn", csv, "--label", "Converted", "-o", (dir_ / "x.json").string()});
  EXPECT_EQ(no_label.code, 1);
  EXPECT_NE(no_label.err.find(csv + ":1: the label column \"Converted\" is not in the header"),
            std::string::npos)
      << no_label.err;
  std::string mapping =
      write("m.json", R"({"label": "Won", "fields": [{"column": "Origin", "type": "date"}]})");
  Outcome bad_mapping = run({"learn", csv, "--mapping", mapping, "-o", (dir_ / "x.json").string()});
  EXPECT_EQ(bad_mapping.code, 1);
  EXPECT_NE(bad_mapping.err.find(mapping + ": fields[0].type: expected \"number\""),
            std::string::npos)
      << bad_mapping.err;
  Outcome small = run({"learn", csv, "--label", "Won", "-o", (dir_ / "x.json").string()});
  EXPECT_EQ(small.code, 1);
  EXPECT_NE(small.err.find("a history needs at least 20 leads"), std::string::npos) << small.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.json"));
}

TEST_F(CliTest, LearnAndBacktestWithBadArgumentsExit2WithAUsageLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"learn", "h.csv"},
           {"fit", "h.csv"},
           {"learn", "h.csv", "-o", "x.json", "--max-points", "0"},
           {"learn", "h.csv", "-o", "x.json", "--holdout", "1.5"},
           {"learn", "h.csv", "-o", "x.json", "--seed", "-3"},
           {"learn", "h.csv", "-o", "x.json", "--frobnicate"},
           {"learn", "-o", "x.json"},
           {"backtest", seed(), "h.csv", "--holdout"},
           {"backtest", seed()}}) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 2) << args.back();
    EXPECT_NE(r.err.find("usage: magnete " + std::string(args[0] == "fit" ? "learn" : args[0])),
              std::string::npos)
        << r.err;
  }
}

}  // namespace
}  // namespace magnete
