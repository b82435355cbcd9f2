#include "service/invitations.h"

#include <algorithm>

#include "base/strings.h"
#include "core/person.h"
#include "fmt/format.h"

namespace bimtek::service {

namespace {

// "KOTA BOGOR" -> "Kota Bogor" (region names are stored in capitals).
std::string TitleCase(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter) {
      if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!start && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    start = !letter && c != '\'';
  }
  return out;
}

std::string RegionTitle(const Reference& ref, RegionCode code) {
  const Region* r = ref.regions.Find(code);
  if (r == nullptr) return FormatRegionCode(code);
  std::string kind;
  switch (r->kind) {
    case RegionKind::kKelurahan:
      kind = "Kelurahan ";
      break;
    case RegionKind::kDesa:
    case RegionKind::kDesaAdat:
      kind = "Desa ";
      break;
    case RegionKind::kKecamatan:
      kind = "Kecamatan ";
      break;
    default:
      break;
  }
  const std::string name = TitleCase(r->name);
  // Kabupaten/kota names carry their kind already ("KOTA BOGOR").
  return name.starts_with(kind) ? name : StrCat(kind, name);
}

bool BatchTouches(const store::UserRow& user, const plan::Batch& b) {
  if (CanSee(user, b.kecamatan)) return true;
  return std::any_of(b.crews.begin(), b.crews.end(), [&](TpsCode t) { return CanSee(user, t); });
}

// Whole documents need the plan of a kabupaten/kota or smaller: the office is the one of its
// kabupaten/kota.
RegionCode KabKotaOf(const Scope& scope, const plan::Batch& b) {
  if (!scope.national() && scope.level() != RegionLevel::kProvince) {
    return AncestorAt(scope.code, RegionLevel::kKabKota);
  }
  return AncestorAt(b.kecamatan, RegionLevel::kKabKota);
}

render::Office OfficeOf(const Reference& ref, RegionCode kabkota) {
  render::Office o;
  const Region* r = ref.regions.Find(kabkota);
  const std::string name = r != nullptr ? r->name : FormatRegionCode(kabkota);
  o.name = StrCat("KOMISI PEMILIHAN UMUM ", name);
  o.place = TitleCase(name);
  o.signer_title = StrCat("Ketua KPU ", o.place);
  return o;
}

}  // namespace

bool IsPlanner(const store::UserRow& user) {
  return user.active && (user.role == UserRole::kNationalAdmin ||
                         user.role == UserRole::kProvince || user.role == UserRole::kKabKota);
}

bool CanSeeBatch(const store::UserRow& user, const plan::Batch& b) {
  if (!user.active || user.role == UserRole::kParticipant) return false;
  if (IsPlanner(user)) return CanSee(user, b.kecamatan);
  return BatchTouches(user, b);
}

Scope PlanScopeOf(const store::UserRow& user) {
  const Scope s = ScopeOf(user);
  if (IsPlanner(user) || s.national()) return s;
  if (s.level() == RegionLevel::kProvince) return s;
  return Scope::Of(AncestorAt(s.code, RegionLevel::kKabKota));
}

