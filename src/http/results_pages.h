// The results pages and API (issue 5 item 8, issue 6 item 7): a test's figures (pre, post, pass
// rate, Hake's gain both ways) with the practice results beside them, per region (drilling down
// like the region browser), per batch, per facilitator and per person (with the answers and
// their explanations), and a test's item analysis report. Server-rendered without JavaScript;
// every read is scope-checked in service/results.h. docs/http.md, docs/assessment.md.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /hasil (PageSession): the tests the user may see, a link to their region's results, and a
// facilitator's own batches. 403 for participants.
Response ResultsHome(Request& req);
// GET /hasil/wilayah/{code}?ujian=ID&by=wilayah|kelas|fasilitator (PageSession): the figures of
// a region grouped by child region (links drill down), by batch or by facilitator.
Response ResultsRegionPage(Request& req);
// GET /hasil/kelas/{scope}/{batch}?ujian=ID (PageSession): one batch and each of its people.
Response ResultsBatchPage(Request& req);
// GET /hasil/orang/{id} (PageSession): one person's tests with answers and explanations, and
// their practice results.
Response ResultsPersonPage(Request& req);
// GET /hasil/ujian/{id}/butir?wilayah=CODE (PageSession): the item analysis report of a test.
Response ItemAnalysisPage(Request& req);

// GET /api/v1/results/regions/{code}?test=ID&by=region|batch|facilitator (Authenticate).
Response ResultsRegionApi(Request& req);
// GET /api/v1/results/batches/{scope}/{batch}?test=ID (Authenticate).
Response ResultsBatchApi(Request& req);
// GET /api/v1/results/people/{id} (Authenticate).
Response ResultsPersonApi(Request& req);
// GET /api/v1/results/tests/{id}/items?region=CODE (Authenticate).
Response ResultsItemsApi(Request& req);

}  // namespace bimtek::http::handlers
