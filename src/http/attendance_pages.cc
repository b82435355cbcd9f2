#include "http/attendance_pages.h"

#include <chrono>

#include "base/date_id.h"
#include "base/strings.h"
#include "core/plan/resources.h"
#include "http/context.h"
#include "http/html.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "io/sheet.h"
#include "service/attendance.h"
#include "service/audit.h"

extern "C" {
extern const char bimtek_jsqr_js_begin[];
extern const char bimtek_jsqr_js_end[];
}

namespace bimtek::http::handlers {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bimtek::Lang CoreLang(Lang lang) {
  return lang == Lang::kEn ? bimtek::Lang::kEn : bimtek::Lang::kId;
}

std::string_view Jsqr() {
  return std::string_view(bimtek_jsqr_js_begin,
                          static_cast<size_t>(bimtek_jsqr_js_end - bimtek_jsqr_js_begin));
}

StatusOr<int64_t> IdParam(const Request& req, std::string_view name) {
  const std::string_view s = req.Param(name);
  if (s.empty() || s.size() > 18 || !IsAllDigits(s)) {
    return absl::InvalidArgumentError(StrCat("'", s, "' is not a ", name, " number"));
  }
  return std::stoll(std::string(s));
}

// A batch in a path: its plan's scope ("32.71.01", "national") and its id.
struct BatchKey {
  Scope scope;
  int64_t batch = 0;
};

StatusOr<BatchKey> KeyOf(const Request& req) {
  ASSIGN_OR_RETURN(Scope scope, ParseScope(req.Param("scope")));
  ASSIGN_OR_RETURN(int64_t batch, IdParam(req, "batch"));
  return BatchKey{scope, batch};
}

std::string PositionLabel(Lang lang, int position) {
  if (position == 1) return lang == Lang::kEn ? "KPPS chair" : "Ketua KPPS";
  return StrCat(lang == Lang::kEn ? "KPPS member " : "Anggota KPPS ", position);
}

std::string TpsLabel(TpsCode tps) {
  const int n = NumberOfTps(tps);
  return StrCat("TPS ", n < 10 ? "00" : n < 100 ? "0" : "", n);
}

nlohmann::ordered_json BatchJson(const service::AttendanceBatch& b) {
  nlohmann::ordered_json people = nlohmann::ordered_json::array();
  for (const auto& p : b.people) {
    nlohmann::ordered_json j{{"id", p.person_id},
                             {"name", p.name},
                             {"position", p.position},
                             {"tps", FormatTpsCode(p.tps)},
                             {"present", p.present}};
    if (p.present) {
      j["method"] = store::CheckinMethodName(p.method);
      j["by"] = p.by;
      j["at_ms"] = p.server_ms;
    }
    people.push_back(std::move(j));
  }
  return {{"scope", b.scope.ToString()},
          {"plan", b.plan_id},
          {"batch", b.batch.id},
          {"date", FormatIsoDate(b.batch.date)},
          {"start", plan::FormatClock(b.batch.start_min)},
          {"end", plan::FormatClock(b.batch.end_min)},
          {"zone", TimeZoneName(b.batch.zone)},
          {"kecamatan", FormatRegionCode(b.batch.kecamatan)},
          {"venue", b.venue_name},
          {"facilitators", b.facilitators},
          {"expected", b.people.size()},
          {"present", b.present},
          {"people", std::move(people)}};
}

constexpr Txt kTitle{"Daftar hadir", "Attendance"};
constexpr Txt kBatch{"Kelas", "Batch"};
constexpr Txt kPresent{"Hadir", "Present"};
constexpr Txt kQueued{"Menunggu kirim", "Queued"};
constexpr Txt kScan{"Pindai QR undangan", "Scan invitation QR"};
constexpr Txt kStopScan{"Berhenti memindai", "Stop scanning"};
constexpr Txt kCode{"Kode akses", "Access code"};
constexpr Txt kRecord{"Catat hadir", "Check in"};
constexpr Txt kSyncNow{"Kirim sekarang", "Send now"};
constexpr Txt kList{"Peserta kelas ini", "Participants of this batch"};
constexpr Txt kNoScript{"Halaman ini memerlukan JavaScript untuk mencatat kehadiran.",
                        "This page needs JavaScript to check people in."};
constexpr Txt kHonoraria{"Daftar hadir untuk honorarium (PDF)", "Honoraria list (PDF)"};
constexpr Txt kMsgQueued{"tersimpan di perangkat, menunggu kirim",
                         "saved on this device, waiting to be sent"};
constexpr Txt kMsgSynced{"terkirim", "sent"};
constexpr Txt kMsgOffline{"Tidak ada sambungan: data tersimpan di perangkat dan dikirim otomatis.",
                          "No connection: saved on this device and sent automatically."};
constexpr Txt kMsgSending{"Mengirim…", "Sending…"};
constexpr Txt kMsgAllSent{"Semua data terkirim.", "Everything is sent."};
constexpr Txt kMsgFailed{"Gagal mengirim:", "Could not send:"};
constexpr Txt kMsgAlready{"sudah tercatat hadir", "already checked in"};
constexpr Txt kMsgNoCamera{"Kamera tidak dapat dibuka; ketik kodenya.",
                           "The camera cannot be opened; type the code."};
constexpr Txt kMsgScanned{"QR terbaca", "QR read"};
constexpr Txt kReportTitle{"Kehadiran per kelas", "Attendance by batch"};
constexpr Txt kExpected{"Diharapkan", "Expected"};
constexpr Txt kDate{"Tanggal", "Date"};
constexpr Txt kKecamatan{"Kecamatan", "District"};
constexpr Txt kOpen{"buka", "open"};

// The check-in page's script. State per batch in localStorage: a queue of check-ins (each with
// its client id, made once on this device) and what the server answered. A check-in is queued
// first, then sent; an answer lost on the way leaves it queued and it is sent again with the
// same id, which the server recognises (docs/attendance.md, "Sync").
constexpr char kScript[] = R"js(// Bimtek check-in page: queued on the phone, sent when online.
(function () {
  'use strict';
  var root = document.getElementById('hadir');
  if (!root || !window.fetch || !window.JSON || !window.localStorage) return;
  var api = root.getAttribute('data-api');
  var csrf = root.getAttribute('data-csrf');
  var slot = 'bimtek.hadir.' + root.getAttribute('data-scope') + '.' + root.getAttribute('data-batch');
  function m(name) { return root.getAttribute('data-msg-' + name) || name; }
  var net = document.getElementById('net');
  var last = document.getElementById('last');
  var queuedList = document.getElementById('antrean');
  var presentCount = document.getElementById('jumlah-hadir');
  var queuedCount = document.getElementById('jumlah-antre');
  function load() {
    try { return JSON.parse(localStorage.getItem(slot)) || {}; } catch (e) { return {}; }
  }
  var state = load();
  state.queue = state.queue || [];
  function save() {
    try { localStorage.setItem(slot, JSON.stringify(state)); } catch (e) { /* full */ }
  }
  function deviceId() {
    var d = localStorage.getItem('bimtek.hadir.device');
    if (!d) {
      var b = new Uint8Array(8);
      (window.crypto || window.msCrypto).getRandomValues(b);
      d = Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
      try { localStorage.setItem('bimtek.hadir.device', d); } catch (e) { /* full */ }
    }
    return d;
  }
  function newId() {
    var b = new Uint8Array(4);
    window.crypto.getRandomValues(b);
    var r = Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
    return deviceId() + ':' + Date.now().toString(36) + ':' + r;
  }
  function rowOf(person) {
    return document.querySelector('li[data-person="' + person + '"]');
  }
  function mark(person, st) {
    var li = rowOf(person);
    if (!li) return;
    li.setAttribute('data-state', st);
    var box = li.querySelector('input[type=checkbox]');
    box.checked = true;
    box.disabled = true;
    li.querySelector('.state').textContent = st === 'synced' ? m('synced') : m('queued');
  }
  function render() {
    queuedList.textContent = '';
    state.queue.forEach(function (q) {
      if (q.method === 'list') { mark(q.person, 'queued'); return; }
      var li = document.createElement('li');
      li.setAttribute('data-state', 'queued');
      li.textContent = (q.method === 'scan' ? '▣ ' : '⌨ ') + q.label + ' — ' + m('queued');
      queuedList.appendChild(li);
    });
    queuedCount.textContent = String(state.queue.length);
    presentCount.textContent = String(document.querySelectorAll('#orang li[data-state="synced"]').length);
  }
  function say(el, text) { el.textContent = text; }
  function enqueue(item) {
    item.client_id = newId();
    item.device_ms = Date.now();
    state.queue.push(item);
    save();
    render();
    send();
  }
  var sending = false, retry = null;
  function later() {
    if (retry) return;
    retry = setTimeout(function () { retry = null; send(); }, 5000);
  }
  function send() {
    if (sending) return;
    if (state.queue.length === 0) {
      say(net, navigator.onLine === false ? m('offline') : m('allsent'));
      return;
    }
    if (navigator.onLine === false) { say(net, m('offline')); return; }
    sending = true;
    say(net, m('sending'));
    var batch = state.queue.slice(0, 200);
    fetch(api + '/checkins', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify({checkins: batch.map(function (q) {
        var o = {client_id: q.client_id, method: q.method, device_ms: q.device_ms};
        if (q.method === 'list') { o.person = q.person; } else { o.code = q.code; }
        return o;
      })})
    }).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, status: r.status, body: body}; });
    }).then(function (r) {
      sending = false;
      if (!r.ok) {
        var why = (r.body && r.body.error && r.body.error.message) || String(r.status);
        say(net, m('failed') + ' ' + why);
        if (r.status >= 500 || r.status === 401) later();
        return;
      }
      var answered = {};
      var byId = {};
      batch.forEach(function (q) { byId[q.client_id] = q; });
      r.body.results.forEach(function (res) {
        answered[res.client_id] = true;
        if (res.status === 'error') {
          say(last, (res.name ? res.name + ': ' : '') + res.message);
          last.setAttribute('data-kind', 'error');
          var q = byId[res.client_id];
          var li = q && q.method === 'list' ? rowOf(q.person) : null;
          if (li) {  // refused: the box can be ticked again
            li.setAttribute('data-state', '');
            li.querySelector('.state').textContent = '';
            var box = li.querySelector('input[type=checkbox]');
            box.checked = false;
            box.disabled = false;
          }
          return;
        }
        mark(res.person, 'synced');
        last.setAttribute('data-kind', 'ok');
        say(last, res.name + ' — ' + (res.status === 'already_present' ? m('already') : m('synced')));
      });
      state.queue = state.queue.filter(function (q) { return !answered[q.client_id]; });
      save();
      render();
      if (state.queue.length) { send(); } else { say(net, m('allsent')); }
    }).catch(function () {
      sending = false;
      say(net, m('offline'));
      later();
    });
  }
  document.getElementById('form-kode').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var input = document.getElementById('kode');
    var code = input.value.trim();
    if (!code) return;
    input.value = '';
    enqueue({method: 'typed', code: code, label: code.toUpperCase()});
    input.focus();
  });
  document.getElementById('orang').addEventListener('change', function (ev) {
    var box = ev.target;
    if (!box.matches('input[type=checkbox]') || !box.checked) return;
    var li = box.closest('li');
    box.disabled = true;
    enqueue({method: 'list', person: Number(li.getAttribute('data-person')),
             label: li.getAttribute('data-name')});
  });
  document.getElementById('kirim').addEventListener('click', function () {
    if (retry) { clearTimeout(retry); retry = null; }
    send();
  });
  window.addEventListener('online', send);
  window.addEventListener('offline', function () { say(net, m('offline')); });

  // Camera: jsQR over frames of the back camera; a code read is queued once (the same text is
  // ignored for 5 seconds, so one QR held in front of the camera is one check-in).
  var scanButton = document.getElementById('pindai');
  var video = document.getElementById('kamera');
  var canvas = document.createElement('canvas');
  var stream = null, lastText = '', lastAt = 0;
  if (typeof window.jsQR !== 'function' || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) {
    scanButton.hidden = true;
  }
  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    scanButton.textContent = m('scan');
  }
  function tick() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext('2d', {willReadFrequently: true});
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var qr = window.jsQR(img.data, img.width, img.height, {inversionAttempts: 'dontInvert'});
      if (qr && qr.data && (qr.data !== lastText || Date.now() - lastAt > 5000)) {
        lastText = qr.data;
        lastAt = Date.now();
        var k = /[?&](?:kode|code)=([^&#]*)/.exec(qr.data);
        var label = k ? decodeURIComponent(k[1]).toUpperCase() : qr.data.slice(0, 24);
        say(last, m('scanned') + ': ' + label);
        enqueue({method: 'scan', code: qr.data, label: label});
      }
    }
    requestAnimationFrame(tick);
  }
  scanButton.addEventListener('click', function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false})
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        video.setAttribute('playsinline', '');
        video.play();
        scanButton.textContent = m('stopscan');
        requestAnimationFrame(tick);
      }).catch(function () { say(last, m('nocamera')); });
  });

  render();
  send();
})();
)js";

