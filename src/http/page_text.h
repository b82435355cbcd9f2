// The page strings of the server-rendered pages in Bahasa Indonesia (the default) and English:
// one table in page_text.cc, one line per string. Also how a request picks its language.
#pragma once

#include <string_view>

#include "core/region.h"
#include "http/message.h"
#include "store/accounts.h"

namespace bimtek::http {

enum class Lang { kId, kEn };

enum class Msg {
  kAppName,
  kLoginTitle,
  kUsername,
  kPassword,
  kLoginButton,
  kLogoutButton,
  kWrongCredentials,
  kLocked,
  kTryAgainWithin,
  kMinutes,
  kLoginExpired,
  kMissingFields,
  kHomeTitle,
  kLoggedInAs,
  kRole,
  kScope,
  kBrowseRegions,
  kNoRegionAccess,
  kRegion,
  kLevel,
  kCode,
  kName,
  kTps,
  kKpps,
  kVacantKpps,
  kChildren,
  kNoChildren,
  kTpsList,
  kNoTps,
  kDpt,
  kAddress,
  kKppsFilled,
  kBreadcrumb,
  kNational,
  kForbiddenTitle,
  kForbiddenText,
  kNotFoundTitle,
  kBadRequestTitle,
  kErrorTitle,
  kBackHome,
  kSkipToContent,
  kLanguage,
  kPeopleTitle,
  kSearchLabel,
  kSearchButton,
  kAll,
  kStatus,
  kActive,
  kReplaced,
  kTpsCode,
  kRegionCode,
  kPeopleFound,
  kNoPeople,
  kPrevPage,
  kNextPage,
  kPage,
  kNik,
  kPhone,
  kBirthDate,
  kPosition,
  kWorkRegion,
  kHomeRegion,
  kSex,
  kEducation,
  kMale,
  kFemale,
  kHistory,
  kNoHistory,
  kReason,
  kDate,
  kOldMember,
  kNewMember,
  kReplaceLink,
  kReplaceTitle,
  kReplacementData,
  kFullName,
  kReplaceButton,
  kReplaceDone,
  kFixErrors,
  kReissueButton,
  kReissueDone,
  kAuditTitle,
  kWhen,
  kActor,
  kAction,
  kTarget,
  kClientAddress,
  kChange,
  kNoAudit,
  kOlder,
  kFilter,
  kActionPrefix,
  kFindPeople,
  kPeopleInRegion,
  kCount,  // not a string: the number of strings
};

// The string `m` in `lang`.
const char* T(Lang lang, Msg m);
// A page's own text in both languages, for strings used by one handler file only (the shared
// ones are Msg entries above).
struct Txt {
  const char* id;
  const char* en;
};
inline const char* Tx(Lang lang, const Txt& t) { return lang == Lang::kEn ? t.en : t.id; }
// A user role's name for people ("Operator kabupaten/kota").
const char* RoleLabel(Lang lang, store::UserRole role);
// A region kind's name ("Kecamatan", "District").
const char* KindLabel(Lang lang, RegionKind kind);
// "id" or "en" (for <html lang>).
const char* LangCode(Lang lang);

// The value of cookie `name` in the Cookie header; empty when absent.
std::string_view CookieValue(const Request& req, std::string_view name);

// The request's language: ?lang=en|id first, then the `lang` cookie, else Bahasa Indonesia.
Lang LangOf(const Request& req);
// True when the query names a language (the page then sets the `lang` cookie).
bool QueryHasLang(const Request& req);

}  // namespace bimtek::http
