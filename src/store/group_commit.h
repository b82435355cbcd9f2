// The queue and the thread of a group-commit AttemptWriter, whatever the backend: Submit queues
// a row; one thread takes up to max_batch queued rows at a time, has the backend write them in
// one transaction (WriteGroup), and only then answers each row. Rows queued while a group
// commits form the next group. With a min_interval, a group starts at least that long after the
// previous one started unless max_batch rows are already waiting: under a steady stream, fewer
// and larger groups (each commit rewrites its index pages into the log and syncs it), and no
// wait at all for a submit that comes when the writer has been idle that long.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "store/attempts.h"

namespace bimtek::store {

class GroupCommitWriter : public AttemptWriter {
 public:
  explicit GroupCommitWriter(size_t max_batch,
                             std::chrono::microseconds min_interval = std::chrono::microseconds(0))
      : max_batch_(max_batch), min_interval_(min_interval) {}
  // Derived writers call Stop() first in their own destructor: the thread calls WriteGroup.
  ~GroupCommitWriter() override { Stop(); }
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Unavailable once stopping; otherwise answered after the row's group committed.
  void Submit(TestAttempt row, Done done) final;

 protected:
  // Writes `rows` in one transaction and sets out[i] for each (sized by the caller); an error
  // returned answers every row of the group with it.
  virtual Status WriteGroup(const std::vector<TestAttempt>& rows,
                            std::vector<StatusOr<SubmitOutcome>>& out) = 0;
  void StartThread();
  // Writes what is queued, then joins the thread. Idempotent.
  void Stop();

 private:
  void Loop();

  const size_t max_batch_;
  const std::chrono::microseconds min_interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<TestAttempt, Done>> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace bimtek::store
