#include "store/sqlite/sqlite_db.h"

#include "base/strings.h"

namespace bimtek::store::sqlite {

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s_, nullptr) != SQLITE_OK) {
    error_ = StrCat(sqlite3_errmsg(db), " in: ", sql);
    s_ = nullptr;
  }
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    error_ = std::move(o.error_);
    o.s_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view t) {
  sqlite3_bind_text(s_, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view b) {
  sqlite3_bind_blob(s_, i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

StatusOr<bool> Stmt::Step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string msg = sqlite3_errmsg(db_);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return absl::AlreadyExistsError(StrCat("constraint: ", msg));
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return absl::UnavailableError(StrCat("database busy: ", msg));
  }
  return absl::InternalError(StrCat("sqlite: ", msg));
}

Status Stmt::Run() {
  auto r = Step();
  Reset();
  if (!r.ok()) return r.status();
  return absl::OkStatus();
}

void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::string_view Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string_view();
}

std::string_view Stmt::Blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string_view();
}

StatusOr<Db> Db::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return absl::UnavailableError(StrCat("cannot open database ", path, ": ", msg));
  }
  sqlite3_busy_timeout(db, 10000);
  return Db(db);
}

Db::~Db() { sqlite3_close_v2(db_); }

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return absl::AlreadyExistsError(StrCat("constraint: ", msg));
    }
    return absl::InternalError(StrCat("sqlite: ", msg));
  }
  return absl::OkStatus();
}

Status Db::RequireSchema(int64_t version, std::string_view tables) {
  ASSIGN_OR_RETURN(Stmt v, Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(bool row, v.Step());
  const int64_t have = row ? v.Int(0) : 0;
  if (have < version) {
    return absl::FailedPreconditionError(
        StrCat("the store has schema version ", have, " without ", tables, " (version ", version,
               "); open the registry store first to migrate it"));
  }
  return absl::OkStatus();
}

StatusOr<Stmt> Db::Prepare(std::string_view sql) {
  Stmt s(db_, sql);
  if (!s.ok()) return absl::InternalError(StrCat("sqlite prepare: ", s.error()));
  return s;
}

Status Db::ErrorStatus(std::string_view what) const {
  return absl::InternalError(StrCat(what, ": ", sqlite3_errmsg(db_)));
}

}  // namespace bimtek::store::sqlite
