#include "core/assessment/item_analysis.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace bimtek::assessment {
namespace {

using testing::Matrix;
using testing::StatusIs;

// Five persons, three items, complete. Totals 3, 2, 1, 1, 0 (mean 1.4, variance 1.04).
const std::vector<std::string> kComplete = {"111", "110", "100", "010", "000"};

TEST(ItemAnalysisTest, DifficultyIsShareCorrect) {
  auto a = AnalyzeItems(Matrix(kComplete));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_DOUBLE_EQ(*a->items[0].p, 0.6);
  EXPECT_DOUBLE_EQ(*a->items[1].p, 0.6);
  EXPECT_DOUBLE_EQ(*a->items[2].p, 0.2);
  EXPECT_EQ(a->items[2].n_presented, 5);
  EXPECT_EQ(a->items[2].n_correct, 1);
}

// Item 0: x = 1,1,1,0,0, rest = 2,1,0,1,0: cov 0.6, ss 1.2 and 2.8 -> 0.6 / sqrt(3.36).
// Item 2: x = 1,0,0,0,0, rest = 2,2,1,1,0: 0.8 / sqrt(0.8 * 2.8).
TEST(ItemAnalysisTest, PointBiserialUsesTheRestScore) {
  auto a = AnalyzeItems(Matrix(kComplete));
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(*a->items[0].rpbis, 0.6 / std::sqrt(3.36), 1e-12);
  EXPECT_NEAR(*a->items[2].rpbis, 0.8 / std::sqrt(2.24), 1e-12);
}

// n = 5, groups of 1.35 persons. Item 0, upper: the 3 (right) and 0.35 of the 2 (right) -> 1;
// lower: the 0 (wrong) and 0.35 of the two 1s (one right) -> 0.175 / 1.35.
// Item 2, upper: the 3 (right), 0.35 of the 2 (wrong) -> 1 / 1.35; lower: none right.
TEST(ItemAnalysisTest, UpperLowerIndexSplitsTiedScoresFractionally) {
  auto a = AnalyzeItems(Matrix(kComplete));
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(*a->items[0].p_upper, 1.0, 1e-12);
  EXPECT_NEAR(*a->items[0].p_lower, 0.175 / 1.35, 1e-12);
  EXPECT_NEAR(*a->items[0].upper_lower, 1.0 - 0.175 / 1.35, 1e-12);
  EXPECT_NEAR(*a->items[2].upper_lower, 1.0 / 1.35, 1e-12);
}

TEST(ItemAnalysisTest, UpperLowerIndexDoesNotDependOnRowOrder) {
  auto a = AnalyzeItems(Matrix({"111", "110", "100", "010", "000"}));
  auto b = AnalyzeItems(Matrix({"010", "000", "111", "100", "110"}));
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 0; i < 3; ++i)
    EXPECT_DOUBLE_EQ(*a->items[i].upper_lower, *b->items[i].upper_lower);
}

// KR-20 = 3/2 * (1 - (0.24 + 0.24 + 0.16) / 1.04) = 15/26.
TEST(ItemAnalysisTest, Kr20OnCompleteData) {
  auto a = AnalyzeItems(Matrix(kComplete));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->n_complete, 5);
  EXPECT_EQ(a->kr20_items, 3);
  EXPECT_NEAR(*a->kr20, 15.0 / 26.0, 1e-12);
  EXPECT_TRUE(a->kr20_low);
}

// An item every complete person answered alike adds no variance; like psych::alpha, KR-20
// leaves it out of k rather than inflating k / (k - 1).
TEST(ItemAnalysisTest, Kr20LeavesOutItemsWithoutVariance) {
  auto a = AnalyzeItems(Matrix({"1111", "1101", "1001", "0101", "0001"}));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kr20_items, 3);
  EXPECT_NEAR(*a->kr20, 15.0 / 26.0, 1e-12);
}

