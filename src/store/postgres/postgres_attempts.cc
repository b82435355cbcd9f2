#include "store/postgres/postgres_attempts.h"

#include <cstdlib>
#include <map>
#include <utility>

#include "base/strings.h"
#include "fmt/format.h"
#include "store/group_commit.h"
#include "store/postgres/pg_session.h"
#include "store/schema.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::CopyInt;
using pg::Param;
using pg::Result;

// Migration 6 creates the test tables; 11 partitions attempts and adds attempt_keys.
constexpr int kTestsSchema = 11;

constexpr std::string_view kAttemptCols =
    "id, test_id, person_id, region_key, form, idem_key, answers, correct, presented, "
    "fetched_ms, submitted_ms, late, source, entered_by";
// The same, of `attempts a` in a join.
constexpr std::string_view kAttemptColsA =
    "a.id, a.test_id, a.person_id, a.region_key, a.form, a.idem_key, a.answers, a.correct, "
    "a.presented, a.fetched_ms, a.submitted_ms, a.late, a.source, a.entered_by";
constexpr std::string_view kInputCols =
    "test_id, person_id, region_key, form, idem_key, answers, correct, presented, fetched_ms, "
    "submitted_ms, late, source, entered_by";

// The staging table of a connection: rows to insert arrive here by COPY, in input order (seq).
constexpr std::string_view kStagingCreate =
    "CREATE TEMP TABLE IF NOT EXISTS attempts_in(seq BIGINT NOT NULL, test_id BIGINT, person_id "
    "BIGINT, region_key BIGINT, form INTEGER, idem_key TEXT, answers BYTEA, correct INTEGER, "
    "presented INTEGER, fetched_ms BIGINT, submitted_ms BIGINT, late BOOLEAN, source SMALLINT, "
    "entered_by TEXT) ON COMMIT DELETE ROWS";

TestAttempt ReadAttempt(const Result& r, int i) {
  TestAttempt a;
  a.id = r.Int(i, 0);
  a.test_id = r.Int(i, 1);
  a.person_id = r.Int(i, 2);
  a.region_key = r.Int(i, 3);
  a.form = static_cast<int>(r.Int(i, 4));
  a.idem_key = std::string(r.Text(i, 5));
  a.answers = r.Bytes(i, 6);
  a.correct = static_cast<int>(r.Int(i, 7));
  a.presented = static_cast<int>(r.Int(i, 8));
  a.fetched_ms = r.Int(i, 9);
  a.submitted_ms = r.Int(i, 10);
  a.late = pg::ReadBool(r, i, 11);
  a.source = static_cast<AttemptSource>(r.Int(i, 12));
  a.entered_by = std::string(r.Text(i, 13));
  return a;
}

void CopyAttempt(std::string& data, int64_t seq, const TestAttempt& a) {
  CopyInt(data, seq);
  CopyInt(data, a.test_id);
  CopyInt(data, a.person_id);
  CopyInt(data, a.region_key);
  CopyInt(data, a.form);
  pg::CopyText(data, a.idem_key);
  pg::CopyBytes(data, a.answers);
  CopyInt(data, a.correct);
  CopyInt(data, a.presented);
  CopyInt(data, a.fetched_ms);
  CopyInt(data, a.submitted_ms);
  pg::CopyText(data, a.late ? "t" : "f");
  CopyInt(data, static_cast<int>(a.source));
  pg::CopyText(data, a.entered_by);
  data.push_back('\n');
}

Status CopyStaging(Conn& conn, const std::string& data) {
  return conn.CopyIn(StrCat("COPY attempts_in(seq, ", kInputCols, ") FROM STDIN"), data);
}

// Inserts the staged rows in input order, skipping those whose key or (test, person) is stored
// (migration 11): the keys go first into the global table attempt_keys, whose two unique
// indexes span the country, and only the rows it took go into their province's partition of
// attempts, with the id it gave. A staged row repeating an earlier one's key is skipped by
// ON CONFLICT; the row joined back is the first staged one with the taken key, test, person
// and region (the one the key came from). Returns the inserted rows' id and idem_key. Data-
// modifying statements in WITH must be at the top level, so the statement is "WITH " +
// kStagedKeys (the CTE k) + kInsertKeyed (the INSERT reading it).
constexpr std::string_view kStagedKeys =
    "k AS (INSERT INTO attempt_keys(idem_key, test_id, person_id, region_key) SELECT "
    "idem_key, test_id, person_id, region_key FROM attempts_in ORDER BY seq ON CONFLICT DO "
    "NOTHING RETURNING id, idem_key, test_id, person_id, region_key)";
