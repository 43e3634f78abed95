// Which files of the served folders may be sent: src/collector/static_files.cpp.
#include "static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "seed_leads.hpp"

namespace magnete::collector {
namespace {

namespace fs = std::filesystem;

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-static");
    fs::create_directories(dir_ / "site" / "ebook");
    fs::create_directories(dir_ / "site" / ".git");
    std::ofstream(dir_ / "site" / "index.html") << "home";
    std::ofstream(dir_ / "site" / "ebook" / "index.html") << "ebook";
    std::ofstream(dir_ / "site" / ".env") << "TOKEN=secret";
    std::ofstream(dir_ / "site" / ".git" / "config") << "[core]";
    std::ofstream(dir_ / "secret.txt") << "secret";
    fs::create_directories(dir_ / "outside");
    std::ofstream(dir_ / "outside" / "index.html") << "outside";
    fs::create_symlink(dir_ / "secret.txt", dir_ / "site" / "leak.txt");
    fs::create_directory_symlink(dir_ / "outside", dir_ / "site" / "elsewhere");
    fs::create_symlink(dir_ / "site" / "ebook" / "index.html", dir_ / "site" / "alias.html");
    root_ = (dir_ / "site").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string root_;
};

TEST_F(StaticFiles, PagesOfTheFolderAreServable) {
  for (const char* path : {"", "index.html", "ebook/", "ebook/index.html", "alias.html",
                           "missing.html", "ebook/missing/", "a.b/c.d.html"}) {
    EXPECT_TRUE(servable(root_, path)) << path;
  }
}

TEST_F(StaticFiles, DotfilesAreNot) {
  for (const char* path : {".env", ".git/config", ".git/", "ebook/.htpasswd", "..", "../secret.txt",
                           "ebook/../index.html", "./index.html", ".well-known/x"}) {
    EXPECT_FALSE(servable(root_, path)) << path;
  }
}

TEST_F(StaticFiles, SymbolicLinksOutOfTheFolderAreNot) {
  EXPECT_FALSE(servable(root_, "leak.txt"));
  EXPECT_FALSE(servable(root_, "elsewhere/"));
  EXPECT_FALSE(servable(root_, "elsewhere/index.html"));
}

TEST_F(StaticFiles, AFolderThatDoesNotExistRefusesNothingItHasNothingToSend) {
  EXPECT_TRUE(servable((dir_ / "none").string(), "index.html"));
  EXPECT_FALSE(servable((dir_ / "none").string(), ".env"));
}

TEST_F(StaticFiles, ControlCharactersAreNot) {
  using namespace std::string_literals;
  EXPECT_FALSE(servable(root_, "index.html\0.js"s));
  EXPECT_FALSE(servable(root_, "index.html\n"));
  EXPECT_FALSE(servable(root_, "ebook/\x7f"));
}

}  // namespace
}  // namespace magnete::collector
