#include "service/paw.h"

#include "base/strings.h"
#include "core/person_rules.h"
#include "nlohmann/json.hpp"

namespace bimtek::service {

StatusOr<PawResult> ReplaceKpps(Registry& reg, PawRequest req) {
  PawResult result;
  if (Trim(req.reason).size() < 5) {
    return absl::InvalidArgumentError(
        "a replacement (PAW) needs a reason of at least 5 characters");
  }
  ASSIGN_OR_RETURN(auto old, reg.store.FindKpps(req.tps, req.position));
  if (!old) {
    return absl::NotFoundError(StrCat("KPPS position ", req.position, " at TPS ",
                                      FormatTpsCode(req.tps),
                                      " is vacant: fill it by import, not by replacement"));
  }
  Person& p = req.replacement;
  p.role = Role::kKpps;
  p.tps = req.tps;
  p.position = req.position;
  p.work_region = DesaOfTps(req.tps);
  ValidatePerson(p, PersonFacts{p.birth_date, p.sex}, reg.ref.rules, reg.ref.regions,
                 result.problems);
  if (HasErrors(result.problems)) return result;

  ASSIGN_OR_RETURN(auto existing, reg.store.FindPersonByNikIndex(NikIndex(reg.vault, p.nik)));
  if (existing && existing->id == old->id) {
    return absl::InvalidArgumentError("the replacement is the member being replaced");
  }
  if (existing && existing->active) {
    return absl::AlreadyExistsError(
        StrCat("the replacement already serves as ", RoleName(existing->role),
               existing->tps ? StrCat(" at TPS ", FormatTpsCode(existing->tps))
                             : StrCat(" in ", FormatRegionCode(existing->work_region))));
  }
  ASSIGN_OR_RETURN(auto txn, reg.store.Begin());
  store::PersonRow retired = *old;
  retired.active = false;
  RETURN_IF_ERROR(txn->UpdatePerson(retired));
  store::PersonRow row = SealPerson(reg.vault, p);
  if (existing) {
    row.id = existing->id;
    RETURN_IF_ERROR(txn->UpdatePerson(row));
  } else {
    ASSIGN_OR_RETURN(row.id, txn->InsertPerson(row));
  }
  RETURN_IF_ERROR(txn->AddReplacement(store::Replacement{
      req.tps, req.position, old->id, row.id, std::string(Trim(req.reason)), req.at_unix}));
  ASSIGN_OR_RETURN(const Person old_person, OpenPerson(reg.vault, *old));
  Person new_person = p;
  new_person.id = row.id;
  nlohmann::ordered_json after;
  after["reason"] = std::string(Trim(req.reason));
  after["replaced"] = nlohmann::ordered_json::parse(PersonAuditJson(old_person, false));
  after["replacement"] = nlohmann::ordered_json::parse(PersonAuditJson(new_person, true));
  RETURN_IF_ERROR(txn->AddAudit(MakeAudit(req.actor, "person.replace", StrCat("person:", old->id),
                                          DesaOfTps(req.tps), PersonAuditJson(old_person, true),
                                          after.dump())));
  RETURN_IF_ERROR(txn->Commit());
  result.old_person = old->id;
  result.new_person = row.id;
  return result;
}

}  // namespace bimtek::service
