// The application's handlers: each maps a request to a response by calling one service.
// They are listed in the routing table (routes.cc); none touches a socket or SQL.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /healthz: 200 "ok" when this worker's store answers, 503 otherwise.
Response Healthz(Request& req);
// GET /metrics: the Prometheus text exposition of the whole server.
Response Metrics(Request& req);
// GET /api/v1/ping: a static 200, the baseline of the load benchmark.
Response Ping(Request& req);
// GET /api/v1/regions/{code}/summary: the registry summary of a region (keys as in
// `bimtek stats --json`); {code} is a region code or "national". 400 bad code, 404 unknown.
Response RegionSummary(Request& req);
// POST /api/v1/regions/summary:batch with {"codes":["32.71",…]} (1 to 100 codes):
// {"summaries":[…]} in the same order. 400 on a bad body or code, 404 on an unknown region.
Response RegionSummaryBatch(Request& req);

// POST /api/v1/login with {"username","password"}: sets the session cookie and answers
// {"user":{…},"csrf_token":…}. 401 wrong credentials; 429 locked (the message says until when).
Response Login(Request& req);
// POST /api/v1/login/participant with {"code","birth_date":"YYYY-MM-DD"}: as Login.
Response LoginParticipant(Request& req);
// POST /api/v1/logout (behind Authenticate): ends the session and clears the cookie.
Response Logout(Request& req);
// GET /api/v1/me (behind Authenticate): {"user":{…},"csrf_token":…}.
Response Me(Request& req);

}  // namespace bimtek::http::handlers
