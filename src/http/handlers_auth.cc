// Login routes: staff and participant login, logout, and the current user. The session token
// travels only in an HttpOnly cookie; the CSRF token in the body and the X-CSRF-Token header.
#include "base/strings.h"
#include "http/context.h"
#include "http/handlers.h"
#include "http/middleware.h"

namespace bimtek::http::handlers {

namespace {

nlohmann::ordered_json UserJson(const store::UserRow& u) {
  nlohmann::ordered_json j;
  j["id"] = u.id;
  j["username"] = u.username;
  j["display_name"] = u.display_name;
  j["role"] = service::RoleName(u.role);
  j["scope"] = service::ScopeOf(u).ToString();
  return j;
}

std::string CookieAttributes(const ServerConfig& c) {
  return StrCat("; Path=/; HttpOnly; SameSite=", c.same_site_strict ? "Strict" : "Lax",
                c.secure_cookies ? "; Secure" : "");
}

// The string field `name` of the JSON body; InvalidArgument when missing or not a string.
StatusOr<std::string> Field(const Request& req, const char* name) {
  if (!req.json.is_object() || !req.json.contains(name) || !req.json[name].is_string()) {
    return absl::InvalidArgumentError(StrCat("the body must have a string \"", name, "\""));
  }
  return req.json[name].get<std::string>();
}

Response LoggedIn(const Request& req, const StatusOr<service::LoginResult>& r) {
  if (!r.ok()) return ErrorResponse(req, r.status());
  const ServerConfig& c = req.worker->config();
  nlohmann::ordered_json j;
  j["user"] = UserJson(r->user);
  j["csrf_token"] = r->csrf_token;
  Response res = Response::Json(200, j);
  res.headers.emplace_back("Set-Cookie", StrCat(kSessionCookie, "=", r->token, "; Max-Age=",
                                                c.auth.session_seconds, CookieAttributes(c)));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

service::Auth* AuthOf(const Request& req) { return req.worker->auth(); }

Response NoAccounts(const Request& req) {
  return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
}

}  // namespace

Response Login(Request& req) {
  service::Auth* auth = AuthOf(req);
  if (auth == nullptr) return NoAccounts(req);
  auto username = Field(req, "username");
  if (!username.ok()) return ErrorResponse(req, username.status());
  auto password = Field(req, "password");
  if (!password.ok()) return ErrorResponse(req, password.status());
  return LoggedIn(req, auth->Login(*username, *password, req.remote_address));
}

Response LoginParticipant(Request& req) {
  service::Auth* auth = AuthOf(req);
  if (auth == nullptr) return NoAccounts(req);
  auto code = Field(req, "code");
  if (!code.ok()) return ErrorResponse(req, code.status());
  auto birth = Field(req, "birth_date");
  if (!birth.ok()) return ErrorResponse(req, birth.status());
  return LoggedIn(req, auth->LoginParticipant(*code, *birth, req.remote_address));
}

Response Logout(Request& req) {
  Status s = req.worker->EndSession(SessionToken(req));
  if (!s.ok()) return ErrorResponse(req, s);
  Response res = Response::Json(200, nlohmann::ordered_json{{"ok", true}});
  res.headers.emplace_back(
      "Set-Cookie", StrCat(kSessionCookie, "=; Max-Age=0", CookieAttributes(req.worker->config())));
  return res;
}

Response Me(Request& req) {
  nlohmann::ordered_json j;
  j["user"] = UserJson(req.principal->user);
  j["csrf_token"] = req.principal->session.csrf_token;
  Response res = Response::Json(200, j);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace bimtek::http::handlers
