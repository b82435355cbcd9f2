// Attendance over HTTP (issue 4, item 6; docs/attendance.md): the facilitator's check-in page
// (camera QR scanning with jsQR, a typed code, a tickable list; every check-in queued on the
// phone first and sent when online, with its client id), its JSON API (the batch, the sync of a
// queue, the import of an attendance sheet), the attendance report and the honoraria list PDF.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /static/hadir.js: the check-in page's script (cached a day).
Response AttendanceScript(Request& req);
// GET /static/jsqr.js: jsQR 1.4 (npm, Apache-2.0) as embedded at build time; 404 when the
// program was built without node_modules/jsqr (the page then hides the camera button).
Response JsqrScript(Request& req);
// GET /hadir/{scope}/{batch} (PageSession): the facilitator's check-in page. 403 for accounts
// that may not work on the batch, 404 for an unknown batch.
Response AttendancePage(Request& req);
// GET /hadir?scope=CODE (PageSession): attendance per batch and kecamatan of the scope's plan,
// with links to each batch's check-in page and honoraria list.
Response AttendanceReportPage(Request& req);
// GET /api/v1/attendance/{scope}/{batch} (Authenticate): the batch, its people and who is present.
Response AttendanceBatchApi(Request& req);
// POST /api/v1/attendance/{scope}/{batch}/checkins (Authenticate, RequireCsrf, ParseJsonBody):
// {"checkins":[{"client_id","method":"scan|typed|list","code"|"person","device_ms"}]} ->
// {"results":[{"client_id","status","person","name"[,"code","message"]}]}.
Response AttendanceCheckinsApi(Request& req);
// POST /api/v1/attendance/{scope}/{batch}/import[?dry_run=1] (Authenticate, RequireCsrf; upload):
// the body is a CSV or XLSX attendance sheet -> the import report (all or nothing).
Response AttendanceImportApi(Request& req);
// GET /api/v1/attendance/{scope}/{batch}/honoraria (Authenticate): the honoraria list PDF.
Response AttendanceHonorariaApi(Request& req);
// GET /api/v1/attendance/report?scope=CODE (Authenticate): present/expected per batch and
// kecamatan of the newest plan saved for the scope.
Response AttendanceReportApi(Request& req);

}  // namespace bimtek::http::handlers
