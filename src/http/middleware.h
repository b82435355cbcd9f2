// Middleware that routes can list: each wraps the rest of the chain (router.h).
#pragma once

#include <string_view>

#include "http/router.h"

namespace bimtek::http {

// The session cookie's name, and its value in the request's Cookie header (empty when absent).
inline constexpr std::string_view kSessionCookie = "bimtek_session";
std::string_view SessionToken(const Request& req);

}  // namespace bimtek::http

namespace bimtek::http::middleware {

// Parses the body as JSON into req.json; 400 saying where the JSON is wrong, or 415 when the
// Content-Type is given and is not application/json.
Response ParseJsonBody(Request& req, const Next& next);
// 415 unless the body is declared application/json (when a Content-Type is given): for the routes
// that read their JSON body themselves (the test submit parses it in one pass, no tree).
Response RequireJsonType(Request& req, const Next& next);
// Marks the response as not to be cached (health and metrics must be fresh).
Response NoStore(Request& req, const Next& next);
// Loads the session named by the session cookie from the account store and sets
// req.principal; 401 without a valid session (503 when the server has no account store).
Response Authenticate(Request& req, const Next& next);
// After Authenticate: on unsafe methods (all but GET, HEAD, OPTIONS) the X-CSRF-Token header
// must equal the session's CSRF token; 403 otherwise.
Response RequireCsrf(Request& req, const Next& next);

}  // namespace bimtek::http::middleware
