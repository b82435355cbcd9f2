#include "service/transfer.h"

#include <sodium.h>

#include <fstream>
#include <vector>

#include "base/strings.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/export.h"

namespace bimtek::service {

namespace {

nlohmann::ordered_json ProblemsJson(const std::vector<RowProblem>& ps, Lang lang) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& p : ps) {
    arr.push_back({{"row", p.row},
                   {"column", p.column},
                   {"value", p.value},
                   {"code", p.problem.code},
                   {"message", Describe(p.problem, lang)}});
  }
  return arr;
}

}  // namespace

StatusOr<TransferKind> ParseTransferKind(std::string_view text) {
  if (text == "people") return TransferKind::kPeople;
  if (text == "tps") return TransferKind::kTps;
  return absl::InvalidArgumentError(
      StrCat("'", text, "' is not something to import or export: use people or tps"));
}

const char* TransferKindName(TransferKind kind) {
  return kind == TransferKind::kTps ? "tps" : "people";
}

bool CanTransfer(const store::UserRow& user) {
  if (!user.active) return false;
  switch (user.role) {
    case store::UserRole::kNationalAdmin:
    case store::UserRole::kProvince:
    case store::UserRole::kKabKota:
    case store::UserRole::kPpk:
    case store::UserRole::kPps:
      return true;
    case store::UserRole::kFacilitator:
    case store::UserRole::kParticipant:
      return false;
  }
  return false;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string out(2 * sizeof h + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), h, sizeof h);
  out.pop_back();
  return out;
}

StatusOr<std::string> Sha256HexOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return absl::NotFoundError(StrCat("cannot read ", path));
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  std::string out(2 * sizeof h + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), h, sizeof h);
  out.pop_back();
  return out;
}

StatusOr<ImportReport> ImportAs(Registry& reg, const store::UserRow& user,
                                const UploadedImport& upload) {
  if (!CanTransfer(user)) {
    return absl::PermissionDeniedError(
        StrCat("account ", user.username, " (", RoleName(user.role), ") may not import"));
  }
  const Scope scope = ScopeOf(user);
  ASSIGN_OR_RETURN(auto sheet, io::OpenSheetBytes(upload.bytes, upload.file_name));
  ImportOptions options;
  options.dry_run = upload.dry_run;
  options.scope = scope;
  const std::string sha256 = Sha256Hex(upload.bytes);
  options.before_commit = [&](store::WriteTxn& txn, const ImportReport& r) -> Status {
    return txn.AddAudit(ImportAudit(UserActor(user, upload.address), upload.kind,
                                    upload.file_name, sha256, scope.code, r));
  };
  return upload.kind == TransferKind::kTps ? ImportTps(reg, *sheet, options)
                                           : ImportPeople(reg, *sheet, options);
}

StatusOr<int64_t> ExportAs(Registry& reg, const store::UserRow& user, TransferKind kind,
                           const Scope& scope, int64_t max_rows, io::SheetWriter& out) {
  if (!CanTransfer(user)) {
    return absl::PermissionDeniedError(
        StrCat("account ", user.username, " (", RoleName(user.role), ") may not export"));
  }
  RETURN_IF_ERROR(CheckScope(user, scope));
  if (!scope.national() && reg.ref.regions.Find(scope.code) == nullptr) {
    return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
  }
  int64_t rows = 0;
  if (kind == TransferKind::kTps) {
    ASSIGN_OR_RETURN(rows, reg.store.CountTps(scope));
  } else {
    ASSIGN_OR_RETURN(const store::PeopleCounts c, reg.store.CountPeople(scope));
    rows = c.Total();
  }
  if (rows > max_rows) {
    return absl::FailedPreconditionError(
        StrCat(scope.ToString(), " has ", rows, " rows, more than the web export's limit of ",
               max_rows, ": export a smaller region, or use `bimtek export` on the server"));
  }
  return kind == TransferKind::kTps ? ExportTps(reg, scope, out) : ExportPeople(reg, scope, out);
}

store::AuditRow ImportAudit(const Actor& who, TransferKind kind, std::string_view file_name,
                            std::string_view sha256, RegionCode region, const ImportReport& r) {
  nlohmann::ordered_json after;
  after["file"] = file_name;
  after["sha256"] = sha256;
  after["rows"] = r.rows;
  after["inserted"] = r.inserted;
  after["updated"] = r.updated;
  after["unchanged"] = r.unchanged;
  return MakeAudit(who, StrCat("import.", TransferKindName(kind)), StrCat("file:", file_name),
                   region, "", after.dump());
}

nlohmann::ordered_json ImportReportJson(const ImportReport& r, std::string_view file,
                                        bool dry_run, Lang lang) {
  nlohmann::ordered_json j;
  j["file"] = file;
  j["rows"] = r.rows;
  j["inserted"] = r.inserted;
  j["updated"] = r.updated;
  j["unchanged"] = r.unchanged;
  j["dry_run"] = dry_run;
  j["committed"] = r.committed;
  j["errors"] = ProblemsJson(r.errors, lang);
  j["warnings"] = ProblemsJson(r.warnings, lang);
  return j;
}

}  // namespace bimtek::service
