// Middleware that routes can list: each wraps the rest of the chain (router.h).
#pragma once

#include "http/router.h"

namespace bimtek::http::middleware {

// Parses the body as JSON into req.json; 400 saying where the JSON is wrong, or 415 when the
// Content-Type is given and is not application/json.
Response ParseJsonBody(Request& req, const Next& next);
// Marks the response as not to be cached (health and metrics must be fresh).
Response NoStore(Request& req, const Next& next);

}  // namespace bimtek::http::middleware
