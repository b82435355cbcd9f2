#include "http/routes.h"

#include "http/handlers.h"
#include "http/middleware.h"

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
  };
}

}  // namespace bimtek::http
