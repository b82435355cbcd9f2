#include "core/ballot/exercise.h"

#include <map>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bimtek::ballot {
namespace {

constexpr Territory kTerritories[] = {Territory::kProvince, Territory::kAceh, Territory::kJakarta,
                                      Territory::kAbroad};

TEST(ExerciseTest, EveryGeneratedBallotIsDecidedByTheRuleItsKindCallsFor) {
  for (Territory t : kTerritories) {
    for (uint64_t seed = 1; seed <= 60; ++seed) {
      const TpsExercise tps = GenerateExercise({.seed = seed, .territory = t});
      for (const RaceExercise& r : tps.races) {
        for (size_t i = 0; i < r.ballots.size(); ++i) {
          const ExerciseBallot& b = r.ballots[i];
          ASSERT_NE(b.verdict.rule, nullptr);
          ASSERT_EQ(b.verdict.rule->id, ExpectedRule(b.kind, r.type))
              << "seed " << seed << " " << BallotTypeName(r.type) << " ballot " << i << " kind "
              << CaseKindName(b.kind);
          ASSERT_TRUE(CheckContestants(tps.election, r.BallotAt(i)).ok());
        }
      }
    }
  }
}

TEST(ExerciseTest, TheAnswerKeyCHasilPassesEveryCheckWithoutWarnings) {
  for (Territory t : kTerritories) {
    for (uint64_t seed = 1; seed <= 60; ++seed) {
      const TpsExercise tps = GenerateExercise({.seed = seed, .territory = t});
      ASSERT_EQ(tps.races.size(), BallotTypesFor(t).size());
      for (const RaceExercise& r : tps.races) {
        const std::vector<Violation> v = CheckCHasil(r.chasil);
        EXPECT_TRUE(v.empty()) << "seed " << seed << " " << BallotTypeName(r.type) << ": "
                               << (v.empty() ? "" : v[0].message_en);
        EXPECT_EQ(static_cast<int64_t>(r.ballots.size()), r.chasil.voted.total.total);
      }
    }
  }
}

TEST(ExerciseTest, TpsFiguresAreWithinTheTrainingRanges) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    const CHasil& f = GenerateExercise({.seed = seed}).races[0].chasil;
    EXPECT_GE(f.voters.dpt.total, 150);
    EXPECT_LE(f.voters.dpt.total, 300);
    EXPECT_EQ(f.ballots.received, ExpectedBallots(f.voters.dpt.total));
    EXPECT_GT(f.voted.dpt.total, f.voters.dpt.total / 2);
  }
}

TEST(ExerciseTest, DptbVotersMayReceiveFewerBallots) {
  bool fewer = false;
  for (uint64_t seed = 1; seed <= 50 && !fewer; ++seed) {
    const TpsExercise tps = GenerateExercise({.seed = seed});
    fewer = tps.races.back().chasil.voted.dptb.total < tps.races.front().chasil.voted.dptb.total;
  }
  EXPECT_TRUE(fewer);
}

TEST(ExerciseTest, EveryHardCaseKindAppearsAcrossSeeds) {
  std::set<std::string_view> seen;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    for (const RaceExercise& r : GenerateExercise({.seed = seed}).races) {
      for (const ExerciseBallot& b : r.ballots) seen.insert(CaseKindName(b.kind));
    }
  }
  EXPECT_EQ(seen.size(), 17u);
}

TEST(ExerciseTest, SameSeedSameTpsOtherSeedOtherTps) {
  const TpsExercise a = GenerateExercise({.seed = 42});
  const TpsExercise b = GenerateExercise({.seed = 42});
  const TpsExercise c = GenerateExercise({.seed = 43});
  ASSERT_EQ(a.races.size(), b.races.size());
  for (size_t i = 0; i < a.races.size(); ++i) {
    ASSERT_EQ(a.races[i].marks.size(), b.races[i].marks.size());
    for (size_t k = 0; k < a.races[i].marks.size(); ++k) {
      EXPECT_EQ(a.races[i].marks[k].column, b.races[i].marks[k].column);
      EXPECT_EQ(a.races[i].marks[k].candidate, b.races[i].marks[k].candidate);
    }
    EXPECT_EQ(a.races[i].chasil.valid_votes, b.races[i].chasil.valid_votes);
  }
  EXPECT_NE(a.races[0].chasil.voters.dpt.total * 1000 + a.races[0].chasil.valid_votes,
            c.races[0].chasil.voters.dpt.total * 1000 + c.races[0].chasil.valid_votes);
}

}  // namespace
}  // namespace bimtek::ballot
