// The voting-day simulator's pages over the real server: a correct and a wrong verdict with the
// rule cited, the tally that follows the answers, a wrong and a right C.Hasil, a stale step, CSRF
// on the posts, a whole exercise stored as a result, the results page's scope, a scenario played
// to its end, and the script and drawing. The answer key comes from the engines themselves.
#include "core/ballot/exercise.h"

#include <map>
#include <regex>

#include "base/strings.h"
#include "core/ballot/practice.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/html.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "service/auth.h"
#include "service/practice.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_results.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CookieFrom;
using ::bimtek::testing::CsrfField;
using ::bimtek::testing::FormEncode;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using service::UserRole;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr uint64_t kSeed = 7;

// The value="…" of the input named `name` in a page; "" when absent or empty.
std::string InputValue(const std::string& page, const std::string& name) {
  const std::string key = "name=\"" + name + "\"";
  const size_t at = page.find(key);
  if (at == std::string::npos) return "<absent>";
  const size_t v = page.find("value=\"", at);
  const size_t end = page.find('"', v + 7);
  return page.substr(v + 7, end - v - 7);
}

class ExerciseTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    deps_.open_results = [this] { return store::OpenSqliteResults(db_); };
    ballot::ExerciseOptions o;
    o.seed = kSeed;
    tps_ = ballot::GenerateExercise(o);
  }

  // Logs in through the form; returns "bimtek_session=…".
  std::string LogIn(const std::string& user) { return LogInWithForm(user); }

  // A form POST with the session's CSRF token (read from `csrf_page`), unless csrf is false.
  HttpResponse Post(const std::string& cookie, const std::string& target, const std::string& body,
                    bool csrf = true) {
    if (csrf_.empty()) csrf_ = CsrfField(Get(cookie, "/latihan").body());
    TestClient c(port());
    c.SetHeader("Cookie", cookie);
    return c.Send(verb::post, target, csrf ? body + "&csrf=" + csrf_ : body, true, kForm);
  }

  std::string Path() const { return "/latihan/hitung/" + std::to_string(kSeed); }

  // The right token for sample position `pos` of race `race`.
  std::string RightToken(int race, int pos) const {
    const auto& r = tps_.races[static_cast<size_t>(race)];
    const auto sample = ballot::PracticeSample(r);
    return ballot::AnswerToken(ballot::AnswerOf(r.ballots[sample[static_cast<size_t>(pos)]].verdict));
  }
  // A wrong token for that ballot: "invalid" for a valid ballot, else a valid contestant.
  std::string WrongToken(int race, int pos) const {
    const std::string right = RightToken(race, pos);
    if (right != "invalid") return "invalid";
    const auto& e = tps_.election;
    const auto* race_def = e.RaceOf(tps_.races[static_cast<size_t>(race)].type);
    if (!race_def->tickets.empty()) return "t" + std::to_string(race_def->tickets[0].number);
    if (!race_def->candidates.empty()) return "c" + std::to_string(race_def->candidates[0].number);
    return "p" + std::to_string(race_def->lists[0].party);
  }
  HttpResponse Answer(const std::string& cookie, int race, int pos, const std::string& token) {
    const std::string verdict = token == "invalid" ? "invalid" : "valid";
    return Post(cookie, Path(),
                "action=answer&race=" + std::to_string(race) + "&pos=" + std::to_string(pos) +
                    "&verdict=" + verdict + "&answer=" + token);
  }
  // The form body of `f` for race `race`.
  static std::string FormBody(int race, ballot::CHasil f) {
    std::string body = StrCat("action=form&race=", race);
    for (const ballot::FormField& x : ballot::FormFields(f)) {
      body += StrCat("&", FormEncode(StrCat("f.", x.path)), "=", *x.value);
    }
    return body;
  }
  // The form the trainee's answers give for race `race` (all answered as `tokens`).
  ballot::CHasil ExpectedForm(int race, const std::vector<std::string>& tokens) const {
    const auto& r = tps_.races[static_cast<size_t>(race)];
    const auto sample = ballot::PracticeSample(r);
    std::vector<ballot::Answer> answers;
    for (const std::string& t : tokens) answers.push_back(*ballot::ParseAnswer(r.type, t));
    ballot::CHasil f = ballot::TraineeTally(r, sample, answers);
    f.disabled_voters.reset();
    f.disabled_voted.reset();
    return f;
  }
  // Answers every ballot of `race` rightly and returns the tokens.
  std::vector<std::string> JudgeRace(const std::string& cookie, int race) {
    const auto sample = ballot::PracticeSample(tps_.races[static_cast<size_t>(race)]);
    std::vector<std::string> tokens;
    for (int pos = 0; pos < static_cast<int>(sample.size()); ++pos) {
      tokens.push_back(RightToken(race, pos));
      auto r = Answer(cookie, race, pos, tokens.back());
      EXPECT_EQ(r.result_int(), 200) << r.body();
    }
    return tokens;
  }

  ballot::TpsExercise tps_;
  std::string csrf_;
};

