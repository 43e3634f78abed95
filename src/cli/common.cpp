#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "commands.hpp"

namespace magnete::cli {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "magnete: cannot read " << path << "\n";
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::optional<Campaign> load_campaign(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::nullopt;
  CampaignResult result = parse_campaign(*text);
  for (const auto& error : result.errors) std::cerr << path << ": " << to_string(error) << "\n";
  return std::move(result.campaign);
}

int usage_error(const std::string& usage, const std::string& problem) {
  std::cerr << "magnete: " << problem << "\nusage: " << usage << "\n";
  return 2;
}

bool wants_help(const Args& args, const std::string& help) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << help;
      return true;
    }
  }
  return false;
}

std::string where(const std::string& file, const Error& error) {
  if (error.line == 0) return file + ": " + to_string(error);
  Error rest = error;
  rest.line = 0;
  return file + ":" + std::to_string(error.line) + ": " + to_string(rest);
}

const char* const kHistoryOptionsHelp =
    "--mapping FILE  which CSV columns are fields, which are event counts, which one is\n"
    "                the outcome (JSON: label, missing, fields, events, ignore); without it\n"
    "                every column but the label and --ignore is a field\n"
    "--label COLUMN  the outcome column (1/0, true/false, yes/no); default: the mapping's,\n"
    "                else \"converted\"\n"
    "--ignore COLUMN leave a column out (repeatable; CSV without a mapping)\n"
    "--holdout SHARE the share held out, stratified by outcome (0 to 0.9, default 0.3;\n"
    "                0: every lead trains, none is held out)\n"
    "--seed N        the seed of the split (default 42): the same seed, the same split\n";

int history_option(const Args& args, std::size_t& i, HistoryOptions& options,
                   const std::string& usage) {
  const std::string& name = args[i];
  if (name != "--mapping" && name != "--label" && name != "--ignore" && name != "--holdout" &&
      name != "--seed") {
    return 0;
  }
  if (i + 1 >= args.size()) return usage_error(usage, name + " needs a value");
  const std::string& value = args[++i];
  if (name == "--mapping") options.mapping = value;
  if (name == "--label") options.label = value;
  if (name == "--ignore") options.ignore.push_back(value);
  if (name == "--holdout") {
    auto share = parse_decimal(value);
    if (!share || *share < 0 || *share > 900 || value.find(',') != std::string::npos) {
      return usage_error(
          usage,
          "--holdout: expected a share from 0 to 0.9 (at most 3 decimals), got \"" + value + "\"");
    }
    options.holdout_milli = *share;
  }
  if (name == "--seed") {
    bool digits = !value.empty() && value.size() <= 19 &&
                  value.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      return usage_error(
          usage,
          "--seed: expected a whole number from 0 to 999999999999999999, got \"" + value + "\"");
    options.seed = std::stoull(value);
  }
  return 1;
}

std::optional<HistoryResult> load_history(const std::string& path, const HistoryOptions& options) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (auto file = read_file(path)) {
    text = std::move(*file);
  } else {
    return std::nullopt;
  }
  std::string name = path == "-" ? "<stdin>" : path;
  std::optional<HistoryMapping> mapping;
  if (!options.mapping.empty()) {
    auto mapping_text = read_file(options.mapping);
    if (!mapping_text) return std::nullopt;
    MappingResult parsed = parse_mapping(*mapping_text);
    for (const auto& e : parsed.errors)
      std::cerr << options.mapping << ": " << to_string(e) << "\n";
    if (!parsed.mapping) return std::nullopt;
    mapping = std::move(parsed.mapping);
  }
  HistoryResult history;
  if (looks_like_jsonl(text)) {
    if (mapping)
      std::cerr << "magnete: " << name << " is JSONL: --mapping applies to CSV only, ignored\n";
    history = read_jsonl_history(text, options.label);
  } else {
    std::string label = options.label;
    if (label.empty() && !mapping) label = "converted";
    history = read_csv_history(text, mapping ? &*mapping : nullptr, label, options.ignore);
  }
  for (const auto& e : history.errors) std::cerr << where(name, e) << "\n";
  if (history.failed > history.errors.size()) {
    std::cerr << name << ": " << history.failed - history.errors.size() << " more rows failed\n";
  }
  if (history.fatal) return std::nullopt;
  return history;
}

}  // namespace magnete::cli
