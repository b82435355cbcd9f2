// The planning store interface: curriculum versions, venues, facilitators, and saved plans
// (batches with their agenda, facilitators and TPS crews). SQLite implements it in
// sqlite/sqlite_planning.cc (migration 4); a PostgreSQL version can follow behind the same
// interface. Holds no personal data: facilitators link to registry people by id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "core/plan/planner.h"
#include "core/plan/resources.h"
#include "core/region.h"

namespace bimtek::store {

// One version of a curriculum, as the JSON document of docs/planning.md.
struct CurriculumVersionRow {
  std::string name;
  int version = 0;
  std::string content_json;
  std::string note;  // what changed
  int64_t created_unix = 0;
};

// A saved plan: its request, when, with which curriculum, and its result as the JSON that
// `bimtek plan --json` prints (summary and unplaced crews); its batches are rows of their own.
struct PlanRow {
  int64_t id = 0;
  Scope scope;
  Date from, to;
  std::string curriculum;
  int curriculum_version = 0;
  int64_t created_unix = 0;
  std::string result_json;
};

// Errors: Unavailable when the store is busy; Internal on other store failures. One object is
// used by one thread at a time.
class PlanningStore {
 public:
  virtual ~PlanningStore() = default;

  // Curriculum versions. AddCurriculumVersion stores row as the next version of row.name
  // (row.version is ignored) and returns that number.
  virtual StatusOr<int> AddCurriculumVersion(const CurriculumVersionRow& row) = 0;
  // The highest version of `name`, or the given one; nullopt when there is none.
  virtual StatusOr<std::optional<CurriculumVersionRow>> FindCurriculum(std::string_view name,
                                                                       int version = 0) = 0;
  // Every version of `name`, oldest first, without content.
  virtual StatusOr<std::vector<CurriculumVersionRow>> ListCurriculumVersions(
      std::string_view name) = 0;

  // Venues and facilitators, inserted or updated by code, all in one transaction (all or
  // nothing). Ids of the given objects are ignored; returns how many were new.
  virtual StatusOr<int64_t> PutVenues(const std::vector<plan::Venue>& venues) = 0;
  virtual StatusOr<int64_t> PutFacilitators(const std::vector<plan::Facilitator>& facs) = 0;
  // Those whose region (venues) or home region (facilitators) lies in `scope`, by id, with
  // inactive ones too.
  virtual StatusOr<std::vector<plan::Venue>> ListVenues(const Scope& scope) = 0;
  virtual StatusOr<std::vector<plan::Facilitator>> ListFacilitators(const Scope& scope) = 0;
  virtual StatusOr<std::optional<plan::Venue>> FindVenueByCode(std::string_view code) = 0;
  virtual StatusOr<std::optional<plan::Facilitator>> FindFacilitatorByCode(
      std::string_view code) = 0;
  // Cancels (active = false) or restores. NotFound for an unknown code.
  virtual Status SetVenueActive(std::string_view code, bool active) = 0;
  virtual Status SetFacilitatorActive(std::string_view code, bool active) = 0;

  // Plans. SavePlan stores a plan and its batches in one transaction and returns its id.
  virtual StatusOr<int64_t> SavePlan(const PlanRow& plan,
                                     const std::vector<plan::Batch>& batches) = 0;
  // The newest plan saved for exactly this scope.
  virtual StatusOr<std::optional<PlanRow>> LatestPlan(const Scope& scope) = 0;
  virtual StatusOr<std::vector<plan::Batch>> PlanBatches(int64_t plan_id) = 0;

  // Publication (migration 10): a published plan's batches are shown to PPK, PPS and
  // facilitators and its invitations go out. Publishing again keeps the first time. A backend
  // without it answers Unimplemented (the defaults).
  virtual Status PublishPlan(int64_t plan_id, int64_t at_unix, int64_t by_user) {
    (void)plan_id, (void)at_unix, (void)by_user;
    return absl::UnimplementedError("plan publication is not stored by this backend");
  }
  // When plan `plan_id` was published; nullopt for a draft.
  virtual StatusOr<std::optional<int64_t>> PlanPublishedAt(int64_t plan_id) {
    (void)plan_id;
    return absl::UnimplementedError("plan publication is not stored by this backend");
  }
};

}  // namespace bimtek::store