TEST_F(ExerciseTest, StartShowsTheFirstBallotAsSvgWithAnswerChoicesAndScript) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  auto intro = Get(s, Path());
  ASSERT_EQ(intro.result_int(), 200) << intro.body();
  EXPECT_THAT(intro.body(), HasSubstr("value=\"start\""));
  EXPECT_THAT(intro.body(), Not(HasSubstr("<svg")));
  auto r = Post(s, Path(), "action=start");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const std::string& b = r.body();
  EXPECT_THAT(b, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ballot\" role=\"img\""));
  EXPECT_THAT(b, HasSubstr("<desc id=\"ballot-desc\">"));
  EXPECT_THAT(b, HasSubstr("Tanda tangan Ketua KPPS"));
  EXPECT_THAT(b, HasSubstr("data-choice=\"t1\""));  // PPWP comes first
  EXPECT_THAT(b, HasSubstr("<option value=\"t1\">"));
  EXPECT_THAT(b, HasSubstr("name=\"pos\" value=\"0\""));
  EXPECT_THAT(b, HasSubstr("<script src=\"/static/latihan.js\" defer></script>"));
  EXPECT_THAT(b, Not(HasSubstr("<script>")));  // CSP: no inline script
  EXPECT_THAT(b, Not(HasSubstr(" style=\"")));
  auto js = Get(s, "/static/latihan.js");
  EXPECT_EQ(js.result_int(), 200);
  EXPECT_THAT(std::string(js[field::content_type]), HasSubstr("javascript"));
  EXPECT_THAT(js.body(), HasSubstr("data-choice"));
}

TEST_F(ExerciseTest, CorrectVerdictSaysSoAndCitesTheRuleThenTheNextBallotFollows) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  ASSERT_EQ(Post(s, Path(), "action=start").result_int(), 200);
  const auto& r0 = tps_.races[0];
  const auto sample = ballot::PracticeSample(r0);
  const ballot::Verdict& v = r0.ballots[sample[0]].verdict;
  auto r = Answer(s, 0, 0, RightToken(0, 0));
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_THAT(r.body(), HasSubstr("Benar."));
  EXPECT_THAT(r.body(), HasSubstr(std::string(v.rule->id)));
  EXPECT_THAT(r.body(), HasSubstr(HtmlEscape(v.rule->text_id)));
  EXPECT_THAT(r.body(), HasSubstr("name=\"pos\" value=\"1\""));
  EXPECT_THAT(r.body(), HasSubstr("skor 1/1"));
}

