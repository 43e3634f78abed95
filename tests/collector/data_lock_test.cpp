// One collector per data folder: src/collector/data_lock.cpp.
#include "data_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "seed_leads.hpp"

namespace magnete::collector {
namespace {

TEST(DataLock, ASecondHolderOfTheSameFolderIsRefusedNamingTheFirst) {
  const auto dir = magnete::testing::unique_temp_dir("magnete-lock");
  {
    DataLock first(dir.string());
    ASSERT_TRUE(first.ok()) << first.error();
    // flock(2) locks belong to an open file, so a second lock conflicts within one process
    // as it does between two.
    DataLock second(dir.string());
    EXPECT_FALSE(second.ok());
    EXPECT_EQ(second.error(),
              "--data " + dir.string() + ": another magnete-collector (pid " +
                  std::to_string(::getpid()) + ") holds " + dir.string() +
                  "/magnete.lock; stop it first, or give this one another --data folder");
  }
  // Released with its holder: the next collector on the folder starts.
  DataLock after(dir.string());
  EXPECT_TRUE(after.ok()) << after.error();
  std::filesystem::remove_all(dir);
}

TEST(DataLock, AFolderThatCannotHoldTheLockIsAnErrorNamingIt) {
  DataLock lock("/nonexistent/magnete-data");
  EXPECT_FALSE(lock.ok());
  EXPECT_EQ(
      lock.error().rfind(
          "--data /nonexistent/magnete-data: cannot open /nonexistent/magnete-data/magnete.lock: ",
          0),
      0u)
      << lock.error();
}

}  // namespace
}  // namespace magnete::collector