Html PageBody(const Request& req, Lang lang, const service::AttendanceBatch& b) {
  Html m;
  const std::string api = StrCat("/api/v1/attendance/", b.scope.ToString(), "/", b.batch.id);
  m.Raw("<h1>").Text(Tx(lang, kTitle)).Raw(" · ").Text(Tx(lang, kBatch)).Raw(" ");
  m.Text(b.batch.id).Raw("</h1><p class=\"kelas\">").Text(FormatIndonesianDayDate(b.batch.date));
  m.Raw(", ").Text(plan::FormatClock(b.batch.start_min)).Raw("–");
  m.Text(plan::FormatClock(b.batch.end_min)).Raw(" ").Text(TimeZoneName(b.batch.zone));
  m.Raw(" · ").Text(b.venue_name).Raw("</p>");
  m.Raw("<noscript><p class=\"error\">").Text(Tx(lang, kNoScript)).Raw("</p></noscript>");
  m.Raw("<div id=\"hadir\" data-scope=\"").Text(b.scope.ToString()).Raw("\" data-batch=\"");
  m.Text(b.batch.id).Raw("\" data-api=\"").Text(api).Raw("\" data-csrf=\"");
  m.Text(req.principal->session.csrf_token).Raw("\"");
  const std::pair<const char*, const Txt*> msgs[] = {
      {"queued", &kMsgQueued},   {"synced", &kMsgSynced},     {"offline", &kMsgOffline},
      {"sending", &kMsgSending}, {"allsent", &kMsgAllSent},   {"failed", &kMsgFailed},
      {"already", &kMsgAlready}, {"nocamera", &kMsgNoCamera}, {"scanned", &kMsgScanned},
      {"scan", &kScan},          {"stopscan", &kStopScan}};
  for (const auto& [name, txt] : msgs) {
    m.Raw(" data-msg-").Text(name).Raw("=\"").Text(Tx(lang, *txt)).Raw("\"");
  }
  m.Raw(">");
  m.Raw("<p class=\"jumlah\">").Text(Tx(lang, kPresent)).Raw(": <strong id=\"jumlah-hadir\">");
  m.Text(b.present).Raw("</strong> / ").Text(static_cast<int64_t>(b.people.size()));
  m.Raw(" · ").Text(Tx(lang, kQueued)).Raw(": <strong id=\"jumlah-antre\">0</strong></p>");
  m.Raw("<p id=\"net\" role=\"status\"></p>");
  m.Raw("<p><button type=\"button\" id=\"pindai\">").Text(Tx(lang, kScan)).Raw("</button></p>");
  m.Raw("<video id=\"kamera\" hidden muted playsinline></video>");
  m.Raw("<form id=\"form-kode\" autocomplete=\"off\"><label for=\"kode\">").Text(Tx(lang, kCode));
  m.Raw(
      "</label> <input id=\"kode\" name=\"kode\" autocapitalize=\"characters\" "
      "spellcheck=\"false\" maxlength=\"200\"> <button type=\"submit\">");
  m.Text(Tx(lang, kRecord)).Raw("</button></form>");
  m.Raw("<p id=\"last\" role=\"status\" aria-live=\"polite\"></p>");
  m.Raw("<ul id=\"antrean\"></ul>");
  m.Raw("<p><button type=\"button\" id=\"kirim\">").Text(Tx(lang, kSyncNow)).Raw("</button></p>");
  m.Raw("<h2>").Text(Tx(lang, kList)).Raw("</h2><ul id=\"orang\">");
  for (const auto& p : b.people) {
    m.Raw("<li data-person=\"").Text(p.person_id).Raw("\" data-name=\"").Text(p.name);
    m.Raw("\" data-state=\"")
        .Text(p.present ? "synced" : "")
        .Raw(
            "\"><label><input "
            "type=\"checkbox\"");
    if (p.present) m.Raw(" checked disabled");
    m.Raw("> ").Text(p.name).Raw(" <small>").Text(PositionLabel(lang, p.position)).Raw(" · ");
    m.Text(TpsLabel(p.tps)).Raw("</small></label> <span class=\"state\">");
    if (p.present) m.Text(Tx(lang, kMsgSynced));
    m.Raw("</span></li>");
  }
  m.Raw("</ul></div><p><a href=\"").Text(api).Raw("/honoraria\">").Text(Tx(lang, kHonoraria));
  m.Raw(
      "</a></p><script src=\"/static/jsqr.js\"></script>"
      "<script src=\"/static/hadir.js\"></script>");
  return m;
}

