#include "store/postgres/postgres_results.h"

#include <map>

#include "base/strings.h"
#include "store/postgres/pg_session.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::Param;
using pg::Result;

constexpr int kPracticeSchema = 8;  // the migration that creates the practice tables

// The WHERE clause of a ResultQuery over practice_results aliased `r`; parameters $1..$4.
constexpr std::string_view kWhere =
    " WHERE r.region_key BETWEEN $1 AND $2 AND ($3::bigint IS NULL OR r.user_id = $3::bigint) "
    "AND ($4::smallint IS NULL OR r.kind = $4::smallint)";

std::vector<Param> QueryParams(const ResultQuery& q) {
  return {Param::Int(q.region_lo), Param::Int(q.region_hi),
          q.user_id ? Param::Int(*q.user_id) : Param::Null(),
          q.kind ? Param::Int(static_cast<int>(*q.kind)) : Param::Null()};
}

class PgResults : public ResultStore {
 public:
  explicit PgResults(Conn conn) : conn_(std::move(conn)) {}

  StatusOr<std::optional<PracticeRun>> FindRun(int64_t user_id, PracticeKind kind,
                                               std::string_view ref) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT state, started_at, updated_at FROM "
                                          "practice_runs WHERE user_id = $1 AND kind = $2 AND "
                                          "ref = $3",
                                          {Param::Int(user_id), Param::Int(static_cast<int>(kind)),
                                           Param::Text(ref)}));
    if (r.rows() == 0) return std::optional<PracticeRun>();
    return std::optional<PracticeRun>(PracticeRun{
        user_id, kind, std::string(ref), std::string(r.Text(0, 0)), r.Int(0, 1), r.Int(0, 2)});
  }

  Status PutRun(const PracticeRun& r) override {
    return conn_
        .Exec(
            "INSERT INTO practice_runs(user_id, kind, ref, state, started_at, updated_at) "
            "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(user_id, kind, ref) DO UPDATE SET "
            "state = excluded.state, started_at = excluded.started_at, updated_at = "
            "excluded.updated_at",
            {Param::Int(r.user_id), Param::Int(static_cast<int>(r.kind)), Param::Text(r.ref),
             Param::Text(r.state), Param::Int(r.started_unix), Param::Int(r.updated_unix)})
        .status();
  }

  Status DeleteRun(int64_t user_id, PracticeKind kind, std::string_view ref) override {
    return conn_
        .Exec("DELETE FROM practice_runs WHERE user_id = $1 AND kind = $2 AND ref = $3",
              {Param::Int(user_id), Param::Int(static_cast<int>(kind)), Param::Text(ref)})
        .status();
  }

  StatusOr<std::vector<PracticeRun>> ListRuns(int64_t user_id) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT kind, ref, state, started_at, updated_at FROM "
                                          "practice_runs WHERE user_id = $1 ORDER BY updated_at "
                                          "DESC, ref",
                                          {Param::Int(user_id)}));
    std::vector<PracticeRun> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({user_id, static_cast<PracticeKind>(r.Int(i, 0)), std::string(r.Text(i, 1)),
                     std::string(r.Text(i, 2)), r.Int(i, 3), r.Int(i, 4)});
    }
    return out;
  }

  StatusOr<int64_t> FinishRun(const PracticeResult& res) override {
    int64_t id = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      ASSIGN_OR_RETURN(
          Result r,
          conn_.Exec("INSERT INTO practice_results(user_id, region_key, kind, ref, score, "
                     "max_score, started_at, finished_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8) "
                     "RETURNING id",
                     {Param::Int(res.user_id), Param::Int(res.region_key),
                      Param::Int(static_cast<int>(res.kind)), Param::Text(res.ref),
                      Param::Int(res.score), Param::Int(res.max_score),
                      Param::Int(res.started_unix), Param::Int(res.finished_unix)}));
      id = r.Int(0, 0);
      if (!res.rules.empty()) {
        std::string data;
        for (const RuleTally& t : res.rules) {
          pg::CopyInt(data, id);
          pg::CopyText(data, t.rule);
          pg::CopyInt(data, t.correct);
          pg::CopyInt(data, t.total);
          data.push_back('\n');
        }
        RETURN_IF_ERROR(
            conn_.CopyIn("COPY practice_rules(result_id, rule, correct, total) FROM STDIN", data));
      }
      return DeleteRun(res.user_id, res.kind, res.ref);
    }));
    return id;
  }

  StatusOr<std::vector<PracticeResult>> ListResults(const ResultQuery& q, int limit) override {
    std::vector<Param> params = QueryParams(q);
    params.push_back(Param::Int(limit));
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(StrCat("SELECT r.id, r.user_id, r.region_key, r.kind, r.ref, r.score, "
                          "r.max_score, r.started_at, r.finished_at FROM practice_results r",
                          kWhere, " ORDER BY r.finished_at DESC, r.id DESC LIMIT $5"),
                   params));
    std::vector<PracticeResult> out;
    std::map<int64_t, size_t> index;
    std::string ids;
    for (int i = 0; i < r.rows(); ++i) {
      PracticeResult x;
      x.id = r.Int(i, 0);
      x.user_id = r.Int(i, 1);
      x.region_key = r.Int(i, 2);
      x.kind = static_cast<PracticeKind>(r.Int(i, 3));
      x.ref = std::string(r.Text(i, 4));
      x.score = r.Int(i, 5);
      x.max_score = r.Int(i, 6);
      x.started_unix = r.Int(i, 7);
      x.finished_unix = r.Int(i, 8);
      index[x.id] = out.size();
      if (!ids.empty()) ids += ',';
      ids += std::to_string(x.id);
      out.push_back(std::move(x));
    }
    if (out.empty()) return out;
    // Every result's tallies in one round trip (ids are integers read back from the server).
    ASSIGN_OR_RETURN(Result t, conn_.Exec(StrCat("SELECT result_id, rule, correct, total FROM "
                                                 "practice_rules WHERE result_id IN (",
                                                 ids, ") ORDER BY result_id, rule")));
    for (int i = 0; i < t.rows(); ++i) {
      out[index[t.Int(i, 0)]].rules.push_back(
          {std::string(t.Text(i, 1)), t.Int(i, 2), t.Int(i, 3)});
    }
    return out;
  }

  StatusOr<std::vector<ResultGroup>> Aggregate(const ResultQuery& q, int64_t divisor) override {
    const std::string key = divisor <= 0 ? "r.user_id" : StrCat("r.region_key / ", divisor);
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", key,
                                       " AS k, r.kind, count(*), count(DISTINCT r.user_id), "
                                       "sum(r.score), sum(r.max_score), sum(r.finished_at - "
                                       "r.started_at) FROM practice_results r",
                                       kWhere, " GROUP BY k, r.kind ORDER BY k, r.kind"),
                                QueryParams(q)));
    std::vector<ResultGroup> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.Int(i, 0), static_cast<PracticeKind>(r.Int(i, 1)), r.Int(i, 2), r.Int(i, 3),
                     r.Int(i, 4), r.Int(i, 5), r.Int(i, 6)});
    }
    return out;
  }

  StatusOr<std::vector<RuleTally>> RuleAccuracy(const ResultQuery& q) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT x.rule, sum(x.correct), sum(x.total) FROM "
                                       "practice_rules x JOIN practice_results r ON r.id = "
                                       "x.result_id",
                                       kWhere, " GROUP BY x.rule ORDER BY x.rule"),
                                QueryParams(q)));
    std::vector<RuleTally> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({std::string(r.Text(i, 0)), r.Int(i, 1), r.Int(i, 2)});
    }
    return out;
  }

 private:
  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<ResultStore>> OpenPostgresResults(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, pg::ConnectFor(url, kPracticeSchema, "practice tables"));
  return std::unique_ptr<ResultStore>(std::make_unique<PgResults>(std::move(conn)));
}

}  // namespace bimtek::store
