#include "service/practice.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "assets/assets.h"
#include "base/strings.h"
#include "core/ballot/scenario_json.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"

namespace bimtek::service {

namespace {

using ballot::Answer;
using ballot::CHasil;
using nlohmann::json;
using store::PracticeKind;

constexpr int kMaxResultsListed = 50;
constexpr int kMaxPeopleNamed = 500;
constexpr std::string_view kTallyCheck = "chasil.tally";

// The run state of a counting exercise (stored as JSON text in practice_runs.state):
// {"race":r,"phase":"judge"|"form","answers":["p5",...],"tries":k,"score":s,"max":m,
//  "rules":{"rule id":[correct,total],...}}. Answers are those of the current race only; the
// earlier races live on in score, max and rules.
struct CountingState {
  int race = 0;
  bool form = false;
  std::vector<std::string> answers;
  int tries = 0;
  int64_t score = 0, max = 0;
  std::map<std::string, std::pair<int64_t, int64_t>> rules;
};

std::string Encode(const CountingState& s) {
  json j = {{"race", s.race}, {"phase", s.form ? "form" : "judge"}, {"answers", s.answers},
            {"tries", s.tries}, {"score", s.score}, {"max", s.max}};
  json rules = json::object();
  for (const auto& [id, ct] : s.rules) rules[id] = {ct.first, ct.second};
  j["rules"] = std::move(rules);
  return j.dump();
}

StatusOr<CountingState> Decode(std::string_view text) {
  try {
    const json j = json::parse(text);
    CountingState s;
    s.race = j.at("race").get<int>();
    s.form = j.at("phase").get<std::string>() == "form";
    s.answers = j.at("answers").get<std::vector<std::string>>();
    s.tries = j.at("tries").get<int>();
    s.score = j.at("score").get<int64_t>();
    s.max = j.at("max").get<int64_t>();
    for (const auto& [id, ct] : j.at("rules").items()) {
      s.rules[id] = {ct.at(0).get<int64_t>(), ct.at(1).get<int64_t>()};
    }
    return s;
  } catch (const json::exception& e) {
    return absl::InternalError(StrCat("a stored counting run cannot be read: ", e.what()));
  }
}

std::vector<store::RuleTally> Tallies(const std::map<std::string, std::pair<int64_t, int64_t>>& m) {
  std::vector<store::RuleTally> out;
  for (const auto& [id, ct] : m) out.push_back({id, ct.first, ct.second});
  return out;
}

std::string SeedRef(uint64_t seed) { return std::to_string(seed); }

ballot::TpsExercise Generate(uint64_t seed) {
  ballot::ExerciseOptions o;
  o.seed = seed;
  return ballot::GenerateExercise(o);
}

// The view of `s` over the regenerated TPS.
StatusOr<CountingView> ViewOf(uint64_t seed, ballot::TpsExercise tps, const CountingState& s,
                              int64_t started) {
  CountingView v;
  v.seed = seed;
  v.tps = std::move(tps);
  v.started_unix = started;
  if (s.race < 0 || s.race >= static_cast<int>(v.tps.races.size())) {
    return absl::InternalError(StrCat("a stored counting run names race ", s.race));
  }
  v.race = s.race;
  v.phase = s.form ? CountingPhase::kForm : CountingPhase::kJudge;
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(s.race)];
  v.sample = ballot::PracticeSample(r);
  for (const std::string& t : s.answers) {
    auto a = ballot::ParseAnswer(r.type, t);
    if (!a) return absl::InternalError(StrCat("a stored counting run holds answer ", t));
    v.answers.push_back(*a);
  }
  if (v.answers.size() > v.sample.size()) {
    return absl::InternalError("a stored counting run holds more answers than ballots");
  }
  v.position = static_cast<int>(v.answers.size());
  v.tally = ballot::TraineeTally(r, v.sample, v.answers);
  v.form_tries = s.tries;
  v.score = s.score;
  v.max_score = s.max;
  return v;
}

// Whether `a` names a contestant on the ballot of `race` in `e`.
bool OnBallot(const ballot::Election& e, ballot::BallotType type, const Answer& a) {
  if (!a.valid) return true;
  const ballot::Race* race = e.RaceOf(type);
  if (race == nullptr) return false;
  switch (a.outcome) {
    case ballot::Outcome::kTicket:
      return std::any_of(race->tickets.begin(), race->tickets.end(),
                         [&](const ballot::Ticket& t) { return t.number == a.ticket; });
    case ballot::Outcome::kDpdCandidate:
      return std::any_of(race->candidates.begin(), race->candidates.end(),
                         [&](const ballot::Candidate& c) { return c.number == a.candidate; });
    case ballot::Outcome::kParty:
    case ballot::Outcome::kPartyCandidate:
      for (const ballot::PartyList& l : race->lists) {
        if (l.party != a.party) continue;
        if (a.outcome == ballot::Outcome::kParty) return true;
        return std::any_of(l.candidates.begin(), l.candidates.end(),
                           [&](const ballot::Candidate& c) { return c.number == a.candidate; });
      }
      return false;
    case ballot::Outcome::kInvalid:
      return false;
  }
  return false;
}

std::optional<int64_t> ParseCount(std::string_view s) {
  s = Trim(s);
  int64_t v = 0;
  if (s.empty() || s.size() > 9) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

int BestScore(const ballot::ScenarioStep& step) {
  int best = 0;
  for (const ballot::ScenarioChoice& c : step.choices) best = std::max(best, c.score);
  return best;
}

}  // namespace

StatusOr<const std::vector<ballot::Scenario>*> DefaultScenarios() {
  static const auto* parsed =
      new StatusOr<std::vector<ballot::Scenario>>(ballot::ParseScenarios(assets::ScenariosJson()));
  if (!parsed->ok()) {
    return absl::InternalError(
        StrCat("the shipped scenarios do not parse: ", parsed->status().message()));
  }
  return &**parsed;
}

const std::vector<std::string>& ChasilCheckIds() {
  static const auto* ids = new std::vector<std::string>{
      "chasil.1.sex_total",       "chasil.1.voters_sum",       "chasil.1.voted_sum",
      "chasil.2.voted_vs_used",   "chasil.2.used_vs_votes",    "chasil.2.total_votes",
      "chasil.3.ballot_balance",  "chasil.4.party_total",      "chasil.4.valid_sum",
      "chasil.5.voted_exceeds_lists", "chasil.5.reserve"};
  return *ids;
}

StatusOr<uint64_t> ParseSeed(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || text[0] == '0' || ec != std::errc() || p != text.data() + text.size() ||
      v > kMaxSeed) {
    return absl::InvalidArgumentError(
        StrCat("the exercise number must be a whole number from 1 to ", kMaxSeed, ", not \"",
               text.substr(0, 20), "\""));
  }
  return v;
}

