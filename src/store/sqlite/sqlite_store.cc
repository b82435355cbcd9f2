#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <unordered_map>
#include <utility>

#include "absl/strings/match.h"
#include "base/strings.h"
#include "store/name_tokens.h"
#include "store/schema.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

PersonRow ReadPerson(const Stmt& s) {
  PersonRow p;
  p.id = s.Int(0);
  p.role = static_cast<Role>(s.Int(1));
  p.tps = s.IsNull(2) ? 0 : s.Int(2);
  p.position = static_cast<int>(s.Int(3));
  p.work_region = s.Int(4);
  p.home_region = s.Int(5);
  p.name = s.Text(6);
  p.sex = static_cast<Sex>(s.Int(7));
  p.education = static_cast<Education>(s.Int(8));
  p.nik_index = s.Blob(9);
  p.sealed = s.Blob(10);
  p.active = s.Int(11) != 0;
  return p;
}

void BindPerson(Stmt& s, const PersonRow& p, int first) {
  s.Bind(first, static_cast<int>(p.role));
  if (p.tps != 0) {
    s.Bind(first + 1, p.tps);
  } else {
    s.BindNull(first + 1);
  }
  s.Bind(first + 2, p.position)
      .Bind(first + 3, p.work_region)
      .Bind(first + 4, RegionKey(p.work_region))
      .Bind(first + 5, p.home_region)
      .Bind(first + 6, std::string_view(p.name))
      .Bind(first + 7, static_cast<int>(p.sex))
      .Bind(first + 8, static_cast<int>(p.education))
      .BindBlob(first + 9, p.nik_index)
      .BindBlob(first + 10, p.sealed)
      .Bind(first + 11, p.active ? 1 : 0)
      .Bind(first + 12, static_cast<int64_t>(std::time(nullptr)));
}

// The audit log's region_key: 0 for national rows, a TPS code counts as its desa.
int64_t AuditKey(RegionCode region) {
  if (region <= 0) return 0;
  if (region >= 10000000000) region /= 1000;
  return RegionKey(region);
}

// Writes the name tokens of person `p` (id set).
Status PutNames(Stmt& ins, const PersonRow& p) {
  const int64_t key = RegionKey(p.work_region);
  for (const std::string& t : NameTokens(p.name)) {
    RETURN_IF_ERROR(ins.Bind(1, NameBucket(key))
                        .Bind(2, std::string_view(t))
                        .Bind(3, p.id)
                        .Bind(4, key)
                        .Bind(5, static_cast<int>(p.role))
                        .Bind(6, p.active ? 1 : 0)
                        .Run());
  }
  return absl::OkStatus();
}

constexpr std::string_view kInsertName =
    "INSERT OR IGNORE INTO person_names(bucket, token, person_id, region_key, role, active) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6)";

class SqliteStore;

class SqliteTxn : public WriteTxn {
 public:
  SqliteTxn(Db& db, bool bulk) : db_(db), bulk_(bulk) {}
  ~SqliteTxn() override {
    if (open_) db_.Exec("ROLLBACK").IgnoreError();
    if (left_wal_) db_.Exec("PRAGMA journal_mode = WAL").IgnoreError();
  }

  Status BeginTxn() {
    if (bulk_) {
      ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT EXISTS(SELECT 1 FROM people)"));
      ASSIGN_OR_RETURN(bool row, s.Step());
      // Deferring the indexes is only a win (and only safe) when the table starts empty.
      deferred_indexes_ = row && s.Int(0) == 0;
      s.Reset();
      if (deferred_indexes_) {
        // A load into an empty table under a rollback journal writes each page once; under WAL
        // it is written to the log and again at the checkpoint. The rollback journal is as
        // crash-safe (a hot journal is rolled back on the next open). Another open connection
        // keeps WAL in force, and then this stays WAL.
        ASSIGN_OR_RETURN(Stmt mode, db_.Prepare("PRAGMA journal_mode = DELETE"));
        auto r = mode.Step();
        left_wal_ = r.ok() && *r && mode.Text(0) == "delete";
      }
    }
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    open_ = true;
    if (deferred_indexes_) {
      RETURN_IF_ERROR(db_.Exec(sqlite::kPeopleIndexesDrop));
      RETURN_IF_ERROR(db_.Exec("DROP INDEX IF EXISTS person_names_person"));
    }
    return absl::OkStatus();
  }

