// Operations routes: health, metrics, and the static baseline route.
#include "http/context.h"
#include "http/handlers.h"

namespace bimtek::http::handlers {

Response Healthz(Request& req) {
  // One cheap read through this worker's own connection proves the store is open and readable.
  auto meta = req.worker->store().GetMeta("key_check");
  if (!meta.ok()) return ErrorResponse(req, absl::UnavailableError(meta.status().message()));
  return Response::Text(200, "ok\n");
}

Response Metrics(Request& req) {
  Response r = Response::Text(200, req.worker->render_metrics());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

Response Ping(Request&) { return Response::RawJson(200, R"({"ok":true})"); }

}  // namespace bimtek::http::handlers
