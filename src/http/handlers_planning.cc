// The planning pages and API (planning_pages.h). Input is parsed here; service/planning.h and
// service/invitations.h check the scopes and do the work; pages are rendered from the plan JSON
// of docs/planning.md, so the page and `bimtek plan --json` say the same.
#include <chrono>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "base/date_id.h"
#include "base/strings.h"
#include "core/problem.h"
#include "http/context.h"
#include "http/html.h"
#include "http/multipart.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "http/planning_pages.h"
#include "io/sheet.h"
#include "render/ics.h"
#include "render/letters.h"
#include "render/whatsapp.h"
#include "service/invitations.h"
#include "service/planning.h"

namespace bimtek::http::handlers {

namespace {

using nlohmann::json;

constexpr Txt kPlannerTitle{"Perencanaan Bimtek", "Bimtek planning"};
constexpr Txt kBatchesTitle{"Kelas Bimtek", "Bimtek batches"};
constexpr Txt kBatchTitle{"Kelas", "Batch"};
constexpr Txt kCurriculumTitle{"Kurikulum", "Curriculum"};
constexpr Txt kVenuesTitle{"Tempat Bimtek", "Venues"};
constexpr Txt kFacilitatorsTitle{"Fasilitator", "Facilitators"};
constexpr Txt kScopeLabel{"Wilayah (kode)", "Region (code)"};
constexpr Txt kFrom{"Dari tanggal", "From"};
constexpr Txt kTo{"Sampai tanggal", "To"};
constexpr Txt kFresh{"Rencana baru (abaikan rencana yang berlaku)",
                     "Fresh plan (ignore the plan in force)"};
constexpr Txt kRun{"Jalankan perencanaan dan simpan", "Run the planner and save"};
constexpr Txt kShow{"Tampilkan", "Show"};
constexpr Txt kNoPlan{"Belum ada rencana tersimpan untuk wilayah ini.",
                      "No saved plan for this region yet."};
constexpr Txt kNoPublishedPlan{"Belum ada rencana yang diterbitkan untuk wilayah Anda.",
                               "No published plan for your region yet."};
constexpr Txt kSummary{"Ringkasan", "Summary"};
constexpr Txt kBatches{"Kelas", "Batches"};
constexpr Txt kLowerBound{"Batas bawah jumlah kelas", "Lower bound on batches"};
constexpr Txt kGap{"Selisih dari batas bawah", "Gap to the lower bound"};
constexpr Txt kCrews{"Regu KPPS (TPS)", "KPPS crews (TPS)"};
constexpr Txt kPlaced{"Regu terjadwal", "Crews placed"};
constexpr Txt kUnplaced{"Regu belum terjadwal", "Crews not placed"};
constexpr Txt kPeoplePlaced{"Peserta terjadwal", "People placed"};
constexpr Txt kMoved{"Regu yang pindah kelas", "Crews that moved"};
constexpr Txt kWindow{"Rentang tanggal", "Window"};
constexpr Txt kCurriculumVersion{"Kurikulum (versi)", "Curriculum (version)"};
constexpr Txt kPublished{"Diterbitkan", "Published"};
constexpr Txt kDraft{"Draf: belum diterbitkan (PPK, PPS dan fasilitator belum melihatnya)",
                     "Draft: not published (PPK, PPS and facilitators do not see it yet)"};
constexpr Txt kPublish{"Terbitkan rencana dan buat akun peserta",
                       "Publish the plan and create the participant accounts"};
constexpr Txt kPublishedDone{"Rencana diterbitkan; akun peserta dibuat:",
                             "Plan published; participant accounts made:"};
constexpr Txt kReasonCol{"Alasan", "Reason"};
constexpr Txt kKecamatan{"Kecamatan", "Kecamatan"};
constexpr Txt kVenue{"Tempat", "Venue"};
constexpr Txt kTime{"Waktu", "Time"};
constexpr Txt kPeople{"Peserta", "People"};
constexpr Txt kFallback{"di luar kecamatan", "outside the kecamatan"};
constexpr Txt kAgenda{"Agenda", "Agenda"};
constexpr Txt kModule{"Materi", "Module"};
constexpr Txt kFacilitator{"Fasilitator", "Facilitator"};
constexpr Txt kDownloads{"Unduhan", "Downloads"};
constexpr Txt kInvitationsPdf{"Surat undangan (PDF, satu halaman per peserta)",
                              "Invitation letters (PDF, one page per participant)"};
constexpr Txt kIcs{"Kalender (.ics)", "Calendar (.ics)"};
constexpr Txt kAttendancePdf{"Daftar hadir (PDF)", "Attendance sheet (PDF)"};
constexpr Txt kCheckIn{"Presensi kelas ini (pindai QR, ketik kode, centang daftar)",
                       "Check in this batch (scan QR, type code, tick list)"};
constexpr Txt kWhatsApp{"Tautan WhatsApp", "WhatsApp links"};
constexpr Txt kNoLink{"tidak ada tautan", "no link"};
constexpr Txt kCapacity{"Kapasitas", "Capacity"};
constexpr Txt kHours{"Jam", "Hours"};
constexpr Txt kModules{"Modul", "Modules"};
constexpr Txt kSessionsPerDay{"Sesi per hari", "Sessions per day"};
constexpr Txt kDates{"Tanggal", "Dates"};
constexpr Txt kEveryDay{"setiap hari", "every day"};
constexpr Txt kInactive{"dibatalkan", "cancelled"};
constexpr Txt kImport{"Impor (CSV atau XLSX)", "Import (CSV or XLSX)"};
constexpr Txt kDryRun{"Periksa saja, jangan simpan", "Check only, save nothing"};
constexpr Txt kUpload{"Unggah", "Upload"};
constexpr Txt kImportDone{"Impor selesai", "Import done"};
constexpr Txt kImportChecked{"Berkas diperiksa (tidak disimpan)", "File checked (nothing saved)"};
constexpr Txt kImportErrors{"Berkas berisi kesalahan; tidak ada yang disimpan.",
                            "The file has errors; nothing was saved."};
constexpr Txt kRows{"Baris", "Rows"};
constexpr Txt kNew{"baru", "new"};
constexpr Txt kUpdated{"diubah", "updated"};
constexpr Txt kColumn{"Kolom", "Column"};
constexpr Txt kValue{"Isi", "Value"};
constexpr Txt kMethod{"Metode", "Method"};
constexpr Txt kMinutes{"Menit", "Minutes"};
constexpr Txt kObjectives{"Tujuan", "Objectives"};
constexpr Txt kVersions{"Versi", "Versions"};
constexpr Txt kEdit{"Ubah (dokumen JSON; disimpan sebagai versi baru)",
                    "Edit (the JSON document; saved as a new version)"};
constexpr Txt kNote{"Catatan perubahan", "What changed"};
constexpr Txt kSave{"Simpan versi baru", "Save a new version"};
constexpr Txt kSavedVersion{"Disimpan sebagai versi", "Saved as version"};
constexpr Txt kPlanLink{"Perencanaan", "Planning"};
constexpr Txt kTotal{"Jumlah", "Total"};

::bimtek::Lang CoreLang(Lang lang) {
  return lang == Lang::kEn ? ::bimtek::Lang::kEn : ::bimtek::Lang::kId;
}

const store::UserRow& User(const Request& req) { return req.principal->user; }

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatUtc(int64_t unix) {
  const std::time_t t = static_cast<std::time_t>(unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string Msgv(const Status& s) { return std::string(s.message().data(), s.message().size()); }

// The query or form field; "" when absent or malformed.
std::string Field(std::string_view encoded, std::string_view name) {
  return std::string(Trim(FormValue(encoded, name).value_or("")));
}

// ?lingkup=CODE, else the scope whose plans the user reads.
StatusOr<Scope> ScopeParam(const Request& req, std::string_view encoded) {
  const std::string s = Field(encoded, "lingkup");
  if (s.empty()) return service::PlanScopeOf(User(req));
  auto scope = ParseScope(s);
  if (!scope.ok()) {
    return absl::InvalidArgumentError(StrCat("parameter lingkup: ", Msgv(scope.status())));
  }
  return *scope;
}

StatusOr<int64_t> NumberParam(const Request& req, std::string_view name) {
  const std::string_view s = req.Param(name);
  int64_t n = 0;
  if (s.empty() || s.size() > 18) n = -1;
  for (char c : s) {
    if (c < '0' || c > '9' || n < 0) {
      return absl::InvalidArgumentError(StrCat(name, " must be a number, not \"", s, "\""));
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

StatusOr<Scope> ScopePathParam(const Request& req) {
  auto scope = ParseScope(req.Param("scope"));
  if (!scope.ok()) return absl::InvalidArgumentError(StrCat("scope: ", Msgv(scope.status())));
  return *scope;
}

StatusOr<store::PlanningStore*> Planning(Request& req) { return req.worker->planning(); }

// The plan in force of `scope` as the user may see it, as the JSON of docs/planning.md.
struct PlanView {
  json j;  // null when there is no (visible) plan
  std::optional<int64_t> published;
  bool whole = false;  // the user is a planner who sees all of it
  bool facilitator = false;     // the user is a facilitator account
  std::set<int64_t> taught;     // then: the ids of the batches they teach
};

StatusOr<PlanView> LoadView(Request& req, const Scope& scope) {
  ASSIGN_OR_RETURN(store::PlanningStore * ps, Planning(req));
  ASSIGN_OR_RETURN(auto v,
                   service::LoadVisiblePlan(req.worker->registry(), *ps, scope, &User(req)));
  PlanView out;
  out.whole = service::IsPlanner(User(req)) && service::CanSee(User(req), scope);
  if (!v) return out;
  out.published = v->published_unix;
  out.facilitator = User(req).role == store::UserRole::kFacilitator;
  if (out.facilitator) {
    for (const plan::Batch& b : v->plan.plan.batches) {
      if (service::TeachesBatch(User(req), v->plan, b)) out.taught.insert(b.id);
    }
  }
  out.j =
      json::parse(service::PlanJson(v->plan, req.worker->registry().ref, CoreLang(LangOf(req))));
  out.j["published"] = v->published_unix.has_value();
  return out;
}

void ScopeForm(Html& m, Lang lang, std::string_view action, const Scope& scope) {
  m.Raw("<form method=\"get\" action=\"").Text(action).Raw("\"><label for=\"lingkup\">");
  m.Text(Tx(lang, kScopeLabel)).Raw("</label> <input type=\"text\" id=\"lingkup\" ");
  m.Raw("name=\"lingkup\" value=\"").Text(scope.ToString()).Raw("\"> <button type=\"submit\">");
  m.Text(Tx(lang, kShow)).Raw("</button></form>");
}

std::string BatchHref(const Scope& scope, const json& b) {
  return StrCat("/kelas/", scope.ToString(), "/", b["id"].get<int64_t>());
}

// The batches table of a plan JSON.
void BatchTable(Html& m, Lang lang, const Scope& scope, const json& list) {
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
  m.Text(Tx(lang, kBatchTitle)).Raw("</th><th scope=\"col\">").Text(T(lang, Msg::kDate));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kTime)).Raw("</th><th scope=\"col\">");
  m.Text(Tx(lang, kVenue)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kKecamatan));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kPeople)).Raw("</th></tr></thead><tbody>");
  for (const json& b : list) {
    m.Raw("<tr><td><a href=\"").Text(BatchHref(scope, b)).Raw("\">");
    m.Text(b["id"].get<int64_t>()).Raw("</a></td><td>").Text(b["date"].get<std::string>());
    m.Raw("</td><td>")
        .Text(StrCat(b["start"].get<std::string>(), "–", b["end"].get<std::string>(), " ",
                     b["zone"].get<std::string>()));
    m.Raw("</td><td>").Text(b["venue"].value("name", std::string("-")));
    if (b.value("fallback", false)) m.Raw(" <em>(").Text(Tx(lang, kFallback)).Raw(")</em>");
    m.Raw("</td><td>")
        .Text(
            StrCat(b["kecamatan"].get<std::string>(), " ", b["kecamatan_name"].get<std::string>()));
    m.Raw("</td><td>").Text(b["people"].get<int64_t>()).Raw("</td></tr>");
  }
  m.Raw("</tbody></table></div>");
}

void HiddenCsrf(Html& m, const Request& req) {
  m.Raw("<input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\">");
}

Response PlannerPageWith(Request& req, const Scope& scope, unsigned status, std::string_view notice,
                         std::string_view error, std::string_view from_text,
                         std::string_view to_text) {
  const Lang lang = LangOf(req);
  auto view = LoadView(req, scope);
  if (!view.ok()) return ErrorPage(req, view.status(), req.principal);
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kPlannerTitle)).Raw("</h1><p><a href=\"/kurikulum\">");
  m.Text(Tx(lang, kCurriculumTitle)).Raw("</a> · <a href=\"/tempat?lingkup=");
  m.Text(scope.ToString()).Raw("\">").Text(Tx(lang, kVenuesTitle));
  m.Raw("</a> · <a href=\"/fasilitator?lingkup=").Text(scope.ToString()).Raw("\">");
  m.Text(Tx(lang, kFacilitatorsTitle)).Raw("</a> · <a href=\"/kelas?lingkup=");
  m.Text(scope.ToString()).Raw("\">").Text(Tx(lang, kBatchesTitle)).Raw("</a></p>");
  if (!notice.empty()) m.Raw("<p role=\"status\" class=\"notice\">").Text(notice).Raw("</p>");
  if (!error.empty()) m.Raw("<p role=\"alert\" class=\"error\">").Text(error).Raw("</p>");
  const json& j = view->j;
  if (view->whole) {
    m.Raw("<form method=\"post\" action=\"/rencana\">");
    HiddenCsrf(m, req);
    m.Raw("<p><label for=\"lingkup\">").Text(Tx(lang, kScopeLabel));
    m.Raw("</label> <input type=\"text\" id=\"lingkup\" name=\"lingkup\" required value=\"");
    m.Text(scope.ToString()).Raw("\"></p><p><label for=\"dari\">").Text(Tx(lang, kFrom));
    m.Raw("</label> <input type=\"date\" id=\"dari\" name=\"dari\" required value=\"");
    m.Text(!from_text.empty() ? std::string(from_text)
                              : (j.is_null() ? std::string() : j["from"].get<std::string>()));
    m.Raw("\"> <label for=\"sampai\">").Text(Tx(lang, kTo));
    m.Raw("</label> <input type=\"date\" id=\"sampai\" name=\"sampai\" required value=\"");
    m.Text(!to_text.empty() ? std::string(to_text)
                            : (j.is_null() ? std::string() : j["to"].get<std::string>()));
    m.Raw("\"></p><p><input type=\"checkbox\" id=\"baru\" name=\"baru\" value=\"1\"> ");
    m.Raw("<label for=\"baru\">").Text(Tx(lang, kFresh)).Raw("</label></p>");
    m.Raw("<p><button type=\"submit\">").Text(Tx(lang, kRun)).Raw("</button></p></form>");
  } else {
    ScopeForm(m, lang, "/rencana", scope);
  }
  if (j.is_null()) {
    m.Raw("<p>").Text(Tx(lang, view->whole ? kNoPlan : kNoPublishedPlan)).Raw("</p>");
    return RenderPage(req, lang, status, Tx(lang, kPlannerTitle), m, req.principal);
  }
  m.Raw("<h2>").Text(Tx(lang, kSummary)).Raw(": ").Text(j["scope_name"].get<std::string>());
  m.Raw(" (").Text(j["scope"].get<std::string>()).Raw(")</h2><dl>");
  auto row = [&](const Txt& t, const std::string& v) {
    m.Raw("<dt>").Text(Tx(lang, t)).Raw("</dt><dd>").Text(v).Raw("</dd>");
  };
  row(kWindow, StrCat(j["from"].get<std::string>(), " – ", j["to"].get<std::string>()));
  row(kCurriculumVersion, StrCat(j["curriculum"]["name"].get<std::string>(), " v",
                                 j["curriculum"]["version"].get<int>()));
  if (view->whole) {
    row(kBatches, std::to_string(j["batches"].get<int64_t>()));
    row(kLowerBound, std::to_string(j["lower_bound"].get<int64_t>()));
    row(kGap, std::to_string(j["gap"].get<int64_t>()));
    row(kCrews, std::to_string(j["crews"].get<int64_t>()));
    row(kPlaced, std::to_string(j["placed"].get<int64_t>()));
    row(kUnplaced, std::to_string(j["unplaced"].get<int64_t>()));
    row(kPeoplePlaced, std::to_string(j["people_placed"].get<int64_t>()));
    row(kMoved, std::to_string(j["moved"].get<int64_t>()));
  }
  m.Raw("<dt>").Text(Tx(lang, kPublished)).Raw("</dt><dd>");
  if (view->published) {
    m.Text(FormatUtc(*view->published));
  } else {
    m.Text(Tx(lang, kDraft));
  }
  m.Raw("</dd></dl>");
  if (view->whole && !view->published) {
    m.Raw("<form method=\"post\" action=\"/rencana/terbitkan\">");
    HiddenCsrf(m, req);
    m.Raw("<input type=\"hidden\" name=\"lingkup\" value=\"").Text(scope.ToString());
    m.Raw("\"><button type=\"submit\">").Text(Tx(lang, kPublish)).Raw("</button></form>");
  }
  if (view->whole && !j["unplaced_crews"].empty()) {
    m.Raw("<h2>").Text(Tx(lang, kUnplaced)).Raw("</h2>");
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
    m.Text(T(lang, Msg::kTps)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kKecamatan));
    m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kReasonCol)).Raw("</th></tr></thead><tbody>");
    for (const json& u : j["unplaced_crews"]) {
      m.Raw("<tr><td>").Text(u["tps"].get<std::string>()).Raw("</td><td>");
      m.Text(u.value("kecamatan", std::string())).Raw("</td><td>");
      m.Text(u.value("message", u.value("reason", std::string()))).Raw(" <code>");
      m.Text(u.value("reason", std::string())).Raw("</code></td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  if (view->whole && !j["moved_crews"].empty()) {
    m.Raw("<h2>").Text(Tx(lang, kMoved)).Raw("</h2><ul>");
    for (const json& mv : j["moved_crews"]) {
      m.Raw("<li>").Text(mv["tps"].get<std::string>()).Raw(": ");
      m.Text(mv["from_batch"].get<int64_t>()).Raw(" → ").Text(mv["to_batch"].get<int64_t>());
      m.Raw("</li>");
    }
    m.Raw("</ul>");
  }
  m.Raw("<h2>").Text(Tx(lang, kBatches)).Raw("</h2>");
  BatchTable(m, lang, scope, j["batch_list"]);
  return RenderPage(req, lang, status, Tx(lang, kPlannerTitle), m, req.principal);
}