constexpr std::string_view kInsertKeyed =
    "INSERT INTO attempts(id, test_id, person_id, region_key, form, idem_key, answers, correct, "
    "presented, fetched_ms, submitted_ms, late, source, entered_by) SELECT DISTINCT ON (k.id) "
    "k.id, s.test_id, s.person_id, s.region_key, s.form, s.idem_key, s.answers, s.correct, "
    "s.presented, s.fetched_ms, s.submitted_ms, s.late, s.source, s.entered_by FROM k JOIN "
    "attempts_in s ON s.idem_key = k.idem_key AND s.test_id = k.test_id AND s.person_id = "
    "k.person_id AND s.region_key = k.region_key ORDER BY k.id, s.seq RETURNING id, idem_key";

// The stored attempts whose key or (test, person) is among the staged rows': found in the
// global table, then read from their one partition (FROM clause of a SELECT of kAttemptColsA).
constexpr std::string_view kStoredOfStaged =
    " FROM (SELECT id, region_key FROM attempt_keys WHERE idem_key IN (SELECT idem_key FROM "
    "attempts_in) UNION SELECT id, region_key FROM attempt_keys WHERE (test_id, person_id) IN "
    "(SELECT test_id, person_id FROM attempts_in)) k JOIN attempts a ON a.id = k.id AND "
    "a.region_key = k.region_key";

std::string FormItemsText(const std::vector<assessment::FormItem>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ' ';
    out += StrCat(i.id, "@", i.version);
  }
  return out;
}

StatusOr<std::vector<assessment::FormItem>> ParseFormItems(std::string_view text) {
  std::vector<assessment::FormItem> out;
  for (std::string_view part : Split(text, ' ')) {
    if (part.empty()) continue;
    const size_t at = part.rfind('@');
    if (at == std::string_view::npos) {
      return absl::InternalError(StrCat("bad stored form item '", part, "'"));
    }
    out.push_back(
        {std::string(part.substr(0, at)), std::atoi(std::string(part.substr(at + 1)).c_str())});
  }
  return out;
}

constexpr std::string_view kTestSelect =
    "SELECT id, name, kind, scope, coalesce(batch_id, 0), coalesce(pre_test_id, 0), opens_at, "
    "closes_at, time_limit, pass_mark, remedial_mark, seed, forms, blueprint, created_by, "
    "created_at FROM tests";

StatusOr<TestRow> ReadTest(const Result& r, int i) {
  TestRow t;
  t.id = r.Int(i, 0);
  t.name = std::string(r.Text(i, 1));
  t.kind = static_cast<TestKind>(r.Int(i, 2));
  t.scope = r.Int(i, 3);
  t.batch_id = r.Int(i, 4);
  t.pre_test_id = r.Int(i, 5);
  t.opens_unix = r.Int(i, 6);
  t.closes_unix = r.Int(i, 7);
  t.time_limit_seconds = r.Int(i, 8);
  t.pass_mark = std::strtod(std::string(r.Text(i, 9)).c_str(), nullptr);
  t.remedial_mark = std::strtod(std::string(r.Text(i, 10)).c_str(), nullptr);
  t.seed = static_cast<uint64_t>(r.Int(i, 11));
  t.forms = static_cast<int>(r.Int(i, 12));
  ASSIGN_OR_RETURN(t.blueprint, assessment::ParseBlueprint(r.Text(i, 13)));
  t.created_by = std::string(r.Text(i, 14));
  t.created_unix = r.Int(i, 15);
  return t;
}

StatusOr<Conn> ConnectTests(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, pg::ConnectFor(url, kTestsSchema, "test tables"));
  RETURN_IF_ERROR(conn.Script(kStagingCreate));
  return conn;
}

class PgTests : public TestStore {
 public:
  explicit PgTests(Conn conn) : conn_(std::move(conn)) {}

