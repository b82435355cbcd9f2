#include "service/people.h"

#include <ctime>

#include "base/strings.h"
#include "nlohmann/json.hpp"
#include "store/name_tokens.h"

namespace bimtek::service {

namespace {

constexpr int kMaxPerPage = 200;
constexpr int kMaxPage = 1000000;
constexpr size_t kMaxQuery = 100;
constexpr size_t kMaxWords = 5;

// Where a person belongs: their TPS, else their work region.
int64_t PlaceOf(const store::PersonRow& p) { return p.tps != 0 ? p.tps : p.work_region; }

StatusOr<PersonView> ViewOf(const Registry& reg, const store::PersonRow& row) {
  ASSIGN_OR_RETURN(const Person p, OpenPerson(reg.vault, row));
  PersonView v;
  v.id = row.id;
  v.name = row.name;
  v.role = row.role;
  v.position = row.position;
  v.tps = row.tps;
  v.region = row.work_region;
  v.home_region = row.home_region;
  v.sex = row.sex;
  v.education = row.education;
  v.nik = MaskNik(p.nik);
  v.phone = p.phone.empty() ? "" : MaskPhone(p.phone);
  v.birth_date = p.birth_date.year > 0 ? StrCat(p.birth_date.year, "-**-**") : "";
  v.active = row.active;
  return v;
}

Status PersonPermission(const store::UserRow& user, const store::PersonRow& p) {
  if (!CanSee(user, PlaceOf(p))) {
    return absl::PermissionDeniedError(
        StrCat("user ", user.username, " may not see person ", p.id, " (",
               p.tps != 0 ? StrCat("TPS ", FormatTpsCode(p.tps)) : FormatRegionCode(p.work_region),
               ")"));
  }
  return absl::OkStatus();
}

}  // namespace

const char* RoleKey(Role r) {
  switch (r) {
    case Role::kKpps:
      return "kpps";
    case Role::kLinmas:
      return "linmas";
    case Role::kPps:
      return "pps";
    case Role::kPpk:
      return "ppk";
    case Role::kFasilitator:
      return "facilitator";
  }
  return "kpps";
}

std::optional<Role> ParseRoleKey(std::string_view s) {
  for (Role r : {Role::kKpps, Role::kLinmas, Role::kPps, Role::kPpk, Role::kFasilitator}) {
    if (s == RoleKey(r)) return r;
  }
  return std::nullopt;
}

bool LooksLikeNik(std::string_view q) {
  if (q.size() != 16) return false;
  for (char c : q) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool MayEditRegistry(const store::UserRow& user) {
  switch (user.role) {
    case UserRole::kNationalAdmin:
    case UserRole::kProvince:
    case UserRole::kKabKota:
    case UserRole::kPpk:
    case UserRole::kPps:
      return user.active;
    case UserRole::kFacilitator:
    case UserRole::kParticipant:
      return false;
  }
  return false;
}

StatusOr<ResolvedSearch> ResolvePeopleSearch(const Registry& reg, const store::UserRow& user,
                                             const PeopleSearch& s) {
  if (s.page < 1 || s.page > kMaxPage) {
    return absl::InvalidArgumentError(StrCat("page must be 1 to ", kMaxPage, ", not ", s.page));
  }
  if (s.per_page < 1 || s.per_page > kMaxPerPage) {
    return absl::InvalidArgumentError(
        StrCat("per_page must be 1 to ", kMaxPerPage, ", not ", s.per_page));
  }
  const std::string_view q = Trim(s.q);
  if (q.size() > kMaxQuery) {
    return absl::InvalidArgumentError(
        StrCat("q is ", q.size(), " characters long; at most ", kMaxQuery, " are searched"));
  }
  ResolvedSearch r;
  PeopleResult& out = r.shell;
  out.scope = s.scope.value_or(ScopeOf(user));
  out.page = s.page;
  out.per_page = s.per_page;
  RETURN_IF_ERROR(CheckScope(user, out.scope));
  if (!out.scope.national() && reg.ref.regions.Find(out.scope.code) == nullptr) {
    return absl::NotFoundError(StrCat("region ", out.scope.ToString(), " does not exist"));
  }
  r.scope = out.scope;
  if (s.tps != 0) {
    if (!CanSee(user, s.tps)) {
      return absl::PermissionDeniedError(StrCat("user ", user.username, " may not see TPS ",
                                                FormatTpsCode(s.tps)));
    }
    if (!r.scope.Contains(s.tps)) {
      return absl::InvalidArgumentError(StrCat("tps ", FormatTpsCode(s.tps), " is not in region ",
                                               out.scope.ToString()));
    }
    r.scope = Scope::Of(DesaOfTps(s.tps));
  }
  store::PeopleQuery& query = r.query;
  query.role = s.role;
  query.tps = s.tps;
  query.active = s.active;
  query.limit = s.per_page;
  query.offset = static_cast<int64_t>(s.page - 1) * s.per_page;
  if (LooksLikeNik(q)) {
    r.nik = std::string(q);
    return r;
  }
  if (!q.empty()) {
    query.words = store::NameTokens(q);
    if (query.words.empty()) {
      return absl::InvalidArgumentError(
          StrCat("q \"", q, "\" has no letter or digit to search for"));
    }
    if (query.words.size() > kMaxWords) {
      return absl::InvalidArgumentError(
          StrCat("q has ", query.words.size(), " words; at most ", kMaxWords, " are searched"));
    }
  }
  r.key = StrCat(out.scope.ToString(), "|", s.tps, "|", query.role ? static_cast<int>(*query.role) : -1,
                 "|", query.active ? static_cast<int>(*query.active) : -1, "|", s.page, "|",
                 s.per_page);
  for (const std::string& w : query.words) r.key += StrCat("|", w);
  return r;
}

StatusOr<PeopleResult> RunPeopleSearch(Registry& reg, const ResolvedSearch& r) {
  PeopleResult out = r.shell;
  const store::PeopleQuery& query = r.query;
  if (!r.nik.empty()) {
    // An exact NIK through the blind index: the clear NIK never reaches the store.
    ASSIGN_OR_RETURN(auto found, reg.store.FindPersonByNikIndex(NikIndex(reg.vault, r.nik)));
    if (found && r.scope.Contains(found->work_region) && (!query.role || found->role == *query.role) &&
        (query.tps == 0 || found->tps == query.tps) &&
        (!query.active || found->active == *query.active)) {
      out.total = 1;
      if (out.page == 1) {
        ASSIGN_OR_RETURN(PersonView v, ViewOf(reg, *found));
        out.people.push_back(std::move(v));
      }
    }
    return out;
  }
  ASSIGN_OR_RETURN(store::PeoplePage page, reg.store.SearchPeople(r.scope, query));
  out.total = page.total;
  out.people.reserve(page.people.size());
  for (const store::PersonRow& row : page.people) {
    ASSIGN_OR_RETURN(PersonView v, ViewOf(reg, row));
    out.people.push_back(std::move(v));
  }
  return out;
}

StatusOr<PeopleResult> SearchPeople(Registry& reg, const store::UserRow& user,
                                    const PeopleSearch& s) {
  ASSIGN_OR_RETURN(const ResolvedSearch r, ResolvePeopleSearch(reg, user, s));
  return RunPeopleSearch(reg, r);
}

StatusOr<PersonDetail> GetPerson(Registry& reg, const store::UserRow& user, int64_t id) {
  ASSIGN_OR_RETURN(const auto row, reg.store.FindPerson(id));
  if (!row) return absl::NotFoundError(StrCat("no person with id ", id));
  RETURN_IF_ERROR(PersonPermission(user, *row));
  PersonDetail d;
  ASSIGN_OR_RETURN(d.person, ViewOf(reg, *row));
  if (row->tps != 0) {
    ASSIGN_OR_RETURN(const auto all, reg.store.ListReplacements(Scope::Of(DesaOfTps(row->tps))));
    for (const store::Replacement& r : all) {
      if (r.old_person != id && r.new_person != id) continue;
      HistoryEntry e{r, "", ""};
      ASSIGN_OR_RETURN(const auto o, reg.store.FindPerson(r.old_person));
      ASSIGN_OR_RETURN(const auto n, reg.store.FindPerson(r.new_person));
      if (o) e.old_name = o->name;
      if (n) e.new_name = n->name;
      d.history.push_back(std::move(e));
    }
  }
  d.may_replace = MayEditRegistry(user) && row->active && row->role == Role::kKpps;
  d.may_issue_code = user.active && user.role != UserRole::kParticipant && row->active &&
                     LevelOf(row->tps != 0 ? DesaOfTps(row->tps) : row->work_region) ==
                         RegionLevel::kDesa;
  return d;
}

StatusOr<PawResult> ReplacePerson(Registry& reg, const store::UserRow& user, const Actor& actor,
                                  int64_t id, Person replacement, std::string reason) {
  ASSIGN_OR_RETURN(const auto row, reg.store.FindPerson(id));
  if (!row) return absl::NotFoundError(StrCat("no person with id ", id));
  RETURN_IF_ERROR(PersonPermission(user, *row));
  if (!MayEditRegistry(user)) {
    return absl::PermissionDeniedError(
        StrCat("user ", user.username, " (", RoleName(user.role), ") may not replace KPPS members"));
  }
  if (!row->active || row->role != Role::kKpps) {
    return absl::FailedPreconditionError(
        StrCat("person ", id, " is not an active KPPS member: only they can be replaced"));
  }
  PawRequest req;
  req.tps = row->tps;
  req.position = row->position;
  req.replacement = std::move(replacement);
  req.reason = std::move(reason);
  req.at_unix = static_cast<int64_t>(std::time(nullptr));
  req.actor = actor;
  return ReplaceKpps(reg, std::move(req));
}

StatusOr<std::string> ReissueAccessCode(Registry& reg, Auth& auth, const store::UserRow& user,
                                        const Actor& actor, int64_t id) {
  ASSIGN_OR_RETURN(const auto row, reg.store.FindPerson(id));
  if (!row) return absl::NotFoundError(StrCat("no person with id ", id));
  RETURN_IF_ERROR(PersonPermission(user, *row));
  ASSIGN_OR_RETURN(const Person p, OpenPerson(reg.vault, *row));
  ASSIGN_OR_RETURN(std::string code, auth.IssueAccessCode(user, p.nik));
  nlohmann::ordered_json after;
  after["person_id"] = id;
  after["name"] = row->name;
  after["nik"] = MaskNik(p.nik);
  // The account store has committed; the audit row follows in the registry store.
  RETURN_IF_ERROR(WriteAudit(reg.store, MakeAudit(actor, "user.reissue_code", StrCat("person:", id),
                                                  PlaceOf(*row), "", after.dump())));
  return code;
}

}  // namespace bimtek::service
