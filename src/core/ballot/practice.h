// The counting exercise as a trainee plays it (issue 6 item 4): which ballots of each race the
// trainee judges, how an answer is written and compared with the engine's verdict, the tally
// that follows from the answers, and the fields of the C.Hasil the trainee fills in. Pure and
// deterministic; the pages (http/) and the run state (service/practice.h) build on it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ballot/ballot_rules.h"
#include "core/ballot/chasil.h"
#include "core/ballot/exercise.h"

namespace bimtek::ballot {

// Ballots the trainee judges per race; the others are counted by "colleagues" (correctly).
inline constexpr int kPracticeBallotsPerRace = 8;

// Indices (into race.ballots, ascending: the opening order) of the ballots the trainee judges:
// up to `count`, at most three clear ones, the rest hard cases of distinct kinds first. The same
// race gives the same sample.
std::vector<uint32_t> PracticeSample(const RaceExercise& race, int count = kPracticeBallotsPerRace);

// A trainee's answer for one ballot, written as a token in forms and state: "invalid", "t2"
// (ticket 2), "p5" (party 5), "p5c3" (candidate 3 of party 5), "c7" (DPD candidate 7).
struct Answer {
  bool valid = false;
  Outcome outcome = Outcome::kInvalid;
  uint16_t ticket = 0;
  uint16_t party = 0;
  uint16_t candidate = 0;
};

// The answer of `token` for ballot type `type`; nullopt when malformed or of another type (a
// ticket on DPR, a party on DPD). Numbers are 1..kMaxNumber; contestants are not checked here.
std::optional<Answer> ParseAnswer(BallotType type, std::string_view token);
std::string AnswerToken(const Answer& a);
// The answer that `v` says is right.
Answer AnswerOf(const Verdict& v);
bool SameAnswer(const Answer& a, const Answer& b);

// The race's count when the ballots `sample[0..answers.size())` are counted as the trainee
// answered them, the rest of the sample not yet, and every other ballot as the engine judged it
// (the colleagues' share). Only votes, valid, invalid and total change; the rest of the form is the
// race's correct C.Hasil. Answers naming a contestant not on the form count as invalid.
CHasil TraineeTally(const RaceExercise& race, std::span<const uint32_t> sample,
                    std::span<const Answer> answers);

// One number of a C.Hasil as the form lists it: a path ("voters.dpt.male", "parties.5.total",
// "parties.5.candidates.3", "tickets.2", "candidates.7", "valid_votes") and where it lives.
struct FormField {
  std::string path;
  int64_t* value;
  // Copied onto the form from the TPS record and the tally (prefilled on the page); the others
  // (totals, ballots used, party totals, valid/invalid/total votes) the trainee computes.
  bool given;
};

// Every field of `f` in form order (total_votes is set to 0 first when absent). Pointers into f.
std::vector<FormField> FormFields(CHasil& f);
// The paths whose values differ between two forms of the same race and contestants.
std::vector<std::string> FormDifferences(CHasil a, CHasil b);

}  // namespace bimtek::ballot
