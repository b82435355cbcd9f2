// The SQLite implementation of the test store and of the group-commit attempt writer, over the
// tables migration 6 creates (applied when the registry store is opened).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/attempts.h"

namespace bimtek::store {

// Opens the test tables of the SQLite store at `path` (one connection; one thread at a time).
// Open the registry store first. Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the schema has no test tables yet.
StatusOr<std::unique_ptr<TestStore>> OpenSqliteTests(const std::string& path);

struct GroupCommitOptions {
  size_t max_batch = 2048;  // submits per transaction at most
  // A group starts at least this long after the previous one started (unless max_batch rows
  // wait): under load, fewer and larger commits (docs/performance.md, issue 5 (c)); no wait for
  // a submit after the writer was idle that long. `serve --group-commit-us` sets it.
  std::chrono::microseconds min_interval{2000};
};

// Starts the writer thread of the store at `path`: its own connection with synchronous = FULL
// (a commit is fsynced in WAL mode before it returns). Queued submits are written in one
// transaction per group; each group's callbacks run after its COMMIT returned. Destroying the
// writer finishes the queued submits first. Errors as OpenSqliteTests.
StatusOr<std::unique_ptr<AttemptWriter>> OpenSqliteAttemptWriter(const std::string& path,
                                                                 GroupCommitOptions options = {});

}  // namespace bimtek::store
