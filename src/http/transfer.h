// Import and export over the web (handlers_transfer.cc): the API routes that take a file as the
// body or answer with one, and the /impor and /ekspor pages (multipart upload, dry run, the error
// table, commit; download). Scope and role checks are in service/transfer.h.
#pragma once

#include "http/router.h"

namespace bimtek::http::handlers {

// POST /api/v1/import/{kind}?dry_run=1&file_name=NAME (behind Authenticate, RequireCsrf; an
// upload route): the body is the CSV or XLSX file. 200 with the report (as `bimtek import
// --json`) when it has no errors; 422 with the same report when it has (nothing changed);
// 400 unreadable file or bad kind, 403 not allowed, 413 too large, 415 wrong Content-Type.
Response ImportFile(Request& req);
// GET /api/v1/export/{kind}?region=CODE&format=csv|xlsx (behind Authenticate): the file, as
// an attachment. 400 bad parameter, 403 outside scope, 404 unknown region, 400 too many rows.
Response ExportFile(Request& req);

// GET /impor: the upload form (kind, file).
Response ImportPage(Request& req);
// POST /impor (multipart/form-data: csrf, kind, file; an upload route): the dry run. The error
// table (422) or the summary with a form to commit the kept upload.
Response ImportUpload(Request& req);
// POST /impor/simpan (urlencoded csrf, token): imports the upload kept under token.
Response ImportCommit(Request& req);
// GET /ekspor: the export form (kind, region within scope, format).
Response ExportPage(Request& req);
// GET /ekspor/unduh?kind=&region=&format=: the file, or an error page.
Response ExportDownload(Request& req);

}  // namespace bimtek::http::handlers
