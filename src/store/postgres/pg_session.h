// What the PostgreSQL stores beside the registry share: a connection opened for one feature's
// tables (URL options applied, the feature's migration checked), transactions retried after a
// serialization failure or deadlock, and streaming reads through a cursor. Inside store/postgres/
// only.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/postgres/pg_conn.h"

namespace bimtek::store::pg {

// Connects to `url` (postgresql://…, with the options of docs/postgres.md), sets the statement
// timeout and the schema, and checks that migration `migration` (which creates `tables`, e.g.
// "planning tables") is applied. Errors: Unavailable when the server cannot be reached;
// InvalidArgument for a bad URL option; FailedPrecondition when the migration is missing (open
// the registry store first: it migrates).
StatusOr<Conn> ConnectFor(const std::string& url, int migration, std::string_view tables);

// Runs fn between BEGIN and COMMIT; after a serialization failure or deadlock (Aborted) rolls
// back and runs it again, up to 4 attempts in all (backoff 10, 40, 90 ms), then Unavailable.
// fn must be safe to run again from the start. FailedPrecondition when a transaction is open.
Status InTxn(Conn& conn, const std::function<Status()>& fn);

// InTxn's loop over any connection (a pooled one too): `script` sends BEGIN, COMMIT or
// ROLLBACK, `in_transaction` says whether a transaction is open after a failure.
Status RetryTxn(const std::function<Status(std::string_view)>& script,
                const std::function<bool()>& in_transaction, const std::function<Status()>& fn);

// Streams the rows of `sql` (no parameters: callers inline integers) through a cursor, 2,000
// rows per round trip, in a read-only transaction of its own (or inside the open one).
Status Stream(Conn& conn, const std::string& sql,
              const std::function<Status(const Result&, int)>& fn);

// "true"/"false" as a parameter; a boolean column read back.
inline Param Bool(bool b) { return Param::Text(b ? "true" : "false"); }
inline bool ReadBool(const Result& r, int row, int col) { return r.Text(row, col) == "t"; }

// Appends an integer field to a COPY text-format row.
inline void CopyInt(std::string& row, int64_t v) { CopyText(row, std::to_string(v)); }

}  // namespace bimtek::store::pg