Response NoStore(Response res) {
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

Response AttendanceScript(Request&) {
  Response res{
      200, "text/javascript; charset=utf-8", std::string(kScript, sizeof(kScript) - 1), {}};
  res.headers.emplace_back("Cache-Control", "public, max-age=86400");
  return res;
}

Response JsqrScript(Request& req) {
  if (Jsqr().empty()) {
    return ErrorResponse(false, 404, "this server was built without jsQR (npm ci, then rebuild)");
  }
  (void)req;
  Response res{200, "text/javascript; charset=utf-8", std::string(Jsqr()), {}};
  res.headers.emplace_back("Cache-Control", "public, max-age=86400");
  return res;
}

Response AttendancePage(Request& req) {
  const Lang lang = LangOf(req);
  auto key = KeyOf(req);
  if (!key.ok()) return ErrorPage(req, key.status(), req.principal);
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorPage(req, att.status(), req.principal);
  auto b = (*att)->Batch(req.principal->user, key->scope, key->batch);
  if (!b.ok()) return ErrorPage(req, b.status(), req.principal);
  return NoStore(RenderPage(req, lang, 200, StrCat(Tx(lang, kTitle), " ", b->batch.id),
                            PageBody(req, lang, *b), req.principal));
}

Response AttendanceReportPage(Request& req) {
  const Lang lang = LangOf(req);
  const service::Principal* who = req.principal;
  Scope scope = service::ScopeOf(who->user);
  if (auto s = FormValue(req.query, "scope"); s && !s->empty()) {
    auto parsed = ParseScope(*s);
    if (!parsed.ok()) return ErrorPage(req, parsed.status(), who);
    scope = *parsed;
  }
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorPage(req, att.status(), who);
  auto rep = (*att)->Report(who->user, scope);
  if (!rep.ok()) return ErrorPage(req, rep.status(), who);
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kReportTitle)).Raw(" · ").Text(scope.ToString()).Raw("</h1>");
  m.Raw("<p>").Text(Tx(lang, kPresent)).Raw(": <strong>").Text(rep->present).Raw("</strong> / ");
  m.Text(rep->expected).Raw("</p><table><thead><tr><th>").Text(Tx(lang, kKecamatan));
  m.Raw("</th><th>").Text(Tx(lang, kPresent)).Raw("</th><th>").Text(Tx(lang, kExpected));
  m.Raw("</th></tr></thead><tbody>");
  for (const auto& r : rep->regions) {
    m.Raw("<tr><td>").Text(r.name).Raw("</td><td>").Text(r.present).Raw("</td><td>");
    m.Text(r.expected).Raw("</td></tr>");
  }
  m.Raw("</tbody></table><table><thead><tr><th>").Text(Tx(lang, kBatch)).Raw("</th><th>");
  m.Text(Tx(lang, kDate)).Raw("</th><th>").Text(Tx(lang, kPresent)).Raw("</th><th>");
  m.Text(Tx(lang, kExpected)).Raw("</th><th></th></tr></thead><tbody>");
  for (const auto& b : rep->batches) {
    m.Raw("<tr><td>").Text(b.batch_id).Raw("</td><td>").Text(FormatIsoDate(b.date));
    m.Raw("</td><td>").Text(b.present).Raw("</td><td>").Text(b.expected).Raw("</td><td>");
    m.Raw("<a href=\"/hadir/").Text(scope.ToString()).Raw("/").Text(b.batch_id).Raw("\">");
    m.Text(Tx(lang, kOpen)).Raw("</a> · <a href=\"/api/v1/attendance/").Text(scope.ToString());
    m.Raw("/").Text(b.batch_id).Raw("/honoraria\">PDF</a></td></tr>");
  }
  m.Raw("</tbody></table>");
  return NoStore(RenderPage(req, lang, 200, Tx(lang, kReportTitle), m, who));
}

