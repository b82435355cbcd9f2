#include "store/postgres/postgres_planning.h"

#include <ctime>
#include <map>

#include "base/strings.h"
#include "store/postgres/pg_session.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::CopyInt;
using pg::Param;
using pg::Result;

constexpr int kPlanningSchema = 4;  // the migration that creates the planning tables

// A region padded to 10 digits (0 stays 0: national), as people.region_key.
int64_t PadKey(RegionCode code) {
  int64_t k = code;
  if (k <= 0) return 0;
  while (k < 1000000000LL) k *= 10;
  return k;
}

int64_t NowOr(int64_t t) { return t != 0 ? t : static_cast<int64_t>(std::time(nullptr)); }

constexpr std::string_view kVenueCols = "id, code, name, address, region, capacity, hours, active";
constexpr std::string_view kFacCols =
    "id, code, person_id, name, home_region, modules, dates, max_sessions_per_day, active";

StatusOr<plan::Venue> ReadVenue(const Result& r, int i) {
  plan::Venue v;
  v.id = r.Int(i, 0);
  v.code = std::string(r.Text(i, 1));
  v.name = std::string(r.Text(i, 2));
  v.address = std::string(r.Text(i, 3));
  v.region = r.Int(i, 4);
  v.capacity = static_cast<int>(r.Int(i, 5));
  auto hours = plan::ParseVenueHours(r.Text(i, 6));
  if (!hours.ok()) {
    return absl::InternalError(
        StrCat("venue ", v.code, ": stored hours: ", hours.status().message()));
  }
  v.hours = std::move(*hours);
  v.active = pg::ReadBool(r, i, 7);
  return v;
}

StatusOr<plan::Facilitator> ReadFacilitator(const Result& r, int i) {
  plan::Facilitator f;
  f.id = r.Int(i, 0);
  f.code = std::string(r.Text(i, 1));
  f.person_id = r.IsNull(i, 2) ? 0 : r.Int(i, 2);
  f.name = std::string(r.Text(i, 3));
  f.home = r.Int(i, 4);
  f.modules = plan::ParseModuleList(r.Text(i, 5));
  auto dates = plan::ParseDateList(r.Text(i, 6));
  if (!dates.ok()) {
    return absl::InternalError(
        StrCat("facilitator ", f.code, ": stored dates: ", dates.status().message()));
  }
  f.dates = std::move(*dates);
  f.max_sessions_per_day = static_cast<int>(r.Int(i, 7));
  f.active = pg::ReadBool(r, i, 8);
  return f;
}

// Rows of a put, one per distinct code: the first occurrence's place (so new ids follow the
// input's order) with the last occurrence's values, as writing them one by one would leave.
template <typename T>
std::vector<const T*> LastPerCode(const std::vector<T>& in) {
  std::map<std::string, size_t> at;
  std::vector<const T*> out;
  for (const T& x : in) {
    auto [it, fresh] = at.emplace(x.code, out.size());
    if (fresh) {
      out.push_back(&x);
    } else {
      out[it->second] = &x;
    }
  }
  return out;
}

class PgPlanning : public PlanningStore {
 public:
  explicit PgPlanning(Conn conn) : conn_(std::move(conn)) {}

