#include "core/ballot/exercise_json.h"

#include <string>

#include "core/ballot/ballot_json.h"
#include "core/ballot/chasil_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot {
namespace {

TEST(ExerciseJsonTest, EveryBallotRoundTripsThroughTheJudgeInputFormat) {
  BallotParser parser;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const TpsExercise tps = GenerateExercise({.seed = seed, .territory = Territory::kAceh});
    for (const RaceExercise& r : tps.races) {
      for (size_t i = 0; i < r.ballots.size(); ++i) {
        const std::string line = BallotToJson(r.BallotAt(i));
        StatusOr<Ballot> b = parser.Parse(line);
        ASSERT_TRUE(b.ok()) << line << ": " << b.status();
        StatusOr<Verdict> v = Judge(*b);
        ASSERT_TRUE(v.ok()) << v.status();
        EXPECT_EQ(VerdictToJson(*v), VerdictToJson(r.ballots[i].verdict)) << line;
      }
    }
  }
}

TEST(ExerciseJsonTest, EveryAnswerKeyCHasilRoundTripsAndPasses) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    for (const RaceExercise& r : GenerateExercise({.seed = seed}).races) {
      StatusOr<CHasil> f = ParseCHasil(CHasilToJson(r.chasil));
      ASSERT_TRUE(f.ok()) << f.status();
      EXPECT_TRUE(CheckCHasil(*f).empty());
      EXPECT_EQ(f->valid_votes, r.chasil.valid_votes);
      EXPECT_EQ(f->parties.size(), r.chasil.parties.size());
    }
  }
}

TEST(ExerciseJsonTest, DocumentNamesContestantsBallotsAndForms) {
  const nlohmann::json j =
      nlohmann::json::parse(ExerciseToJson(GenerateExercise({.seed = 3}), false));
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["territory"], "province");
  EXPECT_EQ(j["contestants"]["parties"].size(), 18u);
  ASSERT_EQ(j["races"].size(), 5u);
  EXPECT_EQ(j["races"][0]["type"], "PPWP");
  EXPECT_EQ(j["races"][0]["ballots"].size(), j["races"][0]["chasil"]["ballots"]["used"]);
  EXPECT_TRUE(j["races"][1]["ballots"][0].contains("expected"));
}

}  // namespace
}  // namespace bimtek::ballot

namespace bimtek::ballot {
namespace {

TEST(ElectionJsonTest, AContestantListRoundTrips) {
  const Election e = FictionalElection({.seed = 5, .territory = Territory::kAceh});
  StatusOr<Election> back = ElectionFromJson(ElectionToJson(e));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(ElectionToJson(*back), ElectionToJson(e));
}

TEST(ElectionJsonTest, AnExerciseRunsOnALoadedListWithShortListsAndTwoTickets) {
  nlohmann::json j =
      nlohmann::json::parse(ElectionToJson(FictionalElection({.territory = Territory::kAbroad})));
  j["races"][0]["tickets"].erase(2);  // two tickets only
  j["races"][1]["lists"][0]["candidates"] = {{{"number", 1}, {"name", "Calon Tunggal"}}};
  StatusOr<Election> e = ElectionFromJson(j.dump());
  ASSERT_TRUE(e.ok()) << e.status();
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const TpsExercise tps = GenerateExercise({.seed = seed, .election = &*e});
    ASSERT_EQ(tps.races.size(), 2u);
    for (const RaceExercise& r : tps.races) {
      EXPECT_TRUE(CheckCHasil(r.chasil).empty());
      for (size_t i = 0; i < r.ballots.size(); ++i) {
        ASSERT_EQ(r.ballots[i].verdict.rule->id, ExpectedRule(r.ballots[i].kind, r.type));
        ASSERT_TRUE(CheckContestants(tps.election, r.BallotAt(i)).ok());
      }
    }
  }
}

TEST(ElectionJsonTest, BrokenListsAreRejectedWithTheFieldNamed) {
  const nlohmann::json good =
      nlohmann::json::parse(ElectionToJson(FictionalElection({.territory = Territory::kJakarta})));
  struct Case {
    const char* what;
    nlohmann::json doc;
    const char* message;
  };
  std::vector<Case> cases;
  nlohmann::json d = good;
  d["territory"] = "mars";
  cases.push_back({"unknown territory", d, "territory"});
  d = good;
  d["races"].push_back({{"type", "DPRD_KAB"}, {"lists", good["races"][1]["lists"]}});
  cases.push_back({"a race Jakarta lacks", d, "races[4].type"});
  d = good;
  d["races"].erase(2);
  cases.push_back({"a race missing", d, "every ballot"});
  d = good;
  d["races"][1]["lists"][0]["party"] = 20;
  cases.push_back({"a list of a party not listed", d, "not in parties"});
  d = good;
  d["races"][2]["candidates"][1]["number"] = 1;
  cases.push_back({"a DPD number twice", d, "listed twice"});
  d = good;
  d["parties"][0]["name"] = "";
  cases.push_back({"a party without name", d, "parties[0].name"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    StatusOr<Election> e = ElectionFromJson(c.doc.dump());
    ASSERT_FALSE(e.ok());
    EXPECT_THAT(std::string(e.status().message()), ::testing::HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace bimtek::ballot
