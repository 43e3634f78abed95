#pragma once
// Helpers shared by the GoogleTest suites: reading the repository's files and corpora.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace magnete::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(MAGNETE_SOURCE_DIR) + "/" + relative;
}

inline std::string corpus_path(const std::string& relative) {
  return std::string(MAGNETE_CORPORA_DIR) + "/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace magnete::testing
