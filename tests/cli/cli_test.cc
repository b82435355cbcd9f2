// The `bimtek` program as users run it: exit codes, one clear line for a file that cannot be
// read, an unchanged store, the JSON contracts, and --db before or after the subcommand.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/testing.h"

namespace bimtek {
namespace {

using ::bimtek::testing::ReadFileOrDie;
using ::bimtek::testing::RunCommand;
using ::bimtek::testing::TempDir;
using ::bimtek::testing::WriteFileOrDie;
using ::testing::HasSubstr;
using ::testing::Not;

class CliTest : public ::testing::Test {
 protected:
  // Runs bimtek with `args`; returns the exit code, fills out and err.
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
  std::string Stats(const std::string& scope = "32.71.01.1001") {
    std::string out;
    EXPECT_EQ(Run("stats --scope " + scope + " --json --db t.db", &out), 0);
    return out;
  }
  static std::vector<std::string> SortedLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  }
  TempDir dir_;
};

TEST_F(CliTest, StatsJsonHasTheContractKeys) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --seed 1 --db t.db"), 0);
  const auto j = nlohmann::json::parse(Stats());
  EXPECT_EQ(j["regions"]["kecamatan"], 0);  // above the scope
  EXPECT_EQ(j["regions"]["desa_kelurahan"], 1);
  EXPECT_EQ(j["regions"]["province"], 0);
  EXPECT_EQ(j["regions"]["kabupaten_kota"], 0);
  const int tps = j["tps"];
  EXPECT_GT(tps, 0);
  EXPECT_EQ(j["people"]["kpps"], 7 * tps);
  EXPECT_EQ(j["people"]["linmas"], 2 * tps);
  EXPECT_EQ(j["people"]["pps"], 3);
  EXPECT_EQ(j["people"]["ppk"], 0);  // the kecamatan's PPK are outside a desa scope
  EXPECT_EQ(j["vacant_kpps_positions"], 0);
  std::string national;
  ASSERT_EQ(Run("--db t.db stats --scope national --json", &national), 0);
  const auto n = nlohmann::json::parse(national);
  EXPECT_EQ(n["regions"]["province"], 38);
  EXPECT_EQ(n["regions"]["kabupaten_kota"], 514);
  EXPECT_EQ(n["regions"]["kecamatan"], 7285);
  EXPECT_EQ(n["regions"]["desa_kelurahan"], 83762);
}

TEST_F(CliTest, DbComesFromOptionBeforeOrAfterOrTheEnvironment) {
  ASSERT_EQ(Run("--db a.db gen --scope 32.71.01.1001"), 0);
  std::string before, after, env;
  ASSERT_EQ(Run("--db a.db stats --scope 32.71.01.1001 --json", &before), 0);
  ASSERT_EQ(Run("stats --scope 3271011001 --json --db a.db", &after), 0);
  ASSERT_EQ(Run("stats --scope 32.71.01.1001 --json", &env), 0);  // ./bimtek.db: empty
  EXPECT_EQ(before, after);
  EXPECT_NE(before, env);
  std::string via_env;
  ASSERT_EQ(RunCommand("cd " + dir_.path() + " && BIMTEK_DB=a.db " + BIMTEK_BINARY +
                           " stats --scope 32.71.01.1001 --json",
                       &via_env),
            0);
  EXPECT_EQ(before, via_env);
}

