#include "store.hpp"

#include "postgres_store.hpp"
#include "sqlite_store.hpp"

namespace magnete::collector {
namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

std::unique_ptr<Store> open_store(const std::string& spec, const std::string& data_dir) {
  if (starts_with(spec, "postgresql://") || starts_with(spec, "postgres://")) {
    return std::make_unique<PostgresStore>(spec);
  }
  return std::make_unique<SqliteStore>(data_dir);
}

}  // namespace magnete::collector
