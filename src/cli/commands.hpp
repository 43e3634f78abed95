#pragma once
// The `magnete` subcommands. Each takes its arguments (after the subcommand name) and
// returns the process exit code: 0 success, 1 the input had errors, 2 bad usage.
#include <optional>
#include <string>
#include <vector>

#include "magnete/campaign.hpp"

namespace magnete::cli {

using Args = std::vector<std::string>;

int validate(const Args& args);
int score(const Args& args);
int backtest(const Args& args);
int explain(const Args& args);

/// Reads a whole file; nullopt (and a message on stderr) when it cannot.
std::optional<std::string> read_file(const std::string& path);
/// Reads and validates a campaign, printing every error as "FILE: path: message".
std::optional<Campaign> load_campaign(const std::string& path);
/// Prints "usage: ..." to stderr and returns 2.
int usage_error(const std::string& usage, const std::string& problem);
/// True when args ask for help; prints the help text to stdout.
bool wants_help(const Args& args, const std::string& help);

}  // namespace magnete::cli
