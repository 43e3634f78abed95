// History files into leads: the mapping, CSV rows and JSONL lines, and the seeded split.
#include <gtest/gtest.h>

#include <string>

#include "magnete/history.hpp"

namespace magnete {
namespace {

std::vector<std::string> errors(const Errors& list) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(to_string(e));
  return out;
}

constexpr const char* kCsv =
    "Lead Origin,Visits,Time on site,Won\n"
    "API,3,120,1\n"
    "Form,0,,no\n"
    "API,1,45.5,TRUE\n";

TEST(HistoryMapping, ReadsColumnsFieldsEventsAndIgnored) {
  MappingResult m = parse_mapping(R"({"label": "Won", "missing": ["", "n/a"],
    "fields": [{"column": "Lead Origin", "type": "hidden"}, {"column": "Time on site", "field": "time_s", "type": "number"}],
    "events": [{"column": "Visits", "event": "page_view"}], "ignore": ["Notes"]})");
  ASSERT_TRUE(m.mapping) << to_string(m.errors[0]);
  EXPECT_EQ(m.mapping->label, "Won");
  EXPECT_EQ(m.mapping->missing, (std::vector<std::string>{"", "n/a"}));
  ASSERT_EQ(m.mapping->fields.size(), 2u);
  EXPECT_EQ(m.mapping->fields[0].name, "lead_origin");  // named after the column
  EXPECT_EQ(m.mapping->fields[1].name, "time_s");
  EXPECT_TRUE(m.mapping->fields[1].numeric());
  EXPECT_EQ(m.mapping->events[0].name, "page_view");
}

TEST(HistoryMapping, EveryErrorNamesItsPath) {
  MappingResult m = parse_mapping(R"({"lable": "Won",
    "fields": [{"column": "A", "type": "date"}, {"column": "A"}, {"field": "x"}],
    "events": [{"column": "B"}]})");
  EXPECT_FALSE(m.mapping);
  EXPECT_EQ(errors(m.errors),
            (std::vector<std::string>{
                "lable: unknown key; did you mean \"label\"?",
                "fields[0].type: expected \"number\", \"hidden\", \"text\", \"select\" or "
                "\"radio\", got \"date\"",
                "fields[1].column: column \"A\" is already used (label, fields, events or ignore)",
                "fields[1].field: field \"a\" is mapped twice",
                "fields[2].column: required, expected a string",
                "events[0].event: required, expected an identifier"}));
  EXPECT_EQ(to_string(parse_mapping("{\"fields\": [}").errors[0]).substr(0, 17),
            "line 1, column 13");
}

TEST(History, CsvRowsBecomeLeadsWithFieldsAndCountedEvents) {
  HistoryMapping m = *parse_mapping(R"({"label": "Won",
    "fields": [{"column": "Lead Origin"}, {"column": "Time on site", "field": "time_s"}],
    "events": [{"column": "Visits", "event": "page_view"}]})")
                          .mapping;
  HistoryResult h = read_csv_history(kCsv, &m, "", {});
  ASSERT_TRUE(h.errors.empty()) << to_string(h.errors[0]);
  ASSERT_EQ(h.rows.size(), 3u);
  EXPECT_TRUE(h.rows[0].converted);
  EXPECT_FALSE(h.rows[1].converted);
  EXPECT_TRUE(h.rows[2].converted);
  EXPECT_EQ(h.rows[0].lead.contact.at("lead_origin"), "API");
  EXPECT_EQ(h.rows[0].lead.events.size(), 3u);
  EXPECT_EQ(h.rows[0].lead.events[0].type, "page_view");
  EXPECT_EQ(h.rows[1].lead.contact.count("time_s"), 0u);  // an empty cell is no value
  EXPECT_EQ(h.rows[2].line, 4u);
  // Types left open are settled from the values: every time is a number, origins are not.
  EXPECT_EQ(h.mapping.fields[0].type, FieldType::kHidden);
  EXPECT_EQ(h.mapping.fields[1].type, FieldType::kNumber);
}

