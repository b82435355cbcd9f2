// The queue and thread shared by the attempt writers (store/group_commit.h): how submits are
// grouped, with and without the spacing of groups. A writer that records its groups stands for
// the backend's transaction; the backends themselves are in attempts_conformance_test.
#include "store/group_commit.h"

#include <chrono>
#include <future>
#include <mutex>
#include <vector>

#include "gtest/gtest.h"

namespace bimtek::store {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

class RecordingWriter : public GroupCommitWriter {
 public:
  RecordingWriter(size_t max_batch, microseconds min_interval)
      : GroupCommitWriter(max_batch, min_interval) {
    StartThread();
  }
  ~RecordingWriter() override { Stop(); }

  std::vector<std::vector<int64_t>> Groups() {
    std::lock_guard<std::mutex> l(mu_);
    return groups_;
  }
  void StopNow() { Stop(); }

 private:
  Status WriteGroup(const std::vector<TestAttempt>& rows,
                    std::vector<StatusOr<SubmitOutcome>>& out) override {
    std::vector<int64_t> ids;
    for (size_t i = 0; i < rows.size(); ++i) {
      ids.push_back(rows[i].person_id);
      out[i] = SubmitOutcome{rows[i], false};
    }
    std::lock_guard<std::mutex> l(mu_);
    groups_.push_back(std::move(ids));
    return absl::OkStatus();
  }

  std::mutex mu_;
  std::vector<std::vector<int64_t>> groups_;
};

TestAttempt Row(int64_t person) {
  TestAttempt a;
  a.test_id = 1;
  a.person_id = person;
  return a;
}

// Submits persons [from, to) without waiting; the futures of their answers.
std::vector<std::future<StatusOr<SubmitOutcome>>> SubmitAll(GroupCommitWriter& w, int64_t from,
                                                           int64_t to) {
  std::vector<std::future<StatusOr<SubmitOutcome>>> out;
  for (int64_t p = from; p < to; ++p) {
    auto promise = std::make_shared<std::promise<StatusOr<SubmitOutcome>>>();
    out.push_back(promise->get_future());
    w.Submit(Row(p), [promise](StatusOr<SubmitOutcome> r) { promise->set_value(std::move(r)); });
  }
  return out;
}

TEST(GroupCommitWriterTest, AnIdleWriterWritesAtOnceAndSpacedGroupsGather) {
  // 2 s between group starts: the three submits made right after the first group started
  // (microseconds apart) must wait for one group together.
  RecordingWriter w(100, seconds(2));
  auto first = w.SubmitAndWait(Row(1));  // idle writer: no wait
  ASSERT_TRUE(first.ok()) << first.status();
  auto rest = SubmitAll(w, 2, 5);
  for (auto& f : rest) {
    auto r = f.get();
    ASSERT_TRUE(r.ok()) << r.status();
  }
  EXPECT_EQ(w.Groups(), (std::vector<std::vector<int64_t>>{{1}, {2, 3, 4}}));
}

TEST(GroupCommitWriterTest, AFullGroupDoesNotWaitForTheInterval) {
  // A minute between group starts, but max_batch rows waiting start a group at once.
  RecordingWriter w(3, seconds(60));
  ASSERT_TRUE(w.SubmitAndWait(Row(1)).ok());
  auto rest = SubmitAll(w, 2, 5);
  for (auto& f : rest) ASSERT_TRUE(f.get().ok());
  EXPECT_EQ(w.Groups(), (std::vector<std::vector<int64_t>>{{1}, {2, 3, 4}}));
}

TEST(GroupCommitWriterTest, StoppingWritesWhatWaitsWithoutTheInterval) {
  RecordingWriter w(100, seconds(60));
  ASSERT_TRUE(w.SubmitAndWait(Row(1)).ok());
  auto rest = SubmitAll(w, 2, 4);
  w.StopNow();  // returns once the waiting rows are written, long before a minute
  for (auto& f : rest) ASSERT_TRUE(f.get().ok());
  EXPECT_EQ(w.Groups(), (std::vector<std::vector<int64_t>>{{1}, {2, 3}}));
  // After the stop, a submit is refused, not lost silently.
  auto late = SubmitAll(w, 9, 10);
  EXPECT_EQ(late[0].get().status().code(), absl::StatusCode::kUnavailable);
}

TEST(GroupCommitWriterTest, WithoutAnIntervalEveryRowIsAnswered) {
  RecordingWriter w(4, microseconds(0));
  auto all = SubmitAll(w, 1, 101);
  for (auto& f : all) ASSERT_TRUE(f.get().ok());
  size_t rows = 0;
  for (const auto& g : w.Groups()) {
    EXPECT_LE(g.size(), 4u);
    rows += g.size();
  }
  EXPECT_EQ(rows, 100u);
}

}  // namespace
}  // namespace bimtek::store
