// bimtek keys rotate --new-key-file FILE: re-seals all personal data under a new key.
// bimtek keys id: prints the id of the key in use (never the key).
#include <filesystem>
#include <iostream>

#include "cli/common.h"
#include "fmt/format.h"
#include "service/audit.h"
#include "service/keys.h"

namespace bimtek::cli {

namespace {

int RunRotate(GlobalOptions& g, const std::string& new_file) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  bool created = false;
  auto key = crypto::LoadOrCreateKeyFile(new_file, &created);
  if (!key.ok()) return Fail(key.status());
  if (key->id == o->vault->key_id()) {
    return Fail(absl::InvalidArgumentError("the new key is the key in use; give a new file"));
  }
  crypto::Vault to(*key);
  auto n = service::RotateKey(*o->store, *o->vault, to);
  if (!n.ok()) return Fail(n.status());
  // One audit row for the whole rotation, written once it has committed.
  auto audited = service::WriteAudit(
      *o->store, service::MakeAudit(service::CliActor(), "keys.rotate",
                                    fmt::format("key:{:08x}", key->id), 0, "",
                                    fmt::format(R"({{"people":{},"old_key":"{:08x}","new_key":"{:08x}"}})",
                                                *n, o->vault->key_id(), key->id)));
  if (!audited.ok()) return Fail(audited);
  std::cout << fmt::format(
      "{} {} {}; {} {:08x}. {}\n", Tr(g, "disegel ulang", "re-sealed"), *n,
      Tr(g, "orang", "people"), Tr(g, "kunci baru", "new key id"), key->id,
      Tr(g, "Pasang berkas kunci baru di tempat yang lama (lihat docs/operations.md).",
         "Put the new key file in place of the old one (see docs/operations.md)."));
  return kExitOk;
}

int RunId(GlobalOptions& g) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  std::cout << fmt::format("{:08x}\n", o->vault->key_id());
  return kExitOk;
}

}  // namespace

void RegisterKeys(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("keys", "Personal-data key management");
  cmd->require_subcommand(1);
  auto* rotate = cmd->add_subcommand("rotate", "Re-seal all personal data under a new key");
  auto file = std::make_shared<std::string>();
  rotate->add_option("--new-key-file", *file, "New key file (created with mode 0600 if absent)")
      ->required();
  rotate->callback([&g, file] { g.exit_code = RunRotate(g, *file); });
  auto* id = cmd->add_subcommand("id", "Print the id of the key in use");
  id->callback([&g] { g.exit_code = RunId(g); });
}

}  // namespace bimtek::cli
