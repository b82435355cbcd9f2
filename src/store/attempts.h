// The test store interface (issue 5): tests (a blueprint bound to a region scope and, once the
// planner's batches are in, to a batch), their parallel forms (the item versions each was
// given), and attempts, each ONE row with its answers packed (core/assessment/test_form.h).
// Submits go through an AttemptWriter: one per database, thread-safe, committing queued submits
// in groups and answering each only once its group is durable. Implemented in sqlite/.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/assessment/test_form.h"
#include "core/region.h"

namespace bimtek::store {

enum class TestKind : int { kPre = 1, kPost = 2 };

struct TestRow {
  int64_t id = 0;  // assigned by the store
  std::string name;
  TestKind kind = TestKind::kPre;
  RegionCode scope = 0;            // who may take it: people working inside this region
  int64_t batch_id = 0;            // the planner's batch; 0 while tests are bound to a scope
  int64_t pre_test_id = 0;         // a post-test: the pre-test its gain is measured against
  int64_t opens_unix = 0;          // the window: fetches only inside it; submits after it are
  int64_t closes_unix = 0;         //   kept and flagged late
  int64_t time_limit_seconds = 0;  // 0: no limit
  double pass_mark = 70;           // percent
  double remedial_mark = 50;       // percent; below it, a remedial flag
  uint64_t seed = 0;               // forms, form choice and per-person shuffles
  int forms = 1;
  assessment::Blueprint blueprint;
  std::string created_by;
  int64_t created_unix = 0;
};

struct TestForm {
  int form = 0;  // 0-based; shown as A, B, ...
  std::vector<assessment::FormItem> items;
};

enum class AttemptSource : int { kOnline = 1, kPaper = 2 };

struct TestAttempt {
  int64_t id = 0;  // assigned by the store
  int64_t test_id = 0;
  int64_t person_id = 0;
  int64_t region_key = 0;  // the person's work region padded to 10 digits
  int form = 0;
  std::string idem_key;  // unique: a repeat of a submit with the same key is the same attempt
  std::string answers;   // packed (test_form.h)
  int correct = 0;
  int presented = 0;
  int64_t fetched_ms = 0;    // when the test was fetched (from the signed key); 0 for paper
  int64_t submitted_ms = 0;  // when the server received the submit
  bool late = false;
  AttemptSource source = AttemptSource::kOnline;
  std::string entered_by;  // paper sheets: the facilitator's username
};

// What a submit did: `row` is the stored attempt (the first one when `duplicate`).
struct SubmitOutcome {
  TestAttempt row;
  bool duplicate = false;  // the key, or the person's attempt at this test, existed already
};

// Thread-safe. Submit queues `row` and calls `done` from the writer's thread once the row's
// group is committed and synced (or failed); `done` must not block. A row whose idem_key or
// (test_id, person_id) is already stored is not written again: done receives the stored one.
class AttemptWriter {
 public:
  using Done = std::function<void(StatusOr<SubmitOutcome>)>;
  virtual ~AttemptWriter() = default;
  virtual void Submit(TestAttempt row, Done done) = 0;
  // Synchronous form of Submit (blocks the calling thread until durable).
  StatusOr<SubmitOutcome> SubmitAndWait(TestAttempt row) {
    std::promise<StatusOr<SubmitOutcome>> p;
    auto f = p.get_future();
    Submit(std::move(row), [&p](StatusOr<SubmitOutcome> r) { p.set_value(std::move(r)); });
    return f.get();
  }
};

struct AttemptQuery {
  int64_t test_id = 0;
  int64_t region_lo = 0;  // region_key range
  int64_t region_hi = 9'999'999'999;
};

// An attempt as a bulk scan sees it: `answers` points into the store's row and is valid only
// during the callback; nothing is copied or allocated per row.
struct AttemptView {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t region_key = 0;
  int form = 0;
  std::string_view answers;
  int correct = 0;
  int presented = 0;
  bool late = false;
};

// One object is used by one thread at a time. Errors: Unavailable when the store is busy;
// Internal on other failures.
class TestStore {
 public:
  virtual ~TestStore() = default;
  // Stores the test and its forms in one transaction; returns the test's id.
  virtual StatusOr<int64_t> CreateTest(const TestRow& t, const std::vector<TestForm>& forms) = 0;
  virtual StatusOr<std::optional<TestRow>> GetTest(int64_t id) = 0;
  virtual StatusOr<std::vector<TestForm>> GetForms(int64_t test_id) = 0;
  // Tests whose scope lies in [lo, hi] as 10-digit region keys, newest first.
  virtual StatusOr<std::vector<TestRow>> ListTests(int64_t region_lo, int64_t region_hi) = 0;
  virtual StatusOr<std::optional<TestAttempt>> FindAttempt(int64_t test_id, int64_t person_id) = 0;
  // Calls `fn` for each attempt matching `q`, in id order; stops at the first error it returns.
  virtual Status ScanAttempts(const AttemptQuery& q,
                              const std::function<Status(const TestAttempt&)>& fn) = 0;
  // The national-analysis scan: calls fn(part, view) for each attempt matching `q`, split into
  // at most `parts` (>= 1) parts that may run on their own threads and connections. fn is
  // called concurrently for different parts, never for one part; each part visits its attempts
  // in id order and every id of part p is below those of part p + 1, so concatenating per-part
  // output in part order gives id order. Stops at the first error fn returns. Returns the number
  // of parts used. The default scans in one part through ScanAttempts.
  virtual StatusOr<int> ScanAttemptViews(
      const AttemptQuery& q, int parts,
      const std::function<Status(int part, const AttemptView&)>& fn) {
    (void)parts;
    RETURN_IF_ERROR(ScanAttempts(q, [&](const TestAttempt& a) {
      return fn(0, AttemptView{a.id, a.person_id, a.region_key, a.form, a.answers, a.correct,
                               a.presented, a.late});
    }));
    return 1;
  }
  // Bulk insert for synthetic data and paper imports (one transaction, no group commit);
  // rows already there (key or person) are skipped; returns how many were inserted.
  virtual StatusOr<int64_t> InsertAttempts(const std::vector<TestAttempt>& rows) = 0;
};

}  // namespace bimtek::store
