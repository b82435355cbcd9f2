// A small RAII layer over libpq: one connection, statements with text parameters (bytea as
// binary), results read as text, COPY ... FROM STDIN in text format, and libpq errors turned into
// statuses by SQLSTATE. Used only inside store/postgres/; nothing above the store sees libpq.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::store::pg {

// One statement parameter: NULL, a text value, or raw bytes sent in binary (for bytea).
struct Param {
  std::optional<std::string> value;
  bool binary = false;

  static Param Null() { return {}; }
  static Param Int(int64_t v) { return {std::to_string(v), false}; }
  static Param Text(std::string_view v) { return {std::string(v), false}; }
  static Param Bytes(std::string_view v) { return {std::string(v), true}; }
};

// The result of one statement. Values are read as text; Bytes() decodes bytea's hex output.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r, &PQclear) {}

  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view Text(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col))};
  }
  int64_t Int(int row, int col) const;  // 0 for NULL
  std::string Bytes(int row, int col) const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_{nullptr, &PQclear};
};

// The status for a failed statement: AlreadyExists for a unique violation (23505), Aborted for a
// serialization failure (40001) or deadlock (40P01) (the caller may retry the whole
// transaction), Unavailable for a lost connection or a statement timeout (57014),
// FailedPrecondition for other integrity violations (class 23), Internal otherwise.
Status StatusFromResult(const PGresult* r, std::string_view what);

// True for the statuses a transaction helper retries (serialization failure, deadlock).
bool IsRetryable(const Status& s);

// Appends one field to a COPY text-format row, escaping as COPY requires.
void CopyText(std::string& row, std::string_view v);
void CopyBytes(std::string& row, std::string_view bytes);  // bytea, as \\x<hex>
void CopyNull(std::string& row);

// A connection. Movable, not copyable; not thread-safe (one user at a time).
class Conn {
 public:
  Conn() = default;

  // Connects with a libpq conninfo string or URI. Errors: Unavailable when the server cannot
  // be reached or refuses the login.
  static StatusOr<Conn> Connect(const std::string& conninfo);

  // Runs one statement with parameters ($1, $2...). Errors as StatusFromResult.
  StatusOr<Result> Exec(std::string_view sql, const std::vector<Param>& params = {});
  // Runs a script of several statements without parameters.
  Status Script(std::string_view sql);
  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `data` (text format rows).
  Status CopyIn(std::string_view copy_sql, std::string_view data);

  // True inside an open transaction block (including a failed one).
  bool InTransaction() const;
  // True while the connection is up as far as libpq knows (no round trip; a pool checks idle
  // ones with a statement).
  bool Healthy() const { return c_ && PQstatus(c_.get()) == CONNECTION_OK; }

 private:
  std::unique_ptr<PGconn, void (*)(PGconn*)> c_{nullptr, &PQfinish};
};

}  // namespace bimtek::store::pg
