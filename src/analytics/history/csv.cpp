// RFC 4180 CSV: comma-separated fields, records ending with CRLF (LF accepted), fields in
// double quotes may hold commas, line breaks and doubled quotes. A UTF-8 byte order mark is
// skipped. A record that breaks the rules is reported with its line and left out.
#include <string>

#include "magnete/history.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

std::string at_line(std::size_t line) { return "line " + std::to_string(line); }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  bool done() const { return pos_ >= text_.size(); }
  std::size_t line() const { return line_; }

  // Reads one record into `fields`; returns an empty string or what is wrong with it (the
  // rest of the record is then skipped, so the next record starts on its own line).
  std::string record(std::vector<std::string>& fields) {
    fields.clear();
    std::string problem;
    for (;;) {
      std::string field;
      if (!done() && text_[pos_] == '"') {
        std::size_t opened = line_;
        ++pos_;
        bool closed = false;
        while (!done()) {
          char c = text_[pos_++];
          if (c == '"') {
            if (!done() && text_[pos_] == '"') {
              field += '"';
              ++pos_;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line_;
            field += c;
          }
        }
        if (!closed) return "the quoted field opened on " + at_line(opened) + " is never closed";
        if (!done() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
          problem = "field " + std::to_string(fields.size() + 1) +
                    ": text after the closing quote (a quote inside a field is written \"\")";
        }
      } else {
        while (!done() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
          if (text_[pos_] == '"' && problem.empty()) {
            problem = "field " + std::to_string(fields.size() + 1) +
                      ": a quote inside an unquoted field (quote the field and double the quote)";
          }
          field += text_[pos_++];
        }
      }
      if (!problem.empty()) {
        skip_to_end_of_record();
        return problem;
      }
      if (field.size() > HistoryLimits::kMaxCellBytes) {
        skip_to_end_of_record();
        return "field " + std::to_string(fields.size() + 1) + ": longer than " +
               std::to_string(HistoryLimits::kMaxCellBytes) + " bytes";
      }
      fields.push_back(std::move(field));
      if (fields.size() > HistoryLimits::kMaxColumns) {
        skip_to_end_of_record();
        return "more than " + std::to_string(HistoryLimits::kMaxColumns) + " fields";
      }
      if (done()) return "";
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && !done() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return "";
    }
  }

 private:
  void skip_to_end_of_record() {
    bool quoted = false;
    while (!done()) {
      char c = text_[pos_++];
      if (c == '"') quoted = !quoted;
      if (c == '\n') {
        ++line_;
        if (!quoted) return;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

CsvResult parse_csv(std::string_view text) {
  CsvResult result;
  auto fail = [&](std::size_t line, const std::string& message) {
    result.table = {};
    result.errors.push_back({"", message, "", line});
    result.fatal = true;
    return result;
  };
  if (text.size() > HistoryLimits::kMaxBytes) {
    return fail(0, "at most " + std::to_string(HistoryLimits::kMaxBytes / (1024 * 1024)) +
                       " MB per history file, got " + std::to_string(text.size()) + " bytes");
  }
  Scanner scanner(text);
  if (scanner.done()) return fail(0, "empty file: expected a header line with the column names");
  std::string problem = scanner.record(result.table.header);
  if (!problem.empty()) return fail(1, problem);
  for (std::size_t i = 0; i < result.table.header.size(); ++i) {
    std::string name = text::trim(result.table.header[i]);
    if (name.empty()) return fail(1, "column " + std::to_string(i + 1) + " has no name");
    if (!text::valid_utf8(name))
      return fail(1, "column " + std::to_string(i + 1) + ": not valid UTF-8");
    for (std::size_t j = 0; j < i; ++j) {
      if (result.table.header[j] == name) return fail(1, "column \"" + name + "\" appears twice");
    }
    result.table.header[i] = name;
  }
  std::vector<std::string> fields;
  while (!scanner.done()) {
    std::size_t line = scanner.line();
    problem = scanner.record(fields);
    if (problem.empty() && fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (problem.empty() && fields.size() != result.table.header.size()) {
      problem = "expected " + std::to_string(result.table.header.size()) +
                " fields as in the header, got " + std::to_string(fields.size());
    }
    for (std::size_t i = 0; problem.empty() && i < fields.size(); ++i) {
      if (!text::valid_utf8(fields[i]))
        problem = "column \"" + result.table.header[i] + "\": not valid UTF-8";
    }
    if (!problem.empty()) {
      if (++result.failed <= HistoryLimits::kMaxErrors)
        result.errors.push_back({"", problem, "", line});
      continue;
    }
    if (result.table.rows.size() >= HistoryLimits::kMaxRows) {
      return fail(line,
                  "at most " + std::to_string(HistoryLimits::kMaxRows) + " rows per history file");
    }
    result.table.rows.push_back(fields);
    result.table.lines.push_back(line);
  }
  return result;
}

}  // namespace magnete
