// The SQLite implementation of the attendance store (store/attendance.h): its own connection to
// the registry's database file, whose tables migration 7 creates (applied when the registry
// store is opened).
#pragma once

#include <memory>
#include <string>

#include "store/attendance.h"

namespace bimtek::store {

// Opens the attendance tables of the SQLite store at `path`. Open the registry store first
// (OpenSqliteStore applies the migrations). Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the store's schema has no attendance table yet.
StatusOr<std::unique_ptr<AttendanceStore>> OpenSqliteAttendance(const std::string& path);

}  // namespace bimtek::store
