#include "service/planning.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "assets/assets.h"
#include "base/strings.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"

namespace bimtek::service {

namespace {

using json = nlohmann::ordered_json;

Status CheckEditor(const store::UserRow* user) {
  if (user == nullptr) return absl::OkStatus();
  if (user->active && (user->role == UserRole::kNationalAdmin ||
                       user->role == UserRole::kProvince || user->role == UserRole::kKabKota)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      StrCat("user ", user->username, " may not edit the curriculum"));
}

std::string ProblemList(const std::vector<Problem>& ps) {
  std::string out;
  for (const auto& p : ps) {
    if (!out.empty()) out += "; ";
    out += StrCat(p.field, ": ", Describe(p, Lang::kEn));
  }
  return out;
}

std::string LocalIso(const Date& d, int minutes, TimeZone tz) {
  return fmt::format("{}T{}:00+{:02}:00", FormatIsoDate(d), plan::FormatClock(minutes),
                     static_cast<int>(tz));
}

}  // namespace

// --- Curriculum ---------------------------------------------------------------------------------

StatusOr<plan::Curriculum> CurriculumFromJson(std::string_view text) {
  plan::Curriculum c;
  try {
    const auto j = nlohmann::json::parse(text);
    if (!j.is_object()) return absl::InvalidArgumentError("a curriculum is a JSON object");
    c.name = j.at("name").get<std::string>();
    c.title = j.value("title", c.name);
    c.version = j.value("version", 0);
    c.note = j.value("note", "");
    for (const auto& m : j.at("modules")) {
      plan::Module mod;
      mod.id = m.at("id").get<std::string>();
      mod.title = m.at("title").get<std::string>();
      const std::string method = m.at("method").get<std::string>();
      const auto parsed = plan::ParseMethod(method);
      if (!parsed) {
        return absl::InvalidArgumentError(
            StrCat("module ", mod.id, ": method '", method,
                   "' is not lecture, discussion, simulation or practice"));
      }
      mod.method = *parsed;
      mod.minutes = m.at("minutes").get<int>();
      mod.objectives = m.value("objectives", std::vector<std::string>{});
      for (const auto& mat : m.value("materials", nlohmann::json::array())) {
        mod.materials.push_back(
            plan::Material{mat.at("title").get<std::string>(), mat.value("url", "")});
      }
      mod.tags = m.value("tags", std::vector<std::string>{});
      c.modules.push_back(std::move(mod));
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(StrCat("curriculum JSON: ", e.what()));
  }
  const auto problems = plan::ValidateCurriculum(c);
  if (!problems.empty()) {
    return absl::InvalidArgumentError(StrCat("curriculum: ", ProblemList(problems)));
  }
  return c;
}

std::string CurriculumToJson(const plan::Curriculum& c) {
  json j;
  j["name"] = c.name;
  j["title"] = c.title;
  if (c.version > 0) j["version"] = c.version;
  j["note"] = c.note;
  j["modules"] = json::array();
  for (const auto& m : c.modules) {
    json mj;
    mj["id"] = m.id;
    mj["title"] = m.title;
    mj["method"] = plan::MethodName(m.method);
    mj["minutes"] = m.minutes;
    mj["objectives"] = m.objectives;
    mj["materials"] = json::array();
    for (const auto& mat : m.materials)
      mj["materials"].push_back({{"title", mat.title}, {"url", mat.url}});
    mj["tags"] = m.tags;
    j["modules"].push_back(std::move(mj));
  }
  return j.dump(2);
}

StatusOr<plan::Curriculum> DefaultCurriculum() {
  auto c = CurriculumFromJson(assets::Curriculum2024Json());
  if (!c.ok()) {
    return absl::InternalError(StrCat("data/curriculum-2024.json: ", c.status().message()));
  }
  return c;
}

StatusOr<plan::Curriculum> CurrentCurriculum(store::PlanningStore& ps) {
  ASSIGN_OR_RETURN(plan::Curriculum def, DefaultCurriculum());
  ASSIGN_OR_RETURN(auto row, ps.FindCurriculum(def.name));
  if (!row) {
    ASSIGN_OR_RETURN(int v, ps.AddCurriculumVersion(store::CurriculumVersionRow{
                                def.name, 0, CurriculumToJson(def), "default 2024", 0}));
    def.version = v;
    return def;
  }
  ASSIGN_OR_RETURN(plan::Curriculum c, CurriculumFromJson(row->content_json));
  c.version = row->version;
  return c;
}

StatusOr<int> SaveCurriculumVersion(store::PlanningStore& ps, const store::UserRow* user,
                                    const plan::Curriculum& c, std::string_view note) {
  RETURN_IF_ERROR(CheckEditor(user));
  const auto problems = plan::ValidateCurriculum(c);
  if (!problems.empty()) {
    return absl::InvalidArgumentError(StrCat("curriculum: ", ProblemList(problems)));
  }
  plan::Curriculum copy = c;
  copy.version = 0;
  return ps.AddCurriculumVersion(
      store::CurriculumVersionRow{c.name, 0, CurriculumToJson(copy), std::string(note), 0});
}

// --- Plans
// ----------------------------------------------------------------------------------------

namespace {

// Where the venues and facilitators of a plan come from: the kabupaten/kota of a smaller scope.
Scope ResourceScope(const Scope& s) {
  if (s.national() || s.level() <= RegionLevel::kKabKota) return s;
  return Scope::Of(AncestorAt(s.code, RegionLevel::kKabKota));
}

StatusOr<std::string> ScopeName(const Reference& ref, const Scope& scope) {
  if (scope.national()) return std::string("Indonesia");
  const Region* r = ref.regions.Find(scope.code);
  if (r == nullptr)
    return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
  return r->name;
}

void FillUsed(PlanOutcome& o, const std::vector<plan::Venue>& venues,
              const std::vector<plan::Facilitator>& facs) {
  std::set<int64_t> v, f;
  for (const auto& b : o.plan.batches) {
    v.insert(b.venue);
    for (const auto& s : b.sessions) f.insert(s.facilitator);
  }
  for (const auto& x : venues) {
    if (v.contains(x.id)) o.venues[x.id] = x;
  }
  for (const auto& x : facs) {
    if (f.contains(x.id)) o.facilitators[x.id] = x;
  }
}

json SummaryJson(const plan::PlanSummary& s) {
  return json{{"batches", s.batches},
              {"lower_bound", s.lower_bound},
              {"gap", s.gap},
              {"slot_bound", s.slot_bound},
              {"crews", s.crews},
              {"placed", s.placed},
              {"unplaced", s.unplaced},
              {"people_placed", s.people_placed},
              {"fallback_batches", s.fallback_batches},
              {"facilitator_days", s.facilitator_days},
              {"travel", s.travel},
              {"kept_batches", s.kept_batches},
              {"moved", s.moved}};
}

// What is saved with a plan besides its batches: the summary, the unplaced and the moved crews
// (message texts are made when shown).
std::string ResultJson(const plan::Plan& p) {
  json j = SummaryJson(p.summary);
  j["unplaced_crews"] = json::array();
  for (const auto& u : p.unplaced) {
    j["unplaced_crews"].push_back({{"tps", u.tps}, {"reason", u.reason}, {"args", u.args}});
  }
  j["moved_crews"] = json::array();
  for (const auto& m : p.moved) {
    j["moved_crews"].push_back({{"tps", m.tps}, {"from", m.from_batch}, {"to", m.to_batch}});
  }
  return j.dump();
}

StatusOr<plan::Plan> ParseResult(std::string_view text, std::vector<plan::Batch> batches) {
  plan::Plan p;
  try {
    const auto j = nlohmann::json::parse(text);
    auto& s = p.summary;
    s.batches = j.at("batches");
    s.lower_bound = j.at("lower_bound");
    s.gap = j.at("gap");
    s.slot_bound = j.value("slot_bound", int64_t{0});  // plans saved before it was added: 0
    s.crews = j.at("crews");
    s.placed = j.at("placed");
    s.unplaced = j.at("unplaced");
    s.people_placed = j.at("people_placed");
    s.fallback_batches = j.at("fallback_batches");
    s.facilitator_days = j.at("facilitator_days");
    s.travel = j.at("travel");
    s.kept_batches = j.at("kept_batches");
    s.moved = j.at("moved");
    for (const auto& u : j.at("unplaced_crews")) {
      p.unplaced.push_back(plan::Unplaced{
          u.at("tps").get<int64_t>(),
          AncestorAt(DesaOfTps(u.at("tps").get<int64_t>()), RegionLevel::kKecamatan),
          u.at("reason").get<std::string>(), u.at("args").get<std::vector<std::string>>()});
    }
    for (const auto& m : j.at("moved_crews")) {
      p.moved.push_back(plan::Move{m.at("tps").get<int64_t>(), m.at("from").get<int64_t>(),
                                   m.at("to").get<int64_t>()});
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::InternalError(StrCat("stored plan result: ", e.what()));
  }
  p.batches = std::move(batches);
  return p;
}

}  // namespace

StatusOr<PlanOutcome> RunPlan(Registry& reg, store::PlanningStore& ps, const PlanRequest& req,
                              const store::UserRow* user) {
  if (user != nullptr) RETURN_IF_ERROR(CheckScope(*user, req.scope));
  PlanOutcome o;
  o.scope = req.scope;
  ASSIGN_OR_RETURN(o.scope_name, ScopeName(reg.ref, req.scope));
  o.from = req.from;
  o.to = req.to;
  ASSIGN_OR_RETURN(o.curriculum, CurrentCurriculum(ps));

  plan::PlanInput in;
  in.from = req.from;
  in.to = req.to;
  for (const auto& m : o.curriculum.modules) in.agenda.push_back({m.id, m.minutes});
  const int seats = reg.ref.rules.kpps_per_tps;
  RETURN_IF_ERROR(reg.store.ForEachTps(req.scope, [&](const store::TpsRow& t) {
    in.crews.push_back(plan::Crew{t.code, seats});
    return absl::OkStatus();
  }));
  if (in.crews.empty()) {
    return absl::FailedPreconditionError(StrCat(
        "the scope ", req.scope.ToString(), " has no TPS to plan; import or generate them first"));
  }
  const Scope rs = ResourceScope(req.scope);
  ASSIGN_OR_RETURN(in.venues, ps.ListVenues(rs));
  ASSIGN_OR_RETURN(in.facilitators, ps.ListFacilitators(rs));
  for (const auto& v : in.venues) {
    const RegionCode prov = AncestorAt(v.region, RegionLevel::kProvince);
    if (auto tz = reg.ref.regions.TimeZoneOf(prov)) in.zones[prov] = *tz;
  }
  if (!req.fresh) {
    ASSIGN_OR_RETURN(auto prev, ps.LatestPlan(req.scope));
    if (prev) {
      ASSIGN_OR_RETURN(in.previous, ps.PlanBatches(prev->id));
      o.replanned = true;
    }
  }
  ASSIGN_OR_RETURN(o.plan, plan::MakePlan(in));
  FillUsed(o, in.venues, in.facilitators);
  o.created_unix = static_cast<int64_t>(std::time(nullptr));
  if (!req.dry_run) {
    store::PlanRow row;
    row.scope = req.scope;
    row.from = req.from;
    row.to = req.to;
    row.curriculum = o.curriculum.name;
    row.curriculum_version = o.curriculum.version;
    row.created_unix = o.created_unix;
    row.result_json = ResultJson(o.plan);
    ASSIGN_OR_RETURN(o.plan_id, ps.SavePlan(row, o.plan.batches));
  }
  return o;
}

StatusOr<std::optional<PlanOutcome>> LoadPlan(Registry& reg, store::PlanningStore& ps,
                                              const Scope& scope, const store::UserRow* user) {
  if (user != nullptr) RETURN_IF_ERROR(CheckScope(*user, scope));
  PlanOutcome o;
  o.scope = scope;
  ASSIGN_OR_RETURN(o.scope_name, ScopeName(reg.ref, scope));
  ASSIGN_OR_RETURN(auto row, ps.LatestPlan(scope));
  if (!row) return std::optional<PlanOutcome>();
  o.plan_id = row->id;
  o.from = row->from;
  o.to = row->to;
  o.created_unix = row->created_unix;
  ASSIGN_OR_RETURN(auto cur, ps.FindCurriculum(row->curriculum, row->curriculum_version));
  if (cur) {
    ASSIGN_OR_RETURN(o.curriculum, CurriculumFromJson(cur->content_json));
    o.curriculum.version = cur->version;
  } else {
    o.curriculum.name = row->curriculum;
    o.curriculum.version = row->curriculum_version;
  }
  ASSIGN_OR_RETURN(auto batches, ps.PlanBatches(row->id));
  ASSIGN_OR_RETURN(o.plan, ParseResult(row->result_json, std::move(batches)));
  const Scope rs = ResourceScope(scope);
  ASSIGN_OR_RETURN(auto venues, ps.ListVenues(rs));
  ASSIGN_OR_RETURN(auto facs, ps.ListFacilitators(rs));
  FillUsed(o, venues, facs);
  return std::optional<PlanOutcome>(std::move(o));
}

std::string PlanJson(const PlanOutcome& o, const Reference& ref, Lang lang) {
  json j;
  j["scope"] = o.scope.ToString();
  j["scope_name"] = o.scope_name;
  j["from"] = FormatIsoDate(o.from);
  j["to"] = FormatIsoDate(o.to);
  j["curriculum"] = {{"name", o.curriculum.name}, {"version", o.curriculum.version}};
  j["plan_id"] = o.plan_id;
  j["saved"] = o.plan_id != 0;
  j["replanned"] = o.replanned;
  const plan::PlanSummary& sum = o.plan.summary;
  j["batches"] = sum.batches;
  j["lower_bound"] = sum.lower_bound;
  j["gap"] = sum.gap;
  j["slot_bound"] = sum.slot_bound;
  j["crews"] = sum.crews;
  j["placed"] = sum.placed;
  j["unplaced"] = sum.unplaced;
  j["people_placed"] = sum.people_placed;
  j["fallback_batches"] = sum.fallback_batches;
  j["facilitator_days"] = sum.facilitator_days;
  j["travel"] = sum.travel;
  j["kept_batches"] = sum.kept_batches;
  j["moved"] = sum.moved;
  j["unplaced_crews"] = json::array();
  for (const auto& u : o.plan.unplaced) {
    j["unplaced_crews"].push_back({{"tps", FormatTpsCode(u.tps)},
                                   {"kecamatan", FormatRegionCode(u.kecamatan)},
                                   {"reason", u.reason},
                                   {"message", DescribeCode(u.reason, u.args, lang)}});
  }
  j["moved_crews"] = json::array();
  for (const auto& m : o.plan.moved) {
    j["moved_crews"].push_back(
        {{"tps", FormatTpsCode(m.tps)}, {"from_batch", m.from_batch}, {"to_batch", m.to_batch}});
  }
  j["batch_list"] = json::array();
  for (const auto& b : o.plan.batches) {
    json bj;
    bj["id"] = b.id;
    bj["date"] = FormatIsoDate(b.date);
    bj["zone"] = TimeZoneName(b.zone);
    bj["start"] = plan::FormatClock(b.start_min);
    bj["end"] = plan::FormatClock(b.end_min);
    bj["start_local"] = LocalIso(b.date, b.start_min, b.zone);
    bj["end_local"] = LocalIso(b.date, b.end_min, b.zone);
    const auto v = o.venues.find(b.venue);
    if (v != o.venues.end()) {
      bj["venue"] = {{"code", v->second.code},
                     {"name", v->second.name},
                     {"address", v->second.address},
                     {"region", FormatRegionCode(v->second.region)},
                     {"capacity", v->second.capacity}};
    } else {
      bj["venue"] = {{"id", b.venue}};
    }
    const Region* kec = ref.regions.Find(b.kecamatan);
    bj["kecamatan"] = FormatRegionCode(b.kecamatan);
    bj["kecamatan_name"] = kec != nullptr ? kec->name : "";
    bj["fallback"] = b.fallback;
    bj["people"] = b.people;
    bj["crews"] = json::array();
    for (TpsCode t : b.crews) bj["crews"].push_back(FormatTpsCode(t));
    bj["sessions"] = json::array();
    for (const auto& s : b.sessions) {
      json sj;
      sj["module"] = s.module;
      if (const auto* m = o.curriculum.Find(s.module)) sj["title"] = m->title;
      sj["start"] = plan::FormatClock(s.start_min);
      sj["end"] = plan::FormatClock(s.end_min);
      const auto f = o.facilitators.find(s.facilitator);
      if (f != o.facilitators.end()) {
        sj["facilitator"] = {{"code", f->second.code}, {"name", f->second.name}};
      } else {
        sj["facilitator"] = {{"id", s.facilitator}};
      }
      bj["sessions"].push_back(std::move(sj));
    }
    j["batch_list"].push_back(std::move(bj));
  }
  return j.dump();
}

bool IsFacilitatorAccount(const store::UserRow& user, const plan::Facilitator& f) {
  if (!user.active || user.role != store::UserRole::kFacilitator) return false;
  if (ToLowerAscii(user.username) == ToLowerAscii(f.code)) return true;
  return user.person_id != 0 && f.person_id == user.person_id;
}

}  // namespace bimtek::service