StatusOr<std::optional<VisiblePlan>> LoadVisiblePlan(Registry& reg, store::PlanningStore& ps,
                                                     const Scope& scope,
                                                     const store::UserRow* user) {
  const bool whole = user == nullptr || (IsPlanner(*user) && CanSee(*user, scope));
  // A facilitator also sees, beyond their region, the batches they teach (IsFacilitatorAccount).
  const bool near = user != nullptr && (CanSee(*user, scope) || scope.Contains(user->scope));
  const bool facilitator = user != nullptr && user->role == UserRole::kFacilitator;
  const auto denied = [&] {
    return absl::PermissionDeniedError(
        StrCat("user ", user->username, " may not see the plans of ", scope.ToString()));
  };
  if (!whole) {
    // A PPK, PPS or facilitator reads the plan of the kabupaten/kota around their own scope.
    if (user->role == UserRole::kParticipant || !user->active || (!near && !facilitator)) {
      return denied();
    }
  }
  ASSIGN_OR_RETURN(auto loaded, LoadPlan(reg, ps, scope, nullptr));
  if (!loaded) return std::optional<VisiblePlan>();
  VisiblePlan v;
  v.plan = std::move(*loaded);
  auto published = ps.PlanPublishedAt(v.plan.plan_id);
  if (published.ok()) {
    v.published_unix = *published;
  } else if (!absl::IsUnimplemented(published.status())) {
    return published.status();
  }
  if (!whole) {
    if (!v.published_unix) return std::optional<VisiblePlan>();
    auto& batches = v.plan.plan.batches;
    batches.erase(std::remove_if(batches.begin(), batches.end(),
                                 [&](const plan::Batch& b) {
                                   return !((near && CanSeeBatch(*user, b)) ||
                                            TeachesBatch(*user, v.plan, b));
                                 }),
                  batches.end());
    if (!near && batches.empty()) return denied();
    v.plan.plan.unplaced.clear();
    v.plan.plan.moved.clear();
  }
  return std::optional<VisiblePlan>(std::move(v));
}

bool TeachesBatch(const store::UserRow& user, const PlanOutcome& plan, const plan::Batch& b) {
  for (const plan::Session& session : b.sessions) {
    auto f = plan.facilitators.find(session.facilitator);
    if (f != plan.facilitators.end() && IsFacilitatorAccount(user, f->second)) return true;
  }
  return false;
}

std::string BatchDocumentId(const Scope& scope, int64_t batch_id) {
  return StrCat(scope.ToString(), "-K", batch_id);
}

namespace {

StatusOr<render::Batch> Document(Registry& reg, Auth& auth, const PlanOutcome& o,
                                 const plan::Batch& b, const store::UserRow* user,
                                 const LetterOptions& options) {
  render::Batch d;
  d.id = BatchDocumentId(o.scope, b.id);
  if (!o.curriculum.title.empty() && o.curriculum.title.size() <= 100) {
    d.title = o.curriculum.title;
  }
  const RegionCode kabkota = KabKotaOf(o.scope, b);
  d.office = OfficeOf(reg.ref, kabkota);
  d.office.signer_name = options.signer_name;
  d.letter_number = StrCat(b.id, "/PP.05-Und/", kabkota, "/", b.date.year);
  d.letter_date = options.letter_date.value_or(CivilFromDays(DaysFromCivil(b.date) - 5));
  d.date = b.date;
  d.zone = b.zone;
  d.start = b.start_min;
  d.end = b.end_min;
  if (auto it = o.venues.find(b.venue); it != o.venues.end()) {
    d.venue_name = it->second.name;
    d.venue_address = it->second.address;
  } else {
    d.venue_name = StrCat("#", b.venue);
  }
  for (const plan::Session& s : b.sessions) {
    if (d.agenda.size() >= static_cast<size_t>(render::kMaxAgenda)) break;
    const plan::Module* m = o.curriculum.Find(s.module);
    // The letter's agenda is one line per module: the title up to its first colon.
    std::string title = m != nullptr ? m->title : s.module;
    if (const size_t colon = title.find(':'); colon != std::string::npos) title.resize(colon);
    d.agenda.push_back({s.start_min, s.end_min, s.module, std::move(title)});
  }
  d.bring = {"Kartu Tanda Penduduk (KTP) asli", "Surat undangan ini (kode akses dan kode QR)",
             "Alat tulis", "Telepon genggam (untuk tes dan latihan)"};
  for (TpsCode tps : b.crews) {
    ASSIGN_OR_RETURN(auto people, reg.store.PeopleAt(Role::kKpps, tps));
    std::sort(people.begin(), people.end(),
              [](const store::PersonRow& a, const store::PersonRow& c) {
                return a.position < c.position;
              });
    const size_t before = d.participants.size();
    for (const store::PersonRow& p : people) {
      if (!p.active) continue;
      ASSIGN_OR_RETURN(const Person person, OpenPerson(reg.vault, p));
      render::Participant r;
      r.name = p.name;
      r.position = p.position == 1 ? "Ketua KPPS" : StrCat("Anggota KPPS ", p.position);
      r.tps = fmt::format("TPS {:03d}", NumberOfTps(tps));
      r.desa = RegionTitle(reg.ref, DesaOfTps(tps));
      r.phone = person.phone;
      if (options.with_codes) {
        ASSIGN_OR_RETURN(r.access_code, auth.AccessCodeForPrint(user, p));
      } else {
        r.access_code = "TANPAKODE";  // never printed by the sheet or the .ics
      }
      d.participants.push_back(std::move(r));
    }
    if (d.participants.size() == before) {
      return absl::FailedPreconditionError(
          StrCat("batch ", b.id, ": TPS ", FormatTpsCode(tps), " has no active KPPS member"));
    }
  }
  RETURN_IF_ERROR(render::ValidateBatch(d));
  return d;
}

}  // namespace

