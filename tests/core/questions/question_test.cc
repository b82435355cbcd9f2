// The question model's validation and its JSON file form (docs/question-format.md).
#include "core/questions/question.h"

#include <algorithm>

#include "core/questions/question_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::questions {
namespace {

using ::bimtek::testing::StatusIs;
using ::testing::HasSubstr;

Question Single() {
  Question q;
  q.id = "M3-SAH-001";
  q.type = ItemType::kSingle;
  q.module = "M3";
  q.topics = {"validity", "voting"};
  q.stem = "Surat suara dicoblos dua kali pada satu calon. Sah atau tidak?\nPilih satu.";
  q.options = {{"A", "Tidak sah"}, {"B", "Sah"}};
  q.key = {"B"};
  q.explanation = "Sah: dua coblosan pada satu calon menunjukkan satu pilihan.";
  q.source = "pemilu2024.md §5";
  return q;
}

Question Matching() {
  Question q;
  q.id = "M4-FRM-002";
  q.type = ItemType::kMatching;
  q.module = "M4";
  q.topics = {"forms"};
  q.stem = "Pasangkan formulir dengan isinya.";
  q.left = {{"L1", "C.Hasil"}, {"L2", "D.Hasil"}};
  q.right = {{"R1", "rekap kecamatan"}, {"R2", "hasil di TPS"}, {"R3", "daftar hadir"}};
  q.pairs = {{"L1", "R2"}, {"L2", "R1"}};
  q.explanation = "C.Hasil di TPS; D.Hasil di kecamatan.";
  return q;
}

// The codes of the problems, "field:code" each.
std::vector<std::string> Codes(const std::vector<ItemProblem>& problems) {
  std::vector<std::string> out;
  for (const ItemProblem& p : problems) {
    EXPECT_TRUE(IsKnownItemProblemCode(p.code)) << p.code;
    out.push_back(p.field + ":" + p.code);
  }
  return out;
}

TEST(QuestionValidate, GoodItemsHaveNoProblems) {
  EXPECT_THAT(Validate(Single()), ::testing::IsEmpty());
  EXPECT_THAT(Validate(Matching()), ::testing::IsEmpty());
  Question tf = Single();
  tf.type = ItemType::kTrueFalse;
  tf.options = {{"B", "Benar"}, {"S", "Salah"}};
  tf.key = {"S"};
  EXPECT_THAT(Validate(tf), ::testing::IsEmpty());
  Question m = Single();
  m.type = ItemType::kMultiple;
  m.options.push_back({"C", "Tergantung"});
  m.key = {"A", "C"};
  EXPECT_THAT(Validate(m), ::testing::IsEmpty());
}

TEST(QuestionValidate, SaysWhichFieldAndWhat) {
  Question q = Single();
  q.id = "m3 sah";
  q.module = "M9";
  q.topics = {"validity", "ballots", "validity"};
  q.stem = "  ";
  q.options = {{"A", "Tidak sah"}, {"A", ""}, {"1x", "x"}};
  q.key = {"B", "A"};
  q.explanation = "";
  q.media = Media{"../x.bmp", "", ""};
  EXPECT_THAT(Codes(Validate(q)),
              ::testing::ElementsAre(
                  "id:question.id.invalid", "module:question.module.unknown",
                  "topics[1]:question.topics.unknown", "topics[2]:question.topics.duplicate",
                  "stem:question.stem.missing", "options[1].id:question.choice.id_duplicate",
                  "options[1].text:question.text.missing",
                  "options[2].id:question.choice.id_invalid", "key:question.key.count_one",
                  "key[0]:question.key.unknown", "explanation:question.explanation.missing",
                  "media.src:question.media.src_invalid", "media.alt:question.media.alt_missing"));
  // The explanation is a warning; the rest are errors.
  auto problems = Validate(q);
  EXPECT_TRUE(HasErrors(problems));
  const auto warn = std::find_if(problems.begin(), problems.end(), [](const ItemProblem& p) {
    return p.severity == Severity::kWarning;
  });
  ASSERT_NE(warn, problems.end());
  EXPECT_EQ(warn->field, "explanation");
  EXPECT_EQ(Describe(problems[1], Lang::kEn),
            "m3 sah, module: unknown module \"M9\" (M1, M2, M3, M4 or EVAL)");
  EXPECT_EQ(Describe(problems[1], Lang::kId),
            "m3 sah, module: modul \"M9\" tidak dikenal (M1, M2, M3, M4 atau EVAL)");
}

TEST(QuestionValidate, TrueFalseNeedsExactlyBenarSalah) {
  Question q = Single();
  q.type = ItemType::kTrueFalse;
  q.options = {{"B", "Benar"}, {"S", "Salah"}, {"C", "Ragu"}};
  q.key = {"B"};
  EXPECT_THAT(Codes(Validate(q)), ::testing::ElementsAre("options:question.truefalse.options"));
}

TEST(QuestionValidate, MultipleNeedsAKeyWithoutRepeats) {
  Question q = Single();
  q.type = ItemType::kMultiple;
  q.key = {};
  EXPECT_THAT(Codes(Validate(q)), ::testing::ElementsAre("key:question.key.missing"));
  q.key = {"A", "A"};
  EXPECT_THAT(Codes(Validate(q)), ::testing::ElementsAre("key[1]:question.key.duplicate"));
}

TEST(QuestionValidate, MatchingPairsEveryLeftOnce) {
  Question q = Matching();
  q.pairs = {{"L1", "R2"}, {"L1", "R1"}, {"L9", "R9"}};
  q.options = {{"A", "x"}};
  EXPECT_THAT(Codes(Validate(q)), ::testing::ElementsAre("options:question.options.not_allowed",
                                                         "pairs[1]:question.pairs.left_twice",
                                                         "pairs[2]:question.pairs.left_unknown",
                                                         "pairs[2]:question.pairs.right_unknown",
                                                         "pairs:question.pairs.left_unpaired"));
  q = Matching();
  q.left.resize(1);
  q.pairs.resize(1);
  EXPECT_THAT(Codes(Validate(q)), ::testing::ElementsAre("left:question.options.count"));
}

TEST(QuestionValidate, DuplicateIdsInABank) {
  auto problems = ValidateAll({Single(), Matching(), Single()});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].item, "M3-SAH-001");
  EXPECT_EQ(problems[0].code, "question.id.duplicate");
  EXPECT_EQ(problems[0].args, std::vector<std::string>{"1"});
}

