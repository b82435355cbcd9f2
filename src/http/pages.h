// The server-rendered pages (no JavaScript): login and logout forms, the home page and the
// region browser, their stylesheet, and the middleware they run behind. Pages speak Bahasa
// Indonesia unless ?lang=en or the `lang` cookie asks for English (page_text.h).
#pragma once

#include <string_view>

#include "http/router.h"

namespace bimtek::http {

// The pre-session cookie of the login form; the form's `csrf` field must be derived from it
// (docs/http.md, "Pages").
inline constexpr std::string_view kLoginCookie = "bimtek_login";

}  // namespace bimtek::http

namespace bimtek::http::handlers {

// GET /static/bimtek.css: the pages' one stylesheet, cacheable (ETag, max-age); 304 on a match.
Response Stylesheet(Request& req);
// GET /login: the login form; sets the pre-session cookie the form's CSRF token derives from.
Response LoginPage(Request& req);
// POST /login (urlencoded username, password, csrf): on success the session cookie and 303 to
// /; else the form again with the reason: 400 missing fields, 401 wrong credentials, 403 a
// missing or wrong csrf, 429 locked.
Response LoginSubmit(Request& req);
// POST /logout (behind PageSession, RequireFormCsrf): ends the session, 303 to /login.
Response LogoutSubmit(Request& req);
// GET / (behind PageSession): who is logged in, role, scope, and a link to the region browser.
Response HomePage(Request& req);
// GET /wilayah/{code} (behind PageSession): a region (or "national"), its breadcrumb, children
// with counts, and for a desa its TPS. 403 page outside the user's scope, 404 unknown, 400 bad.
Response RegionPage(Request& req);

}  // namespace bimtek::http::handlers

namespace bimtek::http::middleware {

// As Authenticate, but for pages: without a valid session the answer is 303 to /login.
Response PageSession(Request& req, const Next& next);
// After PageSession: on unsafe methods the urlencoded body's `csrf` field must equal the
// session's CSRF token; else a 403 page.
Response RequireFormCsrf(Request& req, const Next& next);

}  // namespace bimtek::http::middleware
