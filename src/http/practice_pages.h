// The voting-day simulator's pages for any signed-in user (issue 6): the counting exercise from a
// seed (each ballot drawn as SVG, a verdict per ballot with the rule cited, the tally, each
// race's C.Hasil checked), the emergency scenarios, and the results (own results on the home
// page; /hasil-latihan for staff, scope checked). Server-rendered and complete without
// JavaScript; /static/latihan.js only lets a tap on the drawing pick the answer. docs/http.md.
#pragma once

#include "http/html.h"
#include "http/page_text.h"
#include "http/router.h"

namespace bimtek::http::handlers {

// GET /latihan: start a counting exercise (a seed), runs in progress, own results, scenarios.
Response PracticeHome(Request& req);
// GET /latihan/hitung?seed=N: 303 to /latihan/hitung/N (the seed form's target); 400 bad seed.
Response CountingBySeed(Request& req);
// GET /latihan/hitung/{seed}: the exercise as it stands (intro, a ballot, or a C.Hasil form).
Response CountingPage(Request& req);
// POST /latihan/hitung/{seed} (PageSession, RequireFormCsrf), field `action`:
//   start                        start or restart the exercise;
//   answer  race, pos, verdict=invalid|valid, answer=TOKEN   judge the ballot due;
//   form    race, f.<path>...    submit the race's C.Hasil;   skip  race: go on without it.
// 400 with the current page and a notice on a stale step or a bad answer.
Response CountingSubmit(Request& req);
// GET /latihan/skenario: the emergency scenarios with the user's best score.
Response ScenarioList(Request& req);
// GET /latihan/skenario/{id}: the play as it stands; 404 unknown scenario.
Response ScenarioPage(Request& req);
// POST /latihan/skenario/{id}, field `action`: choose (step, choice) or restart.
Response ScenarioSubmit(Request& req);
// GET /hasil-latihan?wilayah=CODE (default: the user's scope): results per region below, per
// person and per rule. 403 for participants and outside the scope.
Response PracticeResults(Request& req);
// GET /static/latihan.js and /static/latihan.css: the pages' script and styles (cacheable).
Response PracticeScript(Request& req);
Response PracticeStyles(Request& req);

}  // namespace bimtek::http::handlers

namespace bimtek::http {

// The home page's part about practice: links to /latihan (and /hasil-latihan for staff) and,
// for the user, their latest results. Appends to `m`; says nothing when the store is missing.
void AppendPracticeSummary(Request& req, Lang lang, Html& m);

}  // namespace bimtek::http
