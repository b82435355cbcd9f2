// `bimtek questions …` as users run it: import (JSON and QTI), list, show, export, exit codes.
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/testing.h"

namespace bimtek {
namespace {

using ::bimtek::testing::ReadFileOrDie;
using ::bimtek::testing::RunCommand;
using ::bimtek::testing::TempDir;
using ::testing::HasSubstr;

class QuestionsCliTest : public ::testing::Test {
 protected:
  int Run(const std::string& args, std::string* out = nullptr, std::string* err = nullptr) {
    const std::string err_file = dir_.File("stderr");
    std::string o;
    const int rc = RunCommand(
        "cd " + dir_.path() + " && " + std::string(BIMTEK_BINARY) + " " + args + " 2>" + err_file,
        &o);
    if (out) *out = o;
    if (err) *err = ReadFileOrDie(err_file);
    return rc;
  }
  static std::string Fixture(const std::string& name) {
    return ::bimtek::testing::SourceDir() + "/tests/testdata/questions/" + name;
  }
  TempDir dir_;
};

TEST_F(QuestionsCliTest, ImportListShowExportAndBack) {
  std::string out, err;
  ASSERT_EQ(
      Run("questions import " + Fixture("small-bank.json") + " --db q.db --lang en", &out, &err), 0)
      << err;
  EXPECT_THAT(out, HasSubstr("4 new items, 0 new versions, 0 unchanged"));

  ASSERT_EQ(Run("questions list --module M2 --json --db q.db", &out, &err), 0) << err;
  auto list = nlohmann::json::parse(out);
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["items"][0]["id"], "T-ETK-003");
  EXPECT_EQ(list["items"][0]["type"], "truefalse");

  ASSERT_EQ(Run("questions list --db q.db --lang en", &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("T-SAH-001"));
  EXPECT_THAT(out, HasSubstr("4 items"));

  ASSERT_EQ(Run("questions show T-PER-002 --db q.db", &out, &err), 0) << err;
  auto item = nlohmann::json::parse(out);
  EXPECT_EQ(item["version"], 1);
  EXPECT_EQ(item["pairs"][1][0], "L2");
  EXPECT_EQ(Run("questions show T-NONE --db q.db --lang en", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("no such item: T-NONE"));

  ASSERT_EQ(Run("questions export --format qti3 --out out/bank.zip --db q.db", &out, &err), 0)
      << err;
  ASSERT_EQ(Run("questions import out/bank.zip --json --db r.db", &out, &err), 0) << err;
  auto report = nlohmann::json::parse(out);
  EXPECT_EQ(report["format"], "qti");
  EXPECT_EQ(report["new_items"], 4);
  EXPECT_EQ(report["items_by_type"]["matching"], 1);
  EXPECT_TRUE(report["problems"].empty());
  std::string a, b;
  ASSERT_EQ(Run("questions show T-SAH-001 --db q.db", &a), 0);
  ASSERT_EQ(Run("questions show T-SAH-001 --db r.db", &b), 0);
  auto ja = nlohmann::json::parse(a), jb = nlohmann::json::parse(b);
  ja.erase("versions");
  jb.erase("versions");
  EXPECT_EQ(ja, jb);

  ASSERT_EQ(Run("questions export --format json --out j/bank.json --db q.db", &out, &err), 0)
      << err;
  EXPECT_TRUE(std::filesystem::exists(dir_.File("j/images/coblos.svg")));
  ASSERT_EQ(Run("questions import j/bank.json --db q.db --lang en", &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("0 new items, 0 new versions, 4 unchanged"));
}

TEST_F(QuestionsCliTest, ErrorsByItemAndFieldAndNothingWritten) {
  std::string out, err;
  EXPECT_EQ(
      Run("questions import " + Fixture("bad-bank.json") + " --db q.db --lang en", &out, &err), 1);
  EXPECT_THAT(out, HasSubstr("T-BAD-002, key[0]: key \"C\" is not an option id"));
  EXPECT_THAT(out, HasSubstr("nothing was written"));
  EXPECT_EQ(Run("questions import " + Fixture("bad-bank.json") + " --db q.db", &out), 1);
  EXPECT_THAT(out, HasSubstr("kunci \"C\" bukan kode pilihan"));
  ASSERT_EQ(Run("questions show T-OK-001 --db q.db", &out), 2);  // not written

  EXPECT_EQ(Run("questions import nothing-here.json --db q.db", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("nothing-here.json"));
}

TEST_F(QuestionsCliTest, ForeignQtiNeedsModuleAndReportsUnsupported) {
  const std::string pkg = ::bimtek::testing::SourceDir() + "/tests/testdata/qti/qti21-package";
  std::string out, err;
  EXPECT_EQ(Run("questions import " + pkg + " --db q.db --lang en", &out, &err), 1);
  EXPECT_THAT(out, HasSubstr("TPS-OPEN, module: module missing"));
  EXPECT_THAT(out,
              HasSubstr("interaction textEntryInteraction in items/jumlah.xml is not supported"));
  ASSERT_EQ(
      Run("questions import " + pkg + " --module M3 --topics voting,equipment --json --db q.db",
          &out, &err),
      0)
      << err;
  auto report = nlohmann::json::parse(out);
  EXPECT_EQ(report["new_items"], 3);
  ASSERT_EQ(report["unsupported"].size(), 1u);
  EXPECT_EQ(report["unsupported"][0]["item"], "jumlah");
  EXPECT_EQ(report["unsupported"][0]["interaction"], "textEntryInteraction");
  ASSERT_EQ(Run("questions show TPS-OPEN --db q.db", &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out)["topics"], nlohmann::json({"voting", "equipment"}));
}

}  // namespace
}  // namespace bimtek
