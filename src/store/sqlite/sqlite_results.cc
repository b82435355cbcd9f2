#include "store/sqlite/sqlite_results.h"

#include "base/strings.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kPracticeSchema = 8;  // the migration that creates the practice tables

// The WHERE clause of a ResultQuery over practice_results aliased `r`; parameters ?1..?4.
constexpr std::string_view kWhere =
    " WHERE r.region_key BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.user_id = ?3) AND "
    "(?4 IS NULL OR r.kind = ?4)";

void BindQuery(Stmt& s, const ResultQuery& q) {
  s.Bind(1, q.region_lo).Bind(2, q.region_hi);
  if (q.user_id) {
    s.Bind(3, *q.user_id);
  } else {
    s.BindNull(3);
  }
  if (q.kind) {
    s.Bind(4, static_cast<int>(*q.kind));
  } else {
    s.BindNull(4);
  }
}

class SqliteResults : public ResultStore {
 public:
  explicit SqliteResults(Db db) : db_(std::move(db)) {}

  Status Init() {
    RETURN_IF_ERROR(db_.Exec("PRAGMA foreign_keys = ON"));
    return db_.RequireSchema(kPracticeSchema, "practice tables");
  }

  StatusOr<std::optional<PracticeRun>> FindRun(int64_t user_id, PracticeKind kind,
                                              std::string_view ref) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT state, started_at, updated_at FROM practice_runs "
                                         "WHERE user_id = ?1 AND kind = ?2 AND ref = ?3"));
    s.Bind(1, user_id).Bind(2, static_cast<int>(kind)).Bind(3, ref);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<PracticeRun>();
    return std::optional<PracticeRun>(
        PracticeRun{user_id, kind, std::string(ref), std::string(s.Text(0)), s.Int(1), s.Int(2)});
  }

  Status PutRun(const PracticeRun& r) override {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("INSERT INTO practice_runs(user_id, kind, ref, state, started_at, updated_at) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(user_id, kind, ref) DO UPDATE SET "
                    "state = excluded.state, started_at = excluded.started_at, "
                    "updated_at = excluded.updated_at"));
    return s.Bind(1, r.user_id)
        .Bind(2, static_cast<int>(r.kind))
        .Bind(3, std::string_view(r.ref))
        .Bind(4, std::string_view(r.state))
        .Bind(5, r.started_unix)
        .Bind(6, r.updated_unix)
        .Run();
  }

  Status DeleteRun(int64_t user_id, PracticeKind kind, std::string_view ref) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("DELETE FROM practice_runs WHERE user_id = ?1 AND "
                                         "kind = ?2 AND ref = ?3"));
    return s.Bind(1, user_id).Bind(2, static_cast<int>(kind)).Bind(3, ref).Run();
  }

  StatusOr<std::vector<PracticeRun>> ListRuns(int64_t user_id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT kind, ref, state, started_at, updated_at FROM "
                                         "practice_runs WHERE user_id = ?1 ORDER BY updated_at "
                                         "DESC, ref"));
    s.Bind(1, user_id);
    std::vector<PracticeRun> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({user_id, static_cast<PracticeKind>(s.Int(0)), std::string(s.Text(1)),
                     std::string(s.Text(2)), s.Int(3), s.Int(4)});
    }
    return out;
  }

  StatusOr<int64_t> FinishRun(const PracticeResult& r) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto id = FinishInTxn(r);
    if (!id.ok()) {
      (void)db_.Exec("ROLLBACK");
      return id.status();
    }
    RETURN_IF_ERROR(db_.Exec("COMMIT"));
    return id;
  }

  StatusOr<std::vector<PracticeResult>> ListResults(const ResultQuery& q, int limit) override {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT r.id, r.user_id, r.region_key, r.kind, r.ref, r.score, "
                                   "r.max_score, r.started_at, r.finished_at FROM practice_results "
                                   "r",
                                   kWhere, " ORDER BY r.finished_at DESC, r.id DESC LIMIT ?5")));
    BindQuery(s, q);
    s.Bind(5, limit);
    std::vector<PracticeResult> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      PracticeResult r;
      r.id = s.Int(0);
      r.user_id = s.Int(1);
      r.region_key = s.Int(2);
      r.kind = static_cast<PracticeKind>(s.Int(3));
      r.ref = s.Text(4);
      r.score = s.Int(5);
      r.max_score = s.Int(6);
      r.started_unix = s.Int(7);
      r.finished_unix = s.Int(8);
      out.push_back(std::move(r));
    }
    ASSIGN_OR_RETURN(Stmt rules, db_.Prepare("SELECT rule, correct, total FROM practice_rules "
                                             "WHERE result_id = ?1 ORDER BY rule"));
    for (PracticeResult& r : out) {
      rules.Reset();
      rules.Bind(1, r.id);
      while (true) {
        ASSIGN_OR_RETURN(bool row, rules.Step());
        if (!row) break;
        r.rules.push_back({std::string(rules.Text(0)), rules.Int(1), rules.Int(2)});
      }
    }
    return out;
  }

  StatusOr<std::vector<ResultGroup>> Aggregate(const ResultQuery& q, int64_t divisor) override {
    const std::string key = divisor <= 0 ? "r.user_id" : StrCat("r.region_key / ", divisor);
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT ", key,
                                   " AS k, r.kind, COUNT(*), COUNT(DISTINCT r.user_id), "
                                   "SUM(r.score), SUM(r.max_score), SUM(r.finished_at - "
                                   "r.started_at) FROM practice_results r",
                                   kWhere, " GROUP BY k, r.kind ORDER BY k, r.kind")));
    BindQuery(s, q);
    std::vector<ResultGroup> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Int(0), static_cast<PracticeKind>(s.Int(1)), s.Int(2), s.Int(3), s.Int(4),
                     s.Int(5), s.Int(6)});
    }
    return out;
  }

  StatusOr<std::vector<RuleTally>> RuleAccuracy(const ResultQuery& q) override {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT x.rule, SUM(x.correct), SUM(x.total) FROM "
                                   "practice_rules x JOIN practice_results r ON r.id = x.result_id",
                                   kWhere, " GROUP BY x.rule ORDER BY x.rule")));
    BindQuery(s, q);
    std::vector<RuleTally> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({std::string(s.Text(0)), s.Int(1), s.Int(2)});
    }
    return out;
  }

 private:
  StatusOr<int64_t> FinishInTxn(const PracticeResult& r) {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare("INSERT INTO practice_results(user_id, region_key, kind, ref, score, "
                            "max_score, started_at, finished_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "
                            "?7, ?8)"));
    RETURN_IF_ERROR(s.Bind(1, r.user_id)
                        .Bind(2, r.region_key)
                        .Bind(3, static_cast<int>(r.kind))
                        .Bind(4, std::string_view(r.ref))
                        .Bind(5, r.score)
                        .Bind(6, r.max_score)
                        .Bind(7, r.started_unix)
                        .Bind(8, r.finished_unix)
                        .Run());
    const int64_t id = sqlite3_last_insert_rowid(db_.raw());
    ASSIGN_OR_RETURN(Stmt rule, db_.Prepare("INSERT INTO practice_rules(result_id, rule, correct, "
                                            "total) VALUES(?1, ?2, ?3, ?4)"));
    for (const RuleTally& t : r.rules) {
      rule.Reset();
      RETURN_IF_ERROR(rule.Bind(1, id)
                          .Bind(2, std::string_view(t.rule))
                          .Bind(3, t.correct)
                          .Bind(4, t.total)
                          .Run());
    }
    RETURN_IF_ERROR(DeleteRun(r.user_id, r.kind, r.ref));
    return id;
  }

  Db db_;
};

}  // namespace

StatusOr<std::unique_ptr<ResultStore>> OpenSqliteResults(const std::string& path) {
  ASSIGN_OR_RETURN(Db db, sqlite::Db::Open(path));
  auto results = std::make_unique<SqliteResults>(std::move(db));
  RETURN_IF_ERROR(results->Init());
  return std::unique_ptr<ResultStore>(std::move(results));
}

}  // namespace bimtek::store
