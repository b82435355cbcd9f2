// Pre- and post-tests (issue 5): creating a test from a blueprint (staff, inside their scope),
// delivering it to a participant (their form, in their own order, with a signed attempt key that
// carries the fetch time), taking a submit (scored, flagged late, queued to the group-commit
// writer; a repeat of the key or a second attempt returns the first result), paper answer
// sheets, and the results of a test over a region: scores, pass/fail, remedial, Hake's gain
// against the pre-test, and item analysis from the packed attempts. docs/assessment.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/scoring.h"
#include "core/assessment/test_form.h"
#include "crypto/vault.h"
#include "nlohmann/json.hpp"
#include "store/accounts.h"
#include "store/attempts.h"
#include "store/questions.h"
#include "store/store.h"

namespace bimtek::service {

struct NewTest {
  std::string name;
  store::TestKind kind = store::TestKind::kPre;
  RegionCode scope = 0;
  int64_t batch_id = 0;
  int64_t pre_test_id = 0;  // post-tests: the pre-test to measure gain against
  int64_t opens_unix = 0;
  int64_t closes_unix = 0;
  int64_t time_limit_seconds = 0;
  double pass_mark = 70;
  double remedial_mark = 50;
  uint64_t seed = 1;
  int forms = 1;
  std::string blueprint;  // "M1:5,M3:10"
};

// A test with its forms' items loaded (immutable once created, so workers cache it).
struct LoadedTest {
  store::TestRow test;
  std::vector<std::vector<questions::Question>> forms;       // the items of each form, in order
  std::vector<std::vector<const questions::Question*>> ptr;  // the same, as pointers
};

// What a participant is given: their form in their order, and the attempt key.
struct Delivery {
  std::shared_ptr<const LoadedTest> test;
  int form = 0;
  assessment::PersonOrder order;
  std::string key;  // the idempotency key: signed, carries test, person and fetch time
  int64_t fetched_ms = 0;
  std::optional<store::TestAttempt> done;  // the person's attempt when already submitted
};

struct AttemptResult {
  store::TestAttempt row;
  assessment::AttemptScore score;
  bool duplicate = false;
};

// Per-item answers of a submit, keyed by item id.
using Answers = std::map<std::string, assessment::GivenAnswer>;

struct GroupSummary {
  int64_t key = 0;  // the region (by divisor) or 0 for the whole scope
  int64_t attempts = 0, passed = 0, remedial = 0, late = 0;
  double mean_percent = 0;
  std::optional<assessment::GainSummary> gain;  // post-tests with a pre-test
};

struct PersonResult {
  int64_t person_id = 0;
  double percent = 0;
  bool passed = false, remedial = false, late = false;
  std::optional<double> pre_percent;
  std::optional<double> gain;  // nullopt also when pre = 100
};

struct TestResults {
  store::TestRow test;
  GroupSummary total;
  std::vector<GroupSummary> groups;  // per child region level (by divisor), key-ordered
  std::vector<PersonResult> people;  // when asked for
  std::vector<std::string> item_ids;  // columns of `items` ("ID@version")
  std::optional<assessment::ItemAnalysis> items;
};

// Use cases over one worker's stores; one thread at a time. `writer` is shared (thread-safe).
class Tests {
 public:
  Tests(store::TestStore& tests, store::QuestionStore& bank, store::Store& registry,
        const crypto::Vault* vault, store::AttemptWriter* writer = nullptr)
      : tests_(tests), bank_(bank), registry_(registry), vault_(vault), writer_(writer) {}

  // Builds the forms from the bank and stores the test. Errors: PermissionDenied outside the
  // user's scope (participants never); InvalidArgument for a bad blueprint, window, marks, or a
  // pre-test that is not a pre-test of a scope containing this one; NotFound pre-test.
  StatusOr<store::TestRow> Create(const store::UserRow& user, const NewTest& t, int64_t now_unix);
  // The tests inside the user's scope, newest first.
  StatusOr<std::vector<store::TestRow>> List(const store::UserRow& user);
  // The test with its items (cached). NotFound for an unknown test.
  StatusOr<std::shared_ptr<const LoadedTest>> Load(int64_t test_id);

