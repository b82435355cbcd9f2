#include "service/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "base/strings.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"

namespace bimtek::service {

Actor CliActor() {
  std::string user;
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    user = pw->pw_name;
  } else if (const char* env = std::getenv("USER"); env != nullptr && *env != '\0') {
    user = env;
  } else {
    user = "unknown";
  }
  return Actor{StrCat("cli:", user), ""};
}

Actor UserActor(const store::UserRow& user, std::string_view address) {
  return Actor{user.username, std::string(address)};
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

store::AuditRow MakeAudit(const Actor& who, std::string_view action, std::string_view target,
                          RegionCode region, std::string before_json, std::string after_json) {
  store::AuditRow a;
  a.at_unix_ms = NowUnixMs();
  a.actor = who.name.empty() ? "unknown" : who.name;
  a.address = who.address;
  a.action = std::string(action);
  a.target = std::string(target);
  a.region = region;
  a.before_json = std::move(before_json);
  a.after_json = std::move(after_json);
  return a;
}

std::string PersonAuditJson(const Person& p, bool active) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["name"] = p.name;
  j["role"] = RoleName(p.role);
  if (p.tps != 0) j["tps"] = FormatTpsCode(p.tps);
  j["position"] = p.position;
  j["region"] = FormatRegionCode(p.work_region);
  j["nik"] = MaskNik(p.nik);
  j["phone"] = p.phone.empty() ? "" : MaskPhone(p.phone);
  j["birth_date"] = p.birth_date.year > 0 ? StrCat(p.birth_date.year, "-**-**") : "";
  j["active"] = active;
  return j.dump();
}

Status WriteAudit(store::Store& store, const store::AuditRow& row) {
  ASSIGN_OR_RETURN(auto txn, store.Begin());
  RETURN_IF_ERROR(txn->AddAudit(row));
  return txn->Commit();
}

StatusOr<std::vector<store::AuditRow>> ReadAudit(store::Store& store, const store::UserRow& user,
                                                 const Scope& scope, const store::AuditQuery& q) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  if (q.limit < 1 || q.limit > 1000) {
    return absl::InvalidArgumentError(StrCat("limit must be 1 to 1000, not ", q.limit));
  }
  if (q.before_id < 0) {
    return absl::InvalidArgumentError(StrCat("before must be a row id, not ", q.before_id));
  }
  return store.ListAudit(scope, q);
}

}  // namespace bimtek::service
