// Import and export on behalf of a logged-in account (the web's use cases over the CLI's engine,
// service/import.h and service/export.h): the account's role and region scope are checked here,
// the file comes as bytes, and a committed import writes one audit row in its own transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/problem.h"
#include "io/sheet.h"
#include "nlohmann/json.hpp"
#include "service/audit.h"
#include "service/import.h"
#include "service/registry.h"
#include "store/accounts.h"

namespace bimtek::service {

enum class TransferKind { kPeople, kTps };

// "people" or "tps"; InvalidArgument naming the two otherwise.
StatusOr<TransferKind> ParseTransferKind(std::string_view text);
const char* TransferKindName(TransferKind kind);

// Whether the account may import and export the registry at all: national, province,
// kabupaten/kota, PPK and PPS operators (each within their scope); not facilitators nor
// participants (exports open personal data).
bool CanTransfer(const store::UserRow& user);

struct UploadedImport {
  TransferKind kind = TransferKind::kPeople;
  std::string file_name;  // as the user named it: messages and the audit row only
  std::string bytes;      // the file (CSV or XLSX, told apart by content)
  bool dry_run = false;
  std::string address;  // the client's address, for the audit row
};

// Imports an uploaded file as `user`: every row must lie inside the user's scope (a row outside
// is an error in the report, as any other row problem); a committed import writes one audit row
// ("import.people"/"import.tps", target "file:NAME", the file's SHA-256 and the counts) in the
// same transaction. Errors: PermissionDenied when !CanTransfer(user); InvalidArgument when the
// file cannot be read as CSV or XLSX (the message says why); a store failure. Data problems are
// in the report (nothing changed when it has errors).
StatusOr<ImportReport> ImportAs(Registry& reg, const store::UserRow& user,
                                const UploadedImport& upload);

// Writes the export of `scope` into `out` (the import layout) as `user`; returns the rows.
// PermissionDenied when !CanTransfer(user) or the scope is not inside the user's; NotFound for
// an unknown region; FailedPrecondition when the scope holds more than `max_rows` rows (the
// command line exports any size: `bimtek export`).
StatusOr<int64_t> ExportAs(Registry& reg, const store::UserRow& user, TransferKind kind,
                           const Scope& scope, int64_t max_rows, io::SheetWriter& out);

// The one audit row of a committed import: action "import.people"/"import.tps", target
// "file:NAME", after_json {"file","sha256","rows","inserted","updated","unchanged"}, stamped now.
store::AuditRow ImportAudit(const Actor& who, TransferKind kind, std::string_view file_name,
                            std::string_view sha256, RegionCode region, const ImportReport& r);

// The import report as `bimtek import --json` prints it (docs/formats.md): file, counts,
// dry_run, committed, errors and warnings (row, column, masked value, code, message in `lang`).
nlohmann::ordered_json ImportReportJson(const ImportReport& report, std::string_view file,
                                        bool dry_run, Lang lang);

// The lowercase hex SHA-256 of `bytes` (the audit row's file hash).
std::string Sha256Hex(std::string_view bytes);
// The same for a file, read in blocks; NotFound when it cannot be read.
StatusOr<std::string> Sha256HexOfFile(const std::string& path);

}  // namespace bimtek::service
