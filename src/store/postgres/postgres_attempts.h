// The PostgreSQL implementation of the test store and of the group-commit attempt writer
// (store/attempts.h), over the tables migrations 6 and 11 create (applied when the registry store
// is opened): attempts partitioned by province, their two country-wide unique keys in the global
// table attempt_keys. Each group of submits is one COPY into a staging table and one statement
// inserting the keys (ON CONFLICT DO NOTHING) and then the rows whose keys were taken, committed
// with synchronous_commit on: a submit is answered only once durable.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/attempts.h"

namespace bimtek::store {

// Opens the test tables of the PostgreSQL store at `url` (one connection; one thread at a time;
// the URL and options of OpenPostgresStore). Open the registry store first. Errors: Unavailable
// when the server cannot be reached; FailedPrecondition when migration 11 is not applied;
// InvalidArgument for a bad URL option.
StatusOr<std::unique_ptr<TestStore>> OpenPostgresTests(const std::string& url);

struct PgGroupCommitOptions {
  size_t max_batch = 2048;  // submits per transaction at most
  // As GroupCommitOptions::min_interval (SQLite); none by default here (not measured).
  std::chrono::microseconds min_interval{0};
};

// Starts the writer thread of the store at `url`: its own connection, with synchronous_commit
// on whatever the server's default (a COMMIT returns once its WAL is flushed). Submits queued
// while a group commits form the next group. Destroying the writer finishes the queued submits
// first. Several writers (one per server process) may share a database: a key or a
// (test, person) stored by another is found and returned as a duplicate. Errors as
// OpenPostgresTests.
StatusOr<std::unique_ptr<AttemptWriter>> OpenPostgresAttemptWriter(
    const std::string& url, PgGroupCommitOptions options = {});

}  // namespace bimtek::store