Response AttendanceBatchApi(Request& req) {
  auto key = KeyOf(req);
  if (!key.ok()) return ErrorResponse(req, key.status());
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorResponse(req, att.status());
  auto b = (*att)->Batch(req.principal->user, key->scope, key->batch);
  if (!b.ok()) return ErrorResponse(req, b.status());
  return Response::Json(200, BatchJson(*b));
}

Response AttendanceCheckinsApi(Request& req) {
  auto key = KeyOf(req);
  if (!key.ok()) return ErrorResponse(req, key.status());
  const nlohmann::json& body = req.json;
  if (!body.is_object() || !body.contains("checkins") || !body["checkins"].is_array()) {
    return ErrorResponse(req, absl::InvalidArgumentError("expected {\"checkins\":[…]}"));
  }
  if (body["checkins"].size() > 1000) {
    return ErrorResponse(req, absl::InvalidArgumentError("at most 1000 check-ins per request"));
  }
  std::vector<service::CheckinRequest> items;
  size_t i = 0;
  for (const auto& c : body["checkins"]) {
    const std::string where = StrCat("checkins[", i++, "]");
    if (!c.is_object()) {
      return ErrorResponse(req, absl::InvalidArgumentError(StrCat(where, ": not an object")));
    }
    service::CheckinRequest r;
    if (!c.contains("client_id") || !c["client_id"].is_string()) {
      return ErrorResponse(req, absl::InvalidArgumentError(StrCat(where, ".client_id: missing")));
    }
    r.client_id = c["client_id"].get<std::string>();
    const std::string method = c.value("method", std::string());
    if (!store::ParseCheckinMethod(method, &r.method) ||
        r.method == store::CheckinMethod::kImport) {
      return ErrorResponse(req, absl::InvalidArgumentError(StrCat(where, ".method: '", method,
                                                                  "' is not scan, typed or list")));
    }
    if (r.method == store::CheckinMethod::kList) {
      if (!c.contains("person") || !c["person"].is_number_integer()) {
        return ErrorResponse(req, absl::InvalidArgumentError(StrCat(where, ".person: a number")));
      }
      r.person_id = c["person"].get<int64_t>();
    } else {
      if (!c.contains("code") || !c["code"].is_string()) {
        return ErrorResponse(req, absl::InvalidArgumentError(StrCat(where, ".code: missing")));
      }
      r.code = c["code"].get<std::string>();
    }
    if (c.contains("device_ms") && c["device_ms"].is_number_integer()) {
      r.device_ms = c["device_ms"].get<int64_t>();
    }
    items.push_back(std::move(r));
  }
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorResponse(req, att.status());
  auto replies = (*att)->CheckIn(req.principal->user, key->scope, key->batch, items, NowMs(),
                                 CoreLang(LangOf(req)));
  if (!replies.ok()) return ErrorResponse(req, replies.status());
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& r : *replies) {
    nlohmann::ordered_json j{{"client_id", r.client_id}, {"status", r.status}};
    if (r.person_id) j["person"] = r.person_id;
    if (!r.name.empty()) j["name"] = r.name;
    if (r.status == "error") {
      j["code"] = r.code;
      j["message"] = r.message;
    }
    results.push_back(std::move(j));
  }
  return Response::Json(200, nlohmann::ordered_json{{"results", std::move(results)}});
}