// The batch `id` of the plan in force of `scope` as JSON (from the plan JSON); NotFound when the
// user may not see it or it does not exist.
StatusOr<std::pair<json, PlanView>> LoadBatch(Request& req, const Scope& scope, int64_t id) {
  ASSIGN_OR_RETURN(PlanView view, LoadView(req, scope));
  if (!view.j.is_null()) {
    for (const json& b : view.j["batch_list"]) {
      if (b["id"].get<int64_t>() == id) return std::make_pair(b, std::move(view));
    }
  }
  return absl::NotFoundError(StrCat("batch ", id, " of the plan of ", scope.ToString()));
}

std::string AccessUrlBase(const Request& req) {
  const std::string host(req.Header("Host").value_or("127.0.0.1"));
  return StrCat(req.worker->config().secure_cookies ? "https://" : "http://", host,
                "/login/peserta?kode=");
}

StatusOr<render::Batch> DocumentOf(Request& req, const Scope& scope, int64_t id, bool with_codes) {
  ASSIGN_OR_RETURN(store::PlanningStore * ps, Planning(req));
  if (req.worker->auth() == nullptr) {
    return absl::UnavailableError("this server has no account store");
  }
  if (with_codes && !service::IsPlanner(User(req))) {
    return absl::PermissionDeniedError(
        StrCat("user ", User(req).username, " may not print invitation letters"));
  }
  service::LetterOptions o;
  o.with_codes = with_codes;
  return service::BatchDocument(req.worker->registry(), *ps, *req.worker->auth(), scope, id,
                                &User(req), o);
}

