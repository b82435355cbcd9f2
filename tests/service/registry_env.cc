#include "service/registry_env.h"

#include "gtest/gtest.h"

namespace bimtek::testing {

RegistryEnv::RegistryEnv() {
  auto ref = service::DefaultReference();
  EXPECT_TRUE(ref.ok()) << ref.status();
  ref_ = *ref;
  vault_ = std::make_unique<crypto::Vault>(crypto::MasterKey::Generate());
  auto s = store::OpenSqliteStore(db_path(), ref_->regions.all());
  EXPECT_TRUE(s.ok()) << s.status();
  store_ = std::move(s).value();
  EXPECT_TRUE(service::BindKey(*store_, *vault_).ok());
  reg_ = std::make_unique<service::Registry>(service::Registry{*store_, *vault_, *ref_});
}

std::unique_ptr<io::SheetReader> RegistryEnv::Csv(const std::string& text) {
  const std::string path = dir_.File("in" + std::to_string(files_++) + ".csv");
  WriteFileOrDie(path, text);
  auto r = io::OpenSheet(path);
  EXPECT_TRUE(r.ok()) << r.status();
  return std::move(r).value();
}

}  // namespace bimtek::testing
