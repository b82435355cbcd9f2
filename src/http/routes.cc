#include "http/routes.h"

#include "http/handlers.h"
#include "http/middleware.h"
#include "http/pages.h"

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
      // Server-rendered pages (pages.h); they set their own Cache-Control.
      {"GET", "/static/bimtek.css", Stylesheet, {}},
      {"GET", "/login", LoginPage, {}},
      {"POST", "/login", LoginSubmit, {}},
      {"POST", "/logout", LogoutSubmit, {PageSession, RequireFormCsrf}},
      {"GET", "/", HomePage, {PageSession}},
      {"GET", "/wilayah/{code}", RegionPage, {PageSession}},
  };
}

}  // namespace bimtek::http