Response Download(std::string body, std::string_view type, std::string_view filename) {
  Response res{200, std::string(type), std::move(body), {}};
  res.headers.emplace_back("Content-Disposition",
                           StrCat("attachment; filename=\"", filename, "\""));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

std::string CurriculumText(const plan::Curriculum& c) { return service::CurriculumToJson(c); }

const char* MethodText(Lang lang, plan::Method m) {
  switch (m) {
    case plan::Method::kLecture:
      return lang == Lang::kEn ? "lecture" : "ceramah";
    case plan::Method::kDiscussion:
      return lang == Lang::kEn ? "discussion" : "diskusi";
    case plan::Method::kSimulation:
      return lang == Lang::kEn ? "simulation" : "simulasi";
    case plan::Method::kPractice:
      return lang == Lang::kEn ? "practice" : "praktik";
  }
  return "";
}

Response CurriculumPageWith(Request& req, unsigned status, std::string_view notice,
                            const std::vector<std::string>& errors, std::string_view draft) {
  const Lang lang = LangOf(req);
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorPage(req, ps.status(), req.principal);
  auto cur = service::CurrentCurriculum(**ps);
  if (!cur.ok()) return ErrorPage(req, cur.status(), req.principal);
  plan::Curriculum c = *cur;
  const std::string v = Field(req.query, "versi");
  if (!v.empty()) {
    int version = 0;
    for (char ch : v)
      version = (ch >= '0' && ch <= '9' && version < 100000) ? version * 10 + (ch - '0') : -1000000;
    auto row = version > 0 ? (*ps)->FindCurriculum(c.name, version)
                           : StatusOr<std::optional<store::CurriculumVersionRow>>(
                                 absl::InvalidArgumentError("versi must be a version number"));
    if (!row.ok()) return ErrorPage(req, row.status(), req.principal);
    if (!*row) {
      return ErrorPage(req, absl::NotFoundError(StrCat("curriculum version ", v)), req.principal);
    }
    auto parsed = service::CurriculumFromJson((*row)->content_json);
    if (!parsed.ok()) return ErrorPage(req, parsed.status(), req.principal);
    c = *parsed;
    c.version = (*row)->version;
  }
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kCurriculumTitle)).Raw(": ").Text(c.title.empty() ? c.name : c.title);
  m.Raw(" (v").Text(c.version).Raw(")</h1><p><a href=\"/rencana\">").Text(Tx(lang, kPlanLink));
  m.Raw("</a></p>");
  if (!notice.empty()) m.Raw("<p role=\"status\" class=\"notice\">").Text(notice).Raw("</p>");
  if (!c.note.empty()) m.Raw("<p>").Text(c.note).Raw("</p>");
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
  m.Text(T(lang, Msg::kCode)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kModule));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kMethod)).Raw("</th><th scope=\"col\">");
  m.Text(Tx(lang, kMinutes)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kObjectives));
  m.Raw("</th></tr></thead><tbody>");
  for (const plan::Module& mod : c.modules) {
    m.Raw("<tr><td>").Text(mod.id).Raw("</td><td>").Text(mod.title).Raw("</td><td>");
    m.Text(MethodText(lang, mod.method)).Raw("</td><td>").Text(mod.minutes).Raw("</td><td><ul>");
    for (const std::string& o : mod.objectives) m.Raw("<li>").Text(o).Raw("</li>");
    m.Raw("</ul></td></tr>");
  }
  m.Raw("</tbody></table></div><h2>").Text(Tx(lang, kVersions)).Raw("</h2><ul>");
  auto versions = (*ps)->ListCurriculumVersions(c.name);
  if (!versions.ok()) return ErrorPage(req, versions.status(), req.principal);
  for (const auto& row : *versions) {
    m.Raw("<li><a href=\"/kurikulum?versi=").Text(row.version).Raw("\">v").Text(row.version);
    m.Raw("</a> ").Text(FormatUtc(row.created_unix));
    if (!row.note.empty()) m.Raw(": ").Text(row.note);
    m.Raw("</li>");
  }
  m.Raw("</ul>");
  if (service::IsPlanner(User(req))) {
    m.Raw("<h2>").Text(Tx(lang, kEdit)).Raw("</h2>");
    if (!errors.empty()) {
      m.Raw("<div role=\"alert\" class=\"error\"><ul>");
      for (const auto& e : errors) m.Raw("<li>").Text(e).Raw("</li>");
      m.Raw("</ul></div>");
    }
    m.Raw("<form method=\"post\" action=\"/kurikulum\">");
    HiddenCsrf(m, req);
    m.Raw("<p><textarea name=\"json\" id=\"json\" rows=\"24\" cols=\"100\" aria-label=\"JSON\">");
    m.Text(draft.empty() ? CurriculumText(c) : std::string(draft));
    m.Raw("</textarea></p><p><label for=\"note\">").Text(Tx(lang, kNote));
    m.Raw("</label> <input type=\"text\" id=\"note\" name=\"note\"></p><p>");
    m.Raw("<button type=\"submit\">").Text(Tx(lang, kSave)).Raw("</button></p></form>");
  }
  return RenderPage(req, lang, status, Tx(lang, kCurriculumTitle), m, req.principal);
}

