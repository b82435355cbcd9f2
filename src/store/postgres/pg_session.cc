#include "store/postgres/pg_session.h"

#include <chrono>
#include <thread>

#include "base/strings.h"
#include "store/postgres/postgres_store.h"

namespace bimtek::store::pg {

namespace {
constexpr int kAttempts = 4;
constexpr int kFetch = 2000;
}  // namespace

StatusOr<Conn> ConnectFor(const std::string& url, int migration, std::string_view tables) {
  ASSIGN_OR_RETURN(auto parsed, ParsePostgresUrl(url));
  ASSIGN_OR_RETURN(Conn conn, Conn::Connect(parsed.first));
  const PostgresOptions& options = parsed.second;
  RETURN_IF_ERROR(conn.Script(StrCat("SET statement_timeout = ", options.statement_timeout_ms)));
  RETURN_IF_ERROR(conn.Script("SET client_min_messages = warning"));
  if (!options.schema.empty()) {
    RETURN_IF_ERROR(conn.Script(StrCat("SET search_path = \"", options.schema, "\"")));
  }
  ASSIGN_OR_RETURN(Result r, conn.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  bool applied = false;
  if (r.rows() == 1 && r.Text(0, 0) == "t") {
    ASSIGN_OR_RETURN(Result v, conn.Exec("SELECT 1 FROM schema_migrations WHERE version = $1",
                                         {Param::Int(migration)}));
    applied = v.rows() > 0;
  }
  if (!applied) {
    return absl::FailedPreconditionError(
        StrCat("the store has no ", tables, " (migration ", migration,
               " is not applied); open the registry store first to migrate it"));
  }
  return conn;
}

Status RetryTxn(const std::function<Status(std::string_view)>& script,
                const std::function<bool()>& in_transaction, const std::function<Status()>& fn) {
  Status s;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    s = script("BEGIN");
    if (s.ok()) s = fn();
    if (s.ok()) s = script("COMMIT");
    if (s.ok()) return s;
    if (in_transaction()) script("ROLLBACK").IgnoreError();
    if (!IsRetryable(s)) return s;
    if (attempt < kAttempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt * attempt));
    }
  }
  return absl::UnavailableError(StrCat("PostgreSQL: transaction still conflicting after ",
                                       kAttempts, " attempts: ", s.message()));
}

Status InTxn(Conn& conn, const std::function<Status()>& fn) {
  if (conn.InTransaction()) {
    return absl::FailedPreconditionError("PostgreSQL store: a transaction is already open");
  }
  return RetryTxn([&](std::string_view sql) { return conn.Script(sql); },
                  [&] { return conn.InTransaction(); }, fn);
}

Status Stream(Conn& conn, const std::string& sql,
              const std::function<Status(const Result&, int)>& fn) {
  const bool own = !conn.InTransaction();
  const std::string cursor = "bimtek_stream";
  if (own) RETURN_IF_ERROR(conn.Script("BEGIN READ ONLY"));
  Status s = [&]() -> Status {
    RETURN_IF_ERROR(conn.Script(StrCat("DECLARE ", cursor, " NO SCROLL CURSOR FOR ", sql)));
    const std::string fetch = StrCat("FETCH ", kFetch, " FROM ", cursor);
    while (true) {
      ASSIGN_OR_RETURN(Result r, conn.Exec(fetch));
      for (int i = 0; i < r.rows(); ++i) RETURN_IF_ERROR(fn(r, i));
      if (r.rows() < kFetch) break;
    }
    return conn.Script(StrCat("CLOSE ", cursor));
  }();
  if (own) {
    if (s.ok()) return conn.Script("COMMIT");
    conn.Script("ROLLBACK").IgnoreError();
  } else if (!s.ok()) {
    conn.Script(StrCat("CLOSE ", cursor)).IgnoreError();
  }
  return s;
}

}  // namespace bimtek::store::pg
