// Ballots as the voting-day simulator sees them: the five ballot types, where each punch landed,
// and how a mark as read from input (RawMark) is classified into a mark of a given ballot type.
// Plain values with no I/O; the rules engine (ballot_rules.h) judges them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/status.h"

namespace bimtek::ballot {

// The five ballots of 2024 in counting order (§6): PPWP grey, DPR yellow, DPD red,
// DPRD Provinsi blue, DPRD Kabupaten/Kota green.
enum class BallotType : uint8_t { kPpwp = 0, kDpr, kDpd, kDprdProv, kDprdKab };
inline constexpr int kBallotTypeCount = 5;

// "PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KAB" (the CLI contract's spelling).
std::string_view BallotTypeName(BallotType t);
// Inverse of BallotTypeName; nullopt for any other string (case-sensitive).
std::optional<BallotType> ParseBallotType(std::string_view s);
// True for DPR, DPRD_PROV and DPRD_KAB: ballots with a column per party.
constexpr bool IsPartyBallot(BallotType t) {
  return t == BallotType::kDpr || t == BallotType::kDprdProv || t == BallotType::kDprdKab;
}
// Bit of `t` in a set of ballot types.
constexpr uint8_t TypeBit(BallotType t) { return static_cast<uint8_t>(1u << static_cast<int>(t)); }
inline constexpr uint8_t kAllTypes = 0x1f;
inline constexpr uint8_t kPartyTypes =
    TypeBit(BallotType::kDpr) | TypeBit(BallotType::kDprdProv) | TypeBit(BallotType::kDprdKab);

// What the ballot was marked with: only the punch (paku) provided at the booth is lawful.
enum class Tool : uint8_t { kPunch, kPen, kOther };
std::optional<Tool> ParseTool(std::string_view s);  // "punch" | "pen" | "other"

// Where a punch landed, once classified for its ballot type.
//   PPWP:      kColumn = in ticket `column`'s column (number, photo, names, logos);
//              kBorder = on that column's border.
//   DPR/DPRD:  kColumn = party `column`'s number, logo or name (the header);
//              kCandidate = candidate `candidate` of party `column`;
//              kBlank = inside the party column on no name (the grey area too);
//              kBorder = on the party column's border;
//              kBetween = on the line between candidates `candidate` and `candidate2` of party
//              `column`.
//   DPD:       kColumn = in candidate `column`'s column (number, name, photo);
//              kBorder = on that column's border;
//              kBetween = on the line between candidates `candidate` and `candidate2`
//              (`column` is 0: the mark is in no single column).
//   any type:  kOutside = outside every column.
enum class Place : uint8_t { kOutside, kColumn, kCandidate, kBlank, kBorder, kBetween };

struct Mark {
  Place place = Place::kOutside;
  // The mirror hole of another mark (coblos tembus, §5): not a mark of its own.
  bool twin = false;
  uint16_t column = 0;
  uint16_t candidate = 0;
  uint16_t candidate2 = 0;
};

// A candidate who died or was disqualified: (party, candidate) on DPR/DPRD, (0, candidate) on DPD.
struct Ineligible {
  uint16_t party = 0;
  uint16_t candidate = 0;
};

// One ballot, already parsed. Does not own its marks or ineligible list (spans into storage the
// caller keeps alive while judging).
struct Ballot {
  BallotType type = BallotType::kPpwp;
  bool is_signed = true;       // signed by the KPPS chair
  bool extra_writing = false;  // anything written on it
  Tool tool = Tool::kPunch;
  std::span<const Ineligible> ineligible;
  std::span<const Mark> marks;
};

// A mark as it comes from input, before it is known to fit its ballot type: each field is
// present or not. Numbers are as read (range is checked by ClassifyMark).
struct RawMark {
  enum class Area : uint8_t { kNone, kBlank, kBorder };
  std::optional<int64_t> ticket;
  std::optional<int64_t> party;
  std::optional<int64_t> candidate;
  std::optional<int64_t> between_a;  // "between":[a,b]
  std::optional<int64_t> between_b;
  Area area = Area::kNone;
  bool outside = false;
  bool twin = false;
};

// Largest contestant number accepted (numbers are 1..kMaxNumber).
inline constexpr int64_t kMaxNumber = 999;

// Classifies `raw` as a mark of ballot type `type` (see Place for the accepted shapes).
// Errors: InvalidArgument naming what does not fit, e.g. a ticket on DPR, a party on DPD, an area
// on a candidate, a number outside 1..kMaxNumber, a "between" of one candidate with itself.
StatusOr<Mark> ClassifyMark(BallotType type, const RawMark& raw);

// Checks an ineligible entry for `type`: party and candidate on DPR/DPRD, candidate only on DPD,
// none on PPWP. Errors: InvalidArgument saying which part is missing or out of place.
StatusOr<Ineligible> ClassifyIneligible(BallotType type, std::optional<int64_t> party,
                                        std::optional<int64_t> candidate);

}  // namespace bimtek::ballot