TEST_F(ExerciseTest, WrongVerdictShowsTheRightAnswerAndTheRuleInBothLanguages) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  ASSERT_EQ(Post(s, Path(), "action=start").result_int(), 200);
  // Find a hard ballot in the first race's sample (hard kinds come first).
  const auto& r0 = tps_.races[0];
  const auto sample = ballot::PracticeSample(r0);
  const ballot::Verdict& v = r0.ballots[sample[0]].verdict;
  auto r = Answer(s, 0, 0, WrongToken(0, 0));
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_THAT(r.body(), HasSubstr("Kurang tepat."));
  EXPECT_THAT(r.body(), HasSubstr("Yang benar: "));
  EXPECT_THAT(r.body(), HasSubstr(std::string(v.rule->id)));
  EXPECT_THAT(r.body(), HasSubstr("skor 0/1"));
  // In English the rule's English text is cited.
  auto en = Answer(s, 0, 1, WrongToken(0, 1));
  (void)en;
  const ballot::Verdict& v1 = r0.ballots[sample[1]].verdict;
  TestClient c(port());
  c.SetHeader("Cookie", s);
  auto r2 = c.Send(verb::post, Path() + "?lang=en",
                   "action=answer&race=0&pos=2&verdict=" +
                       std::string(RightToken(0, 2) == "invalid" ? "invalid" : "valid") +
                       "&answer=" + RightToken(0, 2) + "&csrf=" + csrf_,
                   true, kForm);
  ASSERT_EQ(r2.result_int(), 200) << r2.body();
  EXPECT_THAT(r2.body(), HasSubstr("Correct."));
  EXPECT_THAT(r2.body(), HasSubstr(HtmlEscape(r0.ballots[sample[2]].verdict.rule->text_en)));
  (void)v1;
}

TEST_F(ExerciseTest, AStaleOrMalformedAnswerIs400WithTheCurrentBallotAndCountsNothing) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  ASSERT_EQ(Post(s, Path(), "action=start").result_int(), 200);
  ASSERT_EQ(Answer(s, 0, 0, RightToken(0, 0)).result_int(), 200);
  auto again = Answer(s, 0, 0, RightToken(0, 0));  // the browser's back button
  EXPECT_EQ(again.result_int(), 400);
  EXPECT_THAT(again.body(), HasSubstr("sudah dijawab"));
  EXPECT_THAT(again.body(), HasSubstr("name=\"pos\" value=\"1\""));
  auto bad = Answer(s, 0, 1, "p3c2");  // a party on the presidential ballot
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("tidak ada pada surat suara ini"));
  auto nobody = Answer(s, 0, 1, "t99");  // no such ticket
  EXPECT_EQ(nobody.result_int(), 400);
  EXPECT_THAT(nobody.body(), HasSubstr("skor 1/1"));
}

TEST_F(ExerciseTest, PostsWithoutTheCsrfFieldAre403AndChangeNothing) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  EXPECT_EQ(Post(s, Path(), "action=start", false).result_int(), 403);
  EXPECT_THAT(Get(s, Path()).body(), HasSubstr("value=\"start\""));  // still not started
  EXPECT_EQ(Post(s, "/latihan/skenario/banjir", "action=choose&step=s1&choice=a", false)
                .result_int(),
            403);
  TestClient anon(port());
  EXPECT_EQ(anon.Get(Path()).result_int(), 303);  // no session: to /login
}

