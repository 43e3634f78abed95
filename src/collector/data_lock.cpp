#include "data_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace magnete::collector {

DataLock::DataLock(const std::string& data_dir) {
  const std::string path = data_dir + "/magnete.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error_ = "--data " + data_dir + ": cannot open " + path + ": " + std::strerror(errno);
    return;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    // The holder wrote its pid into the file when it took the lock.
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    std::string pid;
    for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i) pid += text[i];
    ::close(fd);
    if (why == EWOULDBLOCK) {
      error_ = "--data " + data_dir + ": another magnete-collector" +
               (pid.empty() ? "" : " (pid " + pid + ")") + " holds " + path +
               "; stop it first, or give this one another --data folder";
    } else {
      error_ = "--data " + data_dir + ": cannot lock " + path + ": " + std::strerror(why);
    }
    return;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the pid; the message of a second collector is only less precise.
  }
  fd_ = fd;
}

DataLock::~DataLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace magnete::collector