StatusOr<render::Batch> BatchDocument(Registry& reg, store::PlanningStore& ps, Auth& auth,
                                      const Scope& scope, int64_t batch_id,
                                      const store::UserRow* user, const LetterOptions& options) {
  ASSIGN_OR_RETURN(auto v, LoadVisiblePlan(reg, ps, scope, user));
  if (!v) return absl::NotFoundError(StrCat("no saved plan of ", scope.ToString()));
  for (const plan::Batch& b : v->plan.plan.batches) {
    if (b.id == batch_id) return Document(reg, auth, v->plan, b, user, options);
  }
  return absl::NotFoundError(StrCat("batch ", batch_id, " of the plan of ", scope.ToString()));
}

StatusOr<std::vector<render::Batch>> PlanDocuments(Registry& reg, store::PlanningStore& ps,
                                                   Auth& auth, const Scope& scope,
                                                   const store::UserRow* user,
                                                   const LetterOptions& options) {
  if (user != nullptr && !(IsPlanner(*user) && CanSee(*user, scope))) {
    return absl::PermissionDeniedError(
        StrCat("user ", user->username, " may not print the invitations of ", scope.ToString()));
  }
  ASSIGN_OR_RETURN(auto v, LoadVisiblePlan(reg, ps, scope, user));
  if (!v) return absl::NotFoundError(StrCat("no saved plan of ", scope.ToString()));
  std::vector<render::Batch> out;
  out.reserve(v->plan.plan.batches.size());
  for (const plan::Batch& b : v->plan.plan.batches) {
    ASSIGN_OR_RETURN(auto d, Document(reg, auth, v->plan, b, user, options));
    out.push_back(std::move(d));
  }
  return out;
}

StatusOr<int64_t> PublishPlan(Registry& reg, store::PlanningStore& ps, Auth& auth,
                              const Scope& scope, const store::UserRow* user, int64_t now_unix) {
  if (user != nullptr && !(IsPlanner(*user) && CanSee(*user, scope))) {
    return absl::PermissionDeniedError(
        StrCat("user ", user->username, " may not publish the plan of ", scope.ToString()));
  }
  ASSIGN_OR_RETURN(auto loaded, LoadPlan(reg, ps, scope, nullptr));
  if (!loaded) return absl::NotFoundError(StrCat("no saved plan of ", scope.ToString()));
  int64_t people = 0;
  for (const plan::Batch& b : loaded->plan.batches) {
    for (TpsCode tps : b.crews) {
      ASSIGN_OR_RETURN(auto rows, reg.store.PeopleAt(Role::kKpps, tps));
      for (const store::PersonRow& p : rows) {
        if (!p.active) continue;
        RETURN_IF_ERROR(auth.AccessCodeForPrint(user, p).status());
        ++people;
      }
    }
  }
  RETURN_IF_ERROR(ps.PublishPlan(loaded->plan_id, now_unix, user != nullptr ? user->id : 0));
  return people;
}

}  // namespace bimtek::service
