// Replacing a KPPS member (PAW, penggantian antarwaktu): its own action with a reason, never a
// side effect of an import. The member replaced is kept, inactive, with the replacement record.
#pragma once

#include <string>

#include "base/status.h"
#include "core/person.h"
#include "core/problem.h"
#include "service/audit.h"
#include "service/registry.h"

namespace bimtek::service {

struct PawRequest {
  TpsCode tps = 0;
  int position = 0;
  Person replacement;  // role, TPS and position are taken from the request
  std::string reason;  // required, at least 5 characters
  int64_t at_unix = 0;
  Actor actor;  // who replaces: written to the audit log with the replacement
};

struct PawResult {
  int64_t old_person = 0;
  int64_t new_person = 0;
  std::vector<Problem> problems;  // rule problems of the replacement; nothing changed if any error
};

// Errors: NotFound when the seat is vacant (fill it by import instead); InvalidArgument when
// the reason is missing; AlreadyExists when the replacement already serves elsewhere. The
// audit row ("person.replace", target "person:<old id>", the TPS's desa) commits with it.
StatusOr<PawResult> ReplaceKpps(Registry& reg, PawRequest request);

}  // namespace bimtek::service
