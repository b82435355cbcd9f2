// Pre- and post-tests over HTTP (issue 5; docs/http.md, "Tests"): the phone test page (one
// gzipped request with every item, a small static script keeping answers on the device), its
// submits (JSON from the script, or a plain form post without JavaScript), both answered only
// once the attempt is durable (group commit, without blocking the worker), and the staff API.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /static/ujian.js: the test page's script (cached).
Response TestScript(Request& req);
// GET /ujian/{id} (PageSession): a participant's test page, or their result with explanations
// once submitted. 403 outside the test's region or for staff, 400 outside the window.
Response TestPage(Request& req);
// POST /ujian/{id} (PageSession, RequireFormCsrf): the no-JavaScript submit: fields `key` and
// `q.ITEM` (repeated for multiple response; "L=R" for matching); 303 to the result.
Response TestFormSubmit(Request& req);
// GET /ujian/{id}/media/{item}: an item's image (private cache, a day).
Response TestMedia(Request& req);
// POST /api/v1/tests/{id}/submit (Authenticate, RequireCsrf, RequireJsonType; the body is read
// by service::ParseSubmitBody in one pass):
// {"key":…,"answers":{"ITEM":["A"],…}} -> {"attempt":{…}}; a repeat returns the first result.
Response TestSubmitApi(Request& req);
// GET /api/v1/tests (Authenticate): the tests the user may see.
Response TestListApi(Request& req);
// POST /api/v1/tests (Authenticate, RequireCsrf, ParseJsonBody): creates a test.
Response TestCreateApi(Request& req);
// GET /api/v1/tests/{id}/results?region=CODE&by=kabkota|kecamatan|desa&people=1&items=1
Response TestResultsApi(Request& req);
// POST /api/v1/tests/{id}/paper (Authenticate, RequireCsrf, ParseJsonBody):
// {"person":ID,"form":0,"answers":{…}}: a paper answer sheet entered by staff.
Response TestPaperApi(Request& req);

}  // namespace bimtek::http::handlers
