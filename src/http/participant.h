// The participants' login page (handlers_participant.cc): access code and birth date.
#pragma once

#include "http/router.h"

namespace bimtek::http::handlers {

// GET /login/peserta: the form (code, birth date); sets the pre-session cookie of the login
// forms' CSRF token.
Response ParticipantLoginPage(Request& req);
// POST /login/peserta (urlencoded code, birth_date YYYY-MM-DD, csrf): on success the session
// cookie and 303 to /; else the form again with the reason: 400 missing fields, 401 wrong code
// or birth date, 403 a missing or wrong csrf, 429 locked.
Response ParticipantLoginSubmit(Request& req);

}  // namespace bimtek::http::handlers
