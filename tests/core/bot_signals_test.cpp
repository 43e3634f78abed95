// Whether a lead's bot signals are a person's: src/core/lead/bot_signals.cpp.
#include <gtest/gtest.h>

#include <string>

#include "magnete/lead_checks.hpp"

namespace magnete {
namespace {

// The reason's message, "" for a person.
std::string verdict(const Json& meta, std::int64_t min_submit_ms = 1500) {
  Lead lead;
  lead.meta = meta;
  auto error = bot_suspicion(lead, min_submit_ms);
  return error ? error->message : "";
}

// "code path", which a host acts on.
std::string code(const Json& meta, std::int64_t min_submit_ms = 1500) {
  Lead lead;
  lead.meta = meta;
  auto error = bot_suspicion(lead, min_submit_ms);
  return error ? error->code + " " + error->path : "";
}

TEST(BotSignals, TheWidgetsSignalsOfAPersonPass) {
  EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", 12'000}}), "");
  EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", 1500}}), "");
  EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", 1500.7}}), "");
}

TEST(BotSignals, AFilledHoneypotOrAFastSubmissionIsABot) {
  EXPECT_EQ(verdict({{"hp", "http://spam.example"}, {"elapsed_ms", 9000}}),
            "bot: the hidden honeypot field was filled");
  EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", 400}}),
            "bot: sent 400 ms after the form appeared (minimum 1500)");
  EXPECT_EQ(code({{"hp", "x"}, {"elapsed_ms", 9000}}), "honeypot meta.hp");
  EXPECT_EQ(code({{"hp", ""}, {"elapsed_ms", 400}}), "too_fast meta.elapsed_ms");
}

TEST(BotSignals, AMissingOrMalformedSignalIsASuspicionNotAPass) {
  EXPECT_EQ(verdict(Json::object()), "bot: meta.hp (the hidden honeypot field) is missing");
  EXPECT_EQ(verdict({{"elapsed_ms", 9000}}), "bot: meta.hp (the hidden honeypot field) is missing");
  EXPECT_EQ(verdict({{"hp", 0}, {"elapsed_ms", 9000}}),
            "bot: meta.hp (the hidden honeypot field) is not a string");
  EXPECT_EQ(verdict({{"hp", nullptr}, {"elapsed_ms", 9000}}),
            "bot: meta.hp (the hidden honeypot field) is not a string");
  EXPECT_EQ(verdict({{"hp", ""}}),
            "bot: meta.elapsed_ms (the time from the form's appearance to sending) is missing");
  for (Json elapsed : {Json("12000"), Json(nullptr), Json(true), Json(-1), Json(-0.5), Json(1e300),
                       Json::array({12000}), Json::object()}) {
    EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", elapsed}}),
              "bot: meta.elapsed_ms is not a number of milliseconds from 0 to 31536000000")
        << elapsed.dump();
    EXPECT_EQ(code({{"hp", ""}, {"elapsed_ms", elapsed}}), "missing_signal meta.elapsed_ms");
  }
  EXPECT_EQ(code(Json::object()), "missing_signal meta.hp");
  EXPECT_EQ(code({{"hp", 0}}), "missing_signal meta.hp");
  EXPECT_EQ(code({{"hp", ""}}), "missing_signal meta.elapsed_ms");
}

TEST(BotSignals, WithTheTimeCheckOffOnlyTheHoneypotIsRead) {
  EXPECT_EQ(verdict({{"hp", ""}}, 0), "");
  EXPECT_EQ(verdict({{"hp", ""}, {"elapsed_ms", "soon"}}, 0), "");
  EXPECT_EQ(verdict(Json::object(), 0), "bot: meta.hp (the hidden honeypot field) is missing");
  EXPECT_EQ(verdict({{"hp", "x"}}, 0), "bot: the hidden honeypot field was filled");
}

}  // namespace
}  // namespace magnete
