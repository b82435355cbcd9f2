// The results pages' use cases (issue 5 item 8, issue 6 item 7): a test's figures (pre, post,
// pass rate, Hake's gain both as the gain of the means and as the mean of personal gains) with
// the simulator's practice results beside them (counting exercises, scenarios), per person, per
// batch, per facilitator and per region; and a test's item analysis with distractor counts.
// Joins the test store, the practice store, the planning store and the registry here, in the
// service layer, and checks the user's scope before every read (docs/assessment.md, "Results
// pages").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/scoring.h"
#include "core/plan/planner.h"
#include "core/region.h"
#include "nlohmann/json.hpp"
#include "service/tests.h"
#include "store/accounts.h"
#include "store/planning.h"
#include "store/results.h"
#include "store/store.h"

namespace bimtek::service {

// A batch (kelas) as the planner keeps it: the scope of the plan it belongs to and its id in
// that plan (ids are kept across re-plans of the same scope). Written "32.71/5" in JSON.
struct BatchRef {
  RegionCode plan_scope = 0;  // 0: a national plan
  int64_t id = 0;
  bool operator<(const BatchRef& o) const {
    return plan_scope != o.plan_scope ? plan_scope < o.plan_scope : id < o.id;
  }
  bool operator==(const BatchRef& o) const = default;
};
std::string BatchRefText(const BatchRef& b);  // "32.71/5" ("national/5")

// A batch of the plan in force, with the facilitators who teach any of its sessions.
struct BatchInfo {
  BatchRef ref;
  plan::Batch batch;
  std::vector<plan::Facilitator> facilitators;  // by id; a name "#ID" when not found
};

// Practice results of one kind (issue 6): how many, by how many people, and the score sums.
struct PracticeFigures {
  int64_t results = 0;
  int64_t people = 0;
  int64_t score = 0;
  int64_t max_score = 0;
  // Mean accuracy in percent: 100 * score / max_score; nullopt when max_score is 0.
  std::optional<double> accuracy() const;
};

// The figures of one group of people (a region, a batch, a facilitator's batches, or one person).
struct Figures {
  int64_t people = 0;  // persons with a pre- or post-test attempt or a practice result
  int64_t pre_n = 0, post_n = 0;
  std::optional<double> mean_pre, mean_post;  // over those who took it (percent)
  // Pass and remedial counts of the main test: the post-test, or the pre-test when the pair has
  // none; pass_rate = passed / its attempts, in percent.
  int64_t main_n = 0, passed = 0, remedial = 0, late = 0;
  std::optional<double> pass_rate;
  // Over the persons with both attempts (n); gain_of_means is Hake's class gain, mean_of_gains
  // leaves out the persons whose pre-test was 100 (n_undefined).
  assessment::GainSummary gain;
  PracticeFigures counting, scenario;
};

// The tests a report is about: a pre-test and the post-test measured against it (either may be
// missing).
struct TestPair {
  std::optional<store::TestRow> pre, post;
  const store::TestRow* main() const { return post ? &*post : pre ? &*pre : nullptr; }
};

// One person's scores in a group report or on a batch page.
struct PersonLine {
  int64_t person_id = 0;
  std::string name;
  TpsCode tps = 0;
  int64_t region_key = 0;
  std::optional<double> pre, post;
  bool passed = false, remedial = false, late = false;
  std::optional<double> gain;   // nullopt without both scores, or when pre = 100
  bool gain_undefined = false;  // both scores, pre = 100
  PracticeFigures counting, scenario;
};

enum class GroupBy { kRegion, kBatch, kFacilitator };
std::string_view GroupByName(GroupBy g);  // "region", "batch", "facilitator"
// "region"/"wilayah", "batch"/"kelas", "facilitator"/"fasilitator"; "" = region.
StatusOr<GroupBy> ParseGroupBy(std::string_view s);

struct GroupRow {
  std::string key;    // the region's dotted code, the batch ("32.71/5"), the facilitator's code
  std::string label;  // the region's name, the batch's date and kecamatan, the facilitator's name
  RegionCode region = 0;
  BatchRef batch;
  Figures figures;
};

struct GroupReport {
  TestPair tests;
  Scope scope;
  std::string scope_name;
  GroupBy by = GroupBy::kRegion;
  Figures total;
  std::vector<GroupRow> rows;  // regions: every child region, in code order; batches and
                               // facilitators: those of the scope, in key order
};

struct BatchReport {
  TestPair tests;
  BatchInfo info;
  Figures total;
  std::vector<PersonLine> people;  // every KPPS member of the batch's crews, by TPS and position
};

// One test attempt of a person, with each item as given.
struct AnsweredItem {
  const questions::Question* question = nullptr;  // owned by `test`
  assessment::GivenAnswer given;
  bool correct = false;
};
struct PersonTest {
  std::shared_ptr<const LoadedTest> test;
  AttemptResult attempt;
  std::optional<double> pre_percent;  // post-tests: the person's pre-test score
  std::optional<double> gain;
  bool gain_undefined = false;
  std::vector<AnsweredItem> items;  // in form order
};

struct PersonReport {
  store::PersonRow person;
  std::optional<BatchInfo> batch;               // the batch of the person's TPS, when planned
  std::vector<PersonTest> tests;                // every test the person took, oldest test first
  std::vector<store::PracticeResult> practice;  // newest first (at most 50)
  PracticeFigures counting, scenario;
};

// Distractor counts of one item column (single choice and true/false items; others count the
// options chosen, without groups).
struct ItemOptions {
  std::string item;  // "ID@version"
  std::vector<std::string> option_ids;
  std::vector<std::string> key;
  assessment::OptionCounts counts;
};

struct ItemReport {
  TestResults results;                                // with items
  std::vector<ItemOptions> options;                   // parallel to results.item_ids
  std::vector<const questions::Question*> questions;  // parallel; owned by `test`
  std::shared_ptr<const LoadedTest> test;
  Scope scope;
};

// The use cases over one worker's stores; one thread at a time. `practice`, `accounts` and
// `planning` may be null: practice columns then stay empty, and batch or facilitator reports
// answer Unavailable.
class ResultsReports {
 public:
  ResultsReports(Tests& tests, store::TestStore& test_store, store::Store& registry,
                 const RegionTable& regions, store::ResultStore* practice,
                 store::AccountStore* accounts, store::PlanningStore* planning)
      : tests_(tests),
        test_store_(test_store),
        registry_(registry),
        regions_(regions),
        practice_(practice),
        accounts_(accounts),
        planning_(planning) {}

