// bimtek user add --username U --role R --scope CODE [--display-name N] [--password-file F]:
// creates a staff account (the first national admin, say); the password comes from the file's
// first line or, without --password-file, from the first line of stdin.
#include <fstream>
#include <iostream>

#include "base/strings.h"
#include "cli/common.h"
#include "fmt/format.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/people.h"

namespace bimtek::cli {

namespace {

struct UserAddOptions {
  std::string username;
  std::string role;
  std::string scope = "national";
  std::string display_name;
  std::string password_file;
};

// The first line of `in`, without its line end.
std::string FirstLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool LooksLikeNikText(std::string_view s) { return service::LooksLikeNik(s); }

int RunUserAdd(GlobalOptions& g, const UserAddOptions& opts) {
  auto role = service::ParseRole(opts.role);
  if (!role.ok()) return Fail(role.status());
  auto scope = ParseScope(opts.scope);
  if (!scope.ok()) return Fail(scope.status());
  std::string password;
  if (!opts.password_file.empty()) {
    std::ifstream in(opts.password_file);
    if (!in) {
      return Fail(absl::NotFoundError(StrCat("cannot read password file ", opts.password_file)));
    }
    password = FirstLine(in);
  } else {
    password = FirstLine(std::cin);
  }
  auto o = Open(g);  // opens and migrates the store
  if (!o.ok()) return Fail(o.status());
  auto accounts = OpenAccountsAt(o->db);
  if (!accounts.ok()) return Fail(accounts.status());
  const service::Registry reg = o->registry();
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  service::NewUser u{opts.username, *role, scope->national() ? 0 : scope->code, opts.display_name};
  auto user = auth.AddUser(u, password);
  if (!user.ok()) return Fail(user.status());
  auto audited = service::WriteAudit(
      *o->store,
      service::MakeAudit(service::CliActor(), "user.add", StrCat("user:", user->username),
                         user->scope, "",
                         fmt::format(R"({{"username":"{}","role":"{}","scope":"{}"}})",
                                     user->username, service::RoleName(user->role),
                                     service::ScopeOf(*user).ToString())));
  if (!audited.ok()) return Fail(audited);
  std::cout << fmt::format("{} {} ({}, {})\n", Tr(g, "akun dibuat:", "account created:"),
                           user->username, service::RoleName(user->role),
                           service::ScopeOf(*user).ToString());
  return kExitOk;
}

// bimtek user reissue-code --person ID (or the NIK on the first line of stdin): a new access code
// for a participant, shown once; the old code and their sessions stop working. Audited.
int RunReissueCode(GlobalOptions& g, int64_t person_id) {
  std::string nik;
  if (person_id == 0) nik = std::string(Trim(FirstLine(std::cin)));
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto accounts = OpenAccountsAt(o->db);
  if (!accounts.ok()) return Fail(accounts.status());
  service::Registry reg = o->registry();
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  const service::Actor actor = service::CliActor();
  // The command line acts with the whole country in scope (whoever can run it holds the key).
  store::UserRow op;
  op.username = actor.name;
  op.role = store::UserRole::kNationalAdmin;
  if (person_id == 0) {
    if (!LooksLikeNikText(nik)) {
      return Fail(absl::InvalidArgumentError(
          "give --person ID, or the 16-digit NIK on the first line of standard input"));
    }
    auto found = reg.store.FindPersonByNikIndex(service::NikIndex(reg.vault, nik));
    if (!found.ok()) return Fail(found.status());
    if (!*found) {
      return Fail(absl::NotFoundError(StrCat("no person with NIK ", MaskNik(nik))));
    }
    person_id = (*found)->id;
  }
  auto code = service::ReissueAccessCode(reg, auth, op, actor, person_id);
  if (!code.ok()) return Fail(code.status());
  std::cout << fmt::format("{} {}\n",
                           Tr(g, "kode akses baru (tampil sekali):",
                              "new access code (shown once):"),
                           *code);
  return kExitOk;
}

}  // namespace

void RegisterUser(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("user", "Staff accounts");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Create a staff account (password from file or stdin)");
  auto opts = std::make_shared<UserAddOptions>();
  add->add_option("--username", opts->username, "Login name: 3-64 of a-z 0-9 . _ -")->required();
  add->add_option("--role", opts->role,
                  "national-admin, province, kabkota, ppk, pps or facilitator")
      ->required();
  add->add_option("--scope", opts->scope,
                  "Region code of the role's level (32, 32.71, …), or national (default)");
  add->add_option("--display-name", opts->display_name, "Name shown in the interface");
  add->add_option("--password-file", opts->password_file,
                  "File whose first line is the password (default: read stdin)");
  add->callback([&g, opts] { g.exit_code = RunUserAdd(g, *opts); });
  auto* reissue = cmd->add_subcommand(
      "reissue-code", "Issue a new access code to a participant (NIK from stdin, or --person)");
  auto person = std::make_shared<int64_t>(0);
  reissue->add_option("--person", *person, "Registry id of the person (as on /orang/ID)");
  reissue->callback([&g, person] { g.exit_code = RunReissueCode(g, *person); });
}

}  // namespace bimtek::cli