TEST(ItemAnalysisTest, Kr20EqualsCronbachAlphaOnDichotomousData) {
  std::vector<double> scores;
  for (const std::string& row : kComplete)
    for (char c : row) scores.push_back(c == '1' ? 1.0 : 0.0);
  EXPECT_NEAR(*CronbachAlpha(scores, 3), 15.0 / 26.0, 1e-12);
  EXPECT_FALSE(CronbachAlpha(std::vector<double>{1, 1, 1, 1}, 2).has_value());  // no variance
}

// Missing cells: rows "11-", "101", "0-1", "000".
// Item 0 (all presented): x = 1,1,0,0; rest over presented = 1,1,1,0 -> 0.5 / sqrt(1 * 0.75).
// p(item 1) = 1/3 (three presented). KR-20 on the complete rows "101" and "000" only:
// totals 2, 0 (variance 1), p = 1/2, 0, 1/2; item 1 does not vary there, so k = 2:
// 2/1 * (1 - 0.5) = 1.
TEST(ItemAnalysisTest, MissingCellsAreNotPresentedNotWrong) {
  auto a = AnalyzeItems(Matrix({"11-", "101", "0-1", "000"}));
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(*a->items[0].rpbis, 0.5 / std::sqrt(0.75), 1e-12);
  EXPECT_EQ(a->items[1].n_presented, 3);
  EXPECT_NEAR(*a->items[1].p, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(*a->items[2].p, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(a->n_complete, 2);
  EXPECT_EQ(a->kr20_items, 2);
  EXPECT_NEAR(*a->kr20, 1.0, 1e-12);
}

TEST(ItemAnalysisTest, FlagsFollowTheThresholds) {
  // Item 0 always right, item 1 right once in 8, item 2 unrelated to the rest.
  auto a = AnalyzeItems(Matrix({"1-1", "100", "110", "101", "100", "101", "100", "10-"}));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->items[0].flags, kTooEasy | kAllCorrect | kNoDiscrimination);
  EXPECT_FALSE(a->items[0].rpbis.has_value());
  EXPECT_TRUE(a->items[1].flags & kTooHard) << a->items[1].flags;
  ItemFlagThresholds t;
  t.p_min = 0.10;
  a = AnalyzeItems(Matrix({"1-1", "100", "110", "101", "100", "101", "100", "10-"}), t);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->items[1].flags & kTooHard);
  EXPECT_THAT(FlagNames(kTooEasy | kAllCorrect), ::testing::ElementsAre("too_easy", "all_correct"));
}

TEST(ItemAnalysisTest, LowDiscriminationFlag) {
  // Item 2 is right for the low scorers and wrong for the high ones: negative rpbis.
  auto a = AnalyzeItems(Matrix({"110", "110", "101", "001", "000", "111"}));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->items[2].rpbis.has_value());
  EXPECT_LT(*a->items[2].rpbis, 0.20);
  EXPECT_TRUE(a->items[2].flags & kLowDiscrimination);
}

TEST(ItemAnalysisTest, ItemNeverPresentedHasNoStatistics) {
  auto a = AnalyzeItems(Matrix({"1-0", "0-1", "1-1"}));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->items[1].flags, kNotPresented);
  EXPECT_FALSE(a->items[1].p.has_value());
  EXPECT_FALSE(a->items[1].upper_lower.has_value());
  EXPECT_EQ(a->n_complete, 0);
  EXPECT_FALSE(a->kr20.has_value());
}

