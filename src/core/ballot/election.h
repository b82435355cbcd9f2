// The election model of the voting-day simulator: which ballots a TPS has, and the contestants on
// each (presidential tickets, parties with their candidate lists per electoral district, DPD
// candidates per province). Training uses fictional contestants by default (neutrality is itself a
// Bimtek topic); a real list can be supplied as data (ElectionFromJson in exercise_json.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/ballot/ballot.h"

namespace bimtek::ballot {

// Where the TPS is: decides the ballots it has (§4) and the parties on them.
enum class Territory : uint8_t {
  kProvince,  // any province but Aceh and DKI Jakarta: 5 ballots
  kAceh,      // 5 ballots; the 6 Aceh local parties appear on both DPRD ballots
  kJakarta,   // DKI Jakarta: no DPRD Kabupaten/Kota, 4 ballots
  kAbroad,    // TPS Luar Negeri: PPWP and DPR only
};

// The ballot types of a TPS in `t`, in counting order (§6).
std::vector<BallotType> BallotTypesFor(Territory t);

// Party numbers on a ballot of type `type` in `t`, ascending: the 18 national parties (1-17, 24)
// on every DPR and DPRD ballot, plus the Aceh local parties (18-23) on the DPRD ballots in Aceh.
// Empty for PPWP and DPD.
std::vector<int> PartyNumbersOn(BallotType type, Territory t);

struct Ticket {
  int number = 0;
  std::string president;
  std::string vice_president;
};

struct Party {
  int number = 0;
  std::string name;
  std::string short_name;
  bool aceh_local = false;
};

struct Candidate {
  int number = 0;  // ballot number within the party list (DPR/DPRD) or on the DPD ballot
  std::string name;
  char sex = 'L';  // 'L' laki-laki, 'P' perempuan
};

struct PartyList {
  int party = 0;
  std::vector<Candidate> candidates;
};

// The contestants on one ballot type at this TPS.
struct Race {
  BallotType type = BallotType::kPpwp;
  std::string district;               // dapil (DPR/DPRD) or province (DPD); empty for PPWP
  std::vector<Ticket> tickets;        // PPWP
  std::vector<PartyList> lists;       // DPR/DPRD, one per party on the ballot, by party number
  std::vector<Candidate> candidates;  // DPD
};

struct Election {
  Territory territory = Territory::kProvince;
  std::vector<Party> parties;  // every party that appears on one of the races
  std::vector<Race> races;     // one per ballot type of the TPS, in counting order

  // The race of `type`, or nullptr when this TPS has no such ballot.
  const Race* RaceOf(BallotType type) const;
  // The party numbered `number`, or nullptr.
  const Party* PartyOf(int number) const;
};

struct FictionalOptions {
  uint64_t seed = 2024;
  Territory territory = Territory::kProvince;
  int dpr_seats = 8;  // seats of the district: a party lists 1..seats candidates
  int dprd_prov_seats = 10;
  int dprd_kab_seats = 8;
  int dpd_candidates = 20;  // 2024 provinces had roughly 10-50
};

// A complete fictional election for one TPS: 3 tickets, the parties numbered as in 2024 with
// invented names, candidate lists and DPD candidates with invented names. The same options give
// the same election. Requires seats and dpd_candidates in 1..kMaxNumber.
Election FictionalElection(const FictionalOptions& options = {});

// Checks that `b`'s marks and ineligible entries name contestants of `e` (tickets, parties and
// candidates that exist on that race's ballot).
// Errors: FailedPrecondition when the TPS has no ballot of b.type; NotFound naming the first
// ticket, party or candidate that is not on the ballot.
Status CheckContestants(const Election& e, const Ballot& b);

}  // namespace bimtek::ballot
