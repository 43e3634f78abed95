#pragma once
// Helpers shared by the GoogleTest suites: reading the repository's files and corpora.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace magnete::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(MAGNETE_SOURCE_DIR) + "/" + relative;
}

/// A file of the public corpora; a missing corpus is a loud failure, never a silent skip.
inline std::string corpus_path(const std::string& relative) {
  std::string path = std::string(MAGNETE_CORPORA_DIR) + "/" + relative;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "missing corpus " << path << " (configure with -DMAGNETE_CORPORA_DIR=...)";
  }
  return path;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace magnete::testing
