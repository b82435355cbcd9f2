#include "core/ballot/scenario.h"

#include <set>
#include <string>

#include "core/ballot/scenario_json.h"
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
using testing::StatusIs;
using testing::TestData;

std::vector<Scenario> Content() {
  StatusOr<std::vector<Scenario>> s =
      ParseScenarios(ReadFile(testing::SourceDir() + "/data/scenarios/darurat.json"));
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : std::vector<Scenario>{};
}

const Scenario* Find(const std::vector<Scenario>& all, const std::string& id) {
  for (const Scenario& s : all) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

TEST(ScenarioContentTest, TwelveValidScenariosCoverEveryIncidentOfTheIssue) {
  const std::vector<Scenario> all = Content();
  ASSERT_GE(all.size(), 12u);
  std::set<std::string> topics;
  for (const Scenario& s : all) {
    topics.insert(s.topic);
    EXPECT_GT(MaxScore(s), 0) << s.id;
  }
  for (const char* t :
       {"bencana (banjir)", "kekurangan surat suara", "surat suara tertukar daerah pemilihan",
        "pemilih yang sudah bertinta", "pemilih tanpa dokumen atau undangan",
        "pemilih DPK sebelum pukul 12.00", "pemilih yang dibantu", "keberatan saksi",
        "Sirekap tanpa sinyal", "kotak suara dibuka tidak sesuai prosedur", "kerusuhan",
        "pemilih yang memilih dua kali"}) {
    EXPECT_TRUE(topics.count(t)) << "no scenario on " << t;
  }
}

TEST(ScenarioPlayTest, EveryListedPathScoresAndEndsAsExpected) {
  const std::vector<Scenario> all = Content();
  for (const json& p : ReadJsonLines(TestData("scenario_paths.jsonl"))) {
    const std::string id = p["scenario"];
    SCOPED_TRACE(id + " " + p["choices"].dump());
    const Scenario* s = Find(all, id);
    ASSERT_NE(s, nullptr);
    ScenarioPlay play(*s);
    for (const json& c : p["choices"]) {
      StatusOr<const ScenarioChoice*> got = play.Choose(c.get<std::string>());
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_FALSE((*got)->rule.empty());
    }
    EXPECT_EQ(play.score(), p["score"].get<int>());
    EXPECT_EQ(play.done(), p["ended"].get<bool>());
    EXPECT_EQ(play.history().size(), p["choices"].size());
  }
}

TEST(ScenarioPlayTest, MaxScoreIsTheBestPath) {
  const std::vector<Scenario> all = Content();
  EXPECT_EQ(MaxScore(*Find(all, "banjir")), 20);
  EXPECT_EQ(MaxScore(*Find(all, "keberatan-saksi")), 10);
}

TEST(ScenarioPlayTest, ChoosingAfterTheEndOrAnUnknownChoiceIsAnError) {
  const std::vector<Scenario> all = Content();
  ScenarioPlay play(*Find(all, "dpk-pagi"));
  EXPECT_THAT(play.Choose("z").status(), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_TRUE(play.Choose("a").ok());
  EXPECT_THAT(play.Choose("a").status(), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(ScenarioContentTest, BrokenContentIsRejectedWithTheFaultNamed) {
  for (const json& c : ReadJsonLines(TestData("scenario_invalid.jsonl"))) {
    SCOPED_TRACE(c["case"].get<std::string>());
    StatusOr<std::vector<Scenario>> s = ParseScenarios(c["doc"].dump());
    EXPECT_THAT(s.status(), StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(s.status().message()),
                HasSubstr(c["error_contains"].get<std::string>()));
  }
}

}  // namespace
}  // namespace bimtek::ballot
