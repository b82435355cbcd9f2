#include "store/sqlite/sqlite_planning.h"

#include <ctime>
#include <map>

#include "absl/strings/match.h"
#include "base/strings.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kPlanningSchema = 4;  // the migration that creates the planning tables

// A region padded to 10 digits, so that a scope is one range (as people.region_key).
int64_t RegionKey(RegionCode code) {
  int64_t k = code;
  if (k <= 0) return 0;
  while (k < 1000000000LL) k *= 100;  // 2, 4 and 6 digits become 10
  return k;
}

// A transaction that rolls back unless committed.
class Txn {
 public:
  explicit Txn(Db& db) : db_(db) {}
  ~Txn() {
    if (open_) db_.Exec("ROLLBACK").IgnoreError();
  }
  Status Begin() {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    open_ = true;
    return absl::OkStatus();
  }
  Status Commit() {
    RETURN_IF_ERROR(db_.Exec("COMMIT"));
    open_ = false;
    return absl::OkStatus();
  }

 private:
  Db& db_;
  bool open_ = false;
};

StatusOr<plan::Venue> ReadVenue(const Stmt& s) {
  plan::Venue v;
  v.id = s.Int(0);
  v.code = s.Text(1);
  v.name = s.Text(2);
  v.address = s.Text(3);
  v.region = s.Int(4);
  v.capacity = static_cast<int>(s.Int(5));
  auto hours = plan::ParseVenueHours(s.Text(6));
  if (!hours.ok()) {
    return absl::InternalError(
        StrCat("venue ", v.code, ": stored hours: ", hours.status().message()));
  }
  v.hours = std::move(*hours);
  v.active = s.Int(7) != 0;
  return v;
}

StatusOr<plan::Facilitator> ReadFacilitator(const Stmt& s) {
  plan::Facilitator f;
  f.id = s.Int(0);
  f.code = s.Text(1);
  f.person_id = s.IsNull(2) ? 0 : s.Int(2);
  f.name = s.Text(3);
  f.home = s.Int(4);
  f.modules = plan::ParseModuleList(s.Text(5));
  auto dates = plan::ParseDateList(s.Text(6));
  if (!dates.ok()) {
    return absl::InternalError(
        StrCat("facilitator ", f.code, ": stored dates: ", dates.status().message()));
  }
  f.dates = std::move(*dates);
  f.max_sessions_per_day = static_cast<int>(s.Int(7));
  f.active = s.Int(8) != 0;
  return f;
}

constexpr std::string_view kVenueCols = "id, code, name, address, region, capacity, hours, active";
constexpr std::string_view kFacCols =
    "id, code, person_id, name, home_region, modules, dates, max_sessions_per_day, active";

class SqlitePlanning : public PlanningStore {
 public:
  explicit SqlitePlanning(Db db) : db_(std::move(db)) {}

