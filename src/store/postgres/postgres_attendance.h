// The PostgreSQL implementation of the attendance store (store/attendance.h): its own connection
// to the registry's database, whose table migration 7 creates (applied when the registry store is
// opened).
#pragma once

#include <memory>
#include <string>

#include "store/attendance.h"

namespace bimtek::store {

// Opens the attendance table of the PostgreSQL store at `url` (the URL and options of
// OpenPostgresStore). Open the registry store first. Errors: Unavailable when the server cannot
// be reached; FailedPrecondition when migration 7 is not applied; InvalidArgument for a bad URL
// option.
StatusOr<std::unique_ptr<AttendanceStore>> OpenPostgresAttendance(const std::string& url);

}  // namespace bimtek::store