  StatusOr<int> AddCurriculumVersion(const CurriculumVersionRow& row) override {
    int next = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      // Two writers of the same curriculum take turns, so each gets its own number.
      RETURN_IF_ERROR(conn_
                          .Exec("SELECT pg_advisory_xact_lock(hashtextextended('curriculum:' || "
                                "$1, 0))",
                                {Param::Text(row.name)})
                          .status());
      ASSIGN_OR_RETURN(Result r,
                       conn_.Exec("SELECT coalesce(max(version), 0) FROM curricula WHERE name = $1",
                                  {Param::Text(row.name)}));
      next = static_cast<int>(r.Int(0, 0)) + 1;
      return conn_
          .Exec(
              "INSERT INTO curricula(name, version, content, note, created_at) "
              "VALUES($1, $2, $3, $4, $5)",
              {Param::Text(row.name), Param::Int(next), Param::Text(row.content_json),
               Param::Text(row.note), Param::Int(NowOr(row.created_unix))})
          .status();
    }));
    return next;
  }

  StatusOr<std::optional<CurriculumVersionRow>> FindCurriculum(std::string_view name,
                                                               int version) override {
    std::vector<Param> params = {Param::Text(name)};
    if (version > 0) params.push_back(Param::Int(version));
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(version > 0 ? "SELECT name, version, content, note, created_at FROM curricula "
                                 "WHERE name = $1 AND version = $2"
                               : "SELECT name, version, content, note, created_at FROM curricula "
                                 "WHERE name = $1 ORDER BY version DESC LIMIT 1",
                   params));
    if (r.rows() == 0) return std::optional<CurriculumVersionRow>();
    return std::optional<CurriculumVersionRow>(
        CurriculumVersionRow{std::string(r.Text(0, 0)), static_cast<int>(r.Int(0, 1)),
                             std::string(r.Text(0, 2)), std::string(r.Text(0, 3)), r.Int(0, 4)});
  }

  StatusOr<std::vector<CurriculumVersionRow>> ListCurriculumVersions(
      std::string_view name) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT name, version, note, created_at FROM curricula "
                                          "WHERE name = $1 ORDER BY version",
                                          {Param::Text(name)}));
    std::vector<CurriculumVersionRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(CurriculumVersionRow{std::string(r.Text(i, 0)), static_cast<int>(r.Int(i, 1)),
                                         "", std::string(r.Text(i, 2)), r.Int(i, 3)});
    }
    return out;
  }

  // Venues and facilitators: COPY into a temporary table, then one INSERT ... ON CONFLICT (code)
  // DO UPDATE; `xmax = 0` tells the rows it inserted from those it updated.
  StatusOr<int64_t> PutVenues(const std::vector<plan::Venue>& venues) override {
    std::string data;
    for (const plan::Venue* v : LastPerCode(venues)) {
      pg::CopyText(data, v->code);
      pg::CopyText(data, v->name);
      pg::CopyText(data, v->address);
      CopyInt(data, v->region);
      CopyInt(data, PadKey(v->region));
      CopyInt(data, v->capacity);
      pg::CopyText(data, plan::FormatVenueHours(v->hours));
      pg::CopyText(data, v->active ? "t" : "f");
      data.push_back('\n');
    }
    return Merge(
        "CREATE TEMP TABLE IF NOT EXISTS venues_in(seq BIGINT GENERATED ALWAYS AS IDENTITY, "
        "code TEXT, name TEXT, address TEXT, region BIGINT, region_key BIGINT, capacity INTEGER, "
        "hours TEXT, active BOOLEAN) ON COMMIT DROP",
        "COPY venues_in(code, name, address, region, region_key, capacity, hours, active) FROM "
        "STDIN",
        data,
        "INSERT INTO venues(code, name, address, region, region_key, capacity, hours, active) "
        "SELECT code, name, address, region, region_key, capacity, hours, active FROM venues_in "
        "ORDER BY seq ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = "
        "excluded.address, region = excluded.region, region_key = excluded.region_key, capacity "
        "= excluded.capacity, hours = excluded.hours, active = excluded.active "
        "RETURNING (xmax = 0)");
  }

  StatusOr<int64_t> PutFacilitators(const std::vector<plan::Facilitator>& facs) override {
    std::string data;
    for (const plan::Facilitator* f : LastPerCode(facs)) {
      pg::CopyText(data, f->code);
      if (f->person_id != 0) {
        CopyInt(data, f->person_id);
      } else {
        pg::CopyNull(data);
      }
      pg::CopyText(data, f->name);
      CopyInt(data, f->home);
      CopyInt(data, PadKey(f->home));
      pg::CopyText(data, plan::FormatModuleList(f->modules));
      pg::CopyText(data, plan::FormatDateList(f->dates));
      CopyInt(data, f->max_sessions_per_day);
      pg::CopyText(data, f->active ? "t" : "f");
      data.push_back('\n');
    }
    return Merge(
        "CREATE TEMP TABLE IF NOT EXISTS facilitators_in(seq BIGINT GENERATED ALWAYS AS "
        "IDENTITY, code TEXT, person_id BIGINT, name TEXT, home_region BIGINT, region_key "
        "BIGINT, modules TEXT, dates TEXT, max_sessions_per_day INTEGER, active BOOLEAN) "
        "ON COMMIT DROP",
        "COPY facilitators_in(code, person_id, name, home_region, region_key, modules, dates, "
        "max_sessions_per_day, active) FROM STDIN",
        data,
        "INSERT INTO facilitators(code, person_id, name, home_region, region_key, modules, "
        "dates, max_sessions_per_day, active) SELECT code, person_id, name, home_region, "
        "region_key, modules, dates, max_sessions_per_day, active FROM facilitators_in ORDER BY "
        "seq ON CONFLICT(code) DO UPDATE SET person_id = excluded.person_id, name = "
        "excluded.name, home_region = excluded.home_region, region_key = excluded.region_key, "
        "modules = excluded.modules, dates = excluded.dates, max_sessions_per_day = "
        "excluded.max_sessions_per_day, active = excluded.active RETURNING (xmax = 0)");
  }

  StatusOr<std::vector<plan::Venue>> ListVenues(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(10);
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kVenueCols,
                                       " FROM venues WHERE region_key BETWEEN $1 AND $2 ORDER BY "
                                       "id"),
                                {Param::Int(lo), Param::Int(hi)}));
    std::vector<plan::Venue> out;
    for (int i = 0; i < r.rows(); ++i) {
      ASSIGN_OR_RETURN(auto v, ReadVenue(r, i));
      out.push_back(std::move(v));
    }
    return out;
  }

  StatusOr<std::vector<plan::Facilitator>> ListFacilitators(const Scope& scope) override {
    const auto [lo, hi] = scope.RangeFor(10);
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kFacCols,
                                       " FROM facilitators WHERE region_key BETWEEN $1 AND $2 "
                                       "ORDER BY id"),
                                {Param::Int(lo), Param::Int(hi)}));
    std::vector<plan::Facilitator> out;
    for (int i = 0; i < r.rows(); ++i) {
      ASSIGN_OR_RETURN(auto f, ReadFacilitator(r, i));
      out.push_back(std::move(f));
    }
    return out;
  }

  StatusOr<std::optional<plan::Venue>> FindVenueByCode(std::string_view code) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kVenueCols, " FROM venues WHERE code = $1"),
                                {Param::Text(code)}));
    if (r.rows() == 0) return std::optional<plan::Venue>();
    ASSIGN_OR_RETURN(auto v, ReadVenue(r, 0));
    return std::optional<plan::Venue>(std::move(v));
  }

  StatusOr<std::optional<plan::Facilitator>> FindFacilitatorByCode(std::string_view code) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec(StrCat("SELECT ", kFacCols, " FROM facilitators WHERE code = $1"),
                                {Param::Text(code)}));
    if (r.rows() == 0) return std::optional<plan::Facilitator>();
    ASSIGN_OR_RETURN(auto f, ReadFacilitator(r, 0));
    return std::optional<plan::Facilitator>(std::move(f));
  }

  Status SetVenueActive(std::string_view code, bool active) override {
    return SetActive("venues", "venue", code, active);
  }
  Status SetFacilitatorActive(std::string_view code, bool active) override {
    return SetActive("facilitators", "facilitator", code, active);
  }

  // The plan row, then its batches, sessions and crews through COPY (a national plan has a
  // crew row per TPS, 820,161), all in one transaction.
  StatusOr<int64_t> SavePlan(const PlanRow& p, const std::vector<plan::Batch>& batches) override {
    int64_t id = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      ASSIGN_OR_RETURN(
          Result r,
          conn_.Exec("INSERT INTO plans(scope, date_from, date_to, curriculum, curriculum_version, "
                     "created_at, result) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     {Param::Int(p.scope.code), Param::Text(FormatIsoDate(p.from)),
                      Param::Text(FormatIsoDate(p.to)), Param::Text(p.curriculum),
                      Param::Int(p.curriculum_version), Param::Int(NowOr(p.created_unix)),
                      Param::Text(p.result_json)}));
      id = r.Int(0, 0);
      std::string b, se, cr;
      for (const auto& x : batches) {
        CopyInt(b, id);
        CopyInt(b, x.id);
        CopyInt(b, x.venue);
        pg::CopyText(b, FormatIsoDate(x.date));
        CopyInt(b, static_cast<int>(x.zone));
        CopyInt(b, x.start_min);
        CopyInt(b, x.end_min);
        CopyInt(b, x.kecamatan);
        pg::CopyText(b, x.fallback ? "t" : "f");
        CopyInt(b, x.people);
        b.push_back('\n');
        for (size_t i = 0; i < x.sessions.size(); ++i) {
          const auto& s = x.sessions[i];
          CopyInt(se, id);
          CopyInt(se, x.id);
          CopyInt(se, static_cast<int64_t>(i));
          pg::CopyText(se, s.module);
          CopyInt(se, s.start_min);
          CopyInt(se, s.end_min);
          CopyInt(se, s.facilitator);
          se.push_back('\n');
        }
        for (TpsCode t : x.crews) {
          CopyInt(cr, id);
          CopyInt(cr, x.id);
          CopyInt(cr, t);
          cr.push_back('\n');
        }
      }
      if (!b.empty()) {
        RETURN_IF_ERROR(
            conn_.CopyIn("COPY batches(plan_id, id, venue, date, zone, start_min, "
                         "end_min, kecamatan, fallback, people) FROM STDIN",
                         b));
      }
      if (!se.empty()) {
        RETURN_IF_ERROR(
            conn_.CopyIn("COPY batch_sessions(plan_id, batch_id, seq, module, "
                         "start_min, end_min, facilitator) FROM STDIN",
                         se));
      }
      if (!cr.empty()) {
        RETURN_IF_ERROR(conn_.CopyIn("COPY batch_crews(plan_id, batch_id, tps) FROM STDIN", cr));
      }
      return absl::OkStatus();
    }));
    return id;
  }

  StatusOr<std::optional<PlanRow>> LatestPlan(const Scope& scope) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT id, scope, date_from, date_to, curriculum, "
                                          "curriculum_version, created_at, result FROM plans "
                                          "WHERE scope = $1 ORDER BY id DESC LIMIT 1",
                                          {Param::Int(scope.code)}));
    if (r.rows() == 0) return std::optional<PlanRow>();
    PlanRow p;
    p.id = r.Int(0, 0);
    p.scope = r.Int(0, 1) == 0 ? Scope::National() : Scope::Of(r.Int(0, 1));
    p.from = ParseIsoDate(r.Text(0, 2)).value_or(Date{});
    p.to = ParseIsoDate(r.Text(0, 3)).value_or(Date{});
    p.curriculum = std::string(r.Text(0, 4));
    p.curriculum_version = static_cast<int>(r.Int(0, 5));
    p.created_unix = r.Int(0, 6);
    p.result_json = std::string(r.Text(0, 7));
    return std::optional<PlanRow>(std::move(p));
  }

  // Publication: the table of migration 10 (helper "planui"); publishing again keeps the first.
  Status PublishPlan(int64_t plan_id, int64_t at_unix, int64_t by_user) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec("SELECT 1 FROM plans WHERE id = $1", {Param::Int(plan_id)}));
    if (r.rows() == 0) return absl::NotFoundError(StrCat("plan ", plan_id));
    return conn_
        .Exec(
            "INSERT INTO plan_publications(plan_id, published_at, published_by) "
            "VALUES($1, $2, $3) ON CONFLICT(plan_id) DO NOTHING",
            {Param::Int(plan_id), Param::Int(at_unix), Param::Int(by_user)})
        .status();
  }

  StatusOr<std::optional<int64_t>> PlanPublishedAt(int64_t plan_id) override {
    ASSIGN_OR_RETURN(Result r,
                     conn_.Exec("SELECT published_at FROM plan_publications WHERE plan_id = $1",
                                {Param::Int(plan_id)}));
    if (r.rows() == 0) return std::optional<int64_t>();
    return std::optional<int64_t>(r.Int(0, 0));
  }

  StatusOr<std::vector<plan::Batch>> PlanBatches(int64_t plan_id) override {
    std::vector<plan::Batch> out;
    std::map<int64_t, size_t> index;
    ASSIGN_OR_RETURN(Result b, conn_.Exec("SELECT id, venue, date, zone, start_min, end_min, "
                                          "kecamatan, fallback, people FROM batches "
                                          "WHERE plan_id = $1 ORDER BY id",
                                          {Param::Int(plan_id)}));
    for (int i = 0; i < b.rows(); ++i) {
      plan::Batch x;
      x.id = b.Int(i, 0);
      x.venue = b.Int(i, 1);
      x.date = ParseIsoDate(b.Text(i, 2)).value_or(Date{});
      x.zone = static_cast<TimeZone>(b.Int(i, 3));
      x.start_min = static_cast<int>(b.Int(i, 4));
      x.end_min = static_cast<int>(b.Int(i, 5));
      x.kecamatan = b.Int(i, 6);
      x.fallback = pg::ReadBool(b, i, 7);
      x.people = static_cast<int>(b.Int(i, 8));
      index[x.id] = out.size();
      out.push_back(std::move(x));
    }
    ASSIGN_OR_RETURN(Result se, conn_.Exec("SELECT batch_id, module, start_min, end_min, "
                                           "facilitator FROM batch_sessions WHERE plan_id = $1 "
                                           "ORDER BY batch_id, seq",
                                           {Param::Int(plan_id)}));
    for (int i = 0; i < se.rows(); ++i) {
      const auto it = index.find(se.Int(i, 0));
      if (it == index.end()) continue;
      out[it->second].sessions.push_back(
          plan::Session{std::string(se.Text(i, 1)), static_cast<int>(se.Int(i, 2)),
                        static_cast<int>(se.Int(i, 3)), se.Int(i, 4)});
    }
    RETURN_IF_ERROR(pg::Stream(conn_,
                               StrCat("SELECT batch_id, tps FROM batch_crews WHERE plan_id = ",
                                      plan_id, " ORDER BY batch_id, tps"),
                               [&](const Result& r, int i) -> Status {
                                 const auto it = index.find(r.Int(i, 0));
                                 if (it != index.end())
                                   out[it->second].crews.push_back(r.Int(i, 1));
                                 return absl::OkStatus();
                               }));
    return out;
  }

 private:
  // Runs create (a temp table ON COMMIT DROP), COPY of `data`, and `merge` (an INSERT ...
  // RETURNING (xmax = 0)) in one transaction; returns how many rows were new.
  StatusOr<int64_t> Merge(std::string_view create, std::string_view copy, const std::string& data,
                          std::string_view merge) {
    int64_t fresh = 0;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      fresh = 0;
      RETURN_IF_ERROR(conn_.Script(create));
      if (data.empty()) return absl::OkStatus();
      RETURN_IF_ERROR(conn_.CopyIn(copy, data));
      ASSIGN_OR_RETURN(Result r, conn_.Exec(merge));
      for (int i = 0; i < r.rows(); ++i) fresh += pg::ReadBool(r, i, 0) ? 1 : 0;
      return absl::OkStatus();
    }));
    return fresh;
  }

  Status SetActive(std::string_view table, std::string_view what, std::string_view code,
                   bool active) {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(StrCat("UPDATE ", table,
                                                 " SET active = $1 WHERE code = $2 "
                                                 "RETURNING id"),
                                          {pg::Bool(active), Param::Text(code)}));
    if (r.rows() == 0) return absl::NotFoundError(StrCat(what, " ", code, " does not exist"));
    return absl::OkStatus();
  }

  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<PlanningStore>> OpenPostgresPlanning(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, pg::ConnectFor(url, kPlanningSchema, "planning tables"));
  return std::unique_ptr<PlanningStore>(std::make_unique<PgPlanning>(std::move(conn)));
}

}  // namespace bimtek::store
