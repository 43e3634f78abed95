// History files into Leads: the mapping file, CSV rows and JSONL lines, and the seeded
// stratified holdout split that `magnete fit` and `magnete backtest` share.
#include "magnete/history.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "campaign/reader.hpp"
#include "magnete/fixed.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

using detail::index_path;
using detail::ObjectReader;
using detail::Reader;

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// The field types a mapped column may take: number (banded) or kinds of free values.
std::optional<FieldType> mapped_type(const std::string& name) {
  if (name == "number") return FieldType::kNumber;
  if (name == "hidden") return FieldType::kHidden;
  if (name == "text") return FieldType::kText;
  if (name == "select") return FieldType::kSelect;
  if (name == "radio") return FieldType::kRadio;
  return std::nullopt;
}

// 1/0, true/false, yes/no in any case (the outcome column of a history).
std::optional<bool> parse_outcome(const std::string& cell) {
  std::string v = text::lower_ascii(text::trim(cell));
  if (v == "1" || v == "true" || v == "yes" || v == "y") return true;
  if (v == "0" || v == "false" || v == "no" || v == "n") return false;
  return std::nullopt;
}

std::optional<bool> outcome_from_json(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) {
    auto v = value.get<std::int64_t>();
    if (v == 0 || v == 1) return v == 1;
    return std::nullopt;
  }
  if (value.is_string()) return parse_outcome(value.get<std::string>());
  return std::nullopt;
}

// A count of events: a whole number from 0 to the events a lead may hold ("3", "3.0").
std::string read_count(const std::string& cell, std::int64_t& count) {
  auto milli = parse_decimal(cell);
  if (!milli || *milli < 0 || *milli % kMilli != 0) {
    return "expected a whole number of events (0 or more), got " + in_quotes(cell);
  }
  count = *milli / kMilli;
  if (count > static_cast<std::int64_t>(LeadLimits::kMaxEvents)) {
    return "at most " + std::to_string(LeadLimits::kMaxEvents) + " events per lead, got " + cell;
  }
  return "";
}

class MappingBuilder {
 public:
  explicit MappingBuilder(Errors& errors) : reader_(errors) {}

  std::optional<HistoryMapping> build(const Json& doc) {
    ObjectReader o(reader_, doc, "", {"label", "missing", "fields", "events", "ignore"});
    if (!o.ok()) return std::nullopt;
    HistoryMapping m;
    if (auto label = o.string("label", false, 500)) m.label = *label;
    if (o.has("missing")) {
      m.missing.clear();
      o.array("missing", false, 50, [&](const Json& v, const std::string& p) {
        if (auto s = detail::read_string(reader_, v, p, 100)) m.missing.push_back(*s);
      });
    }
    o.array("fields", false, CampaignLimits::kMaxFields, [&](const Json& v, const std::string& p) {
      ObjectReader f(reader_, v, p, {"column", "field", "type"});
      if (!f.ok()) return;
      MappedColumn column;
      if (auto c = f.string("column", true, 500)) column.column = *c;
      column.name = slug(column.column);
      if (auto name = f.identifier("field", false))
        column.name = *name;
      else if (!f.has("field") && column.name.empty() && !column.column.empty())
        f.error("column",
                "no field name can be made from " + in_quotes(column.column) + "; give \"field\"");
      if (auto type = f.string("type", false, 20)) {
        column.type = mapped_type(*type);
        if (!column.type) {
          f.error("type",
                  "expected \"number\", \"hidden\", \"text\", \"select\" or \"radio\", got " +
                      in_quotes(*type));
        }
      }
      unique_column(column.column, f.path("column"));
      if (!column.name.empty() && !field_names_.insert(column.name).second) {
        f.error("field", "field " + in_quotes(column.name) + " is mapped twice");
      }
      m.fields.push_back(std::move(column));
    });
    o.array("events", false, CampaignLimits::kMaxRules, [&](const Json& v, const std::string& p) {
      ObjectReader e(reader_, v, p, {"column", "event"});
      if (!e.ok()) return;
      MappedColumn column;
      if (auto c = e.string("column", true, 500)) column.column = *c;
      if (auto event = e.identifier("event", true)) column.name = *event;
      unique_column(column.column, e.path("column"));
      m.events.push_back(std::move(column));
    });
    o.array("ignore", false, HistoryLimits::kMaxColumns, [&](const Json& v, const std::string& p) {
      if (auto s = detail::read_string(reader_, v, p, 500)) {
        unique_column(*s, p);
        m.ignore.push_back(*s);
      }
    });
    if (!m.label.empty()) unique_column(m.label, "label");
    if (m.fields.empty() && m.events.empty()) {
      reader_.error("", "expected at least one column in \"fields\" or \"events\"");
    }
    return m;
  }