  Status PutTps(const TpsRow& t) override {
    if (!put_tps_.ok()) {
      ASSIGN_OR_RETURN(
          put_tps_,
          db_.Prepare(
              "INSERT INTO tps(code, dpt, address) VALUES(?1, ?2, ?3) "
              "ON CONFLICT(code) DO UPDATE SET dpt = excluded.dpt, address = excluded.address"));
    }
    return put_tps_.Bind(1, t.code).Bind(2, t.dpt).Bind(3, std::string_view(t.address)).Run();
  }

  StatusOr<int64_t> InsertPerson(const PersonRow& p) override {
    if (!insert_.ok()) {
      ASSIGN_OR_RETURN(
          insert_,
          db_.Prepare(
              "INSERT INTO people(role, tps, position, work_region, region_key, home_region, name, "
              "sex, education, nik_index, sealed, active, updated_at) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    }
    BindPerson(insert_, p, 1);
    RETURN_IF_ERROR(insert_.Run());
    const int64_t id = sqlite3_last_insert_rowid(db_.raw());
    if (!insert_name_.ok()) {
      ASSIGN_OR_RETURN(insert_name_, db_.Prepare(kInsertName));
    }
    PersonRow named = p;
    named.id = id;
    RETURN_IF_ERROR(PutNames(insert_name_, named));
    return id;
  }

  Status UpdatePerson(const PersonRow& p) override {
    if (!update_.ok()) {
      ASSIGN_OR_RETURN(
          update_,
          db_.Prepare(
              "UPDATE people SET role = ?1, tps = ?2, position = ?3, work_region = ?4, "
              "region_key = ?5, home_region = ?6, name = ?7, sex = ?8, education = ?9, "
              "nik_index = ?10, sealed = ?11, active = ?12, updated_at = ?13 WHERE id = ?14"));
    }
    BindPerson(update_, p, 1);
    update_.Bind(14, p.id);
    RETURN_IF_ERROR(update_.Run());
    if (!delete_names_.ok()) {
      ASSIGN_OR_RETURN(delete_names_, db_.Prepare("DELETE FROM person_names WHERE person_id = ?1"));
    }
    RETURN_IF_ERROR(delete_names_.Bind(1, p.id).Run());
    if (!insert_name_.ok()) {
      ASSIGN_OR_RETURN(insert_name_, db_.Prepare(kInsertName));
    }
    return PutNames(insert_name_, p);
  }

  Status DeletePeopleIn(const Scope& scope) override {
    const auto [lo, hi] = KeyRange(scope);
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(
            "DELETE FROM replacements WHERE old_person IN (SELECT id FROM people WHERE region_key "
            "BETWEEN ?1 AND ?2) OR new_person IN (SELECT id FROM people WHERE region_key BETWEEN "
            "?1 "
            "AND ?2)"));
    RETURN_IF_ERROR(s.Bind(1, lo).Bind(2, hi).Run());
    ASSIGN_OR_RETURN(Stmt n, db_.Prepare("DELETE FROM person_names WHERE bucket BETWEEN ?1 AND ?2 "
                                         "AND region_key BETWEEN ?3 AND ?4"));
    RETURN_IF_ERROR(
        n.Bind(1, NameBucket(lo)).Bind(2, NameBucket(hi)).Bind(3, lo).Bind(4, hi).Run());
    ASSIGN_OR_RETURN(Stmt d, db_.Prepare("DELETE FROM people WHERE region_key BETWEEN ?1 AND ?2"));
    return d.Bind(1, lo).Bind(2, hi).Run();
  }

  Status DeleteTpsIn(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(Stmt d, db_.Prepare("DELETE FROM tps WHERE code BETWEEN ?1 AND ?2"));
    return d.Bind(1, lo).Bind(2, hi).Run();
  }

  Status AddReplacement(const Replacement& r) override {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("INSERT INTO replacements(tps, position, old_person, new_person, reason, at) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    return s.Bind(1, r.tps)
        .Bind(2, r.position)
        .Bind(3, r.old_person)
        .Bind(4, r.new_person)
        .Bind(5, std::string_view(r.reason))
        .Bind(6, r.at_unix)
        .Run();
  }

  Status AddAudit(const AuditRow& a) override {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("INSERT INTO audit_log(at_ms, actor, address, action, target, region, "
                    "region_key, before_json, after_json) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    return s.Bind(1, a.at_unix_ms)
        .Bind(2, std::string_view(a.actor))
        .Bind(3, std::string_view(a.address))
        .Bind(4, std::string_view(a.action))
        .Bind(5, std::string_view(a.target))
        .Bind(6, a.region)
        .Bind(7, AuditKey(a.region))
        .Bind(8, std::string_view(a.before_json))
        .Bind(9, std::string_view(a.after_json))
        .Run();
  }

  Status Commit() override {
    if (deferred_indexes_) {
      RETURN_IF_ERROR(db_.Exec(
          "CREATE INDEX IF NOT EXISTS person_names_person ON person_names(person_id)"));
      Status s = db_.Exec(sqlite::kPeopleIndexesCreate);
      if (!s.ok()) {
        if (absl::StrContains(s.message(), "UNIQUE")) {
          return absl::AlreadyExistsError(StrCat("duplicate in bulk load: ", s.message()));
        }
        return s;
      }
    }
    put_tps_ = Stmt();
    insert_ = Stmt();
    update_ = Stmt();
    insert_name_ = Stmt();
    delete_names_ = Stmt();
    RETURN_IF_ERROR(db_.Exec("COMMIT"));
    open_ = false;
    NoteRegistryWrite();
    return absl::OkStatus();
  }

 private:
  Db& db_;
  bool bulk_;
  bool open_ = false;
  bool deferred_indexes_ = false;
  bool left_wal_ = false;
  Stmt put_tps_, insert_, update_, insert_name_, delete_names_;
};

// A read transaction for a run of statements on one connection (BEGIN ... COMMIT); a no-op
// when the connection is already inside a transaction.
class ReadTxn {
 public:
  explicit ReadTxn(Db& db) : db_(db) {
    if (sqlite3_get_autocommit(db_.raw()) == 0) return;
    status_ = db_.Exec("BEGIN");
    open_ = status_.ok();
  }
  ~ReadTxn() {
    if (open_) (void)db_.Exec("COMMIT");
  }
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  const Status& status() const { return status_; }

 private:
  Db& db_;
  Status status_;
  bool open_ = false;
};

class SqliteStore : public Store {
 public:
  explicit SqliteStore(Db db) : db_(std::move(db)) {}

  std::string backend() const override { return "sqlite"; }

  StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT value FROM meta WHERE key = ?1"));
    s.Bind(1, key);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(std::string(s.Text(0)));
  }

  Status SetMeta(std::string_view key, std::string_view value) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    return s.Bind(1, key).Bind(2, value).Run();
  }

  StatusOr<std::vector<Region>> ListRegions() override {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare("SELECT code, level, kind, parent, name FROM regions ORDER BY code"));
    std::vector<Region> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(Region{s.Int(0), static_cast<RegionLevel>(s.Int(1)),
                           static_cast<RegionKind>(s.Int(2)), s.Int(3), std::string(s.Text(4))});
    }
    return out;
  }

