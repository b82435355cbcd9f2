#include "http/routes.h"

#include "http/handlers.h"
#include "http/middleware.h"
#include "http/attendance_pages.h"
#include "http/bank_pages.h"
#include "http/pages.h"
#include "http/people.h"
#include "http/practice_pages.h"
#include "http/results_pages.h"
#include "http/tests_pages.h"
#include "http/participant.h"
#include "http/planning_pages.h"
#include "http/transfer.h"

namespace bimtek::http {

// Method, path pattern, handler, middleware (outermost first). Adding a route is adding a line.
std::vector<Route> AppRoutes() {
  using namespace handlers;    // NOLINT(build/namespaces)
  using namespace middleware;  // NOLINT(build/namespaces)
  return {
      {"GET", "/healthz", Healthz, {NoStore}},
      {"GET", "/metrics", Metrics, {NoStore}},
      {"GET", "/api/v1/ping", Ping, {}},
      {"GET", "/api/v1/regions/{code}/summary", RegionSummary, {Authenticate}},
      {"POST", "/api/v1/regions/summary:batch", RegionSummaryBatch,
       {Authenticate, RequireCsrf, ParseJsonBody}},
      {"POST", "/api/v1/login", Login, {NoStore, ParseJsonBody}},
      {"POST", "/api/v1/login/participant", LoginParticipant, {NoStore, ParseJsonBody}},
      {"POST", "/api/v1/logout", Logout, {Authenticate, RequireCsrf}},
      {"GET", "/api/v1/me", Me, {NoStore, Authenticate}},
      {"GET", "/api/v1/people", PeopleSearchApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/people/{id}", PersonApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/people/{id}/replace", PersonReplaceApi,
       {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
      {"POST", "/api/v1/people/{id}/access-code", PersonAccessCodeApi,
       {NoStore, Authenticate, RequireCsrf}},
      {"GET", "/api/v1/audit", AuditApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/import/{kind}", ImportFile, {NoStore, Authenticate, RequireCsrf}, true},
      {"GET", "/api/v1/export/{kind}", ExportFile, {Authenticate}},
      // Server-rendered pages (pages.h); they set their own Cache-Control.
      {"GET", "/static/bimtek.css", Stylesheet, {}},
      {"GET", "/login", LoginPage, {}},
      {"POST", "/login", LoginSubmit, {}},
      {"GET", "/login/peserta", ParticipantLoginPage, {}},
      {"POST", "/login/peserta", ParticipantLoginSubmit, {}},
      {"POST", "/logout", LogoutSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/", HomePage, {PageSession}},
      {"GET", "/wilayah/{code}", RegionPage, {PageSession}},
      {"GET", "/orang", PeoplePage, {PageSession}},
      {"GET", "/orang/{id}", PersonPage, {PageSession}},
      {"GET", "/orang/{id}/ganti", PersonReplaceForm, {PageSession}},
      {"POST", "/orang/{id}/ganti", PersonReplaceSubmit, {PageSession, RequireFormCsrf}},
      {"POST", "/orang/{id}/kode", PersonReissueCode, {PageSession, RequireFormCsrf}},
      {"GET", "/audit", AuditPage, {PageSession}},
      {"GET", "/impor", ImportPage, {PageSession}},
      {"POST", "/impor", ImportUpload, {PageSession, RequireFormCsrf}, true},
      {"POST", "/impor/simpan", ImportCommit, {PageSession, RequireFormCsrf}},
      {"GET", "/ekspor", ExportPage, {PageSession}},
      {"GET", "/ekspor/unduh", ExportDownload, {PageSession}},
      // The voting-day simulator (practice_pages.h).
      {"GET", "/static/latihan.js", PracticeScript, {}},
      {"GET", "/static/latihan.css", PracticeStyles, {}},
      {"GET", "/latihan", PracticeHome, {PageSession}},
      {"GET", "/latihan/hitung", CountingBySeed, {PageSession}},
      {"GET", "/latihan/hitung/{seed}", CountingPage, {PageSession}},
      {"POST", "/latihan/hitung/{seed}", CountingSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/latihan/skenario", ScenarioList, {PageSession}},
      {"GET", "/latihan/skenario/{id}", ScenarioPage, {PageSession}},
      {"POST", "/latihan/skenario/{id}", ScenarioSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/hasil-latihan", PracticeResults, {PageSession}},
      // Pre- and post-tests (tests_pages.h; issue 5).
      {"GET", "/static/ujian.js", TestScript, {}},
      {"GET", "/ujian/{id}", TestPage, {PageSession}},
      {"POST", "/ujian/{id}", TestFormSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/ujian/{id}/media/{item}", TestMedia, {PageSession}},
      {"GET", "/api/v1/tests", TestListApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/tests", TestCreateApi, {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
      {"POST", "/api/v1/tests/{id}/submit", TestSubmitApi, {Authenticate, RequireCsrf, RequireJsonType}},
      {"GET", "/api/v1/tests/{id}/results", TestResultsApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/tests/{id}/paper", TestPaperApi,
       {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
      // The question bank editor and the test builder (bank_pages.h; issue 5).
      {"GET", "/soal", BankPage, {PageSession}},
      {"GET", "/soal/qti.zip", BankQtiExport, {PageSession}},
      {"POST", "/soal/impor", BankImport, {PageSession, RequireFormCsrf}, true},
      {"GET", "/soal/baru", BankNewForm, {PageSession}},
      {"POST", "/soal/baru", BankNewSubmit, {PageSession, RequireFormCsrf}, true},  // multipart: an image
      {"GET", "/soal/{id}", BankItemPage, {PageSession}},
      {"GET", "/soal/{id}/gambar", BankItemImage, {PageSession}},
      {"GET", "/soal/{id}/ubah", BankEditForm, {PageSession}},
      {"POST", "/soal/{id}/ubah", BankEditSubmit, {PageSession, RequireFormCsrf}, true},
      {"GET", "/tes", TestsListPage, {PageSession}},
      {"GET", "/tes/baru", TestBuilderForm, {PageSession}},
      {"POST", "/tes/baru", TestBuilderSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/tes/{id}", TestDetailPage, {PageSession}},
      // Results beside practice, per region, batch, facilitator, person (results_pages.h).
      {"GET", "/hasil", ResultsHome, {PageSession}},
      {"GET", "/hasil/wilayah/{code}", ResultsRegionPage, {PageSession}},
      {"GET", "/hasil/kelas/{scope}/{batch}", ResultsBatchPage, {PageSession}},
      {"GET", "/hasil/orang/{id}", ResultsPersonPage, {PageSession}},
      {"GET", "/hasil/ujian/{id}/butir", ItemAnalysisPage, {PageSession}},
      {"GET", "/api/v1/results/regions/{code}", ResultsRegionApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/results/batches/{scope}/{batch}", ResultsBatchApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/results/people/{id}", ResultsPersonApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/results/tests/{id}/items", ResultsItemsApi, {NoStore, Authenticate}},
      // Planning: curriculum, venues, facilitators, planner, batches (planning_pages.h; issue 4).
      {"GET", "/kurikulum", CurriculumPage, {PageSession}},
      {"POST", "/kurikulum", CurriculumSave, {PageSession, RequireFormCsrf}},
      {"GET", "/tempat", VenuesPage, {PageSession}},
      {"POST", "/tempat/impor", VenuesImport, {PageSession, RequireFormCsrf}, true},
      {"GET", "/fasilitator", FacilitatorsPage, {PageSession}},
      {"POST", "/fasilitator/impor", FacilitatorsImport, {PageSession, RequireFormCsrf}, true},
      {"GET", "/rencana", PlannerPage, {PageSession}},
      {"POST", "/rencana", PlannerRun, {PageSession, RequireFormCsrf}},
      {"POST", "/rencana/terbitkan", PlannerPublish, {PageSession, RequireFormCsrf}},
      {"GET", "/kelas", BatchesPage, {PageSession}},
      {"GET", "/kelas/{scope}/{id}", BatchPage, {PageSession}},
      {"GET", "/kelas/{scope}/{id}/undangan.pdf", BatchInvitationsPdf, {PageSession}},
      {"GET", "/kelas/{scope}/{id}/kelas.ics", BatchIcs, {PageSession}},
      {"GET", "/kelas/{scope}/{id}/daftar-hadir.pdf", BatchAttendancePdf, {PageSession}},
      {"POST", "/api/v1/plans", PlanRunApi, {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
      {"GET", "/api/v1/plans/{scope}", PlanGetApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/plans/{scope}/batches/{id}", PlanBatchApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/plans/{scope}/publish", PlanPublishApi,
       {NoStore, Authenticate, RequireCsrf}},
      // Attendance: check-in page, sync, sheet import, reports, honoraria list (issue 4).
      {"GET", "/static/hadir.js", AttendanceScript, {}},
      {"GET", "/static/jsqr.js", JsqrScript, {}},
      {"GET", "/hadir", AttendanceReportPage, {PageSession}},
      {"GET", "/hadir/{scope}/{batch}", AttendancePage, {PageSession}},
      {"GET", "/api/v1/attendance/report", AttendanceReportApi, {NoStore, Authenticate}},
      {"GET", "/api/v1/attendance/{scope}/{batch}", AttendanceBatchApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/attendance/{scope}/{batch}/checkins", AttendanceCheckinsApi,
       {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
      {"POST", "/api/v1/attendance/{scope}/{batch}/import", AttendanceImportApi,
       {NoStore, Authenticate, RequireCsrf}, true},
      {"GET", "/api/v1/attendance/{scope}/{batch}/honoraria", AttendanceHonorariaApi,
       {Authenticate}},
  };
}

}  // namespace bimtek::http
