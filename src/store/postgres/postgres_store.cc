#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <set>

#include "base/strings.h"
#include "store/name_tokens.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_session.h"
#include "store/schema.h"

namespace bimtek::store {

namespace {

// The registry's connection comes from the process's pool, statement by statement (held from
// BEGIN to COMMIT): N worker threads share at most pool_size connections (pg_pool.h).
using Conn = pg::PooledConn;
using pg::Param;
using pg::Result;

// Rows buffered by a bulk WriteTxn before they are sent with COPY.
constexpr size_t kCopyChunk = 20000;
// Rows fetched per round trip by a streaming read.
constexpr int kFetch = 2000;
// pg_advisory_xact_lock key serialising migrations and the regions seed across processes.
constexpr int64_t kSchemaLock = 0x42494d54454b;  // "BIMTEK"

PersonRow ReadPerson(const Result& r, int i) {
  PersonRow p;
  p.id = r.Int(i, 0);
  p.role = static_cast<Role>(r.Int(i, 1));
  p.tps = r.Int(i, 2);
  p.position = static_cast<int>(r.Int(i, 3));
  p.work_region = r.Int(i, 4);
  p.home_region = r.Int(i, 5);
  p.name = std::string(r.Text(i, 6));
  p.sex = static_cast<Sex>(r.Int(i, 7));
  p.education = static_cast<Education>(r.Int(i, 8));
  p.nik_index = r.Bytes(i, 9);
  p.sealed = r.Bytes(i, 10);
  p.active = r.Text(i, 11) == "t";
  return p;
}

// role, tps, position, work_region, region_key, home_region, name, sex, education, nik_index,
// sealed, active, updated_at: $1..$13.
std::vector<Param> PersonParams(const PersonRow& p) {
  return {Param::Int(static_cast<int>(p.role)),
          p.tps != 0 ? Param::Int(p.tps) : Param::Null(),
          Param::Int(p.position),
          Param::Int(p.work_region),
          Param::Int(RegionKey(p.work_region)),
          Param::Int(p.home_region),
          Param::Text(p.name),
          Param::Int(static_cast<int>(p.sex)),
          Param::Int(static_cast<int>(p.education)),
          Param::Bytes(p.nik_index),
          Param::Bytes(p.sealed),
          Param::Text(p.active ? "true" : "false"),
          Param::Int(static_cast<int64_t>(std::time(nullptr)))};
}

void CopyInt(std::string& row, int64_t v) { pg::CopyText(row, std::to_string(v)); }

// The region_key range of a TPS's province: people are partitioned by province (migration 9),
// and a condition on region_key lets PostgreSQL read that partition only.
std::pair<int64_t, int64_t> TpsProvinceKeys(TpsCode tps) {
  const int64_t province = tps / 100000000000;
  return {province * 100000000, province * 100000000 + 99999999};
}

// The audit log's region_key: 0 for national rows, a TPS code counts as its desa.
int64_t AuditKey(RegionCode region) {
  if (region <= 0) return 0;
  if (region >= 10000000000) region /= 1000;
  return RegionKey(region);
}

// The name-token rows of person `p` (id set) in COPY text format; returns how many.
size_t CopyNames(std::string& data, const PersonRow& p) {
  const int64_t key = RegionKey(p.work_region);
  size_t n = 0;
  for (const std::string& t : NameTokens(p.name)) {
    CopyInt(data, NameBucket(key));
    pg::CopyText(data, t);
    CopyInt(data, p.id);
    CopyInt(data, key);
    CopyInt(data, static_cast<int>(p.role));
    pg::CopyText(data, p.active ? "t" : "f");
    data.push_back('\n');
    ++n;
  }
  return n;
}

constexpr std::string_view kCopyNames =
    "COPY person_names(bucket, token, person_id, region_key, role, active) FROM STDIN";

// Runs fn inside BEGIN/COMMIT, again (up to 4 attempts in all: pg::RetryTxn) after a
// serialization failure or deadlock. fn must be safe to run again from the start.
Status InTxn(Conn& conn, const std::function<Status()>& fn) {
  if (conn.InTransaction()) {
    return absl::FailedPreconditionError("PostgreSQL store: a write transaction is already open");
  }
  return pg::RetryTxn([&](std::string_view sql) { return conn.Script(sql); },
                      [&] { return conn.InTransaction(); }, fn);
}

class PgTxn : public WriteTxn {
 public:
  PgTxn(Conn& conn, bool bulk) : conn_(conn), bulk_(bulk) {}
  ~PgTxn() override {
    if (open_) conn_.Script("ROLLBACK").IgnoreError();
  }

  Status BeginTxn() {
    if (conn_.InTransaction()) {
      return absl::FailedPreconditionError(
          "PostgreSQL store: a write transaction is already open on this connection");
    }
    RETURN_IF_ERROR(conn_.Script("BEGIN"));
    open_ = true;
    return absl::OkStatus();
  }