  StatusOr<int64_t> CreateTest(const TestRow& t, const std::vector<TestForm>& forms) override {
    int64_t id = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      ASSIGN_OR_RETURN(
          Result r,
          conn_.Exec("INSERT INTO tests(name, kind, scope, scope_key, batch_id, pre_test_id, "
                     "opens_at, closes_at, time_limit, pass_mark, remedial_mark, seed, forms, "
                     "blueprint, created_by, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, "
                     "$9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
                     {Param::Text(t.name), Param::Int(static_cast<int>(t.kind)),
                      Param::Int(t.scope), Param::Int(t.scope == 0 ? 0 : RegionKey(t.scope)),
                      t.batch_id ? Param::Int(t.batch_id) : Param::Null(),
                      t.pre_test_id ? Param::Int(t.pre_test_id) : Param::Null(),
                      Param::Int(t.opens_unix), Param::Int(t.closes_unix),
                      Param::Int(t.time_limit_seconds), Param::Text(fmt::format("{}", t.pass_mark)),
                      Param::Text(fmt::format("{}", t.remedial_mark)),
                      Param::Int(static_cast<int64_t>(t.seed)), Param::Int(t.forms),
                      Param::Text(assessment::FormatBlueprint(t.blueprint)),
                      Param::Text(t.created_by), Param::Int(t.created_unix)}));
      id = r.Int(0, 0);
      for (const TestForm& form : forms) {
        RETURN_IF_ERROR(conn_
                            .Exec("INSERT INTO test_forms(test_id, form, items) VALUES($1, $2, $3)",
                                  {Param::Int(id), Param::Int(form.form),
                                   Param::Text(FormItemsText(form.items))})
                            .status());
      }
      return absl::OkStatus();
    }));
    return id;
  }

  StatusOr<std::optional<TestRow>> GetTest(int64_t id) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(StrCat(kTestSelect, " WHERE id = $1"), {Param::Int(id)}));
    if (r.rows() == 0) return std::optional<TestRow>();
    ASSIGN_OR_RETURN(TestRow t, ReadTest(r, 0));
    return std::optional<TestRow>(std::move(t));
  }

  StatusOr<std::vector<TestForm>> GetForms(int64_t test_id) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT form, items FROM test_forms WHERE test_id = $1 "
                                          "ORDER BY form",
                                          {Param::Int(test_id)}));
    std::vector<TestForm> out;
    for (int i = 0; i < r.rows(); ++i) {
      TestForm f;
      f.form = static_cast<int>(r.Int(i, 0));
      ASSIGN_OR_RETURN(f.items, ParseFormItems(r.Text(i, 1)));
      out.push_back(std::move(f));
    }
    return out;
  }

  StatusOr<std::vector<TestRow>> ListTests(int64_t lo, int64_t hi) override {
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(StrCat(kTestSelect, " WHERE scope_key BETWEEN $1 AND $2 ORDER BY id DESC"),
                   {Param::Int(lo), Param::Int(hi)}));
    std::vector<TestRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      ASSIGN_OR_RETURN(TestRow t, ReadTest(r, i));
      out.push_back(std::move(t));
    }
    return out;
  }

  StatusOr<std::optional<TestAttempt>> FindAttempt(int64_t test_id, int64_t person_id) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kAttemptColsA,
                                       " FROM attempt_keys k JOIN attempts a ON a.id = k.id AND "
                                       "a.region_key = k.region_key WHERE k.test_id = $1 AND "
                                       "k.person_id = $2"),
                                {Param::Int(test_id), Param::Int(person_id)}));
    if (r.rows() == 0) return std::optional<TestAttempt>();
    return std::optional<TestAttempt>(ReadAttempt(r, 0));
  }

  Status ScanAttempts(const AttemptQuery& q,
                      const std::function<Status(const TestAttempt&)>& fn) override {
    return pg::Stream(
        conn_,
        StrCat("SELECT ", kAttemptCols, " FROM attempts WHERE test_id = ", q.test_id,
               " AND region_key BETWEEN ", q.region_lo, " AND ", q.region_hi, " ORDER BY id"),
        [&](const Result& r, int i) { return fn(ReadAttempt(r, i)); });
  }

  StatusOr<int64_t> InsertAttempts(const std::vector<TestAttempt>& rows) override {
    std::string data;
    for (size_t i = 0; i < rows.size(); ++i) CopyAttempt(data, static_cast<int64_t>(i), rows[i]);
    int64_t n = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      n = 0;
      if (data.empty()) return absl::OkStatus();
      RETURN_IF_ERROR(CopyStaging(conn_, data));
      ASSIGN_OR_RETURN(Result r, conn_.Exec(StrCat("WITH ", kStagedKeys, ", ins AS (", kInsertKeyed,
                                                   ") SELECT count(*) FROM ins")));
      n = r.Int(0, 0);
      return absl::OkStatus();
    }));
    return n;
  }

 private:
  Conn conn_;
};

class PgAttemptWriter : public GroupCommitWriter {
 public:
  PgAttemptWriter(std::string url, Conn conn, PgGroupCommitOptions o)
      : GroupCommitWriter(o.max_batch, o.min_interval), url_(std::move(url)), conn_(std::move(conn)) {}
  ~PgAttemptWriter() override { Stop(); }

  Status Start() {
    // Durable before acknowledged, whatever the server's or the database's default.
    RETURN_IF_ERROR(conn_.Script("SET synchronous_commit = on"));
    StartThread();
    return absl::OkStatus();
  }

