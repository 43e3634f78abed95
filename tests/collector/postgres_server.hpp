#pragma once
// A real PostgreSQL server for the tests of the shared store: Debian's binaries
// (/usr/lib/postgresql/<version>/bin), started on first use in a temporary folder, once per
// test binary, listening on 127.0.0.1 on a free port; stopped (pg_ctl stop -m immediate) and
// its folder removed at exit. initdb and pg_ctl refuse to run as root: as root they run as
// nobody. Without the binaries, the tests that need the server fail, saying that `make test`
// installs them.
#include <string>

namespace magnete::testing {

/// The URI (postgresql://postgres@127.0.0.1:PORT/NAME, trust authentication) of a new, empty
/// database on the test server, for one test; "" after a failure, reported with ADD_FAILURE.
std::string postgres_uri();

}  // namespace magnete::testing