 private:
  void unique_column(const std::string& column, const std::string& path) {
    if (!column.empty() && !columns_.insert(column).second) {
      reader_.error(path, "column " + in_quotes(column) +
                              " is already used (label, fields, events or ignore)");
    }
  }

  Reader reader_;
  std::set<std::string> columns_, field_names_;
};

bool is_missing(const HistoryMapping& mapping, const std::string& cell) {
  return std::find(mapping.missing.begin(), mapping.missing.end(), cell) != mapping.missing.end();
}

}  // namespace

std::string slug(std::string_view text) {
  std::string out;
  for (char c : text::fold(text)) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum)
      out += c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > CampaignLimits::kMaxIdLength) out.resize(CampaignLimits::kMaxIdLength);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

MappingResult parse_mapping(std::string_view text) {
  MappingResult result;
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok()) {
    result.errors.push_back({"", parsed.error});
    return result;
  }
  auto mapping = MappingBuilder(result.errors).build(parsed.value);
  if (result.errors.empty()) result.mapping = std::move(mapping);
  return result;
}

HistoryMapping infer_mapping(const CsvTable& table, const std::string& label,
                             const std::vector<std::string>& ignore,
                             const std::vector<std::string>& missing) {
  HistoryMapping m;
  m.label = label;
  m.missing = missing;
  m.ignore = ignore;
  m.inferred = true;
  std::set<std::string> names;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const std::string& column = table.header[i];
    if (column == label || std::find(ignore.begin(), ignore.end(), column) != ignore.end())
      continue;
    std::string name = slug(column);
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    for (int k = 2; !names.insert(name).second; ++k) name = slug(column) + "_" + std::to_string(k);
    m.fields.push_back({column, name, std::nullopt});
  }
  return m;
}

bool looks_like_jsonl(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

HistoryResult read_csv_history(std::string_view text, const HistoryMapping* mapping,
                               const std::string& label, const std::vector<std::string>& ignore) {
  HistoryResult result;
  CsvResult csv = parse_csv(text);
  result.errors = std::move(csv.errors);
  result.failed = csv.failed;
  if (csv.fatal) {
    result.fatal = true;
    return result;
  }
  const CsvTable& table = csv.table;
  result.mapping = mapping ? *mapping : infer_mapping(table, label, ignore);
  HistoryMapping& m = result.mapping;
  if (!label.empty()) m.label = label;

  auto column_index = [&](const std::string& column,
                          const std::string& what) -> std::optional<std::size_t> {
    auto it = std::find(table.header.begin(), table.header.end(), column);
    if (it != table.header.end()) return static_cast<std::size_t>(it - table.header.begin());
    std::string near = text::nearest(column, table.header);
    result.errors.push_back({"",
                             what + " column " + in_quotes(column) + " is not in the header" +
                                 (near.empty() ? "" : "; did you mean " + in_quotes(near) + "?"),
                             "", 1});
    result.fatal = true;
    return std::nullopt;
  };
  auto label_at = column_index(m.label, "the label");
  std::vector<std::size_t> field_at, event_at;
  for (const auto& f : m.fields)
    field_at.push_back(column_index(f.column, "the mapped").value_or(0));
  for (const auto& e : m.events)
    event_at.push_back(column_index(e.column, "the mapped").value_or(0));
  if (result.fatal) return result;

  // Settle the type of fields the mapping leaves open: number when every value is one.
  for (std::size_t k = 0; k < m.fields.size(); ++k) {
    if (m.fields[k].type) continue;
    bool any = false, all_numbers = true;
    for (const auto& row : table.rows) {
      const std::string& cell = row[field_at[k]];
      if (is_missing(m, cell)) continue;
      any = true;
      all_numbers = all_numbers && parse_decimal(cell).has_value();
    }
    m.fields[k].type = any && all_numbers ? FieldType::kNumber : FieldType::kHidden;
  }

  auto report = [&](std::size_t line, const std::string& message) {
    if (++result.failed <= HistoryLimits::kMaxErrors)
      result.errors.push_back({"", message, "", line});
  };
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    std::size_t line = table.lines[r];
    auto outcome = parse_outcome(row[*label_at]);
    if (!outcome) {
      report(line, "column " + in_quotes(m.label) + ": expected 1/0, true/false or yes/no, got " +
                       in_quotes(row[*label_at]));
      continue;
    }
    HistoryRow out;
    out.line = line;
    out.converted = *outcome;
    std::string problem;
    for (std::size_t k = 0; k < m.fields.size() && problem.empty(); ++k) {
      std::string cell = text::trim(row[field_at[k]]);
      if (is_missing(m, row[field_at[k]]) || is_missing(m, cell)) continue;
      if (m.fields[k].numeric() && !parse_decimal(cell)) {
        problem = "column " + in_quotes(m.fields[k].column) + ": expected a number, got " +
                  in_quotes(cell);
      }
      out.lead.contact[m.fields[k].name] = cell;
    }
    for (std::size_t k = 0; k < m.events.size() && problem.empty(); ++k) {
      const std::string& cell = row[event_at[k]];
      if (is_missing(m, cell)) continue;
      std::int64_t count = 0;
      std::string bad = read_count(cell, count);
      if (!bad.empty()) {
        problem = "column " + in_quotes(m.events[k].column) + ": " + bad;
        break;
      }
      for (std::int64_t i = 0; i < count; ++i) out.lead.events.push_back({m.events[k].name, 0, ""});
    }
    if (out.lead.events.size() > LeadLimits::kMaxEvents) {
      problem = "at most " + std::to_string(LeadLimits::kMaxEvents) + " events per lead, got " +
                std::to_string(out.lead.events.size()) + " in all";
    }
    if (!problem.empty()) {
      report(line, problem);
      continue;
    }
    result.rows.push_back(std::move(out));
  }
  return result;
}

