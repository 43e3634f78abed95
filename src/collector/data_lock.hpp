#pragma once
// One collector per data folder: an exclusive flock(2) on DIR/magnete.lock, held for the
// process's life and released by the kernel when it ends, even by kill -9. A second collector
// on the same folder would otherwise share the database unseen (and, on the same port with
// SO_REUSEPORT, take half the leads).
#include <string>

namespace magnete::collector {

class DataLock {
 public:
  /// Takes the lock on `data_dir`, which must exist; error() says why when it cannot.
  explicit DataLock(const std::string& data_dir);
  ~DataLock();
  DataLock(const DataLock&) = delete;
  DataLock& operator=(const DataLock&) = delete;

  bool ok() const { return fd_ >= 0; }
  /// "--data DIR: another magnete-collector (pid 4242) holds DIR/magnete.lock; ...".
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

}  // namespace magnete::collector
