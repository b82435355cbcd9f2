// The audit log's rows, built in one place: who (a username, or "cli:<os user>"), from where,
// when (milliseconds), what and where; personal fields masked before they are written. Every
// write of the registry and the accounts adds one row (a bulk import adds one for the file).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/person.h"
#include "store/accounts.h"
#include "store/store.h"

namespace bimtek::service {

// Who makes a change.
struct Actor {
  std::string name;     // username, or "cli:<os user>"
  std::string address;  // client address; "" for the command line
};

// The command line's actor: "cli:" and the operating-system user (from the effective uid, else
// $USER, else "unknown").
Actor CliActor();
// A logged-in user's actor.
Actor UserActor(const store::UserRow& user, std::string_view address);

int64_t NowUnixMs();

// A row stamped now. `region` is the region (or TPS) the change belongs to; 0 national.
store::AuditRow MakeAudit(const Actor& who, std::string_view action, std::string_view target,
                          RegionCode region, std::string before_json = "",
                          std::string after_json = "");

// A person as the audit log keeps them: id, name, role, TPS, position, region, active, with the
// NIK, phone and birth date masked ("3271********0001", "0812****7890", "1990-**-**").
std::string PersonAuditJson(const Person& p, bool active);

// Writes `row` in a transaction of its own (for changes outside the registry store, such as
// accounts, whose own write has already been committed).
Status WriteAudit(store::Store& store, const store::AuditRow& row);

// Reads the audit log as `user` sees it: rows of regions inside `scope` (default: the user's
// scope). PermissionDenied when the user may not see `scope` (participants see none);
// InvalidArgument when q.limit is not within 1..1000.
StatusOr<std::vector<store::AuditRow>> ReadAudit(store::Store& store, const store::UserRow& user,
                                                 const Scope& scope, const store::AuditQuery& q);

}  // namespace bimtek::service