  Status PutTps(const TpsRow& t) override {
    if (bulk_) {
      tps_[t.code] = t;  // last one wins, as with the upsert
      return tps_.size() >= kCopyChunk ? Flush() : absl::OkStatus();
    }
    return Run(
        conn_
            .Exec("INSERT INTO tps(code, dpt, address) VALUES($1, $2, $3) "
                  "ON CONFLICT(code) DO UPDATE SET dpt = excluded.dpt, address = excluded.address",
                  {Param::Int(t.code), Param::Int(t.dpt), Param::Text(t.address)})
            .status());
  }

  StatusOr<int64_t> InsertPerson(const PersonRow& p) override {
    if (!bulk_) {
      // The global row first (it holds the id and the country-wide unique NIK index), then the
      // person in its province's partition (migration 9), in one statement.
      auto r = conn_.Exec(
          "WITH g AS (INSERT INTO people_ids(nik_index, region_key) VALUES($10, $5) RETURNING id) "
          "INSERT INTO people(id, role, tps, position, work_region, region_key, home_region, "
          "name, sex, education, nik_index, sealed, active, updated_at) "
          "VALUES((SELECT id FROM g), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
          "RETURNING id",
          PersonParams(p));
      if (!r.ok()) return Run(r.status());
      PersonRow named = p;
      named.id = r->Int(0, 0);
      RETURN_IF_ERROR(PutNames(named));
      return named.id;
    }
    // Ids come from the sequence in blocks, so rows can be sent later with COPY and the caller
    // still gets each id now.
    if (next_id_ == ids_.size()) {
      ASSIGN_OR_RETURN(Result r,
                       conn_.Exec("SELECT nextval(pg_get_serial_sequence('people_ids', 'id')) "
                                  "FROM generate_series(1, $1)",
                                  {Param::Int(static_cast<int64_t>(kCopyChunk))}));
      ids_.clear();
      next_id_ = 0;
      for (int i = 0; i < r.rows(); ++i) ids_.push_back(r.Int(i, 0));
    }
    const int64_t id = ids_[next_id_++];
    CopyInt(ids_rows_, id);
    pg::CopyBytes(ids_rows_, p.nik_index);
    CopyInt(ids_rows_, RegionKey(p.work_region));
    ids_rows_.push_back('\n');
    CopyInt(people_, id);
    CopyInt(people_, static_cast<int>(p.role));
    if (p.tps != 0) {
      CopyInt(people_, p.tps);
    } else {
      pg::CopyNull(people_);
    }
    CopyInt(people_, p.position);
    CopyInt(people_, p.work_region);
    CopyInt(people_, RegionKey(p.work_region));
    CopyInt(people_, p.home_region);
    pg::CopyText(people_, p.name);
    CopyInt(people_, static_cast<int>(p.sex));
    CopyInt(people_, static_cast<int>(p.education));
    pg::CopyBytes(people_, p.nik_index);
    pg::CopyBytes(people_, p.sealed);
    pg::CopyText(people_, p.active ? "t" : "f");
    CopyInt(people_, static_cast<int64_t>(std::time(nullptr)));
    people_.push_back('\n');
    PersonRow named = p;
    named.id = id;
    CopyNames(names_, named);
    if (++people_rows_ >= kCopyChunk) RETURN_IF_ERROR(Flush());
    return id;
  }

  Status UpdatePerson(const PersonRow& p) override {
    RETURN_IF_ERROR(Flush());
    std::vector<Param> params = PersonParams(p);
    params.push_back(Param::Int(p.id));
    RETURN_IF_ERROR(Run(
        conn_
            .Exec("UPDATE people SET role = $1, tps = $2, position = $3, work_region = $4, "
                  "region_key = $5, home_region = $6, name = $7, sex = $8, education = $9, "
                  "nik_index = $10, sealed = $11, active = $12, updated_at = $13 WHERE id = $14 "
                  "AND region_key = (SELECT region_key FROM people_ids WHERE id = $14)",
                  params)
            .status()));
    // The global row follows (NIK index and the partition the person now lives in).
    RETURN_IF_ERROR(Run(conn_
                            .Exec("UPDATE people_ids SET nik_index = $1, region_key = $2 "
                                  "WHERE id = $3",
                                  {Param::Bytes(p.nik_index), Param::Int(RegionKey(p.work_region)),
                                   Param::Int(p.id)})
                            .status()));
    RETURN_IF_ERROR(Run(
        conn_.Exec("DELETE FROM person_names WHERE person_id = $1", {Param::Int(p.id)}).status()));
    return PutNames(p);
  }

  Status DeletePeopleIn(const Scope& scope) override {
    RETURN_IF_ERROR(Flush());
    const auto [lo, hi] = KeyRange(scope);
    const std::vector<Param> range = {Param::Int(lo), Param::Int(hi)};
    RETURN_IF_ERROR(Run(conn_
                            .Exec("DELETE FROM replacements WHERE old_person IN (SELECT id FROM "
                                  "people WHERE region_key "
                                  "BETWEEN $1 AND $2) OR new_person IN (SELECT id FROM people "
                                  "WHERE region_key BETWEEN $1 "
                                  "AND $2)",
                                  range)
                            .status()));
    RETURN_IF_ERROR(Run(conn_
                            .Exec("DELETE FROM person_names WHERE bucket BETWEEN $3 AND $4 AND "
                                  "region_key BETWEEN $1 AND $2",
                                  {Param::Int(lo), Param::Int(hi), Param::Int(NameBucket(lo)),
                                   Param::Int(NameBucket(hi))})
                            .status()));
    RETURN_IF_ERROR(
        Run(conn_.Exec("DELETE FROM people WHERE region_key BETWEEN $1 AND $2", range).status()));
    return Run(
        conn_.Exec("DELETE FROM people_ids WHERE region_key BETWEEN $1 AND $2", range).status());
  }

