#include "store/postgres/postgres_accounts.h"

#include <ctime>

#include "base/strings.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::Param;
using pg::Result;

constexpr int kAccountsSchema = 10;  // 2 creates the account tables, 10 code_generation

constexpr std::string_view kUserCols =
    "id, username, password_hash, role, scope, display_name, person_id, code_index, active, "
    "code_generation";

UserRow ReadUser(const Result& r, int i) {
  UserRow u;
  u.id = r.Int(i, 0);
  u.username = std::string(r.Text(i, 1));
  u.password_hash = std::string(r.Text(i, 2));
  u.role = static_cast<UserRole>(r.Int(i, 3));
  u.scope = r.Int(i, 4);
  u.display_name = std::string(r.Text(i, 5));
  u.person_id = r.IsNull(i, 6) ? 0 : r.Int(i, 6);
  u.code_index = r.IsNull(i, 7) ? std::string() : r.Bytes(i, 7);
  u.active = r.Text(i, 8) == "t";
  u.code_generation = static_cast<int>(r.Int(i, 9));
  return u;
}

class PgAccounts : public AccountStore {
 public:
  explicit PgAccounts(Conn conn) : conn_(std::move(conn)) {}

  Status Init(const PostgresOptions& options) {
    RETURN_IF_ERROR(conn_.Script(StrCat("SET statement_timeout = ", options.statement_timeout_ms)));
    RETURN_IF_ERROR(conn_.Script("SET client_min_messages = warning"));
    if (!options.schema.empty()) {
      RETURN_IF_ERROR(conn_.Script(StrCat("SET search_path = \"", options.schema, "\"")));
    }
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    int64_t version = 0;
    if (r.rows() == 1 && r.Text(0, 0) == "t") {
      ASSIGN_OR_RETURN(Result v, conn_.Exec("SELECT coalesce(max(version), 0) FROM schema_migrations"));
      version = v.Int(0, 0);
    }
    if (version < kAccountsSchema) {
      return absl::FailedPreconditionError(
          StrCat("the store has schema version ", version, " without account tables (version ",
                 kAccountsSchema, "); open the registry store first to migrate it"));
    }
    return absl::OkStatus();
  }

