// Tests (issue 5): blueprints, parallel forms, per-person order, the packed answer format and
// its scoring, on small hand-made banks.
#include "core/assessment/test_form.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "base/strings.h"
#include "testing/testing.h"

namespace bimtek::assessment {
namespace {

using questions::ItemType;
using questions::Question;
using testing::StatusIs;

Question Single(const std::string& id, const std::string& module, const std::string& key = "B") {
  Question q;
  q.id = id;
  q.type = ItemType::kSingle;
  q.module = module;
  q.topics = {"voting"};
  q.options = {{"A", "a"}, {"B", "b"}, {"C", "c"}, {"D", "d"}};
  q.key = {key};
  q.version = 1;
  return q;
}

Question Multiple() {
  Question q = Single("M2-MUL-001", "M2");
  q.type = ItemType::kMultiple;
  q.key = {"A", "C"};
  return q;
}

Question TrueFalse() {
  Question q = Single("M1-TF-001", "M1");
  q.type = ItemType::kTrueFalse;
  q.options = {{"B", "Benar"}, {"S", "Salah"}};
  q.key = {"S"};
  return q;
}

Question Matching() {
  Question q;
  q.id = "M4-MAT-001";
  q.type = ItemType::kMatching;
  q.module = "M4";
  q.topics = {"forms"};
  q.left = {{"L1", "x"}, {"L2", "y"}};
  q.right = {{"R1", "1"}, {"R2", "2"}, {"R3", "3"}};
  q.pairs = {{"L1", "R2"}, {"L2", "R1"}};
  q.version = 3;
  return q;
}

TEST(BlueprintTest, ParsesAndFormatsModulesAndTopics) {
  auto b = ParseBlueprint(" M1:5, validity:3 ,M3:10");
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(b->entries.size(), 3u);
  EXPECT_EQ(b->entries[1], (BlueprintEntry{"validity", 3}));
  EXPECT_EQ(FormatBlueprint(*b), "M1:5,validity:3,M3:10");
}

TEST(BlueprintTest, RejectsBadEntriesNamingThem) {
  EXPECT_THAT(ParseBlueprint("M9:5").status(), StatusIs(absl::StatusCode::kInvalidArgument, "M9"));
  EXPECT_THAT(ParseBlueprint("M1:0").status(), StatusIs(absl::StatusCode::kInvalidArgument, "1 to 200"));
  EXPECT_THAT(ParseBlueprint("M1").status(), StatusIs(absl::StatusCode::kInvalidArgument, "SELECTOR:COUNT"));
  EXPECT_THAT(ParseBlueprint("M1:2,M1:3").status(), StatusIs(absl::StatusCode::kInvalidArgument, "twice"));
  EXPECT_THAT(ParseBlueprint("").status(), StatusIs(absl::StatusCode::kInvalidArgument, "empty"));
}

std::vector<Question> Bank(int per_module) {
  std::vector<Question> bank;
  for (const char* m : {"M1", "M2", "M3"}) {
    for (int i = 0; i < per_module; ++i) bank.push_back(Single(StrCat(m, "-X-", 100 + i), m));
  }
  return bank;
}

TEST(BuildFormsTest, ParallelFormsFollowTheBlueprintAndDoNotOverlapWhenTheBankAllows) {
  const auto bank = Bank(10);
  auto bp = ParseBlueprint("M1:3,M3:4");
  auto forms = BuildForms(*bp, bank, 2, 7);
  ASSERT_TRUE(forms.ok()) << forms.status();
  ASSERT_EQ(forms->size(), 2u);
  std::set<std::string> seen;
  for (const auto& f : *forms) {
    ASSERT_EQ(f.size(), 7u);
    int m1 = 0, m3 = 0;
    for (const FormItem& i : f) {
      EXPECT_TRUE(seen.insert(i.id).second) << i.id << " is on two forms";
      EXPECT_EQ(i.version, 1);
      m1 += i.id.starts_with("M1");
      m3 += i.id.starts_with("M3");
    }
    EXPECT_EQ(m1, 3);
    EXPECT_EQ(m3, 4);
  }
  // Deterministic in the seed; another seed draws otherwise.
  EXPECT_EQ(*forms, *BuildForms(*bp, bank, 2, 7));
  EXPECT_NE(*forms, *BuildForms(*bp, bank, 2, 8));
}

TEST(BuildFormsTest, TooFewItemsIsAnErrorSayingHowMany) {
  const auto bank = Bank(2);
  EXPECT_THAT(BuildForms(*ParseBlueprint("M2:3"), bank, 1, 1).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "(2)"));
  EXPECT_THAT(BuildForms(*ParseBlueprint("M2:1"), bank, 27, 1).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "1 to 26"));
}

TEST(OrderTest, PerPersonShuffleIsDeterministicAndAPermutation) {
  const auto bank = Bank(10);
  std::vector<const Question*> form;
  for (const auto& q : bank) form.push_back(&q);
  const PersonOrder a = OrderFor(5, 42, form), b = OrderFor(5, 42, form), c = OrderFor(5, 43, form);
  EXPECT_EQ(a.items, b.items);
  EXPECT_EQ(a.options, b.options);
  EXPECT_NE(a.items, c.items);
  std::vector<int> sorted = a.items;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(sorted[i], static_cast<int>(i));
  for (const auto& o : a.options) EXPECT_EQ(o.size(), 4u);
  // Form choice is spread over the forms.
  std::set<int> forms;
  for (int64_t p = 1; p < 50; ++p) forms.insert(FormOf(9, p, 3));
  EXPECT_EQ(forms, (std::set<int>{0, 1, 2}));
}

