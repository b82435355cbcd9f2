// Attendance (issue 4, item 6; docs/attendance.md): checking the people of a Bimtek batch in by
// their access code (typed, or the QR of their invitation scanned), by ticking the batch's list,
// or by importing a typed or scanned attendance sheet; a phone's queue of check-ins synced in one
// call (each with its client id, so a replay is harmless); attendance per batch and per region;
// and the honoraria list (the batch's attendance list as PDF, marking who checked in).
//
// Who may work on a batch: a facilitator account assigned to one of its sessions (its username
// is the facilitator's code, or its person is the facilitator's person), and staff accounts
// (national, province, kabupaten/kota, PPK, PPS) whose scope covers every TPS of the batch.
// Everyone else gets PermissionDenied, before anything is read or written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/plan/planner.h"
#include "core/problem.h"
#include "io/sheet.h"
#include "service/audit.h"
#include "service/import.h"
#include "service/registry.h"
#include "store/accounts.h"
#include "store/attendance.h"
#include "store/planning.h"

namespace bimtek::service {

// One person of a batch (a KPPS member of one of its crews) and their attendance.
struct BatchPerson {
  int64_t person_id = 0;
  std::string name;
  int position = 0;  // 1 Ketua KPPS, 2..7 Anggota
  TpsCode tps = 0;
  bool present = false;
  store::CheckinMethod method = store::CheckinMethod::kTyped;  // when present
  std::string by;                                              // when present
  int64_t server_ms = 0;                                       // when present
};

// A batch is named by its plan's scope and its id (/kelas/32.71.01/3): the newest plan saved for
// that scope holds it. Batch ids survive re-plans, and so do the check-ins made.
struct AttendanceBatch {
  Scope scope;
  int64_t plan_id = 0;  // the plan in force
  plan::Batch batch;
  std::string venue_name, venue_address;
  std::vector<std::string> facilitators;  // names, in session order, without repeats
  std::vector<BatchPerson> people;        // by TPS, then position
  int64_t present = 0;
};

// One check-in as a device sends it.
struct CheckinRequest {
  std::string client_id;  // 1-100 of [A-Za-z0-9._:-]; the device makes it unique
  store::CheckinMethod method = store::CheckinMethod::kTyped;
  std::string code;       // scan/typed: the access code, or the QR's text (a URL with ?kode=)
  int64_t person_id = 0;  // list: the person ticked
  int64_t device_ms = 0;  // the device's clock
};

// What happened to one check-in: "new", "replay" (this client id was stored before),
// "already_present" (the person was checked in earlier under another id), or "error" with a
// problem code of the message catalog (attendance.*) and its message in the caller's language.
struct CheckinReply {
  std::string client_id;
  std::string status;
  std::string code;     // error only
  std::string message;  // error only
  int64_t person_id = 0;
  std::string name;
};

struct BatchAttendanceRow {
  int64_t batch_id = 0;
  RegionCode kecamatan = 0;
  Date date;
  int64_t expected = 0;
  int64_t present = 0;
};

struct RegionAttendanceRow {
  RegionCode kecamatan = 0;
  std::string name;
  int64_t batches = 0;
  int64_t expected = 0;
  int64_t present = 0;
};

// The attendance of the plan in force of a region: per batch and per kecamatan.
struct AttendanceReport {
  Scope scope;
  int64_t plan_id = 0;
  std::vector<BatchAttendanceRow> batches;
  std::vector<RegionAttendanceRow> regions;
  int64_t expected = 0;
  int64_t present = 0;
};

// Extracts the access code from what a scanner or a person gave: the value of a `kode` (or
// `code`) query parameter of a URL, percent-decoded, else the text itself; then upper case
// without spaces and dashes.
std::string CodeFromScan(std::string_view text);

// The use cases over one thread's stores (not thread-safe; one per worker).
class Attendance {
 public:
  Attendance(Registry& reg, store::PlanningStore& planning, store::AccountStore& accounts,
             store::AttendanceStore& attendance);

  // Batch `batch_id` of the plan in force for `scope`, its people and who is present. NotFound
  // when the scope has no plan or the plan no such batch; PermissionDenied when `user` may not work
  // on it.
  StatusOr<AttendanceBatch> Batch(const store::UserRow& user, const Scope& scope, int64_t batch_id);

  // Records check-ins (one, or a device's whole queue) in one store transaction and answers
  // each in order. A bad item (unknown code, someone of another batch, a malformed client id)
  // is answered with an error and does not stop the others; sending the same items again writes
  // nothing and answers "replay". Errors of the whole call as Batch.
  StatusOr<std::vector<CheckinReply>> CheckIn(const store::UserRow& user, const Scope& scope,
                                              int64_t batch_id,
                                              const std::vector<CheckinRequest>& items,
                                              int64_t now_ms, Lang lang);

  // Imports an attendance sheet (docs/attendance.md: a column nik or kode, optional nama, and
  // hadir): every row checked (row errors with row, column, masked value and reason); with any
  // error, or on a dry run, nothing is written; else the present rows are checked in (method
  // import, client id import:SCOPE:BATCH:PERSON, so importing the same sheet again changes
  // nothing) and one audit row records the file. InvalidArgument for a header without the
  // needed columns or a file without data rows. report.inserted counts new check-ins,
  // report.unchanged those already present.
  StatusOr<ImportReport> Import(const store::UserRow& user, const Actor& actor, const Scope& scope,
                                int64_t batch_id, io::SheetReader& sheet, bool dry_run,
                                int64_t now_ms);

  // Attendance of the newest plan saved for exactly `scope`. PermissionDenied outside the
  // user's scope; NotFound when the scope has no saved plan.
  StatusOr<AttendanceReport> Report(const store::UserRow& user, const Scope& scope);

  // The honoraria list of a batch: the attendance list PDF (No, name, position, TPS, present
  // and time, signature) marking who checked in. Errors as Batch; Internal when cairo fails.
  StatusOr<std::string> HonorariaPdf(const store::UserRow& user, const Scope& scope,
                                     int64_t batch_id);

 private:
  StatusOr<AttendanceBatch> Load(const Scope& scope, int64_t batch_id);
  StatusOr<bool> MayWork(const store::UserRow& user, const AttendanceBatch& b);
  StatusOr<AttendanceBatch> Authorized(const store::UserRow& user, const Scope& scope,
                                       int64_t batch_id);

  Registry& reg_;
  store::PlanningStore& planning_;
  store::AccountStore& accounts_;
  store::AttendanceStore& attendance_;
};

}  // namespace bimtek::service
