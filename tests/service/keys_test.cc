#include "service/keys.h"

#include <sys/stat.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/gen.h"
#include "service/registry_env.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::RegistryEnv;
using ::bimtek::testing::StatusIs;

TEST(VaultTest, SealsAndOpensAndDetectsTampering) {
  crypto::Vault v(crypto::MasterKey::Generate());
  const std::string sealed = v.Seal("3271011205900001");
  EXPECT_EQ(sealed.find("3271011205900001"), std::string::npos);
  EXPECT_NE(v.Seal("3271011205900001"), sealed);  // fresh nonce each time
  EXPECT_EQ(*v.Open(sealed), "3271011205900001");
  std::string bad = sealed;
  bad.back() ^= 1;
  EXPECT_THAT(v.Open(bad).status(), StatusIs(absl::StatusCode::kDataLoss));
  crypto::Vault other(crypto::MasterKey::Generate());
  EXPECT_FALSE(other.Open(sealed).ok());
  EXPECT_EQ(v.Index("x"), v.Index("x"));
  EXPECT_NE(v.Index("x"), other.Index("x"));
}

TEST(VaultTest, KeyFileIsCreatedPrivateAndReadBack) {
  testing::TempDir dir;
  const std::string path = dir.File("k.key");
  bool created = false;
  auto k = crypto::LoadOrCreateKeyFile(path, &created);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(created);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = crypto::LoadOrCreateKeyFile(path, &created);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(created);
  EXPECT_EQ(again->bytes, k->bytes);
  EXPECT_EQ(again->id, k->id);
  chmod(path.c_str(), 0644);
  EXPECT_THAT(crypto::LoadOrCreateKeyFile(path).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_FALSE(crypto::MasterKey::Parse("bimtek-key-v1:zz:00").ok());
}

TEST(KeysTest, AStoreRefusesAnotherKey) {
  RegistryEnv env;
  crypto::Vault other(crypto::MasterKey::Generate());
  EXPECT_THAT(BindKey(env.store(), other), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(KeysTest, RotationReSealsEverythingAndMovesTheCheck) {
  RegistryEnv env;
  GenOptions opts;
  opts.scope = *ParseScope("32.71.01.1001");
  ASSERT_TRUE(GenerateIntoStore(env.reg(), opts).ok());
  auto before = env.store().FindKpps(3271011001001, 1);
  const Person p = *OpenPerson(env.vault(), **before);

  crypto::Vault next(crypto::MasterKey::Generate());
  auto n = RotateKey(env.store(), env.vault(), next);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_GT(*n, 0);
  EXPECT_TRUE(BindKey(env.store(), next).ok());
  EXPECT_FALSE(BindKey(env.store(), env.vault()).ok());
  auto after = env.store().FindKpps(3271011001001, 1);
  EXPECT_FALSE(OpenPerson(env.vault(), **after).ok());
  const Person q = *OpenPerson(next, **after);
  EXPECT_EQ(q.nik, p.nik);
  EXPECT_EQ(q.birth_date, p.birth_date);
  EXPECT_EQ(q.phone, p.phone);
  auto found = env.store().FindPersonByNikIndex(NikIndex(next, p.nik));
  ASSERT_TRUE(found.ok() && found->has_value());
  // Rotating from a key that is not the store's changes nothing.
  crypto::Vault stranger(crypto::MasterKey::Generate());
  EXPECT_FALSE(RotateKey(env.store(), stranger, env.vault()).ok());
}

}  // namespace
}  // namespace bimtek::service