TEST_F(CliTest, UnreadableFilesGetOneClearLineAndChangeNothing) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --db t.db"), 0);
  const std::string before = Stats();
  WriteFileOrDie(dir_.File("empty.csv"), "");
  WriteFileOrDie(dir_.File("doc.pdf"), "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
  WriteFileOrDie(dir_.File("old.xls"),
                 std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
  WriteFileOrDie(dir_.File("cols.csv"), "nama;alamat\nBudi;Bogor\n");
  struct Case {
    const char* file;
    const char* fragment;
  } cases[] = {{"missing.csv", "tidak ditemukan"},
               {"empty.csv", "empty"},
               {"doc.pdf", "PDF"},
               {"old.xls", "xls"},
               {"cols.csv", "kolom wajib tidak ditemukan"}};
  for (const auto& c : cases) {
    std::string out, err;
    const int rc = Run(std::string("import people ") + c.file + " --db t.db", &out, &err);
    EXPECT_EQ(rc, 2) << c.file;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << c.file << ": " << err;
    EXPECT_THAT(err, HasSubstr(c.fragment)) << c.file;
    EXPECT_THAT(err, HasSubstr("bimtek: "));
    EXPECT_EQ(Stats(), before) << c.file;
  }
  std::string err;
  EXPECT_EQ(Run("import people cols.csv --db t.db --lang en", nullptr, &err), 2);
  EXPECT_THAT(err, HasSubstr("required columns not found"));
}

TEST_F(CliTest, RowErrorsExitOneAndMaskTheNik) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --db t.db"), 0);
  WriteFileOrDie(dir_.File("bad.csv"),
                 "nik,nama,jenis_kelamin,tanggal_lahir,kode_tps,jabatan\n"
                 "3271011205900001,Budi,P,1990-05-12,3271011001001,1\n");
  std::string out;
  EXPECT_EQ(Run("import people bad.csv --db t.db", &out), 1);
  EXPECT_THAT(out, HasSubstr("baris 2, kolom A (nik), nilai '3271********0001'"));
  EXPECT_THAT(out, Not(HasSubstr("3271011205900001")));
  EXPECT_THAT(out, HasSubstr("tidak ada data yang diubah"));
  std::string json;
  EXPECT_EQ(Run("import people bad.csv --db t.db --json --lang en", &json), 1);
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["committed"], false);
  EXPECT_GE(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["row"], 2);
}

TEST_F(CliTest, GenWritesImportLayoutFilesThatImportBack) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --seed 4 --format csv --out p.csv"), 0);
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --seed 4 --format xlsx --out p.xlsx"), 0);
  EXPECT_THAT(ReadFileOrDie(dir_.File("p_tps.csv")), HasSubstr("kode_tps,dpt,alamat"));
  ASSERT_EQ(Run("import tps p_tps.xlsx --db x.db"), 0);
  std::string out;
  ASSERT_EQ(Run("import people p.xlsx --db x.db", &out), 0) << out;
  ASSERT_EQ(Run("import people p.csv --db x.db", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("0 baru, 0 diperbarui"));
  std::string exported;
  ASSERT_EQ(Run("export people --scope 32.71.01.1001 --format csv --db x.db", &exported), 0);
  // The same rows (the export is ordered by region, role and seat; gen by desa and TPS).
  const auto a = SortedLines(exported);
  const auto b = SortedLines(ReadFileOrDie(dir_.File("p.csv")));
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "exported rows differ from the generated file";
  EXPECT_EQ(Run("export tps --scope 32.71.01.1001 --format xlsx --out t.xlsx --db x.db"), 0);
}

TEST_F(CliTest, AMissingKeyFileIsNeverReplacedByANewOne) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --db t.db"), 0);
  std::remove(dir_.File("t.db.key").c_str());
  std::string err;
  EXPECT_EQ(Run("stats --scope 32.71 --db t.db", nullptr, &err), 2);
  EXPECT_THAT(err, HasSubstr("key file"));
  EXPECT_FALSE(std::ifstream(dir_.File("t.db.key")).good());
}

TEST_F(CliTest, BadOptionsAreRefused) {
  EXPECT_NE(Run("stats --scope bogor"), 0);
  EXPECT_NE(Run("export people --scope 32.71 --format pdf"), 0);
  EXPECT_NE(Run("frobnicate"), 0);
  std::string err;
  EXPECT_EQ(Run("stats --scope 32.99 --db t.db", nullptr, &err), 2);
  EXPECT_THAT(err, HasSubstr("wilayah 32.99 tidak ada"));
  EXPECT_EQ(Run("export tps --scope 3299 --db t.db --lang en", nullptr, &err), 2);
  EXPECT_THAT(err, HasSubstr("region 32.99 does not exist"));
}

}  // namespace
}  // namespace bimtek