  Status Init(const SqliteOptions& options) {
    RETURN_IF_ERROR(db_.Exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                                      : "PRAGMA synchronous = NORMAL"));
    // As on PostgreSQL: a publication or batch naming a plan that does not exist is refused.
    RETURN_IF_ERROR(db_.Exec("PRAGMA foreign_keys = ON"));
    return db_.RequireSchema(kPlanningSchema, "planning tables");
  }

  StatusOr<int> AddCurriculumVersion(const CurriculumVersionRow& row) override {
    Txn txn(db_);
    RETURN_IF_ERROR(txn.Begin());
    ASSIGN_OR_RETURN(
        Stmt q, db_.Prepare("SELECT COALESCE(MAX(version), 0) FROM curricula WHERE name = ?1"));
    q.Bind(1, std::string_view(row.name));
    ASSIGN_OR_RETURN(bool has, q.Step());
    const int next = static_cast<int>(has ? q.Int(0) : 0) + 1;
    ASSIGN_OR_RETURN(Stmt ins, db_.Prepare("INSERT INTO curricula(name, version, content, note, "
                                           "created_at) VALUES(?1, ?2, ?3, ?4, ?5)"));
    RETURN_IF_ERROR(ins.Bind(1, std::string_view(row.name))
                        .Bind(2, next)
                        .Bind(3, std::string_view(row.content_json))
                        .Bind(4, std::string_view(row.note))
                        .Bind(5, row.created_unix != 0 ? row.created_unix
                                                       : static_cast<int64_t>(std::time(nullptr)))
                        .Run());
    RETURN_IF_ERROR(txn.Commit());
    return next;
  }

  StatusOr<std::optional<CurriculumVersionRow>> FindCurriculum(std::string_view name,
                                                               int version) override {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(version > 0 ? "SELECT name, version, content, note, created_at FROM curricula "
                                  "WHERE name = ?1 AND version = ?2"
                                : "SELECT name, version, content, note, created_at FROM curricula "
                                  "WHERE name = ?1 ORDER BY version DESC LIMIT 1"));
    s.Bind(1, name);
    if (version > 0) s.Bind(2, version);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<CurriculumVersionRow>();
    return std::optional<CurriculumVersionRow>(
        CurriculumVersionRow{std::string(s.Text(0)), static_cast<int>(s.Int(1)),
                             std::string(s.Text(2)), std::string(s.Text(3)), s.Int(4)});
  }

  StatusOr<std::vector<CurriculumVersionRow>> ListCurriculumVersions(
      std::string_view name) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT name, version, note, created_at FROM curricula "
                                         "WHERE name = ?1 ORDER BY version"));
    s.Bind(1, name);
    std::vector<CurriculumVersionRow> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(CurriculumVersionRow{std::string(s.Text(0)), static_cast<int>(s.Int(1)), "",
                                         std::string(s.Text(2)), s.Int(3)});
    }
    return out;
  }

  StatusOr<int64_t> PutVenues(const std::vector<plan::Venue>& venues) override {
    Txn txn(db_);
    RETURN_IF_ERROR(txn.Begin());
    int64_t fresh = 0;
    ASSIGN_OR_RETURN(Stmt find, db_.Prepare("SELECT id FROM venues WHERE code = ?1"));
    ASSIGN_OR_RETURN(
        Stmt ins,
        db_.Prepare("INSERT INTO venues(code, name, address, region, region_key, capacity, hours, "
                    "active) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    ASSIGN_OR_RETURN(Stmt upd, db_.Prepare("UPDATE venues SET name = ?2, address = ?3, region = "
                                           "?4, region_key = ?5, capacity = ?6, hours = ?7, "
                                           "active = ?8 WHERE code = ?1"));
    for (const auto& v : venues) {
      find.Bind(1, std::string_view(v.code));
      ASSIGN_OR_RETURN(bool exists, find.Step());
      find.Reset();
      Stmt& s = exists ? upd : ins;
      const std::string hours = plan::FormatVenueHours(v.hours);
      RETURN_IF_ERROR(s.Bind(1, std::string_view(v.code))
                          .Bind(2, std::string_view(v.name))
                          .Bind(3, std::string_view(v.address))
                          .Bind(4, v.region)
                          .Bind(5, RegionKey(v.region))
                          .Bind(6, v.capacity)
                          .Bind(7, std::string_view(hours))
                          .Bind(8, v.active ? 1 : 0)
                          .Run());
      s.Reset();
      if (!exists) ++fresh;
    }
    RETURN_IF_ERROR(txn.Commit());
    return fresh;
  }

  StatusOr<int64_t> PutFacilitators(const std::vector<plan::Facilitator>& facs) override {
    Txn txn(db_);
    RETURN_IF_ERROR(txn.Begin());
    int64_t fresh = 0;
    ASSIGN_OR_RETURN(Stmt find, db_.Prepare("SELECT id FROM facilitators WHERE code = ?1"));
    ASSIGN_OR_RETURN(Stmt ins,
                     db_.Prepare("INSERT INTO facilitators(code, person_id, name, home_region, "
                                 "region_key, modules, dates, max_sessions_per_day, active) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    ASSIGN_OR_RETURN(Stmt upd,
                     db_.Prepare("UPDATE facilitators SET person_id = ?2, name = ?3, "
                                 "home_region = ?4, region_key = ?5, modules = ?6, dates = ?7, "
                                 "max_sessions_per_day = ?8, active = ?9 WHERE code = ?1"));
    for (const auto& f : facs) {
      find.Bind(1, std::string_view(f.code));
      ASSIGN_OR_RETURN(bool exists, find.Step());
      find.Reset();
      Stmt& s = exists ? upd : ins;
      const std::string modules = plan::FormatModuleList(f.modules);
      const std::string dates = plan::FormatDateList(f.dates);
      s.Bind(1, std::string_view(f.code));
      if (f.person_id != 0) {
        s.Bind(2, f.person_id);
      } else {
        s.BindNull(2);
      }
      RETURN_IF_ERROR(s.Bind(3, std::string_view(f.name))
                          .Bind(4, f.home)
                          .Bind(5, RegionKey(f.home))
                          .Bind(6, std::string_view(modules))
                          .Bind(7, std::string_view(dates))
                          .Bind(8, f.max_sessions_per_day)
                          .Bind(9, f.active ? 1 : 0)
                          .Run());
      s.Reset();
      if (!exists) ++fresh;
    }
    RETURN_IF_ERROR(txn.Commit());
    return fresh;
  }

  StatusOr<std::vector<plan::Venue>> ListVenues(const Scope& scope) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat("SELECT ", kVenueCols,
                                                " FROM venues WHERE "
                                                "region_key BETWEEN ?1 AND ?2 ORDER BY id")));
    BindRange(s, scope);
    std::vector<plan::Venue> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(auto v, ReadVenue(s));
      out.push_back(std::move(v));
    }
    return out;
  }

  StatusOr<std::vector<plan::Facilitator>> ListFacilitators(const Scope& scope) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat("SELECT ", kFacCols,
                                                " FROM facilitators WHERE "
                                                "region_key BETWEEN ?1 AND ?2 ORDER BY id")));
    BindRange(s, scope);
    std::vector<plan::Facilitator> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(auto f, ReadFacilitator(s));
      out.push_back(std::move(f));
    }
    return out;
  }

  StatusOr<std::optional<plan::Venue>> FindVenueByCode(std::string_view code) override {
    ASSIGN_OR_RETURN(Stmt s,
                     db_.Prepare(StrCat("SELECT ", kVenueCols, " FROM venues WHERE code = ?1")));
    s.Bind(1, code);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<plan::Venue>();
    ASSIGN_OR_RETURN(auto v, ReadVenue(s));
    return std::optional<plan::Venue>(std::move(v));
  }

  StatusOr<std::optional<plan::Facilitator>> FindFacilitatorByCode(std::string_view code) override {
    ASSIGN_OR_RETURN(
        Stmt s, db_.Prepare(StrCat("SELECT ", kFacCols, " FROM facilitators WHERE code = ?1")));
    s.Bind(1, code);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<plan::Facilitator>();
    ASSIGN_OR_RETURN(auto f, ReadFacilitator(s));
    return std::optional<plan::Facilitator>(std::move(f));
  }

  Status SetVenueActive(std::string_view code, bool active) override {
    return SetActive("venues", "venue", code, active);
  }
  Status SetFacilitatorActive(std::string_view code, bool active) override {
    return SetActive("facilitators", "facilitator", code, active);
  }

  StatusOr<int64_t> SavePlan(const PlanRow& p, const std::vector<plan::Batch>& batches) override {
    Txn txn(db_);
    RETURN_IF_ERROR(txn.Begin());
    ASSIGN_OR_RETURN(Stmt ins,
                     db_.Prepare("INSERT INTO plans(scope, date_from, date_to, curriculum, "
                                 "curriculum_version, created_at, result) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    const std::string from = FormatIsoDate(p.from);
    const std::string to = FormatIsoDate(p.to);
    RETURN_IF_ERROR(ins.Bind(1, p.scope.code)
                        .Bind(2, std::string_view(from))
                        .Bind(3, std::string_view(to))
                        .Bind(4, std::string_view(p.curriculum))
                        .Bind(5, p.curriculum_version)
                        .Bind(6, p.created_unix != 0 ? p.created_unix
                                                     : static_cast<int64_t>(std::time(nullptr)))
                        .Bind(7, std::string_view(p.result_json))
                        .Run());
    const int64_t id = sqlite3_last_insert_rowid(db_.raw());
    ASSIGN_OR_RETURN(Stmt b,
                     db_.Prepare("INSERT INTO batches(plan_id, id, venue, date, zone, start_min, "
                                 "end_min, kecamatan, fallback, people) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    ASSIGN_OR_RETURN(Stmt se, db_.Prepare("INSERT INTO batch_sessions(plan_id, batch_id, seq, "
                                          "module, start_min, end_min, facilitator) "
                                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    ASSIGN_OR_RETURN(Stmt cr, db_.Prepare("INSERT INTO batch_crews(plan_id, batch_id, tps) "
                                          "VALUES(?1, ?2, ?3)"));
    for (const auto& x : batches) {
      const std::string date = FormatIsoDate(x.date);
      RETURN_IF_ERROR(b.Bind(1, id)
                          .Bind(2, x.id)
                          .Bind(3, x.venue)
                          .Bind(4, std::string_view(date))
                          .Bind(5, static_cast<int>(x.zone))
                          .Bind(6, x.start_min)
                          .Bind(7, x.end_min)
                          .Bind(8, x.kecamatan)
                          .Bind(9, x.fallback ? 1 : 0)
                          .Bind(10, x.people)
                          .Run());
      b.Reset();
      for (size_t i = 0; i < x.sessions.size(); ++i) {
        const auto& s = x.sessions[i];
        RETURN_IF_ERROR(se.Bind(1, id)
                            .Bind(2, x.id)
                            .Bind(3, static_cast<int64_t>(i))
                            .Bind(4, std::string_view(s.module))
                            .Bind(5, s.start_min)
                            .Bind(6, s.end_min)
                            .Bind(7, s.facilitator)
                            .Run());
        se.Reset();
      }
      for (TpsCode t : x.crews) {
        RETURN_IF_ERROR(cr.Bind(1, id).Bind(2, x.id).Bind(3, t).Run());
        cr.Reset();
      }
    }
    RETURN_IF_ERROR(txn.Commit());
    return id;
  }

  StatusOr<std::optional<PlanRow>> LatestPlan(const Scope& scope) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT id, scope, date_from, date_to, curriculum, "
                                         "curriculum_version, created_at, result FROM plans "
                                         "WHERE scope = ?1 ORDER BY id DESC LIMIT 1"));
    s.Bind(1, scope.code);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<PlanRow>();
    PlanRow p;
    p.id = s.Int(0);
    p.scope = s.Int(1) == 0 ? Scope::National() : Scope::Of(s.Int(1));
    p.from = ParseIsoDate(s.Text(2)).value_or(Date{});
    p.to = ParseIsoDate(s.Text(3)).value_or(Date{});
    p.curriculum = s.Text(4);
    p.curriculum_version = static_cast<int>(s.Int(5));
    p.created_unix = s.Int(6);
    p.result_json = s.Text(7);
    return std::optional<PlanRow>(std::move(p));
  }

  Status PublishPlan(int64_t plan_id, int64_t at_unix, int64_t by_user) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO plan_publications(plan_id, published_at, "
                                         "published_by) VALUES(?1, ?2, ?3) "
                                         "ON CONFLICT(plan_id) DO NOTHING"));
    Status st = s.Bind(1, plan_id).Bind(2, at_unix).Bind(3, by_user).Run();
    if (absl::IsFailedPrecondition(st) || absl::IsInvalidArgument(st) ||
        (absl::IsAlreadyExists(st) && absl::StrContains(st.message(), "FOREIGN KEY"))) {
      return absl::NotFoundError(StrCat("plan ", plan_id));
    }
    return st;
  }

  StatusOr<std::optional<int64_t>> PlanPublishedAt(int64_t plan_id) override {
    ASSIGN_OR_RETURN(Stmt s,
                     db_.Prepare("SELECT published_at FROM plan_publications WHERE plan_id = ?1"));
    s.Bind(1, plan_id);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(s.Int(0));
  }

  StatusOr<std::vector<plan::Batch>> PlanBatches(int64_t plan_id) override {
    std::vector<plan::Batch> out;
    std::map<int64_t, size_t> index;
    ASSIGN_OR_RETURN(Stmt b, db_.Prepare("SELECT id, venue, date, zone, start_min, end_min, "
                                         "kecamatan, fallback, people FROM batches "
                                         "WHERE plan_id = ?1 ORDER BY id"));
    b.Bind(1, plan_id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, b.Step());
      if (!row) break;
      plan::Batch x;
      x.id = b.Int(0);
      x.venue = b.Int(1);
      x.date = ParseIsoDate(b.Text(2)).value_or(Date{});
      x.zone = static_cast<TimeZone>(b.Int(3));
      x.start_min = static_cast<int>(b.Int(4));
      x.end_min = static_cast<int>(b.Int(5));
      x.kecamatan = b.Int(6);
      x.fallback = b.Int(7) != 0;
      x.people = static_cast<int>(b.Int(8));
      index[x.id] = out.size();
      out.push_back(std::move(x));
    }
    ASSIGN_OR_RETURN(Stmt se, db_.Prepare("SELECT batch_id, module, start_min, end_min, "
                                          "facilitator FROM batch_sessions WHERE plan_id = ?1 "
                                          "ORDER BY batch_id, seq"));
    se.Bind(1, plan_id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, se.Step());
      if (!row) break;
      const auto it = index.find(se.Int(0));
      if (it == index.end()) continue;
      out[it->second].sessions.push_back(plan::Session{std::string(se.Text(1)),
                                                       static_cast<int>(se.Int(2)),
                                                       static_cast<int>(se.Int(3)), se.Int(4)});
    }
    ASSIGN_OR_RETURN(Stmt cr, db_.Prepare("SELECT batch_id, tps FROM batch_crews "
                                          "WHERE plan_id = ?1 ORDER BY batch_id, tps"));
    cr.Bind(1, plan_id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, cr.Step());
      if (!row) break;
      const auto it = index.find(cr.Int(0));
      if (it != index.end()) out[it->second].crews.push_back(cr.Int(1));
    }
    return out;
  }

 private:
  static void BindRange(Stmt& s, const Scope& scope) {
    const auto [lo, hi] = scope.RangeFor(10);
    s.Bind(1, lo).Bind(2, hi);
  }

  Status SetActive(std::string_view table, std::string_view what, std::string_view code,
                   bool active) {
    ASSIGN_OR_RETURN(Stmt s,
                     db_.Prepare(StrCat("UPDATE ", table, " SET active = ?1 WHERE code = ?2")));
    RETURN_IF_ERROR(s.Bind(1, active ? 1 : 0).Bind(2, code).Run());
    if (sqlite3_changes(db_.raw()) == 0) {
      return absl::NotFoundError(StrCat(what, " ", code, " does not exist"));
    }
    return absl::OkStatus();
  }

  Db db_;
};

}  // namespace

StatusOr<std::unique_ptr<PlanningStore>> OpenSqlitePlanning(const std::string& path,
                                                            SqliteOptions options) {
  ASSIGN_OR_RETURN(Db db, sqlite::Db::Open(path));
  auto p = std::make_unique<SqlitePlanning>(std::move(db));
  RETURN_IF_ERROR(p->Init(options));
  return std::unique_ptr<PlanningStore>(std::move(p));
}

}  // namespace bimtek::store
