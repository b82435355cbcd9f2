#include "store/postgres/postgres_attendance.h"

#include "base/strings.h"
#include "store/postgres/pg_session.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::Param;
using pg::Result;

constexpr int kAttendanceSchema = 7;  // the migration that creates the attendance table

constexpr std::string_view kCols =
    "client_id, scope, batch_id, person_id, tps, method, by_user, device_ms, server_ms";

CheckinRow ReadRow(const Result& r, int i) {
  CheckinRow c;
  c.client_id = std::string(r.Text(i, 0));
  c.scope = r.Int(i, 1);
  c.batch_id = r.Int(i, 2);
  c.person_id = r.Int(i, 3);
  c.tps = r.Int(i, 4);
  c.method = static_cast<CheckinMethod>(r.Int(i, 5));
  c.by = std::string(r.Text(i, 6));
  c.device_ms = r.Int(i, 7);
  c.server_ms = r.Int(i, 8);
  return c;
}

class PgAttendance : public AttendanceStore {
 public:
  explicit PgAttendance(Conn conn) : conn_(std::move(conn)) {}

  StatusOr<std::vector<CheckinResult>> CheckIn(const std::vector<CheckinRow>& rows) override {
    std::vector<CheckinResult> out;
    // ON CONFLICT DO NOTHING covers both unique keys (the client id, and the person in the
    // batch); a row that was not inserted is then looked up to say which one it met. Retried
    // from the start after a serialization failure, so `out` is rebuilt each time.
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      out.clear();
      for (const CheckinRow& r : rows) {
        ASSIGN_OR_RETURN(
            Result ins,
            conn_.Exec(
                StrCat("INSERT INTO attendance(", kCols,
                       ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO "
                       "NOTHING RETURNING id"),
                {Param::Text(r.client_id), Param::Int(r.scope), Param::Int(r.batch_id),
                 Param::Int(r.person_id), Param::Int(r.tps), Param::Int(static_cast<int>(r.method)),
                 Param::Text(r.by), Param::Int(r.device_ms), Param::Int(r.server_ms)}));
        if (ins.rows() == 1) {
          out.push_back({CheckinOutcome::kNew, r});
          continue;
        }
        ASSIGN_OR_RETURN(Result known, conn_.Exec(StrCat("SELECT ", kCols,
                                                         " FROM attendance WHERE client_id = $1"),
                                                  {Param::Text(r.client_id)}));
        if (known.rows() == 1) {
          out.push_back({CheckinOutcome::kReplay, ReadRow(known, 0)});
          continue;
        }
        ASSIGN_OR_RETURN(
            Result present,
            conn_.Exec(StrCat("SELECT ", kCols,
                              " FROM attendance WHERE scope = $1 AND batch_id = $2 "
                              "AND person_id = $3"),
                       {Param::Int(r.scope), Param::Int(r.batch_id), Param::Int(r.person_id)}));
        if (present.rows() != 1) {
          return absl::InternalError(
              StrCat("check-in ", r.client_id, " conflicted with a row that is not there"));
        }
        out.push_back({CheckinOutcome::kAlreadyPresent, ReadRow(present, 0)});
      }
      return absl::OkStatus();
    }));
    return out;
  }

  StatusOr<std::vector<CheckinRow>> ListBatch(int64_t scope, int64_t batch_id) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec(StrCat("SELECT ", kCols,
                                                 " FROM attendance WHERE scope = $1 AND "
                                                 "batch_id = $2 ORDER BY person_id"),
                                          {Param::Int(scope), Param::Int(batch_id)}));
    std::vector<CheckinRow> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadRow(r, i));
    return out;
  }

  StatusOr<std::map<int64_t, int64_t>> CountByBatch(int64_t scope) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT batch_id, count(*) FROM attendance WHERE "
                                          "scope = $1 GROUP BY batch_id",
                                          {Param::Int(scope)}));
    std::map<int64_t, int64_t> out;
    for (int i = 0; i < r.rows(); ++i) out[r.Int(i, 0)] = r.Int(i, 1);
    return out;
  }

 private:
  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<AttendanceStore>> OpenPostgresAttendance(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, pg::ConnectFor(url, kAttendanceSchema, "attendance table"));
  return std::unique_ptr<AttendanceStore>(std::make_unique<PgAttendance>(std::move(conn)));
}

}  // namespace bimtek::store