Practice::Practice(store::ResultStore& results, store::AccountStore* accounts, Clock now)
    : results_(results), accounts_(accounts), now_(std::move(now)) {}

int64_t Practice::Now() const { return now_ ? now_() : static_cast<int64_t>(std::time(nullptr)); }

int64_t Practice::RegionKeyOf(const store::UserRow& user) {
  if (user.scope == 0) return 0;
  return Scope::Of(user.scope).RangeFor(10).first;
}

StatusOr<CountingView> Practice::Counting(const store::UserRow& user, uint64_t seed) {
  ASSIGN_OR_RETURN(auto run, results_.FindRun(user.id, PracticeKind::kCounting, SeedRef(seed)));
  if (!run) {
    CountingView v;
    v.seed = seed;
    v.tps = Generate(seed);
    return v;
  }
  ASSIGN_OR_RETURN(CountingState s, Decode(run->state));
  return ViewOf(seed, Generate(seed), s, run->started_unix);
}

StatusOr<CountingView> Practice::StartCounting(const store::UserRow& user, uint64_t seed) {
  const int64_t now = Now();
  CountingState s;
  RETURN_IF_ERROR(results_.PutRun(
      {user.id, PracticeKind::kCounting, SeedRef(seed), Encode(s), now, now}));
  return ViewOf(seed, Generate(seed), s, now);
}

