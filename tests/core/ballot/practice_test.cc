// The counting exercise as a trainee plays it: the sample of ballots, answer tokens, the tally
// that follows the answers, the C.Hasil form fields, and the ballot drawing.
#include "core/ballot/practice.h"

#include <algorithm>
#include <set>

#include "core/ballot/svg.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bimtek::ballot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TpsExercise Tps(uint64_t seed) {
  ExerciseOptions o;
  o.seed = seed;
  return GenerateExercise(o);
}

TEST(PracticeSampleTest, TakesHardKindsFirstAtMostThreeClearAndIsStable) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const TpsExercise tps = Tps(seed);
    for (const RaceExercise& r : tps.races) {
      const auto s = PracticeSample(r);
      ASSERT_EQ(s.size(), static_cast<size_t>(kPracticeBallotsPerRace));
      EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
      int clear = 0, hard_available = 0;
      for (uint32_t i : s) clear += r.ballots[i].kind == CaseKind::kClear ? 1 : 0;
      for (const ExerciseBallot& b : r.ballots) hard_available += b.kind != CaseKind::kClear;
      if (hard_available >= kPracticeBallotsPerRace - 3) {
        EXPECT_LE(clear, 3) << seed;
      }
      EXPECT_EQ(s, PracticeSample(r));
    }
  }
}

TEST(AnswerTest, TokensRoundTripAndBelongToTheirBallotType) {
  for (const char* t : {"invalid", "t2", "p5", "p5c3", "c7", "p24c10"}) {
    BallotType type = t[0] == 't' ? BallotType::kPpwp
                      : t[0] == 'c' ? BallotType::kDpd
                                    : BallotType::kDpr;
    auto a = ParseAnswer(type, t);
    ASSERT_TRUE(a.has_value()) << t;
    EXPECT_EQ(AnswerToken(*a), t);
  }
  EXPECT_FALSE(ParseAnswer(BallotType::kDpr, "t2"));
  EXPECT_FALSE(ParseAnswer(BallotType::kPpwp, "p2"));
  EXPECT_FALSE(ParseAnswer(BallotType::kDpd, "p2c1"));
  EXPECT_FALSE(ParseAnswer(BallotType::kDpr, "p0"));
  EXPECT_FALSE(ParseAnswer(BallotType::kDpr, "p1000"));
  EXPECT_FALSE(ParseAnswer(BallotType::kDpr, "p5c"));
  EXPECT_FALSE(ParseAnswer(BallotType::kDpr, ""));
}

TEST(TraineeTallyTest, RightAnswersGiveTheCorrectFormAndEachWrongOneMovesOneVote) {
  const TpsExercise tps = Tps(11);
  for (const RaceExercise& r : tps.races) {
    const auto s = PracticeSample(r);
    std::vector<Answer> right;
    for (uint32_t i : s) right.push_back(AnswerOf(r.ballots[i].verdict));
    const CHasil f = TraineeTally(r, s, right);
    EXPECT_TRUE(FormDifferences(f, r.chasil).empty());
    EXPECT_TRUE(CheckCHasil(f).empty());
    // Not yet answered: the sample is missing from the count.
    const CHasil none = TraineeTally(r, s, {});
    EXPECT_EQ(none.valid_votes + none.invalid_votes + static_cast<int64_t>(s.size()),
              r.chasil.valid_votes + r.chasil.invalid_votes);
    // Everything invalid: the sample's valid votes become invalid ones.
    std::vector<Answer> invalid(s.size());
    const CHasil inv = TraineeTally(r, s, invalid);
    int64_t valid_in_sample = 0;
    for (uint32_t i : s) valid_in_sample += r.ballots[i].verdict.valid ? 1 : 0;
    EXPECT_EQ(inv.invalid_votes, r.chasil.invalid_votes + valid_in_sample);
    EXPECT_EQ(inv.valid_votes, r.chasil.valid_votes - valid_in_sample);
  }
}

