// The counting exercise (issue 6 item 4): from a seed, a whole TPS — voters on the lists, turnout,
// ballots received (DPT + 2%), damaged and returned ballots, and every marked ballot of every race
// with the hard cases of §5 in realistic proportions — together with the answer key: the verdict
// of each ballot, the tally, and the correct C.Hasil of each race. Data only (the drawing is the
// web layer's job); pure and deterministic: the same seed gives the same TPS everywhere.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/ballot/ballot.h"
#include "core/ballot/ballot_rules.h"
#include "core/ballot/chasil.h"
#include "core/ballot/election.h"

namespace bimtek::ballot {

// The kind of ballot the generator drew; each names the rule that must decide it.
enum class CaseKind : uint8_t {
  kClear,              // one punch on one contestant (DPR/DPRD: on one candidate)
  kPartyOnly,          // DPR/DPRD: one punch on the party header
  kSeveralPunches,     // several punches on the same contestant
  kPartyAndCandidate,  // DPR/DPRD: party header + one of its candidates
  kTwoCandidates,      // DPR/DPRD: two candidates of the same party
  kPartyArea,          // DPR/DPRD: the column border or blank area; PPWP/DPD: the column border
  kPartyLine,          // DPR/DPRD: the line between two candidates of a party
  kThroughPunch,       // a mark and its twin in another column
  kStrayOutside,       // a mark in one column and one outside
  kIneligible,         // DPR/DPRD: an ineligible candidate alone; DPD: the ineligible candidate
  kTwoColumns,         // invalid: two contestants
  kDpdBetween,         // DPD: invalid, on the line between two candidates
  kNoMark,             // invalid
  kAllOutside,         // invalid
  kNotSigned,          // invalid
  kPen,                // invalid
  kWriting,            // invalid
};
std::string_view CaseKindName(CaseKind k);
// The rule id that decides a ballot of kind `k` on `type` (the generator's own expectation,
// independent of the engine; tests compare the two).
std::string_view ExpectedRule(CaseKind k, BallotType type);

struct ExerciseBallot {
  uint32_t first_mark = 0;  // into RaceExercise::marks
  uint32_t mark_count = 0;
  bool is_signed = true;
  bool extra_writing = false;
  Tool tool = Tool::kPunch;
  CaseKind kind = CaseKind::kClear;
  Verdict verdict;  // the answer key, from the rules engine
};

struct RaceExercise {
  BallotType type = BallotType::kPpwp;
  std::vector<Ineligible> ineligible;   // candidates who died or were disqualified
  std::vector<Mark> marks;              // pool of every ballot's marks
  std::vector<ExerciseBallot> ballots;  // in the order they are opened
  CHasil chasil;                        // the correct form, tallied from the verdicts

  // The ballot at `i` as the rules engine takes it (spans into this race; valid while it lives).
  Ballot BallotAt(size_t i) const;
};

struct TpsExercise {
  uint64_t seed = 0;
  Election election;
  std::vector<RaceExercise> races;  // counting order
};

struct ExerciseOptions {
  uint64_t seed = 1;
  Territory territory = Territory::kProvince;
  // Contestants to use instead of the fictional ones (e.g. from ElectionFromJson); its territory
  // then overrides `territory`. Not owned; must outlive the call. Every party list and the DPD
  // ballot must name at least one candidate, the PPWP ballot at least one ticket.
  const Election* election = nullptr;
};

// Generates the TPS of `options.seed`. Never fails. Not thread-safe per call object, but calls are
// independent (no shared state).
TpsExercise GenerateExercise(const ExerciseOptions& options);

}  // namespace bimtek::ballot
