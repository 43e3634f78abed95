#pragma once
// The `magnete` subcommands. Each takes its arguments (after the subcommand name) and
// returns the process exit code: 0 success, 1 the input had errors, 2 bad usage.
#include <optional>
#include <string>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/history.hpp"

namespace magnete::cli {

using Args = std::vector<std::string>;

int validate(const Args& args);
int score(const Args& args);
int backtest(const Args& args);
int explain(const Args& args);
int learn(const Args& args);  ///< `magnete learn`, also `magnete fit`

/// Reads a whole file; nullopt (and a message on stderr) when it cannot.
std::optional<std::string> read_file(const std::string& path);
/// Reads and validates a campaign, printing every error as "FILE: path: message".
std::optional<Campaign> load_campaign(const std::string& path);
/// Prints "usage: ..." to stderr and returns 2.
int usage_error(const std::string& usage, const std::string& problem);
/// True when args ask for help; prints the help text to stdout.
bool wants_help(const Args& args, const std::string& help);

/// "FILE:12: path: message" for an error with a line, else "FILE: path: message".
std::string where(const std::string& file, const Error& error);

/// How `learn` and `backtest` read a history and choose its holdout rows.
struct HistoryOptions {
  std::string mapping;              ///< --mapping FILE (CSV)
  std::string label;                ///< --label COLUMN (default: the mapping's, else "converted")
  std::vector<std::string> ignore;  ///< --ignore COLUMN, repeatable (CSV without a mapping)
  std::optional<std::int64_t> holdout_milli;  ///< --holdout 0.3
  std::uint64_t seed = 42;                    ///< --seed N
};
/// The help lines of those options.
extern const char* const kHistoryOptionsHelp;
/// Reads args[i] (and its value) when it is one of those options: 1 consumed, 0 not one of
/// them, 2 bad usage (the message is printed with the usage line).
int history_option(const Args& args, std::size_t& i, HistoryOptions& options,
                   const std::string& usage);
/// Reads a CSV (RFC 4180) or JSONL history ('-': standard input), printing each bad row as
/// FILE:N: message on stderr (N: the error's line); nullopt when nothing could be read.
std::optional<HistoryResult> load_history(const std::string& path, const HistoryOptions& options);

}  // namespace magnete::cli