  Status DeleteTpsIn(const Scope& scope) override {
    RETURN_IF_ERROR(Flush());
    const auto [lo, hi] = scope.RangeFor(13);
    return Run(
        conn_.Exec("DELETE FROM tps WHERE code BETWEEN $1 AND $2", {Param::Int(lo), Param::Int(hi)})
            .status());
  }

  Status AddReplacement(const Replacement& r) override {
    RETURN_IF_ERROR(Flush());
    return Run(
        conn_
            .Exec("INSERT INTO replacements(tps, position, old_person, new_person, reason, at) "
                  "VALUES($1, $2, $3, $4, $5, $6)",
                  {Param::Int(r.tps), Param::Int(r.position), Param::Int(r.old_person),
                   Param::Int(r.new_person), Param::Text(r.reason), Param::Int(r.at_unix)})
            .status());
  }

  Status AddAudit(const AuditRow& a) override {
    RETURN_IF_ERROR(Flush());
    return Run(conn_
                   .Exec("INSERT INTO audit_log(at_ms, actor, address, action, target, region, "
                         "region_key, before_json, after_json) "
                         "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                         {Param::Int(a.at_unix_ms), Param::Text(a.actor), Param::Text(a.address),
                          Param::Text(a.action), Param::Text(a.target), Param::Int(a.region),
                          Param::Int(AuditKey(a.region)), Param::Text(a.before_json),
                          Param::Text(a.after_json)})
                   .status());
  }

  Status Commit() override {
    if (!open_) return absl::FailedPreconditionError("PostgreSQL store: transaction not open");
    RETURN_IF_ERROR(Flush());
    Status s = conn_.Script("COMMIT");
    // A failed COMMIT ends the transaction block too (the server rolled it back).
    open_ = conn_.InTransaction();
    if (s.ok()) NoteRegistryWrite();
    return Run(s);
  }

 private:
  // The transaction cannot be replayed here (the caller holds its inputs), so a conflict is
  // reported as Unavailable: the caller may run the whole transaction again.
  static Status Run(Status s) {
    if (pg::IsRetryable(s)) {
      return absl::UnavailableError(
          StrCat("the write conflicted with another transaction; run it again: ", s.message()));
    }
    return s;
  }

  // Sends the buffered rows of a bulk load: TPS through a staging table (COPY has no upsert),
  // people straight into the table.
  Status Flush() {
    if (!tps_.empty()) {
      std::string data;
      for (const auto& [code, t] : tps_) {
        CopyInt(data, code);
        CopyInt(data, t.dpt);
        pg::CopyText(data, t.address);
        data.push_back('\n');
      }
      tps_.clear();
      RETURN_IF_ERROR(Run(
          conn_.Script("CREATE TEMP TABLE IF NOT EXISTS bimtek_tps_stage(code BIGINT, dpt INTEGER, "
                       "address TEXT) ON COMMIT DROP")));
      RETURN_IF_ERROR(Run(conn_.CopyIn("COPY bimtek_tps_stage FROM STDIN", data)));
      RETURN_IF_ERROR(Run(conn_.Script(
          "INSERT INTO tps(code, dpt, address) SELECT code, dpt, address FROM bimtek_tps_stage "
          "ON CONFLICT(code) DO UPDATE SET dpt = excluded.dpt, address = excluded.address; "
          "TRUNCATE bimtek_tps_stage")));
    }
    if (people_rows_ > 0) {
      // The global rows (ids, NIK indexes) first: a NIK already serving anywhere in the country
      // fails here, and people's foreign key finds its row.
      RETURN_IF_ERROR(Run(conn_.CopyIn("COPY people_ids(id, nik_index, region_key) FROM STDIN",
                                       std::exchange(ids_rows_, {}))));
      std::string data;
      data.swap(people_);
      people_rows_ = 0;
      RETURN_IF_ERROR(Run(conn_.CopyIn(
          "COPY people(id, role, tps, position, work_region, region_key, home_region, name, sex, "
          "education, nik_index, sealed, active, updated_at) FROM STDIN",
          data)));
    }
    if (!names_.empty()) {
      std::string data;
      data.swap(names_);
      RETURN_IF_ERROR(Run(conn_.CopyIn(kCopyNames, data)));
    }
    return absl::OkStatus();
  }

  // The name tokens of an unbuffered insert or an update, in one statement.
  Status PutNames(const PersonRow& p) {
    std::string data;
    if (CopyNames(data, p) == 0) return absl::OkStatus();
    return Run(conn_.CopyIn(kCopyNames, data));
  }

