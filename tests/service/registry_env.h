// A registry over a fresh SQLite store in a temporary directory, for service tests.
#pragma once

#include <memory>
#include <string>

#include "crypto/vault.h"
#include "io/sheet.h"
#include "service/registry.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::testing {

class RegistryEnv {
 public:
  RegistryEnv();
  service::Registry& reg() { return *reg_; }
  store::Store& store() { return *store_; }
  const crypto::Vault& vault() { return *vault_; }
  const service::Reference& ref() { return *ref_; }
  TempDir& dir() { return dir_; }
  std::string db_path() const { return dir_.File("t.db"); }

  // Writes `text` to a file and opens it as a sheet.
  std::unique_ptr<io::SheetReader> Csv(const std::string& text);

 private:
  TempDir dir_;
  const service::Reference* ref_ = nullptr;
  std::unique_ptr<crypto::Vault> vault_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<service::Registry> reg_;
  int files_ = 0;
};

}  // namespace bimtek::testing
