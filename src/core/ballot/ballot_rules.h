// The ballot rules engine: the validity rules of PKPU 25/2023 (domain reference §5) as an ordered
// table of rows, each with a stable id; a ballot's verdict is the outcome of the first row that
// applies to it. The table can be read (docs, `bimtek ballot rules`) and extended by callers.
// Judging allocates nothing and is safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/status.h"
#include "core/ballot/ballot.h"

namespace bimtek::ballot {

// Why a ballot is invalid, in precedence order (the first that applies is reported).
enum class Reason : uint8_t {
  kNone = 0,  // valid
  kNotSigned,
  kExtraWriting,
  kWrongTool,
  kNoMark,
  kOutsideColumns,
  kMultipleColumns,
};
// "not_signed", "extra_writing", ... ("" for kNone).
std::string_view ReasonName(Reason r);

// Choices the sources leave open (§5 [inf]); documented in docs/ballot-rules.md.
struct RuleOptions {
  // Marks outside every column on a ballot that also has marks in one column: by default they
  // are disregarded (rule any.stray_outside_ignored); with true the ballot is invalid
  // (rule any.stray_outside_invalid, reason outside_columns).
  bool stray_outside_invalid = false;
};

// What the engine knows about one ballot when it walks the table; computed in one pass over the
// marks. Twin marks are left out of every field (they are not marks of their own).
struct Summary {
  BallotType type = BallotType::kPpwp;
  bool is_signed = true;
  bool extra_writing = false;
  Tool tool = Tool::kPunch;
  int own_marks = 0;         // marks that are not twins
  int outside_marks = 0;     // of those, outside every column
  int columns = 0;           // distinct tickets/parties/DPD candidates touched: 0, 1 or 2 (= more)
  uint16_t column = 0;       // the one column touched when columns == 1
  bool dpd_between = false;  // DPD: a mark on the line between two candidates
  // Within the one column (columns == 1) of a DPR/DPRD ballot, or the DPD candidate:
  int eligible_candidates = 0;   // distinct eligible candidates marked: 0, 1 or 2 (= more)
  uint16_t candidate = 0;        // the one eligible candidate when eligible_candidates == 1
  bool header = false;           // party number/logo/name marked
  bool border_or_blank = false;  // party column border, blank or grey area
  bool between = false;          // line between two of the party's candidates
  bool ineligible = false;       // an ineligible candidate marked (DPD: the column's candidate)
};

// What a row decides.
enum class Outcome : uint8_t {
  kInvalid,         // reason in Rule::reason
  kTicket,          // valid for ticket Summary::column
  kParty,           // valid for party Summary::column
  kPartyCandidate,  // valid for candidate Summary::candidate of party Summary::column
  kDpdCandidate,    // valid for DPD candidate Summary::column
};

// One row of the table.
struct Rule {
  std::string_view id;  // stable: other tools and trainees' feedback cite it
  uint8_t types;        // ballot types it applies to (TypeBit set)
  bool (*applies)(const Summary&, const RuleOptions&);
  Outcome outcome;
  Reason reason;             // when outcome == kInvalid
  std::string_view text_id;  // the rule in Bahasa Indonesia, for trainees
  std::string_view text_en;  // the rule in English
  std::string_view source;   // "§5 ..." or "[inf] ..." when the sources leave it open
};

// The default table (§5), in the order it is walked. Static storage; never changes.
std::span<const Rule> DefaultRules();

// The outcome of judging one ballot.
struct Verdict {
  bool valid = false;
  Reason reason = Reason::kNone;
  Outcome outcome = Outcome::kInvalid;
  uint16_t ticket = 0;         // kTicket
  uint16_t party = 0;          // kParty, kPartyCandidate
  uint16_t candidate = 0;      // kPartyCandidate, kDpdCandidate
  const Rule* rule = nullptr;  // the deciding row; points into the table passed to Judge
};

// Builds the summary of `b` (one pass, no allocation).
// Errors: InvalidArgument when a mark's place does not exist on b.type (e.g. kCandidate on PPWP),
// when every mark is a twin (a twin mirrors a mark that must be there), or when an ineligible
// entry does not fit b.type.
StatusOr<Summary> Summarize(const Ballot& b, const RuleOptions& options = {});

// Judges `b` against `rules` (walked in order; the first row whose types include b.type and
// whose predicate holds decides). Errors: those of Summarize; Internal when no row applies
// (the table is incomplete). Thread-safe; no allocation on success.
StatusOr<Verdict> Judge(const Ballot& b, std::span<const Rule> rules = DefaultRules(),
                        const RuleOptions& options = {});

}  // namespace bimtek::ballot
