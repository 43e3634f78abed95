// One fixture, every runner (STYLE principle 3): each folder of tests/fixtures holds a
// campaign, an input and the expected output bytes; this runner and tests/wasm/parity.test.mjs
// (the same core in WebAssembly under node) must both produce exactly those bytes.
//
// A fixture folder has:
//   campaign.json, or campaign.path naming a campaign file relative to the repository
//   lead.json + optional now.txt -> expected.json = assess_lead_json(campaign, lead, now)
//   or calls.json, a list of Session calls ["setField", "email", "\"x@y.it\"", "it"], ...
//      on a Session opened as the variant in variant.txt (when there is one)
//      -> expected.json = status() and then each call's result, one per line
// MAGNETE_UPDATE_FIXTURES=1 rewrites expected.json from this (native) runner; review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "magnete/engine.hpp"
#include "magnete/session.hpp"
#include "support.hpp"

namespace magnete {
namespace {

namespace fs = std::filesystem;

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string campaign_text(const fs::path& dir) {
  if (fs::exists(dir / "campaign.json"))
    return testing::read_text((dir / "campaign.json").string());
  return testing::read_text(
      testing::source_path(trim_newline(testing::read_text((dir / "campaign.path").string()))));
}

// Runs a calls.json script; one output line per call.
std::string run_calls(const std::string& campaign, const std::string& variant, const Json& calls) {
  Session session(campaign, variant);
  std::string out = session.status() + "\n";
  for (const auto& call : calls) {
    std::string name = call[0].get<std::string>();
    auto arg = [&](std::size_t i) {
      return call.size() > i ? call[i].get<std::string>() : std::string();
    };
    if (name == "setField")
      out += session.set_field(arg(1), arg(2), arg(3));
    else if (name == "setConsent")
      out += session.set_consent(arg(1));
    else if (name == "addEvent")
      out += session.add_event(arg(1));
    else if (name == "answer")
      out += session.answer(arg(1), arg(2), arg(3));
    else if (name == "assess")
      out += session.assess(arg(1));
    else if (name == "buildPayload")
      out += session.build_payload(arg(1), arg(2));
    else
      out += "unknown call " + name;
    out += "\n";
  }
  return out;
}

std::string run_fixture(const fs::path& dir) {
  std::string campaign = campaign_text(dir);
  if (fs::exists(dir / "calls.json")) {
    std::string variant = fs::exists(dir / "variant.txt")
                              ? trim_newline(testing::read_text((dir / "variant.txt").string()))
                              : "";
    return run_calls(campaign, variant,
                     Json::parse(testing::read_text((dir / "calls.json").string())));
  }
  std::string now = fs::exists(dir / "now.txt")
                        ? trim_newline(testing::read_text((dir / "now.txt").string()))
                        : "";
  return assess_lead_json(campaign, testing::read_text((dir / "lead.json").string()), now) + "\n";
}

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(testing::source_path("tests/fixtures"))) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// One case per fixture, named after its folder ("seed-b2b-whole-lead" -> SeedB2bWholeLead), as
// tests/wasm/parity.test.mjs names them: a failure says which fixture.
std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  bool upper = true;
  for (char c : info.param) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, NativeOutputMatchesTheExpectedFileByteForByte) {
  fs::path dir = fs::path(testing::source_path("tests/fixtures")) / GetParam();
  std::string got = run_fixture(dir);
  fs::path expected_file = dir / "expected.json";
  if (std::getenv("MAGNETE_UPDATE_FIXTURES") != nullptr) {
    std::ofstream(expected_file, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_file)) << expected_file;
  EXPECT_EQ(got, testing::read_text(expected_file.string()));
}

INSTANTIATE_TEST_SUITE_P(Parity, Fixture, ::testing::ValuesIn(fixture_names()), case_name);

TEST(ParityFixtures, ThereAreFixturesToCompare) { EXPECT_GE(fixture_names().size(), 6u); }

}  // namespace
}  // namespace magnete
