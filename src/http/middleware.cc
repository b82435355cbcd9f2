#include "http/middleware.h"

#include "base/strings.h"

namespace bimtek::http::middleware {

Response ParseJsonBody(Request& req, const Next& next) {
  if (auto type = req.Header("Content-Type"); type && !type->starts_with("application/json")) {
    return ErrorResponse(req.IsApi(), 415,
                         StrCat("the body must be application/json, not ", *type));
  }
  try {
    req.json = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 9: …".
    std::string_view what = e.what();
    if (auto close = what.find("] "); close != std::string_view::npos)
      what.remove_prefix(close + 2);
    return ErrorResponse(req.IsApi(), 400, StrCat("the body is not valid JSON: ", what));
  }
  return next(req);
}

Response NoStore(Request& req, const Next& next) {
  Response r = next(req);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace bimtek::http::middleware
