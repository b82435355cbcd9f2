// Runs the real `bimtek` binary: `ballot judge` over the whole judge_cases.jsonl table and
// `chasil check` over the C.Hasil cases, checking outputs and exit codes.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "test_util.h"

namespace bimtek::ballot {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::ReadJsonLines;
using testing::TestData;

struct RunResult {
  int exit_code = -1;
  std::string out;
};

// Runs `command` through the shell with stdin from `input_file`; captures stdout.
RunResult RunBinary(const std::string& args, const std::string& input_file) {
  const std::string cmd = std::string(BIMTEK_BINARY) + " " + args + " < " + input_file;
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/bimtek_ballot_" + name;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

void CheckJudge(const std::string& stray) {
  std::vector<json> cases;
  for (const json& c : ReadJsonLines(TestData("judge_cases.jsonl"))) {
    if (c.value("stray_outside", "ignore") == stray) cases.push_back(c);
  }
  ASSERT_FALSE(cases.empty());
  const std::string input = TempPath("judge_" + stray + ".jsonl");
  {
    std::ofstream f(input);
    for (const json& c : cases) {
      f << (c.contains("in") ? c["in"].dump() : c["in_raw"].get<std::string>()) << "\n";
      if (&c == &cases.front()) f << "   \n";  // a blank line carries no ballot
    }
  }
  const RunResult r = RunBinary("ballot judge --stray-outside " + stray, input);
  EXPECT_EQ(r.exit_code, 0);
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), cases.size()) << r.out;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i]["case"].get<std::string>());
    const json got = json::parse(lines[i], nullptr, false);
    ASSERT_FALSE(got.is_discarded()) << lines[i];
    if (cases[i].contains("out")) {
      EXPECT_EQ(got, cases[i]["out"]);
    } else {
      ASSERT_TRUE(got.contains("error")) << lines[i];
      EXPECT_THAT(got["error"].get<std::string>(),
                  HasSubstr(cases[i]["error_contains"].get<std::string>()));
    }
  }
}

TEST(BallotJudgeCliTest, JudgesEveryTableCaseInOrderAndGoesOnAfterErrors) { CheckJudge("ignore"); }

TEST(BallotJudgeCliTest, StrayOutsideOptionMakesStrayMarksInvalid) { CheckJudge("invalid"); }

TEST(BallotJudgeCliTest, ErrorLinesNameTheLineNumber) {
  const std::string input = TempPath("lineno.jsonl");
  std::ofstream(input) << "{\"type\":\"PPWP\",\"marks\":[{\"ticket\":1}]}\nnope\n";
  const RunResult r = RunBinary("ballot judge", input);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("{\"error\":\"line 2: not valid JSON\"}"));
}

TEST(BallotRulesCliTest, PrintsTheRuleTable) {
  const RunResult r = RunBinary("ballot rules", "/dev/null");
  EXPECT_EQ(r.exit_code, 0);
  const json j = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r.out;
  EXPECT_EQ(j[0]["id"], "any.not_signed");
}

TEST(ChasilCheckCliTest, ExitCodesAndChecksMatchEveryCase) {
  int i = 0;
  for (const json& c : ReadJsonLines(TestData("chasil_cases.jsonl"))) {
    SCOPED_TRACE(c["case"].get<std::string>());
    std::string text;
    if (c.contains("raw")) {
      text = c["raw"];
    } else {
      text = json::parse(ReadFile(TestData("chasil/" + c["base"].get<std::string>())))
                 .patch(c["patch"])
                 .dump(2);
    }
    const std::string path = TempPath("chasil_" + std::to_string(i++) + ".json");
    std::ofstream(path) << text;
    const RunResult r = RunBinary("chasil check --format json " + path, "/dev/null");
    if (c.contains("malformed_contains")) {
      EXPECT_EQ(r.exit_code, 2);
      continue;
    }
    const json got = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(got.is_discarded()) << r.out;
    std::vector<std::string> checks;
    bool errors = false;
    for (const json& v : got["violations"]) {
      checks.push_back(v["check"]);
      errors = errors || v["severity"] == "error";
    }
    EXPECT_EQ(checks, c["expect"].get<std::vector<std::string>>());
    EXPECT_EQ(r.exit_code, errors ? 1 : 0);
  }
}

TEST(ChasilCheckCliTest, TextReportInBahasaIndonesiaByDefaultAndEnglishOnRequest) {
  json f = json::parse(ReadFile(TestData("chasil/good_dpr.json")));
  f["invalid_votes"] = 11;
  const std::string path = TempPath("chasil_text.json");
  std::ofstream(path) << f.dump();
  const RunResult id = RunBinary("chasil check " + path, "/dev/null");
  EXPECT_EQ(id.exit_code, 1);
  EXPECT_THAT(id.out, HasSubstr("GALAT chasil.2.used_vs_votes"));
  EXPECT_THAT(id.out, HasSubstr("tidak sama dengan suara sah (207) + tidak sah (11) = 218"));
  const RunResult en = RunBinary("--lang en chasil check " + path, "/dev/null");
  EXPECT_THAT(en.out, HasSubstr("ERROR chasil.2.used_vs_votes"));
  const RunResult ok = RunBinary("chasil check " + TestData("chasil/good_dpd.json"), "/dev/null");
  EXPECT_EQ(ok.exit_code, 0);
}

TEST(BallotExerciseCliTest, ExerciseBallotsJudgeToTheirAnswerKeyAndFormsPassTheCheck) {
  const RunResult ex =
      RunBinary("ballot exercise --seed 7 --territory jakarta --compact", "/dev/null");
  ASSERT_EQ(ex.exit_code, 0);
  const json doc = json::parse(ex.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc["races"].size(), 4u);
  const std::string input = TempPath("exercise.jsonl");
  std::vector<json> expected;
  {
    std::ofstream f(input);
    for (const json& race : doc["races"]) {
      for (const json& b : race["ballots"]) {
        f << b["ballot"].dump() << "\n";
        expected.push_back(b["expected"]);
      }
    }
  }
  const RunResult judged = RunBinary("ballot judge", input);
  const std::vector<std::string> lines = Lines(judged.out);
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(json::parse(lines[i]), expected[i]) << i;
  int k = 0;
  for (const json& race : doc["races"]) {
    const std::string path = TempPath("exercise_chasil_" + std::to_string(k++) + ".json");
    std::ofstream(path) << race["chasil"].dump(2);
    const RunResult r = RunBinary("chasil check " + path, "/dev/null");
    EXPECT_EQ(r.exit_code, 0) << r.out;
  }
}

TEST(ChasilCheckCliTest, AMissingFileExitsWithTwo) {
  const RunResult r = RunBinary("chasil check /nonexistent/form.json 2>/dev/null", "/dev/null");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace bimtek::ballot
