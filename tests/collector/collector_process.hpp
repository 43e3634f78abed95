#pragma once
// The real magnete-collector (MAGNETE_BIN_DIR) as a child process, for the suites that kill it,
// restart it, run several or run it to its end: a free port, and the binary spawned with its
// output where the test wants it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace magnete::testing {

/// A port nobody listens on. Not httplib's bind_to_any_port: its socket stays open (stop()
/// closes only a running server's) with SO_REUSEPORT, so the kernel would hand it half the
/// collector's connections, which nobody would ever accept.
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

/// The collector binary's path.
inline std::string collector_binary() {
  return std::string(MAGNETE_BIN_DIR) + "/magnete-collector";
}

/// Starts the collector with `args` (its flags, without the binary), its standard output to the
/// file `out` (/dev/null when "") and its standard error to the file `err` (this process's when
/// ""), both truncated. Its pid, or -1 after ADD_FAILURE.
inline pid_t spawn_collector(std::vector<std::string> args, const std::string& out = "",
                             const std::string& err = "") {
  std::string binary = collector_binary();
  args.insert(args.begin(), binary);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (out.empty()) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  if (!err.empty()) {
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << binary << ": " << std::strerror(spawned);
    return -1;
  }
  return pid;
}

}  // namespace magnete::testing