  // A participant fetches a test. Errors: PermissionDenied when the user is not a participant or
  // works outside the test's scope; FailedPrecondition before the window opens or after it
  // closed (unless already submitted: `done` is then set); NotFound unknown test.
  StatusOr<Delivery> Fetch(const store::UserRow& user, int64_t test_id, int64_t now_ms);

  // A participant submits. `key` is the one Fetch gave. The result arrives through `done`
  // (possibly on the writer's thread) once durable; errors arrive there too: InvalidArgument for
  // a forged or foreign key or an unknown option; PermissionDenied as Fetch.
  using Done = std::function<void(StatusOr<AttemptResult>)>;
  void Submit(const store::UserRow& user, int64_t test_id, std::string_view key,
              const Answers& answers, int64_t now_ms, Done done);

  // A paper answer sheet entered by staff (inside their scope) for a person; synchronous.
  StatusOr<AttemptResult> EnterPaper(const store::UserRow& staff, int64_t test_id,
                                     int64_t person_id, int form, const Answers& answers,
                                     int64_t now_ms);

  // Results of a test over the user's scope (or `region` inside it): totals, groups per child
  // region (`divisor` on region_key: 1'000'000 kab/kota, 10'000 kecamatan; 0 none), people when
  // `with_people`, item analysis when `with_items`.
  StatusOr<TestResults> Results(const store::UserRow& user, int64_t test_id, RegionCode region,
                                int64_t divisor, bool with_people, bool with_items);

  // The score of a stored attempt under its test's marks.
  static AttemptResult Describe(const store::TestRow& t, const store::TestAttempt& a,
                                bool duplicate);

 private:
  std::string SignKey(int64_t test_id, int64_t person_id, int64_t fetched_ms,
                      std::string_view nonce) const;
  StatusOr<store::PersonRow> ParticipantPerson(const store::UserRow& user, const store::TestRow& t);
  StatusOr<store::TestAttempt> Prepare(const LoadedTest& lt, const store::PersonRow& person,
                                      int form, const Answers& answers);

  store::TestStore& tests_;
  store::QuestionStore& bank_;
  store::Store& registry_;
  const crypto::Vault* vault_;
  store::AttemptWriter* writer_;
  std::unordered_map<int64_t, std::shared_ptr<const LoadedTest>> cache_;
};

// A worker's test use cases with the stores they own (the registry store and the writer are
// the worker's and the server's).
struct TestsOwner {
  std::unique_ptr<store::TestStore> tests;
  std::unique_ptr<store::QuestionStore> bank;
  std::unique_ptr<Tests> service;
};

// Parses an attempt key into (test, person, fetch ms) without checking its signature.
struct KeyParts {
  int64_t test_id = 0, person_id = 0, fetched_ms = 0;
};
std::optional<KeyParts> ParseAttemptKey(std::string_view key);

// JSON forms (docs/assessment.md): the API and `bimtek test ... --json` print the same.
nlohmann::ordered_json TestJson(const store::TestRow& t);
nlohmann::ordered_json AttemptJson(const AttemptResult& r);
nlohmann::ordered_json ResultsJson(const TestResults& r);
// {"ITEM":["A","C"],"ITEM2":"B",…} (a single string is one answer). InvalidArgument naming the
// item when a value is neither a string nor an array of strings.
StatusOr<Answers> AnswersFromJson(const nlohmann::json& j);
// The body of a test submit, {"key":"…","answers":{…}} (other members ignored), read in one pass
// without building a JSON tree (the submit is the hot request of a test day). InvalidArgument
// with the same messages as the tree route: a syntax error first ("the body is not valid JSON:
// parse error at line 1, column 9: …"), then a missing or non-string key, then the answers as
// AnswersFromJson says.
struct SubmitBody {
  std::string key;
  Answers answers;
};
StatusOr<SubmitBody> ParseSubmitBody(std::string_view body);
// A test definition: {"name","kind":"pre"|"post","scope":"32.71","pre_test":ID,"opens":unix,
// "closes":unix,"time_limit_minutes":N,"pass_mark":70,"remedial_mark":50,"seed":N,"forms":N,
// "blueprint":"M1:5,M3:10","batch":ID}. InvalidArgument naming the field.
StatusOr<NewTest> NewTestFromJson(const nlohmann::json& j);

}  // namespace bimtek::service
