#include "store/sqlite/sqlite_attempts.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "fmt/format.h"

#include "base/strings.h"
#include "store/group_commit.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kTestsSchema = 6;  // the migration that creates the test tables

constexpr std::string_view kAttemptCols =
    "id, test_id, person_id, region_key, form, idem_key, answers, correct, presented, "
    "fetched_ms, submitted_ms, late, source, entered_by";

constexpr std::string_view kInsertAttempt =
    "INSERT INTO attempts(test_id, person_id, region_key, form, idem_key, answers, correct, "
    "presented, fetched_ms, submitted_ms, late, source, entered_by) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT DO NOTHING";

int64_t ScopeKey(RegionCode c) { return c == 0 ? 0 : RegionKey(c); }

TestAttempt ReadAttempt(const Stmt& s) {
  TestAttempt a;
  a.id = s.Int(0);
  a.test_id = s.Int(1);
  a.person_id = s.Int(2);
  a.region_key = s.Int(3);
  a.form = static_cast<int>(s.Int(4));
  a.idem_key = s.Text(5);
  a.answers = s.Blob(6);
  a.correct = static_cast<int>(s.Int(7));
  a.presented = static_cast<int>(s.Int(8));
  a.fetched_ms = s.Int(9);
  a.submitted_ms = s.Int(10);
  a.late = s.Int(11) != 0;
  a.source = static_cast<AttemptSource>(s.Int(12));
  a.entered_by = s.Text(13);
  return a;
}

void BindAttempt(Stmt& s, const TestAttempt& a) {
  s.Bind(1, a.test_id)
      .Bind(2, a.person_id)
      .Bind(3, a.region_key)
      .Bind(4, a.form)
      .Bind(5, std::string_view(a.idem_key))
      .BindBlob(6, a.answers)
      .Bind(7, a.correct)
      .Bind(8, a.presented)
      .Bind(9, a.fetched_ms)
      .Bind(10, a.submitted_ms)
      .Bind(11, a.late ? 1 : 0)
      .Bind(12, static_cast<int>(a.source))
      .Bind(13, std::string_view(a.entered_by));
}

Status CheckSchema(Db& db) {
  RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));
  return db.RequireSchema(kTestsSchema, "test tables");
}

// Inserts `a` unless its key or (test, person) is stored; returns the stored row either way.
// Used inside a transaction.
StatusOr<SubmitOutcome> InsertOne(Db& db, Stmt& insert, Stmt& by_key, Stmt& by_person,
                                  const TestAttempt& a) {
  insert.Reset();
  BindAttempt(insert, a);
  RETURN_IF_ERROR(insert.Run());
  SubmitOutcome out;
  if (sqlite3_changes(db.raw()) > 0) {
    out.row = a;
    out.row.id = sqlite3_last_insert_rowid(db.raw());
    return out;
  }
  out.duplicate = true;
  by_key.Reset();
  by_key.Bind(1, std::string_view(a.idem_key));
  ASSIGN_OR_RETURN(bool row, by_key.Step());
  if (row) {
    out.row = ReadAttempt(by_key);
    by_key.Reset();
    return out;
  }
  by_person.Reset();
  by_person.Bind(1, a.test_id).Bind(2, a.person_id);
  ASSIGN_OR_RETURN(row, by_person.Step());
  if (!row) return absl::InternalError("attempt insert ignored but no conflicting row found");
  out.row = ReadAttempt(by_person);
  by_person.Reset();
  return out;
}

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
    out.push_back({std::string(part.substr(0, at)), std::atoi(std::string(part.substr(at + 1)).c_str())});
  }
  return out;
}

class SqliteTests : public TestStore {
 public:
  explicit SqliteTests(Db db) : db_(std::move(db)) {}