  Conn& conn_;
  bool bulk_;
  bool open_ = false;
  std::map<TpsCode, TpsRow> tps_;
  std::string people_;
  std::string ids_rows_;  // people_ids rows of the buffered people
  std::string names_;  // person_names rows of the buffered people
  size_t people_rows_ = 0;
  std::vector<int64_t> ids_;
  size_t next_id_ = 0;
};

class PgStore : public Store {
 public:
  explicit PgStore(Conn conn) : conn_(std::move(conn)) {}

  std::string backend() const override { return "postgresql"; }

  StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec("SELECT value FROM meta WHERE key = $1", {Param::Text(key)}));
    if (r.rows() == 0) return std::optional<std::string>();
    return std::optional<std::string>(std::string(r.Text(0, 0)));
  }

  Status SetMeta(std::string_view key, std::string_view value) override {
    return conn_
        .Exec(
            "INSERT INTO meta(key, value) VALUES($1, $2) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {Param::Text(key), Param::Text(value)})
        .status();
  }

  StatusOr<std::vector<Region>> ListRegions() override {
    ASSIGN_OR_RETURN(
        Result r, conn_.Exec("SELECT code, level, kind, parent, name FROM regions ORDER BY code"));
    std::vector<Region> out;
    out.reserve(static_cast<size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(Region{r.Int(i, 0), static_cast<RegionLevel>(r.Int(i, 1)),
                           static_cast<RegionKind>(r.Int(i, 2)), r.Int(i, 3),
                           std::string(r.Text(i, 4))});
    }
    return out;
  }

  StatusOr<int64_t> CountRegions(const Scope& scope, RegionLevel level) override {
    if (DigitsOfLevel(level) < scope.digits) return 0;  // levels above the scope
    const auto [lo, hi] = scope.RangeFor(DigitsOfLevel(level));
    return Scalar("SELECT count(*) FROM regions WHERE code BETWEEN $1 AND $2 AND level = $3",
                  {Param::Int(lo), Param::Int(hi), Param::Int(static_cast<int>(level))});
  }

  StatusOr<std::optional<TpsRow>> FindTps(TpsCode code) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT code, dpt, address FROM tps WHERE code = $1",
                                          {Param::Int(code)}));
    if (r.rows() == 0) return std::optional<TpsRow>();
    return std::optional<TpsRow>(
        TpsRow{r.Int(0, 0), static_cast<int>(r.Int(0, 1)), std::string(r.Text(0, 2))});
  }

  StatusOr<int64_t> CountTps(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(13);
    return Scalar("SELECT count(*) FROM tps WHERE code BETWEEN $1 AND $2",
                  {Param::Int(lo), Param::Int(hi)});
  }

  Status ForEachTps(const Scope& scope, const std::function<Status(const TpsRow&)>& fn) override {
    const auto [lo, hi] = scope.RangeFor(13);
    TpsRow t;
    return Stream(StrCat("SELECT code, dpt, address FROM tps WHERE code BETWEEN ", lo, " AND ", hi,
                         " ORDER BY code"),
                  [&](const Result& r, int i) {
                    t.code = r.Int(i, 0);
                    t.dpt = static_cast<int>(r.Int(i, 1));
                    t.address.assign(r.Text(i, 2));
                    return fn(t);
                  });
  }

  StatusOr<std::optional<PersonRow>> FindPersonByNikIndex(std::string_view nik_index) override {
    // Through the global index: it names the partition, so only that one is read.
    return OneOrNone(StrCat("SELECT ", kPersonCols,
                            " FROM people WHERE (id, region_key) = (SELECT id, region_key FROM "
                            "people_ids WHERE nik_index = $1)"),
                     {Param::Bytes(nik_index)});
  }

  StatusOr<std::optional<PersonRow>> FindKpps(TpsCode tps, int position) override {
    return OneOrNone(
        StrCat("SELECT ", kPersonCols,
               " FROM people WHERE tps = $1 AND position = $2 AND role = 1 AND active AND "
               "region_key BETWEEN $3 AND $4"),
        {Param::Int(tps), Param::Int(position), Param::Int(TpsProvinceKeys(tps).first),
         Param::Int(TpsProvinceKeys(tps).second)});
  }

  StatusOr<std::vector<PersonRow>> PeopleAt(Role role, int64_t tps_or_region) override {
    const bool at_tps = role == Role::kKpps || role == Role::kLinmas;
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(
            StrCat("SELECT ", kPersonCols, " FROM people WHERE role = $1 AND active AND ",
                   at_tps ? "tps = $2" : "region_key = $3 AND work_region = $2",
                   " ORDER BY position, id"),
            at_tps
                ? std::vector<Param>{Param::Int(static_cast<int>(role)), Param::Int(tps_or_region)}
                : std::vector<Param>{Param::Int(static_cast<int>(role)), Param::Int(tps_or_region),
                                     Param::Int(RegionKey(tps_or_region))}));
    std::vector<PersonRow> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadPerson(r, i));
    return out;
  }

  StatusOr<PeopleCounts> CountPeople(const Scope& scope) override {
    const auto [lo, hi] = KeyRange(scope);
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(
            "SELECT role, count(*) FROM people WHERE region_key BETWEEN $1 AND $2 AND active "
            "GROUP BY role",
            {Param::Int(lo), Param::Int(hi)}));
    PeopleCounts c;
    for (int i = 0; i < r.rows(); ++i) {
      const int64_t n = r.Int(i, 1);
      c.Set(static_cast<Role>(r.Int(i, 0)), n);
    }
    return c;
  }

  StatusOr<int64_t> CountVacantKpps(const Scope& scope, int positions_per_tps) override {
    ASSIGN_OR_RETURN(int64_t tps, CountTps(scope));
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(
        int64_t filled,
        Scalar("SELECT count(*) FROM people WHERE role = 1 AND active AND tps BETWEEN $1 AND $2 "
               "AND position BETWEEN 1 AND $3",
               {Param::Int(lo), Param::Int(hi), Param::Int(positions_per_tps)}));
    return tps * positions_per_tps - filled;
  }

  Status ForEachPerson(const Scope& scope,
                       const std::function<Status(const PersonRow&)>& fn) override {
    const auto [lo, hi] = KeyRange(scope);
    return Stream(
        StrCat("SELECT ", kPersonCols, " FROM people WHERE region_key BETWEEN ", lo, " AND ", hi,
               " AND active ORDER BY region_key, role, tps NULLS FIRST, position, id"),
        [&](const Result& r, int i) { return fn(ReadPerson(r, i)); });
  }

  StatusOr<std::vector<Replacement>> ListReplacements(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(13);
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec("SELECT tps, position, old_person, new_person, reason, at FROM replacements "
                   "WHERE tps BETWEEN $1 AND $2 ORDER BY id",
                   {Param::Int(lo), Param::Int(hi)}));
    std::vector<Replacement> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(Replacement{r.Int(i, 0), static_cast<int>(r.Int(i, 1)), r.Int(i, 2),
                                r.Int(i, 3), std::string(r.Text(i, 4)), r.Int(i, 5)});
    }
    return out;
  }

  StatusOr<std::optional<PersonRow>> FindPerson(int64_t id) override {
    return OneOrNone(StrCat("SELECT ", kPersonCols,
                            " FROM people WHERE id = $1 AND region_key = (SELECT region_key FROM "
                            "people_ids WHERE id = $1)"),
                     {Param::Int(id)});
  }

  StatusOr<PeoplePage> SearchPeople(const Scope& scope, const PeopleQuery& q) override {
    const auto [lo, hi] = KeyRange(scope);
    PeoplePage page;
    std::vector<Param> params = {Param::Int(lo), Param::Int(hi)};
    if (q.words.empty()) {
      std::string where = "region_key BETWEEN $1 AND $2";
      if (q.role) where += StrCat(" AND role = ", static_cast<int>(*q.role));
      if (q.active) where += *q.active ? " AND active" : " AND NOT active";
      if (q.tps != 0) where += StrCat(" AND tps = ", q.tps);
      ASSIGN_OR_RETURN(page.total, Scalar(StrCat("SELECT count(*) FROM people WHERE ", where),
                                          params));
      params.push_back(Param::Int(q.limit));
      params.push_back(Param::Int(q.offset));
      ASSIGN_OR_RETURN(
          Result r,
          conn_.Exec(StrCat("SELECT ", kPersonCols, " FROM people WHERE ", where,
                            " ORDER BY region_key, role, tps NULLS FIRST, position, id "
                            "LIMIT $3 OFFSET $4"),
                     params));
      for (int i = 0; i < r.rows(); ++i) page.people.push_back(ReadPerson(r, i));
      return page;
    }
    size_t lead = 0;
    for (size_t i = 1; i < q.words.size(); ++i) {
      if (q.words[i].size() > q.words[lead].size()) lead = i;
    }
    ASSIGN_OR_RETURN(std::string buckets, BucketList(lo, hi));
    params.push_back(Param::Text(q.words[lead]));
    params.push_back(Param::Text(PrefixUpperBound(q.words[lead])));
    std::string where = StrCat("t.bucket IN (", buckets,
                               ") AND t.region_key BETWEEN $1 AND $2 AND t.token >= $3 AND "
                               "t.token < $4");
    if (q.role) where += StrCat(" AND t.role = ", static_cast<int>(*q.role));
    if (q.active) where += *q.active ? " AND t.active" : " AND NOT t.active";
    if (q.tps != 0) {
      where += StrCat(" AND EXISTS(SELECT 1 FROM people p WHERE p.id = t.person_id AND p.tps = ",
                      q.tps, ")");
    }
    for (size_t i = 0; i < q.words.size(); ++i) {
      if (i == lead) continue;
      const size_t k = params.size() + 1;
      params.push_back(Param::Text(q.words[i]));
      params.push_back(Param::Text(PrefixUpperBound(q.words[i])));
      where += StrCat(
          " AND EXISTS(SELECT 1 FROM person_names u WHERE u.person_id = t.person_id AND u.token "
          ">= $",
          k, " AND u.token < $", k + 1, ")");
    }
    ASSIGN_OR_RETURN(
        page.total,
        Scalar(StrCat("SELECT count(DISTINCT t.person_id) FROM person_names t WHERE ", where),
               params));
    const size_t k = params.size() + 1;
    params.push_back(Param::Int(q.limit));
    params.push_back(Param::Int(q.offset));
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(StrCat("SELECT ", kPersonCols, " FROM people WHERE id IN (SELECT m.person_id "
                          "FROM (SELECT DISTINCT t.region_key, t.person_id FROM person_names t "
                          "WHERE ",
                          where, " ORDER BY t.region_key, t.person_id LIMIT $", k, " OFFSET $",
                          k + 1, ") m) ORDER BY region_key, id"),
                   params));
    for (int i = 0; i < r.rows(); ++i) page.people.push_back(ReadPerson(r, i));
    return page;
  }

  StatusOr<std::vector<AuditRow>> ListAudit(const Scope& scope, const AuditQuery& q) override {
    std::string sql =
        "SELECT id, at_ms, actor, address, action, target, region, before_json, after_json FROM "
        "audit_log WHERE TRUE";
    std::vector<Param> params;
    auto next = [&](Param p) {
      params.push_back(std::move(p));
      return StrCat("$", params.size());
    };
    if (!scope.national()) {
      const auto [lo, hi] = KeyRange(scope);
      sql += StrCat(" AND region_key BETWEEN ", next(Param::Int(lo)), " AND ",
                    next(Param::Int(hi)));
    }
    if (q.before_id > 0) sql += StrCat(" AND id < ", next(Param::Int(q.before_id)));
    if (!q.action_prefix.empty()) {
      sql += StrCat(" AND action >= ", next(Param::Text(q.action_prefix)), " AND action < ",
                    next(Param::Text(PrefixUpperBound(q.action_prefix))));
    }
    if (!q.actor.empty()) sql += StrCat(" AND actor = ", next(Param::Text(q.actor)));
    sql += StrCat(" ORDER BY id DESC LIMIT ", next(Param::Int(q.limit)));
    ASSIGN_OR_RETURN(Result r, conn_.Exec(sql, params));
    std::vector<AuditRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      AuditRow a;
      a.id = r.Int(i, 0);
      a.at_unix_ms = r.Int(i, 1);
      a.actor = std::string(r.Text(i, 2));
      a.address = std::string(r.Text(i, 3));
      a.action = std::string(r.Text(i, 4));
      a.target = std::string(r.Text(i, 5));
      a.region = r.Int(i, 6);
      a.before_json = std::string(r.Text(i, 7));
      a.after_json = std::string(r.Text(i, 8));
      out.push_back(std::move(a));
    }
    return out;
  }

  StatusOr<std::unique_ptr<WriteTxn>> Begin(bool bulk) override {
    auto t = std::make_unique<PgTxn>(conn_, bulk);
    RETURN_IF_ERROR(t->BeginTxn());
    return std::unique_ptr<WriteTxn>(std::move(t));
  }

  Status RewriteSealed(const std::function<Status(PersonRow& row)>& fn,
                       std::string_view key_check) override {
    return InTxn(conn_, [&]() -> Status {
      // Every NIK index changes: drop the unique index, rewrite, and recreate it (a collision
      // then fails the whole rotation). The new values go through COPY into a staging table and
      // one UPDATE, not one round trip per person.
      RETURN_IF_ERROR(conn_.Script(pg::kNikIndexDrop));
      RETURN_IF_ERROR(conn_.Script(
          "CREATE TEMP TABLE bimtek_reseal(id BIGINT PRIMARY KEY, nik_index BYTEA NOT NULL, "
          "sealed BYTEA NOT NULL) ON COMMIT DROP"));
      std::string data;
      size_t rows = 0;
      RETURN_IF_ERROR(Stream(StrCat("SELECT ", kPersonCols, " FROM people ORDER BY id"),
                             [&](const Result& r, int i) -> Status {
                               PersonRow p = ReadPerson(r, i);
                               RETURN_IF_ERROR(fn(p));
                               CopyInt(data, p.id);
                               pg::CopyBytes(data, p.nik_index);
                               pg::CopyBytes(data, p.sealed);
                               data.push_back('\n');
                               if (++rows < kCopyChunk) return absl::OkStatus();
                               rows = 0;
                               return conn_.CopyIn("COPY bimtek_reseal FROM STDIN",
                                                   std::exchange(data, {}));
                             }));
      if (!data.empty()) RETURN_IF_ERROR(conn_.CopyIn("COPY bimtek_reseal FROM STDIN", data));
      RETURN_IF_ERROR(conn_.Script(
          "UPDATE people p SET nik_index = r.nik_index, sealed = r.sealed FROM bimtek_reseal r "
          "WHERE p.id = r.id; "
          "UPDATE people_ids g SET nik_index = r.nik_index FROM bimtek_reseal r "
          "WHERE g.id = r.id"));
      RETURN_IF_ERROR(SetMeta("key_check", key_check));
      return conn_.Script(pg::kNikIndexCreate);
    });
  }

  Status Init(const PostgresOptions& options, const std::vector<Region>& regions) {
    RETURN_IF_ERROR(conn_.Script(StrCat("SET statement_timeout = ", options.statement_timeout_ms)));
    RETURN_IF_ERROR(conn_.Script("SET client_min_messages = warning"));
    if (!options.schema.empty()) {
      RETURN_IF_ERROR(InTxn(conn_, [&] {
        return conn_.Script(StrCat("SELECT pg_advisory_xact_lock(", kSchemaLock,
                                   "); CREATE SCHEMA IF NOT EXISTS \"", options.schema, "\""));
      }));
      RETURN_IF_ERROR(conn_.Script(StrCat("SET search_path = \"", options.schema, "\"")));
    }
    RETURN_IF_ERROR(Migrate());
    return InTxn(conn_, [&]() -> Status {
      RETURN_IF_ERROR(conn_.Script(StrCat("SELECT pg_advisory_xact_lock(", kSchemaLock, ")")));
      ASSIGN_OR_RETURN(int64_t n, Scalar("SELECT count(*) FROM regions", {}));
      if (n > 0 || regions.empty()) return absl::OkStatus();
      std::string data;
      for (const Region& r : regions) {
        CopyInt(data, r.code);
        CopyInt(data, static_cast<int>(r.level));
        CopyInt(data, static_cast<int>(r.kind));
        CopyInt(data, r.parent);
        pg::CopyText(data, r.name);
        data.push_back('\n');
      }
      return conn_.CopyIn("COPY regions(code, level, kind, parent, name) FROM STDIN", data);
    });
  }

 private:
  Status Migrate() {
    const auto& all = pg::Migrations();
    return InTxn(conn_, [&]() -> Status {
      // Several servers may start at once: one migrates, the others wait here and find it done.
      RETURN_IF_ERROR(conn_.Script(StrCat("SELECT pg_advisory_xact_lock(", kSchemaLock, ")")));
      RETURN_IF_ERROR(conn_.Script(
          "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"));
      // Applied versions are a set, not a maximum: numbers are reserved per feature and may
      // land out of order (8 before 7), so every listed migration not yet applied runs, in
      // number order; a version this program does not list means a newer Bimtek wrote it.
      ASSIGN_OR_RETURN(Result applied_rows,
                       conn_.Exec("SELECT version FROM schema_migrations ORDER BY version"));
      std::set<int64_t> applied;
      for (int i = 0; i < applied_rows.rows(); ++i) applied.insert(applied_rows.Int(i, 0));
      for (int64_t v : applied) {
        const bool known =
            std::any_of(all.begin(), all.end(), [v](const auto& m) { return m.version == v; });
        if (!known) {
          return absl::FailedPreconditionError(StrCat("the store has schema version ", v,
                                                      ", which this program does not know (it "
                                                      "knows up to ",
                                                      all.empty() ? 0 : all.back().version,
                                                      "): upgrade Bimtek"));
        }
      }
      for (const auto& m : all) {
        if (applied.count(m.version) > 0) continue;
        Status s = conn_.Script(m.sql);
        if (s.ok() && m.version == 3) s = BackfillNames();
        if (s.ok()) {
          s = conn_
                  .Exec("INSERT INTO schema_migrations(version, description) VALUES($1, $2)",
                        {Param::Int(m.version), Param::Text(m.description)})
                  .status();
        }
        if (!s.ok()) {
          return absl::InternalError(
              StrCat("migration ", m.version, " (", m.description, "): ", s.message()));
        }
      }
      return absl::OkStatus();
    });
  }

  // Migration 3 on a store that already holds people: their name tokens (inside the
  // migration's transaction).
  Status BackfillNames() {
    std::string data;
    RETURN_IF_ERROR(Stream(StrCat("SELECT ", kPersonCols, " FROM people"),
                           [&](const Result& r, int i) -> Status {
                             CopyNames(data, ReadPerson(r, i));
                             if (data.size() < (1u << 22)) return absl::OkStatus();
                             return conn_.CopyIn(kCopyNames, std::exchange(data, {}));
                           }));
    return data.empty() ? absl::OkStatus() : conn_.CopyIn(kCopyNames, data);
  }

  // The name buckets inside [lo, hi] (a scope's region_key range), as a SQL list (see
  // NameBucket): the kabupaten/kota and province buckets that exist.
  StatusOr<std::string> BucketList(int64_t lo, int64_t hi) {
    if (buckets_.empty()) {
      ASSIGN_OR_RETURN(Result r,
                       conn_.Exec("SELECT code * 100 FROM regions WHERE level = 1 UNION "
                                  "SELECT code FROM regions WHERE level = 2 ORDER BY 1"));
      for (int i = 0; i < r.rows(); ++i) buckets_.push_back(r.Int(i, 0));
    }
    std::string out;
    for (int64_t b : buckets_) {
      if (b < NameBucket(lo) || b > NameBucket(hi)) continue;
      if (!out.empty()) out += ',';
      out += std::to_string(b);
    }
    return out.empty() ? std::string("-1") : out;
  }

  StatusOr<int64_t> Scalar(std::string_view sql, const std::vector<Param>& params) {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(sql, params));
    return r.rows() == 0 ? 0 : r.Int(0, 0);
  }

  StatusOr<std::optional<PersonRow>> OneOrNone(const std::string& sql,
                                               const std::vector<Param>& params) {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(sql, params));
    if (r.rows() == 0) return std::optional<PersonRow>();
    return std::optional<PersonRow>(ReadPerson(r, 0));
  }

  // Streams the rows of `sql` (no parameters: callers inline integers) through a cursor,
  // kFetch rows per round trip, so a national scope never sits in memory at once. Inside an
  // open transaction the cursor lives in it; otherwise in a read-only transaction of its own.
  Status Stream(const std::string& sql, const std::function<Status(const Result&, int)>& fn) {
    const bool own = !conn_.InTransaction();
    const std::string cursor = StrCat("bimtek_cursor_", ++cursors_);
    if (own) RETURN_IF_ERROR(conn_.Script("BEGIN READ ONLY"));
    Status s = [&]() -> Status {
      RETURN_IF_ERROR(conn_.Script(StrCat("DECLARE ", cursor, " NO SCROLL CURSOR FOR ", sql)));
      const std::string fetch = StrCat("FETCH ", kFetch, " FROM ", cursor);
      while (true) {
        ASSIGN_OR_RETURN(Result r, conn_.Exec(fetch));
        for (int i = 0; i < r.rows(); ++i) RETURN_IF_ERROR(fn(r, i));
        if (r.rows() < kFetch) break;
      }
      return conn_.Script(StrCat("CLOSE ", cursor));
    }();
    --cursors_;
    if (own) {
      if (s.ok()) return conn_.Script("COMMIT");
      conn_.Script("ROLLBACK").IgnoreError();
    } else if (!s.ok()) {
      conn_.Script(StrCat("CLOSE ", cursor)).IgnoreError();
    }
    return s;
  }

  Conn conn_;
  int cursors_ = 0;
  std::vector<int64_t> buckets_;  // NameBucket values of every region, sorted
};

