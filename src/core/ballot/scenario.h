// The emergency scenario engine (issue 6 item 6): branching scenarios whose content is data — a
// situation, the choices, each choice's consequence, the rule that applies and its score, and the
// next situation or the end. Pure: content is read elsewhere (scenario_json.h) and played here.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace bimtek::ballot {

struct ScenarioChoice {
  std::string id;           // unique within its step, e.g. "a"
  std::string text;         // what the KPPS does
  std::string consequence;  // what follows, shown after choosing
  std::string rule;         // the rule that applies, cited to the trainee
  int score = 0;            // >= 0; the best choice of a step scores highest
  std::string next;         // id of the next step, or empty: the scenario ends
};

struct ScenarioStep {
  std::string id;
  std::string situation;
  std::vector<ScenarioChoice> choices;
};

struct Scenario {
  std::string id;
  std::string title;
  std::string topic;  // the §7 incident it trains, e.g. "kekurangan surat suara"
  std::string start;  // id of the first step
  std::vector<ScenarioStep> steps;

  const ScenarioStep* Step(const std::string& step_id) const;
};

// Checks that `s` can be played: ids present and unique (scenario, steps, choices within a step),
// `start` and every `next` name an existing step, every step has at least two choices, each with
// text, consequence and rule, scores >= 0, no step can be reached again (every play ends).
// Errors: InvalidArgument naming the scenario, step and choice at fault.
Status ValidateScenario(const Scenario& s);

// The highest total score a play of `s` can reach. Requires ValidateScenario(s).ok().
int MaxScore(const Scenario& s);

// One play of a scenario: the current step, the choices made, the score so far. The scenario must
// outlive the play and be valid.
class ScenarioPlay {
 public:
  explicit ScenarioPlay(const Scenario& s);

  // The step to decide now; nullptr when the play has ended.
  const ScenarioStep* current() const { return current_; }
  bool done() const { return current_ == nullptr; }
  int score() const { return score_; }
  // The choices made so far, in order.
  const std::vector<const ScenarioChoice*>& history() const { return history_; }

  // Takes choice `choice_id` of the current step and returns it (its consequence and rule are for
  // the trainee). Errors: FailedPrecondition when the play has ended; NotFound when the current
  // step has no such choice.
  StatusOr<const ScenarioChoice*> Choose(const std::string& choice_id);

 private:
  const Scenario& scenario_;
  const ScenarioStep* current_;
  int score_ = 0;
  std::vector<const ScenarioChoice*> history_;
};

}  // namespace bimtek::ballot
