// Importing venues and facilitators; cancelling them; demo planning data (service/planning.h).
#include <algorithm>
#include <map>
#include <unordered_map>

#include "base/rng.h"
#include "base/strings.h"
#include "service/auth.h"
#include "service/cell_parse.h"
#include "service/planning.h"

namespace bimtek::service {

namespace {

const io::Cell kNoCell;

// Where each column of a planning layout is, found through a few header spellings.
class PlanHeader {
 public:
  using Aliases = std::vector<std::pair<std::string, std::vector<std::string>>>;

  void Map(const std::vector<io::Cell>& cells, const Aliases& aliases,
           std::vector<RowProblem>& problems) {
    for (size_t i = 0; i < cells.size(); ++i) {
      raw_.push_back(cells[i].text);
      const std::string k = NormalizeKey(cells[i].text);
      for (const auto& [key, names] : aliases) {
        if (std::find(names.begin(), names.end(), k) == names.end()) continue;
        const auto [pos, fresh] = col_.emplace(key, i);
        if (!fresh) {
          problems.push_back(
              {1, Label(i), cells[i].text,
               Problem{key,
                       "file.column_duplicate",
                       {key, StrCat(io::ColumnLetter(pos->second), ", ", io::ColumnLetter(i))}}});
        }
        break;
      }
    }
  }
  bool Has(const std::string& key) const { return col_.contains(key); }
  const io::Cell& Get(const std::vector<io::Cell>& row, const std::string& key) const {
    const auto it = col_.find(key);
    if (it == col_.end() || it->second >= row.size()) return kNoCell;
    return row[it->second];
  }
  std::string LabelOf(const std::string& key) const {
    const auto it = col_.find(key);
    return it == col_.end() ? key : Label(it->second);
  }