StatusOr<BallotFeedback> Practice::AnswerBallot(const store::UserRow& user, uint64_t seed,
                                                int race, int position, std::string_view token) {
  ASSIGN_OR_RETURN(auto run, results_.FindRun(user.id, PracticeKind::kCounting, SeedRef(seed)));
  if (!run) return absl::FailedPreconditionError("this exercise has not been started");
  ASSIGN_OR_RETURN(CountingState s, Decode(run->state));
  ASSIGN_OR_RETURN(CountingView v, ViewOf(seed, Generate(seed), s, run->started_unix));
  if (v.phase != CountingPhase::kJudge || race != v.race || position != v.position) {
    return absl::FailedPreconditionError(
        StrCat("ballot ", position + 1, " of race ", race + 1,
               " is not the one to judge now (it was answered already)"));
  }
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(race)];
  auto given = ballot::ParseAnswer(r.type, token);
  if (!given || !OnBallot(v.tps.election, r.type, *given)) {
    return absl::InvalidArgumentError(
        StrCat("the answer \"", token.substr(0, 20), "\" names nothing on this ballot"));
  }
  BallotFeedback f;
  f.ballot = v.sample[static_cast<size_t>(position)];
  f.given = *given;
  const ballot::Verdict& verdict = r.ballots[f.ballot].verdict;
  f.expected = ballot::AnswerOf(verdict);
  f.correct = ballot::SameAnswer(f.given, f.expected);
  f.rule = verdict.rule;
  s.answers.push_back(ballot::AnswerToken(*given));
  s.max += 1;
  if (f.correct) s.score += 1;
  if (verdict.rule != nullptr) {
    auto& ct = s.rules[std::string(verdict.rule->id)];
    ct.first += f.correct ? 1 : 0;
    ct.second += 1;
  }
  if (s.answers.size() >= v.sample.size()) s.form = true;
  run->state = Encode(s);
  run->updated_unix = Now();
  RETURN_IF_ERROR(results_.PutRun(*run));
  ASSIGN_OR_RETURN(f.view, ViewOf(seed, std::move(v.tps), s, run->started_unix));
  return f;
}

StatusOr<FormFeedback> Practice::SubmitForm(const store::UserRow& user, uint64_t seed, int race,
                                            const std::map<std::string, std::string>& values,
                                            bool skip) {
  ASSIGN_OR_RETURN(auto run, results_.FindRun(user.id, PracticeKind::kCounting, SeedRef(seed)));
  if (!run) return absl::FailedPreconditionError("this exercise has not been started");
  ASSIGN_OR_RETURN(CountingState s, Decode(run->state));
  ASSIGN_OR_RETURN(CountingView v, ViewOf(seed, Generate(seed), s, run->started_unix));
  if (v.phase != CountingPhase::kForm || race != v.race) {
    return absl::FailedPreconditionError(
        StrCat("the C.Hasil of race ", race + 1, " is not the one due now"));
  }
  FormFeedback fb;
  // The form the trainee's tally gives: the TPS record plus their count.
  CHasil expected = v.tally;
  expected.disabled_voters.reset();
  expected.disabled_voted.reset();
  if (!skip) {
    CHasil form = expected;
    for (ballot::FormField& f : ballot::FormFields(form)) {
      auto it = values.find(f.path);
      std::optional<int64_t> n;
      if (it != values.end()) n = ParseCount(it->second);
      if (!n) {
        fb.input_errors.push_back(f.path);
        continue;
      }
      *f.value = *n;
      fb.submitted[f.path] = *n;
    }
    if (!fb.input_errors.empty()) {
      fb.view = std::move(v);
      return fb;  // nothing counted
    }
    fb.parsed = true;
    fb.violations = ballot::CheckCHasil(form);
    fb.differences = ballot::FormDifferences(form, expected);
    fb.accepted = !ballot::HasErrors(fb.violations) && fb.differences.empty();
    if (s.tries == 0) {
      s.max += 1;
      if (fb.accepted) s.score += 1;
      for (const std::string& id : ChasilCheckIds()) {
        const bool violated = std::any_of(fb.violations.begin(), fb.violations.end(),
                                          [&](const ballot::Violation& x) { return x.check == id; });
        auto& ct = s.rules[id];
        ct.first += violated ? 0 : 1;
        ct.second += 1;
      }
      auto& ct = s.rules[std::string(kTallyCheck)];
      ct.first += fb.differences.empty() ? 1 : 0;
      ct.second += 1;
    }
    s.tries += 1;
  } else if (s.tries == 0) {
    s.max += 1;  // a form skipped without a try scores nothing
  }
  if (fb.accepted || skip) {
    s.race += 1;
    s.form = false;
    s.answers.clear();
    s.tries = 0;
    if (s.race >= static_cast<int>(v.tps.races.size())) {
      store::PracticeResult res;
      res.user_id = user.id;
      res.region_key = RegionKeyOf(user);
      res.kind = PracticeKind::kCounting;
      res.ref = SeedRef(seed);
      res.score = s.score;
      res.max_score = s.max;
      res.started_unix = run->started_unix;
      res.finished_unix = std::max(Now(), run->started_unix);
      res.rules = Tallies(s.rules);
      ASSIGN_OR_RETURN(res.id, results_.FinishRun(res));
      fb.finished = std::move(res);
      fb.view = std::move(v);
      fb.view.phase = CountingPhase::kDone;
      fb.view.score = s.score;
      fb.view.max_score = s.max;
      return fb;
    }
  }
  run->state = Encode(s);
  run->updated_unix = Now();
  RETURN_IF_ERROR(results_.PutRun(*run));
  ASSIGN_OR_RETURN(fb.view, ViewOf(seed, std::move(v.tps), s, run->started_unix));
  return fb;
}