TEST(History, BadCellsAreReportedByLineAndColumnAndTheRowLeftOut) {
  HistoryMapping m =
      *parse_mapping(R"({"label": "Won", "fields": [{"column": "Time on site", "type": "number"}],
    "events": [{"column": "Visits", "event": "page_view"}]})")
           .mapping;
  HistoryResult h = read_csv_history(
      "Visits,Time on site,Won\n2,abc,1\n2.5,10,0\n-1,10,0\n3,10,maybe\n5000,1,1\n1,1,0\n", &m, "",
      {});
  EXPECT_EQ(
      errors(h.errors),
      (std::vector<std::string>{
          "line 2: column \"Time on site\": expected a number, got \"abc\"",
          "line 3: column \"Visits\": expected a whole number of events (0 or more), got \"2.5\"",
          "line 4: column \"Visits\": expected a whole number of events (0 or more), got \"-1\"",
          "line 5: column \"Won\": expected 1/0, true/false or yes/no, got \"maybe\"",
          "line 6: column \"Visits\": at most 1000 events per lead, got 5000"}));
  EXPECT_EQ(h.failed, 5u);
  ASSERT_EQ(h.rows.size(), 1u);
  EXPECT_EQ(h.rows[0].line, 7u);
}

TEST(History, AMappedColumnMissingFromTheHeaderIsFatalWithASuggestion) {
  HistoryMapping m =
      *parse_mapping(R"({"label": "Won", "fields": [{"column": "Lead Orgin"}]})").mapping;
  HistoryResult h = read_csv_history(kCsv, &m, "", {});
  EXPECT_TRUE(h.fatal);
  EXPECT_EQ(errors(h.errors),
            (std::vector<std::string>{"line 1: the mapped column \"Lead Orgin\" is not in the "
                                      "header; did you mean \"Lead Origin\"?"}));
  HistoryResult no_label = read_csv_history(kCsv, nullptr, "Converted", {});
  EXPECT_TRUE(no_label.fatal);
  EXPECT_EQ(to_string(no_label.errors[0]),
            "line 1: the label column \"Converted\" is not in the header");
}

TEST(History, WithoutAMappingEveryOtherColumnIsAField) {
  HistoryResult h = read_csv_history(kCsv, nullptr, "Won", {"Visits"});
  ASSERT_TRUE(h.errors.empty());
  ASSERT_EQ(h.mapping.fields.size(), 2u);
  EXPECT_EQ(h.mapping.fields[0].name, "lead_origin");
  EXPECT_EQ(h.mapping.fields[1].name, "time_on_site");
  EXPECT_EQ(h.mapping.fields[1].type, FieldType::kNumber);
  EXPECT_TRUE(h.mapping.events.empty());
  EXPECT_EQ(h.rows[0].lead.contact.count("visits"), 0u);  // ignored
}

TEST(History, JsonlLinesAreLeadsWithTheirOutcome) {
  HistoryResult h = read_jsonl_history(
      R"({"contact": {"sector": "fitness", "age": 40}, "events": [{"type": "page_view"}], "won": true})"
      "\n"
      "\n"
      R"({"contact": {"sector": "retail", "age": "n/a"}, "won": 0})"
      "\n"
      R"({"contact": {}, "won": "perhaps"})"
      "\n"
      R"({"contact": [], "won": 1})"
      "\n"
      "{oops\n",
      "won");
  ASSERT_EQ(h.rows.size(), 2u);
  EXPECT_TRUE(h.rows[0].converted);
  EXPECT_FALSE(h.rows[1].converted);
  EXPECT_EQ(h.rows[1].line, 3u);
  ASSERT_EQ(h.mapping.fields.size(), 2u);
  EXPECT_EQ(h.mapping.fields[0].name, "age");
  EXPECT_EQ(h.mapping.fields[0].type, FieldType::kHidden);  // "n/a" is not a number
  EXPECT_EQ(h.mapping.fields[1].name, "sector");
  EXPECT_EQ(h.mapping.events.size(), 1u);
  ASSERT_EQ(h.errors.size(), 3u);
  EXPECT_EQ(to_string(h.errors[0]),
            "line 4: won: required for a history, expected true/false, 1/0 or \"yes\"/\"no\"");
  EXPECT_EQ(to_string(h.errors[1]).substr(0, 17), "line 5: contact: ");
  EXPECT_EQ(to_string(h.errors[2]).substr(0, 8), "line 6: ");
}

TEST(HoldoutSplit, IsStratifiedAndTheSameForTheSameSeed) {
  std::vector<HistoryRow> rows(1000);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].converted = i % 4 == 0;  // 250 converted
  auto a = holdout_split(rows, 300, 7), b = holdout_split(rows, 300, 7),
       c = holdout_split(rows, 300, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::size_t held = 0, held_converted = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    held += a[i];
    held_converted += a[i] && rows[i].converted;
  }
  EXPECT_EQ(held, 300u);
  EXPECT_EQ(held_converted, 75u);  // 30% of each class
}

}  // namespace
}  // namespace magnete
