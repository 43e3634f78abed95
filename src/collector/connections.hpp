#pragma once
// The listening side of the collector: how connections are served, in place of cpp-httplib's
// own loop. cpp-httplib 0.11 gives each connection one of 8 pool threads for as long as it is
// open, with a timeout per read only: 8 connections sending a byte every few seconds (or idle
// keep-alive connections, 5 s each, again and again) took every thread and left /healthz
// unanswered. Here:
//   - each request has an overall deadline: headers and body must arrive within
//     Config::request_timeout_ms of its first byte (else 408 and the connection is closed),
//     and its answer must be taken within Config::response_timeout_ms;
//   - a kept-alive connection may idle Config::keep_alive_s between requests, waiting in
//     poll(2) (no busy loop), for at most Config::keep_alive_max requests;
//   - connections get a thread each from a pool that grows on demand up to
//     Config::max_connections (beyond that they wait their turn, in order).
// So a slow or idle connection holds a thread for a bounded time, and it takes hundreds of
// them at once, not 8, to delay anyone. The HTTP parsing and the routes stay cpp-httplib's:
// Server::process_and_close_socket is virtual, and process_request() reads from any Stream.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "config.hpp"

namespace magnete::collector {

/// cpp-httplib's TaskQueue as a pool of threads that grows on demand, from `min_threads` up
/// to `max_threads`, when a task arrives and no thread is idle. Threads are not retired: an
/// idle thread costs its stack's address space and nothing else.
class GrowingPool : public httplib::TaskQueue {
 public:
  GrowingPool(std::size_t min_threads, std::size_t max_threads);
  ~GrowingPool() override;
  void enqueue(std::function<void()> task) override;
  /// Runs what is queued, then joins every thread.
  void shutdown() override;

  std::size_t threads();

 private:
  void work();
  void spawn();  // with mutex_ held

  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

/// cpp-httplib's Server with the connection handling above (the limits come from `config`),
/// listening without SO_REUSEPORT: a second collector on the same port fails to start
/// instead of silently taking half the connections.
class CollectorServer : public httplib::Server {
 public:
  explicit CollectorServer(const Config& config);

  /// For a handler: the connection is closed once this request is answered (a body that may
  /// follow was not read).
  static void close_after_this_request();
  /// For the error handler: whether this thread's request missed its deadline.
  static bool request_timed_out();

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::int64_t request_timeout_ms_;
  std::int64_t response_timeout_ms_;
};

}  // namespace magnete::collector
