// `bimtek plan` and its companions as users run them on the demo region Kota Bogor (32.71):
// the JSON contract, the saved plan, a re-plan after a venue is cancelled, and the error paths.
#include <set>
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
using ::bimtek::testing::WriteFileOrDie;
using ::testing::HasSubstr;

class PlanCliTest : public ::testing::Test {
 protected:
  int Run(const std::string& args, std::string* out = nullptr, std::string* err = nullptr) {
    const std::string err_file = dir_.File("stderr");
    std::string o;
    const int rc = RunCommand("cd " + dir_.path() + " && " + std::string(BIMTEK_BINARY) + " " +
                                  args + " --db t.db 2>" + err_file,
                              &o);
    if (out) *out = o;
    if (err) *err = ReadFileOrDie(err_file);
    return rc;
  }
  TempDir dir_;
};

TEST_F(PlanCliTest, TheDemoRegionIsPlannedSavedAndReplanned) {
  std::string out;
  ASSERT_EQ(Run("demo", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Data perencanaan:"));
  std::string stats;
  ASSERT_EQ(Run("stats --scope 32.71 --json", &stats), 0);
  const int64_t tps = nlohmann::json::parse(stats)["tps"];

  ASSERT_EQ(Run("plan --scope 32.71 --from 2024-01-25 --to 2024-01-29 --json", &out), 0);
  const auto j = nlohmann::json::parse(out);
  for (const char* key : {"batches", "lower_bound", "crews", "placed", "unplaced"}) {
    ASSERT_TRUE(j[key].is_number_integer()) << key;
  }
  EXPECT_EQ(j["crews"], tps);
  EXPECT_EQ(j["placed"].get<int64_t>() + j["unplaced"].get<int64_t>(), tps);
  EXPECT_EQ(j["unplaced_crews"].size(), j["unplaced"].get<size_t>());
  for (const auto& u : j["unplaced_crews"]) {
    EXPECT_TRUE(u["tps"].is_string());
    EXPECT_THAT(u["reason"].get<std::string>(), HasSubstr("plan."));
  }
  EXPECT_GE(j["batches"].get<int64_t>(), j["lower_bound"].get<int64_t>());
  EXPECT_GT(j["placed"].get<int64_t>(), tps * 9 / 10);  // the demo data is meant to fit
  EXPECT_EQ(j["batch_list"].size(), j["batches"].get<size_t>());
  std::set<std::string> crews;
  for (const auto& b : j["batch_list"]) {
    EXPECT_EQ(b["zone"], "WIB");
    EXPECT_LE(b["people"].get<int>(), b["venue"]["capacity"].get<int>());
    EXPECT_EQ(b["sessions"].size(), 5u);
    for (const auto& c : b["crews"]) EXPECT_TRUE(crews.insert(c.get<std::string>()).second);
  }
  EXPECT_TRUE(j["saved"].get<bool>());

  std::string shown;
  ASSERT_EQ(Run("plan show --scope 32.71 --json", &shown), 0);
  EXPECT_EQ(nlohmann::json::parse(shown)["batch_list"], j["batch_list"]);
  ASSERT_EQ(Run("plan show --scope 32.71", &shown), 0);
  EXPECT_THAT(shown, HasSubstr("kelas"));

  // A venue is cancelled: the re-plan moves only the crews of its batches.
  const std::string venue = j["batch_list"][0]["venue"]["code"];
  std::set<std::string> affected;
  for (const auto& b : j["batch_list"]) {
    if (b["venue"]["code"] == venue) {
      for (const auto& c : b["crews"]) affected.insert(c.get<std::string>());
    }
  }
  ASSERT_EQ(Run("venue cancel " + venue, &out), 0);
  ASSERT_EQ(Run("plan --scope 32.71 --from 2024-01-25 --to 2024-01-29 --json", &out), 0);
  const auto re = nlohmann::json::parse(out);
  EXPECT_TRUE(re["replanned"].get<bool>());
  EXPECT_GT(re["moved"].get<int64_t>(), 0);
  for (const auto& m : re["moved_crews"]) {
    EXPECT_TRUE(affected.contains(m["tps"].get<std::string>())) << m;
  }
  ASSERT_EQ(Run("plan --scope 32.71 --from 2024-01-25 --to 2024-01-29 --dry-run", &out), 0);
  EXPECT_THAT(out, HasSubstr("Uji coba: tidak disimpan."));
  EXPECT_THAT(out, HasSubstr("regu pindah 0"));
}

TEST_F(PlanCliTest, BadRequestsSayWhatIsWrong) {
  ASSERT_EQ(Run("gen --scope 32.71.01.1001 --no-planning"), 0);  // no venues, no facilitators
  std::string out, err;
  EXPECT_EQ(Run("plan --scope 32.71.01.1001 --from 2024-01-29 --to 2024-01-25", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("before it starts"));
  EXPECT_EQ(Run("plan --scope 32.71.01.1001 --from 25-01-2024 --to 2024-01-29", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("--from '25-01-2024' bukan tanggal"));
  EXPECT_EQ(Run("plan --scope 99 --from 2024-01-25 --to 2024-01-29", &out, &err), 2);
  EXPECT_EQ(Run("plan --scope 32.71", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("--from"));
  EXPECT_EQ(Run("plan show --scope 32.71.01", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("belum ada rencana"));
  EXPECT_EQ(Run("venue cancel NOPE", &out, &err), 2);
  // Without venues every crew is listed with its reason.
  ASSERT_EQ(Run("plan --scope 32.71.01.1001 --from 2024-01-25 --to 2024-01-29 --json", &out), 0);
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["placed"], 0);
  EXPECT_EQ(j["unplaced_crews"][0]["reason"], "plan.no_venue");

  WriteFileOrDie(dir_.File("tempat.csv"),
                 "kode_tempat,nama_tempat,wilayah,kapasitas,jam\n"
                 "A1,Aula,32.71.01,seratus,08:00-17:00\n");
  EXPECT_EQ(Run("venue import tempat.csv --lang en", &out), 1);
  EXPECT_THAT(out, HasSubstr("row 2, column D (kapasitas), value 'seratus'"));
  EXPECT_THAT(out, HasSubstr("nothing was changed"));
  WriteFileOrDie(dir_.File("fasilitator.csv"),
                 "kode_fasilitator,nama,wilayah_domisili,modul\nF1,Bu Ani,32.71.01,M1;M7\n");
  EXPECT_EQ(Run("facilitator import fasilitator.csv", &out), 1);
  EXPECT_THAT(out, HasSubstr("modul 'M7' tidak ada dalam kurikulum"));
  EXPECT_EQ(Run("venue import missing.csv", &out, &err), 2);

  ASSERT_EQ(Run("curriculum show", &out), 0);
  EXPECT_THAT(out, HasSubstr("M3"));
  ASSERT_EQ(Run("curriculum show --json", &out), 0);
  WriteFileOrDie(dir_.File("k.json"), out);
  ASSERT_EQ(Run("curriculum save k.json --note again", &out), 0);
  EXPECT_THAT(out, HasSubstr("v2"));
  WriteFileOrDie(dir_.File("bad.json"), "{\"name\":\"x\",\"modules\":[]}");
  EXPECT_EQ(Run("curriculum save bad.json", &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("no modules"));
}

}  // namespace
}  // namespace bimtek
