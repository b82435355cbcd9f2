// The frame of every server-rendered page and its error and redirect answers (handlers_pages.cc),
// for the handlers of other page files.
#pragma once

#include <string>
#include <string_view>

#include "http/config.h"
#include "http/html.h"
#include "http/message.h"
#include "http/page_text.h"
#include "service/auth.h"

namespace bimtek::http {

// The page around `main`: header with the app name, language links and (when logged in) the
// logout form; sets the `lang` cookie when the query chose a language. `who` may be null.
Response RenderPage(const Request& req, Lang lang, unsigned status, std::string_view title,
                    const Html& main, const service::Principal* who);
// A friendly error page in the request's language (403 outside the scope, 404, 400, …); 5xx
// statuses are answered as ErrorResponse does (logged, message hidden).
Response ErrorPage(const Request& req, const Status& s, const service::Principal* who);
// 303 See Other to `location`, not cached.
Response Redirect(std::string_view location);

// The login forms' CSRF (before any session): a pre-session cookie (kLoginCookie, Path=/login)
// holds 64 random hex characters, and the form's hidden `csrf` field is LoginCsrfToken of it.
std::string RandomHex32();
bool IsHex64(std::string_view s);
std::string LoginCsrfToken(const Request& req, std::string_view cookie);
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// "; Path=/; HttpOnly; SameSite=…[; Secure]" for the session cookie.
std::string CookieAttributes(const ServerConfig& c);

}  // namespace bimtek::http
