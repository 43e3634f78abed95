#pragma once
// The dashboard's files (src/collector/dashboard/), compiled into the collector.
#include <string_view>

namespace magnete::collector {

struct DashboardFile {
  const char* name;
  const char* type;
  std::string_view content;
};

/// The file of that name ("index.html", "dashboard.js", "dashboard.css"), or nullptr.
const DashboardFile* dashboard_file(std::string_view name);

}  // namespace magnete::collector
