#include "connections.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace magnete::collector {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A waiting connection looks at the listening socket this often, so that stop() is noticed.
constexpr milliseconds kStopCheck{100};

/// One connection's socket as cpp-httplib reads and writes it, under the deadlines of the
/// request being served: the request's from its first byte, the answer's from its first byte.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, const std::atomic<socket_t>& listening)
      : sock_(sock), listening_(listening) {}

  /// Waits up to `idle` for the next request's first byte; false when none came, or when the
  /// server is stopping.
  bool wait_for_request(milliseconds idle) {
    return begin_ < end_ || wait(POLLIN, Clock::now() + idle) > 0;
  }

  void start_request(milliseconds read_budget, milliseconds write_budget) {
    read_deadline_ = Clock::now() + read_budget;
    write_budget_ = write_budget;
    writing_ = false;
    timed_out_ = false;
  }

  bool timed_out() const { return timed_out_; }

  bool is_readable() const override { return begin_ < end_ || wait(POLLIN, read_deadline_) > 0; }

  bool is_writable() const override {
    start_writing();
    return wait(POLLOUT, write_deadline_) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      if (wait(POLLIN, read_deadline_) <= 0) return -1;
      const ssize_t n = receive(buffer_.data(), buffer_.size());
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    // cpp-httplib reads the request line and headers a byte at a time: served from the buffer.
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    start_writing();
    for (;;) {
      if (wait(POLLOUT, write_deadline_) <= 0) return -1;
      // Never blocking: a client that stops reading cannot hold the thread past the deadline.
      const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) return n;
      if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      numeric(address, length, ip, port);
    }
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      numeric(address, length, ip, port);
    }
  }

  socket_t socket() const override { return sock_; }

 private:
  static void numeric(const sockaddr_storage& address, socklen_t length, std::string& ip,
                      int& port) {
    char host[NI_MAXHOST] = {}, service[NI_MAXSERV] = {};
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host,
                      service, sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(service);
    }
  }

  void start_writing() const {
    if (writing_) return;
    writing_ = true;
    write_deadline_ = Clock::now() + write_budget_;
  }

  ssize_t receive(char* into, std::size_t size) {
    for (;;) {
      const ssize_t n = ::recv(sock_, into, size, MSG_DONTWAIT);
      if (n >= 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) return n;
      if (errno != EINTR && wait(POLLIN, read_deadline_) <= 0) return -1;
    }
  }

  // 1 when the socket is ready for `events` (or has an error or hang-up for read or write to
  // report), 0 at the deadline (marked as timed out), -1 on error or when the server stops.
  int wait(short events, Clock::time_point deadline) const {
    for (;;) {
      if (listening_ == INVALID_SOCKET) return -1;
      const auto now = Clock::now();
      if (now >= deadline) {
        timed_out_ = true;
        return 0;
      }
      const auto slice = std::min(kStopCheck, std::chrono::ceil<milliseconds>(deadline - now));
      pollfd fd{sock_, events, 0};
      const int ready = ::poll(&fd, 1, static_cast<int>(slice.count()));
      if (ready > 0) return 1;
      if (ready < 0 && errno != EINTR) return -1;
    }
  }

  socket_t sock_;
  const std::atomic<socket_t>& listening_;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
  Clock::time_point read_deadline_ = Clock::now();
  milliseconds write_budget_{0};
  mutable Clock::time_point write_deadline_ = Clock::now();
  mutable bool writing_ = false;
  mutable bool timed_out_ = false;
};

/// The request this thread is serving (the handlers and the error handler ask about it).
struct Exchange {
  const DeadlineStream* stream = nullptr;
  bool close_after = false;
};
thread_local Exchange* t_exchange = nullptr;

}  // namespace

GrowingPool::GrowingPool(std::size_t min_threads, std::size_t max_threads)
    : max_threads_(std::max<std::size_t>(max_threads, 1)) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t i = 0; i < std::min(min_threads, max_threads_); ++i) spawn();
}

GrowingPool::~GrowingPool() {
  bool running = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running = !stopping_;
  }
  if (running) shutdown();
}

void GrowingPool::spawn() {
  threads_.emplace_back([this] { work(); });
}

void GrowingPool::enqueue(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(std::move(task));
  // Every idle thread is already promised to a queued task: one more, unless at the cap.
  if (idle_ < tasks_.size() && threads_.size() < max_threads_) spawn();
  ready_.notify_one();
}

void GrowingPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

std::size_t GrowingPool::threads() {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_.size();
}

void GrowingPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ++idle_;
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      --idle_;
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

CollectorServer::CollectorServer(const Config& config)
    : request_timeout_ms_(config.request_timeout_ms),
      response_timeout_ms_(config.response_timeout_ms) {
  const std::size_t max_threads = std::max<std::size_t>(config.max_connections, 1);
  // cpp-httplib listens with a backlog of 5 (compiled into the library): in a burst of
  // connections the kernel drops SYNs beyond it, and each dropped client waits a second or
  // more to retry. The task queue is made once the socket listens, so that is where the
  // backlog is raised (listen(2) again on a listening socket only changes it).
  new_task_queue = [this, max_threads] {
    ::listen(svr_sock_, SOMAXCONN);
    return new GrowingPool(std::min<std::size_t>(8, max_threads), max_threads);
  };
  set_keep_alive_timeout(config.keep_alive_s);
  set_keep_alive_max_count(std::max<std::size_t>(config.keep_alive_max, 1));
  // cpp-httplib's default options add SO_REUSEPORT, with which a second collector binds the
  // same port and the kernel splits the connections between the two. SO_REUSEADDR alone lets
  // a restart bind while old connections linger in TIME_WAIT, and nothing more.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

void CollectorServer::close_after_this_request() {
  if (t_exchange != nullptr) t_exchange->close_after = true;
}

bool CollectorServer::request_timed_out() {
  return t_exchange != nullptr && t_exchange->stream != nullptr && t_exchange->stream->timed_out();
}

bool CollectorServer::process_and_close_socket(socket_t sock) {
  // Headers and body go out as two writes: with Nagle's algorithm the body would wait for the
  // client's delayed ACK (40 ms an answer on a kept-alive connection; see tests/bench/load.sh).
  int yes = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  DeadlineStream stream(sock, svr_sock_);
  bool ok = false;
  for (std::size_t served = 0; served < keep_alive_max_count_; ++served) {
    if (!stream.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_))) break;
    stream.start_request(milliseconds(request_timeout_ms_), milliseconds(response_timeout_ms_));
    Exchange exchange;
    exchange.stream = &stream;
    t_exchange = &exchange;
    bool closed = false;
    ok = process_request(stream, served + 1 == keep_alive_max_count_, closed, nullptr);
    t_exchange = nullptr;
    if (!ok || closed || exchange.close_after || stream.timed_out()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace magnete::collector
