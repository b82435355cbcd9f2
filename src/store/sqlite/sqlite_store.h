// The embedded SQLite backend (WAL). One connection per Store object; a Store is used by one
// thread at a time (the server will hold one per worker).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/region.h"
#include "store/store.h"

namespace bimtek::store {

struct SqliteOptions {
  // FULL makes every commit durable before it returns (what the server needs for acknowledged
  // writes); NORMAL is durable across application crashes and faster for batch jobs.
  bool synchronous_full = false;
};

// Opens or creates the store at `path`, applies migrations, and loads `regions` when the store
// has none (every new store starts with all of Indonesia). Errors: Unavailable when the file
// cannot be opened; FailedPrecondition for a store written by a newer Bimtek.
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Region>& regions,
                                                 SqliteOptions options = {});

}  // namespace bimtek::store
