// The planning pages and API (issue 4, item 9; handlers_planning.cc): the curriculum (view, and
// a new version for planners), venues and facilitators (lists, import), the planner (scope and
// dates -> run, summary, unplaced crews, publish), the batches of the plan in force and one
// batch's page with its downloads (invitations PDF, .ics, attendance sheet, WhatsApp links).
// No JavaScript. Planners are national, province and kabupaten/kota accounts; PPK, PPS and
// facilitators read the batches of their area once the plan is published
// (service/invitations.h). Routes in routes.cc; docs/http.md and docs/api.yaml.
#pragma once

#include "http/router.h"

namespace bimtek::http::handlers {

// GET /kurikulum[?versi=N]: the curriculum in force (or version N) and its versions; planners
// also get the edit form (the JSON document). POST /kurikulum (json, note, csrf): saves it as a
// new version (422 with the problems when it is not valid).
Response CurriculumPage(Request& req);
Response CurriculumSave(Request& req);
// GET /tempat[?lingkup=CODE], GET /fasilitator[?lingkup=CODE]: the venues / facilitators of a
// scope (default the user's). POST /tempat/impor, /fasilitator/impor (multipart: csrf, file,
// dry_run): import (docs/planning.md layouts); the report page lists every problem.
Response VenuesPage(Request& req);
Response FacilitatorsPage(Request& req);
Response VenuesImport(Request& req);
Response FacilitatorsImport(Request& req);
// GET /rencana[?lingkup=CODE]: the planner: its form (planners), the plan in force's summary
// (batches, lower bound, gap, crews placed), unplaced crews with reasons, moved crews, the
// publication state, and its batches. POST /rencana (lingkup, dari, sampai[, baru], csrf):
// runs and saves a plan, 303 back. POST /rencana/terbitkan (lingkup, csrf): publishes it.
Response PlannerPage(Request& req);
Response PlannerRun(Request& req);
Response PlannerPublish(Request& req);
// GET /kelas[?lingkup=CODE]: the batches the user may see. GET /kelas/{scope}/{id}: one batch:
// agenda with local times and zone, venue, facilitators, crews and people, downloads.
Response BatchesPage(Request& req);
Response BatchPage(Request& req);
// Downloads of a batch: undangan.pdf (planners), kelas.ics, daftar-hadir.pdf.
Response BatchInvitationsPdf(Request& req);
Response BatchIcs(Request& req);
Response BatchAttendancePdf(Request& req);

// JSON API. POST /api/v1/plans {"scope","from","to","fresh"?,"dry_run"?}: runs (and saves) a
// plan, answers the plan JSON of docs/planning.md. GET /api/v1/plans/{scope}: the plan in force
// as the user may see it. GET /api/v1/plans/{scope}/batches/{id}: one batch of it.
// POST /api/v1/plans/{scope}/publish: publishes it.
Response PlanRunApi(Request& req);
Response PlanGetApi(Request& req);
Response PlanBatchApi(Request& req);
Response PlanPublishApi(Request& req);

}  // namespace bimtek::http::handlers