  StatusOr<int64_t> CountRegions(const Scope& scope, RegionLevel level) override {
    if (DigitsOfLevel(level) < scope.digits) return 0;  // levels above the scope
    const auto [lo, hi] = scope.RangeFor(DigitsOfLevel(level));
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("SELECT count(*) FROM regions WHERE code BETWEEN ?1 AND ?2 AND level = ?3"));
    s.Bind(1, lo).Bind(2, hi).Bind(3, static_cast<int>(level));
    return Scalar(s);
  }

  StatusOr<std::optional<TpsRow>> FindTps(TpsCode code) override {
    if (!find_tps_.ok()) {
      ASSIGN_OR_RETURN(find_tps_,
                       db_.Prepare("SELECT code, dpt, address FROM tps WHERE code = ?1"));
    }
    find_tps_.Bind(1, code);
    auto row = find_tps_.Step();
    std::optional<TpsRow> out;
    if (row.ok() && *row) {
      out = TpsRow{find_tps_.Int(0), static_cast<int>(find_tps_.Int(1)),
                   std::string(find_tps_.Text(2))};
    }
    find_tps_.Reset();
    if (!row.ok()) return row.status();
    return out;
  }

  StatusOr<int64_t> CountTps(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT count(*) FROM tps WHERE code BETWEEN ?1 AND ?2"));
    s.Bind(1, lo).Bind(2, hi);
    return Scalar(s);
  }

  Status ForEachTps(const Scope& scope, const std::function<Status(const TpsRow&)>& fn) override {
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(
            "SELECT code, dpt, address FROM tps WHERE code BETWEEN ?1 AND ?2 ORDER BY code"));
    s.Bind(1, lo).Bind(2, hi);
    TpsRow t;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return absl::OkStatus();
      t.code = s.Int(0);
      t.dpt = static_cast<int>(s.Int(1));
      t.address.assign(s.Text(2));
      RETURN_IF_ERROR(fn(t));
    }
  }

  StatusOr<std::optional<PersonRow>> FindPersonByNikIndex(std::string_view nik_index) override {
    if (!find_nik_.ok()) {
      ASSIGN_OR_RETURN(find_nik_, db_.Prepare(StrCat("SELECT ", kPersonCols,
                                                     " FROM people WHERE nik_index = ?1")));
    }
    find_nik_.BindBlob(1, nik_index);
    return OneOrNone(find_nik_);
  }

  StatusOr<std::optional<PersonRow>> FindKpps(TpsCode tps, int position) override {
    if (!find_seat_.ok()) {
      ASSIGN_OR_RETURN(
          find_seat_,
          db_.Prepare(
              StrCat("SELECT ", kPersonCols,
                     " FROM people WHERE tps = ?1 AND position = ?2 AND role = 1 AND active = 1")));
    }
    find_seat_.Bind(1, tps).Bind(2, position);
    return OneOrNone(find_seat_);
  }

  StatusOr<std::vector<PersonRow>> PeopleAt(Role role, int64_t tps_or_region) override {
    const bool at_tps = role == Role::kKpps || role == Role::kLinmas;
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT ", kPersonCols,
                                   " FROM people WHERE role = ?1 AND active = 1 AND ",
                                   at_tps ? "tps = ?2" : "region_key = ?3 AND work_region = ?2",
                                   " ORDER BY position, id")));
    s.Bind(1, static_cast<int>(role)).Bind(2, tps_or_region);
    if (!at_tps) s.Bind(3, RegionKey(tps_or_region));  // through the people_region index
    std::vector<PersonRow> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return out;
      out.push_back(ReadPerson(s));
    }
  }

  StatusOr<PeopleCounts> CountPeople(const Scope& scope) override {
    const auto [lo, hi] = KeyRange(scope);
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(
            "SELECT role, count(*) FROM people WHERE region_key BETWEEN ?1 AND ?2 AND active = 1 "
            "GROUP BY role"));
    s.Bind(1, lo).Bind(2, hi);
    PeopleCounts c;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return c;
      const int64_t n = s.Int(1);
      c.Set(static_cast<Role>(s.Int(0)), n);
    }
  }

  StatusOr<int64_t> CountVacantKpps(const Scope& scope, int positions_per_tps) override {
    ASSIGN_OR_RETURN(int64_t tps, CountTps(scope));
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(
            "SELECT count(*) FROM people WHERE role = 1 AND active = 1 AND tps BETWEEN ?1 AND ?2 "
            "AND position BETWEEN 1 AND ?3"));
    s.Bind(1, lo).Bind(2, hi).Bind(3, positions_per_tps);
    ASSIGN_OR_RETURN(int64_t filled, Scalar(s));
    return tps * positions_per_tps - filled;
  }

  Status ForEachPerson(const Scope& scope,
                       const std::function<Status(const PersonRow&)>& fn) override {
    const auto [lo, hi] = KeyRange(scope);
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT ", kPersonCols,
                                   " FROM people WHERE region_key BETWEEN ?1 AND ?2 AND active = 1 "
                                   "ORDER BY region_key, role, tps, position, id")));
    s.Bind(1, lo).Bind(2, hi);
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return absl::OkStatus();
      RETURN_IF_ERROR(fn(ReadPerson(s)));
    }
  }

  StatusOr<std::vector<Replacement>> ListReplacements(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare("SELECT tps, position, old_person, new_person, reason, at FROM replacements "
                    "WHERE tps BETWEEN ?1 AND ?2 ORDER BY id"));
    s.Bind(1, lo).Bind(2, hi);
    std::vector<Replacement> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return out;
      out.push_back(Replacement{s.Int(0), static_cast<int>(s.Int(1)), s.Int(2), s.Int(3),
                                std::string(s.Text(4)), s.Int(5)});
    }
  }

  StatusOr<std::optional<PersonRow>> FindPerson(int64_t id) override {
    if (!find_id_.ok()) {
      ASSIGN_OR_RETURN(find_id_,
                       db_.Prepare(StrCat("SELECT ", kPersonCols, " FROM people WHERE id = ?1")));
    }
    find_id_.Bind(1, id);
    return OneOrNone(find_id_);
  }

  StatusOr<PeoplePage> SearchPeople(const Scope& scope, const PeopleQuery& q) override {
    const auto [lo, hi] = KeyRange(scope);
    PeoplePage page;
    if (q.words.empty()) {
      std::string where = "region_key BETWEEN ?1 AND ?2";
      if (q.role) where += StrCat(" AND role = ", static_cast<int>(*q.role));
      if (q.active) where += *q.active ? " AND active = 1" : " AND active = 0";
      if (q.tps != 0) where += StrCat(" AND tps = ", q.tps);
      ASSIGN_OR_RETURN(Stmt c, db_.Prepare(StrCat("SELECT count(*) FROM people WHERE ", where)));
      c.Bind(1, lo).Bind(2, hi);
      ASSIGN_OR_RETURN(page.total, Scalar(c));
      ASSIGN_OR_RETURN(
          Stmt s, db_.Prepare(StrCat("SELECT ", kPersonCols, " FROM people WHERE ", where,
                                     " ORDER BY region_key, role, tps, position, id "
                                     "LIMIT ?3 OFFSET ?4")));
      s.Bind(1, lo).Bind(2, hi).Bind(3, q.limit).Bind(4, q.offset);
      while (true) {
        ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return page;
        page.people.push_back(ReadPerson(s));
      }
    }
    // The longest word drives the index (the most selective); the others must start another
    // (or the same) token of the same person.
    size_t lead = 0;
    for (size_t i = 1; i < q.words.size(); ++i) {
      if (q.words[i].size() > q.words[lead].size()) lead = i;
    }
    ASSIGN_OR_RETURN(std::string buckets, BucketList(lo, hi));
    std::string where = StrCat("t.bucket IN (", buckets,
                               ") AND t.token >= ?1 AND t.token < ?2 AND t.region_key BETWEEN ?3 "
                               "AND ?4");
    if (q.role) where += StrCat(" AND t.role = ", static_cast<int>(*q.role));
    if (q.active) where += *q.active ? " AND t.active = 1" : " AND t.active = 0";
    if (q.tps != 0) {
      where += StrCat(" AND EXISTS(SELECT 1 FROM people p WHERE p.id = t.person_id AND p.tps = ",
                      q.tps, ")");
    }
    int param = 5;
    for (size_t i = 0; i < q.words.size(); ++i) {
      if (i == lead) continue;
      where += StrCat(
          " AND EXISTS(SELECT 1 FROM person_names u WHERE u.person_id = t.person_id AND u.token "
          ">= ?",
          param, " AND u.token < ?", param + 1, ")");
      param += 2;
    }
    auto bind = [&](Stmt& s) {
      s.Bind(1, std::string_view(q.words[lead]))
          .Bind(2, std::string_view(PrefixUpperBound(q.words[lead])))
          .Bind(3, lo)
          .Bind(4, hi);
      int k = 5;
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (i == lead) continue;
        s.Bind(k, std::string_view(q.words[i]))
            .Bind(k + 1, std::string_view(PrefixUpperBound(q.words[i])));
        k += 2;
      }
    };
    // The matches and the page's people are read in one read transaction: one snapshot, and the
    // file lock is taken once instead of once per statement. The matches come unordered from the
    // token index (no SQL sorter); a person matching through two tokens is one match.
    ReadTxn txn(db_);
    RETURN_IF_ERROR(txn.status());
    ASSIGN_OR_RETURN(Stmt & ids,
                     CachedSearch(StrCat("SELECT t.region_key, t.person_id FROM person_names t "
                                         "WHERE ",
                                         where)));
    bind(ids);
    std::vector<std::pair<int64_t, int64_t>> matches;
    while (true) {
      auto row = ids.Step();
      if (!row.ok()) {
        ids.Reset();
        return row.status();
      }
      if (!*row) break;
      matches.emplace_back(ids.Int(0), ids.Int(1));
    }
    ids.Reset();
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    page.total = static_cast<int64_t>(matches.size());
    const size_t from = static_cast<size_t>(std::min<int64_t>(q.offset, page.total));
    const size_t to = static_cast<size_t>(std::min<int64_t>(q.offset + q.limit, page.total));
    page.people.reserve(to - from);
    for (size_t i = from; i < to; ++i) {
      ASSIGN_OR_RETURN(auto p, FindPerson(matches[i].second));
      if (p) page.people.push_back(std::move(*p));
    }
    return page;
  }

  StatusOr<std::vector<AuditRow>> ListAudit(const Scope& scope, const AuditQuery& q) override {
    std::string sql =
        "SELECT id, at_ms, actor, address, action, target, region, before_json, after_json FROM "
        "audit_log WHERE 1 = 1";
    if (!scope.national()) sql += " AND region_key BETWEEN ?1 AND ?2";
    if (q.before_id > 0) sql += " AND id < ?3";
    if (!q.action_prefix.empty()) sql += " AND action >= ?4 AND action < ?5";
    if (!q.actor.empty()) sql += " AND actor = ?6";
    sql += " ORDER BY id DESC LIMIT ?7";
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(sql));
    if (!scope.national()) {
      const auto [lo, hi] = KeyRange(scope);
      s.Bind(1, lo).Bind(2, hi);
    }
    if (q.before_id > 0) s.Bind(3, q.before_id);
    const std::string upper = PrefixUpperBound(q.action_prefix);
    if (!q.action_prefix.empty()) {
      s.Bind(4, std::string_view(q.action_prefix)).Bind(5, std::string_view(upper));
    }
    if (!q.actor.empty()) s.Bind(6, std::string_view(q.actor));
    s.Bind(7, q.limit);
    std::vector<AuditRow> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return out;
      AuditRow a;
      a.id = s.Int(0);
      a.at_unix_ms = s.Int(1);
      a.actor = s.Text(2);
      a.address = s.Text(3);
      a.action = s.Text(4);
      a.target = s.Text(5);
      a.region = s.Int(6);
      a.before_json = s.Text(7);
      a.after_json = s.Text(8);
      out.push_back(std::move(a));
    }
  }

  StatusOr<std::unique_ptr<WriteTxn>> Begin(bool bulk) override {
    auto t = std::make_unique<SqliteTxn>(db_, bulk);
    RETURN_IF_ERROR(t->BeginTxn());
    return std::unique_ptr<WriteTxn>(std::move(t));
  }

  Status RewriteSealed(const std::function<Status(PersonRow& row)>& fn,
                       std::string_view key_check) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status s = [&]() -> Status {
      ASSIGN_OR_RETURN(Stmt read,
                       db_.Prepare(StrCat("SELECT ", kPersonCols, " FROM people ORDER BY id")));
      ASSIGN_OR_RETURN(Stmt write,
                       db_.Prepare("UPDATE people SET nik_index = ?1, sealed = ?2 WHERE id = ?3"));
      // The NIK index is unique and every value changes: drop it, rewrite, and recreate it
      // (a collision would then fail the whole rotation).
      RETURN_IF_ERROR(db_.Exec("DROP INDEX IF EXISTS people_nik"));
      while (true) {
        ASSIGN_OR_RETURN(bool row, read.Step());
        if (!row) break;
        PersonRow p = ReadPerson(read);
        RETURN_IF_ERROR(fn(p));
        RETURN_IF_ERROR(write.BindBlob(1, p.nik_index).BindBlob(2, p.sealed).Bind(3, p.id).Run());
      }
      RETURN_IF_ERROR(SetMeta("key_check", key_check));
      return db_.Exec(sqlite::kPeopleIndexesCreate);
    }();
    if (!s.ok()) {
      db_.Exec("ROLLBACK").IgnoreError();
      return s;
    }
    return db_.Exec("COMMIT");
  }

  Status Init(const std::vector<Region>& regions, const SqliteOptions& options) {
    RETURN_IF_ERROR(db_.Exec("PRAGMA journal_mode = WAL"));
    RETURN_IF_ERROR(db_.Exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                                      : "PRAGMA synchronous = NORMAL"));
    RETURN_IF_ERROR(db_.Exec("PRAGMA foreign_keys = ON"));
    RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = -65536"));
    RETURN_IF_ERROR(Migrate());
    ASSIGN_OR_RETURN(Stmt c, db_.Prepare("SELECT count(*) FROM regions"));
    ASSIGN_OR_RETURN(int64_t n, Scalar(c));
    if (n == 0 && !regions.empty()) {
      RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
      Status s = [&]() -> Status {
        ASSIGN_OR_RETURN(
            Stmt ins,
            db_.Prepare(
                "INSERT INTO regions(code, level, kind, parent, name) VALUES(?1, ?2, ?3, ?4, ?5)"));
        for (const Region& r : regions) {
          RETURN_IF_ERROR(ins.Bind(1, r.code)
                              .Bind(2, static_cast<int>(r.level))
                              .Bind(3, static_cast<int>(r.kind))
                              .Bind(4, r.parent)
                              .Bind(5, std::string_view(r.name))
                              .Run());
        }
        return absl::OkStatus();
      }();
      if (!s.ok()) {
        db_.Exec("ROLLBACK").IgnoreError();
        return s;
      }
      RETURN_IF_ERROR(db_.Exec("COMMIT"));
    }
    return absl::OkStatus();
  }

 private:
  Status Migrate() {
    ASSIGN_OR_RETURN(Stmt v, db_.Prepare("PRAGMA user_version"));
    ASSIGN_OR_RETURN(int64_t version, Scalar(v));
    const auto& all = sqlite::Migrations();
    if (!all.empty() && version > all.back().version) {
      return absl::FailedPreconditionError(StrCat("the store has schema version ", version,
                                                  ", newer than this program's ",
                                                  all.back().version, ": upgrade Bimtek"));
    }
    for (const auto& m : all) {
      if (m.version <= version) continue;
      RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
      Status s = db_.Exec(m.sql);
      if (s.ok() && m.version == 1) s = db_.Exec(sqlite::kPeopleIndexesCreate);
      if (s.ok() && m.version == 3) s = BackfillNames();
      if (s.ok()) s = db_.Exec(StrCat("PRAGMA user_version = ", m.version));
      if (!s.ok()) {
        db_.Exec("ROLLBACK").IgnoreError();
        return absl::InternalError(
            StrCat("migration ", m.version, " (", m.description, "): ", s.message()));
      }
      RETURN_IF_ERROR(db_.Exec("COMMIT"));
    }
    return absl::OkStatus();
  }

  // Migration 3 on a store that already holds people: their name tokens.
  Status BackfillNames() {
    ASSIGN_OR_RETURN(Stmt read, db_.Prepare(StrCat("SELECT ", kPersonCols, " FROM people")));
    ASSIGN_OR_RETURN(Stmt ins, db_.Prepare(kInsertName));
    while (true) {
      ASSIGN_OR_RETURN(bool row, read.Step());
      if (!row) return absl::OkStatus();
      RETURN_IF_ERROR(PutNames(ins, ReadPerson(read)));
    }
  }

  // The name buckets inside [lo, hi] (a scope's region_key range), as a SQL list: the
  // kabupaten/kota and the province buckets that exist (see NameBucket).
  // The prepared statement for `sql`, kept for the next search of the same shape (bounded: the
  // shapes are a few filters times at most a few words, times the scopes' bucket lists).
  StatusOr<std::reference_wrapper<Stmt>> CachedSearch(const std::string& sql) {
    auto it = search_stmts_.find(sql);
    if (it == search_stmts_.end()) {
      if (search_stmts_.size() >= 256) search_stmts_.clear();
      ASSIGN_OR_RETURN(Stmt st, db_.Prepare(sql));
      it = search_stmts_.emplace(sql, std::move(st)).first;
    }
    return std::ref(it->second);
  }

  StatusOr<std::string> BucketList(int64_t lo, int64_t hi) {
    if (buckets_.empty()) {
      ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT code * 100 FROM regions WHERE level = 1 UNION "
                                           "SELECT code FROM regions WHERE level = 2 ORDER BY 1"));
      while (true) {
        ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        buckets_.push_back(s.Int(0));
      }
    }
    std::string out;
    for (int64_t b : buckets_) {
      if (b < NameBucket(lo) || b > NameBucket(hi)) continue;
      if (!out.empty()) out += ',';
      out += std::to_string(b);
    }
    return out.empty() ? std::string("-1") : out;
  }

  static StatusOr<int64_t> Scalar(Stmt& s) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    const int64_t v = row ? s.Int(0) : 0;
    s.Reset();
    return v;
  }

  StatusOr<std::optional<PersonRow>> OneOrNone(Stmt& s) {
    auto row = s.Step();
    std::optional<PersonRow> out;
    if (row.ok() && *row) out = ReadPerson(s);
    s.Reset();
    if (!row.ok()) return row.status();
    return out;
  }

  Db db_;
  Stmt find_tps_, find_nik_, find_seat_, find_id_;
  std::vector<int64_t> buckets_;  // NameBucket values of every region, sorted
  std::unordered_map<std::string, Stmt> search_stmts_;  // people-search statements by SQL
};

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Region>& regions,
                                                 SqliteOptions options) {
  ASSIGN_OR_RETURN(Db db, Db::Open(path));
  auto store = std::make_unique<SqliteStore>(std::move(db));
  RETURN_IF_ERROR(store->Init(regions, options));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bimtek::store
