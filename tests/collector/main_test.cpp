// magnete-collector as it starts (src/collector/main.cpp): a second collector on the folder or
// the port of a running one stops at once, saying why, instead of sharing them unseen.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "collector_process.hpp"
#include "seed_leads.hpp"

extern char** environ;

namespace magnete::collector {
namespace {

namespace fs = std::filesystem;

// build/bin/magnete-collector with `args`, its stderr to `log`; the pid, or -1.
pid_t spawn_collector(std::vector<std::string> args, const fs::path& log) {
  args.insert(args.begin(), std::string(MAGNETE_BIN_DIR) + "/magnete-collector");
  args.insert(args.end(), {"--campaigns", magnete::testing::source_path("demo/campaigns")});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// The exit status of `pid` within 60 s, else -1 (and it is killed).
int exit_status(pid_t pid) {
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
       std::chrono::steady_clock::now() < until;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

class CollectorStart : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-start");
    fs::create_directories(dir_ / "a");
    fs::create_directories(dir_ / "b");
    port_ = magnete::testing::free_port();
    ASSERT_GT(port_, 0);
    first_ = spawn_collector({"--port", std::to_string(port_), "--data", (dir_ / "a").string()},
                             dir_ / "first.log");
    ASSERT_GT(first_, 0);
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1);
    client.set_read_timeout(5);
    for (int i = 0; i < 300; ++i) {  // up to a minute on a busy machine
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    FAIL() << "the first collector did not answer /healthz: "
           << magnete::testing::read_text((dir_ / "first.log").string());
  }
  void TearDown() override {
    if (first_ > 0) {
      kill(first_, SIGKILL);
      waitpid(first_, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path dir_;
  int port_ = 0;
  pid_t first_ = -1;
};

TEST_F(CollectorStart, ASecondCollectorOnTheSameDataFolderStopsSayingAnotherHoldsIt) {
  pid_t second = spawn_collector(
      {"--port", std::to_string(magnete::testing::free_port()), "--data", (dir_ / "a").string()},
      dir_ / "second.log");
  ASSERT_GT(second, 0);
  EXPECT_EQ(exit_status(second), 1);
  const std::string log = magnete::testing::read_text((dir_ / "second.log").string());
  EXPECT_NE(log.find("another magnete-collector (pid " + std::to_string(first_) + ") holds " +
                     (dir_ / "a").string() + "/magnete.lock"),
            std::string::npos)
      << log;
}

TEST_F(CollectorStart, ASecondCollectorOnTheSamePortStopsSayingSo) {
  pid_t second = spawn_collector({"--port", std::to_string(port_), "--data", (dir_ / "b").string()},
                                 dir_ / "second.log");
  ASSERT_GT(second, 0);
  EXPECT_EQ(exit_status(second), 1);
  const std::string log = magnete::testing::read_text((dir_ / "second.log").string());
  EXPECT_NE(log.find("cannot listen on 127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << log;
}

}  // namespace
}  // namespace magnete::collector
