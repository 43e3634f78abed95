// libFuzzer target: bytes -> the history readers of `magnete fit` and `magnete backtest`.
// The same bytes are read as a mapping file (parse_mapping), as CSV with a fixed mapping and
// with an inferred one (read_csv_history), and as JSONL (read_jsonl_history). Whatever rows
// come out must account for every data row (read + left out), name lines inside the input,
// and serialise their errors; when enough rows remain, learn_points_table learns from them and
// the campaign it writes must parse and score its own holdout.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "magnete/backtest.hpp"
#include "magnete/history.hpp"
#include "magnete/learn.hpp"
#include "magnete/magnete.hpp"

namespace {

using namespace magnete;

const HistoryMapping& fixed_mapping() {
  static const HistoryMapping mapping = [] {
    MappingResult m = parse_mapping(R"({"label": "won", "missing": ["", "n/a"],
      "fields": [{"column": "origin"}, {"column": "seconds", "type": "number"}, {"column": "plan", "type": "select"}],
      "events": [{"column": "visits", "event": "page_view"}], "ignore": ["notes"]})");
    if (!m.mapping) fuzz::fail("the fixed mapping does not parse", to_json(m.errors).dump());
    return *m.mapping;
  }();
  return mapping;
}

// An upper bound on the lines a reader may name: LF, CRLF and a lone CR each end one.
std::size_t count_lines(std::string_view text) {
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r' ? 1 : 0;
  return lines;
}

void check_history(const HistoryResult& h, std::string_view text) {
  fuzz::check_errors(h.errors);
  // Bounded report: at most kMaxErrors rows, each with at most a lead's 200 errors (+ the cap's
  // own).
  MAGNETE_FUZZ_CHECK(h.errors.size() <= HistoryLimits::kMaxErrors * 201 + 2,
                     std::to_string(h.errors.size()));
  std::size_t lines = count_lines(text);
  for (const auto& row : h.rows) {
    MAGNETE_FUZZ_CHECK(row.line >= 1 && row.line <= lines, std::to_string(row.line));
    MAGNETE_FUZZ_CHECK(row.lead.events.size() <= LeadLimits::kMaxEvents,
                       std::to_string(row.lead.events.size()));
  }
  if (h.fatal || h.rows.size() < 20) return;
  // A small, fast fit: what it writes must be a campaign that scores the history.
  LearnOptions options;
  options.min_leads = 2;
  LearnResult fit = learn_points_table(h, nullptr, options);
  fuzz::check_errors(fit.errors);
  if (!fit.ok()) return;
  CampaignResult campaign = parse_campaign(fit.report->campaign.dump());
  MAGNETE_FUZZ_CHECK(campaign.ok(), to_json(campaign.errors).dump());
  auto shared = std::make_shared<const Campaign>(std::move(*campaign.campaign));
  ScoredHistory scored = score_history(shared, h.rows, nullptr, true, std::nullopt);
  MAGNETE_FUZZ_CHECK(scored.outcomes.size() + scored.failed == h.rows.size(),
                     fit.report->campaign.dump());
  MAGNETE_FUZZ_CHECK(fit.report->rules.size() <= fit.report->candidates,
                     std::to_string(fit.report->rules.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  MappingResult mapping = parse_mapping(text);
  fuzz::check_errors(mapping.errors);
  MAGNETE_FUZZ_CHECK(mapping.mapping.has_value() == mapping.errors.empty(), std::string(text));

  CsvResult csv = parse_csv(text);
  fuzz::check_errors(csv.errors);
  MAGNETE_FUZZ_CHECK(csv.table.rows.size() == csv.table.lines.size(), std::string(text));
  for (const auto& row : csv.table.rows) {
    MAGNETE_FUZZ_CHECK(row.size() == csv.table.header.size(), std::string(text));
  }
  check_history(read_csv_history(text, &fixed_mapping(), "", {}), text);
  check_history(read_csv_history(text, nullptr, "won", {"notes"}), text);
  if (mapping.mapping) check_history(read_csv_history(text, &*mapping.mapping, "", {}), text);
  check_history(read_jsonl_history(text, "won"), text);
  return 0;
}