 private:
  std::string Label(size_t i) const {
    return StrCat(io::ColumnLetter(i), " (", i < raw_.size() ? raw_[i] : "", ")");
  }
  std::vector<std::string> raw_;
  std::unordered_map<std::string, size_t> col_;
};

const PlanHeader::Aliases& VenueAliases() {
  static const auto* a = new PlanHeader::Aliases{
      {"kode_tempat", {"kodetempat", "kode", "code", "venuecode", "kodelokasi"}},
      {"nama_tempat", {"namatempat", "nama", "name", "tempat", "venue", "lokasi"}},
      {"alamat", {"alamat", "address"}},
      {"wilayah", {"wilayah", "kodewilayah", "region", "kodekecamatan", "kodedesa"}},
      {"kapasitas", {"kapasitas", "capacity", "dayatampung"}},
      {"jam", {"jam", "jambuka", "hours", "waktu"}},
      {"tanggal", {"tanggal", "tanggaltersedia", "dates", "date"}},
  };
  return *a;
}

const PlanHeader::Aliases& FacilitatorAliases() {
  static const auto* a = new PlanHeader::Aliases{
      {"kode_fasilitator", {"kodefasilitator", "kode", "code"}},
      {"nama", {"nama", "name", "namafasilitator"}},
      {"nik", {"nik", "nonik"}},
      {"wilayah_domisili",
       {"wilayahdomisili", "domisili", "wilayah", "kodewilayah", "home", "homeregion"}},
      {"modul", {"modul", "kompetensi", "modules", "competences"}},
      {"tanggal", {"tanggal", "tanggaltersedia", "dates"}},
      {"sesi_per_hari",
       {"sesiperhari", "maksimalsesi", "maxsesi", "sessionsperday", "maxsessionsperday"}},
  };
  return *a;
}

// Reads the header; false (the problem added) for an empty file or missing/duplicate columns.
StatusOr<bool> ReadHeader(io::SheetReader& sheet, const PlanHeader::Aliases& aliases,
                          const std::vector<std::string>& required, PlanHeader& h,
                          std::vector<RowProblem>& problems) {
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  ASSIGN_OR_RETURN(bool has, sheet.Next(cells, row_no));
  if (!has) {
    problems.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
    return false;
  }
  const size_t before = problems.size();
  h.Map(cells, aliases, problems);
  std::string missing;
  for (const auto& r : required) {
    if (h.Has(r)) continue;
    if (!missing.empty()) missing += ", ";
    missing += r;
  }
  if (!missing.empty()) {
    problems.push_back({1, "", "", Problem{"", "file.columns_missing", {missing}}});
  }
  return problems.size() == before;
}

std::string MaskedNik(const io::Cell& c) {
  NikCell kind = NikCell::kOk;
  return MaskIdentifier(NikFromCell(c, kind));
}

std::string Shown(const io::Cell& c) {
  std::string v = c.text;
  if (v.size() > 60) v = v.substr(0, 57) + "...";
  return v;
}

// A region cell: a known kecamatan or desa (venues) or any known region (facilitators).
std::optional<RegionCode> RegionCell(const Reference& ref, const io::Cell& c, bool venue,
                                     std::vector<Problem>& problems, const std::string& field) {
  auto code = ParseRegionCode(c.text);
  if (!code.ok()) {
    problems.push_back({field, "region.code", {c.text}});
    return std::nullopt;
  }
  if (ref.regions.Find(*code) == nullptr) {
    problems.push_back({field, "region.unknown", {FormatRegionCode(*code)}});
    return std::nullopt;
  }
  if (venue && LevelOf(*code) != RegionLevel::kKecamatan && LevelOf(*code) != RegionLevel::kDesa) {
    problems.push_back({field, "venue.region_level", {FormatRegionCode(*code)}});
    return std::nullopt;
  }
  return *code;
}

template <typename T, typename ParseRow>
StatusOr<ImportReport> ImportRows(
    io::SheetReader& sheet, const PlanHeader::Aliases& aliases,
    const std::vector<std::string>& required, const std::string& code_key,
    const ImportOptions& options, ParseRow parse,
    const std::function<StatusOr<int64_t>(const std::vector<T>&)>& put) {
  ImportReport report;
  PlanHeader h;
  ASSIGN_OR_RETURN(bool ok, ReadHeader(sheet, aliases, required, h, report.errors));
  if (!ok) return report;
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  std::vector<T> items;
  std::map<std::string, int64_t> seen;
  while (true) {
    ASSIGN_OR_RETURN(bool more, sheet.Next(cells, row_no));
    if (!more) break;
    ++report.rows;
    std::vector<Problem> problems;
    T item = parse(h, cells, problems);
    if (!item.code.empty()) {
      const auto [it, fresh] = seen.emplace(item.code, row_no);
      if (!fresh) {
        problems.push_back({code_key, "venue.duplicate_in_file", {std::to_string(it->second)}});
      }
    }
    for (const auto& p : problems) {
      RowProblem rp{row_no, p.field.empty() ? "" : h.LabelOf(p.field),
                    p.field == "nik"  ? MaskedNik(h.Get(cells, "nik"))
                    : p.field.empty() ? std::string()
                                      : Shown(h.Get(cells, p.field)),
                    p};
      (p.severity == Severity::kError ? report.errors : report.warnings).push_back(std::move(rp));
    }
    items.push_back(std::move(item));
  }
  if (report.rows == 0) {
    report.errors.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
    return report;
  }
  if (!report.errors.empty() || options.dry_run) return report;
  ASSIGN_OR_RETURN(int64_t fresh, put(items));
  report.inserted = fresh;
  report.updated = report.rows - fresh;
  report.committed = true;
  return report;
}

// A row's region must lie in the user's scope and in options.scope, when they are given.
void CheckRowScope(const store::UserRow* user, const ImportOptions& options, RegionCode region,
                   const std::string& field, std::vector<Problem>& problems) {
  if (region == 0) return;
  if (user != nullptr && !CanSee(*user, region)) {
    problems.push_back(
        {field, "scope.outside", {FormatRegionCode(region), ScopeOf(*user).ToString()}});
  } else if (options.scope && !options.scope->Contains(region)) {
    problems.push_back(
        {field, "scope.outside", {FormatRegionCode(region), options.scope->ToString()}});
  }
}

}  // namespace

StatusOr<ImportReport> ImportVenues(Registry& reg, store::PlanningStore& ps, io::SheetReader& sheet,
                                    const ImportOptions& options, const store::UserRow* user) {
  const Reference& ref = reg.ref;
  auto parse = [&](const PlanHeader& h, const std::vector<io::Cell>& cells,
                   std::vector<Problem>& problems) {
    plan::Venue v;
    v.code = std::string(Trim(h.Get(cells, "kode_tempat").text));
    if (v.code.empty()) problems.push_back({"kode_tempat", "venue.code_missing", {}});
    v.name = std::string(Trim(h.Get(cells, "nama_tempat").text));
    if (v.name.empty()) problems.push_back({"nama_tempat", "venue.name_missing", {}});
    v.address = std::string(Trim(h.Get(cells, "alamat").text));
    if (auto r = RegionCell(ref, h.Get(cells, "wilayah"), true, problems, "wilayah")) {
      v.region = *r;
      CheckRowScope(user, options, v.region, "wilayah", problems);
    }
    const io::Cell& cap = h.Get(cells, "kapasitas");
    const auto n = IntFromCell(cap);
    if (!n || *n < 1 || *n > 2000) {
      problems.push_back({"kapasitas", "venue.capacity", {cap.text}});
    } else {
      v.capacity = static_cast<int>(*n);
    }
    const io::Cell& jam = h.Get(cells, "jam");
    auto hours = plan::ParseVenueHours(jam.text);
    if (!hours.ok()) {
      problems.push_back({"jam", "venue.hours", {jam.text}});
    } else {
      const io::Cell& tgl = h.Get(cells, "tanggal");
      auto dates = plan::ParseDateList(tgl.text);
      if (!dates.ok()) {
        problems.push_back({"tanggal", "dates.invalid", {tgl.text}});
      } else if (dates->empty()) {
        v.hours = std::move(*hours);
      } else {
        // The same hours on each listed date (per-date entries in "jam" are kept as written).
        for (const auto& d : *dates) {
          for (const auto& x : *hours) {
            if (!x.date) v.hours.push_back(plan::VenueHours{d, x.open_min, x.close_min});
          }
        }
        for (const auto& x : *hours) {
          if (x.date) v.hours.push_back(x);
        }
      }
    }
    return v;
  };
  return ImportRows<plan::Venue>(
      sheet, VenueAliases(), {"kode_tempat", "nama_tempat", "wilayah", "kapasitas", "jam"},
      "kode_tempat", options, parse,
      [&](const std::vector<plan::Venue>& vs) { return ps.PutVenues(vs); });
}

StatusOr<ImportReport> ImportFacilitators(Registry& reg, store::PlanningStore& ps,
                                          io::SheetReader& sheet, const ImportOptions& options,
                                          const store::UserRow* user) {
  const Reference& ref = reg.ref;
  ASSIGN_OR_RETURN(plan::Curriculum cur, CurrentCurriculum(ps));
  std::vector<std::string> all_modules;
  for (const auto& m : cur.modules) all_modules.push_back(m.id);
  std::sort(all_modules.begin(), all_modules.end());
  const std::string known = plan::FormatModuleList(all_modules);
  Status store_error = absl::OkStatus();
  auto parse = [&](const PlanHeader& h, const std::vector<io::Cell>& cells,
                   std::vector<Problem>& problems) {
    plan::Facilitator f;
    f.code = std::string(Trim(h.Get(cells, "kode_fasilitator").text));
    if (f.code.empty()) problems.push_back({"kode_fasilitator", "venue.code_missing", {}});
    f.name = std::string(Trim(h.Get(cells, "nama").text));
    const io::Cell& nik_cell = h.Get(cells, "nik");
    bool nik_failed = false;  // a NIK that names nobody: its home is not missing as well
    if (!nik_cell.text.empty()) {
      NikCell kind = NikCell::kOk;
      const std::string nik = NikFromCell(nik_cell, kind);
      if (kind == NikCell::kNumber) {
        nik_failed = true;
        problems.push_back({"nik", "nik.as_number", {}});
      } else if (kind == NikCell::kENotation) {
        nik_failed = true;
        problems.push_back({"nik", "nik.enotation", {MaskIdentifier(nik)}});
      } else {
        auto person = reg.store.FindPersonByNikIndex(NikIndex(reg.vault, nik));
        if (!person.ok()) {
          store_error.Update(person.status());
        } else if (!person->has_value()) {
          nik_failed = true;
          problems.push_back({"nik", "facilitator.nik_unknown", {}});
        } else {
          f.person_id = (*person)->id;
          if (f.name.empty()) f.name = (*person)->name;
          f.home = (*person)->home_region != 0 ? (*person)->home_region : (*person)->work_region;
        }
      }
    } else if (f.name.empty()) {
      problems.push_back({"nama", "facilitator.name_missing", {}});
    }
    const io::Cell& home = h.Get(cells, "wilayah_domisili");
    if (!home.text.empty()) {
      if (auto r = RegionCell(ref, home, false, problems, "wilayah_domisili")) f.home = *r;
    } else if (f.home == 0 && !nik_failed) {
      problems.push_back({"wilayah_domisili", "work_region.missing", {"fasilitator"}});
    }
    CheckRowScope(user, options, f.home, "wilayah_domisili", problems);
    const io::Cell& mod = h.Get(cells, "modul");
    const std::string k = NormalizeKey(mod.text);
    if (k == "semua" || k == "all") {
      f.modules = all_modules;
    } else {
      f.modules = plan::ParseModuleList(mod.text);
      if (f.modules.empty()) problems.push_back({"modul", "facilitator.modules_missing", {}});
      for (const auto& m : f.modules) {
        if (!std::binary_search(all_modules.begin(), all_modules.end(), m)) {
          problems.push_back({"modul", "facilitator.module_unknown", {m, known}});
        }
      }
    }
    const io::Cell& tgl = h.Get(cells, "tanggal");
    if (auto dates = plan::ParseDateList(tgl.text); dates.ok()) {
      f.dates = std::move(*dates);
    } else {
      problems.push_back({"tanggal", "dates.invalid", {tgl.text}});
    }
    const io::Cell& ses = h.Get(cells, "sesi_per_hari");
    if (!ses.text.empty()) {
      const auto n = IntFromCell(ses);
      if (!n || *n < 1 || *n > 10) {
        problems.push_back({"sesi_per_hari", "facilitator.sessions", {ses.text}});
      } else {
        f.max_sessions_per_day = static_cast<int>(*n);
      }
    }
    return f;
  };
  auto report = ImportRows<plan::Facilitator>(
      sheet, FacilitatorAliases(), {"kode_fasilitator", "modul"}, "kode_fasilitator", options,
      parse, [&](const std::vector<plan::Facilitator>& fs) -> StatusOr<int64_t> {
        RETURN_IF_ERROR(store_error);
        return ps.PutFacilitators(fs);
      });
  RETURN_IF_ERROR(store_error);
  return report;
}

Status CancelVenue(store::PlanningStore& ps, std::string_view code, const store::UserRow* user) {
  ASSIGN_OR_RETURN(auto v, ps.FindVenueByCode(code));
  if (!v) return absl::NotFoundError(StrCat("venue ", code, " does not exist"));
  if (user != nullptr && !CanSee(*user, v->region)) {
    return absl::PermissionDeniedError(StrCat("venue ", code, " is outside your region"));
  }
  return ps.SetVenueActive(code, false);
}

Status CancelFacilitator(store::PlanningStore& ps, std::string_view code,
                         const store::UserRow* user) {
  ASSIGN_OR_RETURN(auto f, ps.FindFacilitatorByCode(code));
  if (!f) return absl::NotFoundError(StrCat("facilitator ", code, " does not exist"));
  if (user != nullptr && !CanSee(*user, f->home)) {
    return absl::PermissionDeniedError(StrCat("facilitator ", code, " is outside your region"));
  }
  return ps.SetFacilitatorActive(code, false);
}

StatusOr<PlanningDataSummary> GeneratePlanningData(Registry& reg, store::PlanningStore& ps,
                                                   const Scope& scope, uint64_t seed) {
  if (!scope.national() && reg.ref.regions.Find(scope.code) == nullptr) {
    return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
  }
  ASSIGN_OR_RETURN(plan::Curriculum cur, CurrentCurriculum(ps));
  std::vector<std::string> all;
  for (const auto& m : cur.modules) all.push_back(m.id);
  std::sort(all.begin(), all.end());
  // PPS members teach a part of the agenda each; together a desa's three cover all of it.
  const std::vector<std::vector<std::string>> pps_sets = {
      {"M1", "M2", "M3"}, {"M3", "M4", "EVAL"}, {"M1", "M2", "M4", "EVAL"}};
  Rng rng(Rng::Mix(seed, static_cast<uint64_t>(scope.code)));
  std::vector<plan::Venue> venues;
  std::vector<plan::Facilitator> facs;
  // Regions in scope at kecamatan and desa level, in code order.
  std::vector<const Region*> kecs;
  const auto [klo, khi] = scope.RangeFor(6);
  for (const auto& r : reg.ref.regions.all()) {
    if (r.level == RegionLevel::kKecamatan && r.code >= klo && r.code <= khi) kecs.push_back(&r);
  }
  const std::vector<Date> short_dates = *plan::ParseDateList("2024-01-25..2024-01-27");
  for (const Region* kec : kecs) {
    plan::Venue v;
    v.code = StrCat("AULA-", kec->code);
    v.name = StrCat("Aula Kantor Kecamatan ", kec->name);
    v.address = StrCat("Kantor Kecamatan ", kec->name);
    v.region = kec->code;
    v.capacity = rng.Between(100, 150);
    v.hours = {plan::VenueHours{std::nullopt, 8 * 60, 17 * 60}};
    venues.push_back(v);
    ASSIGN_OR_RETURN(auto ppk, reg.store.PeopleAt(Role::kPpk, kec->code));
    for (size_t i = 0; i < ppk.size(); ++i) {
      plan::Facilitator f;
      f.code = StrCat("PPK-", kec->code, "-", i + 1);
      f.name = ppk[i].name;
      f.person_id = ppk[i].id;
      f.home = ppk[i].home_region != 0 ? ppk[i].home_region : kec->code;
      f.modules = all;
      f.max_sessions_per_day = 3;
      facs.push_back(std::move(f));
    }
    for (const Region* desa : reg.ref.regions.Children(kec->code)) {
      if (!scope.Contains(desa->code)) continue;
      plan::Venue d;
      d.code = StrCat("BALAI-", desa->code);
      const bool kel = desa->kind == RegionKind::kKelurahan;
      d.name = StrCat(kel ? "Aula Kantor Kelurahan " : "Balai Desa ", desa->name);
      d.address =
          StrCat(kel ? "Kantor Kelurahan " : "Kantor Desa ", desa->name, ", Kecamatan ", kec->name);
      d.region = desa->code;
      d.capacity = 40 + 10 * rng.Between(0, 8);  // 40..120
      const int h = rng.Between(0, 9);
      // Most halls open 08:00-16:00; some open early, a few only in the morning (too short for
      // a whole agenda: the planner must not use them).
      d.hours = {plan::VenueHours{std::nullopt, h < 3 ? 7 * 60 + 30 : 8 * 60,
                                  h == 9 ? 13 * 60 : (h < 3 ? 16 * 60 + 30 : 16 * 60)}};
      venues.push_back(std::move(d));
      ASSIGN_OR_RETURN(auto pps, reg.store.PeopleAt(Role::kPps, desa->code));
      for (size_t i = 0; i < pps.size(); ++i) {
        plan::Facilitator f;
        f.code = StrCat("PPS-", desa->code, "-", i + 1);
        f.name = pps[i].name;
        f.person_id = pps[i].id;
        f.home = pps[i].home_region != 0 ? pps[i].home_region : desa->code;
        f.modules = pps_sets[i % pps_sets.size()];
        std::sort(f.modules.begin(), f.modules.end());
        f.max_sessions_per_day = 2;
        if (rng.Below(8) == 0) f.dates = short_dates;  // away for the last days
        facs.push_back(std::move(f));
      }
    }
  }
  PlanningDataSummary sum;
  sum.venues = static_cast<int64_t>(venues.size());
  sum.facilitators = static_cast<int64_t>(facs.size());
  RETURN_IF_ERROR(ps.PutVenues(venues).status());
  RETURN_IF_ERROR(ps.PutFacilitators(facs).status());
  return sum;
}

}  // namespace bimtek::service