TEST_F(ExerciseTest, TheTallyFollowsTheAnswersAndAWrongCHasilIsExplained) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "PPS A");
  StartServer();
  const std::string s = LogIn("pps.a");
  ASSERT_EQ(Post(s, Path(), "action=start").result_int(), 200);
  const auto sample = ballot::PracticeSample(tps_.races[0]);
  // Answer every ballot of the presidential race as invalid: the tally must follow.
  std::vector<std::string> tokens;
  HttpResponse last;
  for (int pos = 0; pos < static_cast<int>(sample.size()); ++pos) {
    tokens.push_back("invalid");
    last = Answer(s, 0, pos, "invalid");
    ASSERT_EQ(last.result_int(), 200) << last.body();
  }
  EXPECT_THAT(last.body(), HasSubstr("Isi formulir C.Hasil"));
  const ballot::CHasil want = ExpectedForm(0, tokens);
  for (const auto& t : want.tickets) {
    EXPECT_EQ(InputValue(last.body(), "f.tickets." + std::to_string(t.number)),
              std::to_string(t.votes));
  }
  EXPECT_EQ(InputValue(last.body(), "f.valid_votes"), "");  // the trainee computes it
  EXPECT_EQ(InputValue(last.body(), "f.voters.dpt.male"),
            std::to_string(want.voters.dpt.male));

  // A missing field: 400, named, nothing counted.
  auto missing = Post(s, Path(), "action=form&race=0&f.voters.dpt.male=1");
  EXPECT_EQ(missing.result_int(), 400);
  EXPECT_THAT(missing.body(), HasSubstr("Jumlah suara sah"));

  // Valid votes one too many: the checker's violations, in words.
  ballot::CHasil wrong = want;
  wrong.valid_votes += 1;
  auto w = Post(s, Path(), FormBody(0, wrong));
  ASSERT_EQ(w.result_int(), 200) << w.body();
  EXPECT_THAT(w.body(), HasSubstr("C.Hasil ini belum benar."));
  EXPECT_THAT(w.body(), HasSubstr("chasil.2.used_vs_votes"));
  EXPECT_THAT(w.body(), HasSubstr("chasil.4.valid_sum"));
  EXPECT_THAT(w.body(), HasSubstr("tidak sama dengan"));
  EXPECT_THAT(w.body(), HasSubstr("value=\"skip\""));
  EXPECT_EQ(InputValue(w.body(), "f.valid_votes"), std::to_string(wrong.valid_votes));

  // A consistent form that does not match the tally (votes moved between tickets).
  ballot::CHasil moved = want;
  moved.tickets[0].votes += 1;
  moved.tickets[1].votes -= 1;
  auto m = Post(s, Path(), FormBody(0, moved));
  EXPECT_THAT(m.body(), HasSubstr("chasil.tally"));

  // The right form moves on to the DPR ballot.
  auto ok = Post(s, Path(), FormBody(0, want));
  ASSERT_EQ(ok.result_int(), 200) << ok.body();
  EXPECT_THAT(ok.body(), HasSubstr("C.Hasil benar."));
  EXPECT_THAT(ok.body(), HasSubstr("Surat suara DPR (2 dari"));
  EXPECT_THAT(ok.body(), HasSubstr("name=\"race\" value=\"1\""));
}

TEST_F(ExerciseTest, AWholeExerciseIsStoredAndShownToTheUserAndToStaffInScopeOnly) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "Trainee A");
  AddUser("op.bogor", UserRole::kKabKota, 3271, "Operator Bogor");
  AddUser("op.bandung", UserRole::kKabKota, 3273, "Operator Bandung");
  StartServer();
  const std::string s = LogIn("pps.a");
  ASSERT_EQ(Post(s, Path(), "action=start").result_int(), 200);
  HttpResponse last;
  int ballots = 0;
  for (int race = 0; race < static_cast<int>(tps_.races.size()); ++race) {
    const auto tokens = JudgeRace(s, race);
    ballots += static_cast<int>(tokens.size());
    if (race == 1) {
      ballot::CHasil wrong = ExpectedForm(race, tokens);
      wrong.invalid_votes += 2;  // first try wrong: that form scores nothing
      ASSERT_EQ(Post(s, Path(), FormBody(race, wrong)).result_int(), 200);
    }
    last = Post(s, Path(), FormBody(race, ExpectedForm(race, tokens)));
    ASSERT_EQ(last.result_int(), 200) << last.body();
  }
  const int races = static_cast<int>(tps_.races.size());
  EXPECT_THAT(last.body(), HasSubstr("Latihan selesai."));
  EXPECT_THAT(last.body(), HasSubstr("Skor: " + std::to_string(ballots + races - 1) + "/" +
                                     std::to_string(ballots + races)));
  EXPECT_THAT(last.body(), HasSubstr("chasil.2.used_vs_votes"));  // accuracy per rule
  EXPECT_THAT(Get(s, Path()).body(), HasSubstr("value=\"start\""));  // the run is gone

  auto home = Get(s, "/");
  EXPECT_THAT(home.body(), HasSubstr("Hasil latihan saya"));
  EXPECT_THAT(home.body(), HasSubstr("Penghitungan 7: " + std::to_string(ballots + races - 1)));

  const std::string op = LogIn("op.bogor");
  auto rep = Get(op, "/hasil-latihan");
  ASSERT_EQ(rep.result_int(), 200) << rep.body();
  EXPECT_THAT(rep.body(), HasSubstr("Trainee A"));
  EXPECT_THAT(rep.body(), HasSubstr("/hasil-latihan?wilayah=32.71.01"));  // the kecamatan
  EXPECT_THAT(rep.body(), HasSubstr("party.")); // ballot rules of the DPR race
  auto desa = Get(op, "/hasil-latihan?wilayah=32.71.01.1001");
  EXPECT_EQ(desa.result_int(), 200);
  EXPECT_THAT(desa.body(), HasSubstr("Trainee A"));

  const std::string other = LogIn("op.bandung");
  EXPECT_EQ(Get(other, "/hasil-latihan?wilayah=32.71").result_int(), 403);
  auto own = Get(other, "/hasil-latihan");
  EXPECT_EQ(own.result_int(), 200);
  EXPECT_THAT(own.body(), Not(HasSubstr("Trainee A")));
  EXPECT_THAT(own.body(), HasSubstr("Belum ada hasil latihan"));
  EXPECT_EQ(Get(s, "/hasil-latihan?wilayah=32").result_int(), 403);  // above the PPS's scope
  EXPECT_EQ(Get(op, "/hasil-latihan?wilayah=32.7x").result_int(), 400);
}