std::string ListText(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string DatesText(Lang lang, const std::vector<Date>& dates) {
  if (dates.empty()) return Tx(lang, kEveryDay);
  std::vector<std::string> s;
  for (const Date& d : dates) s.push_back(FormatIsoDate(d));
  return ListText(s, ", ");
}

void ImportForm(Html& m, const Request& req, Lang lang, std::string_view action) {
  m.Raw("<h2>").Text(Tx(lang, kImport)).Raw("</h2><form method=\"post\" action=\"");
  m.Text(action).Raw("\" enctype=\"multipart/form-data\">");
  HiddenCsrf(m, req);
  m.Raw("<p><input type=\"file\" name=\"file\" id=\"file\" aria-label=\"file\" required></p>");
  m.Raw("<p><input type=\"checkbox\" id=\"dry_run\" name=\"dry_run\" value=\"1\"> <label ");
  m.Raw("for=\"dry_run\">").Text(Tx(lang, kDryRun)).Raw("</label></p><p><button type=\"submit\">");
  m.Text(Tx(lang, kUpload)).Raw("</button></p></form>");
}

Response ResourcesPage(Request& req, bool venues) {
  const Lang lang = LangOf(req);
  auto scope = ScopeParam(req, req.query);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  if (Status s = service::CheckScope(User(req), *scope); !s.ok()) {
    return ErrorPage(req, s, req.principal);
  }
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorPage(req, ps.status(), req.principal);
  const Txt& title = venues ? kVenuesTitle : kFacilitatorsTitle;
  Html m;
  m.Raw("<h1>").Text(Tx(lang, title)).Raw(" ").Text(scope->ToString()).Raw("</h1>");
  m.Raw("<p><a href=\"/rencana?lingkup=").Text(scope->ToString()).Raw("\">");
  m.Text(Tx(lang, kPlanLink)).Raw("</a></p>");
  ScopeForm(m, lang, venues ? "/tempat" : "/fasilitator", *scope);
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
  m.Text(T(lang, Msg::kCode)).Raw("</th><th scope=\"col\">").Text(T(lang, Msg::kName));
  m.Raw("</th><th scope=\"col\">").Text(T(lang, Msg::kRegion)).Raw("</th><th scope=\"col\">");
  if (venues) {
    m.Text(Tx(lang, kCapacity)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kHours));
  } else {
    m.Text(Tx(lang, kModules)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kSessionsPerDay));
    m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kDates));
  }
  m.Raw("</th></tr></thead><tbody>");
  int64_t n = 0;
  if (venues) {
    auto list = (*ps)->ListVenues(*scope);
    if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
    for (const plan::Venue& v : *list) {
      ++n;
      m.Raw("<tr><td>").Text(v.code).Raw("</td><td>").Text(v.name);
      if (!v.active) m.Raw(" <em>(").Text(Tx(lang, kInactive)).Raw(")</em>");
      m.Raw("<br><small>").Text(v.address).Raw("</small></td><td>");
      m.Text(FormatRegionCode(v.region)).Raw("</td><td>").Text(v.capacity).Raw("</td><td>");
      m.Text(plan::FormatVenueHours(v.hours)).Raw("</td></tr>");
    }
  } else {
    auto list = (*ps)->ListFacilitators(*scope);
    if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
    for (const plan::Facilitator& f : *list) {
      ++n;
      m.Raw("<tr><td>").Text(f.code).Raw("</td><td>").Text(f.name);
      if (!f.active) m.Raw(" <em>(").Text(Tx(lang, kInactive)).Raw(")</em>");
      m.Raw("</td><td>").Text(FormatRegionCode(f.home)).Raw("</td><td>");
      m.Text(ListText(f.modules, ", ")).Raw("</td><td>").Text(f.max_sessions_per_day);
      m.Raw("</td><td>").Text(DatesText(lang, f.dates)).Raw("</td></tr>");
    }
  }
  m.Raw("</tbody></table></div><p>").Text(Tx(lang, kTotal)).Raw(": ").Text(n).Raw("</p>");
  if (service::IsPlanner(User(req))) {
    ImportForm(m, req, lang, venues ? "/tempat/impor" : "/fasilitator/impor");
  }
  return RenderPage(req, lang, 200, Tx(lang, title), m, req.principal);
}

