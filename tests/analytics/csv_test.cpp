// RFC 4180 CSV as history files come: quoted commas, line breaks and quotes, CRLF, a byte
// order mark; a bad row is reported with its line and left out, the rest are read.
#include <gtest/gtest.h>

#include <string>

#include "magnete/history.hpp"
#include "support.hpp"

namespace magnete {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, ReadsQuotedCommasLineBreaksAndDoubledQuotes) {
  CsvResult r = parse_csv(
      "name,note,n\r\n\"Rossi, Mario\",\"line one\nline two\",1\r\nBianchi,\"say "
      "\"\"hi\"\"\",2\r\n");
  ASSERT_TRUE(r.errors.empty()) << to_string(r.errors[0]);
  EXPECT_EQ(r.table.header, (std::vector<std::string>{"name", "note", "n"}));
  EXPECT_EQ(r.table.rows,
            (Rows{{"Rossi, Mario", "line one\nline two", "1"}, {"Bianchi", "say \"hi\"", "2"}}));
  // The second row starts on line 4: the first one spans lines 2 and 3.
  EXPECT_EQ(r.table.lines, (std::vector<std::size_t>{2, 4}));
}

TEST(Csv, AcceptsLfEndingsAMissingFinalBreakEmptyFieldsAndABom) {
  CsvResult r = parse_csv(
      "\xEF\xBB\xBF"
      "a,b\n1,\n,2");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.table.rows, (Rows{{"1", ""}, {"", "2"}}));
}

TEST(Csv, SkipsBlankLines) {
  CsvResult r = parse_csv("a,b\n1,2\n\n3,4\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.table.rows.size(), 2u);
  EXPECT_EQ(r.table.lines, (std::vector<std::size_t>{2, 4}));
}

TEST(Csv, ARowWithTheWrongNumberOfFieldsIsReportedWithItsLineAndLeftOut) {
  CsvResult r = parse_csv("a,b\n1,2\n3\n4,5,6\n7,8\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(to_string(r.errors[0]), "line 3: expected 2 fields as in the header, got 1");
  EXPECT_EQ(to_string(r.errors[1]), "line 4: expected 2 fields as in the header, got 3");
  EXPECT_EQ(r.failed, 2u);
  EXPECT_EQ(r.table.rows, (Rows{{"1", "2"}, {"7", "8"}}));
  EXPECT_FALSE(r.fatal);
}

TEST(Csv, StrayQuotesAreErrorsThatNameTheField) {
  CsvResult r = parse_csv("a,b\nx,ab\"c\n\"q\"z,1\nok,1\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(
      to_string(r.errors[0]),
      "line 2: field 2: a quote inside an unquoted field (quote the field and double the quote)");
  EXPECT_EQ(
      to_string(r.errors[1]),
      "line 3: field 1: text after the closing quote (a quote inside a field is written \"\")");
  EXPECT_EQ(r.table.rows, (Rows{{"ok", "1"}}));
}

TEST(Csv, AnUnclosedQuoteNamesTheLineWhereItOpened) {
  CsvResult r = parse_csv("a,b\n1,2\n3,\"never\nclosed\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(to_string(r.errors[0]), "line 3: the quoted field opened on line 3 is never closed");
  EXPECT_EQ(r.table.rows.size(), 1u);
}

TEST(Csv, InvalidUtf8IsAnErrorNamingTheColumn) {
  CsvResult r = parse_csv("name,city\nMario,Mil\xE9n\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(to_string(r.errors[0]), "line 2: column \"city\": not valid UTF-8");
}

TEST(Csv, AHeaderProblemIsFatal) {
  EXPECT_TRUE(parse_csv("").fatal);
  CsvResult twice = parse_csv("a,b,a\n1,2,3\n");
  EXPECT_TRUE(twice.fatal);
  EXPECT_EQ(to_string(twice.errors[0]), "line 1: column \"a\" appears twice");
  CsvResult unnamed = parse_csv("a,,c\n1,2,3\n");
  EXPECT_EQ(to_string(unnamed.errors[0]), "line 1: column 2 has no name");
}

TEST(Csv, ReadsTheXEducationLeadsWhole) {
  CsvResult r = parse_csv(testing::read_text(testing::corpus_path("x-education-leads/Leads.csv")));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.table.header.size(), 37u);
  EXPECT_EQ(r.table.rows.size(), 9237u);
  EXPECT_EQ(r.table.header[6], "Converted");
}

}  // namespace
}  // namespace magnete