TEST(FormFieldsTest, ListEveryNumberOnceAndMarkWhatTheTraineeComputes) {
  TpsExercise tps = Tps(3);
  CHasil f = tps.races[1].chasil;  // DPR
  const auto fields = FormFields(f);
  std::set<std::string> paths;
  for (const auto& x : fields) EXPECT_TRUE(paths.insert(x.path).second) << x.path;
  EXPECT_TRUE(paths.contains("voters.dpt.male"));
  EXPECT_TRUE(paths.contains("parties.24.total"));
  EXPECT_TRUE(paths.contains("total_votes"));
  for (const auto& x : fields) {
    const bool computed = x.path.ends_with(".total") && !x.path.starts_with("voters.dpt") &&
                          !x.path.starts_with("voters.dptb") && !x.path.starts_with("voters.dpk") &&
                          !x.path.starts_with("voted.dpt") && !x.path.starts_with("voted.dptb") &&
                          !x.path.starts_with("voted.dpk");
    if (computed || x.path == "valid_votes" || x.path == "ballots.used") {
      EXPECT_FALSE(x.given) << x.path;
    }
  }
  CHasil g = tps.races[1].chasil;
  g.parties[2].candidates[0].votes += 1;
  EXPECT_THAT(FormDifferences(f, g),
              ::testing::ElementsAre("parties." + std::to_string(g.parties[2].party) +
                                     ".candidates." +
                                     std::to_string(g.parties[2].candidates[0].number)));
}

int Count(const std::string& s, const std::string& what) {
  int n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(BallotSvgTest, DrawsOneHolePerMarkTheSignatureAndEveryColumn) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const TpsExercise tps = Tps(seed);
    for (const RaceExercise& r : tps.races) {
      const Race* race = tps.election.RaceOf(r.type);
      for (uint32_t i : PracticeSample(r)) {
        const ExerciseBallot& b = r.ballots[i];
        const std::string svg = BallotSvg(tps.election, r, i);
        ASSERT_TRUE(svg.starts_with("<svg ")) << svg.substr(0, 40);
        EXPECT_TRUE(svg.ends_with("</svg>"));
        const int marks = Count(svg, "class=\"hole\"") + Count(svg, "class=\"pen\"") +
                          Count(svg, "class=\"burn\"");
        EXPECT_EQ(marks, static_cast<int>(b.mark_count)) << CaseKindName(b.kind);
        EXPECT_EQ(Count(svg, "class=\"signature\""), b.is_signed ? 1 : 0);
        EXPECT_EQ(svg.find("Hidup no. 1!") != std::string::npos, b.extra_writing);
        if (b.kind == CaseKind::kThroughPunch) {
          EXPECT_THAT(svg, HasSubstr("hole twin"));
        }
        const size_t cols = r.type == BallotType::kPpwp  ? race->tickets.size()
                            : r.type == BallotType::kDpd ? race->candidates.size()
                                                         : race->lists.size();
        EXPECT_EQ(Count(svg, "class=\"col\""), static_cast<int>(cols));
        EXPECT_THAT(svg, Not(HasSubstr("<script")));
      }
    }
  }
}

TEST(BallotSvgTest, EscapesNamesAndDescribesTheMarksInWords) {
  TpsExercise tps = Tps(5);
  Election e = tps.election;
  for (Race& r : e.races) {
    for (Ticket& t : r.tickets) t.president = "<b>&\"x\"";
  }
  const std::string svg = BallotSvg(e, tps.races[0], 0);
  EXPECT_THAT(svg, HasSubstr("&lt;b&gt;&amp;&quot;x&quot;"));
  EXPECT_THAT(svg, Not(HasSubstr("<b>")));
  EXPECT_THAT(svg, HasSubstr("<desc id=\"ballot-desc\">"));
  EXPECT_THAT(svg, HasSubstr("Ketua KPPS"));
  SvgOptions en;
  en.english = true;
  EXPECT_THAT(BallotSvg(e, tps.races[0], 0, en), HasSubstr("KPPS chair"));
  EXPECT_EQ(BallotSvg(e, tps.races[0], tps.races[0].ballots.size()), "");
}

}  // namespace
}  // namespace bimtek::ballot
