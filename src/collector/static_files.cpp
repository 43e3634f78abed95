#include "static_files.hpp"

#include <algorithm>
#include <filesystem>

namespace magnete::collector {

bool servable(const std::string& root, std::string_view relative) {
  namespace fs = std::filesystem;
  if (std::any_of(relative.begin(), relative.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
    return false;
  }
  // Dotfiles and dot folders (.env, .git/, .htpasswd), and "." and "..": never content.
  for (std::size_t start = 0; start <= relative.size();) {
    const std::size_t slash = std::min(relative.find('/', start), relative.size());
    if (slash > start && relative[start] == '.') return false;
    start = slash + 1;
  }
  std::string file(relative);
  if (file.empty() || file.back() == '/') file += "index.html";
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return true;  // no folder: no mount point, nothing sent from it (404)
  const fs::path target = fs::weakly_canonical(base / file, ec);
  if (ec) return false;
  // Inside the folder: the resolved root is a prefix of the resolved file, segment by segment.
  auto b = base.begin();
  auto t = target.begin();
  for (; b != base.end(); ++b, ++t) {
    if (t == target.end() || *b != *t) return false;
  }
  return true;
}

}  // namespace magnete::collector
