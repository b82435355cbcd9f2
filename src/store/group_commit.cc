#include "store/group_commit.h"

#include <algorithm>
#include <utility>

namespace bimtek::store {

void GroupCommitWriter::Submit(TestAttempt row, Done done) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!stop_) {
      queue_.emplace_back(std::move(row), std::move(done));
      // The writer waits for a first row, or for a full group while it spaces groups out:
      // waking it for every row would only make it look again.
      if (queue_.size() == 1 || queue_.size() == max_batch_) cv_.notify_one();
      return;
    }
  }
  done(absl::UnavailableError("the attempt writer is shutting down"));
}

void GroupCommitWriter::StartThread() {
  thread_ = std::thread([this] { Loop(); });
}

void GroupCommitWriter::Stop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::Loop() {
  std::vector<TestAttempt> rows;
  std::vector<Done> dones;
  std::vector<StatusOr<SubmitOutcome>> out;
  auto last_start = std::chrono::steady_clock::now() - min_interval_;
  for (;;) {
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      if (min_interval_.count() > 0) {
        cv_.wait_until(l, last_start + min_interval_,
                       [this] { return stop_ || queue_.size() >= max_batch_; });
      }
      const size_t n = std::min(queue_.size(), max_batch_);
      rows.clear();
      dones.clear();
      for (size_t i = 0; i < n; ++i) {
        rows.push_back(std::move(queue_.front().first));
        dones.push_back(std::move(queue_.front().second));
        queue_.pop_front();
      }
    }
    last_start = std::chrono::steady_clock::now();
    out.assign(rows.size(), absl::InternalError("attempt not written"));
    const Status st = WriteGroup(rows, out);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!st.ok()) {
        dones[i](st);
      } else {
        dones[i](std::move(out[i]));
      }
    }
  }
}

}  // namespace bimtek::store
