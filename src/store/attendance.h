// The attendance store interface (issue 4, item 6): check-ins of the people of a Bimtek batch.
// One row per person per batch; every check-in carries a client-generated id that is unique, so
// a phone that sends its queue again (after a lost answer, a reload, a second sync) never counts
// anyone twice. SQLite implements it in sqlite/sqlite_attendance.cc (migration 7). Holds no
// personal data beyond registry ids.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::store {

// How a person was checked in; stored as the integer value.
enum class CheckinMethod : int {
  kScan = 1,    // their QR code, scanned with the camera
  kTyped = 2,   // their access code, typed
  kList = 3,    // ticked in the batch's list
  kImport = 4,  // a typed or scanned attendance sheet, imported
};

struct CheckinRow {
  std::string client_id;  // made by the device (or the importer); unique across the store
  // The batch: the scope its plan was made for (a region code, 0 national) and its id, which
  // re-plans keep, so a re-plan of the scope does not lose the check-ins already made.
  int64_t scope = 0;
  int64_t batch_id = 0;
  int64_t person_id = 0;  // people.id
  int64_t tps = 0;        // the person's TPS (region reports)
  CheckinMethod method = CheckinMethod::kTyped;
  std::string by;         // the username of who checked them in
  int64_t device_ms = 0;  // the device's clock when it was recorded (as sent; may be wrong)
  int64_t server_ms = 0;  // when the server stored it
};

// What happened to one check-in.
enum class CheckinOutcome : int {
  kNew = 1,            // stored now
  kReplay = 2,         // this client id was stored before: nothing written (the stored row)
  kAlreadyPresent = 3  // the person was checked in before under another client id
};

struct CheckinResult {
  CheckinOutcome outcome = CheckinOutcome::kNew;
  CheckinRow row;  // the stored row (for kReplay and kAlreadyPresent: the earlier one)
};

// Errors: Unavailable when the store is busy; Internal on other store failures. One object is
// used by one thread at a time; several objects (threads, processes) may write the same store.
class AttendanceStore {
 public:
  virtual ~AttendanceStore() = default;

  // Records every row in one transaction and says, per row in order, what happened. Idempotent:
  // a known client id, or a person already present in that batch, writes nothing. A row may
  // name a person an earlier row of the same call already checked in (kAlreadyPresent).
  // All or nothing: on an error nothing of the call is written.
  virtual StatusOr<std::vector<CheckinResult>> CheckIn(const std::vector<CheckinRow>& rows) = 0;

  // The check-ins of one batch, by person id.
  virtual StatusOr<std::vector<CheckinRow>> ListBatch(int64_t scope, int64_t batch_id) = 0;
  // Present people per batch of a scope's plans (batch id -> count); batches without any are
  // absent.
  virtual StatusOr<std::map<int64_t, int64_t>> CountByBatch(int64_t scope) = 0;
};

std::string_view CheckinMethodName(CheckinMethod m);  // "scan", "typed", "list", "import"
bool ParseCheckinMethod(std::string_view name, CheckinMethod* out);

}  // namespace bimtek::store
