// The voting-day simulator's use cases for a signed-in user: a counting exercise from a seed
// (judge the sampled ballots of each race, then fill each race's C.Hasil), the emergency
// scenarios, and the results they leave: per person, and aggregated per region for staff, scope
// checked here. Runs in progress are kept in the practice store, one per user, kind and
// exercise, so that nothing depends on the browser (docs/counting-exercise.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/ballot/chasil.h"
#include "core/ballot/exercise.h"
#include "core/ballot/practice.h"
#include "core/ballot/scenario.h"
#include "core/region.h"
#include "store/accounts.h"
#include "store/results.h"

namespace bimtek::service {

// The emergency scenarios shipped in data/scenarios/darurat.json, parsed once. Internal error
// when the shipped content does not parse (a build with broken content).
StatusOr<const std::vector<ballot::Scenario>*> DefaultScenarios();

// The C.Hasil check ids (docs/chasil-format.md): every form submission is a trial of each.
const std::vector<std::string>& ChasilCheckIds();

// Largest seed accepted from users (seeds are decimal, 1..kMaxSeed).
inline constexpr uint64_t kMaxSeed = 999'999'999;
// "123" -> 123; InvalidArgument for anything else (0, signs, letters, beyond kMaxSeed).
StatusOr<uint64_t> ParseSeed(std::string_view text);

enum class CountingPhase { kNotStarted, kJudge, kForm, kDone };

// What the trainee sees of a counting exercise now.
struct CountingView {
  uint64_t seed = 0;
  ballot::TpsExercise tps;  // regenerated from the seed
  CountingPhase phase = CountingPhase::kNotStarted;
  int race = 0;                    // index into tps.races
  std::vector<uint32_t> sample;    // the current race's sampled ballots
  int position = 0;                // kJudge: the sample position to judge now
  std::vector<ballot::Answer> answers;  // the current race's answers so far
  ballot::CHasil tally;            // the current race's count with the answers so far
  int form_tries = 0;              // kForm: submissions of this race's form so far
  int64_t score = 0, max_score = 0;  // so far
  int64_t started_unix = 0;
};

// The feedback on one answered ballot.
struct BallotFeedback {
  uint32_t ballot = 0;  // index into the race's ballots
  ballot::Answer given;
  ballot::Answer expected;
  bool correct = false;
  const ballot::Rule* rule = nullptr;  // the rule that decides the ballot
  CountingView view;                   // the exercise after the answer
};

// The outcome of a submitted C.Hasil.
struct FormFeedback {
  bool parsed = false;                      // false: input errors below, nothing counted
  std::vector<std::string> input_errors;    // field paths that are missing or not numbers
  std::vector<ballot::Violation> violations;  // the checker's, on the submitted form
  std::vector<std::string> differences;     // paths differing from the form the tally gives
  std::map<std::string, int64_t> submitted;  // the values as read (for the form's redisplay)
  bool accepted = false;  // no errors and no differences: the exercise moved on
  CountingView view;      // the exercise after the submission
  std::optional<store::PracticeResult> finished;  // set when this was the last race
};

// A finished exercise or scenario, as stored.
using Result = store::PracticeResult;

struct ScenarioView {
  const ballot::Scenario* scenario = nullptr;
  std::vector<const ballot::ScenarioChoice*> history;  // choices made, in order
  std::vector<std::string> history_steps;              // the step id of each choice
  const ballot::ScenarioStep* current = nullptr;       // null when the play has ended
  int score = 0;
  int max_score = 0;
};

struct ScenarioStepResult {
  const ballot::ScenarioChoice* choice = nullptr;  // its consequence, rule and score
  ScenarioView view;                              // the play after the choice
  std::optional<store::PracticeResult> finished;  // set when the play ended with this choice
};

// The staff report over a region: groups per child region and per person, accuracy per rule.
struct PracticeReport {
  Scope scope;
  RegionLevel group_level = RegionLevel::kProvince;  // the level of `regions` keys
  std::vector<store::ResultGroup> regions;           // key: region code at group_level
  std::vector<store::ResultGroup> people;            // key: user id
  std::map<int64_t, std::string> names;              // user id -> display name
  std::vector<store::RuleTally> rules;
};

// The use cases over one worker's practice and account stores. One thread at a time.
class Practice {
 public:
  using Clock = std::function<int64_t()>;  // seconds since the epoch
  Practice(store::ResultStore& results, store::AccountStore* accounts, Clock now = nullptr);

  // The user's counting exercise of `seed` as it stands (kNotStarted when there is no run).
  StatusOr<CountingView> Counting(const store::UserRow& user, uint64_t seed);
  // Starts (or restarts from the beginning) the exercise of `seed`.
  StatusOr<CountingView> StartCounting(const store::UserRow& user, uint64_t seed);
  // Answers the ballot at sample `position` of race `race` with `token` (practice.h tokens).
  // FailedPrecondition when that is not the ballot to judge now (answered already, or another
  // race: the view says which is); InvalidArgument for a token that is malformed or names no
  // contestant of the ballot. On success the view has moved on.
  StatusOr<BallotFeedback> AnswerBallot(const store::UserRow& user, uint64_t seed, int race,
                                        int position, std::string_view token);
  // Submits the C.Hasil of race `race`: `values` maps form paths (ballot::FormFields) to the
  // text typed. Input errors count nothing; the first complete submission of a race is scored
  // (1 point when accepted) and tallied per check; an accepted form, or `skip`, moves to the next
  // race, and after the last race the result is stored. FailedPrecondition when the form of
  // `race` is not the one due.
  StatusOr<FormFeedback> SubmitForm(const store::UserRow& user, uint64_t seed, int race,
                                    const std::map<std::string, std::string>& values, bool skip);

  // The scenario `id` as the user's play stands. NotFound for an unknown id.
  StatusOr<ScenarioView> Scenario(const store::UserRow& user, std::string_view id);
  // Takes `choice` at step `step` of scenario `id`; after the last step, stores the result.
  // FailedPrecondition when `step` is not the current step; NotFound for an unknown scenario or
  // choice.
  StatusOr<ScenarioStepResult> ChooseInScenario(const store::UserRow& user, std::string_view id,
                                                std::string_view step, std::string_view choice);
  // Deletes the user's play of scenario `id` (to play it again).
  Status RestartScenario(const store::UserRow& user, std::string_view id);

  // The user's own results, newest first (at most 50), and runs in progress.
  StatusOr<std::vector<Result>> MyResults(const store::UserRow& user);
  StatusOr<std::vector<store::PracticeRun>> MyRuns(const store::UserRow& user);

  // The report of `scope` for a staff user. PermissionDenied (before any read) when the user may
  // not see the scope (participants see no region).
  StatusOr<PracticeReport> Report(const store::UserRow& user, const Scope& scope);

  // A user's region as stored with results: the scope padded to 10 digits, 0 for national.
  static int64_t RegionKeyOf(const store::UserRow& user);

 private:
  int64_t Now() const;

  store::ResultStore& results_;
  store::AccountStore* accounts_;
  Clock now_;
};

}  // namespace bimtek::service
