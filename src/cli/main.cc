// The `bimtek` program: parses the command line and runs one subcommand. This is the only place,
// with server's main, that names a concrete store backend (through OpenStoreFromOptions).
#include <cstdlib>
#include <iostream>

#include "CLI/CLI.hpp"
#include "cli/commands.h"

int main(int argc, char** argv) {
  bimtek::cli::GlobalOptions g;
  CLI::App app{"Bimtek: technical training of KPPS crews (bimbingan teknis KPPS)", "bimtek"};
  app.require_subcommand(1);
  // Options of the app are accepted after the subcommand too (fallthrough).
  app.fallthrough();
  app.add_option("--db", g.db, "Store: a SQLite file path or postgresql:// URL (env BIMTEK_DB)");
  app.add_option("--key-file", g.key_file, "Personal-data key file (env BIMTEK_KEY_FILE)");
  app.add_option("--lang", g.lang, "Message language: id (default) or en")
      ->check(CLI::IsMember({"id", "en"}));

  bimtek::cli::RegisterGen(app, g);
  bimtek::cli::RegisterImport(app, g);
  bimtek::cli::RegisterExport(app, g);
  bimtek::cli::RegisterStats(app, g);
  bimtek::cli::RegisterKeys(app, g);
  bimtek::cli::RegisterDemo(app, g);
  bimtek::cli::RegisterPaw(app, g);
  bimtek::cli::RegisterBallot(app, g);
  bimtek::cli::RegisterChasil(app, g);
  bimtek::cli::RegisterAnalyze(app, g);
  bimtek::cli::RegisterServe(app, g);
  bimtek::cli::RegisterUser(app, g);
  bimtek::cli::RegisterInvitations(app, g);      // issue 4
  bimtek::cli::RegisterAttendanceSheet(app, g);  // issue 4
  bimtek::cli::RegisterQuestions(app, g);        // issue 5
  bimtek::cli::RegisterTest(app, g);             // issue 5: tests
  bimtek::cli::RegisterPlan(app, g);             // issue 4: planner

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return g.exit_code;
}
