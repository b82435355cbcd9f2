// The question bank's use cases: importing our JSON (with images) and QTI packages into a
// store, versions on re-import, nothing written on errors, export then import, and the starter
// bank compiled into the program (data/questions/bank-2024.json).
#include "service/questions.h"

#include <filesystem>
#include <map>
#include <set>

#include "assets/assets.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::ReadFileOrDie;
using ::bimtek::testing::SourceDir;
using ::bimtek::testing::TempDir;
using ::bimtek::testing::WriteFileOrDie;

std::string Fixture(const std::string& name) {
  return SourceDir() + "/tests/testdata/questions/" + name;
}

class QuestionServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::QuestionStore> NewBank(const std::string& name) {
    const std::string path = dir_.File(name);
    auto s = store::OpenSqliteStore(path, {});
    EXPECT_TRUE(s.ok()) << s.status();
    auto q = store::OpenSqliteQuestions(path);
    EXPECT_TRUE(q.ok()) << q.status();
    return std::move(*q);
  }
  TempDir dir_;
};

TEST_F(QuestionServiceTest, JsonImportWithImageThenVersions) {
  auto bank = NewBank("a.db");
  auto r = ImportQuestionsFile(*bank, Fixture("small-bank.json"), {}, 100);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->problems, ::testing::IsEmpty());
  EXPECT_TRUE(r->written);
  EXPECT_EQ(r->new_items, 4);
  auto q = bank->GetQuestion("T-SAH-001");
  ASSERT_TRUE(q.ok() && q->has_value());
  EXPECT_EQ((*q)->media->bytes, ReadFileOrDie(Fixture("images/coblos.svg")));

  // The same file again: unchanged. An edited copy: one new version.
  r = ImportQuestionsFile(*bank, Fixture("small-bank.json"), {}, 200);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->unchanged, 4);
  std::string text = ReadFileOrDie(Fixture("small-bank.json"));
  const std::string from = "Ketua memimpin; Linmas menjaga keamanan.";
  text.replace(text.find(from), from.size(), "Ketua KPPS memimpin rapat; Linmas menjaga TPS.");
  std::filesystem::create_directories(dir_.File("images"));
  WriteFileOrDie(dir_.File("edited.json"), text);
  WriteFileOrDie(dir_.File("images/coblos.svg"), ReadFileOrDie(Fixture("images/coblos.svg")));
  // A dry run says what would happen and writes nothing.
  r = ImportQuestionsFile(*bank, dir_.File("edited.json"), {true, "", {}}, 300);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->written);
  EXPECT_EQ((*bank->GetQuestion("T-PER-002"))->version, 1);
  r = ImportQuestionsFile(*bank, dir_.File("edited.json"), {}, 300);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->new_versions, 1);
  EXPECT_EQ(r->unchanged, 3);
  EXPECT_EQ((*bank->GetQuestion("T-PER-002"))->version, 2);
  EXPECT_EQ((*bank->GetQuestion("T-PER-002", 1))->explanation, from);
}

TEST_F(QuestionServiceTest, ErrorsWriteNothing) {
  auto bank = NewBank("b.db");
  auto r = ImportQuestionsFile(*bank, Fixture("bad-bank.json"), {}, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->written);
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(questions::Describe(r->problems[0], Lang::kEn),
            "T-BAD-002, key[0]: key \"C\" is not an option id");
  EXPECT_EQ(*bank->CountQuestions(), 0);

  // A missing image is an error of its item.
  WriteFileOrDie(dir_.File("noimg.json"), ReadFileOrDie(Fixture("small-bank.json")));
  r = ImportQuestionsFile(*bank, dir_.File("noimg.json"), {}, 1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].item, "T-SAH-001");
  EXPECT_EQ(r->problems[0].code, "question.media.not_found");
  EXPECT_EQ(*bank->CountQuestions(), 0);

  EXPECT_THAT(ImportQuestionsFile(*bank, dir_.File("absent.json"), {}, 1).status(),
              ::bimtek::testing::StatusIs(absl::StatusCode::kNotFound));
  WriteFileOrDie(dir_.File("junk.json"), "{ not json");
  EXPECT_THAT(ImportQuestionsFile(*bank, dir_.File("junk.json"), {}, 1).status(),
              ::bimtek::testing::StatusIs(absl::StatusCode::kInvalidArgument, "line 1"));
}