TEST_F(ExerciseTest, AScenarioIsPlayedToItsEndWithConsequencesRulesAndScore) {
  AddUser("pps.a", UserRole::kPps, 3271011001, "Trainee A");
  StartServer();
  const std::string s = LogIn("pps.a");
  auto list = Get(s, "/latihan/skenario");
  ASSERT_EQ(list.result_int(), 200);
  auto all = service::DefaultScenarios();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_GE((*all)->size(), 12u);
  const ballot::Scenario& sc = (*all)->front();
  EXPECT_THAT(list.body(), HasSubstr("/latihan/skenario/" + sc.id));
  const std::string path = "/latihan/skenario/" + sc.id;
  auto page = Get(s, path);
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_THAT(page.body(), HasSubstr(HtmlEscape(sc.Step(sc.start)->situation)));
  // Always the best choice: the score is the maximum.
  const ballot::ScenarioStep* step = sc.Step(sc.start);
  std::string first_step = step->id;
  HttpResponse r;
  while (step != nullptr) {
    const ballot::ScenarioChoice* best = &step->choices[0];
    for (const auto& c : step->choices) {
      if (c.score > best->score) best = &c;
    }
    r = Post(s, path, "action=choose&step=" + step->id + "&choice=" + best->id);
    ASSERT_EQ(r.result_int(), 200) << r.body();
    EXPECT_THAT(r.body(), HasSubstr(HtmlEscape(best->consequence)));
    EXPECT_THAT(r.body(), HasSubstr(HtmlEscape(best->rule)));
    step = best->next.empty() ? nullptr : sc.Step(best->next);
  }
  const int max = ballot::MaxScore(sc);
  EXPECT_THAT(r.body(), HasSubstr("Skenario selesai. Skor akhir: " + std::to_string(max) + "/" +
                                  std::to_string(max)));
  EXPECT_THAT(Get(s, "/latihan").body(), HasSubstr("Skenario " + sc.id));
  // A stale step after the end starts a new play: step s1 is current again, so answering a
  // later step is refused.
  auto stale = Post(s, path, "action=choose&step=nope&choice=a");
  EXPECT_EQ(stale.result_int(), 400);
  EXPECT_EQ(Get(s, "/latihan/skenario/no-such").result_int(), 404);
  (void)first_step;
}

}  // namespace
}  // namespace bimtek::http
