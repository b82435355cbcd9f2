#include "http/routes.h"

#include "http/handlers.h"
#include "http/middleware.h"
#include "http/pages.h"
#include "http/people.h"
#include "http/practice_pages.h"
#include "http/tests_pages.h"
#include "http/participant.h"
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
      {"POST", "/impor", ImportUpload, {PageSession}, true},  // CSRF inside the multipart body
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
      {"POST", "/api/v1/tests/{id}/submit", TestSubmitApi, {Authenticate, RequireCsrf, ParseJsonBody}},
      {"GET", "/api/v1/tests/{id}/results", TestResultsApi, {NoStore, Authenticate}},
      {"POST", "/api/v1/tests/{id}/paper", TestPaperApi,
       {NoStore, Authenticate, RequireCsrf, ParseJsonBody}},
  };
}

}  // namespace bimtek::http