TEST_F(QuestionServiceTest, QtiExportImportsIntoAnotherStoreUnchanged) {
  auto a = NewBank("a.db");
  ASSERT_TRUE(ImportQuestionsFile(*a, Fixture("small-bank.json"), {}, 1).ok());
  auto zip = ExportQti3Zip(*a, {});
  ASSERT_TRUE(zip.ok()) << zip.status();
  WriteFileOrDie(dir_.File("bank.zip"), *zip);
  auto b = NewBank("b.db");
  auto r = ImportQuestionsFile(*b, dir_.File("bank.zip"), {}, 2);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->format, QuestionFileFormat::kQti);
  EXPECT_THAT(r->problems, ::testing::IsEmpty());
  EXPECT_EQ(r->new_items, 4);
  auto before = a->ListQuestions({}, true);
  auto after = b->ListQuestions({}, true);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(before->size(), after->size());
  for (size_t i = 0; i < before->size(); ++i) {
    EXPECT_TRUE((*before)[i].SameContent((*after)[i])) << (*before)[i].id;
  }
  // Our JSON export, re-imported, is the same too (images written beside it).
  auto json = ExportJson(*a, {"M3", ""});
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->media.size(), 1u);
  auto parsed = questions::ParseBankJson(json->json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->bank.items.size(), 2u);
}

// ---- the starter bank (written by another helper; this test checks whatever file is there)

TEST(StarterBank, EveryItemValidAndTheCurriculumCovered) {
  const std::string path = SourceDir() + "/data/questions/bank-2024.json";
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: the starter bank";
  const std::string text = ReadFileOrDie(path);
  auto parsed = questions::ParseBankJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  for (const questions::ItemProblem& p : parsed->problems) {
    ADD_FAILURE() << questions::Describe(p, Lang::kEn);  // warnings too: every item explained
  }
  const auto& items = parsed->bank.items;
  EXPECT_GE(items.size(), 150u);
  std::map<std::string, int> modules, topics;
  for (const questions::Question& q : items) {
    ++modules[q.module];
    for (const std::string& t : q.topics) ++topics[t];
    EXPECT_FALSE(q.source.empty()) << q.id << ": no source";
    EXPECT_FALSE(q.media.has_value()) << q.id << ": the embedded bank carries no image bytes";
  }
  for (const char* m : {"M1", "M2", "M3", "M4"}) {
    EXPECT_GT(modules[m], 0) << "no item for module " << m;
  }
  for (const std::string& t : questions::Topics()) {
    EXPECT_GT(topics[t], 0) << "no item for topic " << t;
  }
  // The curriculum's modules and tags (data/curriculum-2024.json, when there) are covered.
  const std::string curriculum = SourceDir() + "/data/curriculum-2024.json";
  if (std::filesystem::exists(curriculum)) {
    auto c = nlohmann::json::parse(ReadFileOrDie(curriculum), nullptr, false);
    ASSERT_FALSE(c.is_discarded()) << curriculum;
    for (const auto& m : c.value("modules", nlohmann::json::array())) {
      const std::string id = m.value("id", "");
      EXPECT_GT(modules[id], 0) << "no item for curriculum module " << id;
      for (const auto& tag : m.value("tags", nlohmann::json::array())) {
        EXPECT_GT(topics[tag.get<std::string>()], 0) << "no item for curriculum tag " << tag;
      }
    }
  }
  // The program embeds this very file.
  EXPECT_EQ(assets::QuestionBankJson(), text);
}

