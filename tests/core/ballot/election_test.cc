#include "core/ballot/election.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace bimtek::ballot {
namespace {

using ::testing::ElementsAre;
using testing::StatusIs;

TEST(ElectionTest, FiveBallotsInProvincesFourInJakartaTwoAbroad) {
  EXPECT_EQ(BallotTypesFor(Territory::kProvince).size(), 5u);
  EXPECT_EQ(BallotTypesFor(Territory::kAceh).size(), 5u);
  EXPECT_THAT(
      BallotTypesFor(Territory::kJakarta),
      ElementsAre(BallotType::kPpwp, BallotType::kDpr, BallotType::kDpd, BallotType::kDprdProv));
  EXPECT_THAT(BallotTypesFor(Territory::kAbroad), ElementsAre(BallotType::kPpwp, BallotType::kDpr));
}

TEST(ElectionTest, EighteenNationalPartiesNumberedOneToSeventeenAndTwentyFour) {
  std::vector<int> national;
  for (int p = 1; p <= 17; ++p) national.push_back(p);
  national.push_back(24);
  for (Territory t : {Territory::kProvince, Territory::kAceh, Territory::kJakarta}) {
    EXPECT_EQ(PartyNumbersOn(BallotType::kDpr, t), national);
  }
  EXPECT_EQ(PartyNumbersOn(BallotType::kDprdKab, Territory::kProvince), national);
  EXPECT_TRUE(PartyNumbersOn(BallotType::kPpwp, Territory::kProvince).empty());
  EXPECT_TRUE(PartyNumbersOn(BallotType::kDpd, Territory::kAceh).empty());
}

TEST(ElectionTest, AcehLocalPartiesOnlyOnDprdBallotsInAceh) {
  for (BallotType t : {BallotType::kDprdProv, BallotType::kDprdKab}) {
    const std::vector<int> parties = PartyNumbersOn(t, Territory::kAceh);
    EXPECT_EQ(parties.size(), 24u);
    for (int p = 1; p <= 24; ++p) EXPECT_EQ(parties[static_cast<size_t>(p - 1)], p);
  }
  const Election aceh = FictionalElection({.territory = Territory::kAceh});
  EXPECT_EQ(aceh.parties.size(), 24u);
  EXPECT_EQ(aceh.RaceOf(BallotType::kDpr)->lists.size(), 18u);
  EXPECT_EQ(aceh.RaceOf(BallotType::kDprdKab)->lists.size(), 24u);
  EXPECT_TRUE(aceh.PartyOf(18)->aceh_local);
  EXPECT_EQ(FictionalElection({.territory = Territory::kProvince}).PartyOf(18), nullptr);
}

TEST(ElectionTest, FictionalElectionIsCompleteAndDeterministic) {
  const Election a = FictionalElection({.seed = 7});
  const Election b = FictionalElection({.seed = 7});
  const Election c = FictionalElection({.seed = 8});
  ASSERT_EQ(a.races.size(), 5u);
  EXPECT_EQ(a.RaceOf(BallotType::kPpwp)->tickets.size(), 3u);
  EXPECT_EQ(a.RaceOf(BallotType::kDpd)->candidates.size(), 20u);
  for (const PartyList& l : a.RaceOf(BallotType::kDpr)->lists) {
    EXPECT_GE(l.candidates.size(), 4u);
    EXPECT_LE(l.candidates.size(), 8u);
    for (size_t i = 0; i < l.candidates.size(); ++i) {
      EXPECT_EQ(l.candidates[i].number, static_cast<int>(i) + 1);
      EXPECT_FALSE(l.candidates[i].name.empty());
    }
  }
  EXPECT_EQ(a.RaceOf(BallotType::kDpd)->candidates[3].name,
            b.RaceOf(BallotType::kDpd)->candidates[3].name);
  EXPECT_EQ(a.RaceOf(BallotType::kPpwp)->tickets[0].president,
            b.RaceOf(BallotType::kPpwp)->tickets[0].president);
  bool differs = false;
  for (size_t i = 0; i < 20; ++i) {
    differs |= a.RaceOf(BallotType::kDpd)->candidates[i].name !=
               c.RaceOf(BallotType::kDpd)->candidates[i].name;
  }
  EXPECT_TRUE(differs);
}

TEST(ElectionTest, FictionalPartiesBearNoRealPartyName) {
  // Neutrality: no 2024 party name or acronym appears in the default training material.
  const std::vector<std::string> real = {
      "PKB", "Gerindra", "PDI",      "Golkar", "NasDem", "Buruh",       "Gelora", "PKS",
      "PKN", "Hanura",   "Garuda",   "PAN",    "PBB",    "Demokrat",    "PSI",    "Perindo",
      "PPP", "Ummat",    "Nanggroe", "Darul",  "SIRA",   "Partai Aceh", "Atjeh"};
  for (const Party& p : FictionalElection({.territory = Territory::kAceh}).parties) {
    for (const std::string& r : real) {
      EXPECT_EQ(p.name.find(r), std::string::npos) << p.name;
      EXPECT_NE(p.short_name, r);
    }
  }
}

TEST(ElectionTest, CheckContestantsFindsMarksOfContestantsNotOnTheBallot) {
  const Election e = FictionalElection({.territory = Territory::kJakarta});
  Mark m{Place::kColumn, false, 4, 0, 0};
  Ballot b;
  b.type = BallotType::kPpwp;
  b.marks = std::span<const Mark>(&m, 1);
  EXPECT_THAT(CheckContestants(e, b), StatusIs(absl::StatusCode::kNotFound));
  m.column = 3;
  EXPECT_TRUE(CheckContestants(e, b).ok());
  b.type = BallotType::kDprdKab;
  EXPECT_THAT(CheckContestants(e, b), StatusIs(absl::StatusCode::kFailedPrecondition));
  b.type = BallotType::kDpr;
  m = Mark{Place::kCandidate, false, 24, 1, 0};
  EXPECT_TRUE(CheckContestants(e, b).ok());
  m.column = 19;  // a local Aceh party, not on the DPR ballot
  EXPECT_THAT(CheckContestants(e, b), StatusIs(absl::StatusCode::kNotFound));
  m = Mark{Place::kCandidate, false, 1, 99, 0};
  EXPECT_THAT(CheckContestants(e, b), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace bimtek::ballot