Response AttendanceImportApi(Request& req) {
  auto key = KeyOf(req);
  if (!key.ok()) return ErrorResponse(req, key.status());
  const auto dry = FormValue(req.query, "dry_run");
  const bool dry_run = dry && (*dry == "1" || *dry == "true");
  auto sheet = io::OpenSheetBytes(std::string(req.body), "daftar-hadir");
  if (!sheet.ok()) return ErrorResponse(req, sheet.status());
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorResponse(req, att.status());
  const service::Actor actor = service::UserActor(req.principal->user, req.remote_address);
  auto rep =
      (*att)->Import(req.principal->user, actor, key->scope, key->batch, **sheet, dry_run, NowMs());
  if (!rep.ok()) return ErrorResponse(req, rep.status());
  const bimtek::Lang lang = CoreLang(LangOf(req));
  auto rows = [&](const std::vector<service::RowProblem>& ps) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& p : ps) {
      out.push_back({{"row", p.row},
                     {"column", p.column},
                     {"value", p.value},
                     {"code", p.problem.code},
                     {"message", Describe(p.problem, lang)}});
    }
    return out;
  };
  nlohmann::ordered_json j{{"rows", rep->rows},
                           {"new", rep->inserted},
                           {"unchanged", rep->unchanged},
                           {"committed", rep->committed},
                           {"dry_run", dry_run},
                           {"errors", rows(rep->errors)},
                           {"warnings", rows(rep->warnings)}};
  if (rep->errors.empty()) return Response::Json(200, j);
  j["error"] = {{"code", "INVALID_ARGUMENT"},
                {"message",
                 StrCat("the sheet has ", rep->errors.size(), " row errors; nothing was written")}};
  return Response::Json(422, j);
}

