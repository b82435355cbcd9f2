// The question bank store on both backends: versions on edit, unchanged items untouched, old
// versions kept, images as bytes, filters, and all-or-nothing writes.
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backend_fixture.h"
#include "store/postgres/postgres_questions.h"
#include "store/sqlite/sqlite_questions.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::StatusIs;
using questions::ItemType;
using questions::Question;

Question Item(const std::string& id, const std::string& module, const std::string& topic) {
  Question q;
  q.id = id;
  q.type = ItemType::kSingle;
  q.module = module;
  q.topics = {topic};
  q.stem = "Pertanyaan " + id;
  q.options = {{"A", "a"}, {"B", "b"}};
  q.key = {"A"};
  q.explanation = "Karena a.";
  return q;
}

class QuestionsConformanceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto q = Open(db());
    ASSERT_TRUE(q.ok()) << q.status();
    bank_ = std::move(*q);
  }
  void TearDown() override {
    bank_.reset();
    BackendTest::TearDown();
  }
  StatusOr<std::unique_ptr<QuestionStore>> Open(const std::string& db) {
    return pg() ? OpenPostgresQuestions(db) : OpenSqliteQuestions(db);
  }
  std::unique_ptr<QuestionStore> bank_;
};

TEST_P(QuestionsConformanceTest, EditMakesANewVersionAndKeepsTheOld) {
  Question a = Item("M3-A-001", "M3", "voting");
  a.media = questions::Media{"images/a.png", "gambar", std::string("\x89PNG\0\x01\\\t\n", 9)};
  auto r1 = bank_->PutQuestions({a, Item("M4-B-001", "M4", "counting")}, 1000);
  ASSERT_TRUE(r1.ok()) << r1.status();
  ASSERT_EQ(r1->size(), 2u);
  EXPECT_EQ((*r1)[0].outcome, PutOutcome::kNew);
  EXPECT_EQ((*r1)[0].version, 1);

  // The same content again: nothing new.
  auto r2 = bank_->PutQuestions({a}, 2000);
  ASSERT_TRUE(r2.ok()) << r2.status();
  EXPECT_EQ((*r2)[0].outcome, PutOutcome::kUnchanged);
  EXPECT_EQ((*r2)[0].version, 1);

  // An edit (a new key): version 2; version 1 still readable as it was.
  Question edited = a;
  edited.key = {"B"};
  auto r3 = bank_->PutQuestions({edited}, 3000);
  ASSERT_TRUE(r3.ok()) << r3.status();
  EXPECT_EQ((*r3)[0].outcome, PutOutcome::kNewVersion);
  EXPECT_EQ((*r3)[0].version, 2);

  auto latest = bank_->GetQuestion("M3-A-001");
  ASSERT_TRUE(latest.ok() && latest->has_value()) << latest.status();
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_THAT((*latest)->key, ::testing::ElementsAre("B"));
  EXPECT_EQ((*latest)->media->bytes, a.media->bytes);
  auto v1 = bank_->GetQuestion("M3-A-001", 1);
  ASSERT_TRUE(v1.ok() && v1->has_value()) << v1.status();
  EXPECT_TRUE((*v1)->SameContent(a));
  EXPECT_EQ((*v1)->version, 1);
  auto none = bank_->GetQuestion("M3-A-001", 3);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_FALSE(bank_->GetQuestion("NOPE")->has_value());

  auto versions = bank_->ListVersions("M3-A-001");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, 1);
  EXPECT_EQ((*versions)[0].created_unix, 1000);
  EXPECT_EQ((*versions)[1].created_unix, 3000);
  EXPECT_TRUE(bank_->ListVersions("NOPE")->empty());
  EXPECT_EQ(*bank_->CountQuestions(), 2);

  // An image change alone is an edit too.
  Question new_image = edited;
  new_image.media->bytes = "other";
  auto r4 = bank_->PutQuestions({new_image}, 4000);
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ((*r4)[0].version, 3);
}

TEST_P(QuestionsConformanceTest, AnItemGivenTwiceInOneWriteIsComparedWithItsFirstCopy) {
  Question a = Item("M2-A-001", "M2", "roles");
  Question b = a;
  b.stem = "Diubah";
  auto r = bank_->PutQuestions({a, a, b}, 10);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].outcome, PutOutcome::kNew);
  EXPECT_EQ((*r)[1].outcome, PutOutcome::kUnchanged);
  EXPECT_EQ((*r)[2].outcome, PutOutcome::kNewVersion);
  EXPECT_EQ((*r)[2].version, 2);
  EXPECT_EQ((*bank_->GetQuestion("M2-A-001"))->stem, "Diubah");
}

