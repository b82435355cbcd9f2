#include "store/sqlite/sqlite_attendance.h"

#include <optional>

#include "base/strings.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr int kAttendanceSchema = 7;  // the migration that creates the attendance table

constexpr std::string_view kCols =
    "client_id, scope, batch_id, person_id, tps, method, by_user, device_ms, server_ms";

CheckinRow ReadRow(const Stmt& s) {
  CheckinRow r;
  r.client_id = s.Text(0);
  r.scope = s.Int(1);
  r.batch_id = s.Int(2);
  r.person_id = s.Int(3);
  r.tps = s.Int(4);
  r.method = static_cast<CheckinMethod>(s.Int(5));
  r.by = s.Text(6);
  r.device_ms = s.Int(7);
  r.server_ms = s.Int(8);
  return r;
}

class SqliteAttendance : public AttendanceStore {
 public:
  explicit SqliteAttendance(Db db) : db_(std::move(db)) {}

  Status Init() {
    RETURN_IF_ERROR(db_.RequireSchema(kAttendanceSchema, "the attendance table"));
    // Migration 7 came after 8 was in use: a store already at 8 or later skipped it. Its SQL is
    // idempotent (IF NOT EXISTS), so it is applied here when the table is missing.
    ASSIGN_OR_RETURN(Stmt t, db_.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                         "name = 'attendance'"));
    ASSIGN_OR_RETURN(bool has, t.Step());
    t = Stmt();
    if (has) return absl::OkStatus();
    for (const sqlite::Migration& m : sqlite::Migrations()) {
      if (m.version != kAttendanceSchema) continue;
      RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
      Status s = db_.Exec(m.sql);
      if (!s.ok()) {
        db_.Exec("ROLLBACK").IgnoreError();
        return absl::InternalError(
            StrCat("migration ", m.version, " (", m.description, "): ", s.message()));
      }
      return db_.Exec("COMMIT");
    }
    return absl::InternalError("migration 7 (attendance) is missing from this program");
  }

  StatusOr<std::vector<CheckinResult>> CheckIn(const std::vector<CheckinRow>& rows) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto out = CheckInTxn(rows);
    if (!out.ok()) {
      db_.Exec("ROLLBACK").IgnoreError();
      return out.status();
    }
    RETURN_IF_ERROR(db_.Exec("COMMIT"));
    return out;
  }

  StatusOr<std::vector<CheckinRow>> ListBatch(int64_t scope, int64_t batch_id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat("SELECT ", kCols,
                                                " FROM attendance WHERE scope = ?1 AND "
                                                "batch_id = ?2 ORDER BY person_id")));
    s.Bind(1, scope).Bind(2, batch_id);
    std::vector<CheckinRow> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(ReadRow(s));
    }
    return out;
  }

  StatusOr<std::map<int64_t, int64_t>> CountByBatch(int64_t scope) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT batch_id, count(*) FROM attendance WHERE "
                                         "scope = ?1 GROUP BY batch_id"));
    s.Bind(1, scope);
    std::map<int64_t, int64_t> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out[s.Int(0)] = s.Int(1);
    }
    return out;
  }

 private:
  StatusOr<std::vector<CheckinResult>> CheckInTxn(const std::vector<CheckinRow>& rows) {
    ASSIGN_OR_RETURN(Stmt by_client, db_.Prepare(StrCat("SELECT ", kCols,
                                                        " FROM attendance WHERE client_id = ?1")));
    ASSIGN_OR_RETURN(Stmt by_person, db_.Prepare(StrCat("SELECT ", kCols,
                                                        " FROM attendance WHERE scope = ?1 AND "
                                                        "batch_id = ?2 AND person_id = ?3")));
    ASSIGN_OR_RETURN(Stmt ins, db_.Prepare(StrCat("INSERT INTO attendance(", kCols,
                                                  ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")));
    std::vector<CheckinResult> out;
    out.reserve(rows.size());
    for (const CheckinRow& r : rows) {
      by_client.Reset();
      by_client.Bind(1, std::string_view(r.client_id));
      ASSIGN_OR_RETURN(bool known, by_client.Step());
      if (known) {
        out.push_back({CheckinOutcome::kReplay, ReadRow(by_client)});
        continue;
      }
      by_person.Reset();
      by_person.Bind(1, r.scope).Bind(2, r.batch_id).Bind(3, r.person_id);
      ASSIGN_OR_RETURN(bool present, by_person.Step());
      if (present) {
        out.push_back({CheckinOutcome::kAlreadyPresent, ReadRow(by_person)});
        continue;
      }
      ins.Reset();
      RETURN_IF_ERROR(ins.Bind(1, std::string_view(r.client_id))
                          .Bind(2, r.scope)
                          .Bind(3, r.batch_id)
                          .Bind(4, r.person_id)
                          .Bind(5, r.tps)
                          .Bind(6, static_cast<int>(r.method))
                          .Bind(7, std::string_view(r.by))
                          .Bind(8, r.device_ms)
                          .Bind(9, r.server_ms)
                          .Run());
      out.push_back({CheckinOutcome::kNew, r});
    }
    return out;
  }

  Db db_;
};

}  // namespace

StatusOr<std::unique_ptr<AttendanceStore>> OpenSqliteAttendance(const std::string& path) {
  ASSIGN_OR_RETURN(Db db, sqlite::Db::Open(path));
  auto store = std::make_unique<SqliteAttendance>(std::move(db));
  RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<AttendanceStore>(std::move(store));
}

}  // namespace bimtek::store
