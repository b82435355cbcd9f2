// The PostgreSQL backend of the registry store (libpq). One connection per Store object; a Store
// is used by one thread at a time, like the SQLite one. See docs/postgres.md for the URL options.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/region.h"
#include "store/store.h"

namespace bimtek::store {

struct PostgresOptions {
  // SET statement_timeout on every connection; 0 disables it.
  int statement_timeout_ms = 60000;
  // When set, the store lives in this schema (created if missing) instead of the search_path's.
  std::string schema;
  // Connections the process's registry stores share at most (URL option pool_size=<n>).
  int pool_size = 10;
};

// Splits a postgresql:// or postgres:// URL into the part libpq reads and Bimtek's own query
// options (statement_timeout=<ms>, schema=<name>), which libpq would reject. Errors:
// InvalidArgument for a malformed option value.
StatusOr<std::pair<std::string, PostgresOptions>> ParsePostgresUrl(const std::string& url);

// Connects to `url`, applies migrations, and loads `regions` when the store has none.
// Errors: Unavailable when the server cannot be reached; FailedPrecondition for a schema written
// by a newer Bimtek; InvalidArgument for a bad URL option.
StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                   const std::vector<Region>& regions);

}  // namespace bimtek::store