bool ValidSchemaName(std::string_view s) {
  if (s.empty() || s.size() > 63 || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

StatusOr<std::pair<std::string, PostgresOptions>> ParsePostgresUrl(const std::string& url) {
  PostgresOptions options;
  const size_t q = url.find('?');
  if (q == std::string::npos) return std::make_pair(url, options);
  std::string kept;
  std::string_view rest = std::string_view(url).substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = item.find('=');
    const std::string_view key = item.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    if (key == "statement_timeout") {
      int ms = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec != std::errc() || end != value.data() + value.size() || ms < 0) {
        return absl::InvalidArgumentError(StrCat(
            "database URL: statement_timeout must be a number of milliseconds, not '", value, "'"));
      }
      options.statement_timeout_ms = ms;
    } else if (key == "schema") {
      if (!ValidSchemaName(value)) {
        return absl::InvalidArgumentError(StrCat(
            "database URL: schema must be lower-case letters, digits and '_', not '", value, "'"));
      }
      options.schema = std::string(value);
    } else if (key == "pool_size") {
      int n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 1000) {
        return absl::InvalidArgumentError(
            StrCat("database URL: pool_size must be a number from 1 to 1000, not '", value, "'"));
      }
      options.pool_size = n;
    } else if (!item.empty()) {
      kept += kept.empty() ? "?" : "&";
      kept += item;
    }
  }
  return std::make_pair(url.substr(0, q) + kept, options);
}

StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                   const std::vector<Region>& regions) {
  ASSIGN_OR_RETURN(auto parsed, ParsePostgresUrl(url));
  // One pool per database, schema and session setup in the process: every registry Store of a
  // server (one per worker thread) draws from it. Each new connection gets the session settings
  // here, so any of them can serve any Store.
  const PostgresOptions o = parsed.second;
  pg::PoolOptions pool_options;
  pool_options.max_size = o.pool_size;
  auto pool = pg::SharedPool(
      StrCat(parsed.first, "|", o.schema, "|", o.statement_timeout_ms, "|", o.pool_size),
      [conninfo = parsed.first, o]() -> StatusOr<pg::Conn> {
        ASSIGN_OR_RETURN(pg::Conn c, pg::Conn::Connect(conninfo));
        RETURN_IF_ERROR(c.Script(StrCat("SET statement_timeout = ", o.statement_timeout_ms,
                                        "; SET client_min_messages = warning")));
        if (!o.schema.empty()) {
          RETURN_IF_ERROR(c.Script(StrCat("SET search_path = \"", o.schema, "\"")));
        }
        return c;
      },
      pool_options);
  auto store = std::make_unique<PgStore>(Conn(std::move(pool)));
  RETURN_IF_ERROR(store->Init(parsed.second, regions));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bimtek::store
