#include "http/middleware.h"

#include <optional>

#include "base/strings.h"
#include "http/context.h"
#include "service/auth.h"

namespace bimtek::http {

std::string_view SessionToken(const Request& req) {
  auto cookies = req.Header("Cookie");
  if (!cookies) return {};
  for (std::string_view part : Split(*cookies, ';')) {
    part = Trim(part);
    if (part.size() > kSessionCookie.size() && part.starts_with(kSessionCookie) &&
        part[kSessionCookie.size()] == '=') {
      return part.substr(kSessionCookie.size() + 1);
    }
  }
  return {};
}

}  // namespace bimtek::http

namespace bimtek::http::middleware {

namespace {

std::optional<Response> WrongType(const Request& req) {
  if (auto type = req.Header("Content-Type"); type && !type->starts_with("application/json")) {
    return ErrorResponse(req.IsApi(), 415,
                         StrCat("the body must be application/json, not ", *type));
  }
  return std::nullopt;
}

}  // namespace

Response RequireJsonType(Request& req, const Next& next) {
  if (auto r = WrongType(req)) return std::move(*r);
  return next(req);
}

Response ParseJsonBody(Request& req, const Next& next) {
  if (auto r = WrongType(req)) return std::move(*r);
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

Response Authenticate(Request& req, const Next& next) {
  service::Auth* auth = req.worker->auth();
  if (auth == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  auto principal = req.worker->ResumeSession(SessionToken(req));
  if (!principal.ok()) return ErrorResponse(req, principal.status());
  req.principal = &*principal;
  Response r = next(req);
  req.principal = nullptr;
  return r;
}

Response RequireCsrf(Request& req, const Next& next) {
  const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (!safe && req.principal != nullptr &&
      !service::Auth::CsrfMatches(*req.principal, req.Header("X-CSRF-Token").value_or(""))) {
    return ErrorResponse(req, absl::PermissionDeniedError(
                                  "missing or wrong X-CSRF-Token header (see GET /api/v1/me)"));
  }
  return next(req);
}

Response NoStore(Request& req, const Next& next) {
  Response r = next(req);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace bimtek::http::middleware
