// The server-rendered pages. Each handler parses its input, calls one service, and renders with
// the escaping builder (html.h); strings come from the catalog (page_text.h).
#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>

#include "base/strings.h"
#include "http/context.h"
#include "http/html.h"
#include "http/middleware.h"
#include "http/page_text.h"
#include "http/page_render.h"
#include "http/pages.h"
#include "http/practice_pages.h"
#include "service/auth.h"
#include "service/region_browse.h"

namespace bimtek::http {

namespace {

constexpr char kCss[] = R"css(/* Bimtek pages: mobile first, no JavaScript. */
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b4f9c}
a:hover{color:#073466}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;background:#7a0c0c;color:#fff}
header a{color:#fff}
header form{margin:0}
.brand{font-weight:700;text-decoration:none}
.langs a{margin-left:.5rem}
main{padding:1rem;max-width:60rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password],input[type=tel],textarea{width:100%;max-width:24rem;padding:.6rem;font-size:1rem;border:2px solid #555;border-radius:4px}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;border:2px solid #7a0c0c;border-radius:4px;background:#7a0c0c;color:#fff;cursor:pointer}
header button{margin:0;padding:.3rem .8rem;background:#fff;color:#7a0c0c;border-color:#fff}
.error{border-left:4px solid #a30000;background:#fdecec;color:#5c0000;padding:.5rem .75rem}
.ok{border-left:4px solid #1b6e2a;background:#e9f6ec;color:#0f3d17;padding:.5rem .75rem}
fieldset{border:1px solid #bbb;border-radius:4px;margin:.75rem 0;padding:.5rem .75rem}
.choice label{display:inline;font-weight:400;margin:0 1rem 0 .25rem}
select,input[type=file],input[type=date]{display:block;max-width:100%;padding:.5rem;font-size:1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
nav.crumbs ol{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap}
nav.crumbs li+li::before{content:"/";padding:0 .4rem;color:#555}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #bbb}
td.num,th.num{text-align:right}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
@media (min-width:40rem){main{padding:1.5rem 2rem}h1{font-size:1.9rem}}
)css";

// FNV-1a of the stylesheet, fixed at compile time: the ETag changes exactly when the file does.
constexpr uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string CssEtag() {
  constexpr uint64_t h = Fnv1a(std::string_view(kCss, sizeof(kCss) - 1));
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string RandomHex32() {
  std::array<unsigned char, 32> b{};
  randombytes_buf(b.data(), b.size());
  return Hex(b.data(), b.size());
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The login form's CSRF token for a pre-session cookie value: a keyed BLAKE2b under the
// vault's index key, domain-separated from NIK indexes (a NIK has no letters). A cookie that an
// attacker plants cannot be paired with a token without that key.
std::string LoginCsrfToken(const Request& req, std::string_view cookie) {
  const crypto::BlindIndex mac =
      req.worker->registry().vault.Index(StrCat("bimtek-login-csrf\n", cookie));
  return Hex(mac.data(), mac.size());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string CookieAttributes(const ServerConfig& c) {
  return StrCat("; Path=/; HttpOnly; SameSite=", c.same_site_strict ? "Strict" : "Lax",
                c.secure_cookies ? "; Secure" : "");
}

// The page around `main`: header with the app name, language links and (when logged in) the
// logout form; sets the `lang` cookie when the query chose a language.
Response RenderPage(const Request& req, Lang lang, unsigned status, std::string_view title,
                    const Html& main, const service::Principal* who) {
  Html h;
  h.Raw("<!doctype html>\n<html lang=\"")
      .Text(LangCode(lang))
      .Raw(
          "\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>")
      .Text(title)
      .Raw(" – ")
      .Text(T(lang, Msg::kAppName))
      .Raw(
          "</title><link rel=\"stylesheet\" href=\"/static/bimtek.css\"></head>\n<body>"
          "<a class=\"skip\" href=\"#main\">")
      .Text(T(lang, Msg::kSkipToContent))
      .Raw("</a><header><a class=\"brand\" href=\"/\">")
      .Text(T(lang, Msg::kAppName))
      .Raw("</a><nav class=\"langs\" aria-label=\"")
      .Text(T(lang, Msg::kLanguage))
      .Raw("\"><a href=\"")
      .Text(req.path)
      .Raw("?lang=id\" hreflang=\"id\" lang=\"id\">Bahasa Indonesia</a><a href=\"")
      .Text(req.path)
      .Raw("?lang=en\" hreflang=\"en\" lang=\"en\">English</a></nav>");
  if (who != nullptr) {
    h.Raw("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .Text(who->session.csrf_token)
        .Raw("\"><button type=\"submit\">")
        .Text(T(lang, Msg::kLogoutButton))
        .Raw("</button></form>");
  }
  h.Raw("</header>\n<main id=\"main\">");
  Response res{
      status, "text/html; charset=utf-8", h.Take() + main.str() + "</main></body></html>\n", {}};
  res.headers.emplace_back("Cache-Control", "no-store");
  if (QueryHasLang(req)) {
    res.headers.emplace_back(
        "Set-Cookie", StrCat("lang=", LangCode(lang), "; Path=/; Max-Age=31536000; SameSite=Lax"));
  }
  return res;
}

// A friendly error page in the request's language (403 outside the scope, 404, 400, …).
Response ErrorPage(const Request& req, const Status& s, const service::Principal* who) {
  const Lang lang = LangOf(req);
  const unsigned status = HttpStatusOf(s.code());
  if (status >= 500) return ErrorResponse(req, s);  // logged there, message hidden
  Msg title = Msg::kErrorTitle;
  if (status == 403) title = Msg::kForbiddenTitle;
  if (status == 404) title = Msg::kNotFoundTitle;
  if (status == 400) title = Msg::kBadRequestTitle;
  Html m;
  m.Raw("<h1>").Text(T(lang, title)).Raw("</h1>");
  if (status == 403) m.Raw("<p>").Text(T(lang, Msg::kForbiddenText)).Raw("</p>");
  m.Raw("<p><small>")
      .Text(std::string_view(s.message().data(), s.message().size()))
      .Raw("</small></p><p><a href=\"/\">")
      .Text(T(lang, Msg::kBackHome))
      .Raw("</a></p>");
  return RenderPage(req, lang, status, T(lang, title), m, who);
}

Response Redirect(std::string_view location) {
  Response r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", std::string(location));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

namespace {

// The login form, with an error line when `error` is not empty. Reuses a well-formed
// pre-session cookie, else issues a new one.
Response LoginForm(const Request& req, unsigned status, std::string_view error,
                   std::string_view username) {
  const Lang lang = LangOf(req);
  std::string cookie(CookieValue(req, kLoginCookie));
  const bool fresh = !IsHex64(cookie);
  if (fresh) cookie = RandomHex32();
  Html m;
  m.Raw("<h1>").Text(T(lang, Msg::kLoginTitle)).Raw("</h1>");
  if (!error.empty()) m.Raw("<p class=\"error\" role=\"alert\">").Text(error).Raw("</p>");
  m.Raw(
       "<form method=\"post\" action=\"/login\">"
       "<label for=\"username\">")
      .Text(T(lang, Msg::kUsername))
      .Raw(
          "</label><input type=\"text\" id=\"username\" name=\"username\" "
          "autocomplete=\"username\" autocapitalize=\"none\" required value=\"")
      .Text(username)
      .Raw("\"><label for=\"password\">")
      .Text(T(lang, Msg::kPassword))
      .Raw(
          "</label><input type=\"password\" id=\"password\" name=\"password\" "
          "autocomplete=\"current-password\" required>"
          "<input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(LoginCsrfToken(req, cookie))
      .Raw("\"><button type=\"submit\">")
      .Text(T(lang, Msg::kLoginButton))
      .Raw("</button></form><p><a href=\"/login/peserta\">")
      .Text(lang == Lang::kEn ? "KPPS participant? Sign in with your access code"
                              : "Peserta KPPS? Masuk dengan kode akses")
      .Raw("</a></p>");
  Response res = RenderPage(req, lang, status, T(lang, Msg::kLoginTitle), m, nullptr);
  if (fresh) {
    res.headers.emplace_back(
        "Set-Cookie",
        StrCat(kLoginCookie, "=", cookie, "; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict",
               req.worker->config().secure_cookies ? "; Secure" : ""));
  }
  return res;
}

service::Auth* AuthOf(const Request& req) { return req.worker->auth(); }

}  // namespace

namespace handlers {

Response Stylesheet(Request& req) {
  static const std::string etag = CssEtag();
  Response res{200, "text/css; charset=utf-8", kCss, {}};
  if (auto inm = req.Header("If-None-Match"); inm && *inm == etag) {
    res.status = 304;
    res.body.clear();
  }
  res.headers.emplace_back("Cache-Control", "public, max-age=86400");
  res.headers.emplace_back("ETag", etag);
  return res;
}

Response LoginPage(Request& req) {
  if (AuthOf(req) == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  return LoginForm(req, 200, "", "");
}

Response LoginSubmit(Request& req) {
  service::Auth* auth = AuthOf(req);
  if (auth == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  const Lang lang = LangOf(req);
  const std::string username = FormValue(req.body, "username").value_or("");
  const std::string password = FormValue(req.body, "password").value_or("");
  const std::string csrf = FormValue(req.body, "csrf").value_or("");
  const std::string_view cookie = CookieValue(req, kLoginCookie);
  if (!IsHex64(cookie) || !ConstantTimeEquals(csrf, LoginCsrfToken(req, cookie))) {
    return LoginForm(req, 403, T(lang, Msg::kLoginExpired), username);
  }
  if (username.empty() || password.empty()) {
    return LoginForm(req, 400, T(lang, Msg::kMissingFields), username);
  }
  auto r = auth->Login(username, password, req.remote_address);
  if (!r.ok()) {
    const unsigned status = HttpStatusOf(r.status().code());
    if (status == 401) return LoginForm(req, 401, T(lang, Msg::kWrongCredentials), username);
    if (status == 429) {
      const int64_t minutes = (auth->config().lockout_seconds + 59) / 60;
      return LoginForm(req, 429,
                       StrCat(T(lang, Msg::kLocked), " ", T(lang, Msg::kTryAgainWithin), " ",
                              minutes, " ", T(lang, Msg::kMinutes)),
                       username);
    }
    return ErrorPage(req, r.status(), nullptr);
  }
  const ServerConfig& c = req.worker->config();
  Response res = Redirect("/");
  res.headers.emplace_back("Set-Cookie", StrCat(kSessionCookie, "=", r->token, "; Max-Age=",
                                                c.auth.session_seconds, CookieAttributes(c)));
  res.headers.emplace_back("Set-Cookie", StrCat(kLoginCookie, "=; Path=/login; Max-Age=0"));
  return res;
}

Response LogoutSubmit(Request& req) {
  Status s = req.worker->EndSession(SessionToken(req));
  if (!s.ok()) return ErrorPage(req, s, req.principal);
  Response res = Redirect("/login");
  res.headers.emplace_back(
      "Set-Cookie", StrCat(kSessionCookie, "=; Max-Age=0", CookieAttributes(req.worker->config())));
  return res;
}

Response HomePage(Request& req) {
  const Lang lang = LangOf(req);
  const store::UserRow& u = req.principal->user;
  const Scope scope = service::ScopeOf(u);
  const Region* region =
      scope.national() ? nullptr : req.worker->registry().ref.regions.Find(scope.code);
  Html m;
  m.Raw("<h1>")
      .Text(T(lang, Msg::kHomeTitle))
      .Raw("</h1><dl><dt>")
      .Text(T(lang, Msg::kLoggedInAs))
      .Raw("</dt><dd>")
      .Text(u.display_name)
      .Raw(" (")
      .Text(u.username)
      .Raw(")</dd><dt>")
      .Text(T(lang, Msg::kRole))
      .Raw("</dt><dd>")
      .Text(RoleLabel(lang, u.role))
      .Raw("</dd>");
  if (u.role != store::UserRole::kParticipant) {
    m.Raw("<dt>").Text(T(lang, Msg::kScope)).Raw("</dt><dd>");
    if (scope.national()) {
      m.Text(T(lang, Msg::kNational));
    } else {
      m.Text(region != nullptr ? region->name : "").Raw(" (").Text(scope.ToString()).Raw(")");
    }
    m.Raw("</dd>");
  }
  m.Raw("</dl>");
  if (service::CanSee(u, scope)) {
    m.Raw("<p><a href=\"/wilayah/")
        .Text(scope.ToString())
        .Raw("\">")
        .Text(T(lang, Msg::kBrowseRegions))
        .Raw("</a></p><p><a href=\"/orang\">")
        .Text(T(lang, Msg::kFindPeople))
        .Raw("</a></p><p><a href=\"/audit\">")
        .Text(T(lang, Msg::kAuditTitle))
        .Raw("</a></p>");
  } else {
    m.Raw("<p>").Text(T(lang, Msg::kNoRegionAccess)).Raw("</p>");
  }
  // Test and practice results (results_pages.h): staff see their region's, a participant their own.
  if (u.role != store::UserRole::kParticipant) {
    m.Raw("<p><a href=\"/hasil\">")
        .Text(Tx(lang, {"Hasil tes dan latihan", "Test and practice results"}))
        .Raw("</a></p>");
  } else if (u.person_id != 0) {
    m.Raw("<p><a href=\"/hasil/orang/")
        .Text(u.person_id)
        .Raw("\">")
        .Text(Tx(lang, {"Hasil tes dan latihan saya", "My test and practice results"}))
        .Raw("</a></p>");
  }
  // Planning (planning_pages.h): planners plan, the others read their batches.
  if (u.role != store::UserRole::kParticipant) {
    m.Raw("<p><a href=\"/rencana\">")
        .Text(Tx(lang, {"Perencanaan Bimtek", "Bimtek planning"}))
        .Raw("</a> · <a href=\"/kelas\">")
        .Text(Tx(lang, {"Kelas Bimtek", "Bimtek batches"}))
        .Raw("</a> · <a href=\"/kurikulum\">")
        .Text(Tx(lang, {"Kurikulum", "Curriculum"}))
        .Raw("</a> · <a href=\"/hadir\">")
        .Text(Tx(lang, {"Presensi", "Attendance"}))
        .Raw("</a></p>");
  }
  // The question bank and tests (bank_pages.h): operators edit and build, other staff read.
  if (u.role != store::UserRole::kParticipant) {
    m.Raw("<p><a href=\"/soal\">")
        .Text(Tx(lang, {"Bank soal", "Question bank"}))
        .Raw("</a> · <a href=\"/tes\">")
        .Text(Tx(lang, {"Pra-tes dan pasca-tes", "Pre- and post-tests"}))
        .Raw("</a></p>");
  }
  AppendPracticeSummary(req, lang, m);  // practice_pages.h
  return RenderPage(req, lang, 200, T(lang, Msg::kHomeTitle), m, req.principal);
}

Response RegionPage(Request& req) {
  const Lang lang = LangOf(req);
  auto scope = ParseScope(req.Param("code"));
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto b = service::BrowseRegion(req.worker->registry(), req.principal->user, *scope);
  if (!b.ok()) return ErrorPage(req, b.status(), req.principal);

  Html m;
  m.Raw("<nav class=\"crumbs\" aria-label=\"").Text(T(lang, Msg::kBreadcrumb)).Raw("\"><ol>");
  for (size_t i = 0; i < b->breadcrumb.size(); ++i) {
    const service::RegionCrumb& c = b->breadcrumb[i];
    if (i + 1 == b->breadcrumb.size()) {
      m.Raw("<li aria-current=\"page\">").Text(c.name).Raw("</li>");
    } else {
      m.Raw("<li><a href=\"/wilayah/")
          .Text(c.scope.ToString())
          .Raw("\">")
          .Text(c.name)
          .Raw("</a></li>");
    }
  }
  m.Raw("</ol></nav><h1>")
      .Text(b->name)
      .Raw("</h1><dl><dt>")
      .Text(T(lang, Msg::kLevel))
      .Raw("</dt><dd>")
      .Text(b->national ? T(lang, Msg::kNational) : KindLabel(lang, b->kind))
      .Raw("</dd><dt>")
      .Text(T(lang, Msg::kCode))
      .Raw("</dt><dd>")
      .Text(b->scope.ToString())
      .Raw("</dd></dl><p><a href=\"/orang?region=")
      .Text(b->scope.ToString())
      .Raw("\">")
      .Text(T(lang, Msg::kPeopleInRegion))
      .Raw("</a></p>");

  const bool desa = !b->national && LevelOf(b->scope.code) == RegionLevel::kDesa;
  if (!desa) {
    m.Raw("<h2>").Text(T(lang, Msg::kChildren)).Raw("</h2>");
    if (b->children.empty()) {
      m.Raw("<p>").Text(T(lang, Msg::kNoChildren)).Raw("</p>");
    } else {
      m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
          .Text(T(lang, Msg::kCode))
          .Raw("</th><th scope=\"col\">")
          .Text(T(lang, Msg::kName))
          .Raw("</th><th scope=\"col\" class=\"num\">")
          .Text(T(lang, Msg::kTps))
          .Raw("</th><th scope=\"col\" class=\"num\">")
          .Text(T(lang, Msg::kKpps))
          .Raw("</th><th scope=\"col\" class=\"num\">")
          .Text(T(lang, Msg::kVacantKpps))
          .Raw("</th></tr></thead><tbody>");
      for (const service::ChildRegion& c : b->children) {
        m.Raw("<tr><td>")
            .Text(c.scope.ToString())
            .Raw("</td><th scope=\"row\"><a href=\"/wilayah/")
            .Text(c.scope.ToString())
            .Raw("\">")
            .Text(c.name)
            .Raw("</a> <small>")
            .Text(KindLabel(lang, c.kind))
            .Raw("</small></th><td class=\"num\">")
            .Text(c.tps)
            .Raw("</td><td class=\"num\">")
            .Text(c.kpps)
            .Raw("</td><td class=\"num\">")
            .Text(c.vacant_kpps_positions)
            .Raw("</td></tr>");
      }
      m.Raw("</tbody></table></div>");
    }
  } else {
    m.Raw("<h2>").Text(T(lang, Msg::kTpsList)).Raw("</h2>");
    if (b->tps.empty()) {
      m.Raw("<p>").Text(T(lang, Msg::kNoTps)).Raw("</p>");
    } else {
      m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
          .Text(T(lang, Msg::kCode))
          .Raw("</th><th scope=\"col\" class=\"num\">")
          .Text(T(lang, Msg::kDpt))
          .Raw("</th><th scope=\"col\">")
          .Text(T(lang, Msg::kAddress))
          .Raw("</th><th scope=\"col\" class=\"num\">")
          .Text(T(lang, Msg::kKppsFilled))
          .Raw("</th></tr></thead><tbody>");
      for (const service::TpsStaffing& t : b->tps) {
        m.Raw("<tr><th scope=\"row\">")
            .Text(FormatTpsCode(t.code))
            .Raw("</th><td class=\"num\">")
            .Text(t.dpt)
            .Raw("</td><td>")
            .Text(t.address)
            .Raw("</td><td class=\"num\">")
            .Text(t.kpps_filled)
            .Raw("/")
            .Text(b->kpps_per_tps)
            .Raw("</td></tr>");
      }
      m.Raw("</tbody></table></div>");
    }
  }
  return RenderPage(req, lang, 200, b->name, m, req.principal);
}

}  // namespace handlers

namespace middleware {

Response PageSession(Request& req, const Next& next) {
  service::Auth* auth = req.worker->auth();
  if (auth == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  auto principal = req.worker->ResumeSession(SessionToken(req));
  if (!principal.ok()) {
    if (principal.status().code() == absl::StatusCode::kUnauthenticated) return Redirect("/login");
    return ErrorResponse(req, principal.status());
  }
  req.principal = &*principal;
  Response r = next(req);
  req.principal = nullptr;
  return r;
}

Response RequireFormCsrf(Request& req, const Next& next) {
  const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (safe || req.principal == nullptr) return next(req);
  // The csrf field of an urlencoded form, or the csrf part of a multipart one (a form with a
  // file); the parts are kept in the request for the handler.
  std::string token;
  if (const auto boundary = MultipartBoundary(req.Header("Content-Type").value_or(""))) {
    auto parts = ParseMultipart(req.body, *boundary);
    if (!parts.ok()) {
      const auto why = parts.status().message();
      return ErrorPage(req,
                       absl::InvalidArgumentError(StrCat(
                           Tx(LangOf(req), {"Formulir tidak terbaca", "The form cannot be read"}),
                           ": ", std::string_view(why.data(), why.size()))),
                       req.principal);
    }
    req.form_parts = std::move(*parts);
    if (const FormPart* p = FindPart(req.form_parts, "csrf")) token = std::string(p->data);
  } else {
    token = FormValue(req.body, "csrf").value_or("");
  }
  if (!service::Auth::CsrfMatches(*req.principal, token)) {
    return ErrorPage(req, absl::PermissionDeniedError("missing or wrong csrf form field"),
                     req.principal);
  }
  return next(req);
}

}  // namespace middleware

}  // namespace bimtek::http