Response ResourcesImport(Request& req, bool venues) {
  const Lang lang = LangOf(req);
  const auto boundary = MultipartBoundary(req.Header("Content-Type").value_or(""));
  if (!boundary) {
    return ErrorPage(req, absl::InvalidArgumentError("the form must be multipart/form-data"),
                     req.principal);
  }
  const std::vector<FormPart>& parts = req.form_parts;  // read, CSRF checked: RequireFormCsrf
  if (!service::IsPlanner(User(req))) {
    return ErrorPage(req,
                     absl::PermissionDeniedError(
                         StrCat("user ", User(req).username, " may not import planning data")),
                     req.principal);
  }
  const FormPart* file = FindPart(parts, "file");
  if (file == nullptr || file->data.empty()) {
    return ErrorPage(req, absl::InvalidArgumentError("choose a file to upload"), req.principal);
  }
  const FormPart* dry = FindPart(parts, "dry_run");
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorPage(req, ps.status(), req.principal);
  auto sheet = io::OpenSheetBytes(std::string(file->data), file->filename);
  if (!sheet.ok()) return ErrorPage(req, sheet.status(), req.principal);
  service::ImportOptions options;
  options.dry_run = dry != nullptr && dry->data == "1";
  options.scope = service::ScopeOf(User(req));
  auto report =
      venues
          ? service::ImportVenues(req.worker->registry(), **ps, **sheet, options, &User(req))
          : service::ImportFacilitators(req.worker->registry(), **ps, **sheet, options, &User(req));
  if (!report.ok()) return ErrorPage(req, report.status(), req.principal);
  const Txt& title = venues ? kVenuesTitle : kFacilitatorsTitle;
  Html m;
  m.Raw("<h1>").Text(Tx(lang, title)).Raw(": ").Text(Tx(lang, kImport)).Raw("</h1>");
  if (!report->errors.empty()) {
    m.Raw("<p role=\"alert\" class=\"error\">").Text(Tx(lang, kImportErrors)).Raw("</p>");
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
    m.Text(Tx(lang, kRows)).Raw("</th><th scope=\"col\">").Text(Tx(lang, kColumn));
    m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kValue)).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, kReasonCol)).Raw("</th></tr></thead><tbody>");
    for (const service::RowProblem& p : report->errors) {
      m.Raw("<tr><td>").Text(p.row).Raw("</td><td>").Text(p.column).Raw("</td><td>");
      m.Text(p.value).Raw("</td><td>").Text(Describe(p.problem, CoreLang(lang)));
      m.Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  } else {
    m.Raw("<p role=\"status\" class=\"notice\">");
    m.Text(Tx(lang, report->committed ? kImportDone : kImportChecked)).Raw(": ");
    m.Text(report->rows).Raw(" ").Text(Tx(lang, kRows)).Raw(", ").Text(report->inserted);
    m.Raw(" ").Text(Tx(lang, kNew)).Raw(", ").Text(report->updated).Raw(" ");
    m.Text(Tx(lang, kUpdated)).Raw("</p>");
  }
  m.Raw("<p><a href=\"").Text(venues ? "/tempat" : "/fasilitator").Raw("\">");
  m.Text(Tx(lang, title)).Raw("</a></p>");
  return RenderPage(req, lang, report->errors.empty() ? 200 : 422, Tx(lang, title), m,
                    req.principal);
}

