#include "core/ballot/scenario.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/ballot/cat.h"

namespace bimtek::ballot {
namespace {

// Depth-first search for a step reachable from itself; `state`: 0 new, 1 on the path, 2 done.
bool HasCycle(const Scenario& s, const ScenarioStep& step, std::map<std::string, int>& state) {
  int& st = state[step.id];
  if (st == 1) return true;
  if (st == 2) return false;
  st = 1;
  for (const ScenarioChoice& c : step.choices) {
    if (c.next.empty()) continue;
    const ScenarioStep* n = s.Step(c.next);
    if (n != nullptr && HasCycle(s, *n, state)) return true;
  }
  state[step.id] = 2;
  return false;
}

int Best(const Scenario& s, const ScenarioStep& step, std::map<std::string, int>& memo) {
  if (auto it = memo.find(step.id); it != memo.end()) return it->second;
  int best = 0;
  for (const ScenarioChoice& c : step.choices) {
    const ScenarioStep* n = c.next.empty() ? nullptr : s.Step(c.next);
    best = std::max(best, c.score + (n != nullptr ? Best(s, *n, memo) : 0));
  }
  memo[step.id] = best;
  return best;
}

}  // namespace

const ScenarioStep* Scenario::Step(const std::string& step_id) const {
  for (const ScenarioStep& st : steps) {
    if (st.id == step_id) return &st;
  }
  return nullptr;
}

Status ValidateScenario(const Scenario& s) {
  const std::string where = internal::Cat("scenario \"", s.id, "\"");
  if (s.id.empty()) return absl::InvalidArgumentError("a scenario without id");
  if (s.title.empty() || s.topic.empty()) {
    return absl::InvalidArgumentError(where + ": title and topic are required");
  }
  std::set<std::string> step_ids;
  for (const ScenarioStep& st : s.steps) {
    const std::string at = internal::Cat(where, " step \"", st.id, "\"");
    if (st.id.empty() || !step_ids.insert(st.id).second) {
      return absl::InvalidArgumentError(at + ": step ids must be present and unique");
    }
    if (st.situation.empty()) return absl::InvalidArgumentError(at + ": situation is empty");
    if (st.choices.size() < 2) {
      return absl::InvalidArgumentError(at + ": a step needs at least two choices");
    }
    std::set<std::string> choice_ids;
    for (const ScenarioChoice& c : st.choices) {
      const std::string cat = internal::Cat(at, " choice \"", c.id, "\"");
      if (c.id.empty() || !choice_ids.insert(c.id).second) {
        return absl::InvalidArgumentError(cat + ": choice ids must be present and unique");
      }
      if (c.text.empty() || c.consequence.empty() || c.rule.empty()) {
        return absl::InvalidArgumentError(cat + ": text, consequence and rule are required");
      }
      if (c.score < 0) return absl::InvalidArgumentError(cat + ": score must be >= 0");
    }
  }
  if (s.Step(s.start) == nullptr) {
    return absl::InvalidArgumentError(where + ": start \"" + s.start + "\" is not a step");
  }
  for (const ScenarioStep& st : s.steps) {
    for (const ScenarioChoice& c : st.choices) {
      if (!c.next.empty() && s.Step(c.next) == nullptr) {
        return absl::InvalidArgumentError(internal::Cat(where, " step \"", st.id, "\" choice \"",
                                                        c.id, "\": next \"", c.next,
                                                        "\" is not a step"));
      }
    }
  }
  std::map<std::string, int> state;
  if (HasCycle(s, *s.Step(s.start), state)) {
    return absl::InvalidArgumentError(where +
                                      ": a step can be reached again, so a play may not end");
  }
  return absl::OkStatus();
}

int MaxScore(const Scenario& s) {
  std::map<std::string, int> memo;
  const ScenarioStep* start = s.Step(s.start);
  return start != nullptr ? Best(s, *start, memo) : 0;
}

ScenarioPlay::ScenarioPlay(const Scenario& s) : scenario_(s), current_(s.Step(s.start)) {}

StatusOr<const ScenarioChoice*> ScenarioPlay::Choose(const std::string& choice_id) {
  if (current_ == nullptr) {
    return absl::FailedPreconditionError(
        internal::Cat("scenario \"", scenario_.id, "\" has ended"));
  }
  for (const ScenarioChoice& c : current_->choices) {
    if (c.id != choice_id) continue;
    score_ += c.score;
    history_.push_back(&c);
    current_ = c.next.empty() ? nullptr : scenario_.Step(c.next);
    return &c;
  }
  return absl::NotFoundError(internal::Cat("step \"", current_->id, "\" of scenario \"",
                                           scenario_.id, "\" has no choice \"", choice_id, "\""));
}

}  // namespace bimtek::ballot