TEST(QuestionValidate, MediaPaths) {
  EXPECT_TRUE(IsValidMediaSrc("images/surat-suara.svg"));
  EXPECT_TRUE(IsValidMediaSrc("a.PNG"));
  EXPECT_FALSE(IsValidMediaSrc("/etc/x.png"));
  EXPECT_FALSE(IsValidMediaSrc("images/../../x.png"));
  EXPECT_FALSE(IsValidMediaSrc("images//x.png"));
  EXPECT_FALSE(IsValidMediaSrc("images/x.exe"));
  EXPECT_FALSE(IsValidMediaSrc("images/a b.png"));
  EXPECT_EQ(MediaMime("x.jpeg"), "image/jpeg");
  EXPECT_EQ(MediaMime("x.svg"), "image/svg+xml");
}

TEST(QuestionJson, WriteThenParseIsTheSame) {
  Bank bank;
  bank.license = "CC BY 4.0";
  Question tf = Single();
  tf.id = "M2-ETK-003";
  tf.type = ItemType::kTrueFalse;
  tf.options = {{"B", "Benar"}, {"S", "Salah"}};
  tf.key = {"S"};
  tf.media = Media{"images/tps.svg", "Denah TPS", ""};
  Question multi = Single();
  multi.id = "M3-SAH-004";
  multi.type = ItemType::kMultiple;
  multi.options = {{"A", "a \"quoted\""}, {"B", "b\nline"}, {"C", "c ünïcödé"}};
  multi.key = {"A", "C"};
  bank.items = {Single(), Matching(), tf, multi};
  const std::string text = WriteBankJson(bank);
  auto parsed = ParseBankJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->problems, ::testing::IsEmpty());
  EXPECT_EQ(parsed->bank.license, "CC BY 4.0");
  ASSERT_EQ(parsed->bank.items.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(parsed->bank.items[i].SameContent(bank.items[i])) << bank.items[i].id;
  }
  EXPECT_THAT(text, HasSubstr("\"format\": \"bimtek-questions/1\""));
  EXPECT_THAT(text, HasSubstr("\"pairs\": [\n        [\n          \"L1\""));
  // One item alone, as the store keeps it.
  auto one = ItemFromJson(ItemToJson(Matching()));
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_TRUE(one->SameContent(Matching()));
}

TEST(QuestionJson, NotJsonSaysWhere) {
  EXPECT_THAT(
      ParseBankJson("{\n  \"format\": \"bimtek-questions/1\",\n  \"items\": [,]\n}").status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "line 3, column"));
  EXPECT_THAT(ParseBankJson("{\"format\": \"other\", \"items\": []}").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "bimtek-questions/1"));
  EXPECT_THAT(ParseBankJson("{\"format\": \"bimtek-questions/1\", \"items\": {}}").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "\"items\" must be an array"));
}

TEST(QuestionJson, WrongShapesAreItemProblems) {
  auto parsed = ParseBankJson(R"({"format": "bimtek-questions/1", "items": [
    {"id": "M1-X-001", "type": "single", "module": "M1", "topics": "roles", "stem": "s",
     "options": [{"id": "A", "text": "a"}, {"id": "B", "txt": "b"}], "key": ["A"],
     "explanation": "e", "colour": "red"},
    {"id": 5, "type": "essay", "module": "M1", "topics": ["roles"], "stem": "s",
     "pairs": [["L1"]], "explanation": "e"},
    "not an object"
  ]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  std::vector<std::string> got;
  for (const ItemProblem& p : parsed->problems)
    got.push_back(p.item + "|" + p.field + "|" + p.code);
  EXPECT_THAT(got, ::testing::IsSupersetOf({
                       "M1-X-001|colour|question.field.unknown",
                       "M1-X-001|topics|question.field.type",
                       "M1-X-001|options[1]|question.field.unknown",
                       "M1-X-001|options[1].text|question.text.missing",
                       "#2|id|question.field.type",
                       "#2|type|question.type.unknown",
                       "#2|pairs[0]|question.field.type",
                       "#3||question.field.type",
                   }));
  EXPECT_TRUE(HasErrors(parsed->problems));
}

}  // namespace
}  // namespace bimtek::questions