Response AttendanceHonorariaApi(Request& req) {
  auto key = KeyOf(req);
  if (!key.ok()) return ErrorResponse(req, key.status());
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorResponse(req, att.status());
  auto pdf = (*att)->HonorariaPdf(req.principal->user, key->scope, key->batch);
  if (!pdf.ok()) return ErrorResponse(req, pdf.status());
  Response res{200, "application/pdf", std::move(*pdf), {}};
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back(
      "Content-Disposition",
      StrCat("inline; filename=\"hadir-", key->scope.ToString(), "-", key->batch, ".pdf\""));
  return res;
}

Response AttendanceReportApi(Request& req) {
  const auto s = FormValue(req.query, "scope");
  if (!s || s->empty()) {
    return ErrorResponse(req, absl::InvalidArgumentError("scope: missing (?scope=32.71)"));
  }
  auto scope = ParseScope(*s);
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto att = req.worker->attendance();
  if (!att.ok()) return ErrorResponse(req, att.status());
  auto rep = (*att)->Report(req.principal->user, *scope);
  if (!rep.ok()) return ErrorResponse(req, rep.status());
  nlohmann::ordered_json batches = nlohmann::ordered_json::array();
  for (const auto& b : rep->batches) {
    batches.push_back({{"batch", b.batch_id},
                       {"kecamatan", FormatRegionCode(b.kecamatan)},
                       {"date", FormatIsoDate(b.date)},
                       {"expected", b.expected},
                       {"present", b.present}});
  }
  nlohmann::ordered_json regions = nlohmann::ordered_json::array();
  for (const auto& r : rep->regions) {
    regions.push_back({{"kecamatan", FormatRegionCode(r.kecamatan)},
                       {"name", r.name},
                       {"batches", r.batches},
                       {"expected", r.expected},
                       {"present", r.present}});
  }
  return Response::Json(200, nlohmann::ordered_json{{"scope", rep->scope.ToString()},
                                                    {"plan", rep->plan_id},
                                                    {"expected", rep->expected},
                                                    {"present", rep->present},
                                                    {"regions", std::move(regions)},
                                                    {"batches", std::move(batches)}});
}

}  // namespace bimtek::http::handlers
