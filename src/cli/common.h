// What every subcommand shares: opening the registry named by the global options (the only
// place that names a concrete backend), the language of messages, and turning a status into a
// message on stderr and an exit code.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "cli/commands.h"
#include "core/problem.h"
#include "crypto/vault.h"
#include "service/registry.h"
#include "store/accounts.h"
#include "store/attendance.h"
#include "store/attempts.h"
#include "store/planning.h"
#include "store/questions.h"
#include "store/results.h"
#include "store/store.h"

namespace bimtek::cli {

// Exit codes (docs/cli.md): 0 done; 1 the input has errors (nothing changed); 2 the command
// could not run (bad options, unreadable file, wrong key, store failure).
inline constexpr int kExitOk = 0;
inline constexpr int kExitDataErrors = 1;
inline constexpr int kExitFailure = 2;

struct OpenRegistry {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<crypto::Vault> vault;
  const service::Reference* ref = nullptr;
  std::string db;
  std::string key_file;  // empty when the key came from BIMTEK_KEY
  bool key_created = false;

  service::Registry registry() { return service::Registry{*store, *vault, *ref}; }
};

std::string DbPath(const GlobalOptions& g);
std::string KeyFilePath(const GlobalOptions& g);
Lang LangOf(const GlobalOptions& g);

// Opens (creating when needed) the store and its key, and binds them.
StatusOr<OpenRegistry> Open(const GlobalOptions& g);
// Another connection to the store at `db` (a SQLite path or a postgresql:// URL), e.g. one per
// server worker; Open() must have run once (it migrates). The only places naming a backend.
StatusOr<std::unique_ptr<store::Store>> OpenStoreAt(const std::string& db,
                                                    const service::Reference& ref);
StatusOr<std::unique_ptr<store::AccountStore>> OpenAccountsAt(const std::string& db);
// The stores later issues added, on the same backend as `db` (SQLite path or postgresql:// URL);
// Open() must have run once (it migrates). Each is a connection of its own.
bool IsPostgresUrl(std::string_view db);
StatusOr<std::unique_ptr<store::PlanningStore>> OpenPlanningAt(const std::string& db);
StatusOr<std::unique_ptr<store::QuestionStore>> OpenQuestionsAt(const std::string& db);
StatusOr<std::unique_ptr<store::TestStore>> OpenTestsAt(const std::string& db);
// The group-commit writer of test submits: one per process (it owns a thread).
// min_interval: the group-commit spacing (store::GroupCommitOptions); nullopt: the backend's.
StatusOr<std::unique_ptr<store::AttemptWriter>> OpenAttemptWriterAt(
    const std::string& db, std::optional<std::chrono::microseconds> min_interval = std::nullopt);
StatusOr<std::unique_ptr<store::ResultStore>> OpenResultsAt(const std::string& db);
// Attendance (issue 4; docs/attendance.md).
StatusOr<std::unique_ptr<store::AttendanceStore>> OpenAttendanceAt(const std::string& db);

// Prints "bimtek: <message>" on stderr and returns kExitFailure.
int Fail(const Status& s);
// kExitOk when the scope is national or names a region; else one line in the user's language
// and kExitFailure.
int CheckScopeExists(const GlobalOptions& g, const OpenRegistry& o, const Scope& scope);
// Chooses the Indonesian or English text.
inline const char* Tr(const GlobalOptions& g, const char* id, const char* en) {
  return LangOf(g) == Lang::kEn ? en : id;
}

}  // namespace bimtek::cli
