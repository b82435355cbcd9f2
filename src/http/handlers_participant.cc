// The participants' login page: a KPPS member signs in on their phone with the access code from
// their invitation and their birth date (no password to remember). The same pre-session CSRF
// cookie as the staff form (its Path /login covers /login/peserta), the same rate limits
// (service/auth.h: per code and per address).
#include "base/strings.h"
#include "http/context.h"
#include "http/html.h"
#include "http/middleware.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "http/pages.h"
#include "http/participant.h"

namespace bimtek::http {

namespace {

constexpr Txt kTitle{"Masuk peserta", "Participant sign-in"};
constexpr Txt kIntro{"Masukkan kode akses dari undangan Anda dan tanggal lahir Anda.",
                     "Enter the access code from your invitation and your birth date."};
constexpr Txt kCode{"Kode akses", "Access code"};
constexpr Txt kBirth{"Tanggal lahir", "Birth date"};
constexpr Txt kButton{"Masuk", "Sign in"};
constexpr Txt kWrong{"Kode akses atau tanggal lahir salah.", "Wrong access code or birth date."};
constexpr Txt kLocked{"Terlalu banyak percobaan. Coba lagi dalam",
                      "Too many attempts. Try again within"};
constexpr Txt kMinutes{"menit.", "minutes."};
constexpr Txt kExpired{"Formulir kedaluwarsa; silakan coba lagi.",
                       "The form expired; please try again."};
constexpr Txt kMissing{"Isi kode akses dan tanggal lahir.",
                       "Fill in the access code and the birth date."};
constexpr Txt kStaff{"Petugas KPU? Masuk dengan nama pengguna", "KPU staff? Sign in with a username"};


Response Form(const Request& req, unsigned status, std::string_view error, std::string_view code) {
  const Lang lang = LangOf(req);
  std::string cookie(CookieValue(req, kLoginCookie));
  const bool fresh = !IsHex64(cookie);
  if (fresh) cookie = RandomHex32();
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kTitle)).Raw("</h1><p>").Text(Tx(lang, kIntro)).Raw("</p>");
  if (!error.empty()) m.Raw("<p class=\"error\" role=\"alert\">").Text(error).Raw("</p>");
  m.Raw("<form method=\"post\" action=\"/login/peserta\"><label for=\"code\">")
      .Text(Tx(lang, kCode))
      .Raw(
          "</label><input type=\"text\" id=\"code\" name=\"code\" autocomplete=\"off\" "
          "autocapitalize=\"characters\" spellcheck=\"false\" required value=\"")
      .Text(code)
      .Raw("\"><label for=\"birth_date\">")
      .Text(Tx(lang, kBirth))
      .Raw(
          "</label><input type=\"date\" id=\"birth_date\" name=\"birth_date\" "
          "autocomplete=\"bday\" required><input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(LoginCsrfToken(req, cookie))
      .Raw("\"><button type=\"submit\">")
      .Text(Tx(lang, kButton))
      .Raw("</button></form><p><a href=\"/login\">")
      .Text(Tx(lang, kStaff))
      .Raw("</a></p>");
  Response res = RenderPage(req, lang, status, Tx(lang, kTitle), m, nullptr);
  if (fresh) {
    res.headers.emplace_back(
        "Set-Cookie",
        StrCat(kLoginCookie, "=", cookie, "; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict",
               req.worker->config().secure_cookies ? "; Secure" : ""));
  }
  return res;
}

}  // namespace

namespace handlers {

Response ParticipantLoginPage(Request& req) {
  if (req.worker->auth() == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  // The QR code of an invitation opens /login/peserta?kode=CODE: the code is filled in.
  return Form(req, 200, "", FormValue(req.query, "kode").value_or(""));
}

Response ParticipantLoginSubmit(Request& req) {
  service::Auth* auth = req.worker->auth();
  if (auth == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  const Lang lang = LangOf(req);
  const std::string code = FormValue(req.body, "code").value_or("");
  const std::string birth = FormValue(req.body, "birth_date").value_or("");
  const std::string csrf = FormValue(req.body, "csrf").value_or("");
  const std::string_view cookie = CookieValue(req, kLoginCookie);
  if (!IsHex64(cookie) || !ConstantTimeEquals(csrf, LoginCsrfToken(req, cookie))) {
    return Form(req, 403, Tx(lang, kExpired), code);
  }
  if (code.empty() || birth.empty()) return Form(req, 400, Tx(lang, kMissing), code);
  auto r = auth->LoginParticipant(code, birth, req.remote_address);
  if (!r.ok()) {
    const unsigned status = HttpStatusOf(r.status().code());
    if (status == 401 || status == 400) return Form(req, status, Tx(lang, kWrong), code);
    if (status == 429) {
      const int64_t minutes = (auth->config().lockout_seconds + 59) / 60;
      return Form(req, 429, StrCat(Tx(lang, kLocked), " ", minutes, " ", Tx(lang, kMinutes)),
                  code);
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

}  // namespace handlers

}  // namespace bimtek::http