  StatusOr<int64_t> CreateTest(const TestRow& t, const std::vector<TestForm>& forms) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto id = CreateIn(t, forms);
    if (id.ok()) {
      Status c = db_.Exec("COMMIT");
      if (c.ok()) return id;
      id = c;
    }
    db_.Exec("ROLLBACK").IgnoreError();
    return id;
  }

  StatusOr<std::optional<TestRow>> GetTest(int64_t id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat(kTestSelect, " WHERE id = ?1")));
    s.Bind(1, id);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<TestRow>();
    ASSIGN_OR_RETURN(TestRow t, ReadTest(s));
    return std::optional<TestRow>(std::move(t));
  }

  StatusOr<std::vector<TestForm>> GetForms(int64_t test_id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT form, items FROM test_forms WHERE test_id = ?1 "
                                         "ORDER BY form"));
    s.Bind(1, test_id);
    std::vector<TestForm> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      TestForm f;
      f.form = static_cast<int>(s.Int(0));
      ASSIGN_OR_RETURN(f.items, ParseFormItems(s.Text(1)));
      out.push_back(std::move(f));
    }
    return out;
  }

  StatusOr<std::vector<TestRow>> ListTests(int64_t lo, int64_t hi) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat(kTestSelect,
                                                " WHERE scope_key BETWEEN ?1 AND ?2 ORDER BY id DESC")));
    s.Bind(1, lo).Bind(2, hi);
    std::vector<TestRow> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(TestRow t, ReadTest(s));
      out.push_back(std::move(t));
    }
    return out;
  }

  StatusOr<std::optional<TestAttempt>> FindAttempt(int64_t test_id, int64_t person_id) override {
    // Prepared once: every test fetch asks (preparing it was a seventh of a fetch's CPU).
    if (!find_attempt_.ok()) {
      ASSIGN_OR_RETURN(find_attempt_, db_.Prepare(StrCat("SELECT ", kAttemptCols,
                                                         " FROM attempts WHERE test_id = ?1 AND "
                                                         "person_id = ?2")));
    }
    Stmt& s = find_attempt_;
    s.Bind(1, test_id).Bind(2, person_id);
    auto row = s.Step();
    std::optional<TestAttempt> out;
    if (row.ok() && *row) out = ReadAttempt(s);
    s.Reset();  // ends the read transaction
    if (!row.ok()) return row.status();
    return out;
  }

  Status ScanAttempts(const AttemptQuery& q,
                      const std::function<Status(const TestAttempt&)>& fn) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat("SELECT ", kAttemptCols,
                                                " FROM attempts WHERE test_id = ?1 AND region_key "
                                                "BETWEEN ?2 AND ?3 ORDER BY id")));
    s.Bind(1, q.test_id).Bind(2, q.region_lo).Bind(3, q.region_hi);
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      RETURN_IF_ERROR(fn(ReadAttempt(s)));
    }
    return absl::OkStatus();
  }

  StatusOr<int> ScanAttemptViews(
      const AttemptQuery& q, int parts,
      const std::function<Status(int part, const AttemptView&)>& fn) override {
    static constexpr std::string_view kViewCols =
        "SELECT id, person_id, region_key, form, answers, correct, presented, late FROM attempts ";
    const char* file = sqlite3_db_filename(db_.raw(), "main");
    const bool whole = q.region_lo <= 0 && q.region_hi >= 9'999'999'999;
    if (!whole || parts <= 1 || file == nullptr || *file == '\0') {
      // A region: its rows through the (test_id, region_key) index, on this connection.
      ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat(kViewCols,
                                                  "WHERE test_id = ?1 AND region_key BETWEEN ?2 "
                                                  "AND ?3 ORDER BY id")));
      s.Bind(1, q.test_id).Bind(2, q.region_lo).Bind(3, q.region_hi);
      RETURN_IF_ERROR(StepViews(s, 0, fn, nullptr));
      return 1;
    }
    // The whole country: the table in rowid order, split into id ranges, one connection and
    // thread each (the calling thread takes part 0 on this connection). A sequential scan reads
    // each page once; going through the index would cost a table look-up per row.
    ASSIGN_OR_RETURN(Stmt r, db_.Prepare("SELECT COALESCE(min(id), 0), COALESCE(max(id), -1) "
                                         "FROM attempts"));
    ASSIGN_OR_RETURN(bool row, r.Step());
    const int64_t lo = row ? r.Int(0) : 0, hi = row ? r.Int(1) : -1;
    const int64_t span = hi - lo + 1;
    if (span <= 0) return 1;
    parts = static_cast<int>(std::min<int64_t>(parts, std::max<int64_t>(1, span / 100'000)));
    const std::string path = file;
    const std::string sql = StrCat(kViewCols,
                                   "NOT INDEXED WHERE id BETWEEN ?1 AND ?2 AND test_id = ?3");
    std::atomic<bool> stop{false};
    auto run = [&](Db& db, int part) -> Status {
      ASSIGN_OR_RETURN(Stmt s, db.Prepare(sql));
      const int64_t a = lo + span * part / parts;
      const int64_t b = lo + span * (part + 1) / parts - 1;
      s.Bind(1, a).Bind(2, b).Bind(3, q.test_id);
      return StepViews(s, part, fn, &stop);
    };
    std::vector<Status> status(static_cast<size_t>(parts));
    std::vector<std::thread> threads;
    for (int part = 1; part < parts; ++part) {
      threads.emplace_back([&, part] {
        status[static_cast<size_t>(part)] = [&]() -> Status {
          ASSIGN_OR_RETURN(Db db, Db::Open(path));
          RETURN_IF_ERROR(db.Exec("PRAGMA mmap_size = 4294967296"));
          return run(db, part);
        }();
        if (!status[static_cast<size_t>(part)].ok()) stop = true;
      });
    }
    status[0] = run(db_, 0);
    if (!status[0].ok()) stop = true;
    for (std::thread& t : threads) t.join();
    for (const Status& st : status) {  // the cause, not the parts it stopped
      if (!st.ok() && !absl::IsCancelled(st)) return st;
    }
    for (const Status& st : status) RETURN_IF_ERROR(st);
    return parts;
  }

  StatusOr<int64_t> InsertAttempts(const std::vector<TestAttempt>& rows) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    int64_t n = 0;
    Status st = [&]() -> Status {
      ASSIGN_OR_RETURN(Stmt ins, db_.Prepare(kInsertAttempt));
      for (const TestAttempt& a : rows) {
        ins.Reset();
        BindAttempt(ins, a);
        RETURN_IF_ERROR(ins.Run());
        n += sqlite3_changes(db_.raw());
      }
      return db_.Exec("COMMIT");
    }();
    if (!st.ok()) {
      db_.Exec("ROLLBACK").IgnoreError();
      return st;
    }
    return n;
  }

 private:
  static constexpr std::string_view kTestSelect =
      "SELECT id, name, kind, scope, COALESCE(batch_id, 0), COALESCE(pre_test_id, 0), opens_at, "
      "closes_at, time_limit, pass_mark, remedial_mark, seed, forms, blueprint, created_by, "
      "created_at FROM tests";

  static StatusOr<TestRow> ReadTest(const Stmt& s) {
    TestRow t;
    t.id = s.Int(0);
    t.name = s.Text(1);
    t.kind = static_cast<TestKind>(s.Int(2));
    t.scope = s.Int(3);
    t.batch_id = s.Int(4);
    t.pre_test_id = s.Int(5);
    t.opens_unix = s.Int(6);
    t.closes_unix = s.Int(7);
    t.time_limit_seconds = s.Int(8);
    t.pass_mark = std::strtod(std::string(s.Text(9)).c_str(), nullptr);
    t.remedial_mark = std::strtod(std::string(s.Text(10)).c_str(), nullptr);
    t.seed = static_cast<uint64_t>(s.Int(11));
    t.forms = static_cast<int>(s.Int(12));
    ASSIGN_OR_RETURN(t.blueprint, assessment::ParseBlueprint(s.Text(13)));
    t.created_by = s.Text(14);
    t.created_unix = s.Int(15);
    return t;
  }

  StatusOr<int64_t> CreateIn(const TestRow& t, const std::vector<TestForm>& forms) {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("INSERT INTO tests(name, kind, scope, scope_key, batch_id, pre_test_id, "
                    "opens_at, closes_at, time_limit, pass_mark, remedial_mark, seed, forms, "
                    "blueprint, created_by, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"));
    s.Bind(1, std::string_view(t.name))
        .Bind(2, static_cast<int>(t.kind))
        .Bind(3, t.scope)
        .Bind(4, ScopeKey(t.scope));
    if (t.batch_id) s.Bind(5, t.batch_id); else s.BindNull(5);
    if (t.pre_test_id) s.Bind(6, t.pre_test_id); else s.BindNull(6);
    s.Bind(7, t.opens_unix)
        .Bind(8, t.closes_unix)
        .Bind(9, t.time_limit_seconds)
        .Bind(10, MarkText(t.pass_mark))
        .Bind(11, MarkText(t.remedial_mark))
        .Bind(12, static_cast<int64_t>(t.seed))
        .Bind(13, t.forms)
        .Bind(14, std::string_view(assessment::FormatBlueprint(t.blueprint)))
        .Bind(15, std::string_view(t.created_by))
        .Bind(16, t.created_unix);
    RETURN_IF_ERROR(s.Run());
    const int64_t id = sqlite3_last_insert_rowid(db_.raw());
    ASSIGN_OR_RETURN(Stmt f, db_.Prepare("INSERT INTO test_forms(test_id, form, items) "
                                         "VALUES(?1, ?2, ?3)"));
    for (const TestForm& form : forms) {
      f.Reset();
      const std::string items = FormItemsText(form.items);
      f.Bind(1, id).Bind(2, form.form).Bind(3, std::string_view(items));
      RETURN_IF_ERROR(f.Run());
    }
    return id;
  }

  static Status StepViews(Stmt& s, int part,
                          const std::function<Status(int, const AttemptView&)>& fn,
                          const std::atomic<bool>* stop) {
    AttemptView v;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return absl::OkStatus();
      if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
        return absl::CancelledError("scan stopped: another part failed");
      }
      v.id = s.Int(0);
      v.person_id = s.Int(1);
      v.region_key = s.Int(2);
      v.form = static_cast<int>(s.Int(3));
      v.answers = s.Blob(4);
      v.correct = static_cast<int>(s.Int(5));
      v.presented = static_cast<int>(s.Int(6));
      v.late = s.Int(7) != 0;
      RETURN_IF_ERROR(fn(part, v));
    }
  }

  // Stmt binds no doubles: marks go in as text, which the REAL column converts.
  static std::string MarkText(double v) { return fmt::format("{}", v); }

  Db db_;
  Stmt find_attempt_;  // FindAttempt's, prepared on first use
};

