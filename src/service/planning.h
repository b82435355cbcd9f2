// Planning use cases: the curriculum in force and its versions, importing venues and
// facilitators, demo planning data for a generated region, and running, saving and showing a
// plan (docs/planning.md). Every call that takes a user checks the user's region scope before
// any read or write; the command line passes no user (the operator holds the store's key).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/plan/curriculum.h"
#include "core/plan/planner.h"
#include "core/problem.h"
#include "io/sheet.h"
#include "service/import.h"
#include "service/registry.h"
#include "store/accounts.h"
#include "store/planning.h"

namespace bimtek::service {

// --- Curriculum -------------------------------------------------------------------------------

// The JSON form of docs/planning.md. InvalidArgument on malformed JSON, a missing or mistyped
// field, an unknown method, or a curriculum ValidateCurriculum rejects (every problem listed).
StatusOr<plan::Curriculum> CurriculumFromJson(std::string_view json);
std::string CurriculumToJson(const plan::Curriculum& c);  // indented, UTF-8

// data/curriculum-2024.json, compiled in (version 0: not stored).
StatusOr<plan::Curriculum> DefaultCurriculum();

// The newest stored version of the default curriculum; stores the default as version 1 first
// when there is none.
StatusOr<plan::Curriculum> CurrentCurriculum(store::PlanningStore& ps);

// Saves an edited curriculum as the next version of its name and returns that version.
// PermissionDenied unless `user` is a national, province or kabupaten/kota account (nullptr:
// the command line); InvalidArgument listing the problems of an invalid curriculum.
StatusOr<int> SaveCurriculumVersion(store::PlanningStore& ps, const store::UserRow* user,
                                    const plan::Curriculum& c, std::string_view note);

// --- Venues and facilitators --------------------------------------------------------------------

// Import venues / facilitators (layouts in docs/planning.md) like the people importer: every row
// checked, problems listed by row and column, all or nothing, --dry-run writes nothing. With a
// user, a row whose region lies outside the user's scope is an error (scope.outside).
StatusOr<ImportReport> ImportVenues(Registry& reg, store::PlanningStore& ps, io::SheetReader& sheet,
                                    const ImportOptions& options,
                                    const store::UserRow* user = nullptr);
StatusOr<ImportReport> ImportFacilitators(Registry& reg, store::PlanningStore& ps,
                                          io::SheetReader& sheet, const ImportOptions& options,
                                          const store::UserRow* user = nullptr);

// Cancels a venue or withdraws a facilitator (re-plan afterwards). NotFound for an unknown code;
// PermissionDenied when it lies outside the user's scope.
Status CancelVenue(store::PlanningStore& ps, std::string_view code, const store::UserRow* user);
Status CancelFacilitator(store::PlanningStore& ps, std::string_view code,
                         const store::UserRow* user);

// The one rule that links a facilitator account to the planner's facilitator (docs/planning.md,
// "Facilitator accounts"): an active facilitator account whose username is the facilitator's
// code, case aside, or whose person is the facilitator's person.
bool IsFacilitatorAccount(const store::UserRow& user, const plan::Facilitator& f);

struct PlanningDataSummary {
  int64_t venues = 0;
  int64_t facilitators = 0;
};

// Plausible venues (a kecamatan hall of 100–150 seats per kecamatan, a desa/kelurahan hall of
// 40–120 per desa, with opening hours) and facilitators (the PPK and PPS members registered in
// the scope, with competences per module) for a generated region; deterministic from `seed`.
// Existing codes are updated, so running it twice changes nothing.
StatusOr<PlanningDataSummary> GeneratePlanningData(Registry& reg, store::PlanningStore& ps,
                                                   const Scope& scope, uint64_t seed);

// --- Plans
// ------------------------------------------------------------------------------------------

struct PlanRequest {
  Scope scope;
  Date from, to;
  bool dry_run = false;  // plan and report, save nothing
  bool fresh = false;    // ignore the plan in force (no re-plan)
};

struct PlanOutcome {
  Scope scope;
  std::string scope_name;
  Date from, to;
  plan::Curriculum curriculum;
  plan::Plan plan;
  bool replanned = false;  // a previous plan of this scope was the starting point
  int64_t plan_id = 0;     // 0 when not saved
  int64_t created_unix = 0;
  std::map<int64_t, plan::Venue> venues;              // by id, those the batches use
  std::map<int64_t, plan::Facilitator> facilitators;  // by id, those the batches use
};

// Plans every TPS crew of the scope (a kabupaten/kota or smaller: the venues and facilitators of
// its kabupaten/kota; a province or the country: those of the scope) and saves the plan unless
// dry_run. Re-plans from the newest saved plan of the same scope unless fresh.
// PermissionDenied outside the user's scope; NotFound for a scope naming no region;
// InvalidArgument for a window the planner refuses; FailedPrecondition when the scope has no
// TPS.
StatusOr<PlanOutcome> RunPlan(Registry& reg, store::PlanningStore& ps, const PlanRequest& req,
                              const store::UserRow* user = nullptr);

// The newest saved plan of `scope`, nullopt when none.
StatusOr<std::optional<PlanOutcome>> LoadPlan(Registry& reg, store::PlanningStore& ps,
                                              const Scope& scope,
                                              const store::UserRow* user = nullptr);

// The JSON of docs/planning.md ("batches", "lower_bound", "crews", "placed", "unplaced",
// "unplaced_crews", "batch_list", …), messages in `lang`.
std::string PlanJson(const PlanOutcome& o, const Reference& ref, Lang lang);

}  // namespace bimtek::service
