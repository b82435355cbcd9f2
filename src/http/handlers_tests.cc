#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <tuple>

#include "base/strings.h"
#include "http/context.h"
#include "http/gzip_splice.h"
#include "http/html.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "http/tests_pages.h"
#include "service/auth.h"
#include "service/tests.h"

namespace bimtek::http::handlers {

namespace {

using questions::ItemType;
using questions::Question;

const char* Tr(Lang lang, const char* id, const char* en) { return lang == Lang::kEn ? en : id; }

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The test page's script: answers kept in localStorage as given; the submit sends them all with
// the attempt key, once, and again when the network is back; a reload keeps the first key (the
// server counts time from that fetch) and the answers. The page works without it (form post).
constexpr char kScript[] = R"js(// Bimtek test page: answers stay on the phone until the server has them.
(function () {
  'use strict';
  var form = document.getElementById('ujian');
  if (!form || !window.fetch || !window.JSON) return;
  var test = form.getAttribute('data-test');
  var api = form.getAttribute('data-api');
  var status = document.getElementById('status');
  var button = form.querySelector('button[type=submit]');
  var keyInput = form.querySelector('input[name=key]');
  var csrf = form.querySelector('input[name=csrf]').value;
  var slot = 'bimtek.ujian.' + test;
  var msg = {
    saved: form.getAttribute('data-msg-saved'),
    sending: form.getAttribute('data-msg-sending'),
    offline: form.getAttribute('data-msg-offline'),
    failed: form.getAttribute('data-msg-failed')
  };
  function load() {
    try { return JSON.parse(localStorage.getItem(slot)) || {}; } catch (e) { return {}; }
  }
  function save(s) {
    try { localStorage.setItem(slot, JSON.stringify(s)); } catch (e) { /* full or private */ }
  }
  var state = load();
  if (state.key) { keyInput.value = state.key; } else { state.key = keyInput.value; }
  state.answers = state.answers || {};
  function collect() {
    var a = {};
    var inputs = form.querySelectorAll('[name^="q."]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i], item = el.name.substring(2);
      if (!a[item]) a[item] = [];
      if ((el.type === 'radio' || el.type === 'checkbox') ? el.checked : el.value !== '') {
        a[item].push(el.value);
      }
    }
    return a;
  }
  function restore() {
    var inputs = form.querySelectorAll('[name^="q."]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i], given = state.answers[el.name.substring(2)];
      if (!given) continue;
      if (el.type === 'radio' || el.type === 'checkbox') {
        el.checked = given.indexOf(el.value) >= 0;
      } else {
        for (var k = 0; k < given.length; k++) {
          for (var o = 0; o < el.options.length; o++) {
            if (el.options[o].value === given[k]) el.value = given[k];
          }
        }
      }
    }
  }
  function say(text) { status.textContent = text; }
  restore();
  save(state);
  form.addEventListener('change', function () {
    state.answers = collect();
    save(state);
    say(msg.saved);
  });
  var sending = false;
  function send() {
    if (sending || !state.pending) return;
    if (navigator.onLine === false) { say(msg.offline); return; }
    sending = true;
    button.disabled = true;
    say(msg.sending);
    fetch(api, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify({key: state.key, answers: state.answers})
    }).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, status: r.status, body: body}; });
    }).then(function (r) {
      sending = false;
      if (r.ok) {
        state.pending = false;
        state.done = r.body.attempt;
        save(state);
        localStorage.removeItem(slot);
        window.location.replace(window.location.pathname);
        return;
      }
      button.disabled = false;
      if (r.status >= 500) { say(msg.offline); setTimeout(send, 5000); return; }
      state.pending = false;
      save(state);
      say(msg.failed + ' ' + ((r.body.error && r.body.error.message) || r.status));
    }).catch(function () {
      sending = false;
      button.disabled = false;
      say(msg.offline);
      setTimeout(send, 5000);
    });
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    state.answers = collect();
    state.pending = true;
    save(state);
    send();
  });
  window.addEventListener('online', send);
  if (state.pending) send();
})();
)js";

