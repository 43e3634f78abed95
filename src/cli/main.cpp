// `magnete`: validate, score, backtest and explain leads against a campaign file from the shell,
// and learn a points table from a history.
#include <iostream>
#include <string>

#include "commands.hpp"

namespace {

constexpr const char* kUsage =
    "usage: magnete <command> [options]\n\n"
    "commands:\n"
    "  validate CAMPAIGN              check a campaign file; print OK or every error\n"
    "  score CAMPAIGN LEADS.jsonl     score each lead line; one JSON result per line\n"
    "  backtest CAMPAIGN HISTORY      how well the score separates leads that converted\n"
    "  explain CAMPAIGN LEAD.json     human-readable breakdown of one lead\n"
    "  learn HISTORY -o CAMPAIGN      learn an editable points table from leads whose outcome\n"
    "                                 is known (CSV or JSONL); `fit` is the same command\n\n"
    "Run 'magnete <command> --help' for the options of each command.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace magnete::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = argv[1];
  Args args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "validate") return validate(args);
  if (command == "score") return score(args);
  if (command == "backtest") return backtest(args);
  if (command == "explain") return explain(args);
  if (command == "learn" || command == "fit") return learn(args);  // fit: its first name
  std::cerr << "magnete: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
