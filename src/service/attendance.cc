#include "service/attendance.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/strings.h"
#include "core/person.h"
#include "nlohmann/json.hpp"
#include "render/honoraria.h"
#include "service/auth.h"
#include "service/cell_parse.h"
#include "service/planning.h"

namespace bimtek::service {

namespace {

bool ValidClientId(std::string_view id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string PositionName(int position) {
  return position == 1 ? std::string("Ketua KPPS") : StrCat("Anggota KPPS ", position);
}

// Header text as a key: lower case, letters and digits only ("Kode Akses" -> "kodeakses").
std::string HeaderKey(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// Present, absent, or not understood.
std::optional<bool> PresentFromCell(const io::Cell& c) {
  std::string v = HeaderKey(c.text);
  if (c.kind == io::CellKind::kBool) return c.text == "TRUE";
  if (c.text == "✓" || c.text == "√" || c.text == "✔") return true;
  static const std::set<std::string> kYes = {"ya", "y", "1",   "hadir", "h",
                                             "v",  "x", "yes", "true",  "present"};
  static const std::set<std::string> kNo = {"",      "tidak", "t",    "0",     "tidakhadir",
                                            "th",    "no",    "n",    "false", "absent",
                                            "absen", "izin",  "sakit"};
  if (c.text == "-" || c.text == "—") return false;
  if (kYes.contains(v)) return true;
  if (kNo.contains(v)) return false;
  return std::nullopt;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string CodeFromScan(std::string_view text) {
  std::string value(text);
  for (std::string_view key : {"kode=", "code="}) {
    const size_t q = text.find('?');
    if (q == std::string_view::npos) break;
    size_t at = text.find(key, q);
    while (at != std::string_view::npos && text[at - 1] != '?' && text[at - 1] != '&') {
      at = text.find(key, at + 1);
    }
    if (at == std::string_view::npos) continue;
    const size_t from = at + key.size();
    size_t to = text.find_first_of("&#", from);
    if (to == std::string_view::npos) to = text.size();
    value = PercentDecode(text.substr(from, to - from));
    break;
  }
  std::string trimmed;
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\t') continue;
    trimmed.push_back(c);
  }
  return Auth::NormalizeAccessCode(trimmed);
}

Attendance::Attendance(Registry& reg, store::PlanningStore& planning, store::AccountStore& accounts,
                       store::AttendanceStore& attendance)
    : reg_(reg), planning_(planning), accounts_(accounts), attendance_(attendance) {}

StatusOr<AttendanceBatch> Attendance::Load(const Scope& scope, int64_t batch_id) {
  ASSIGN_OR_RETURN(std::optional<store::PlanRow> saved, planning_.LatestPlan(scope));
  if (!saved) return absl::NotFoundError(StrCat("no plan saved for ", scope.ToString()));
  ASSIGN_OR_RETURN(std::vector<plan::Batch> batches, planning_.PlanBatches(saved->id));
  auto it = std::find_if(batches.begin(), batches.end(),
                         [&](const plan::Batch& b) { return b.id == batch_id; });
  if (it == batches.end()) {
    return absl::NotFoundError(StrCat("no batch ", batch_id, " in the plan of ", scope.ToString()));
  }
  AttendanceBatch out;
  out.scope = scope;
  out.plan_id = saved->id;
  out.batch = std::move(*it);
  const Scope kab = Scope::Of(AncestorAt(out.batch.kecamatan, RegionLevel::kKabKota));
  ASSIGN_OR_RETURN(std::vector<plan::Venue> venues, planning_.ListVenues(kab));
  for (const plan::Venue& v : venues) {
    if (v.id == out.batch.venue) {
      out.venue_name = v.name;
      out.venue_address = v.address;
    }
  }
  if (out.venue_name.empty()) out.venue_name = StrCat("venue ", out.batch.venue);
  for (const TpsCode tps : out.batch.crews) {
    ASSIGN_OR_RETURN(std::vector<store::PersonRow> rows, reg_.store.PeopleAt(Role::kKpps, tps));
    for (const store::PersonRow& p : rows) {
      if (!p.active) continue;
      BatchPerson bp;
      bp.person_id = p.id;
      bp.name = p.name;
      bp.position = p.position;
      bp.tps = p.tps;
      out.people.push_back(std::move(bp));
    }
  }
  std::sort(out.people.begin(), out.people.end(), [](const BatchPerson& a, const BatchPerson& b) {
    return std::tie(a.tps, a.position, a.person_id) < std::tie(b.tps, b.position, b.person_id);
  });
  ASSIGN_OR_RETURN(std::vector<store::CheckinRow> rows,
                   attendance_.ListBatch(scope.code, batch_id));
  std::unordered_map<int64_t, const store::CheckinRow*> by_person;
  for (const auto& r : rows) by_person[r.person_id] = &r;
  for (BatchPerson& p : out.people) {
    auto f = by_person.find(p.person_id);
    if (f == by_person.end()) continue;
    p.present = true;
    p.method = f->second->method;
    p.by = f->second->by;
    p.server_ms = f->second->server_ms;
    ++out.present;
  }
  return out;
}

StatusOr<bool> Attendance::MayWork(const store::UserRow& user, const AttendanceBatch& b) {
  if (!user.active) return false;
  switch (user.role) {
    case store::UserRole::kParticipant:
      return false;
    case store::UserRole::kFacilitator: {
      std::set<int64_t> ids;
      for (const plan::Session& s : b.batch.sessions) ids.insert(s.facilitator);
      const Scope kab = Scope::Of(AncestorAt(b.batch.kecamatan, RegionLevel::kKabKota));
      ASSIGN_OR_RETURN(std::vector<plan::Facilitator> facs, planning_.ListFacilitators(kab));
      for (const plan::Facilitator& f : facs) {
        if (ids.contains(f.id) && IsFacilitatorAccount(user, f)) return true;
      }
      return false;
    }
    default:
      for (const TpsCode tps : b.batch.crews) {
        if (!CanSee(user, tps)) return false;
      }
      return CanSee(user, b.batch.kecamatan);
  }
}

StatusOr<AttendanceBatch> Attendance::Authorized(const store::UserRow& user, const Scope& scope,
                                                 int64_t batch_id) {
  ASSIGN_OR_RETURN(AttendanceBatch b, Load(scope, batch_id));
  ASSIGN_OR_RETURN(bool ok, MayWork(user, b));
  if (!ok) {
    return absl::PermissionDeniedError(
        StrCat("account ", user.username, " is not a facilitator of batch ", batch_id, " of ",
               scope.ToString(), " nor an operator whose scope covers it"));
  }
  ASSIGN_OR_RETURN(
      std::vector<plan::Facilitator> facs,
      planning_.ListFacilitators(Scope::Of(AncestorAt(b.batch.kecamatan, RegionLevel::kKabKota))));
  std::map<int64_t, std::string> names;
  for (const auto& f : facs) names[f.id] = f.name;
  for (const plan::Session& s : b.batch.sessions) {
    const std::string& n = names[s.facilitator];
    if (!n.empty() &&
        std::find(b.facilitators.begin(), b.facilitators.end(), n) == b.facilitators.end()) {
      b.facilitators.push_back(n);
    }
  }
  return b;
}

StatusOr<AttendanceBatch> Attendance::Batch(const store::UserRow& user, const Scope& scope,
                                            int64_t batch_id) {
  return Authorized(user, scope, batch_id);
}

StatusOr<std::vector<CheckinReply>> Attendance::CheckIn(const store::UserRow& user,
                                                        const Scope& scope, int64_t batch_id,
                                                        const std::vector<CheckinRequest>& items,
                                                        int64_t now_ms, Lang lang) {
  ASSIGN_OR_RETURN(AttendanceBatch b, Authorized(user, scope, batch_id));
  std::unordered_map<int64_t, const BatchPerson*> in_batch;
  for (const BatchPerson& p : b.people) in_batch[p.person_id] = &p;

  std::vector<CheckinReply> replies(items.size());
  std::vector<store::CheckinRow> rows;
  std::vector<size_t> row_item;  // rows[k] answers items[row_item[k]]
  auto fail = [&](CheckinReply& r, std::string code, std::vector<std::string> args) {
    r.status = "error";
    r.message = DescribeCode(code, args, lang);
    r.code = std::move(code);
  };
  for (size_t i = 0; i < items.size(); ++i) {
    const CheckinRequest& it = items[i];
    CheckinReply& r = replies[i];
    r.client_id = it.client_id;
    if (!ValidClientId(it.client_id)) {
      fail(r, "attendance.client_id", {it.client_id.substr(0, 40)});
      continue;
    }
    int64_t person_id = 0;
    if (it.method == store::CheckinMethod::kList) {
      person_id = it.person_id;
      if (!in_batch.contains(person_id)) {
        fail(r, "attendance.person_not_in_batch", {StrCat(person_id)});
        continue;
      }
    } else if (it.method == store::CheckinMethod::kScan ||
               it.method == store::CheckinMethod::kTyped) {
      const std::string code = CodeFromScan(it.code);
      if (code.empty()) {
        fail(r, "attendance.code_missing", {});
        continue;
      }
      const crypto::BlindIndex idx = reg_.vault.Index(code);
      ASSIGN_OR_RETURN(auto owner, accounts_.FindUserByCodeIndex(std::string_view(
                                       reinterpret_cast<const char*>(idx.data()), idx.size())));
      if (!owner || !owner->active || owner->role != store::UserRole::kParticipant ||
          owner->person_id == 0) {
        fail(r, "attendance.code_unknown", {MaskIdentifier(code)});
        continue;
      }
      person_id = owner->person_id;
      if (!in_batch.contains(person_id)) {
        ASSIGN_OR_RETURN(auto person, reg_.store.FindPerson(person_id));
        r.person_id = person_id;
        if (person) r.name = person->name;
        fail(r, "attendance.code_not_in_batch",
             {person ? person->name : StrCat(person_id),
              person && person->tps ? FormatTpsCode(person->tps) : std::string("-"),
              StrCat(batch_id)});
        continue;
      }
    } else {
      fail(r, "attendance.method", {});
      continue;
    }
    const BatchPerson& p = *in_batch[person_id];
    r.person_id = person_id;
    r.name = p.name;
    store::CheckinRow row;
    row.client_id = it.client_id;
    row.scope = scope.code;
    row.batch_id = batch_id;
    row.person_id = person_id;
    row.tps = p.tps;
    row.method = it.method;
    row.by = user.username;
    row.device_ms = it.device_ms;
    row.server_ms = now_ms;
    rows.push_back(std::move(row));
    row_item.push_back(i);
  }
  if (!rows.empty()) {
    ASSIGN_OR_RETURN(std::vector<store::CheckinResult> results, attendance_.CheckIn(rows));
    for (size_t k = 0; k < results.size(); ++k) {
      CheckinReply& r = replies[row_item[k]];
      switch (results[k].outcome) {
        case store::CheckinOutcome::kNew:
          r.status = "new";
          break;
        case store::CheckinOutcome::kReplay:
          r.status = "replay";
          // A client id reused for someone else is the device's bug: say whose it was.
          if (results[k].row.person_id != r.person_id) {
            r.person_id = results[k].row.person_id;
            auto f = in_batch.find(r.person_id);
            r.name = f == in_batch.end() ? std::string() : f->second->name;
          }
          break;
        case store::CheckinOutcome::kAlreadyPresent:
          r.status = "already_present";
          break;
      }
    }
  }
  return replies;
}

StatusOr<ImportReport> Attendance::Import(const store::UserRow& user, const Actor& actor,
                                          const Scope& scope, int64_t batch_id,
                                          io::SheetReader& sheet, bool dry_run, int64_t now_ms) {
  ASSIGN_OR_RETURN(AttendanceBatch b, Authorized(user, scope, batch_id));
  std::unordered_map<int64_t, const BatchPerson*> in_batch;
  for (const BatchPerson& p : b.people) in_batch[p.person_id] = &p;

  ImportReport report;
  std::vector<io::Cell> cells;
  int64_t row_number = 0;
  ASSIGN_OR_RETURN(bool has_header, sheet.Next(cells, row_number));
  if (!has_header) {
    return absl::InvalidArgumentError(
        "the file is empty: expected a header row (docs/attendance.md)");
  }
  int col_nik = -1, col_code = -1, col_name = -1, col_present = -1;
  std::vector<std::string> header_text;
  for (size_t c = 0; c < cells.size(); ++c) {
    header_text.push_back(cells[c].text);
    const std::string k = HeaderKey(cells[c].text);
    int* slot = nullptr;
    if (k == "nik") {
      slot = &col_nik;
    } else if (k == "kode" || k == "kodeakses" || k == "code" || k == "accesscode" || k == "qr") {
      slot = &col_code;
    } else if (k == "nama" || k == "name" || k == "namalengkap") {
      slot = &col_name;
    } else if (k == "hadir" || k == "present" || k == "kehadiran" || k == "attended" ||
               k == "keterangan") {
      slot = &col_present;
    }
    if (slot == nullptr) continue;
    if (*slot >= 0) {
      return absl::InvalidArgumentError(StrCat("column ", io::ColumnLetter(c), " (", cells[c].text,
                                               ") repeats column ",
                                               io::ColumnLetter(static_cast<size_t>(*slot))));
    }
    *slot = static_cast<int>(c);
  }
  if (col_present < 0 || (col_nik < 0 && col_code < 0)) {
    return absl::InvalidArgumentError(
        "the header row needs a column hadir (present) and a column nik or kode (access code); "
        "see docs/attendance.md");
  }
  auto column_label = [&](int c) {
    return StrCat(io::ColumnLetter(static_cast<size_t>(c)), " (",
                  header_text[static_cast<size_t>(c)], ")");
  };
  auto problem = [&](std::vector<RowProblem>& into, int64_t row, int col, std::string value,
                     std::string code, std::vector<std::string> args) {
    into.push_back(
        {row, col >= 0 ? column_label(col) : std::string(), std::move(value),
         Problem{col == col_nik && col >= 0 ? "nik" : "", std::move(code), std::move(args)}});
  };

  std::vector<store::CheckinRow> rows;
  std::map<int64_t, int64_t> seen;  // person -> first row
  auto cell = [&](int c) -> io::Cell {
    return c >= 0 && static_cast<size_t>(c) < cells.size() ? cells[static_cast<size_t>(c)]
                                                           : io::Cell{};
  };
  while (true) {
    ASSIGN_OR_RETURN(bool more, sheet.Next(cells, row_number));
    if (!more) break;
    ++report.rows;
    const io::Cell present_cell = cell(col_present);
    const std::optional<bool> present = PresentFromCell(present_cell);
    if (!present) {
      problem(report.errors, row_number, col_present, present_cell.text, "attendance.present_value",
              {present_cell.text});
      continue;
    }
    // Who: the NIK first, else the access code.
    std::optional<store::PersonRow> person;
    const io::Cell nik_cell = cell(col_nik);
    const io::Cell code_cell = cell(col_code);
    if (nik_cell.kind != io::CellKind::kEmpty && !nik_cell.text.empty()) {
      NikCell kind = NikCell::kOk;
      const std::string nik = NikFromCell(nik_cell, kind);
      if (kind != NikCell::kOk || nik.size() != 16) {
        problem(report.errors, row_number, col_nik, MaskIdentifier(nik), "attendance.nik_format",
                {});
        continue;
      }
      ASSIGN_OR_RETURN(person, reg_.store.FindPersonByNikIndex(NikIndex(reg_.vault, nik)));
      if (!person) {
        problem(report.errors, row_number, col_nik, MaskNik(nik), "attendance.nik_unknown", {});
        continue;
      }
    } else if (code_cell.kind != io::CellKind::kEmpty && !code_cell.text.empty()) {
      const std::string code = CodeFromScan(code_cell.text);
      const crypto::BlindIndex idx = reg_.vault.Index(code);
      ASSIGN_OR_RETURN(auto owner, accounts_.FindUserByCodeIndex(std::string_view(
                                       reinterpret_cast<const char*>(idx.data()), idx.size())));
      if (!owner || !owner->active || owner->role != store::UserRole::kParticipant) {
        problem(report.errors, row_number, col_code, MaskIdentifier(code),
                "attendance.code_unknown", {MaskIdentifier(code)});
        continue;
      }
      ASSIGN_OR_RETURN(person, reg_.store.FindPerson(owner->person_id));
      if (!person) {
        problem(report.errors, row_number, col_code, MaskIdentifier(code),
                "attendance.code_unknown", {MaskIdentifier(code)});
        continue;
      }
    } else {
      if (!*present) continue;  // an empty row of a printed form, marked absent: nothing to do
      problem(report.errors, row_number, -1, "", "attendance.who_missing", {});
      continue;
    }
    const int who_col = col_nik >= 0 && nik_cell.kind != io::CellKind::kEmpty ? col_nik : col_code;
    auto f = in_batch.find(person->id);
    if (f == in_batch.end()) {
      problem(report.errors, row_number, who_col, person->name, "attendance.code_not_in_batch",
              {person->name, person->tps ? FormatTpsCode(person->tps) : std::string("-"),
               StrCat(batch_id)});
      continue;
    }
    if (auto [at, fresh] = seen.emplace(person->id, row_number); !fresh) {
      problem(report.errors, row_number, who_col, person->name, "attendance.row_duplicate",
              {StrCat(at->second)});
      continue;
    }
    const io::Cell name_cell = cell(col_name);
    if (!name_cell.text.empty() && Lower(name_cell.text) != Lower(person->name)) {
      problem(report.warnings, row_number, col_name, name_cell.text, "attendance.name_differs",
              {person->name});
    }
    if (!*present) continue;
    store::CheckinRow row;
    row.client_id = StrCat("import:", scope.code, ":", batch_id, ":", person->id);
    row.scope = scope.code;
    row.batch_id = batch_id;
    row.person_id = person->id;
    row.tps = person->tps;
    row.method = store::CheckinMethod::kImport;
    row.by = user.username;
    row.device_ms = now_ms;
    row.server_ms = now_ms;
    rows.push_back(std::move(row));
  }
  if (report.rows == 0) {
    return absl::InvalidArgumentError("the file has no data rows (docs/attendance.md)");
  }
  if (!report.errors.empty() || dry_run) {
    // Counts as they would be: new ones against who is already present.
    std::set<int64_t> already;
    for (const BatchPerson& p : b.people) {
      if (p.present) already.insert(p.person_id);
    }
    for (const auto& r : rows)
      (already.contains(r.person_id) ? report.unchanged : report.inserted)++;
    return report;
  }
  if (!rows.empty()) {
    ASSIGN_OR_RETURN(std::vector<store::CheckinResult> results, attendance_.CheckIn(rows));
    for (const auto& r : results) {
      (r.outcome == store::CheckinOutcome::kNew ? report.inserted : report.unchanged)++;
    }
  }
  report.committed = true;
  nlohmann::ordered_json after{{"scope", scope.ToString()}, {"batch", batch_id},
                               {"rows", report.rows},       {"present", rows.size()},
                               {"new", report.inserted},    {"unchanged", report.unchanged}};
  RETURN_IF_ERROR(WriteAudit(
      reg_.store,
      MakeAudit(actor, "attendance.import", StrCat("batch ", scope.ToString(), "/", batch_id),
                b.batch.kecamatan, "", after.dump())));
  return report;
}

StatusOr<AttendanceReport> Attendance::Report(const store::UserRow& user, const Scope& scope) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  ASSIGN_OR_RETURN(std::optional<store::PlanRow> saved, planning_.LatestPlan(scope));
  if (!saved) return absl::NotFoundError(StrCat("no plan saved for ", scope.ToString()));
  ASSIGN_OR_RETURN(std::vector<plan::Batch> batches, planning_.PlanBatches(saved->id));
  ASSIGN_OR_RETURN(auto counts, attendance_.CountByBatch(scope.code));
  AttendanceReport out;
  out.scope = scope;
  out.plan_id = saved->id;
  std::map<RegionCode, RegionAttendanceRow> regions;
  for (const plan::Batch& b : batches) {
    BatchAttendanceRow row{b.id, b.kecamatan, b.date, b.people, 0};
    if (auto it = counts.find(b.id); it != counts.end()) row.present = it->second;
    RegionAttendanceRow& r = regions[b.kecamatan];
    r.kecamatan = b.kecamatan;
    ++r.batches;
    r.expected += row.expected;
    r.present += row.present;
    out.expected += row.expected;
    out.present += row.present;
    out.batches.push_back(row);
  }
  for (auto& [code, r] : regions) {
    const Region* reg = reg_.ref.regions.Find(code);
    r.name = reg ? reg->name : FormatRegionCode(code);
    out.regions.push_back(r);
  }
  return out;
}

StatusOr<std::string> Attendance::HonorariaPdf(const store::UserRow& user, const Scope& scope,
                                               int64_t batch_id) {
  ASSIGN_OR_RETURN(AttendanceBatch b, Authorized(user, scope, batch_id));
  render::Batch doc;
  doc.id = StrCat(scope.national() ? "ID" : FormatRegionCode(scope.code), "-", batch_id);
  const RegionCode kab = AncestorAt(b.batch.kecamatan, RegionLevel::kKabKota);
  const Region* kab_region = reg_.ref.regions.Find(kab);
  const std::string kab_name = kab_region ? kab_region->name : FormatRegionCode(kab);
  std::string upper = kab_name;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  doc.office.name = StrCat("KOMISI PEMILIHAN UMUM ", upper);
  doc.office.place = kab_name;
  doc.office.signer_title = StrCat("Ketua KPU ", kab_name);
  doc.date = b.batch.date;
  doc.zone = b.batch.zone;
  doc.start = b.batch.start_min;
  doc.end = b.batch.end_min;
  doc.venue_name =
      b.venue_address.empty() ? b.venue_name : StrCat(b.venue_name, ", ", b.venue_address);
  const int zone_offset_min = static_cast<int>(b.batch.zone) * 60;
  std::vector<render::HonorariaRow> rows;
  for (const BatchPerson& p : b.people) {
    render::HonorariaRow r;
    r.name = p.name;
    r.position = PositionName(p.position);
    r.tps = StrCat("TPS ",
                   NumberOfTps(p.tps) < 10    ? "00"
                   : NumberOfTps(p.tps) < 100 ? "0"
                                              : "",
                   NumberOfTps(p.tps));
    r.present = p.present;
    // An imported sheet says who came, not when: no time for those rows.
    if (p.present && p.server_ms > 0 && p.method != store::CheckinMethod::kImport) {
      const int64_t minute_utc = (p.server_ms / 60000) % 1440;
      r.checkin_minute = static_cast<int>((minute_utc + zone_offset_min) % 1440);
    }
    rows.push_back(std::move(r));
  }
  return render::HonorariaListPdf(doc, rows);
}

}  // namespace bimtek::service
