// `bimtek chasil check FILE.json`: runs the C.Hasil checks of the domain reference §6 on one form
// (format in docs/chasil-format.md). Exit code 0 when there is no error (warnings allowed), 1 when
// there are errors, 2 when the file cannot be read or is not a C.Hasil.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "core/ballot/chasil.h"
#include "core/ballot/chasil_json.h"

namespace bimtek::cli {
namespace {

struct ChasilCliOptions {
  std::string file;
  std::string format = "text";
  std::string rounding = "up";
};

int RunCheck(const ChasilCliOptions& o, const GlobalOptions& g) {
  const bool en = g.lang == "en";
  std::string text;
  if (o.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) {
      std::cerr << (en ? "cannot read " : "berkas tidak dapat dibaca: ") << o.file << '\n';
      return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  StatusOr<ballot::CHasil> form = ballot::ParseCHasil(text);
  if (!form.ok()) {
    std::cerr << o.file << ": "
              << (en ? "not a valid C.Hasil: " : "bukan C.Hasil yang sah (format): ")
              << form.status().message() << '\n';
    return 2;
  }
  ballot::ChasilOptions options;
  options.rounding = o.rounding == "nearest" ? ballot::ChasilOptions::Rounding::kNearest
                     : o.rounding == "down"  ? ballot::ChasilOptions::Rounding::kDown
                                             : ballot::ChasilOptions::Rounding::kUp;
  const std::vector<ballot::Violation> v = ballot::CheckCHasil(*form, options);
  if (o.format == "json") {
    std::cout << ballot::ViolationsToJson(v) << '\n';
  } else {
    int errors = 0, warnings = 0;
    for (const auto& x : v) (x.severity == ballot::Severity::kError ? errors : warnings)++;
    std::cout << "C.Hasil-" << ballot::BallotTypeName(form->race);
    if (!form->tps.empty()) std::cout << " TPS " << form->tps;
    if (v.empty()) {
      std::cout << (en ? ": consistent, no errors or warnings" : ": sesuai, tanpa galat") << '\n';
    } else {
      std::cout << ": " << errors << (en ? " error(s), " : " galat, ") << warnings
                << (en ? " warning(s)" : " peringatan") << '\n';
    }
    for (const auto& x : v) {
      const bool err = x.severity == ballot::Severity::kError;
      std::cout << (err ? (en ? "ERROR " : "GALAT ") : (en ? "WARNING " : "PERINGATAN ")) << x.check
                << " [" << x.field << "]: " << (en ? x.message_en : x.message_id) << '\n';
    }
  }
  return ballot::HasErrors(v) ? 1 : 0;
}

}  // namespace

void RegisterChasil(CLI::App& app, GlobalOptions& g) {
  auto opts = std::make_shared<ChasilCliOptions>();
  CLI::App* chasil = app.add_subcommand("chasil", "C.Hasil result forms");
  chasil->require_subcommand(1);
  CLI::App* check = chasil->add_subcommand(
      "check", "Check one C.Hasil (JSON): exit 0 no errors, 1 errors, 2 unreadable input");
  check->add_option("file", opts->file, "C.Hasil JSON file, or - for stdin")->required();
  check->add_option("--format", opts->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check
      ->add_option("--reserve-rounding", opts->rounding,
                   "How DPT + 2% is rounded in the reserve warning: up (default), nearest, down")
      ->check(CLI::IsMember({"up", "nearest", "down"}));
  check->callback([opts, &g] { g.exit_code = RunCheck(*opts, g); });
}

}  // namespace bimtek::cli