 private:
  Status WriteGroup(const std::vector<TestAttempt>& rows,
                    std::vector<StatusOr<SubmitOutcome>>& results) override {
    std::vector<SubmitOutcome> out;
    Status st = WriteRows(rows, out);
    if (!st.ok() && !conn_.Healthy() && Reconnect().ok()) {
      // The connection was lost (a PostgreSQL restart, a failover): once more on a new one. A
      // group whose COMMIT went through before the loss finds its rows stored: duplicates.
      st = WriteRows(rows, out);
    }
    if (!st.ok()) return st;
    for (size_t i = 0; i < rows.size(); ++i) results[i] = std::move(out[i]);
    return absl::OkStatus();
  }

  // One transaction for the group: the rows not repeating an earlier one of the group are
  // copied and inserted; those the INSERT skipped (their key or (test, person) stored before,
  // possibly by another server) are read back. Safe to run again after a conflict.
  Status WriteRows(const std::vector<TestAttempt>& batch, std::vector<SubmitOutcome>& out) {
    // first[i]: the index of the earlier row of the group that row i repeats, or i.
    std::vector<size_t> first(batch.size());
    std::map<std::string_view, size_t> by_key;
    std::map<std::pair<int64_t, int64_t>, size_t> by_person;
    std::string data;
    for (size_t i = 0; i < batch.size(); ++i) {
      const TestAttempt& a = batch[i];
      first[i] = i;
      if (auto k = by_key.find(a.idem_key); k != by_key.end()) {
        first[i] = k->second;
      } else if (auto p = by_person.find({a.test_id, a.person_id}); p != by_person.end()) {
        first[i] = p->second;
      } else {
        by_key.emplace(a.idem_key, i);
        by_person.emplace(std::make_pair(a.test_id, a.person_id), i);
        CopyAttempt(data, static_cast<int64_t>(i), a);
      }
    }
    return pg::InTxn(conn_, [&]() -> Status {
      out.assign(batch.size(), SubmitOutcome{});
      RETURN_IF_ERROR(CopyStaging(conn_, data));
      ASSIGN_OR_RETURN(Result ins, conn_.Exec(StrCat("WITH ", kStagedKeys, " ", kInsertKeyed)));
      std::map<std::string, int64_t> inserted;
      for (int i = 0; i < ins.rows(); ++i) inserted.emplace(ins.Text(i, 1), ins.Int(i, 0));
      std::map<std::string, TestAttempt> stored_by_key;
      std::map<std::pair<int64_t, int64_t>, TestAttempt> stored_by_person;
      if (inserted.size() < by_key.size()) {
        ASSIGN_OR_RETURN(Result r, conn_.Exec(StrCat("SELECT ", kAttemptColsA, kStoredOfStaged)));
        for (int i = 0; i < r.rows(); ++i) {
          TestAttempt a = ReadAttempt(r, i);
          std::string key = a.idem_key;
          stored_by_person.emplace(std::make_pair(a.test_id, a.person_id), a);
          stored_by_key.emplace(std::move(key), std::move(a));
        }
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        const TestAttempt& a = batch[i];
        if (first[i] != i) {
          out[i].row = out[first[i]].row;
          out[i].duplicate = true;
          continue;
        }
        if (auto it = inserted.find(a.idem_key); it != inserted.end()) {
          out[i].row = a;
          out[i].row.id = it->second;
          continue;
        }
        out[i].duplicate = true;
        if (auto k = stored_by_key.find(a.idem_key); k != stored_by_key.end()) {
          out[i].row = k->second;
        } else if (auto p = stored_by_person.find({a.test_id, a.person_id});
                   p != stored_by_person.end()) {
          out[i].row = p->second;
        } else {
          return absl::InternalError("attempt insert skipped but no conflicting row found");
        }
      }
      return absl::OkStatus();
    });
  }

  Status Reconnect() {
    ASSIGN_OR_RETURN(Conn fresh, ConnectTests(url_));
    RETURN_IF_ERROR(fresh.Script("SET synchronous_commit = on"));
    conn_ = std::move(fresh);
    return absl::OkStatus();
  }

  std::string url_;
  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<TestStore>> OpenPostgresTests(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, ConnectTests(url));
  return std::unique_ptr<TestStore>(std::make_unique<PgTests>(std::move(conn)));
}

StatusOr<std::unique_ptr<AttemptWriter>> OpenPostgresAttemptWriter(const std::string& url,
                                                                   PgGroupCommitOptions options) {
  ASSIGN_OR_RETURN(Conn conn, ConnectTests(url));
  auto w = std::make_unique<PgAttemptWriter>(url, std::move(conn), options);
  RETURN_IF_ERROR(w->Start());
  return std::unique_ptr<AttemptWriter>(std::move(w));
}

}  // namespace bimtek::store
