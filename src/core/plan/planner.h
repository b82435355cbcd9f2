// The Bimtek planner: puts every TPS crew (the KPPS of one TPS, never split) of a scope into a
// batch (kelas) at a venue in its own kecamatan on a date of the window, with a facilitator for
// every module session, and says why for every crew it cannot place. Pure: no I/O, no clock,
// deterministic for the same input. The rules, the fallback and the bound: docs/planning.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "core/plan/resources.h"
#include "core/region.h"

namespace bimtek::plan {

struct Crew {
  TpsCode tps = 0;
  int people = 7;  // seats the crew needs (the KPPS positions of the TPS)
};

struct AgendaItem {
  std::string module;  // module id
  int minutes = 0;
};

struct PlanOptions {
  int earliest_start_min = 8 * 60;    // a batch starts at the venue's opening, not before this
  int lunch_break_minutes = 60;       // one break (ISHOMA) after the first session ending at or
  int lunch_after_min = 12 * 60;      // after this time; 0 minutes: no break
  bool fallback_in_kabupaten = true;  // place what a kecamatan cannot hold in its kabupaten
};

struct Session {
  std::string module;
  int start_min = 0;  // local time at the venue
  int end_min = 0;
  int64_t facilitator = 0;  // Facilitator::id
};

struct Batch {
  int64_t id = 0;  // unique in a plan; kept across re-plans
  int64_t venue = 0;
  Date date;
  TimeZone zone = TimeZone::kWib;  // of the venue's province
  int start_min = 0;
  int end_min = 0;
  RegionCode kecamatan = 0;  // of its crews
  bool fallback = false;     // the venue lies outside the crews' kecamatan
  std::vector<Session> sessions;
  std::vector<TpsCode> crews;  // in code order
  int people = 0;
};

struct PlanInput {
  Date from, to;  // the window, inclusive
  std::vector<Crew> crews;
  std::vector<Venue> venues;              // inactive ones are ignored
  std::vector<Facilitator> facilitators;  // inactive ones are ignored
  std::vector<AgendaItem> agenda;         // the curriculum's modules in order
  std::map<RegionCode, TimeZone> zones;   // province -> zone; every venue's province must be here
  PlanOptions options;
  std::vector<Batch> previous;  // the plan in force, for a re-plan; empty for a fresh plan
};

// Why a crew is not placed (codes in the message catalog, core/messages.cc).
inline constexpr const char* kNoVenue = "plan.no_venue";              // no venue in kecamatan/kab
inline constexpr const char* kNoSlot = "plan.no_slot";                // none open long enough
inline constexpr const char* kNoRoom = "plan.no_room";                // every slot is taken
inline constexpr const char* kNoFacilitator = "plan.no_facilitator";  // slots left, nobody to teach
inline constexpr const char* kCrewTooLarge = "plan.crew_too_large";   // no hall seats the crew

struct Unplaced {
  TpsCode tps = 0;
  RegionCode kecamatan = 0;
  std::string reason;             // one of the codes above
  std::vector<std::string> args;  // message arguments (kecamatan code, module id, …)
};

struct Move {
  TpsCode tps = 0;
  int64_t from_batch = 0;
  int64_t to_batch = 0;  // 0: now unplaced
};

struct PlanSummary {
  int64_t crews = 0;
  int64_t placed = 0;
  int64_t unplaced = 0;
  int64_t batches = 0;
  int64_t lower_bound = 0;  // sum over kecamatan of ceil(people / largest venue capacity)
  int64_t gap = 0;          // batches - lower_bound
  // The fewest batches the window allows, facilitators aside (docs/planning.md, "Lower bound and
  // gap"): per kecamatan, its own venues' slots (venue, date, start) largest first until they
  // seat its crews (whole crews when all are of one size); crews beyond them count at the
  // largest capacity of the kabupaten/kota (with the fallback) or not at all. Never below the
  // kecamatan's share of lower_bound. batches - slot_bound is what the planner itself adds.
  int64_t slot_bound = 0;
  int64_t people_placed = 0;
  int64_t fallback_batches = 0;
  int64_t facilitator_days = 0;  // distinct (facilitator, date) pairs
  int64_t travel = 0;            // sum of TravelCost over facilitator days
  int64_t kept_batches = 0;      // re-plan: batches of the previous plan still in force
  int64_t moved = 0;             // re-plan: crews whose batch changed
};

struct Plan {
  std::vector<Batch> batches;      // by id
  std::vector<Unplaced> unplaced;  // by TPS code
  std::vector<Move> moved;         // by TPS code
  PlanSummary summary;
};

// The agenda of one batch starting at `start_min`: a session per module in order, with the
// lunch break inserted after the first session that ends at or after options.lunch_after_min.
std::vector<Session> LayOut(const std::vector<AgendaItem>& agenda, int start_min,
                            const PlanOptions& options);

// Plans. InvalidArgument when the window runs backwards or spans more than 62 days, the agenda is
// empty, a crew appears twice or needs no seats, two venues or facilitators share an id, or an
// active venue's province has no time zone. Everything else (no venue, nobody competent) is not
// an error but an unplaced crew with its reason.
StatusOr<Plan> MakePlan(const PlanInput& in);

}  // namespace bimtek::plan
