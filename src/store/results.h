// The practice store interface: the voting-day simulator's runs in progress (one per user, kind
// and exercise: the counting exercise of a seed, a scenario) and the results of finished ones,
// with each result's accuracy per rule, and their aggregates over a region range. Results are
// keyed by kind so that other kinds (the test attempts of issue 5) can sit beside them
// (docs/counting-exercise.md, "Results").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::store {

// Stored as the integer value; 3 was kept for test attempts, unused (see service/results.h).
enum class PracticeKind : int {
  kCounting = 1,  // a counting exercise (ref: the seed)
  kScenario = 2,  // an emergency scenario (ref: its id)
};

// A run in progress. `state` is the service's own text (service/practice.h); the store does not
// read it.
struct PracticeRun {
  int64_t user_id = 0;
  PracticeKind kind = PracticeKind::kCounting;
  std::string ref;
  std::string state;
  int64_t started_unix = 0;
  int64_t updated_unix = 0;
};

// How often the trainee got the cases of one rule right in one result.
struct RuleTally {
  std::string rule;  // a ballot rule id, a C.Hasil check id, or "scenario-id/step-id"
  int64_t correct = 0;
  int64_t total = 0;
};

struct PracticeResult {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t region_key = 0;  // the user's region padded to 10 digits (0: national)
  PracticeKind kind = PracticeKind::kCounting;
  std::string ref;
  int64_t score = 0;
  int64_t max_score = 0;
  int64_t started_unix = 0;
  int64_t finished_unix = 0;
  std::vector<RuleTally> rules;
};

// Which results: region_key within [region_lo, region_hi], and when set, one user and one kind.
struct ResultQuery {
  int64_t region_lo = 0;
  int64_t region_hi = 9'999'999'999;
  std::optional<int64_t> user_id;
  std::optional<PracticeKind> kind;
};

// One group of results (a user, or a region at some level) of one kind.
struct ResultGroup {
  int64_t key = 0;  // the user id, or the region code (region_key / divisor)
  PracticeKind kind = PracticeKind::kCounting;
  int64_t results = 0;
  int64_t people = 0;  // distinct users
  int64_t score = 0;   // sums over the group's results
  int64_t max_score = 0;
  int64_t seconds = 0;  // sum of finished - started
};

// Implemented by sqlite/sqlite_results.cc. One object is used by one thread at a time.
// Errors: Unavailable when the store is busy; Internal on other store failures.
class ResultStore {
 public:
  virtual ~ResultStore() = default;

  // The run of (user, kind, ref), if any.
  virtual StatusOr<std::optional<PracticeRun>> FindRun(int64_t user_id, PracticeKind kind,
                                                      std::string_view ref) = 0;
  // Inserts or replaces the run of (r.user_id, r.kind, r.ref).
  virtual Status PutRun(const PracticeRun& r) = 0;
  virtual Status DeleteRun(int64_t user_id, PracticeKind kind, std::string_view ref) = 0;
  // The user's runs in progress, most recently updated first.
  virtual StatusOr<std::vector<PracticeRun>> ListRuns(int64_t user_id) = 0;

  // Stores `r` with its rule tallies and deletes the run of (user, kind, ref), in one
  // transaction; returns the result's id.
  virtual StatusOr<int64_t> FinishRun(const PracticeResult& r) = 0;
  // Results matching `q` with their rule tallies, newest first, at most `limit`.
  virtual StatusOr<std::vector<PracticeResult>> ListResults(const ResultQuery& q, int limit) = 0;
  // Results matching `q` grouped per user (divisor 0) or per region_key / divisor (e.g.
  // 1'000'000 for kabupaten/kota, 10'000 for kecamatan, 1 for desa), and per kind; ordered by key.
  virtual StatusOr<std::vector<ResultGroup>> Aggregate(const ResultQuery& q, int64_t divisor) = 0;
  // The rule tallies of every result matching `q`, summed per rule, ordered by rule.
  virtual StatusOr<std::vector<RuleTally>> RuleAccuracy(const ResultQuery& q) = 0;
};

}  // namespace bimtek::store
