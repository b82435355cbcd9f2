// Store-backed invitations (issue 4): the documents of a saved plan's batches, built from the
// planning store, the registry and the account store. Every participant gets the access code in
// force of their account (Auth::AccessCodeForPrint: derived, never stored; accounts are created
// at print time when missing), so printing a batch again gives the same letters. Also plan
// publication and who may see which batch (docs/invitations.md, "Store-backed invitations").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "render/batch.h"
#include "service/auth.h"
#include "service/planning.h"
#include "service/registry.h"
#include "store/planning.h"

namespace bimtek::service {

// Whether `user` may see batch `b` of a plan: planners (national, province, kabupaten/kota)
// that can see its kecamatan; PPK, PPS and facilitator accounts when their scope covers the
// batch's kecamatan or one of its crews (a PPS sees the batches of its desa's crews).
bool CanSeeBatch(const store::UserRow& user, const plan::Batch& b);
// National, province and kabupaten/kota accounts: they plan, publish and print.
bool IsPlanner(const store::UserRow& user);

// The scope whose plans a user reads by default: a planner's own scope, else the kabupaten/kota
// (plans are made per kabupaten/kota) of a PPK, PPS or facilitator.
Scope PlanScopeOf(const store::UserRow& user);

// The newest saved plan of `scope` as `user` may see it (null: the command line): planners
// that can see the scope see it whole, others only its batches CanSeeBatch allows, and only once
// it is published. nullopt when there is no plan (or none published for a non-planner).
// PermissionDenied when `user` can see nothing of the scope.
struct VisiblePlan {
  PlanOutcome plan;
  std::optional<int64_t> published_unix;
};
StatusOr<std::optional<VisiblePlan>> LoadVisiblePlan(Registry& reg, store::PlanningStore& ps,
                                                     const Scope& scope,
                                                     const store::UserRow* user);

// True when `user`'s account is one of the facilitators of a session of batch `b` of `plan`
// (IsFacilitatorAccount): the batches a facilitator teaches.
bool TeachesBatch(const store::UserRow& user, const PlanOutcome& plan, const plan::Batch& b);

// Publishes the newest plan of `scope`: records it (first time kept) and creates the
// participant accounts of every person of its batches. Returns how many people it covers.
// PermissionDenied unless `user` is a planner who can see the scope; NotFound without a plan.
StatusOr<int64_t> PublishPlan(Registry& reg, store::PlanningStore& ps, Auth& auth,
                              const Scope& scope, const store::UserRow* user, int64_t now_unix);

struct LetterOptions {
  // The letter's date; default: 5 days before the batch.
  std::optional<Date> letter_date;
  std::string signer_name;  // optional (a dotted line when empty)
  // false: no access codes (and no accounts created): for the attendance sheet and the .ics,
  // which PPK, PPS and facilitators may download; their participants carry the placeholder code
  // TANPAKODE.
  bool with_codes = true;
};

// The render input of batch `batch_id` of the newest plan of `scope`: office of the scope's
// kabupaten/kota, letter number, date, venue, local times and zone, agenda with the module
// titles of the plan's curriculum version, and one participant per active KPPS member of its
// crews (TPS order, then position) with their access code and phone. Participant accounts are
// created when missing. NotFound without a plan or such a batch; PermissionDenied when `user`
// (null: the command line) may not see the batch; FailedPrecondition for a crew without members.
StatusOr<render::Batch> BatchDocument(Registry& reg, store::PlanningStore& ps, Auth& auth,
                                      const Scope& scope, int64_t batch_id,
                                      const store::UserRow* user,
                                      const LetterOptions& options = {});
// The same for every batch of the plan (`user` must be a planner who can see the scope).
StatusOr<std::vector<render::Batch>> PlanDocuments(Registry& reg, store::PlanningStore& ps,
                                                   Auth& auth, const Scope& scope,
                                                   const store::UserRow* user,
                                                   const LetterOptions& options = {});

// "32.71-K3": the document id of batch `batch_id` of a plan of `scope` (file names, ics UID).
std::string BatchDocumentId(const Scope& scope, int64_t batch_id);

}  // namespace bimtek::service