TEST(PackedTest, PacksEveryTypeIntoTheDocumentedBytes) {
  const Question s = Single("M3-S-001", "M3", "C"), m = Multiple(), tf = TrueFalse(),
                 mt = Matching();
  const std::vector<const Question*> form = {&s, &m, &tf, &mt};
  EXPECT_EQ(PackedSize(form), 5u);
  auto packed = PackAnswers(form, {{"C"}, {"C", "A"}, {"S"}, {"L2=R1", "L1=R3"}});
  ASSERT_TRUE(packed.ok()) << packed.status();
  // C = option 2 -> 3; mask A|C = 0b101; S = option 1 -> 2; L1 -> R3 (3), L2 -> R1 (1).
  EXPECT_EQ(*packed, std::string("\x03\x05\x02\x03\x01", 5));
  auto back = UnpackAnswers(form, *packed);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)[0], GivenAnswer{"C"});
  EXPECT_EQ((*back)[1], (GivenAnswer{"A", "C"}));
  EXPECT_EQ((*back)[3], (GivenAnswer{"L1=R3", "L2=R1"}));
  auto score = ScorePacked(form, *packed);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(*score, (std::vector<uint8_t>{1, 1, 1, 0}));
  auto right = PackAnswers(form, {{"C"}, {"A", "C"}, {"S"}, {"L1=R2", "L2=R1"}});
  EXPECT_EQ(*ScorePacked(form, *right), (std::vector<uint8_t>{1, 1, 1, 1}));
}

TEST(PackedTest, UnansweredIsZeroAndScoresZero) {
  const Question s = Single("M3-S-001", "M3"), m = Multiple(), mt = Matching();
  const std::vector<const Question*> form = {&s, &m, &mt};
  auto packed = PackAnswers(form, {});
  ASSERT_TRUE(packed.ok());
  EXPECT_EQ(*packed, std::string(4, '\0'));
  EXPECT_EQ(*ScorePacked(form, *packed), (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE((*UnpackAnswers(form, *packed))[0].empty());
}

TEST(PackedTest, BadAnswersAndBadBytesAreErrors) {
  const Question s = Single("M3-S-001", "M3"), mt = Matching();
  const std::vector<const Question*> form = {&s, &mt};
  EXPECT_THAT(PackAnswers(form, {{"Z"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "M3-S-001"));
  EXPECT_THAT(PackAnswers(form, {{"A", "B"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "one answer"));
  EXPECT_THAT(PackAnswers(form, {{}, {"L1-R1"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "LEFT=RIGHT"));
  EXPECT_THAT(UnpackAnswers(form, std::string("\x01", 1)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "needs 3"));
  EXPECT_THAT(UnpackAnswers(form, std::string("\x09\x00\x00", 3)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "out of range"));
  EXPECT_THAT(ScorePacked(form, "").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

// The compiled scorer of the national scan agrees with ScorePacked on every byte string of the
// form's size: all bytes 0..4 in each of the 5 positions (the keys, wrong answers, out of range
// and unanswered), plus items no answer can score (a key not among the options, an empty key).
TEST(PackedTest, CompiledScorerAgreesWithScorePackedOnAnyBytes) {
  Question s = Single("M3-S-001", "M3", "C"), m = Multiple(), tf = TrueFalse(), mt = Matching();
  Question bad_key = Single("M3-S-002", "M3", "Z");
  Question no_key = Multiple();
  no_key.key.clear();
  const std::vector<const Question*> form = {&s, &m, &tf, &mt};
  const PackedScorer scorer(form);
  ASSERT_EQ(scorer.items(), 4u);
  ASSERT_EQ(scorer.packed_size(), 5u);
  std::string packed(5, '\0');
  int checked = 0;
  for (int code = 0; code < 5 * 5 * 5 * 5 * 5; ++code) {
    int c = code;
    for (size_t b = 0; b < 5; ++b, c /= 5) packed[b] = static_cast<char>(c % 5);
    auto want = ScorePacked(form, packed);
    ASSERT_TRUE(want.ok());
    for (size_t p = 0; p < 4; ++p) {
      ASSERT_EQ(scorer.Correct(packed, p), (*want)[p] == 1) << "bytes " << code << " item " << p;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 3125);
  const std::vector<const Question*> unscorable = {&bad_key, &no_key};
  const PackedScorer never(unscorable);
  for (int a = 0; a < 256; ++a) {
    for (int b : {0, 1, 5, 255}) {
      const std::string bytes = {static_cast<char>(a), static_cast<char>(b)};
      EXPECT_FALSE(never.Correct(bytes, 0));
      EXPECT_FALSE(never.Correct(bytes, 1));
      EXPECT_EQ(*ScorePacked(unscorable, bytes), (std::vector<uint8_t>{0, 0}));
    }
  }
}

}  // namespace
}  // namespace bimtek::assessment