TEST(ItemAnalysisTest, RejectsInvalidThresholds) {
  ItemFlagThresholds t;
  t.p_min = 0.9;
  t.p_max = 0.1;
  EXPECT_THAT(AnalyzeItems(Matrix(kComplete), t).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  t = {};
  t.upper_lower_fraction = 0.6;
  EXPECT_THAT(ValidateThresholds(t), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Eight persons, totals 0..7 by row; options of one item (3 options, -1 = no answer).
// Groups of 0.27 * 8 = 2.16 persons: upper = totals 7, 6 and 0.16 of 5; lower = 0, 1, 0.16 of 2.
TEST(ItemAnalysisTest, DistractorCountsByGroup) {
  const std::vector<int> chosen = {0, 1, 1, -1, 2, 2, 2, 2};
  const std::vector<int> total = {0, 1, 2, 3, 4, 5, 6, 7};
  ItemStats s;
  ASSERT_TRUE(AnalyzeOptions(chosen, total, 3, 0.27, s).ok());
  EXPECT_THAT(s.options.all, ::testing::ElementsAre(1, 2, 4));
  EXPECT_EQ(s.options.omitted, 1);
  EXPECT_NEAR(s.options.upper[2], 2.16, 1e-12);
  EXPECT_NEAR(s.options.lower[0], 1.0, 1e-12);
  EXPECT_NEAR(s.options.lower[1], 1.16, 1e-12);
  EXPECT_THAT(AnalyzeOptions(std::vector<int>{3}, std::vector<int>{1}, 3, 0.27, s),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ResponseMatrixTest, KeepsCellsAndRejectsWrongRowLength) {
  ResponseMatrix m(70);
  std::vector<Response> row(70, Response::kMissing);
  row[0] = Response::kCorrect;
  row[65] = Response::kWrong;
  row[69] = Response::kCorrect;
  ASSERT_TRUE(m.AddPerson(row).ok());
  EXPECT_EQ(m.words(), 2u);
  EXPECT_EQ(m.at(0, 0), Response::kCorrect);
  EXPECT_EQ(m.at(0, 1), Response::kMissing);
  EXPECT_EQ(m.at(0, 65), Response::kWrong);
  EXPECT_EQ(m.at(0, 69), Response::kCorrect);
  EXPECT_THAT(m.AddPerson(std::vector<Response>(3, Response::kWrong)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Correct bits of items not presented and bits past the last item are cleared.
  const uint64_t p[2] = {0x1, ~uint64_t{0}};
  const uint64_t c[2] = {0x3, ~uint64_t{0}};
  m.AddPersonBits(p, c);
  EXPECT_EQ(m.at(1, 1), Response::kMissing);
  EXPECT_EQ(m.correct_words(1)[1], (uint64_t{1} << 6) - 1);
}

// Counts accumulated in two parts and merged (as the national scan does on two threads) give
// the same analysis as the whole matrix.
TEST(ItemAnalysisTest, MergedCountsGiveTheSameAnalysis) {
  const std::vector<std::string> rows = {"11-", "101", "0-1", "000", "111", "110", "-10", "011"};
  ResponseMatrix m = Matrix(rows);
  ItemCounts a(3), b(3);
  for (size_t v = 0; v < m.num_persons(); ++v) {
    (v % 3 == 0 ? a : b).Add(m.presented_words(v), m.correct_words(v));
  }
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_EQ(a.num_persons(), 8);
  auto whole = AnalyzeItems(m);
  auto merged = AnalyzeItems(a);
  ASSERT_TRUE(whole.ok() && merged.ok());
  EXPECT_EQ(merged->n_complete, whole->n_complete);
  ASSERT_TRUE(whole->kr20.has_value() && merged->kr20.has_value());
  EXPECT_DOUBLE_EQ(*merged->kr20, *whole->kr20);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(merged->items[i].n_presented, whole->items[i].n_presented) << i;
    EXPECT_EQ(merged->items[i].p, whole->items[i].p) << i;
    EXPECT_EQ(merged->items[i].rpbis, whole->items[i].rpbis) << i;
    EXPECT_EQ(merged->items[i].upper_lower, whole->items[i].upper_lower) << i;
    EXPECT_EQ(merged->items[i].flags, whole->items[i].flags) << i;
  }
  EXPECT_THAT(a.Merge(ItemCounts(4)), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace bimtek::assessment
