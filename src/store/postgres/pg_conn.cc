#include "store/postgres/pg_conn.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "base/strings.h"

namespace bimtek::store::pg {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

std::string Trimmed(const char* msg) {
  std::string s = msg == nullptr ? "" : msg;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

int64_t Result::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  const std::string_view t = Text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::string Result::Bytes(int row, int col) const {
  const std::string_view t = Text(row, col);
  std::string out;
  if (t.size() < 2 || t[0] != '\\' || t[1] != 'x') return std::string(t);
  out.reserve((t.size() - 2) / 2);
  for (size_t i = 2; i + 1 < t.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(t[i]) * 16 + HexValue(t[i + 1])));
  }
  return out;
}

Status StatusFromResult(const PGresult* r, std::string_view what) {
  const char* state = r == nullptr ? nullptr : PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const std::string code = state == nullptr ? "" : state;
  const std::string msg = StrCat(
      what, ": ", Trimmed(r == nullptr ? "no result from the server" : PQresultErrorMessage(r)),
      code.empty() ? "" : StrCat(" (SQLSTATE ", code, ")"));
  if (code == "23505") return absl::AlreadyExistsError(msg);
  if (code == "40001" || code == "40P01") return absl::AbortedError(msg);
  if (code == "57014") return absl::UnavailableError(StrCat("statement timeout: ", msg));
  if (code.starts_with("08") || code.starts_with("57P") || code.empty()) {
    return absl::UnavailableError(msg);
  }
  if (code.starts_with("23")) return absl::FailedPreconditionError(msg);
  return absl::InternalError(msg);
}

bool IsRetryable(const Status& s) { return s.code() == absl::StatusCode::kAborted; }

void CopyText(std::string& row, std::string_view v) {
  if (!row.empty() && row.back() != '\n') row.push_back('\t');
  for (char c : v) {
    switch (c) {
      case '\\':
        row += "\\\\";
        break;
      case '\t':
        row += "\\t";
        break;
      case '\n':
        row += "\\n";
        break;
      case '\r':
        row += "\\r";
        break;
      default:
        row.push_back(c);
    }
  }
}

void CopyBytes(std::string& row, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (!row.empty() && row.back() != '\n') row.push_back('\t');
  row += "\\\\x";
  for (unsigned char c : bytes) {
    row.push_back(kHex[c >> 4]);
    row.push_back(kHex[c & 15]);
  }
}

void CopyNull(std::string& row) {
  if (!row.empty() && row.back() != '\n') row.push_back('\t');
  row += "\\N";
}

StatusOr<Conn> Conn::Connect(const std::string& conninfo) {
  Conn c;
  c.c_.reset(PQconnectdb(conninfo.c_str()));
  if (c.c_ == nullptr) return absl::UnavailableError("PostgreSQL: out of memory connecting");
  if (PQstatus(c.c_.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        StrCat("cannot connect to PostgreSQL: ", Trimmed(PQerrorMessage(c.c_.get()))));
  }
  // Notices and warnings ("relation already exists, skipping") are not errors; libpq would
  // print them on stderr.
  PQsetNoticeProcessor(
      c.c_.get(), [](void*, const char*) {}, nullptr);
  return c;
}

StatusOr<Result> Conn::Exec(std::string_view sql, const std::vector<Param>& params) {
  const std::string text(sql);
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    values[i] = p.value ? p.value->data() : nullptr;
    lengths[i] = p.value ? static_cast<int>(p.value->size()) : 0;
    formats[i] = p.binary ? 1 : 0;
  }
  PGresult* raw = PQexecParams(c_.get(), text.c_str(), static_cast<int>(params.size()), nullptr,
                               values.data(), lengths.data(), formats.data(), 0);
  const ExecStatusType st = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = StatusFromResult(raw, StrCat("PostgreSQL: ", text.substr(0, 80)));
    if (raw) PQclear(raw);
    return s;
  }
  return Result(raw);
}

Status Conn::Script(std::string_view sql) {
  const std::string text(sql);
  std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(c_.get(), text.c_str()), &PQclear);
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
    return absl::OkStatus();
  }
  return StatusFromResult(r.get(), StrCat("PostgreSQL: ", text.substr(0, 60)));
}

Status Conn::CopyIn(std::string_view copy_sql, std::string_view data) {
  const std::string text(copy_sql);
  std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(c_.get(), text.c_str()), &PQclear);
  if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN) {
    return StatusFromResult(r.get(), StrCat("PostgreSQL: ", text));
  }
  // Sent in pieces of at most 1 MiB, as libpq buffers each call.
  constexpr size_t kPiece = 1 << 20;
  const char* error = nullptr;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    if (PQputCopyData(c_.get(), data.data() + at, static_cast<int>(n)) != 1) {
      error = "sending COPY data failed";
      break;
    }
  }
  if (PQputCopyEnd(c_.get(), error) != 1) {
    return absl::UnavailableError(
        StrCat("PostgreSQL: ending COPY: ", Trimmed(PQerrorMessage(c_.get()))));
  }
  Status out = absl::OkStatus();
  while (PGresult* res = PQgetResult(c_.get())) {
    if (out.ok() && PQresultStatus(res) != PGRES_COMMAND_OK) {
      out = StatusFromResult(res, StrCat("PostgreSQL: ", text));
    }
    PQclear(res);
  }
  return out;
}

bool Conn::InTransaction() const {
  const PGTransactionStatusType t = PQtransactionStatus(c_.get());
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

}  // namespace bimtek::store::pg
