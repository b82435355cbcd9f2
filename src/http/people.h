// People and audit routes (handlers_people.cc): the people API and pages (/orang…), the
// replacement (PAW) form, re-issuing an access code, and the audit log (/audit). Every handler
// calls one service of service/people.h or service/audit.h; the scope checks happen there.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /api/v1/people?region&q&role&tps&active&page&per_page (behind Authenticate):
// {"people":[…],"total","page","per_page"}; 400 naming the bad parameter, 403 outside scope.
Response PeopleSearchApi(Request& req);
// GET /api/v1/people/{id}: one person, masked, with "history" (replacements).
Response PersonApi(Request& req);
// POST /api/v1/people/{id}/replace (JSON, CSRF) {"reason","replacement":{"nik","name","sex",
// "birth_date","phone","education","home_region"}}: 200 {"old_person","new_person"}; 422 with
// "problems" when the replacement breaks a rule (nothing changed).
Response PersonReplaceApi(Request& req);
// POST /api/v1/people/{id}/access-code (CSRF): {"code"} shown once; audit row.
Response PersonAccessCodeApi(Request& req);
// GET /api/v1/audit?region&action&actor&before&limit: {"entries":[…],"next_before"}.
Response AuditApi(Request& req);

// Pages (behind PageSession; POSTs behind RequireFormCsrf).
Response PeoplePage(Request& req);          // GET /orang
Response PersonPage(Request& req);          // GET /orang/{id}
Response PersonReplaceForm(Request& req);   // GET /orang/{id}/ganti
Response PersonReplaceSubmit(Request& req); // POST /orang/{id}/ganti
Response PersonReissueCode(Request& req);   // POST /orang/{id}/kode
Response AuditPage(Request& req);           // GET /audit

}  // namespace bimtek::http::handlers