namespace {

StatusOr<const ballot::Scenario*> FindScenario(std::string_view id) {
  ASSIGN_OR_RETURN(const std::vector<ballot::Scenario>* all, DefaultScenarios());
  for (const ballot::Scenario& s : *all) {
    if (s.id == id) return &s;
  }
  return absl::NotFoundError(StrCat("no scenario \"", id.substr(0, 40), "\""));
}

StatusOr<std::vector<std::string>> DecodeChoices(std::string_view text) {
  try {
    return json::parse(text).at("choices").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    return absl::InternalError(StrCat("a stored scenario run cannot be read: ", e.what()));
  }
}

// Replays `choices` on `s` into a view.
StatusOr<ScenarioView> Replay(const ballot::Scenario& s, ballot::ScenarioPlay& play,
                              const std::vector<std::string>& choices) {
  ScenarioView v;
  v.scenario = &s;
  v.max_score = ballot::MaxScore(s);
  for (const std::string& c : choices) {
    const std::string step = play.current() != nullptr ? play.current()->id : "";
    auto r = play.Choose(c);
    if (!r.ok()) return absl::InternalError(StrCat("a stored scenario run: ", r.status().message()));
    v.history_steps.push_back(step);
  }
  v.history = play.history();
  v.current = play.current();
  v.score = play.score();
  return v;
}

}  // namespace

StatusOr<ScenarioView> Practice::Scenario(const store::UserRow& user, std::string_view id) {
  ASSIGN_OR_RETURN(const ballot::Scenario* s, FindScenario(id));
  ASSIGN_OR_RETURN(auto run, results_.FindRun(user.id, PracticeKind::kScenario, s->id));
  std::vector<std::string> choices;
  if (run) {
    ASSIGN_OR_RETURN(choices, DecodeChoices(run->state));
  }
  ballot::ScenarioPlay play(*s);
  return Replay(*s, play, choices);
}

