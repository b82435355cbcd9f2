// People pages and API: search in a scope (name words or an exact NIK), one person with their
// replacement history, a replacement (PAW) by person id, and re-issuing a participant's access
// code. Every call checks the user's scope here, before any read is shown or any write is made;
// personal fields leave this layer masked only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/person.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/paw.h"
#include "service/registry.h"
#include "store/accounts.h"

namespace bimtek::service {

struct PeopleSearch {
  std::optional<Scope> scope;  // default: the user's scope
  std::string q;               // name words, or a 16-digit NIK; "" lists everyone
  std::optional<Role> role;
  TpsCode tps = 0;
  std::optional<bool> active;
  int page = 1;       // from 1
  int per_page = 50;  // 1..200
};

// A person as shown: personal fields masked.
struct PersonView {
  int64_t id = 0;
  std::string name;
  Role role = Role::kKpps;
  int position = 0;
  TpsCode tps = 0;
  RegionCode region = 0;  // work region
  RegionCode home_region = 0;
  Sex sex = Sex::kMale;
  Education education = Education::kUnknown;
  std::string nik;         // "3271********0001"
  std::string phone;       // "0812****7890"
  std::string birth_date;  // "1990-**-**"
  bool active = true;
};

struct PeopleResult {
  Scope scope;
  std::vector<PersonView> people;
  int64_t total = 0;
  int page = 1;
  int per_page = 50;
};

// The words of a query as the store matches them (store/name_tokens.h); whether q is a NIK.
bool LooksLikeNik(std::string_view q);

// InvalidArgument for a page < 1, per_page outside 1..200, a q longer than 100 characters or
// with no letter or digit; PermissionDenied when the user may not see the scope (or the TPS).
StatusOr<PeopleResult> SearchPeople(Registry& reg, const store::UserRow& user,
                                    const PeopleSearch& s);

// A search checked against the user and put in canonical form (SearchPeople = Resolve + Run).
struct ResolvedSearch {
  PeopleResult shell;         // scope, page and per_page of the answer
  Scope scope;                // the range searched (the scope, or the desa of the TPS filter)
  std::string nik;            // set for an exact-NIK search (q of 16 digits)
  store::PeopleQuery query;   // otherwise the store's query (name tokens, filters, page)
  // The same for every search that gives the same answer whoever asks (scope, words in token
  // form, filters, page); empty for NIK searches, whose key would hold a clear NIK.
  std::string key;
};
// The same errors as SearchPeople; reads nothing from the store.
StatusOr<ResolvedSearch> ResolvePeopleSearch(const Registry& reg, const store::UserRow& user,
                                             const PeopleSearch& s);
StatusOr<PeopleResult> RunPeopleSearch(Registry& reg, const ResolvedSearch& r);

struct HistoryEntry {
  store::Replacement replacement;
  std::string old_name, new_name;
};

struct PersonDetail {
  PersonView person;
  std::vector<HistoryEntry> history;  // replacements this person took part in, oldest first
  bool may_replace = false;           // the user may replace them (PAW): an active KPPS member
  bool may_issue_code = false;        // the user may re-issue their access code
};

// NotFound when there is no such person; PermissionDenied when the user may not see them (the
// same answer whether or not the id exists elsewhere would leak nothing more than a 404, but
// the id space is not secret).
StatusOr<PersonDetail> GetPerson(Registry& reg, const store::UserRow& user, int64_t id);

// Whether `user` may change the registry (PAW): KPU and ad hoc staff with a region scope, not
// facilitators or participants.
bool MayEditRegistry(const store::UserRow& user);

// Replaces the KPPS member `id` (PAW) with `replacement`, as `user`. PermissionDenied outside the
// scope or for a role that may not edit; FailedPrecondition when the person is not an active
// KPPS member; the rest as ReplaceKpps (the audit row is written with it).
StatusOr<PawResult> ReplacePerson(Registry& reg, const store::UserRow& user, const Actor& actor,
                                  int64_t id, Person replacement, std::string reason);

// Issues a new access code to person `id` (see Auth::IssueAccessCode) and writes the audit row
// "user.reissue_code" (target "person:<id>"). Returns the code, to be shown once.
StatusOr<std::string> ReissueAccessCode(Registry& reg, Auth& auth, const store::UserRow& user,
                                        const Actor& actor, int64_t id);

// A code to text and back: "kpps", "linmas", "pps", "ppk", "facilitator".
const char* RoleKey(Role r);
std::optional<Role> ParseRoleKey(std::string_view s);

}  // namespace bimtek::service
