// `bimtek ballot judge`: judges ballots read as JSON Lines on stdin, one verdict line per ballot
// on stdout, in order (contract in docs/ballot-rules.md). `bimtek ballot rules`: prints the rule
// table the judge uses, as JSON. `bimtek ballot exercise`: prints the counting exercise of a seed.
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "core/ballot/ballot_json.h"
#include "core/ballot/ballot_rules.h"
#include "core/ballot/exercise.h"
#include "core/ballot/exercise_json.h"

namespace bimtek::cli {
namespace {

struct BallotOptions {
  std::string stray_outside = "ignore";
  uint64_t seed = 1;
  std::string territory = "province";
  bool compact = false;
  std::string contestants;  // JSON file of contestants (ElectionToJson form); empty: fictional
};

// Reads every line of `in`; a line that cannot be judged gets an {"error":...} line and the
// stream goes on. Blank lines are skipped (they carry no ballot).
void JudgeStream(std::istream& in, std::ostream& out, const ballot::RuleOptions& options) {
  ballot::BallotParser parser;
  std::string line;
  long line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    StatusOr<ballot::Ballot> b = parser.Parse(line);
    if (!b.ok()) {
      out << ballot::ErrorToJson("line " + std::to_string(line_no) + ": " +
                                 std::string(b.status().message()))
          << '\n';
    } else {
      StatusOr<ballot::Verdict> v = ballot::Judge(*b, ballot::DefaultRules(), options);
      if (v.ok()) {
        out << ballot::VerdictToJson(*v) << '\n';
      } else {
        out << ballot::ErrorToJson("line " + std::to_string(line_no) + ": " +
                                   std::string(v.status().message()))
            << '\n';
      }
    }
    // Answer at once when no more input is waiting, so that a caller can converse line by line.
    if (in.rdbuf()->in_avail() <= 0) out.flush();
  }
  out.flush();
}

}  // namespace

void RegisterBallot(CLI::App& app, GlobalOptions& g) {
  auto opts = std::make_shared<BallotOptions>();
  CLI::App* ballot = app.add_subcommand("ballot", "Ballot validity (surat suara sah/tidak sah)");
  ballot->require_subcommand(1);

  CLI::App* judge = ballot->add_subcommand(
      "judge", "Judge ballots: JSON Lines on stdin, one verdict line per ballot on stdout");
  judge
      ->add_option("--stray-outside", opts->stray_outside,
                   "Marks outside the columns beside marks in one column: ignore (default) or "
                   "invalid")
      ->check(CLI::IsMember({"ignore", "invalid"}));
  judge->callback([opts, &g] {
    std::ios::sync_with_stdio(false);
    ballot::RuleOptions options;
    options.stray_outside_invalid = opts->stray_outside == "invalid";
    JudgeStream(std::cin, std::cout, options);
    g.exit_code = 0;
  });

  CLI::App* rules =
      ballot->add_subcommand("rules", "Print the validity rule table (JSON) that judge uses");
  rules->callback([&g] {
    std::cout << ballot::RulesToJson(ballot::DefaultRules()) << '\n';
    g.exit_code = 0;
  });

  CLI::App* exercise = ballot->add_subcommand(
      "exercise",
      "Print the counting exercise of a seed: contestants, ballots with the answer "
      "key, and the correct C.Hasil of each race (JSON)");
  exercise->add_option("--seed", opts->seed, "Seed (same seed, same TPS)");
  exercise->add_option("--territory", opts->territory, "province (default), aceh, jakarta, abroad")
      ->check(CLI::IsMember({"province", "aceh", "jakarta", "abroad"}));
  exercise->add_flag("--compact", opts->compact, "One line instead of indented JSON");
  exercise->add_option("--contestants", opts->contestants,
                       "JSON file with the contestants to use instead of fictional ones "
                       "(docs/counting-exercise.md); its territory overrides --territory");
  exercise->callback([opts, &g] {
    ballot::ExerciseOptions o;
    o.seed = opts->seed;
    o.territory = ballot::ParseTerritory(opts->territory).value_or(ballot::Territory::kProvince);
    std::optional<ballot::Election> loaded;
    if (!opts->contestants.empty()) {
      std::ifstream in(opts->contestants, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      StatusOr<ballot::Election> e = ballot::ElectionFromJson(text.str());
      if (!in || !e.ok()) {
        std::cerr << opts->contestants << ": "
                  << (in ? std::string(e.status().message()) : std::string("cannot read")) << '\n';
        g.exit_code = 2;
        return;
      }
      loaded = std::move(*e);
      o.election = &*loaded;
    }
    std::cout << ballot::ExerciseToJson(ballot::GenerateExercise(o), !opts->compact) << '\n';
    g.exit_code = 0;
  });
}

}  // namespace bimtek::cli
