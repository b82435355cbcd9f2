// The honoraria list (daftar hadir untuk honorarium) of a Bimtek batch: the attendance list of
// letters.h with a column that marks who actually checked in (and when), as offices need it to
// account for the participants' transport and honoraria (docs/attendance.md).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "render/batch.h"

namespace bimtek::render {

struct HonorariaRow {
  std::string name;
  std::string position;  // "Ketua KPPS"
  std::string tps;       // "TPS 001"
  bool present = false;
  int checkin_minute = -1;  // local time of the check-in (minutes after midnight); -1 unknown
};

// A4 pages: the letterhead, "DAFTAR HADIR (HONORARIUM)", the batch's title, date, time, venue
// and id on every page, then No | Nama | Jabatan | TPS | Hadir | Tanda tangan, at most
// kAttendanceRowsPerPage rows per page; "Hadir 08.12" for those who checked in, "—" otherwise;
// under the last row the counts (participants, present as recorded) and the facilitator's
// signature. Uses the header fields of `b` (office, title, date, zone, hours, venue, id), not its
// participants. InvalidArgument for an empty id or list; Internal when cairo fails.
// Thread-safe.
StatusOr<std::string> HonorariaListPdf(const Batch& b, const std::vector<HonorariaRow>& rows);

}  // namespace bimtek::render