Status RunFromForm(Request& req, const Scope& scope, std::string_view from_text,
                   std::string_view to_text, bool fresh, bool dry_run, service::PlanOutcome* out) {
  const auto from = ParseIsoDate(from_text);
  const auto to = ParseIsoDate(to_text);
  if (!from || !to) {
    return absl::InvalidArgumentError(
        StrCat("from \"", from_text, "\" and to \"", to_text, "\" must be dates like 2024-01-25"));
  }
  ASSIGN_OR_RETURN(store::PlanningStore * ps, Planning(req));
  service::PlanRequest r;
  r.scope = scope;
  r.from = *from;
  r.to = *to;
  r.fresh = fresh;
  r.dry_run = dry_run;
  if (!service::IsPlanner(User(req))) {
    return absl::PermissionDeniedError(StrCat("user ", User(req).username, " may not plan"));
  }
  ASSIGN_OR_RETURN(*out, service::RunPlan(req.worker->registry(), *ps, r, &User(req)));
  return absl::OkStatus();
}

}  // namespace

Response CurriculumPage(Request& req) { return CurriculumPageWith(req, 200, "", {}, ""); }

Response CurriculumSave(Request& req) {
  const Lang lang = LangOf(req);
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorPage(req, ps.status(), req.principal);
  const std::string text = FormValue(req.body, "json").value_or("");
  const std::string note = Field(req.body, "note");
  auto c = service::CurriculumFromJson(text);
  if (!c.ok()) {
    if (!absl::IsInvalidArgument(c.status())) return ErrorPage(req, c.status(), req.principal);
    std::vector<std::string> errors;
    for (std::string_view line : Split(Msgv(c.status()), '\n')) {
      if (!Trim(line).empty()) errors.emplace_back(line);
    }
    return CurriculumPageWith(req, 422, "", errors, text);
  }
  auto current = service::CurrentCurriculum(**ps);  // stores the default as version 1 first
  if (!current.ok()) return ErrorPage(req, current.status(), req.principal);
  auto v = service::SaveCurriculumVersion(**ps, &User(req), *c, note);
  if (!v.ok()) {
    if (absl::IsInvalidArgument(v.status())) {
      return CurriculumPageWith(req, 422, "", {Msgv(v.status())}, text);
    }
    return ErrorPage(req, v.status(), req.principal);
  }
  return CurriculumPageWith(req, 200, StrCat(Tx(lang, kSavedVersion), " ", *v), {}, "");
}

Response VenuesPage(Request& req) { return ResourcesPage(req, true); }
Response FacilitatorsPage(Request& req) { return ResourcesPage(req, false); }
Response VenuesImport(Request& req) { return ResourcesImport(req, true); }
Response FacilitatorsImport(Request& req) { return ResourcesImport(req, false); }

Response PlannerPage(Request& req) {
  auto scope = ScopeParam(req, req.query);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  std::string notice;
  const std::string published = Field(req.query, "terbit");
  if (!published.empty()) notice = StrCat(Tx(LangOf(req), kPublishedDone), " ", published);
  return PlannerPageWith(req, *scope, 200, notice, "", "", "");
}

Response PlannerRun(Request& req) {
  auto scope = ScopeParam(req, req.body);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  const std::string from = Field(req.body, "dari");
  const std::string to = Field(req.body, "sampai");
  service::PlanOutcome out;
  Status s = RunFromForm(req, *scope, from, to, Field(req.body, "baru") == "1", false, &out);
  if (absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s)) {
    return PlannerPageWith(req, *scope, 422, "", Msgv(s), from, to);
  }
  if (!s.ok()) return ErrorPage(req, s, req.principal);
  return Redirect(StrCat("/rencana?lingkup=", scope->ToString()));
}

