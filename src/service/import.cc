#include "service/import.h"

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <unordered_map>

#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "core/person_rules.h"
#include "service/cell_parse.h"

namespace bimtek::service {

namespace {

const io::Cell kEmptyCell;

// Where each canonical column is in the file.
class Header {
 public:
  // Maps header cells through the alias table. Problems (row 1): a duplicated column.
  void Map(const std::vector<io::Cell>& cells, const Reference& ref,
           std::vector<RowProblem>& problems) {
    for (size_t i = 0; i < cells.size(); ++i) {
      raw_.push_back(cells[i].text);
      const auto it = ref.aliases.find(NormalizeKey(cells[i].text));
      if (it == ref.aliases.end()) continue;
      const auto [pos, fresh] = col_.emplace(it->second, i);
      if (!fresh) {
        problems.push_back({1, Label(i), cells[i].text,
                            Problem{it->second,
                                    "file.column_duplicate",
                                    {it->second, StrCat(io::ColumnLetter(pos->second), ", ",
                                                        io::ColumnLetter(i))}}});
      }
    }
  }
  bool Has(const std::string& key) const { return col_.contains(key); }
  const io::Cell& Get(const std::vector<io::Cell>& row, const std::string& key) const {
    const auto it = col_.find(key);
    if (it == col_.end() || it->second >= row.size()) return kEmptyCell;
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

bool IsPersonalField(const std::string& field) {
  return field == "nik" || field == "telepon" || field == "tanggal_lahir";
}

std::string Shown(const std::string& field, const io::Cell& c) {
  std::string v = c.text;
  if (field == "tanggal_lahir" && !v.empty()) return "**********";
  if (IsPersonalField(field)) return MaskIdentifier(v);
  if (v.size() > 60) v = v.substr(0, 57) + "...";
  return v;
}

struct Pending {
  store::PersonRow row;
  bool insert = false;
};

struct PlaceKey {
  Role role;
  int64_t place;
  bool operator<(const PlaceKey& o) const {
    return std::tie(role, place) < std::tie(o.role, o.place);
  }
};

Status CheckFileHeader(const Header& h, const std::vector<std::vector<std::string>>& required,
                       std::vector<RowProblem>& problems) {
  // Each entry of `required` is a set of alternatives: one of them must be present.
  std::vector<std::string> missing;
  for (const auto& alts : required) {
    bool any = false;
    for (const auto& a : alts) any = any || h.Has(a);
    if (!any) missing.push_back(absl::StrJoin(alts, "/"));
  }
  if (!missing.empty()) {
    problems.push_back(
        {1, "", "", Problem{"", "file.columns_missing", {absl::StrJoin(missing, ", ")}}});
  }
  return absl::OkStatus();
}

// Reads one row of the people layout into a person; problems of parsing and of the rules.
void ParsePersonRow(const Header& h, const std::vector<io::Cell>& cells, const Reference& ref,
                    Person& p, PersonFacts& facts, NikCell& nik_kind,
                    std::vector<Problem>& problems) {
  const RegistryRules& rules = ref.rules;
  bool tps_ok = true;
  bool position_ok = true;
  // NIK
  p.nik = NikFromCell(h.Get(cells, "nik"), nik_kind);
  if (nik_kind == NikCell::kNumber) {
    problems.push_back({"nik", "nik.as_number", {}});
  } else if (nik_kind == NikCell::kENotation) {
    problems.push_back({"nik", "nik.enotation", {p.nik}});
  }
  p.name = std::string(Trim(h.Get(cells, "nama").text));
  // Sex
  const io::Cell& sex_cell = h.Get(cells, "jenis_kelamin");
  if (sex_cell.text.empty()) {
    problems.push_back({"jenis_kelamin", "sex.missing", {}});
  } else if (auto s = ParseSex(sex_cell.text)) {
    p.sex = *s;
    facts.sex = s;
  } else {
    problems.push_back({"jenis_kelamin", "sex.invalid", {sex_cell.text}});
  }
  // Birth date
  const io::Cell& birth_cell = h.Get(cells, "tanggal_lahir");
  if (birth_cell.kind == io::CellKind::kEmpty) {
    problems.push_back({"tanggal_lahir", "birth.missing", {}});
  } else if (auto d = DateFromCell(birth_cell)) {
    p.birth_date = *d;
    facts.birth_date = d;
  } else {
    problems.push_back({"tanggal_lahir", "birth.invalid", {}});
  }
  // Phone (optional)
  const io::Cell& phone_cell = h.Get(cells, "telepon");
  if (!phone_cell.text.empty()) {
    if (auto ph = NormalizePhone(phone_cell.text)) {
      p.phone = *ph;
    } else {
      problems.push_back({"telepon", "phone.invalid", {MaskIdentifier(phone_cell.text)}});
    }
  }
  // Education (optional)
  const io::Cell& edu_cell = h.Get(cells, "pendidikan");
  if (auto e = ParseEducation(edu_cell.text)) {
    p.education = *e;
  } else {
    problems.push_back({"pendidikan", "education.invalid", {edu_cell.text}});
  }
  // TPS, role, position, regions
  const io::Cell& tps_cell = h.Get(cells, "kode_tps");
  if (!tps_cell.text.empty()) {
    if (auto t = ParseTpsCode(tps_cell.text); t.ok()) {
      p.tps = *t;
    } else {
      tps_ok = false;
      problems.push_back({"kode_tps", "tps.code", {tps_cell.text}});
    }
  }
  const io::Cell& role_cell = h.Get(cells, "peran");
  if (role_cell.text.empty()) {
    if (tps_cell.text.empty()) {
      problems.push_back({"peran", "role.missing", {}});
    } else {
      p.role = Role::kKpps;  // a file of TPS crews without a role column
    }
  } else if (auto r = ParseRole(role_cell.text)) {
    p.role = *r;
  } else {
    problems.push_back({"peran", "role.invalid", {role_cell.text}});
  }
  const io::Cell& pos_cell = h.Get(cells, "jabatan");
  if (!pos_cell.text.empty()) {
    if (auto pos = PositionFromCell(pos_cell)) {
      p.position = *pos;
    } else {
      position_ok = false;
      problems.push_back({"jabatan", "position.invalid", {pos_cell.text}});
    }
  }
  for (const char* field : {"wilayah_tugas", "wilayah_domisili"}) {
    const io::Cell& c = h.Get(cells, field);
    if (c.text.empty()) continue;
    if (auto code = ParseRegionCode(c.text); code.ok()) {
      (std::string_view(field) == "wilayah_tugas" ? p.work_region : p.home_region) = *code;
    } else {
      problems.push_back({field, "region.code", {c.text}});
    }
  }
  if (p.tps != 0) p.work_region = DesaOfTps(p.tps);
  ValidatePerson(p, facts, rules, ref.regions, problems);
  // A field that failed to parse was reported once; the rules must not report it again
  // (a TPS code that is not one is not also "missing"; a NIK the spreadsheet turned into a
  // number is not also "not 16 digits").
  std::erase_if(problems, [&](const Problem& x) {
    return (!tps_ok && x.code == "tps.missing") || (!position_ok && x.code == "position.missing") ||
           (nik_kind != NikCell::kOk && x.field == "nik" && x.code != "nik.as_number" &&
            x.code != "nik.enotation");
  });
}

// Reads the header row of a people file. False (with the problem in `problems`) when the file
// has no rows, a duplicated column, or lacks a needed column.
StatusOr<bool> ReadPeopleHeader(io::SheetReader& sheet, const Reference& ref, Header& h,
                                std::vector<RowProblem>& problems) {
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  ASSIGN_OR_RETURN(bool has_header, sheet.Next(cells, row_no));
  if (!has_header) {
    problems.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
    return false;
  }
  const size_t before = problems.size();
  h.Map(cells, ref, problems);
  RETURN_IF_ERROR(CheckFileHeader(
      h, {{"nik"}, {"nama"}, {"jenis_kelamin"}, {"tanggal_lahir"}, {"kode_tps", "wilayah_tugas"}},
      problems));
  return problems.size() == before;
}

}  // namespace

const std::vector<std::string>& PeopleColumns() {
  static const auto* c = new std::vector<std::string>{
      "nik",   "nama",     "jenis_kelamin", "tanggal_lahir", "telepon",         "pendidikan",
      "peran", "kode_tps", "jabatan",       "wilayah_tugas", "wilayah_domisili"};
  return *c;
}

const std::vector<std::string>& TpsColumns() {
  static const auto* c = new std::vector<std::string>{"kode_tps", "dpt", "alamat"};
  return *c;
}

void ToImportRow(const Person& p, std::vector<std::string>& row) {
  const bool at_tps = p.role == Role::kKpps || p.role == Role::kLinmas;
  row.resize(PeopleColumns().size());
  row[0] = p.nik;
  row[1] = p.name;
  row[2] = SexCode(p.sex);
  row[3] = FormatIsoDate(p.birth_date);
  row[4] = p.phone;
  row[5] = EducationName(p.education);
  row[6] = RoleName(p.role);
  row[7] = at_tps ? FormatTpsCode(p.tps) : "";
  row[8] = p.position > 0 ? std::to_string(p.position) : "";
  row[9] = at_tps ? "" : FormatRegionCode(p.work_region);
  row[10] = p.home_region != 0 ? FormatRegionCode(p.home_region) : "";
}

StatusOr<ImportReport> ImportPeople(Registry& reg, io::SheetReader& sheet,
                                    const ImportOptions& options) {
  ImportReport report;
  const Reference& ref = reg.ref;
  const RegistryRules& rules = ref.rules;
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  Header h;
  ASSIGN_OR_RETURN(bool header_ok, ReadPeopleHeader(sheet, ref, h, report.errors));
  if (!header_ok) return report;

  // Whether any person is stored at all: a first load skips every per-row look-up.
  ASSIGN_OR_RETURN(const store::PeopleCounts counts, reg.store.CountPeople(Scope::National()));
  const bool store_empty = counts.Total() == 0;

  std::unordered_map<std::string, int64_t> nik_rows;  // nik index -> first row
  std::unordered_map<int64_t, int64_t> seat_rows;     // KPPS seat (tps * 100 + position) -> row
  nik_rows.reserve(1 << 16);
  seat_rows.reserve(1 << 16);
  std::unordered_map<TpsCode, bool> tps_known;
  std::map<PlaceKey, std::vector<int64_t>> place_members;  // ids (or -row) per place
  std::map<PlaceKey, int64_t> place_first_row;
  std::vector<Pending> pending;

  auto add = [&](int64_t row, const Problem& p, const io::Cell& cell) {
    RowProblem rp{row, p.field.empty() ? "" : h.LabelOf(p.field),
                  p.field.empty() ? "" : Shown(p.field, cell), p};
    if (p.severity == Severity::kError) {
      report.errors.push_back(std::move(rp));
    } else {
      report.warnings.push_back(std::move(rp));
    }
  };

  // Rows are read in blocks; the checks of a row on its own and the sealing of its personal
  // fields (the costly, independent part) run on two threads, then the checks across rows and
  // against the store run in file order.
  struct RowWork {
    int64_t row_no = 0;
    std::vector<io::Cell> cells;
    Person p;
    PersonFacts facts;
    NikCell nik_kind = NikCell::kOk;
    std::vector<Problem> problems;
    std::string index;
    store::PersonRow sealed;
  };
  constexpr size_t kBlock = 16384;
  std::vector<RowWork> block;
  const auto local = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      RowWork& w = block[i];
      ParsePersonRow(h, w.cells, ref, w.p, w.facts, w.nik_kind, w.problems);
      if (w.p.nik.size() == 16 && IsAllDigits(w.p.nik) && w.nik_kind == NikCell::kOk) {
        w.index = NikIndex(reg.vault, w.p.nik);
      }
      if (!HasErrors(w.problems)) w.sealed = SealPerson(reg.vault, w.p);
    }
  };
  for (bool eof = false; !eof;) {
    block.clear();
    while (block.size() < kBlock) {
      ASSIGN_OR_RETURN(bool more, sheet.Next(cells, row_no));
      if (!more) {
        eof = true;
        break;
      }
      bool blank = true;
      for (const auto& c : cells) blank = blank && c.kind == io::CellKind::kEmpty;
      if (blank) continue;
      block.emplace_back();
      block.back().row_no = row_no;
      block.back().cells = std::move(cells);
      cells.clear();
    }
    if (block.size() >= 1024) {
      auto half = std::async(std::launch::async, local, 0, block.size() / 2);
      local(block.size() / 2, block.size());
      half.get();
    } else {
      local(0, block.size());
    }
    for (RowWork& w : block) {
      ++report.rows;
      Person& p = w.p;
      std::vector<Problem>& problems = w.problems;
      // Within the file, and against the store.
      const bool row_ok = !HasErrors(problems);
      std::optional<store::PersonRow> existing;
      const std::string& index = w.index;
      if (!index.empty()) {
        const auto [it, fresh] = nik_rows.emplace(index, w.row_no);
        if (!fresh) {
          problems.push_back({"nik", "nik.duplicate_in_file", {std::to_string(it->second)}});
        } else if (!store_empty) {
          ASSIGN_OR_RETURN(existing, reg.store.FindPersonByNikIndex(index));
        }
      }
      if (options.scope && row_ok) {
        const RegionCode where = p.tps != 0 ? p.tps : p.work_region;
        if (where != 0 && !options.scope->Contains(where)) {
          problems.push_back({p.tps != 0 ? "kode_tps" : "wilayah_tugas",
                              "scope.outside",
                              {p.tps != 0 ? "TPS " + FormatTpsCode(p.tps) : FormatRegionCode(where),
                               options.scope->ToString()}});
        }
      }
      if (options.scope && existing && !options.scope->Contains(existing->work_region)) {
        problems.push_back({"nik", "scope.person_outside", {options.scope->ToString()}});
        existing.reset();  // nothing more is said about a person the importer may not see
      }
      if (existing && existing->active) {
        if (existing->role != p.role) {
          problems.push_back({"peran", "role.changed", {RoleName(existing->role)}});
        } else if ((p.role == Role::kKpps || p.role == Role::kLinmas) && existing->tps != p.tps) {
          problems.push_back({"nik",
                              "nik.serving_elsewhere",
                              {RoleName(existing->role), "TPS " + FormatTpsCode(existing->tps)}});
        } else if ((p.role == Role::kPps || p.role == Role::kPpk) &&
                   existing->work_region != p.work_region) {
          problems.push_back({"nik",
                              "nik.serving_elsewhere",
                              {RoleName(existing->role), FormatRegionCode(existing->work_region)}});
        }
      }
      if (p.tps != 0 && row_ok) {
        auto [it, fresh] = tps_known.try_emplace(p.tps, false);
        if (fresh) {
          ASSIGN_OR_RETURN(auto t, reg.store.FindTps(p.tps));
          it->second = t.has_value();
        }
        if (!it->second) problems.push_back({"kode_tps", "tps.unknown", {FormatTpsCode(p.tps)}});
      }
      if (p.role == Role::kKpps && p.position > 0 && p.tps != 0) {
        const auto [it, fresh] = seat_rows.emplace(p.tps * 100 + p.position, w.row_no);
        if (!fresh) {
          problems.push_back(
              {"jabatan", "position.duplicate_in_file", {std::to_string(it->second)}});
        } else if (!store_empty) {
          ASSIGN_OR_RETURN(auto holder, reg.store.FindKpps(p.tps, p.position));
          if (holder && (!existing || holder->id != existing->id)) {
            problems.push_back(
                {"jabatan", "position.taken", {std::to_string(p.position), FormatTpsCode(p.tps)}});
          }
        }
      }
      if (p.role != Role::kKpps && p.role != Role::kFasilitator) {
        const PlaceKey key{p.role, p.role == Role::kLinmas ? p.tps : p.work_region};
        place_members[key].push_back(existing ? existing->id : -w.row_no);
        place_first_row.try_emplace(key, w.row_no);
      }

      for (const Problem& pr : problems) add(w.row_no, pr, h.Get(w.cells, pr.field));
      if (HasErrors(problems)) continue;

      // What would be written.
      if (existing) {
        p.id = existing->id;
        ASSIGN_OR_RETURN(Person old, OpenPerson(reg.vault, *existing));
        const bool same = existing->active && old.nik == p.nik && old.name == p.name &&
                          old.sex == p.sex && old.birth_date == p.birth_date &&
                          old.phone == p.phone && old.education == p.education &&
                          old.role == p.role && old.tps == p.tps && old.position == p.position &&
                          old.work_region == p.work_region && old.home_region == p.home_region;
        if (same) {
          ++report.unchanged;
          continue;
        }
        w.sealed.id = existing->id;
        pending.push_back({std::move(w.sealed), false});
      } else {
        pending.push_back({std::move(w.sealed), true});
      }
    }
  }