  StatusOr<int64_t> CreateUser(const UserRow& u) override {
    auto r = conn_.Exec(
        "INSERT INTO users(username, password_hash, role, scope, display_name, person_id, "
        "code_index, active, created_at, code_generation) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        {Param::Text(u.username), Param::Text(u.password_hash),
         Param::Int(static_cast<int>(u.role)), Param::Int(u.scope), Param::Text(u.display_name),
         u.person_id != 0 ? Param::Int(u.person_id) : Param::Null(),
         u.code_index.empty() ? Param::Null() : Param::Bytes(u.code_index),
         Param::Text(u.active ? "true" : "false"),
         Param::Int(static_cast<int64_t>(std::time(nullptr))), Param::Int(u.code_generation)});
    if (r.status().code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError(
          StrCat("user ", u.username, ": the username, person or access code is taken"));
    }
    RETURN_IF_ERROR(r.status());
    return r->Int(0, 0);
  }

  StatusOr<std::optional<UserRow>> FindUserById(int64_t id) override {
    return OneUser(StrCat("SELECT ", kUserCols, " FROM users WHERE id = $1"), Param::Int(id));
  }

  StatusOr<std::optional<UserRow>> FindUserByName(std::string_view username) override {
    return OneUser(StrCat("SELECT ", kUserCols, " FROM users WHERE username = $1"),
                   Param::Text(username));
  }

  StatusOr<std::optional<UserRow>> FindUserByCodeIndex(std::string_view code_index) override {
    return OneUser(StrCat("SELECT ", kUserCols, " FROM users WHERE code_index = $1"),
                   Param::Bytes(code_index));
  }

  StatusOr<std::optional<UserRow>> FindUserByPerson(int64_t person_id) override {
    return OneUser(StrCat("SELECT ", kUserCols, " FROM users WHERE person_id = $1"),
                   Param::Int(person_id));
  }

  Status SetCodeIndex(int64_t user_id, std::string_view code_index) override {
    auto r = conn_.Exec("UPDATE users SET code_index = $1 WHERE id = $2 RETURNING id",
                        {Param::Bytes(code_index), Param::Int(user_id)});
    if (r.status().code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError("the new access code collides with another; issue again");
    }
    RETURN_IF_ERROR(r.status());
    if (r->rows() == 0) return absl::NotFoundError(StrCat("user ", user_id));
    return absl::OkStatus();
  }

  Status SetAccessCode(int64_t user_id, std::string_view code_index, int generation) override {
    auto r = conn_.Exec(
        "UPDATE users SET code_index = $1, code_generation = $2 WHERE id = $3 RETURNING id",
        {Param::Bytes(code_index), Param::Int(generation), Param::Int(user_id)});
    if (r.status().code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError("the new access code collides with another; issue again");
    }
    RETURN_IF_ERROR(r.status());
    if (r->rows() == 0) return absl::NotFoundError(StrCat("user ", user_id));
    return absl::OkStatus();
  }

  Status PutSession(const SessionRow& s) override {
    return conn_
        .Exec(
            "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, csrf_token) "
            "VALUES($1, $2, $3, $4, $5)",
            {Param::Bytes(s.token_hash), Param::Int(s.user_id), Param::Int(s.created_unix),
             Param::Int(s.expires_unix), Param::Text(s.csrf_token)})
        .status();
  }

  StatusOr<std::optional<SessionWithUser>> FindSessionWithUser(
      std::string_view token_hash) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kUserCols,
                                       ", s.token_hash, s.user_id, s.created_at, s.expires_at, "
                                       "s.csrf_token FROM sessions s LEFT JOIN users ON users.id "
                                       "= s.user_id WHERE s.token_hash = $1"),
                                {Param::Bytes(token_hash)}));
    if (r.rows() == 0) return std::optional<SessionWithUser>();
    SessionWithUser out;
    out.session = SessionRow{r.Bytes(0, 10), r.Int(0, 11), r.Int(0, 12), r.Int(0, 13),
                             std::string(r.Text(0, 14))};
    if (!r.IsNull(0, 0)) out.user = ReadUser(r, 0);
    return std::optional<SessionWithUser>(std::move(out));
  }

  Status DeleteSession(std::string_view token_hash) override {
    return conn_.Exec("DELETE FROM sessions WHERE token_hash = $1", {Param::Bytes(token_hash)})
        .status();
  }

  Status DeleteSessionsOfUser(int64_t user_id) override {
    return conn_.Exec("DELETE FROM sessions WHERE user_id = $1", {Param::Int(user_id)}).status();
  }

  Status DeleteExpiredSessions(int64_t now_unix) override {
    return conn_.Exec("DELETE FROM sessions WHERE expires_at <= $1", {Param::Int(now_unix)})
        .status();
  }

  StatusOr<AttemptRow> GetAttempts(std::string_view key) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT failures, window_start, locked_until FROM "
                                          "login_attempts WHERE key = $1",
                                          {Param::Text(key)}));
    AttemptRow a;
    if (r.rows() > 0) a = {static_cast<int>(r.Int(0, 0)), r.Int(0, 1), r.Int(0, 2)};
    return a;
  }

  Status PutAttempts(std::string_view key, const AttemptRow& a) override {
    return conn_
        .Exec(
            "INSERT INTO login_attempts(key, failures, window_start, locked_until) "
            "VALUES($1, $2, $3, $4) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
            "window_start = excluded.window_start, locked_until = excluded.locked_until",
            {Param::Text(key), Param::Int(a.failures), Param::Int(a.window_start_unix),
             Param::Int(a.locked_until_unix)})
        .status();
  }

  Status ClearAttempts(std::string_view key) override {
    return conn_.Exec("DELETE FROM login_attempts WHERE key = $1", {Param::Text(key)}).status();
  }

 private:
  StatusOr<std::optional<UserRow>> OneUser(const std::string& sql, Param p) {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(sql, {std::move(p)}));
    if (r.rows() == 0) return std::optional<UserRow>();
    return std::optional<UserRow>(ReadUser(r, 0));
  }

  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<AccountStore>> OpenPostgresAccounts(const std::string& url) {
  ASSIGN_OR_RETURN(auto parsed, ParsePostgresUrl(url));
  ASSIGN_OR_RETURN(Conn conn, Conn::Connect(parsed.first));
  auto accounts = std::make_unique<PgAccounts>(std::move(conn));
  RETURN_IF_ERROR(accounts->Init(parsed.second));
  return std::unique_ptr<AccountStore>(std::move(accounts));
}

}  // namespace bimtek::store
