// A thin RAII layer over the sqlite3 C API: a connection, prepared statements, and errors
// turned into statuses at this edge. Used only inside store/sqlite/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bimtek::store::sqlite {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, std::string_view sql);
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), error_(std::move(o.error_)) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  bool ok() const { return s_ != nullptr; }
  const std::string& error() const { return error_; }

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, std::string_view text);
  Stmt& BindBlob(int i, std::string_view bytes);
  Stmt& BindNull(int i);

  // SQLITE_ROW -> true, SQLITE_DONE -> false, otherwise an error status.
  StatusOr<bool> Step();
  // Step() to completion, expecting no row.
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  std::string_view Text(int col) const;
  std::string_view Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
  std::string error_;
};

class Db {
 public:
  static StatusOr<Db> Open(const std::string& path);
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&&) = delete;
  ~Db();

  sqlite3* raw() const { return db_; }
  Status Exec(std::string_view sql);
  StatusOr<Stmt> Prepare(std::string_view sql);
  Status ErrorStatus(std::string_view what) const;

  // FailedPrecondition unless the store's schema (PRAGMA user_version) is at least `version`,
  // the migration that creates `tables` ("planning tables"): the registry store migrates, the
  // other stores only check.
  Status RequireSchema(int64_t version, std::string_view tables);

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace bimtek::store::sqlite
