#include <fstream>
#include <iostream>
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

}  // namespace magnete::cli