StatusOr<ScenarioStepResult> Practice::ChooseInScenario(const store::UserRow& user,
                                                        std::string_view id, std::string_view step,
                                                        std::string_view choice) {
  ASSIGN_OR_RETURN(const ballot::Scenario* s, FindScenario(id));
  ASSIGN_OR_RETURN(auto run, results_.FindRun(user.id, PracticeKind::kScenario, s->id));
  const int64_t now = Now();
  std::vector<std::string> choices;
  int64_t started = now;
  if (run) {
    ASSIGN_OR_RETURN(choices, DecodeChoices(run->state));
    started = run->started_unix;
  }
  ballot::ScenarioPlay play(*s);
  ASSIGN_OR_RETURN(ScenarioView before, Replay(*s, play, choices));
  if (before.current == nullptr || before.current->id != step) {
    return absl::FailedPreconditionError(
        StrCat("step \"", step.substr(0, 40), "\" is not the current step (answered already)"));
  }
  ASSIGN_OR_RETURN(const ballot::ScenarioChoice* c, play.Choose(std::string(choice)));
  choices.emplace_back(choice);
  ScenarioStepResult out;
  out.choice = c;
  out.view = before;
  out.view.history = play.history();
  out.view.history_steps.emplace_back(step);
  out.view.current = play.current();
  out.view.score = play.score();
  if (!play.done()) {
    RETURN_IF_ERROR(results_.PutRun({user.id, PracticeKind::kScenario, s->id,
                                     json({{"choices", choices}}).dump(), started, now}));
    return out;
  }
  store::PracticeResult res;
  res.user_id = user.id;
  res.region_key = RegionKeyOf(user);
  res.kind = PracticeKind::kScenario;
  res.ref = s->id;
  res.score = play.score();
  res.max_score = out.view.max_score;
  res.started_unix = started;
  res.finished_unix = std::max(now, started);
  std::map<std::string, std::pair<int64_t, int64_t>> rules;
  for (size_t i = 0; i < out.view.history.size(); ++i) {
    const ballot::ScenarioStep* st = s->Step(out.view.history_steps[i]);
    auto& ct = rules[StrCat(s->id, "/", out.view.history_steps[i])];
    ct.first += (st != nullptr && out.view.history[i]->score >= BestScore(*st)) ? 1 : 0;
    ct.second += 1;
  }
  res.rules = Tallies(rules);
  ASSIGN_OR_RETURN(res.id, results_.FinishRun(res));
  out.finished = std::move(res);
  return out;
}

Status Practice::RestartScenario(const store::UserRow& user, std::string_view id) {
  ASSIGN_OR_RETURN(const ballot::Scenario* s, FindScenario(id));
  return results_.DeleteRun(user.id, PracticeKind::kScenario, s->id);
}

StatusOr<std::vector<Result>> Practice::MyResults(const store::UserRow& user) {
  store::ResultQuery q;
  q.user_id = user.id;
  return results_.ListResults(q, kMaxResultsListed);
}

StatusOr<std::vector<store::PracticeRun>> Practice::MyRuns(const store::UserRow& user) {
  return results_.ListRuns(user.id);
}

StatusOr<PracticeReport> Practice::Report(const store::UserRow& user, const Scope& scope) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  PracticeReport rep;
  rep.scope = scope;
  store::ResultQuery q;
  if (!scope.national()) std::tie(q.region_lo, q.region_hi) = scope.RangeFor(10);
  int64_t divisor = 100'000'000;
  rep.group_level = RegionLevel::kProvince;
  if (!scope.national()) {
    switch (scope.level()) {
      case RegionLevel::kProvince:
        divisor = 1'000'000;
        rep.group_level = RegionLevel::kKabKota;
        break;
      case RegionLevel::kKabKota:
        divisor = 10'000;
        rep.group_level = RegionLevel::kKecamatan;
        break;
      default:
        divisor = 1;
        rep.group_level = RegionLevel::kDesa;
        break;
    }
  }
  ASSIGN_OR_RETURN(rep.regions, results_.Aggregate(q, divisor));
  // Results of national accounts (region 0) belong to no region group.
  std::erase_if(rep.regions, [](const store::ResultGroup& g) { return g.key == 0; });
  ASSIGN_OR_RETURN(rep.people, results_.Aggregate(q, 0));
  ASSIGN_OR_RETURN(rep.rules, results_.RuleAccuracy(q));
  if (accounts_ != nullptr) {
    for (const store::ResultGroup& g : rep.people) {
      if (rep.names.size() >= static_cast<size_t>(kMaxPeopleNamed)) break;
      if (rep.names.contains(g.key)) continue;
      ASSIGN_OR_RETURN(auto u, accounts_->FindUserById(g.key));
      rep.names[g.key] = u ? u->display_name : "";
    }
  }
  return rep;
}

}  // namespace bimtek::service