HistoryResult read_jsonl_history(std::string_view text, const std::string& label) {
  HistoryResult result;
  HistoryMapping& m = result.mapping;
  m.label = label.empty() ? "converted" : label;
  m.inferred = true;
  std::set<std::string> events_seen;
  std::vector<bool> all_numbers;  // parallel to m.fields
  auto report = [&](std::size_t line, const Errors& errors) {
    if (++result.failed > HistoryLimits::kMaxErrors) return;
    for (const auto& e : errors) {
      result.errors.push_back({e.path, e.message, e.code, line});
    }
  };
  std::size_t line = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (result.rows.size() >= HistoryLimits::kMaxRows) {
      result.errors.push_back(
          {"", "at most " + std::to_string(HistoryLimits::kMaxRows) + " leads per history file", "",
           line});
      result.fatal = true;
      return result;
    }
    ParsedJson parsed = parse_json(content);
    if (!parsed.ok()) {
      report(line, {{"", parsed.error}});
      continue;
    }
    std::optional<bool> outcome;
    if (parsed.value.is_object() && parsed.value.contains(m.label)) {
      outcome = outcome_from_json(parsed.value[m.label]);
      parsed.value.erase(m.label);
    }
    if (!outcome) {
      report(line,
             {{m.label, "required for a history, expected true/false, 1/0 or \"yes\"/\"no\""}});
      continue;
    }
    LeadResult lead = parse_lead_document(parsed.value);
    if (!lead.ok()) {
      report(line, lead.errors);
      continue;
    }
    for (const auto& entry : lead.lead->contact) {
      const std::string& key = entry.first;
      const Json& value = entry.second;
      auto it = std::find_if(m.fields.begin(), m.fields.end(),
                             [&](const MappedColumn& f) { return f.name == key; });
      std::size_t k = static_cast<std::size_t>(it - m.fields.begin());
      if (it == m.fields.end()) {
        m.fields.push_back({key, key, std::nullopt});
        all_numbers.push_back(true);
      }
      all_numbers[k] = all_numbers[k] && milli_from_json(value).has_value();
    }
    for (const auto& event : lead.lead->events) {
      if (events_seen.insert(event.type).second)
        m.events.push_back({event.type, event.type, std::nullopt});
    }
    HistoryRow row;
    row.line = line;
    row.lead = std::move(*lead.lead);
    row.converted = *outcome;
    result.rows.push_back(std::move(row));
  }
  for (std::size_t k = 0; k < m.fields.size(); ++k) {
    m.fields[k].type = all_numbers[k] ? FieldType::kNumber : FieldType::kHidden;
  }
  return result;
}

std::vector<bool> holdout_split(const std::vector<HistoryRow>& rows, std::int64_t share_milli,
                                std::uint64_t seed) {
  // splitmix64 (Steele, Lea, Flood 2014): a full-period 64-bit generator in integer steps.
  std::uint64_t state = seed;
  auto next = [&state]() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  // A uniform draw in [0, n) without modulo bias (rejection of the short last bucket).
  auto below = [&](std::uint64_t n) {
    std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    for (;;) {
      std::uint64_t x = next();
      if (x < limit) return x % n;
    }
  };
  std::vector<bool> holdout(rows.size(), false);
  for (bool converted : {true, false}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].converted == converted) members.push_back(i);
    }
    for (std::size_t i = members.size(); i > 1; --i) {
      std::swap(members[i - 1], members[static_cast<std::size_t>(below(i))]);
    }
    auto count = static_cast<std::size_t>(
        (static_cast<std::int64_t>(members.size()) * share_milli + 500) / 1000);
    for (std::size_t i = 0; i < count && i < members.size(); ++i) holdout[members[i]] = true;
  }
  return holdout;
}

}  // namespace magnete
