// The listening side under hostile clients (src/collector/connections.cpp): slow and idle
// connections do not keep others from being answered, a request has an overall deadline,
// and a second server cannot take the same port. No assertion is on a time: the timeouts
// below are generous bounds for a busy machine, not measurements.
#include "connections.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "campaigns.hpp"
#include "seed_leads.hpp"
#include "server.hpp"
#include "service.hpp"
#include "store.hpp"

namespace magnete::collector {
namespace {

using Clock = std::chrono::steady_clock;

// A TCP connection to the server, written to and read byte by byte by the test.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes) {
    return fd_ >= 0 && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size());
  }
  /// Reads what has arrived within `wait`; false once the server has closed the connection.
  bool receive(std::string& into, std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return true;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

 private:
  int fd_ = -1;
};

class ConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-connections");
    ASSERT_TRUE(campaigns_.load_dir(magnete::testing::source_path("demo/campaigns")));
  }

  void start(const Config& base) {
    Config config = base;
    config.data_dir = dir_.string();
    config.static_dir.clear();
    config.web_dir.clear();
    store_ = open_store("", config.data_dir);
    ASSERT_TRUE(store_->ok()) << store_->error();
    service_ = std::make_unique<Service>(
        config, campaigns_, *store_, [] { return magnete::testing::at("2026-11-22T10:00:00Z"); });
    server_ = make_server(*service_);
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(server_->is_running());
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // GET /healthz on a connection of its own, waiting as long as a patient client would.
  httplib::Result healthz() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(30);
    client.set_read_timeout(30);
    return client.Get("/healthz");
  }

  std::filesystem::path dir_;
  CampaignRegistry campaigns_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Slowloris: 64 connections send a request a byte at a time, each byte well within any
// per-read timeout, and keep at it while /healthz is asked. cpp-httplib's 8 threads were all
// theirs, for as long as they kept sending.
TEST_F(ConnectionsTest, HealthzAnswersWhileSixtyFourSlowConnectionsAreOpen) {
  start(Config{});
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 64; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(slow.back()->connected()) << i;
    ASSERT_TRUE(slow.back()->send("POST /v1/leads HTTP/1.1\r\n")) << i;
  }
  std::atomic<bool> asking{true};
  std::thread drip([&] {
    // One header byte per connection every 200 ms, until /healthz has its answer (at most 60 s).
    const auto until = Clock::now() + std::chrono::seconds(60);
    while (asking && Clock::now() < until) {
      for (auto& c : slow) c->send("X");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  auto first = healthz();
  auto second = healthz();
  asking = false;
  drip.join();
  ASSERT_TRUE(first) << httplib::to_string(first.error());
  EXPECT_EQ(first->status, 200);
  ASSERT_TRUE(second) << httplib::to_string(second.error());
  EXPECT_EQ(second->status, 200);
}

// 200 connections opened and left idle (as a browser's preconnections, or an attacker's):
// cpp-httplib kept each for 5 s of keep-alive on one of its 8 threads, one after another.
TEST_F(ConnectionsTest, HealthzAnswersWhileTwoHundredIdleConnectionsAreOpen) {
  start(Config{});
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(idle.back()->connected()) << i;
  }
  auto res = healthz();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
}

// A request whose headers trickle in for longer than the request deadline is answered 408 and
// its connection closed, however steadily the bytes come.
TEST_F(ConnectionsTest, ARequestThatDoesNotArriveWithinItsDeadlineIs408AndClosed) {
  Config config;
  config.request_timeout_ms = 1000;
  start(config);
  RawConnection slow(port_);
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.send("POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  std::string answer;
  bool open = true;
  // A byte every 100 ms, until the server closes (bounded at 60 s, far beyond the deadline).
  for (const auto until = Clock::now() + std::chrono::seconds(60); open && Clock::now() < until;) {
    slow.send("a");
    open = slow.receive(answer, std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(open) << "the server never closed the slow connection";
  EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("the request did not arrive within 1 s"), std::string::npos) << answer;
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos) << answer;
}

// A body that stalls after its headers: the same deadline.
TEST_F(ConnectionsTest, ABodyThatStallsIs408AndClosed) {
  Config config;
  config.request_timeout_ms = 1000;
  start(config);
  RawConnection slow(port_);
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(
      slow.send("POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"));
  std::string answer;
  bool open = true;
  for (const auto until = Clock::now() + std::chrono::seconds(60); open && Clock::now() < until;) {
    slow.send(" ");
    open = slow.receive(answer, std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(open) << "the server never closed the stalled connection";
  EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
}

// Requests on one kept-alive connection are answered one after another, up to the stated
// count, then the server closes it (the client opens another).
TEST_F(ConnectionsTest, AKeptAliveConnectionServesItsRequestsThenCloses) {
  start(Config{});
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  std::string answers;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  bool open = true;
  for (const auto until = Clock::now() + std::chrono::seconds(60); open && Clock::now() < until;) {
    open = c.receive(answers, std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(open);
  std::size_t count = 0;
  for (std::size_t at = answers.find("HTTP/1.1 200 OK"); at != std::string::npos;
       at = answers.find("HTTP/1.1 200 OK", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 5u) << answers;
  EXPECT_NE(answers.find("Connection: close"), std::string::npos) << answers;
}

// SO_REUSEPORT let a second collector bind the port of a running one, and the kernel then
// split the connections (and the leads) between the two.
TEST_F(ConnectionsTest, ASecondServerCannotTakeThePortOfARunningOne) {
  start(Config{});
  CollectorServer second{Config{}};
  EXPECT_FALSE(second.bind_to_port("127.0.0.1", port_));
  auto res = healthz();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(GrowingPool, GrowsPastItsFirstThreadsWhileTheyAreBusyUpToItsCap) {
  GrowingPool pool(2, 5);
  std::atomic<int> started{0};
  std::atomic<bool> release{false};
  for (int i = 0; i < 7; ++i) {
    pool.enqueue([&] {
      ++started;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  for (const auto until = Clock::now() + std::chrono::seconds(30);
       started < 5 && Clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(started, 5);  // five threads busy; two tasks wait their turn
  EXPECT_EQ(pool.threads(), 5u);
  release = true;
  pool.shutdown();
  EXPECT_EQ(started, 7);  // what was queued ran before the pool stopped
}

}  // namespace
}  // namespace magnete::collector
