#include "core/assessment/scoring.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace bimtek::assessment {
namespace {

using testing::StatusIs;

TEST(ScoringTest, SingleChoiceScoresOneOnlyForTheKey) {
  EXPECT_EQ(ScoreSingleChoice(2, 2), 1);
  EXPECT_EQ(ScoreSingleChoice(2, 1), 0);
  EXPECT_EQ(ScoreSingleChoice(2, std::nullopt), 0);
}

TEST(ScoringTest, MultipleResponseIsAllOrNothingAndIgnoresOrder) {
  const std::vector<int> key = {0, 2};
  EXPECT_EQ(ScoreMultipleResponse(key, std::vector<int>{2, 0}), 1);
  EXPECT_EQ(ScoreMultipleResponse(key, std::vector<int>{0}), 0);
  EXPECT_EQ(ScoreMultipleResponse(key, std::vector<int>{0, 1, 2}), 0);
  EXPECT_EQ(ScoreMultipleResponse(key, std::vector<int>{}), 0);
}

TEST(ScoringTest, MatchingNeedsEveryPairAndNothingElse) {
  const std::vector<std::pair<int, int>> key = {{0, 1}, {1, 0}, {2, 2}};
  EXPECT_EQ(ScoreMatching(key, std::vector<std::pair<int, int>>{{2, 2}, {0, 1}, {1, 0}}), 1);
  EXPECT_EQ(ScoreMatching(key, std::vector<std::pair<int, int>>{{0, 1}, {1, 0}}), 0);
  EXPECT_EQ(ScoreMatching(key, std::vector<std::pair<int, int>>{{0, 1}, {1, 2}, {2, 0}}), 0);
}

TEST(ScoringTest, AttemptPercentPassAndRemedial) {
  auto s = ScoreAttempt(15, 20, 75, 60);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ(s->percent, 75.0);
  EXPECT_TRUE(s->passed);  // the pass mark itself passes
  EXPECT_FALSE(s->remedial);
  s = ScoreAttempt(11, 20, 75, 60);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->passed);
  EXPECT_TRUE(s->remedial);
}

TEST(ScoringTest, AttemptRejectsImpossibleCounts) {
  EXPECT_THAT(ScoreAttempt(21, 20, 75, 60).status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ScoreAttempt(1, 2, 101, 60).status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Each line of gain_cases.csv: pre, post, expected gain or "undefined", band.
TEST(ScoringTest, NormalizedGainMatchesTheTable) {
  std::ifstream in(testing::TestData("gain_cases.csv"));
  ASSERT_TRUE(in.good()) << testing::TestData("gain_cases.csv");
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string pre, post, expected, band;
    std::getline(ss, pre, ',');
    std::getline(ss, post, ',');
    std::getline(ss, expected, ',');
    std::getline(ss, band, ',');
    auto g = NormalizedGain(std::stod(pre), std::stod(post));
    ASSERT_TRUE(g.ok()) << line << ": " << g.status();
    if (expected == "undefined") {
      EXPECT_FALSE(g->has_value()) << line;
    } else {
      ASSERT_TRUE(g->has_value()) << line;
      EXPECT_NEAR(**g, std::stod(expected), 1e-12) << line;
      EXPECT_EQ(GainBandName(ClassifyGain(**g)), band) << line;
    }
    ++cases;
  }
  EXPECT_GE(cases, 10);
}

TEST(ScoringTest, GainRejectsScoresOutsidePercent) {
  EXPECT_THAT(NormalizedGain(-1, 50).status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NormalizedGain(50, 100.5).status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Hand-computed: pre 40/80/100, post 70/90/100. Means 220/3 and 260/3:
// gain of means = (40/3) / (80/3) = 0.5; personal gains 0.5, 0.5, undefined: mean 0.5.
// With pre 20/80 post 60/90: means 50, 75 -> 0.5; personal 0.5 and 0.5.
// With pre 0/90 post 50/91: means 45, 70.5 -> 25.5/55; personal 0.5, 0.1 -> 0.3.
TEST(ScoringTest, GainAggregatesBothWays) {
  std::vector<PrePost> a = {{40, 70}, {80, 90}, {100, 100}};
  auto s = SummarizeGain(a);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->n, 3);
  EXPECT_EQ(s->n_undefined, 1);
  EXPECT_NEAR(*s->gain_of_means, 0.5, 1e-12);
  EXPECT_NEAR(*s->mean_of_gains, 0.5, 1e-12);
  std::vector<PrePost> b = {{0, 50}, {90, 91}};
  s = SummarizeGain(b);
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(*s->gain_of_means, 25.5 / 55.0, 1e-12);
  EXPECT_NEAR(*s->mean_of_gains, 0.3, 1e-12);
  EXPECT_EQ(s->n_medium, 1);
  EXPECT_EQ(s->n_low, 1);
}

TEST(ScoringTest, GainOfAGroupAllAtHundredIsUndefined) {
  std::vector<PrePost> a = {{100, 100}, {100, 90}};
  auto s = SummarizeGain(a);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->gain_of_means.has_value());
  EXPECT_FALSE(s->mean_of_gains.has_value());
  EXPECT_EQ(s->n_undefined, 2);
  s = SummarizeGain(std::vector<PrePost>{});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->n, 0);
  EXPECT_FALSE(s->gain_of_means.has_value());
}

TEST(ScoringTest, GainSummaryNamesTheBadPerson) {
  std::vector<PrePost> a = {{40, 70}, {40, 170}};
  auto s = SummarizeGain(a);
  EXPECT_THAT(s.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(s.status().message()), ::testing::HasSubstr("person 1"));
}

// The accumulator gives SummarizeGain's result, also when merged from parts.
TEST(ScoringTest, GainAccumulatorMergesParts) {
  const std::vector<PrePost> all = {{25, 75}, {50, 100}, {100, 75}, {40, 40}, {0, 90}};
  auto want = SummarizeGain(all);
  ASSERT_TRUE(want.ok());
  GainAccumulator a, b;
  for (size_t k = 0; k < all.size(); ++k) {
    ASSERT_TRUE((k < 2 ? a : b).Add(all[k].pre, all[k].post).ok());
  }
  a.Merge(b);
  const GainSummary got = a.Summary();
  EXPECT_EQ(got.n, want->n);
  EXPECT_EQ(got.n_undefined, 1);
  EXPECT_EQ(got.n_low, want->n_low);
  EXPECT_EQ(got.n_medium, want->n_medium);
  EXPECT_EQ(got.n_high, want->n_high);
  EXPECT_NEAR(got.mean_pre, want->mean_pre, 1e-12);
  EXPECT_NEAR(got.mean_post, want->mean_post, 1e-12);
  EXPECT_NEAR(*got.gain_of_means, *want->gain_of_means, 1e-12);
  EXPECT_NEAR(*got.mean_of_gains, *want->mean_of_gains, 1e-12);
  EXPECT_FALSE(a.Add(101, 50).ok());
  EXPECT_EQ(a.Summary().n, want->n);  // nothing added by the bad pair
}

}  // namespace
}  // namespace bimtek::assessment
