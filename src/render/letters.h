// Invitation letters (surat undangan) for a Bimtek batch: one A4 PDF, one page per participant,
// in the form a KPU Kabupaten/Kota office sends them (docs/invitations.md shows the layout).
#pragma once

#include <string>

#include "base/status.h"
#include "render/batch.h"

namespace bimtek::render {

// The PDF bytes of batch `b`'s letters, in the order of b.participants. InvalidArgument when `b`
// fails ValidateBatch or an access link does not fit a QR code; Internal when cairo fails or a
// letter would not fit its page. Thread-safe: batches may be rendered on several threads at once.
StatusOr<std::string> InvitationLettersPdf(const Batch& b, const RenderOptions& options);

// The attendance list (daftar hadir) of batch `b`: a table of No, name, position, TPS and a
// signature column, kAttendanceRowsPerPage rows per page at most, the header repeated on every
// page, "Halaman i dari n" at the foot, and the facilitator's signature under the last row.
// Errors as InvitationLettersPdf.
inline constexpr int kAttendanceRowsPerPage = 18;
StatusOr<std::string> AttendanceSheetPdf(const Batch& b);

// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a reader
// never sees half a file and a failure leaves nothing. Internal (with the path and errno text)
// when the file cannot be written.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace bimtek::render