TEST_F(QuestionServiceTest, StarterBankLoadsOnceIntoAnEmptyBank) {
  auto bank = NewBank("s.db");
  auto n = EnsureStarterBank(*bank, 1);
  if (assets::QuestionBankJson().empty()) {
    EXPECT_THAT(n.status(), ::bimtek::testing::StatusIs(absl::StatusCode::kNotFound));
    return;
  }
  ASSERT_TRUE(n.ok()) << n.status();
  auto parsed = questions::ParseBankJson(assets::QuestionBankJson());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*n, static_cast<int>(parsed->bank.items.size()));
  EXPECT_EQ(*bank->CountQuestions(), *n);
  EXPECT_EQ(*EnsureStarterBank(*bank, 2), 0);  // not twice
  // The whole starter bank exports to QTI 3.0 and back unchanged.
  auto zip = ExportQti3Zip(*bank, {});
  ASSERT_TRUE(zip.ok()) << zip.status();
  WriteFileOrDie(dir_.File("starter.zip"), *zip);
  auto other = NewBank("t.db");
  auto r = ImportQuestionsFile(*other, dir_.File("starter.zip"), {}, 3);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->problems, ::testing::IsEmpty());
  EXPECT_EQ(r->new_items, *n);
  auto a = bank->ListQuestions({}, true);
  auto b = other->ListQuestions({}, true);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_TRUE((*a)[i].SameContent((*b)[i])) << (*a)[i].id;
  }
}

// SaveQuestion (the bank editor page): roles, a new version beside the old, problems by field
// with nothing written, a new item may not take an existing id, an unknown item is NotFound.
TEST_F(QuestionServiceTest, SaveQuestionChecksRolesAndWritesVersions) {
  auto bank = NewBank("save.db");
  questions::Question q;
  q.id = "M1-EDIT-001";
  q.module = "M1";
  q.topics = {"voting"};
  q.stem = "Soal";
  q.options = {{"A", "a"}, {"B", "b"}};
  q.key = {"A"};
  q.explanation = "Penjelasan.";
  store::UserRow op;
  op.role = store::UserRole::kKabKota;
  op.scope = 3271;
  for (auto role : {store::UserRole::kPpk, store::UserRole::kPps, store::UserRole::kFacilitator,
                    store::UserRole::kParticipant}) {
    store::UserRow u = op;
    u.role = role;
    EXPECT_EQ(SaveQuestion(*bank, u, q, true, 10).status().code(),
              absl::StatusCode::kPermissionDenied);
    EXPECT_TRUE(MayReadBank(u) == (role != store::UserRole::kParticipant));
  }
  EXPECT_EQ(SaveQuestion(*bank, op, q, false, 10).status().code(), absl::StatusCode::kNotFound);
  auto first = SaveQuestion(*bank, op, q, true, 10);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->result.has_value());
  EXPECT_EQ(first->result->version, 1);
  auto again = SaveQuestion(*bank, op, q, true, 11);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->result.has_value());
  ASSERT_EQ(again->problems.size(), 1u);
  EXPECT_EQ(again->problems[0].code, "question.id.taken");
  EXPECT_TRUE(questions::IsKnownItemProblemCode("question.id.taken"));
  q.key = {"Z"};
  auto bad = SaveQuestion(*bank, op, q, false, 12);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->result.has_value());
  EXPECT_TRUE(questions::HasErrors(bad->problems));
  q.key = {"B"};
  auto edited = SaveQuestion(*bank, op, q, false, 13);
  ASSERT_TRUE(edited.ok() && edited->result.has_value());
  EXPECT_EQ(edited->result->version, 2);
  auto versions = bank->ListVersions("M1-EDIT-001");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 2u);
  auto v1 = bank->GetQuestion("M1-EDIT-001", 1);
  ASSERT_TRUE(v1.ok() && v1->has_value());
  EXPECT_EQ((*v1)->key, std::vector<std::string>{"A"});
}

}  // namespace
}  // namespace bimtek::service