// gzip when the client accepts it (every phone browser does); the test page must fit 60 KB
// compressed. Level 6: a 30 KB page costs well under a millisecond.
void MaybeGzip(const Request& req, Response& res) {
  auto ae = req.Header("Accept-Encoding");
  res.headers.emplace_back("Vary", "Accept-Encoding");
  if (!ae || ae->find("gzip") == std::string_view::npos || res.body.size() < 512) return;
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
  std::string out(deflateBound(&z, static_cast<uLong>(res.body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(res.body.data());
  z.avail_in = static_cast<uInt>(res.body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const size_t n = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return;
  out.resize(n);
  res.body = std::move(out);
  res.headers.emplace_back("Content-Encoding", "gzip");
}

StatusOr<int64_t> TestId(const Request& req) {
  const std::string_view s = req.Param("id");
  if (s.empty() || s.size() > 18 || !IsAllDigits(s)) {
    return absl::InvalidArgumentError(StrCat("'", s, "' is not a test number"));
  }
  return std::stoll(std::string(s));
}

StatusOr<service::Tests*> TestsOf(Request& req) { return req.worker->tests(); }

void Choice(Html& m, std::string_view type, const std::string& item, const questions::Choice& c) {
  m.Raw("<label class=\"pilihan\"><input type=\"");
  m.Text(type).Raw("\" name=\"q.").Text(item).Raw("\" value=\"").Text(c.id).Raw("\"> ");
  m.Text(c.text).Raw("</label>");
}

void Stem(Html& m, const Question& q, int64_t test_id) {
  for (std::string_view para : Split(q.stem, '\n')) m.Raw("<p>").Text(para).Raw("</p>");
  if (q.media) {
    m.Raw("<img loading=\"lazy\" decoding=\"async\" src=\"/ujian/")
        .Text(test_id)
        .Raw("/media/")
        .Text(q.id)
        .Raw("\" alt=\"")
        .Text(q.media->alt)
        .Raw("\">");
  }
}

// The test page is cut where a participant's own bytes go (CSRF token, attempt key, the order of
// items and options, the question numbers); the rest is built and deflated once per (test, form,
// language, path) and worker thread, and each fetch splices its pieces (gzip_splice.h). Every
// participant still gets their own order: only the pieces are shared.
constexpr std::string_view kCsrfHole = "BIMTEKHOLECSRF";
constexpr std::string_view kKeyHole = "BIMTEKHOLEKEY";
constexpr std::string_view kItemsHole = "BIMTEKHOLEITEMS";

struct CachedPage {
  enum Hole { kCsrf, kKey, kItems };
  std::vector<GzPiece> frame;  // frame[0] holes[0] frame[1] ... holes[n-1] frame[n]
  std::vector<Hole> holes;
  std::string legend;  // `<li class="soal"><fieldset><legend>Soal ` (the number follows)
  struct Item {
    std::string stem;                  // "</legend>", stem, image, hint
    std::vector<std::string> options;  // by option index; matching: [left * rights + right]
    std::vector<std::string> left;     // matching: the opening of each left entry's select
    size_t rights = 0;
    // The whole item (stem to "</fieldset></li>") per order of its options, all deflated when
    // the page is built (items of up to kPrebuiltOrders orders: 5 options have 120): a piece per
    // item compresses far better than a piece per option.
    std::map<std::vector<int>, GzPiece> variants;
    // Empty for items with more orders than kPrebuiltOrders (matching items of 6 or 7 answers:
    // 720 or 5,040 orders): their order is deflated per fetch.
  };
  std::vector<Item> items;  // by form position; only this worker thread touches them
};

// The text of item `it` (of type `type`) with its options in order `opt`.
std::string ItemText(const CachedPage::Item& it, ItemType type, const std::vector<int>& opt) {
  std::string text = it.stem;
  if (type == ItemType::kMatching) {
    for (size_t l = 0; l < it.left.size(); ++l) {
      text += it.left[l];
      for (int r : opt) text += it.options[l * it.rights + static_cast<size_t>(r)];
      text += "</select></label>";
    }
  } else {
    for (int i : opt) text += it.options[static_cast<size_t>(i)];
  }
  text += "</fieldset></li>";
  return text;
}

// Items with this many orders or fewer (5 options: 120) get a piece per order when the page is
// built; items with more are deflated per fetch. Deflating whole-item pieces as the first
// participants came (and keeping up to 720 per item) made a fresh server's fetches cost 4 times
// as much for its first thousands of participants: a 35 ms tail at 10,000 fetches/s.
constexpr size_t kPrebuiltOrders = 120;

std::string Render(const std::function<void(Html&)>& f) {
  Html m;
  f(m);
  return m.Take();
}

std::shared_ptr<CachedPage> BuildPage(const Request& req, Lang lang,
                                            const service::LoadedTest& lt, size_t form) {
  const store::TestRow& t = lt.test;
  const auto& items = lt.forms[form];
  auto page = std::make_shared<CachedPage>();
  Html m;
  m.Raw("<h1>").Text(t.name).Raw("</h1><p class=\"meta\">").Text(static_cast<int64_t>(items.size()));
  m.Raw(" ").Text(Tr(lang, "soal", "questions"));
  if (t.time_limit_seconds > 0) {
    m.Raw(" · ").Text(Tr(lang, "batas waktu", "time limit")).Raw(" ");
    m.Text(t.time_limit_seconds / 60).Raw(" ").Text(Tr(lang, "menit", "minutes"));
  }
  m.Raw("</p><form id=\"ujian\" method=\"post\" action=\"/ujian/").Text(t.id);
  m.Raw("\" data-test=\"").Text(t.id).Raw("\" data-api=\"/api/v1/tests/").Text(t.id);
  m.Raw("/submit\" data-msg-saved=\"")
      .Text(Tr(lang, "Jawaban tersimpan di ponsel.", "Answer saved on this phone."));
  m.Raw("\" data-msg-sending=\"").Text(Tr(lang, "Mengirim…", "Sending…"));
  m.Raw("\" data-msg-offline=\"")
      .Text(Tr(lang,
               "Tidak ada sinyal. Jawaban aman di ponsel dan akan dikirim otomatis saat tersambung "
               "lagi.",
               "No connection. Your answers are safe on this phone and will be sent when the "
               "connection is back."));
  m.Raw("\" data-msg-failed=\"").Text(Tr(lang, "Tidak terkirim:", "Not sent:"));
  m.Raw("\"><input type=\"hidden\" name=\"csrf\" value=\"").Text(kCsrfHole);
  m.Raw("\"><input type=\"hidden\" name=\"key\" value=\"").Text(kKeyHole).Raw("\"><ol>");
  m.Text(kItemsHole);
  m.Raw("</ol><p id=\"status\" role=\"status\" aria-live=\"polite\"></p><button type=\"submit\">");
  m.Text(Tr(lang, "Kirim jawaban", "Submit answers")).Raw("</button></form>");
  m.Raw("<script src=\"/static/ujian.js\" defer></script>");
  // The frame around it, with a stand-in for the session's CSRF token.
  service::Principal stand_in = *req.principal;
  stand_in.session.csrf_token = std::string(kCsrfHole);
  const Response framed = RenderPage(req, lang, 200, t.name, m, &stand_in);
  std::string_view rest = framed.body;
  while (true) {
    size_t at = std::string_view::npos;
    CachedPage::Hole kind = CachedPage::kCsrf;
    size_t len = 0;
    for (auto [hole, k] : {std::pair{kCsrfHole, CachedPage::kCsrf},
                           std::pair{kKeyHole, CachedPage::kKey},
                           std::pair{kItemsHole, CachedPage::kItems}}) {
      const size_t f = rest.find(hole);
      if (f < at) {
        at = f;
        kind = k;
        len = hole.size();
      }
    }
    page->frame.emplace_back(std::string(rest.substr(0, at)));
    if (at == std::string_view::npos) break;
    page->holes.push_back(kind);
    rest.remove_prefix(at + len);
  }
  page->legend = Render([&](Html& h) {
    h.Raw("<li class=\"soal\"><fieldset><legend>").Text(Tr(lang, "Soal", "Question")).Raw(" ");
  });
  for (const Question& q : items) {
    CachedPage::Item it;
    it.stem = Render([&](Html& h) {
      h.Raw("</legend>");
      Stem(h, q, t.id);
      if (q.type == ItemType::kMultiple) {
        h.Raw("<p class=\"petunjuk\">")
            .Text(Tr(lang, "Pilih semua yang benar.", "Choose every right answer."))
            .Raw("</p>");
      }
    });
    switch (q.type) {
      case ItemType::kSingle:
      case ItemType::kTrueFalse:
      case ItemType::kMultiple: {
        const std::string_view type = q.type == ItemType::kMultiple ? "checkbox" : "radio";
        for (const auto& c : q.options) {
          it.options.emplace_back(Render([&](Html& h) { Choice(h, type, q.id, c); }));
        }
        break;
      }
      case ItemType::kMatching:
        it.rights = q.right.size();
        for (const auto& l : q.left) {
          it.left.emplace_back(Render([&](Html& h) {
            h.Raw("<label class=\"pasangan\">").Text(l.text).Raw(" <select name=\"q.").Text(q.id);
            h.Raw("\"><option value=\"\">–</option>");
          }));
          for (const auto& r : q.right) {
            it.options.emplace_back(Render([&](Html& h) {
              h.Raw("<option value=\"").Text(StrCat(l.id, "=", r.id)).Raw("\">").Text(r.text);
              h.Raw("</option>");
            }));
          }
        }
        break;
    }
    const size_t n = q.type == ItemType::kMatching ? it.rights : it.options.size();
    size_t orders = 1;
    for (size_t k = 2; k <= n && orders <= kPrebuiltOrders; ++k) orders *= k;
    if (orders <= kPrebuiltOrders) {
      std::vector<int> opt(n);
      for (size_t k = 0; k < n; ++k) opt[k] = static_cast<int>(k);
      do {
        it.variants.emplace(opt, GzPiece(ItemText(it, q.type, opt)));
      } while (std::next_permutation(opt.begin(), opt.end()));
    }
    page->items.push_back(std::move(it));
  }
  return page;
}

// The page of (test, form, language, path) for this worker thread, built on first use. Keyed by
// the LoadedTest (immutable, cached by the worker's Tests for its lifetime; the weak pointer
// guards against a new test at a reused address).
std::shared_ptr<CachedPage> PageFor(const Request& req, Lang lang,
                                          const std::shared_ptr<const service::LoadedTest>& lt,
                                          size_t form) {
  struct Entry {
    std::weak_ptr<const service::LoadedTest> test;
    std::shared_ptr<CachedPage> page;
  };
  thread_local std::map<std::tuple<const void*, size_t, int, std::string>, Entry> cache;
  auto key = std::make_tuple(static_cast<const void*>(lt.get()), form, static_cast<int>(lang),
                             std::string(req.path));
  auto it = cache.find(key);
  if (it != cache.end() && it->second.test.lock() == lt) return it->second.page;
  if (cache.size() > 256) cache.clear();  // tests come and go over months; stay bounded
  auto page = BuildPage(req, lang, *lt, form);
  cache[std::move(key)] = Entry{lt, page};
  return page;
}

// The participant's test page: the cached pieces in their order, their tokens in the holes.
Response TestPageResponse(const Request& req, Lang lang, const service::Delivery& d) {
  const size_t form = static_cast<size_t>(d.form);
  const auto page = PageFor(req, lang, d.test, form);
  auto ae = req.Header("Accept-Encoding");
  const bool gzip = ae && ae->find("gzip") != std::string_view::npos;
  GzAssembler out(gzip);
  const auto& items = d.test->forms[form];
  for (size_t h = 0; h < page->frame.size(); ++h) {
    out.Add(page->frame[h]);
    if (h == page->holes.size()) break;
    switch (page->holes[h]) {
      case CachedPage::kCsrf:
        out.AddLiteral(req.principal->session.csrf_token);  // hex: nothing to escape
        break;
      case CachedPage::kKey:
        out.AddLiteral(d.key);  // [0-9a-z.]: nothing to escape
        break;
      case CachedPage::kItems:
        for (size_t k = 0; k < d.order.items.size(); ++k) {
          const size_t p = static_cast<size_t>(d.order.items[k]);
          out.AddLiteral(page->legend);
          out.AddLiteral(std::to_string(k + 1));
          CachedPage::Item& it = page->items[p];
          const auto& opt = d.order.options[p];
          if (it.variants.empty()) {
            // Too many orders to keep a piece each: this participant's order, deflated now
            // (fast level: a few microseconds for an item).
            out.Add(GzPiece(ItemText(it, items[p].type, opt), /*fast=*/true));
            continue;
          }
          auto v = it.variants.find(opt);
          if (v != it.variants.end()) {
            out.Add(v->second);
          } else {
            out.AddLiteral(ItemText(it, items[p].type, opt));  // not an order of its options
          }
        }
        break;
    }
  }
  Response res{200, "text/html; charset=utf-8", out.Finish(), {}};
  res.headers.emplace_back("Cache-Control", "no-store");
  if (QueryHasLang(req)) {
    res.headers.emplace_back(
        "Set-Cookie", StrCat("lang=", LangCode(lang), "; Path=/; Max-Age=31536000; SameSite=Lax"));
  }
  res.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzip) res.headers.emplace_back("Content-Encoding", "gzip");
  return res;
}

std::string AnswerText(const assessment::GivenAnswer& a) {
  std::string out;
  for (const std::string& id : a) {
    if (!out.empty()) out += ", ";
    out += id;
  }
  return out.empty() ? "–" : out;
}

std::string KeyText(const Question& q) {
  std::string out;
  if (q.type == ItemType::kMatching) {
    for (const auto& [l, r] : q.pairs) out += (out.empty() ? "" : ", ") + l + "=" + r;
  } else {
    for (const auto& k : q.key) out += (out.empty() ? "" : ", ") + k;
  }
  return out;
}

Html ResultBody(Lang lang, const service::Delivery& d, const service::AttemptResult& r) {
  const store::TestRow& t = d.test->test;
  const size_t f = static_cast<size_t>(r.row.form);
  Html m;
  m.Raw("<h1>").Text(t.name).Raw("</h1><p class=\"hasil\">").Text(Tr(lang, "Nilai", "Score"));
  m.Raw(": <strong>").Text(fmt::format("{:.0f}", r.score.percent)).Raw("</strong> (");
  m.Text(r.row.correct).Raw("/").Text(r.row.presented).Raw(") · ");
  m.Text(r.score.passed ? Tr(lang, "LULUS", "PASSED") : Tr(lang, "belum lulus", "not passed"));
  if (r.score.remedial) m.Raw(" · ").Text(Tr(lang, "perlu remedial", "remedial needed"));
  if (r.row.late) m.Raw(" · ").Text(Tr(lang, "terlambat", "late"));
  m.Raw("</p>");
  if (f >= d.test->forms.size()) return m;
  auto given = assessment::UnpackAnswers(d.test->ptr[f], r.row.answers);
  auto scored = assessment::ScorePacked(d.test->ptr[f], r.row.answers);
  if (!given.ok() || !scored.ok()) return m;
  m.Raw("<ol class=\"pembahasan\">");
  for (size_t p = 0; p < d.test->forms[f].size(); ++p) {
    const Question& q = d.test->forms[f][p];
    m.Raw("<li>");
    for (std::string_view para : Split(q.stem, '\n')) m.Raw("<p>").Text(para).Raw("</p>");
    m.Raw("<p>").Text((*scored)[p] ? "✓ " : "✗ ").Text(Tr(lang, "Jawaban Anda", "Your answer"));
    m.Raw(": ").Text(AnswerText((*given)[p])).Raw(" · ").Text(Tr(lang, "Kunci", "Key"));
    m.Raw(": ").Text(KeyText(q)).Raw("</p><p class=\"penjelasan\">").Text(q.explanation);
    m.Raw("</p></li>");
  }
  m.Raw("</ol>");
  return m;
}

Response NoStoreGz(const Request& req, Response res) {
  res.headers.emplace_back("Cache-Control", "no-store");
  MaybeGzip(req, res);
  return res;
}

// The deferred answer of a submit: JSON for the API, a redirect (or a small error page) for the
// form post. Called on the writer's thread, it only hands the result over: the response is made
// on the worker's thread (the writer's next group commit does not wait for JSON).
std::function<void(StatusOr<service::AttemptResult>)> Answer(
    std::function<void(Request::MakeResponse)> deliver, bool api, std::string result_path) {
  return [deliver = std::move(deliver), api,
          result_path = std::move(result_path)](StatusOr<service::AttemptResult> r) mutable {
    deliver([r = std::move(r), api, result_path = std::move(result_path)]() -> Response {
      if (!r.ok()) {
        const bool internal = r.status().code() == absl::StatusCode::kInternal ||
                              r.status().code() == absl::StatusCode::kUnknown;
        const std::string message = internal ? std::string("internal error; send again")
                                             : std::string(r.status().message());
        return ErrorResponse(api, HttpStatusOf(r.status().code()), message);
      }
      if (!api) return Redirect(result_path);
      Response res = Response::Json(200, nlohmann::ordered_json{{"attempt", AttemptJson(*r)}});
      res.headers.emplace_back("Cache-Control", "no-store");
      return res;
    });
  };
}

}  // namespace

Response TestScript(Request& req) {
  Response res{200, "text/javascript; charset=utf-8", std::string(kScript, sizeof(kScript) - 1),
               {}};
  res.headers.emplace_back("Cache-Control", "public, max-age=86400");
  MaybeGzip(req, res);
  return res;
}

Response TestPage(Request& req) {
  const Lang lang = LangOf(req);
  auto id = TestId(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  auto d = (*tests)->Fetch(req.principal->user, *id, NowMs());
  if (!d.ok()) return ErrorPage(req, d.status(), req.principal);
  if (d->done) {
    const auto r = service::Tests::Describe(d->test->test, *d->done, false);
    return NoStoreGz(req, RenderPage(req, lang, 200, d->test->test.name, ResultBody(lang, *d, r),
                                     req.principal));
  }
  return TestPageResponse(req, lang, *d);
}

Response TestFormSubmit(Request& req) {
  auto id = TestId(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  service::Answers answers;
  for (std::string_view part : Split(req.body, '&')) {
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    auto name = UrlDecode(part.substr(0, eq));
    auto value = UrlDecode(part.substr(eq + 1));
    if (!name || !value) {
      return ErrorPage(req, absl::InvalidArgumentError("malformed form field"), req.principal);
    }
    if (name->starts_with("q.") && !value->empty()) answers[name->substr(2)].push_back(*value);
  }
  const std::string key = FormValue(req.body, "key").value_or("");
  const std::string path = StrCat("/ujian/", *id);
  const store::UserRow user = req.principal->user;
  service::Tests* t = *tests;
  const int64_t now = NowMs();
  // The worker's Tests runs the checks now (on this thread); only the durable write is awaited.
  req.later = [t, user, test = *id, key, answers = std::move(answers), now,
               path](std::function<void(Request::MakeResponse)> deliver) {
    t->Submit(user, test, key, answers, now, Answer(std::move(deliver), false, path));
  };
  return Response{};
}

Response TestSubmitApi(Request& req) {
  auto id = TestId(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  auto body = service::ParseSubmitBody(req.body);
  if (!body.ok()) return ErrorResponse(req, body.status());
  const store::UserRow user = req.principal->user;
  service::Tests* t = *tests;
  const int64_t now = NowMs();
  req.later = [t, user, test = *id, body = std::move(*body),
               now](std::function<void(Request::MakeResponse)> deliver) {
    t->Submit(user, test, body.key, body.answers, now, Answer(std::move(deliver), true, ""));
  };
  return Response{};
}

Response TestMedia(Request& req) {
  auto id = TestId(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  auto lt = (*tests)->Load(*id);
  if (!lt.ok()) return ErrorResponse(req, lt.status());
  for (const auto& form : (*lt)->forms) {
    for (const auto& q : form) {
      if (q.id != req.Param("item") || !q.media || q.media->bytes.empty()) continue;
      Response res{200, std::string(questions::MediaMime(q.media->src)), q.media->bytes, {}};
      res.headers.emplace_back("Cache-Control", "private, max-age=86400");
      return res;
    }
  }
  return ErrorResponse(req, absl::NotFoundError(StrCat("no image for ", req.Param("item"))));
}

Response TestListApi(Request& req) {
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  auto list = (*tests)->List(req.principal->user);
  if (!list.ok()) return ErrorResponse(req, list.status());
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& t : *list) j.push_back(service::TestJson(t));
  return Response::Json(200, nlohmann::ordered_json{{"tests", j}});
}

Response TestCreateApi(Request& req) {
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  auto n = service::NewTestFromJson(req.json);
  if (!n.ok()) return ErrorResponse(req, n.status());
  auto t = (*tests)->Create(req.principal->user, *n, NowMs() / 1000);
  if (!t.ok()) return ErrorResponse(req, t.status());
  return Response::Json(201, nlohmann::ordered_json{{"test", service::TestJson(*t)}});
}

Response TestResultsApi(Request& req) {
  auto id = TestId(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  RegionCode region = 0;
  if (auto r = FormValue(req.query, "region"); r && !r->empty() && *r != "national") {
    auto s = ParseScope(*r);
    if (!s.ok()) return ErrorResponse(req, s.status());
    region = s->code;
  }
  int64_t divisor = 0;
  const std::string by = FormValue(req.query, "by").value_or("");
  if (by == "province") divisor = 100'000'000;
  else if (by == "kabkota") divisor = 1'000'000;
  else if (by == "kecamatan") divisor = 10'000;
  else if (by == "desa") divisor = 1;
  else if (!by.empty()) {
    return ErrorResponse(req, absl::InvalidArgumentError(
                                  "by: one of province, kabkota, kecamatan, desa"));
  }
  auto r = (*tests)->Results(req.principal->user, *id, region, divisor,
                             FormValue(req.query, "people").value_or("") == "1",
                             FormValue(req.query, "items").value_or("") == "1");
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(200, service::ResultsJson(*r));
}

Response TestPaperApi(Request& req) {
  auto id = TestId(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto tests = TestsOf(req);
  if (!tests.ok()) return ErrorResponse(req, tests.status());
  if (!req.json.is_object() || !req.json.contains("person") ||
      !req.json["person"].is_number_integer()) {
    return ErrorResponse(req, absl::InvalidArgumentError("the body needs \"person\" (a number)"));
  }
  auto answers = service::AnswersFromJson(req.json.value("answers", nlohmann::json()));
  if (!answers.ok()) return ErrorResponse(req, answers.status());
  const int form = req.json.value("form", 0);
  auto r = (*tests)->EnterPaper(req.principal->user, *id, req.json["person"].get<int64_t>(), form,
                                *answers, NowMs());
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(r->duplicate ? 200 : 201,
                        nlohmann::ordered_json{{"attempt", service::AttemptJson(*r)}});
}

}  // namespace bimtek::http::handlers
