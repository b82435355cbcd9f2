#include "store/sqlite/sqlite_accounts.h"

#include <ctime>

#include "base/strings.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kAccountsSchema = 10;  // 2 creates the account tables, 10 code_generation

constexpr std::string_view kUserCols =
    "id, username, password_hash, role, scope, display_name, person_id, code_index, active, "
    "code_generation";

UserRow ReadUser(const Stmt& s) {
  UserRow u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.password_hash = s.Text(2);
  u.role = static_cast<UserRole>(s.Int(3));
  u.scope = s.Int(4);
  u.display_name = s.Text(5);
  u.person_id = s.IsNull(6) ? 0 : s.Int(6);
  u.code_index = s.IsNull(7) ? std::string() : std::string(s.Blob(7));
  u.active = s.Int(8) != 0;
  u.code_generation = static_cast<int>(s.Int(9));
  return u;
}

class SqliteAccounts : public AccountStore {
 public:
  explicit SqliteAccounts(Db db) : db_(std::move(db)) {}

  Status Init(const SqliteOptions& options) {
    RETURN_IF_ERROR(db_.Exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                                      : "PRAGMA synchronous = NORMAL"));
    RETURN_IF_ERROR(db_.Exec("PRAGMA foreign_keys = ON"));
    // Sessions are looked up by a random hash on every request: keep their index in memory
    // (the default 2 MB cache re-read pages with pread on most look-ups at 1,000 clients).
    RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = -32768"));
    return db_.RequireSchema(kAccountsSchema, "account tables");
  }

  StatusOr<int64_t> CreateUser(const UserRow& u) override {
    ASSIGN_OR_RETURN(
        Stmt & s,
        Cached(create_,
               "INSERT INTO users(username, password_hash, role, scope, display_name, person_id, "
               "code_index, active, created_at, code_generation) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    s.Bind(1, std::string_view(u.username))
        .Bind(2, std::string_view(u.password_hash))
        .Bind(3, static_cast<int>(u.role))
        .Bind(4, u.scope)
        .Bind(5, std::string_view(u.display_name));
    if (u.person_id != 0) {
      s.Bind(6, u.person_id);
    } else {
      s.BindNull(6);
    }
    if (!u.code_index.empty()) {
      s.BindBlob(7, u.code_index);
    } else {
      s.BindNull(7);
    }
    s.Bind(8, u.active ? 1 : 0)
        .Bind(9, static_cast<int64_t>(std::time(nullptr)))
        .Bind(10, u.code_generation);
    Status st = s.Run();
    if (st.code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError(
          StrCat("user ", u.username, ": the username, person or access code is taken"));
    }
    RETURN_IF_ERROR(st);
    return sqlite3_last_insert_rowid(db_.raw());
  }

  StatusOr<std::optional<UserRow>> FindUserById(int64_t id) override {
    ASSIGN_OR_RETURN(Stmt & s,
                     Cached(by_id_, StrCat("SELECT ", kUserCols, " FROM users WHERE id = ?1")));
    s.Bind(1, id);
    return OneUser(s);
  }

  StatusOr<std::optional<UserRow>> FindUserByName(std::string_view username) override {
    ASSIGN_OR_RETURN(Stmt & s, Cached(by_name_, StrCat("SELECT ", kUserCols,
                                                       " FROM users WHERE username = ?1")));
    s.Bind(1, username);
    return OneUser(s);
  }

  StatusOr<std::optional<UserRow>> FindUserByCodeIndex(std::string_view code_index) override {
    ASSIGN_OR_RETURN(Stmt & s, Cached(by_code_, StrCat("SELECT ", kUserCols,
                                                       " FROM users WHERE code_index = ?1")));
    s.BindBlob(1, code_index);
    return OneUser(s);
  }

  StatusOr<std::optional<UserRow>> FindUserByPerson(int64_t person_id) override {
    ASSIGN_OR_RETURN(Stmt & s, Cached(by_person_, StrCat("SELECT ", kUserCols,
                                                         " FROM users WHERE person_id = ?1")));
    s.Bind(1, person_id);
    return OneUser(s);
  }

  Status SetCodeIndex(int64_t user_id, std::string_view code_index) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("UPDATE users SET code_index = ?1 WHERE id = ?2"));
    Status st = s.BindBlob(1, code_index).Bind(2, user_id).Run();
    if (st.code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError("the new access code collides with another; issue again");
    }
    RETURN_IF_ERROR(st);
    if (sqlite3_changes(db_.raw()) == 0) {
      return absl::NotFoundError(StrCat("user ", user_id));
    }
    return absl::OkStatus();
  }

  Status SetAccessCode(int64_t user_id, std::string_view code_index, int generation) override {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare("UPDATE users SET code_index = ?1, code_generation = ?2 WHERE id = ?3"));
    Status st = s.BindBlob(1, code_index).Bind(2, generation).Bind(3, user_id).Run();
    if (st.code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError("the new access code collides with another; issue again");
    }
    RETURN_IF_ERROR(st);
    if (sqlite3_changes(db_.raw()) == 0) return absl::NotFoundError(StrCat("user ", user_id));
    return absl::OkStatus();
  }

  Status PutSession(const SessionRow& r) override {
    ASSIGN_OR_RETURN(
        Stmt & s,
        Cached(put_session_,
               "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, csrf_token) "
               "VALUES(?1, ?2, ?3, ?4, ?5)"));
    return s.BindBlob(1, r.token_hash)
        .Bind(2, r.user_id)
        .Bind(3, r.created_unix)
        .Bind(4, r.expires_unix)
        .Bind(5, std::string_view(r.csrf_token))
        .Run();
  }

  StatusOr<std::optional<SessionWithUser>> FindSessionWithUser(
      std::string_view token_hash) override {
    ASSIGN_OR_RETURN(Stmt & s, Cached(find_session_user_,
                                      StrCat("SELECT ", kUserCols,
                                             ", s.token_hash, s.user_id, s.created_at, "
                                             "s.expires_at, s.csrf_token FROM sessions s LEFT "
                                             "JOIN users ON users.id = s.user_id WHERE "
                                             "s.token_hash = ?1")));
    s.BindBlob(1, token_hash);
    auto row = s.Step();
    std::optional<SessionWithUser> out;
    if (row.ok() && *row) {
      out.emplace();
      out->session = SessionRow{std::string(s.Blob(10)), s.Int(11), s.Int(12), s.Int(13),
                                std::string(s.Text(14))};
      if (!s.IsNull(0)) out->user = ReadUser(s);
    }
    s.Reset();
    if (!row.ok()) return row.status();
    return out;
  }

  Status DeleteSession(std::string_view token_hash) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM sessions WHERE token_hash = ?1"));
    return s.BindBlob(1, token_hash).Run();
  }

  Status DeleteSessionsOfUser(int64_t user_id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM sessions WHERE user_id = ?1"));
    return s.Bind(1, user_id).Run();
  }

  Status DeleteExpiredSessions(int64_t now_unix) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM sessions WHERE expires_at <= ?1"));
    return s.Bind(1, now_unix).Run();
  }

  StatusOr<AttemptRow> GetAttempts(std::string_view key) override {
    ASSIGN_OR_RETURN(
        Stmt & s,
        Cached(get_attempts_,
               "SELECT failures, window_start, locked_until FROM login_attempts WHERE key = ?1"));
    s.Bind(1, key);
    auto row = s.Step();
    AttemptRow a;
    if (row.ok() && *row) a = {static_cast<int>(s.Int(0)), s.Int(1), s.Int(2)};
    s.Reset();
    if (!row.ok()) return row.status();
    return a;
  }

  Status PutAttempts(std::string_view key, const AttemptRow& a) override {
    ASSIGN_OR_RETURN(
        Stmt & s,
        Cached(
            put_attempts_,
            "INSERT INTO login_attempts(key, failures, window_start, locked_until) "
            "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
            "window_start = excluded.window_start, locked_until = excluded.locked_until"));
    return s.Bind(1, key)
        .Bind(2, a.failures)
        .Bind(3, a.window_start_unix)
        .Bind(4, a.locked_until_unix)
        .Run();
  }

  Status ClearAttempts(std::string_view key) override {
    ASSIGN_OR_RETURN(Stmt & s,
                     Cached(clear_attempts_, "DELETE FROM login_attempts WHERE key = ?1"));
    return s.Bind(1, key).Run();
  }

 private:
  // The statement in `slot`, prepared on first use (statements on the login path are reused).
  StatusOr<std::reference_wrapper<Stmt>> Cached(Stmt& slot, std::string_view sql) {
    if (!slot.ok()) {
      ASSIGN_OR_RETURN(slot, db_.Prepare(sql));
    }
    return std::ref(slot);
  }

  static StatusOr<std::optional<UserRow>> OneUser(Stmt& s) {
    auto row = s.Step();
    std::optional<UserRow> out;
    if (row.ok() && *row) out = ReadUser(s);
    s.Reset();
    if (!row.ok()) return row.status();
    return out;
  }

  Db db_;
  Stmt create_, by_id_, by_name_, by_code_, by_person_, put_session_, find_session_user_,
      get_attempts_, put_attempts_, clear_attempts_;
};

}  // namespace

StatusOr<std::unique_ptr<AccountStore>> OpenSqliteAccounts(const std::string& path,
                                                           SqliteOptions options) {
  ASSIGN_OR_RETURN(Db db, sqlite::Db::Open(path));
  auto accounts = std::make_unique<SqliteAccounts>(std::move(db));
  RETURN_IF_ERROR(accounts->Init(options));
  return std::unique_ptr<AccountStore>(std::move(accounts));
}

}  // namespace bimtek::store