Response PlannerPublish(Request& req) {
  auto scope = ScopeParam(req, req.body);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorPage(req, ps.status(), req.principal);
  if (req.worker->auth() == nullptr) {
    return ErrorPage(req, absl::UnavailableError("this server has no account store"),
                     req.principal);
  }
  auto n = service::PublishPlan(req.worker->registry(), **ps, *req.worker->auth(), *scope,
                                &User(req), NowUnix());
  if (!n.ok()) return ErrorPage(req, n.status(), req.principal);
  return Redirect(StrCat("/rencana?lingkup=", scope->ToString(), "&terbit=", *n));
}

Response BatchesPage(Request& req) {
  const Lang lang = LangOf(req);
  auto scope = ScopeParam(req, req.query);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto view = LoadView(req, *scope);
  if (!view.ok()) return ErrorPage(req, view.status(), req.principal);
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kBatchesTitle)).Raw(" ").Text(scope->ToString()).Raw("</h1>");
  ScopeForm(m, lang, "/kelas", *scope);
  if (view->j.is_null()) {
    m.Raw("<p>").Text(Tx(lang, view->whole ? kNoPlan : kNoPublishedPlan)).Raw("</p>");
  } else {
    if (view->whole) {
      m.Raw("<p><a href=\"/rencana?lingkup=").Text(scope->ToString()).Raw("\">");
      m.Text(Tx(lang, kPlanLink)).Raw("</a></p>");
    }
    // A facilitator may narrow the list to the batches they teach (?saya=1).
    const bool mine = view->facilitator && FormValue(req.query, "saya").value_or("") == "1";
    if (view->facilitator) {
      const std::string base = StrCat("/kelas?lingkup=", scope->ToString());
      m.Raw("<p>");
      if (mine) {
        m.Raw("<strong>").Text(Tx(lang, {"Kelas yang saya ajar", "Batches I teach"}));
        m.Raw("</strong> · <a href=\"").Text(base).Raw("\">");
        m.Text(Tx(lang, {"semua kelas", "all batches"})).Raw("</a>");
      } else {
        m.Raw("<a href=\"").Text(StrCat(base, "&saya=1")).Raw("\">");
        m.Text(Tx(lang, {"Kelas yang saya ajar", "Batches I teach"}));
        m.Raw("</a> (").Text(static_cast<int64_t>(view->taught.size())).Raw(")");
      }
      m.Raw("</p>");
    }
    if (mine) {
      json list = json::array();
      for (const json& b : view->j["batch_list"]) {
        if (view->taught.count(b["id"].get<int64_t>()) > 0) list.push_back(b);
      }
      if (list.empty()) {
        m.Raw("<p>").Text(Tx(lang, {"Anda tidak mengajar di kelas mana pun di sini.",
                                     "You teach in none of these batches."}));
        m.Raw("</p>");
      } else {
        BatchTable(m, lang, *scope, list);
      }
    } else {
      BatchTable(m, lang, *scope, view->j["batch_list"]);
    }
  }
  return RenderPage(req, lang, 200, Tx(lang, kBatchesTitle), m, req.principal);
}

Response BatchPage(Request& req) {
  const Lang lang = LangOf(req);
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto id = NumberParam(req, "id");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto loaded = LoadBatch(req, *scope, *id);
  if (!loaded.ok()) return ErrorPage(req, loaded.status(), req.principal);
  const json& b = loaded->first;
  const std::string base = StrCat("/kelas/", scope->ToString(), "/", *id);
  Html m;
  m.Raw("<p><a href=\"/kelas?lingkup=").Text(scope->ToString()).Raw("\">");
  m.Text(Tx(lang, kBatchesTitle)).Raw("</a></p><h1>").Text(Tx(lang, kBatchTitle)).Raw(" ");
  m.Text(*id).Raw(": ").Text(b["kecamatan_name"].get<std::string>()).Raw("</h1><dl><dt>");
  m.Text(T(lang, Msg::kDate)).Raw("</dt><dd>");
  if (auto d = ParseIsoDate(b["date"].get<std::string>())) {
    m.Text(lang == Lang::kEn ? FormatIsoDate(*d) : FormatIndonesianDayDate(*d));
  }
  m.Raw("</dd><dt>").Text(Tx(lang, kTime)).Raw("</dt><dd>");
  m.Text(StrCat(b["start"].get<std::string>(), "–", b["end"].get<std::string>(), " ",
                b["zone"].get<std::string>()));
  m.Raw(" (").Text(lang == Lang::kEn ? "local time" : "waktu setempat").Raw(")</dd><dt>");
  m.Text(Tx(lang, kVenue)).Raw("</dt><dd>").Text(b["venue"].value("name", std::string("-")));
  m.Raw("<br>").Text(b["venue"].value("address", std::string()));
  if (b.value("fallback", false)) m.Raw(" <em>(").Text(Tx(lang, kFallback)).Raw(")</em>");
  m.Raw("</dd><dt>").Text(Tx(lang, kPeople)).Raw("</dt><dd>").Text(b["people"].get<int64_t>());
  m.Raw("</dd></dl><h2>").Text(Tx(lang, kAgenda)).Raw("</h2>");
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">");
  m.Text(StrCat(Tx(lang, kTime), " (", b["zone"].get<std::string>(), ")"));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, kModule)).Raw("</th><th scope=\"col\">");
  m.Text(Tx(lang, kFacilitator)).Raw("</th></tr></thead><tbody>");
  for (const json& s : b["sessions"]) {
    m.Raw("<tr><td>").Text(StrCat(s["start"].get<std::string>(), "–", s["end"].get<std::string>()));
    m.Raw("</td><td>")
        .Text(StrCat(s["module"].get<std::string>(), ". ", s.value("title", std::string())));
    m.Raw("</td><td>").Text(s["facilitator"].value("name", std::string("-")));
    m.Raw("</td></tr>");
  }
  m.Raw("</tbody></table></div><h2>").Text(T(lang, Msg::kTpsList)).Raw("</h2><ul>");
  for (const json& t : b["crews"]) m.Raw("<li>").Text(t.get<std::string>()).Raw("</li>");
  m.Raw("</ul><h2>").Text(Tx(lang, kDownloads)).Raw("</h2><ul>");
  const bool planner = service::IsPlanner(User(req));
  if (planner) {
    m.Raw("<li><a href=\"").Text(base).Raw("/undangan.pdf\">").Text(Tx(lang, kInvitationsPdf));
    m.Raw("</a></li>");
  }
  m.Raw("<li><a href=\"").Text(base).Raw("/kelas.ics\">").Text(Tx(lang, kIcs)).Raw("</a></li>");
  m.Raw("<li><a href=\"").Text(base).Raw("/daftar-hadir.pdf\">").Text(Tx(lang, kAttendancePdf));
  m.Raw("</a></li></ul><p><a href=\"/hadir/").Text(scope->ToString()).Raw("/").Text(std::to_string(*id));
  m.Raw("\">").Text(Tx(lang, kCheckIn)).Raw("</a></p>");
  if (planner && loaded->second.published) {
    // The WhatsApp links carry the access codes: planners only, once the plan is published.
    auto doc = DocumentOf(req, *scope, *id, true);
    if (!doc.ok()) return ErrorPage(req, doc.status(), req.principal);
    render::RenderOptions ro;
    ro.access_url_base = AccessUrlBase(req);
    m.Raw("<h2>").Text(Tx(lang, kWhatsApp)).Raw("</h2><ol>");
    for (const render::Participant& p : doc->participants) {
      m.Raw("<li>").Text(StrCat(p.name, " (", p.position, ", ", p.tps, "): "));
      auto link = render::ParticipantWhatsAppLink(*doc, p, ro);
      if (link.ok()) {
        m.Raw("<a href=\"").Text(*link).Raw("\" rel=\"noopener\">wa.me</a>");
      } else {
        m.Text(Tx(lang, kNoLink)).Raw(" (").Text(Msgv(link.status())).Raw(")");
      }
      m.Raw("</li>");
    }
    m.Raw("</ol>");
  }
  return RenderPage(req, lang, 200, Tx(lang, kBatchTitle), m, req.principal);
}

