// Runs `bimtek analyze` (the built binary) on small files: the JSON contract and the exit codes.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace bimtek::assessment {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AnalyzeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ostringstream name;
    name << "bimtek_analyze_cli_" << getpid();
    dir_ = std::filesystem::path(::testing::TempDir()) / name.str();
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << content;
    return path;
  }

  // Arguments are single-quoted for the shell (test paths hold no quote).
  CliRun Analyze(const std::vector<std::string>& args) {
    std::ostringstream cmd;
    cmd << "'" << BIMTEK_BINARY << "' analyze";
    for (const std::string& a : args) cmd << " '" << a << "'";
    cmd << " --lang en > '" << (dir_ / "out").string() << "' 2> '" << (dir_ / "err").string()
        << "'";
    const int rc = std::system(cmd.str().c_str());
    CliRun r;
    r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = Slurp((dir_ / "out").string());
    r.err = Slurp((dir_ / "err").string());
    return r;
  }

  std::filesystem::path dir_;
};

// Same data as ItemAnalysisTest's complete case plus an item everyone got right.
constexpr char kFile[] =
    "person,A,B,C,D\n"
    "p1,1,1,1,1\n"
    "p2,1,1,0,1\n"
    "p3,1,0,0,1\n"
    "p4,0,1,0,\n"
    "p5,0,0,0,1\n"
    "p6,1,0,1,1\n";

TEST_F(AnalyzeCliTest, JsonHasTheContractKeysWithNullsWhereUndefined) {
  const CliRun r = Analyze({Write("r.csv", kFile), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["items"].size(), 4u);
  for (const auto& item : j["items"]) {
    for (const char* key : {"id", "p", "rpbis", "difficulty", "se", "infit", "outfit"}) {
      EXPECT_TRUE(item.contains(key)) << key;
    }
  }
  EXPECT_EQ(j["items"][0]["id"], "A");
  EXPECT_NEAR(j["items"][0]["p"].get<double>(), 4.0 / 6.0, 1e-12);
  EXPECT_TRUE(j["items"][3]["difficulty"].is_null());
  EXPECT_TRUE(j["items"][3]["se"].is_null());
  EXPECT_TRUE(j["items"][3]["rpbis"].is_null());
  EXPECT_THAT(j["items"][3]["flags"].get<std::vector<std::string>>(),
              ::testing::Contains("all_correct"));
  double sum = 0;
  for (int i = 0; i < 3; ++i) sum += j["items"][i]["difficulty"].get<double>();
  EXPECT_NEAR(sum, 0, 1e-9);
  EXPECT_TRUE(j["kr20"].is_number());
  EXPECT_EQ(j["kr20_persons"], 5);
}

TEST_F(AnalyzeCliTest, TablePrintsItemsKr20AndRasch) {
  const CliRun r = Analyze({Write("r.csv", kFile)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("KR-20"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("Rasch (CML)"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("all_correct"));
}

TEST_F(AnalyzeCliTest, BadCellNamesRowAndColumnAndExits2) {
  const CliRun r = Analyze({Write("r.csv", "person,A,B\np1,1,0\np2,1,2\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("row 3, column C (item B): \"2\""));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(AnalyzeCliTest, MissingFileNoItemsAndDuplicateIdsExit2) {
  CliRun r = Analyze({(dir_ / "absent.csv").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("absent.csv"));
  r = Analyze({Write("n.csv", "person\np1\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("no item columns"));
  r = Analyze({Write("d.csv", "person,A,B,A\np1,1,0,1\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("duplicate item id \"A\""));
}

TEST_F(AnalyzeCliTest, IllConditionedDataStillReportsClassicalStatistics) {
  const CliRun r = Analyze({Write("r.csv",
                                  "person,A,B,C\np1,1,1,0\np2,1,0,1\np3,1,0,0\n"
                                  "p4,0,0,0\np5,1,1,1\n"),
                            "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["items"][0]["p"].is_number());
  EXPECT_TRUE(j["items"][0]["difficulty"].is_null());
  EXPECT_TRUE(j["rasch"]["error"].is_string());
}

}  // namespace
}  // namespace bimtek::assessment
