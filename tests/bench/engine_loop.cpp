// The engine workloads of bench_engine.cpp with a plain timing loop instead of Google
// Benchmark, so the same source builds natively and with Emscripten (wasm/CMakeLists.txt):
// the wasm/native ratio of the compiled engine, without embind's string conversions.
//   engine_loop [--leads=N]      one JSON object per line: {"name", "ns_per_call", "calls"}
// Timing: each workload runs in batches (setup outside the clock) for >= 0.3 s per round,
// three rounds, and reports the median round. Wall clock (steady_clock; performance.now()
// under node).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "magnete/magnete.hpp"
#include "workload.hpp"

namespace {

using namespace magnete;
using Clock = std::chrono::steady_clock;

std::uint64_t checksum = 0;  // printed at the end, so no result is optimised away

double elapsed_ns(Clock::time_point since) {
  return std::chrono::duration<double, std::nano>(Clock::now() - since).count();
}

struct Batch {
  double ns = 0;
  std::size_t calls = 0;
};

// Runs `batch` (at least once) until `min_seconds` per round; three rounds; the median round's ns
// per call.
void measure(const std::string& name, const std::function<Batch()>& batch, int rounds = 3,
             double min_seconds = 0.3) {
  std::vector<double> per_call;
  std::size_t calls = 0;
  for (int r = 0; r < rounds; ++r) {
    Batch total;
    do {
      Batch b = batch();
      total.ns += b.ns;
      total.calls += b.calls;
    } while (total.ns < min_seconds * 1e9);
    per_call.push_back(total.ns / static_cast<double>(total.calls));
    calls += total.calls;
  }
  std::sort(per_call.begin(), per_call.end());
  std::printf("{\"name\":\"%s\",\"ns_per_call\":%.1f,\"calls\":%zu}\n", name.c_str(),
              per_call[per_call.size() / 2], calls);
  std::fflush(stdout);
}

std::shared_ptr<const Campaign> campaign(bool decay) {
  CampaignResult result = parse_campaign(bench::campaign_json(decay));
  if (!result.ok()) {
    std::fprintf(stderr, "engine_loop: the generated campaign does not parse\n");
    std::exit(1);
  }
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

void engine_workloads(bool decay) {
  std::string suffix = decay ? "/decay:1" : "/decay:0";
  auto c = campaign(decay);
  std::vector<Event> stream = bench::events(bench::kEventStream, 42);
  measure("Engine/add_event" + suffix, [&] {
    Engine engine(c);
    auto t0 = Clock::now();
    for (const auto& e : stream) checksum += engine.add_event(e).size();
    return Batch{elapsed_ns(t0), stream.size()};
  });

  Engine engine(c);
  for (const auto& e : bench::events(bench::kAssessEvents, 7)) engine.add_event(e);
  LeadResult lead = parse_lead(bench::lead_json(7, 0));
  for (const auto& [name, value] : lead.lead->contact) engine.set_field(name, value);
  engine.set_consent(*parse_consent(parse_json(bench::kConsentJson).value).consent);
  TimeMs now = *parse_time(bench::kNowIso);
  measure("Engine/assess_50_events" + suffix, [&] {
    auto t0 = Clock::now();
    for (int k = 0; k < 100; ++k) checksum += static_cast<std::uint64_t>(engine.assess(now).score);
    return Batch{elapsed_ns(t0), 100};
  });
}

void session_workloads(bool decay) {
  std::string suffix = decay ? "/decay:1" : "/decay:0";
  const Session prototype(bench::campaign_json(decay));
  std::vector<std::string> stream;
  for (const auto& e : bench::events(bench::kEventStream, 42))
    stream.push_back(bench::event_json(e));
  measure("Session/add_event" + suffix, [&] {
    Session session = prototype;
    auto t0 = Clock::now();
    for (const auto& e : stream) checksum += session.add_event(e).size();
    return Batch{elapsed_ns(t0), stream.size()};
  });

  Session session = prototype;
  for (const auto& e : bench::events(bench::kAssessEvents, 7))
    session.add_event(bench::event_json(e));
  ParsedJson lead = parse_json(bench::lead_json(7, 0));
  for (const auto& [name, value] : lead.value["contact"].items()) {
    session.set_field(name, value.dump(), "en");
  }
  session.set_consent(bench::kConsentJson);
  measure("Session/assess_50_events" + suffix, [&] {
    auto t0 = Clock::now();
    for (int k = 0; k < 20; ++k) checksum += session.assess(bench::kNowIso).size();
    return Batch{elapsed_ns(t0), 20};
  });
}

void json_text_workloads(std::size_t leads) {
  std::string text = bench::campaign_json(false);
  // The smallest call: what a JSON-text round trip costs before any engine work.
  const Session small(text);
  measure("Session/status", [&] {
    auto t0 = Clock::now();
    for (int k = 0; k < 1000; ++k) checksum += small.status().size();
    return Batch{elapsed_ns(t0), 1000};
  });
  measure("Session/create", [&] {
    auto t0 = Clock::now();
    for (int k = 0; k < 5; ++k) checksum += Session(text).status().size();
    return Batch{elapsed_ns(t0), 5};
  });
  std::vector<std::string> pool = bench::lead_pool();
  std::size_t next = 0;
  measure("Session/assess_lead_json", [&] {
    auto t0 = Clock::now();
    for (int k = 0; k < 5; ++k) {
      checksum += assess_lead_json(text, pool[next++ % pool.size()], bench::kNowIso).size();
    }
    return Batch{elapsed_ns(t0), 5};
  });
  // One round over `leads` lines: the throughput figure.
  auto c = campaign(false);
  TimeMs now = *parse_time(bench::kNowIso);
  measure(
      "Jsonl/score_leads",
      [&] {
        std::string out;
        auto t0 = Clock::now();
        for (std::size_t i = 0; i < leads; ++i) {
          checksum += bench::score_line(c, pool[i % pool.size()], i + 1, now, out) ? 1 : 0;
          if (out.size() > (1 << 16)) out.clear();
        }
        return Batch{elapsed_ns(t0), leads};
      },
      1, 0);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t leads = 200'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--leads=", 8) == 0) leads = std::strtoul(argv[i] + 8, nullptr, 10);
  }
  engine_workloads(false);
  engine_workloads(true);
  session_workloads(false);
  session_workloads(true);
  json_text_workloads(leads);
  std::printf("{\"checksum\":%llu}\n", static_cast<unsigned long long>(checksum));
  return 0;
}
