// Google Benchmark programs for the scoring core (MAGNETE_BUILD_BENCHMARKS=ON), on the
// generated 60-rule campaign of workload.hpp:
//   Engine/*       the engine itself (what the wasm loop compiles too): add_event, assess
//   Session/*      the same work through the JSON-text API the wasm module exposes, so the
//                  embind figures of wasm_bench.mjs have a native counterpart
//   Jsonl/*        scoring 1M leads from JSONL: parse line + load + assess + serialise
// `bench_engine --write-workload=DIR` writes the workload files wasm_bench.mjs reads.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "magnete/magnete.hpp"
#include "workload.hpp"

namespace {

using namespace magnete;

std::shared_ptr<const Campaign> campaign(bool decay) {
  CampaignResult result = parse_campaign(bench::campaign_json(decay));
  if (!result.ok()) throw std::runtime_error(to_json(result.errors).dump());
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

TimeMs now() { return *parse_time(bench::kNowIso); }

// One iteration = one event. An Engine keeps at most 1000 events, so a fresh one replaces it
// every 1000 (outside the timing; 1/1000 of a pause is noise).
void EngineAddEvent(benchmark::State& state) {
  auto c = campaign(state.range(0) != 0);
  std::vector<Event> stream = bench::events(bench::kEventStream, 42);
  Engine engine(c);
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == stream.size()) {
      state.PauseTiming();
      engine = Engine(c);
      i = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(engine.add_event(stream[i++]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(EngineAddEvent)->Name("Engine/add_event")->ArgName("decay")->Arg(0)->Arg(1);

void EngineAssess(benchmark::State& state) {
  Engine engine(campaign(state.range(0) != 0));
  for (const auto& e : bench::events(bench::kAssessEvents, 7)) engine.add_event(e);
  LeadResult lead = parse_lead(bench::lead_json(7, 0));
  for (const auto& [name, value] : lead.lead->contact) engine.set_field(name, value);
  engine.set_consent(*parse_consent(parse_json(bench::kConsentJson).value).consent);
  TimeMs at = now();
  for (auto _ : state) benchmark::DoNotOptimize(engine.assess(at));
}
BENCHMARK(EngineAssess)->Name("Engine/assess_50_events")->ArgName("decay")->Arg(0)->Arg(1);

void SessionAddEvent(benchmark::State& state) {
  const Session prototype(bench::campaign_json(state.range(0) != 0));
  std::vector<std::string> stream;
  for (const auto& e : bench::events(bench::kEventStream, 42))
    stream.push_back(bench::event_json(e));
  Session session = prototype;
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == stream.size()) {
      state.PauseTiming();
      session = prototype;
      i = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(session.add_event(stream[i++]));
  }
}
BENCHMARK(SessionAddEvent)->Name("Session/add_event")->ArgName("decay")->Arg(0)->Arg(1);

void SessionAssess(benchmark::State& state) {
  Session session(bench::campaign_json(state.range(0) != 0));
  for (const auto& e : bench::events(bench::kAssessEvents, 7))
    session.add_event(bench::event_json(e));
  ParsedJson lead = parse_json(bench::lead_json(7, 0));
  for (const auto& [name, value] : lead.value["contact"].items()) {
    session.set_field(name, value.dump(), "en");
  }
  session.set_consent(bench::kConsentJson);
  for (auto _ : state) benchmark::DoNotOptimize(session.assess(bench::kNowIso));
}
BENCHMARK(SessionAssess)->Name("Session/assess_50_events")->ArgName("decay")->Arg(0)->Arg(1);

// What `new Engine(campaignText)` costs: parsing and validating the campaign.
void SessionCreate(benchmark::State& state) {
  std::string text = bench::campaign_json(false);
  for (auto _ : state) benchmark::DoNotOptimize(Session(text));
}
BENCHMARK(SessionCreate)->Name("Session/create");

// What wasm's assessLead(campaign, lead, now) does per call: campaign parsed every time.
void AssessLeadJson(benchmark::State& state) {
  std::string campaign_text = bench::campaign_json(false);
  std::vector<std::string> pool = bench::lead_pool();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(assess_lead_json(campaign_text, pool[i], bench::kNowIso));
    i = (i + 1) % pool.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(AssessLeadJson)->Name("Session/assess_lead_json");

// `magnete score` without the file: the campaign parsed once, then per line parse_lead +
// Engine + load + assess + one JSON line out. 1M leads, cycling through 4096 distinct lines.
void ScoreJsonl(benchmark::State& state) {
  auto c = campaign(state.range(0) != 0);
  std::vector<std::string> pool = bench::lead_pool();
  TimeMs at = now();
  std::string out;
  std::size_t i = 0, failed = 0;
  for (auto _ : state) {
    failed += bench::score_line(c, pool[i % pool.size()], i + 1, at, out) ? 0 : 1;
    ++i;
    if (out.size() > (1 << 16)) out.clear();
  }
  if (failed != 0) state.SkipWithError("some leads failed to load");
  state.SetItemsProcessed(state.iterations());
  state.counters["leads_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(ScoreJsonl)
    ->Name("Jsonl/score_1M_leads")
    ->ArgName("decay")
    ->Arg(0)
    ->Iterations(bench::kJsonlLeads)
    ->Repetitions(1)
    ->Unit(benchmark::kMicrosecond);

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// The files wasm_bench.mjs (and cli_bench.mjs) run on: the same bytes as above.
int write_workload(const std::string& dir) {
  std::string events;
  for (const auto& e : bench::events(bench::kEventStream, 42))
    events += bench::event_json(e) + "\n";
  std::string assess_events;
  for (const auto& e : bench::events(bench::kAssessEvents, 7)) {
    assess_events += bench::event_json(e) + "\n";
  }
  std::string leads;
  for (const auto& line : bench::lead_pool()) leads += line + "\n";
  bool ok = write_file(dir + "/campaign.json", bench::campaign_json(false)) &&
            write_file(dir + "/campaign-decay.json", bench::campaign_json(true)) &&
            write_file(dir + "/events.jsonl", events) &&
            write_file(dir + "/assess-events.jsonl", assess_events) &&
            write_file(dir + "/assess-contact.json", bench::lead_json(7, 0)) &&
            write_file(dir + "/assess-consent.json", bench::kConsentJson) &&
            write_file(dir + "/leads.jsonl", leads) &&
            write_file(dir + "/now.txt", std::string(bench::kNowIso) + "\n");
  if (!ok) std::fprintf(stderr, "bench_engine: cannot write the workload into %s\n", dir.c_str());
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kWrite = "--write-workload=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kWrite, std::strlen(kWrite)) == 0) {
      return write_workload(argv[i] + std::strlen(kWrite));
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
