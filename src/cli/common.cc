#include "cli/common.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/strings.h"
#include "store/postgres/postgres_accounts.h"
#include "store/postgres/postgres_attendance.h"
#include "store/postgres/postgres_attempts.h"
#include "store/postgres/postgres_planning.h"
#include "store/postgres/postgres_questions.h"
#include "store/postgres/postgres_results.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attendance.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_planning.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_results.h"
#include "store/sqlite/sqlite_store.h"

namespace bimtek::cli {

std::string DbPath(const GlobalOptions& g) {
  if (!g.db.empty()) return g.db;
  if (const char* env = std::getenv("BIMTEK_DB"); env != nullptr && *env != '\0') return env;
  return "bimtek.db";
}

std::string KeyFilePath(const GlobalOptions& g) {
  if (!g.key_file.empty()) return g.key_file;
  if (const char* env = std::getenv("BIMTEK_KEY_FILE"); env != nullptr && *env != '\0') return env;
  return DbPath(g) + ".key";
}

Lang LangOf(const GlobalOptions& g) {
  std::string lang = g.lang;
  if (lang.empty()) {
    if (const char* env = std::getenv("BIMTEK_LANG"); env != nullptr) lang = env;
  }
  return lang == "en" ? Lang::kEn : Lang::kId;
}

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

StatusOr<std::unique_ptr<store::Store>> OpenStoreAt(const std::string& db,
                                                    const service::Reference& ref) {
  if (IsPostgresUrl(db)) return store::OpenPostgresStore(db, ref.regions.all());
  return store::OpenSqliteStore(db, ref.regions.all());
}

StatusOr<std::unique_ptr<store::AccountStore>> OpenAccountsAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresAccounts(db);
  return store::OpenSqliteAccounts(db);
}

StatusOr<std::unique_ptr<store::PlanningStore>> OpenPlanningAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresPlanning(db);
  return store::OpenSqlitePlanning(db);
}

StatusOr<std::unique_ptr<store::QuestionStore>> OpenQuestionsAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresQuestions(db);
  return store::OpenSqliteQuestions(db);
}

StatusOr<std::unique_ptr<store::TestStore>> OpenTestsAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresTests(db);
  return store::OpenSqliteTests(db);
}

StatusOr<std::unique_ptr<store::AttemptWriter>> OpenAttemptWriterAt(
    const std::string& db, std::optional<std::chrono::microseconds> min_interval) {
  if (IsPostgresUrl(db)) {
    store::PgGroupCommitOptions o;
    if (min_interval) o.min_interval = *min_interval;
    return store::OpenPostgresAttemptWriter(db, o);
  }
  store::GroupCommitOptions o;
  if (min_interval) o.min_interval = *min_interval;
  return store::OpenSqliteAttemptWriter(db, o);
}

StatusOr<std::unique_ptr<store::ResultStore>> OpenResultsAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresResults(db);
  return store::OpenSqliteResults(db);
}

StatusOr<std::unique_ptr<store::AttendanceStore>> OpenAttendanceAt(const std::string& db) {
  if (IsPostgresUrl(db)) return store::OpenPostgresAttendance(db);
  return store::OpenSqliteAttendance(db);
}

StatusOr<OpenRegistry> Open(const GlobalOptions& g) {
  OpenRegistry o;
  o.db = DbPath(g);
  const bool postgres = IsPostgresUrl(o.db);
  if (postgres && std::getenv("BIMTEK_KEY") == nullptr && g.key_file.empty() &&
      std::getenv("BIMTEK_KEY_FILE") == nullptr) {
    // The default key file sits beside a SQLite file; a URL has no "beside".
    return absl::InvalidArgumentError(
        "with a PostgreSQL database, give the key with --key-file, BIMTEK_KEY_FILE or BIMTEK_KEY");
  }
  ASSIGN_OR_RETURN(o.ref, service::DefaultReference());
  ASSIGN_OR_RETURN(o.store, OpenStoreAt(o.db, *o.ref));
  crypto::MasterKey key;
  if (const char* env = std::getenv("BIMTEK_KEY"); env != nullptr && *env != '\0') {
    auto k = crypto::MasterKey::Parse(env);
    if (!k.ok()) return absl::InvalidArgumentError(StrCat("BIMTEK_KEY: ", k.status().message()));
    key = *k;
  } else {
    o.key_file = KeyFilePath(g);
    ASSIGN_OR_RETURN(auto check, o.store->GetMeta("key_check"));
    if (check && !std::filesystem::exists(o.key_file)) {
      // Never make a new key for a store that already has data under one.
      return absl::NotFoundError(StrCat(
          "the key file ", o.key_file, " is missing, and the store ", o.db,
          " holds personal data sealed with its key; restore it from backup or pass --key-file "
          "(see docs/operations.md)"));
    }
    ASSIGN_OR_RETURN(key, crypto::LoadOrCreateKeyFile(o.key_file, &o.key_created));
  }
  o.vault = std::make_unique<crypto::Vault>(key);
  RETURN_IF_ERROR(service::BindKey(*o.store, *o.vault));
  return o;
}

int Fail(const Status& s) {
  std::cerr << "bimtek: " << s.message() << "\n";
  return kExitFailure;
}

int CheckScopeExists(const GlobalOptions& g, const OpenRegistry& o, const Scope& scope) {
  if (scope.national() || o.ref->regions.Find(scope.code) != nullptr) return kExitOk;
  std::cerr << "bimtek: "
            << (LangOf(g) == Lang::kEn
                    ? StrCat("region ", scope.ToString(), " does not exist")
                    : StrCat("wilayah ", scope.ToString(), " tidak ada dalam daftar Kemendagri"))
            << "\n";
  return kExitFailure;
}

}  // namespace bimtek::cli
