#include "postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "collector_process.hpp"
#include "support.hpp"

extern char** environ;

namespace magnete::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInstall =
    "`make test` installs them (Debian's postgresql package: apt-get install postgresql)";

// The bin folder of the newest PostgreSQL under /usr/lib/postgresql with a server in it.
fs::path find_binaries() {
  fs::path best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = entry.path().filename().string();
    int version = std::atoi(name.c_str());
    fs::path bin = entry.path() / "bin";
    if (version > best_version && fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") &&
        fs::exists(bin / "postgres")) {
      best_version = version;
      best = bin;
    }
  }
  return best;
}

// `argv` run in `cwd`, its output appended to `log`; its exit status, or -1.
int run(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class PostgresServer {
 public:
  PostgresServer() { start(); }
  ~PostgresServer() {
    if (running_) {
      run(as_owner(
              {(bin_ / "pg_ctl").string(), "-D", data_.string(), "-m", "immediate", "-w", "stop"}),
          dir_, dir_ / "pg_ctl.log");
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  const std::string& error() const { return error_; }

  std::string create_database() {
    const std::string base = "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/";
    const std::string name = "test_" + std::to_string(++databases_);
    PGconn* conn = PQconnectdb((base + "postgres").c_str());
    // A name of ours, never a value from outside: CREATE DATABASE takes no parameters.
    PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    bool created = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string message = PQerrorMessage(conn);
    PQclear(r);
    PQfinish(conn);
    if (!created) {
      ADD_FAILURE() << "CREATE DATABASE " << name << " on the test server: " << message;
      return "";
    }
    return base + name;
  }

 private:
  // initdb and pg_ctl refuse root: as root, they run as nobody in folders nobody owns.
  std::vector<std::string> as_owner(std::vector<std::string> argv) const {
    if (getuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "nobody", "--"});
    return argv;
  }

  bool give_to_owner(const fs::path& path) {
    if (getuid() != 0) return true;
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr || chown(path.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      error_ = "cannot give " + path.string() + " to the user nobody, who runs PostgreSQL";
      return false;
    }
    return true;
  }

  void start() {
    bin_ = find_binaries();
    if (bin_.empty()) {
      error_ =
          std::string("no PostgreSQL server in /usr/lib/postgresql/<version>/bin: ") + kInstall;
      return;
    }
    std::string pattern = (fs::temp_directory_path() / "magnete-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      error_ = "cannot make a folder in " + fs::temp_directory_path().string();
      return;
    }
    dir_ = pattern;
    data_ = dir_ / "data";
    if (!give_to_owner(dir_) || !make_cluster()) return;
    // A port found free may be taken before the server binds it: a few tries.
    for (int attempt = 0; attempt < 3 && !running_; ++attempt) {
      port_ = free_port();
      // fsync off: a test server's data need not survive a power cut. Its socket in our folder.
      const std::string options = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port_) +
                                  " -c unix_socket_directories=" + dir_.string() +
                                  " -c fsync=off -c synchronous_commit=off " +
                                  "-c full_page_writes=off -c max_connections=200";
      running_ =
          run(as_owner({(bin_ / "pg_ctl").string(), "-D", data_.string(), "-l",
                        (dir_ / "server.log").string(), "-o", options, "-w", "-t", "60", "start"}),
              dir_, dir_ / "pg_ctl.log") == 0;
    }
    if (!running_) {
      error_ = "pg_ctl start failed: " + read_text((dir_ / "pg_ctl.log").string()) +
               read_text((dir_ / "server.log").string());
    }
  }

  // The cluster: a copy of one made by initdb once for every test binary and test process of
  // this PostgreSQL version and user (ctest runs each test in a process of its own, and initdb
  // takes seconds where a copy takes a fraction).
  bool make_cluster() {
    const fs::path cache = fs::temp_directory_path() /
                           ("magnete-pg-cluster-" + bin_.parent_path().filename().string() + "-" +
                            std::to_string(getuid()));
    std::error_code ec;
    if (!fs::exists(cache / "PG_VERSION", ec)) {
      // Made aside, then renamed: a cluster at `cache` is always whole.
      const fs::path fresh = dir_ / "cluster";
      if (run(as_owner({(bin_ / "initdb").string(), "-D", fresh.string(), "-A", "trust", "-U",
                        "postgres", "-E", "UTF8", "--locale=C", "--no-sync"}),
              dir_, dir_ / "initdb.log") != 0) {
        error_ = "initdb failed: " + read_text((dir_ / "initdb.log").string());
        return false;
      }
      const fs::path aside = cache.string() + "." + std::to_string(getpid());
      if (run(as_owner({"cp", "-a", fresh.string(), aside.string()}), dir_, dir_ / "cp.log") != 0) {
        error_ = "cannot copy the cluster: " + read_text((dir_ / "cp.log").string());
        return false;
      }
      fs::rename(aside, cache, ec);
      if (ec) fs::remove_all(aside, ec);  // another process put its own there first
      fs::remove_all(fresh, ec);
    }
    if (run(as_owner({"cp", "-a", cache.string(), data_.string()}), dir_, dir_ / "cp.log") != 0) {
      error_ = "cannot copy the cluster " + cache.string() + ": " +
               read_text((dir_ / "cp.log").string());
      return false;
    }
    return true;
  }

  fs::path bin_, dir_, data_;
  int port_ = 0;
  bool running_ = false;
  std::string error_;
  int databases_ = 0;
};

}  // namespace

std::string postgres_uri() {
  static PostgresServer server;
  if (!server.error().empty()) {
    ADD_FAILURE() << "the test PostgreSQL server: " << server.error();
    return "";
  }
  return server.create_database();
}

}  // namespace magnete::testing