  // The pair a report is about: test `test_id` (a post-test with its pre-test; a pre-test with
  // the newest post-test naming it), or with 0 the newest post-test the user may see (else the
  // newest pre-test; else an empty pair). PermissionDenied for participants or a test outside
  // the user's scope; NotFound for an unknown test.
  StatusOr<TestPair> Pair(const store::UserRow& user, int64_t test_id);

  // Figures of `scope` grouped by child region (every child of the scope's next level), by batch
  // (the batches of the plans in force whose crews lie in the scope) or by facilitator (the
  // facilitators of those batches). PermissionDenied outside the user's scope (a facilitator:
  // their region only); Unavailable without a planning store for batch and facilitator.
  StatusOr<GroupReport> ByGroup(const store::UserRow& user, int64_t test_id, const Scope& scope,
                                GroupBy by);

  // One batch and its people. NotFound for an unknown batch; PermissionDenied unless the batch
  // lies in the user's scope or the user is a facilitator teaching in it.
  StatusOr<BatchReport> Batch(const store::UserRow& user, int64_t test_id, const BatchRef& ref);

  // One person: every test attempt with the answers and explanations, practice results, batch.
  // NotFound for an unknown person; PermissionDenied unless the person works in the user's scope,
  // is the participant themself, or sits in a batch the facilitator teaches.
  StatusOr<PersonReport> Person(const store::UserRow& user, int64_t person_id);

  // The batches a facilitator account teaches in (its username is the facilitator's code,
  // compared without case), in date order; empty for other accounts.
  StatusOr<std::vector<BatchInfo>> AssignedBatches(const store::UserRow& user);

  // Item analysis of a test over `scope` with distractor counts. Errors as Tests::Results.
  StatusOr<ItemReport> Items(const store::UserRow& user, int64_t test_id, const Scope& scope);

 private:
  struct Scores;
  StatusOr<std::map<int64_t, PersonLine>> Collect(const TestPair& pair, const Scope& scope);
  Status AddPractice(const Scope& scope, std::map<int64_t, PersonLine>& people);
  StatusOr<std::vector<BatchInfo>> BatchesIn(const Scope& scope);
  StatusOr<std::optional<BatchInfo>> FindBatch(const BatchRef& ref);
  StatusOr<std::optional<BatchInfo>> BatchOfTps(TpsCode tps);
  StatusOr<std::optional<plan::Facilitator>> FacilitatorOf(const store::UserRow& user);
  bool Teaches(const std::optional<plan::Facilitator>& f, const BatchInfo& b) const;
  StatusOr<std::vector<plan::Facilitator>> FacilitatorsOf(const plan::Batch& b,
                                                          RegionCode plan_scope);

  Tests& tests_;
  store::TestStore& test_store_;
  store::Store& registry_;
  const RegionTable& regions_;
  store::ResultStore* practice_;
  store::AccountStore* accounts_;
  store::PlanningStore* planning_;
};

// Folds people into figures (exposed for tests): means, pass counts of the main test (the
// post-test when `main_is_post`, else the pre-test), gains, practice sums.
Figures FiguresOf(const std::vector<const PersonLine*>& people, bool main_is_post);

// JSON forms (docs/assessment.md, "Results pages"); the API prints these.
nlohmann::ordered_json FiguresJson(const Figures& f);
nlohmann::ordered_json GroupReportJson(const GroupReport& r);
nlohmann::ordered_json BatchReportJson(const BatchReport& r);
nlohmann::ordered_json PersonReportJson(const PersonReport& r);
nlohmann::ordered_json ItemReportJson(const ItemReport& r);
// "32.71/5" -> {3271, 5}; InvalidArgument otherwise.
StatusOr<BatchRef> ParseBatchRef(std::string_view scope, std::string_view id);

}  // namespace bimtek::service

namespace bimtek::service {

// --- Demo data -----------------------------------------------------------------------------------

struct DemoResultsSummary {
  bool created = false;  // false: the demo tests were there already (nothing written)
  int64_t pre_test = 0, post_test = 0;
  int64_t attempts = 0;  // paper sheets entered
  int64_t practice = 0;  // practice results stored
};

// Synthetic results for the demo store, clearly labelled: a pre-test and a post-test named
// "DEMO (data sintetis) …" over `scope`, answered on synthetic paper sheets (entered by
// "demo-sintetis") by the KPPS of the first `max_tps` TPS of `scope` (each person's chance of a
// right answer drawn from `seed`, higher on the post-test), and a counting exercise and a scenario
// result for each of them who has a participant account. Does nothing when the demo tests exist.
// Errors from the stores and from Tests::Create (e.g. a bank without M1..M4 items).
StatusOr<DemoResultsSummary> GenerateDemoResults(Tests& tests, store::TestStore& test_store,
                                                 store::Store& registry,
                                                 store::ResultStore* practice,
                                                 store::AccountStore* accounts, const Scope& scope,
                                                 uint64_t seed, int64_t now_unix, int max_tps);

}  // namespace bimtek::service
