// The subcommands of the `bimtek` program. Each Register* adds one subcommand (with its own
// options) to the app; the callback runs it and returns through ExitCode. Only this folder and
// main.cc turn statuses into exit codes and messages on the terminal.
#pragma once

#include <string>

#include "CLI/CLI.hpp"

namespace bimtek::cli {

// Options shared by every subcommand; --db may stand before or after the subcommand.
struct GlobalOptions {
  std::string db;        // --db PATH|URL, else $BIMTEK_DB, else ./bimtek.db
  std::string key_file;  // --key-file, else $BIMTEK_KEY_FILE, else <db>.key beside a SQLite file
  std::string lang;      // --lang id|en for messages; default id
  int exit_code = 0;     // set by the subcommand that ran
};

// Each lives in its own cmd_*.cc.
void RegisterGen(CLI::App& app, GlobalOptions& g);
void RegisterImport(CLI::App& app, GlobalOptions& g);
void RegisterExport(CLI::App& app, GlobalOptions& g);
void RegisterStats(CLI::App& app, GlobalOptions& g);
void RegisterKeys(CLI::App& app, GlobalOptions& g);
void RegisterDemo(CLI::App& app, GlobalOptions& g);
void RegisterPaw(CLI::App& app, GlobalOptions& g);
void RegisterBallot(CLI::App& app, GlobalOptions& g);   // issue 6: ballot judge
void RegisterChasil(CLI::App& app, GlobalOptions& g);   // issue 6: chasil check
void RegisterAnalyze(CLI::App& app, GlobalOptions& g);  // issue 5: analyze
void RegisterServe(CLI::App& app, GlobalOptions& g);    // issue 3: HTTP server
void RegisterUser(CLI::App& app, GlobalOptions& g);     // issue 3: user add
void RegisterInvitations(CLI::App& app, GlobalOptions& g);      // issue 4: letters, ics, wa.me
void RegisterAttendanceSheet(CLI::App& app, GlobalOptions& g);  // issue 4: daftar hadir PDF
void RegisterQuestions(CLI::App& app, GlobalOptions& g);  // issue 5: question bank
void RegisterTest(CLI::App& app, GlobalOptions& g);       // issue 5: pre/post tests
void RegisterPlan(CLI::App& app, GlobalOptions& g);  // issue 4: plan, venue, facilitator, curriculum

}  // namespace bimtek::cli