class SqliteAttemptWriter : public GroupCommitWriter {
 public:
  SqliteAttemptWriter(Db db, GroupCommitOptions o)
      : GroupCommitWriter(o.max_batch, o.min_interval), db_(std::move(db)) {}
  ~SqliteAttemptWriter() override { Stop(); }

  Status Start() {
    RETURN_IF_ERROR(db_.Exec("PRAGMA synchronous = FULL"));
    ASSIGN_OR_RETURN(insert_, db_.Prepare(kInsertAttempt));
    ASSIGN_OR_RETURN(by_key_,
                     db_.Prepare(StrCat("SELECT ", kAttemptCols, " FROM attempts WHERE idem_key = ?1")));
    ASSIGN_OR_RETURN(by_person_, db_.Prepare(StrCat("SELECT ", kAttemptCols,
                                                    " FROM attempts WHERE test_id = ?1 AND "
                                                    "person_id = ?2")));
    StartThread();
    return absl::OkStatus();
  }

 private:
  Status WriteGroup(const std::vector<TestAttempt>& rows,
                    std::vector<StatusOr<SubmitOutcome>>& out) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    for (size_t i = 0; i < rows.size(); ++i) {
      out[i] = InsertOne(db_, insert_, by_key_, by_person_, rows[i]);
    }
    const Status st = db_.Exec("COMMIT");  // synchronous = FULL: the WAL is fsynced first
    if (!st.ok()) db_.Exec("ROLLBACK").IgnoreError();
    return st;
  }

  Db db_;
  Stmt insert_, by_key_, by_person_;
};

}  // namespace

StatusOr<std::unique_ptr<TestStore>> OpenSqliteTests(const std::string& path) {
  ASSIGN_OR_RETURN(Db db, Db::Open(path));
  RETURN_IF_ERROR(CheckSchema(db));
  return std::unique_ptr<TestStore>(new SqliteTests(std::move(db)));
}

StatusOr<std::unique_ptr<AttemptWriter>> OpenSqliteAttemptWriter(const std::string& path,
                                                                 GroupCommitOptions options) {
  ASSIGN_OR_RETURN(Db db, Db::Open(path));
  RETURN_IF_ERROR(CheckSchema(db));
  auto w = std::make_unique<SqliteAttemptWriter>(std::move(db), options);
  RETURN_IF_ERROR(w->Start());
  return std::unique_ptr<AttemptWriter>(std::move(w));
}

}  // namespace bimtek::store
