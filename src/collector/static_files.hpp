#pragma once
// Which paths of the served folders (--static at /, --web at /dist/) may be sent. cpp-httplib's
// mount points refuse ".." but serve dotfiles (/.env, /.git/config), follow symbolic links out
// of the folder, and open "index.html%00.js" as index.html with the type of ".js".
#include <string>
#include <string_view>

namespace magnete::collector {

/// Whether the file a GET of `relative` (a decoded URL path below the folder's mount point,
/// without its leading '/') would read from the folder `root` may be sent: no control
/// character (NUL included) anywhere, no segment beginning with '.', and the file, once every
/// symbolic link is resolved, inside `root` as resolved. A path ending in '/' (or empty) names
/// the folder's index.html, as the mount point serves it. A file (or a folder) that does not
/// exist may "be sent": the mount point then answers 404 itself.
bool servable(const std::string& root, std::string_view relative);

}  // namespace magnete::collector
