#pragma once
/// History files: leads whose outcome is known, as CSV (RFC 4180) or JSONL (magnete-v1 leads),
/// read into Leads the Engine scores exactly as it scores what the widget captures. A mapping
/// says which CSV columns are fields, which are event counts and which one is the outcome.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/error.hpp"
#include "magnete/json.hpp"
#include "magnete/lead.hpp"

namespace magnete {

struct HistoryLimits {
  static constexpr std::size_t kMaxBytes = 512u * 1024 * 1024;  ///< one history file
  static constexpr std::size_t kMaxRows = 5'000'000;
  static constexpr std::size_t kMaxColumns = 1000;
  static constexpr std::size_t kMaxCellBytes = 100'000;
  static constexpr std::size_t kMaxErrors = 200;  ///< reported; later ones are counted only
};

/// An RFC 4180 table: the first record is the header. Records end with CRLF or LF; fields
/// may be quoted ("a, b", "line\nbreak", "say ""hi""").
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  ///< the line on which each row starts (header: line 1)
};

struct CsvResult {
  CsvTable table;  ///< the rows that could be read
  Errors errors;   ///< "line 12": a row that could not (it is left out), or the file's problem
  std::size_t failed =
      0;               ///< rows left out (errors past HistoryLimits::kMaxErrors are counted only)
  bool fatal = false;  ///< no header, or the file is beyond HistoryLimits: nothing was read
};

/// Reads the whole text; a bad row is reported with its line and left out, the rest go on.
CsvResult parse_csv(std::string_view text);

/// One column of a history used as a campaign field or as a count of events.
struct MappedColumn {
  std::string column;  ///< CSV header (JSONL: the contact key or the event type)
  std::string name;    ///< field name or event type in the campaign
  /// Fields: number (cut into bands), or hidden, text, select, radio (values); absent in a
  /// mapping file means "number when every value is one, else hidden", settled on reading.
  std::optional<FieldType> type;
  bool numeric() const { return type == FieldType::kNumber; }
};

/// Which columns mean what. Written by hand as JSON (see parse_mapping) or inferred.
struct HistoryMapping {
  std::string label = "converted";          ///< the outcome column: 1/0, true/false, yes/no
  std::vector<std::string> missing = {""};  ///< cell texts that mean "no value"
  std::vector<MappedColumn> fields, events;
  std::vector<std::string> ignore;  ///< columns left out on purpose (e.g. they leak the outcome)
  bool inferred = false;            ///< no mapping file: every other column is a field
};

struct MappingResult {
  std::optional<HistoryMapping> mapping;
  Errors errors;
};

/// {"label": "Converted", "missing": ["", "n/a"],
///  "fields": [{"column": "Lead Origin", "field": "lead_origin", "type": "hidden"}, ...],
///  "events": [{"column": "TotalVisits", "event": "page_view"}], "ignore": ["Tags"]}.
/// Every error names its JSON path.
MappingResult parse_mapping(std::string_view text);

/// The mapping for a CSV without a mapping file: every column but the label and `ignore`
/// is a field named after it (lower case, '_' for the rest), of type number when every value
/// is a number, else hidden (any text).
HistoryMapping infer_mapping(const CsvTable& table, const std::string& label,
                             const std::vector<std::string>& ignore,
                             const std::vector<std::string>& missing = {""});

/// One historical lead and its outcome.
struct HistoryRow {
  std::size_t line = 0;  ///< where it starts in the file
  Lead lead;             ///< contact = the mapped fields' texts; events = counts, at time 0
  bool converted = false;
};

struct HistoryResult {
  std::vector<HistoryRow> rows;
  HistoryMapping mapping;  ///< as given, or inferred (CSV) / gathered (JSONL)
  Errors errors;           ///< one per bad row ("line 7: TotalVisits: ..."), or the file's
  std::size_t failed = 0;  ///< rows left out (more than the errors reported, past kMaxErrors)
  bool fatal = false;      ///< nothing could be read
};

/// CSV with a mapping (nullptr: infer one; `label` and `ignore` then apply). The label must
/// be a column; every mapped column must exist.
HistoryResult read_csv_history(std::string_view text, const HistoryMapping* mapping,
                               const std::string& label, const std::vector<std::string>& ignore);

/// JSONL: one magnete-v1 lead per line with the outcome under `label` (default "converted").
/// The fields are the contact keys (numbers when every value is), the events their types.
HistoryResult read_jsonl_history(std::string_view text, const std::string& label);

/// An identifier made from text: "What is your current occupation?" ->
/// "what_is_your_current_occupation" (folded, '_' between words, at most 64 characters; empty
/// when the text has no letter or digit). Field names of columns, parts of learned rule ids.
std::string slug(std::string_view text);

/// True when the text looks like JSONL (its first non-blank character is '{').
bool looks_like_jsonl(std::string_view text);

/// Stratified holdout: the same share of converted and non-converted rows, drawn with a
/// seeded generator (splitmix64 + Fisher-Yates), so a seed gives the same split everywhere.
/// `share_milli` is the holdout share in thousandths (300 = 30%). True marks a holdout row.
std::vector<bool> holdout_split(const std::vector<HistoryRow>& rows, std::int64_t share_milli,
                                std::uint64_t seed);

}  // namespace magnete