  // Seats that are counted, not numbered: Linmas per TPS, PPS per desa, PPK per kecamatan.
  for (auto& [key, members] : place_members) {
    const int limit = key.role == Role::kLinmas ? rules.linmas_per_tps
                      : key.role == Role::kPps  ? rules.pps_per_desa
                                                : rules.ppk_per_kecamatan;
    if (!store_empty) {
      ASSIGN_OR_RETURN(auto stored, reg.store.PeopleAt(key.role, key.place));
      for (const auto& s : stored) members.push_back(s.id);
    }
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    if (static_cast<int>(members.size()) > limit) {
      const std::string where = key.role == Role::kLinmas ? "TPS " + FormatTpsCode(key.place)
                                                          : FormatRegionCode(key.place);
      report.errors.push_back(
          {place_first_row[key], "", "",
           Problem{"", "position.full", {RoleName(key.role), where, std::to_string(limit)}}});
    }
  }

  if (report.rows == 0 && report.errors.empty()) {
    report.errors.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
  }
  if (!report.errors.empty() || options.dry_run) {
    for (const auto& w : pending) (w.insert ? report.inserted : report.updated)++;
    return report;
  }
  ASSIGN_OR_RETURN(auto txn, reg.store.Begin(/*bulk=*/store_empty && pending.size() > 10000));
  for (const auto& w : pending) {
    if (w.insert) {
      ASSIGN_OR_RETURN(int64_t id, txn->InsertPerson(w.row));
      (void)id;
      ++report.inserted;
    } else {
      RETURN_IF_ERROR(txn->UpdatePerson(w.row));
      ++report.updated;
    }
  }
  if (options.before_commit) RETURN_IF_ERROR(options.before_commit(*txn, report));
  RETURN_IF_ERROR(txn->Commit());
  report.committed = true;
  return report;
}

StatusOr<ImportReport> ImportTps(Registry& reg, io::SheetReader& sheet,
                                 const ImportOptions& options) {
  ImportReport report;
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  ASSIGN_OR_RETURN(bool has_header, sheet.Next(cells, row_no));
  if (!has_header) {
    report.errors.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
    return report;
  }
  Header h;
  h.Map(cells, reg.ref, report.errors);
  RETURN_IF_ERROR(CheckFileHeader(h, {{"kode_tps"}, {"dpt"}}, report.errors));
  if (!report.errors.empty()) return report;

  std::unordered_map<TpsCode, int64_t> seen;
  std::vector<store::TpsRow> pending;
  std::vector<Problem> problems;
  while (true) {
    ASSIGN_OR_RETURN(bool more, sheet.Next(cells, row_no));
    if (!more) break;
    bool blank = true;
    for (const auto& c : cells) blank = blank && c.kind == io::CellKind::kEmpty;
    if (blank) continue;
    ++report.rows;
    problems.clear();
    TpsRecord t;
    const io::Cell& code_cell = h.Get(cells, "kode_tps");
    if (auto code = ParseTpsCode(code_cell.text); code.ok()) {
      t.code = *code;
    } else {
      problems.push_back({"kode_tps", "tps.code", {code_cell.text}});
    }
    const io::Cell& dpt_cell = h.Get(cells, "dpt");
    if (auto dpt = IntFromCell(dpt_cell); dpt && *dpt >= 0 && *dpt < 1000000) {
      t.dpt = static_cast<int>(*dpt);
    } else {
      problems.push_back({"dpt", "dpt.invalid", {dpt_cell.text}});
    }
    t.address = std::string(Trim(h.Get(cells, "alamat").text));
    if (t.code != 0 && options.scope && !options.scope->Contains(t.code)) {
      problems.push_back(
          {"kode_tps", "scope.outside", {"TPS " + FormatTpsCode(t.code), options.scope->ToString()}});
    } else if (t.code != 0) {
      ValidateTps(t, reg.ref.rules, reg.ref.regions, problems);
      const auto [it, fresh] = seen.emplace(t.code, row_no);
      if (!fresh)
        problems.push_back({"kode_tps", "tps.duplicate_in_file", {std::to_string(it->second)}});
    }
    for (const Problem& pr : problems) {
      RowProblem rp{row_no, h.LabelOf(pr.field), Shown(pr.field, h.Get(cells, pr.field)), pr};
      (pr.severity == Severity::kError ? report.errors : report.warnings).push_back(std::move(rp));
    }
    if (HasErrors(problems)) continue;
    ASSIGN_OR_RETURN(auto old, reg.store.FindTps(t.code));
    if (old && old->dpt == t.dpt && old->address == t.address) {
      ++report.unchanged;
      continue;
    }
    (old ? report.updated : report.inserted)++;
    pending.push_back(store::TpsRow{t.code, t.dpt, t.address});
  }
  if (report.rows == 0 && report.errors.empty()) {
    report.errors.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
  }
  if (!report.errors.empty() || options.dry_run) return report;
  ASSIGN_OR_RETURN(auto txn, reg.store.Begin());
  for (const auto& t : pending) RETURN_IF_ERROR(txn->PutTps(t));
  if (options.before_commit) RETURN_IF_ERROR(options.before_commit(*txn, report));
  RETURN_IF_ERROR(txn->Commit());
  report.committed = true;
  return report;
}

StatusOr<std::optional<Person>> ReadSinglePerson(Registry& reg, io::SheetReader& sheet,
                                                 std::vector<RowProblem>& problems) {
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  Header h;
  ASSIGN_OR_RETURN(bool header_ok, ReadPeopleHeader(sheet, reg.ref, h, problems));
  if (!header_ok) return std::optional<Person>();
  ASSIGN_OR_RETURN(bool more, sheet.Next(cells, row_no));
  if (!more) {
    problems.push_back({0, "", "", Problem{"", "file.no_rows", {}}});
    return std::optional<Person>();
  }
  Person p;
  PersonFacts facts;
  NikCell nik_kind;
  std::vector<Problem> found;
  ParsePersonRow(h, cells, reg.ref, p, facts, nik_kind, found);
  for (const Problem& pr : found) {
    RowProblem rp{row_no, h.LabelOf(pr.field), Shown(pr.field, h.Get(cells, pr.field)), pr};
    if (pr.severity == Severity::kError) problems.push_back(std::move(rp));
  }
  if (HasErrors(found)) return std::optional<Person>();
  return std::optional<Person>(std::move(p));
}

}  // namespace bimtek::service