Response BatchInvitationsPdf(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto id = NumberParam(req, "id");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto doc = DocumentOf(req, *scope, *id, true);
  if (!doc.ok()) return ErrorPage(req, doc.status(), req.principal);
  render::RenderOptions ro;
  ro.access_url_base = AccessUrlBase(req);
  auto pdf = render::InvitationLettersPdf(*doc, ro);
  if (!pdf.ok()) return ErrorPage(req, pdf.status(), req.principal);
  return Download(std::move(*pdf), "application/pdf", StrCat("undangan-", doc->id, ".pdf"));
}

Response BatchIcs(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto id = NumberParam(req, "id");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto doc = DocumentOf(req, *scope, *id, false);
  if (!doc.ok()) return ErrorPage(req, doc.status(), req.principal);
  render::RenderOptions ro;
  const std::string host(req.Header("Host").value_or("bimtek.kpu.go.id"));
  ro.uid_domain = std::string(host.substr(0, host.find(':')));
  return Download(render::BatchIcs(*doc, ro, NowUnix()), "text/calendar; charset=utf-8",
                  StrCat(doc->id, ".ics"));
}

Response BatchAttendancePdf(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto id = NumberParam(req, "id");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto doc = DocumentOf(req, *scope, *id, false);
  if (!doc.ok()) return ErrorPage(req, doc.status(), req.principal);
  auto pdf = render::AttendanceSheetPdf(*doc);
  if (!pdf.ok()) return ErrorPage(req, pdf.status(), req.principal);
  return Download(std::move(*pdf), "application/pdf", StrCat("daftar-hadir-", doc->id, ".pdf"));
}

Response PlanRunApi(Request& req) {
  const json& body = req.json;
  if (!body.is_object() || !body.contains("scope") || !body["scope"].is_string() ||
      !body.contains("from") || !body["from"].is_string() || !body.contains("to") ||
      !body["to"].is_string()) {
    return ErrorResponse(req, absl::InvalidArgumentError(
                                  "the body must be {\"scope\":\"32.71\",\"from\":\"2024-01-25\","
                                  "\"to\":\"2024-01-29\"} (fresh, dry_run optional)"));
  }
  auto scope = ParseScope(body["scope"].get<std::string>());
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  service::PlanOutcome out;
  Status s =
      RunFromForm(req, *scope, body["from"].get<std::string>(), body["to"].get<std::string>(),
                  body.value("fresh", false), body.value("dry_run", false), &out);
  if (!s.ok()) return ErrorResponse(req, s);
  return Response::RawJson(
      200, service::PlanJson(out, req.worker->registry().ref, CoreLang(LangOf(req))));
}

Response PlanGetApi(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto view = LoadView(req, *scope);
  if (!view.ok()) return ErrorResponse(req, view.status());
  if (view->j.is_null()) {
    return ErrorResponse(req, absl::NotFoundError(StrCat("no plan of ", scope->ToString())));
  }
  return Response::Json(200, view->j);
}

Response PlanBatchApi(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto id = NumberParam(req, "id");
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto loaded = LoadBatch(req, *scope, *id);
  if (!loaded.ok()) return ErrorResponse(req, loaded.status());
  json b = loaded->first;
  b["plan_id"] = loaded->second.j["plan_id"];
  b["published"] = loaded->second.published.has_value();
  return Response::Json(200, b);
}

Response PlanPublishApi(Request& req) {
  auto scope = ScopePathParam(req);
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto ps = Planning(req);
  if (!ps.ok()) return ErrorResponse(req, ps.status());
  if (req.worker->auth() == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  auto n = service::PublishPlan(req.worker->registry(), **ps, *req.worker->auth(), *scope,
                                &User(req), NowUnix());
  if (!n.ok()) return ErrorResponse(req, n.status());
  return Response::Json(
      200, json{{"scope", scope->ToString()}, {"published", true}, {"participants", *n}});
}

}  // namespace bimtek::http::handlers