TEST_P(QuestionsConformanceTest, ListsLatestVersionsByModuleAndTopicInIdOrder) {
  Question a = Item("M3-A-001", "M3", "voting");
  a.topics = {"voting", "special-voting"};
  a.media = questions::Media{"images/a.png", "gambar", "PNG"};
  ASSERT_TRUE(
      bank_
          ->PutQuestions({Item("M4-B-001", "M4", "counting"), a, Item("M3-C-001", "M3", "validity"),
                          Item("M3-a-002", "M3", "validity")},
                         1)
          .ok());
  Question a2 = a;
  a2.stem = "Diubah";
  ASSERT_TRUE(bank_->PutQuestions({a2}, 2).ok());
  // An item that moved to another module is listed under its latest module only.
  Question moved = Item("M3-C-001", "M4", "validity");
  ASSERT_TRUE(bank_->PutQuestions({moved}, 3).ok());

  auto all = bank_->ListQuestions({}, false);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 4u);
  // Byte order, whatever the database's locale: upper case before lower case.
  EXPECT_EQ((*all)[0].id, "M3-A-001");
  EXPECT_EQ((*all)[1].id, "M3-C-001");
  EXPECT_EQ((*all)[2].id, "M3-a-002");
  EXPECT_EQ((*all)[3].id, "M4-B-001");
  EXPECT_EQ((*all)[0].stem, "Diubah");
  EXPECT_EQ((*all)[0].version, 2);
  EXPECT_TRUE((*all)[0].media->bytes.empty());
  auto with_media = bank_->ListQuestions({"M3", ""}, true);
  ASSERT_TRUE(with_media.ok());
  ASSERT_EQ(with_media->size(), 2u);
  EXPECT_EQ((*with_media)[0].media->bytes, "PNG");

  auto special = bank_->ListQuestions({"", "special-voting"}, false);
  ASSERT_TRUE(special.ok());
  ASSERT_EQ(special->size(), 1u);
  EXPECT_EQ((*special)[0].id, "M3-A-001");
  // A topic is a whole tag, not a part of one.
  EXPECT_EQ(bank_->ListQuestions({"", "voting"}, false)->size(), 1u);
  EXPECT_EQ(bank_->ListQuestions({"", "valid"}, false)->size(), 0u);
  EXPECT_TRUE(bank_->ListQuestions({"M4", "voting"}, false)->empty());
  EXPECT_EQ(bank_->ListQuestions({"M4", "validity"}, false)->size(), 1u);
  EXPECT_EQ(*bank_->CountQuestions(), 4);
}

TEST_P(QuestionsConformanceTest, AFailedWriteWritesNothing) {
  ASSERT_TRUE(bank_->PutQuestions({Item("M1-A-001", "M1", "roles")}, 1).ok());
  // A stored row that cannot be read back makes the batch fail at its third item: the first
  // two (a new item and a new version) must not stay.
  ExecRaw(
      "INSERT INTO question_items(id, version, type, module, topics, content, created_at) "
      "VALUES('M1-X-001', 1, 'single', 'M1', ' roles ', 'not json', 1)");
  Question edited = Item("M1-A-001", "M1", "roles");
  edited.stem = "diubah";
  auto r = bank_->PutQuestions(
      {Item("M1-B-001", "M1", "roles"), edited, Item("M1-X-001", "M1", "roles")}, 2);
  EXPECT_THAT(r.status(), StatusIs(absl::StatusCode::kInvalidArgument, "stored item"));
  EXPECT_FALSE(bank_->GetQuestion("M1-B-001")->has_value());
  EXPECT_EQ((*bank_->GetQuestion("M1-A-001"))->version, 1);
  // And the store still works afterwards.
  EXPECT_TRUE(bank_->PutQuestions({Item("M1-B-001", "M1", "roles")}, 3).ok());
}

TEST_P(QuestionsConformanceTest, AnotherConnectionSeesCommittedItems) {
  ASSERT_TRUE(bank_->PutQuestions({Item("M1-A-001", "M1", "roles")}, 1).ok());
  auto other = Open(db());
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(*(*other)->CountQuestions(), 1);
  EXPECT_TRUE((*other)->GetQuestion("M1-A-001")->has_value());
}

TEST_P(QuestionsConformanceTest, RefusesAStoreWithoutQuestionTables) {
  EXPECT_THAT(Open(Unmigrated()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "question tables"));
}

INSTANTIATE_TEST_SUITE_P(Backends, QuestionsConformanceTest,
                         ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace bimtek::store
