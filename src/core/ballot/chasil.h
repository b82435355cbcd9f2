// The C.Hasil (result form of one race at one TPS) and the checks that must hold on every one
// (domain reference §6, checks 1-5; check 5 gives warnings only). Each violation is explained in
// Bahasa Indonesia and in English with the figures involved. Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ballot/ballot.h"

namespace bimtek::ballot {

// A count split by sex, with the total written on the form.
struct BySex {
  int64_t male = 0;
  int64_t female = 0;
  int64_t total = 0;
};

// Voters per list: DPT, DPTb, DPK, and the total row.
struct VoterCounts {
  BySex dpt, dptb, dpk, total;
};

// Ballot usage for this race's ballot type.
struct BallotUsage {
  int64_t received = 0;  // including the 2% reserve
  int64_t used = 0;
  int64_t unused = 0;
  int64_t returned = 0;  // returned damaged or wrongly marked
};

struct NumberedVotes {
  int number = 0;  // ticket, candidate
  int64_t votes = 0;
};

struct PartyVotes {
  int party = 0;
  int64_t party_votes = 0;  // ballots valid for the party only
  std::vector<NumberedVotes> candidates;
  int64_t total = 0;  // as written: party votes + its candidates' votes
};

struct CHasil {
  BallotType race = BallotType::kPpwp;
  std::string tps;                       // optional identifier, only echoed in messages
  VoterCounts voters;                    // on the lists (data pemilih)
  VoterCounts voted;                     // who used their right (pengguna hak pilih)
  std::optional<BySex> disabled_voters;  // voters with disabilities, when the form has them
  std::optional<BySex> disabled_voted;
  BallotUsage ballots;
  std::vector<NumberedVotes> tickets;     // PPWP
  std::vector<NumberedVotes> candidates;  // DPD
  std::vector<PartyVotes> parties;        // DPR, DPRD
  int64_t valid_votes = 0;
  int64_t invalid_votes = 0;
  std::optional<int64_t> total_votes;  // valid + invalid, when written
};

enum class Severity : uint8_t { kError, kWarning };

struct Violation {
  std::string check;  // stable id, e.g. "chasil.2.used_vs_votes" (docs/chasil-format.md)
  Severity severity = Severity::kError;
  std::string field;       // where on the form, e.g. "voted.dpt"
  std::string message_id;  // Bahasa Indonesia
  std::string message_en;  // English
};

// How the reserve of check 5 is computed: received = DPT + reserve_percent% rounded as below.
// [one]: the KPU rule is "DPT + 2%" (300 -> 306); rounding up of fractions is [inf].
struct ChasilOptions {
  enum class Rounding : uint8_t { kUp, kNearest, kDown };
  int reserve_percent = 2;
  Rounding rounding = Rounding::kUp;
};

// DPT + reserve, rounded per options. dpt >= 0.
int64_t ExpectedBallots(int64_t dpt, const ChasilOptions& options = {});

// Runs every check of §6 on `form` and returns the violations, errors and warnings, in check
// order (an empty vector when the form is consistent). Never fails: a form whose numbers cannot
// be read is rejected earlier, by the parser.
std::vector<Violation> CheckCHasil(const CHasil& form, const ChasilOptions& options = {});

// True when `v` holds at least one violation of severity kError.
bool HasErrors(const std::vector<Violation>& v);

}  // namespace bimtek::ballot
