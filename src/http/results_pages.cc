#include "http/results_pages.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "http/context.h"
#include "http/html.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "service/auth.h"
#include "service/results.h"

namespace bimtek::http::handlers {

namespace {

using service::Figures;
using service::GroupBy;
using service::PracticeFigures;

const char* Tr(Lang lang, const char* id, const char* en) { return lang == Lang::kEn ? en : id; }

StatusOr<service::ResultsReports*> ReportsOf(Request& req) { return req.worker->results_reports(); }

StatusOr<int64_t> IdParam(std::string_view s, std::string_view what) {
  if (s.empty() || s.size() > 18 || !IsAllDigits(s)) {
    return absl::InvalidArgumentError(StrCat("'", s, "' is not a ", what, " number"));
  }
  return std::stoll(std::string(s));
}

// ?NAME=ID (0 when absent or empty).
StatusOr<int64_t> QueryId(const Request& req, std::string_view name) {
  auto v = FormValue(req.query, name);
  if (!v || v->empty()) return int64_t{0};
  return IdParam(*v, "test");
}

StatusOr<Scope> QueryScope(const Request& req, std::string_view name, const Scope& fallback) {
  auto v = FormValue(req.query, name);
  if (!v || v->empty()) return fallback;
  return ParseScope(*v);
}

std::string Pct(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : std::string("–");
}
std::string Gain(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *v) : std::string("–");
}

std::string TestLabel(Lang lang, const service::TestPair& p) {
  std::string out;
  if (p.pre) out += StrCat(Tr(lang, "Pra-tes: ", "Pre-test: "), p.pre->name, " (#", p.pre->id, ")");
  if (p.post) {
    if (!out.empty()) out += " · ";
    out += StrCat(Tr(lang, "Pasca-tes: ", "Post-test: "), p.post->name, " (#", p.post->id, ")");
  }
  if (out.empty()) out = Tr(lang, "Belum ada tes di wilayah ini.", "No test in this region yet.");
  return out;
}

void FigureHead(Html& m, Lang lang, const char* first) {
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">").Text(first);
  const char* cols[][2] = {{"Peserta", "People"},
                           {"Pra-tes (n)", "Pre-test (n)"},
                           {"Rata-rata pra", "Mean pre"},
                           {"Pasca-tes (n)", "Post-test (n)"},
                           {"Rata-rata pasca", "Mean post"},
                           {"Lulus %", "Pass %"},
                           {"Remedial", "Remedial"},
                           {"Gain rata-rata kelas", "Gain of the means"},
                           {"Rata-rata gain pribadi", "Mean of personal gains"},
                           {"Latihan penghitungan", "Counting exercises"},
                           {"Akurasi penghitungan %", "Counting accuracy %"},
                           {"Skenario", "Scenarios"},
                           {"Akurasi skenario %", "Scenario accuracy %"}};
  for (const auto& c : cols)
    m.Raw("</th><th scope=\"col\" class=\"num\">").Text(Tr(lang, c[0], c[1]));
  m.Raw("</th></tr></thead><tbody>");
}

void FigureCells(Html& m, const Figures& f) {
  auto td = [&](const std::string& s) { m.Raw("<td class=\"num\">").Text(s).Raw("</td>"); };
  td(std::to_string(f.people));
  td(std::to_string(f.pre_n));
  td(Pct(f.mean_pre));
  td(std::to_string(f.post_n));
  td(Pct(f.mean_post));
  td(Pct(f.pass_rate));
  td(std::to_string(f.remedial));
  td(Gain(f.gain.gain_of_means));
  td(Gain(f.gain.mean_of_gains) +
     (f.gain.n_undefined ? StrCat(" (", f.gain.n_undefined, "×100)") : std::string()));
  td(std::to_string(f.counting.results));
  td(Pct(f.counting.accuracy()));
  td(std::to_string(f.scenario.results));
  td(Pct(f.scenario.accuracy()));
}

void Legend(Html& m, Lang lang) {
  m.Raw("<p><small>")
      .Text(Tr(lang,
               "Gain Hake g = (pasca − pra) / (100 − pra). \"Gain rata-rata kelas\": dari nilai "
               "rata-rata pra dan pasca (definisi Hake); \"rata-rata gain pribadi\": rata-rata "
               "gain tiap orang yang punya kedua nilai, tanpa yang pra-tesnya 100 (gain tak "
               "terdefinisi; jumlahnya dalam kurung). Lulus % dihitung dari pasca-tes (pra-tes "
               "bila belum ada pasca-tes). Latihan: hasil latihan penghitungan suara dan "
               "skenario darurat para peserta; akurasi = skor / skor maksimum.",
               "Hake's gain g = (post − pre) / (100 − pre). \"Gain of the means\": from the mean "
               "pre and post scores (Hake's definition); \"mean of personal gains\": the mean "
               "of each person's gain among those with both scores, leaving out a pre-test of "
               "100 (gain undefined; their number in brackets). Pass % is of the post-test (of "
               "the pre-test while there is none). Practice: the participants' counting "
               "exercises and emergency scenarios; accuracy = score / maximum score."))
      .Raw("</small></p>");
}

// The test picker (a plain GET form) for `action`.
void Picker(Html& m, Lang lang, const std::vector<store::TestRow>& tests,
            const service::TestPair& pair, std::string_view action, std::optional<GroupBy> by) {
  if (tests.empty()) return;
  const int64_t current = pair.main() ? pair.main()->id : 0;
  m.Raw("<form method=\"get\" action=\"")
      .Text(action)
      .Raw("\"><label>")
      .Text(Tr(lang, "Tes", "Test"))
      .Raw(" <select name=\"ujian\">");
  for (const auto& t : tests) {
    m.Raw("<option value=\"").Text(t.id).Raw("\"");
    if (t.id == current) m.Raw(" selected");
    m.Raw(">#")
        .Text(t.id)
        .Raw(" ")
        .Text(t.name)
        .Raw(" (")
        .Text(t.kind == store::TestKind::kPre ? Tr(lang, "pra", "pre") : Tr(lang, "pasca", "post"))
        .Raw(")</option>");
  }
  m.Raw("</select></label> ");
  if (by) {
    m.Raw("<label>").Text(Tr(lang, "Kelompok", "Group by")).Raw(" <select name=\"by\">");
    const std::pair<GroupBy, const char*> opts[] = {{GroupBy::kRegion, "wilayah"},
                                                    {GroupBy::kBatch, "kelas"},
                                                    {GroupBy::kFacilitator, "fasilitator"}};
    for (const auto& [g, v] : opts) {
      m.Raw("<option value=\"").Text(v).Raw("\"");
      if (g == *by) m.Raw(" selected");
      m.Raw(">");
      switch (g) {
        case GroupBy::kRegion:
          m.Text(Tr(lang, "Wilayah", "Region"));
          break;
        case GroupBy::kBatch:
          m.Text(Tr(lang, "Kelas (angkatan)", "Batch"));
          break;
        case GroupBy::kFacilitator:
          m.Text(Tr(lang, "Fasilitator", "Facilitator"));
          break;
      }
      m.Raw("</option>");
    }
    m.Raw("</select></label> ");
  }
  m.Raw("<button type=\"submit\">").Text(Tr(lang, "Tampilkan", "Show")).Raw("</button></form>");
}

std::string TestQuery(const service::TestPair& p) {
  return p.main() ? StrCat("?ujian=", p.main()->id) : std::string();
}

void Crumbs(Html& m, Lang lang, const RegionTable& regions, const Scope& scope,
            const std::string& query) {
  m.Raw("<nav class=\"crumbs\" aria-label=\"").Text(T(lang, Msg::kBreadcrumb)).Raw("\"><ol>");
  m.Raw("<li><a href=\"/hasil\">").Text(Tr(lang, "Hasil", "Results")).Raw("</a></li>");
  std::vector<RegionCode> chain;
  for (const Region* r = scope.national() ? nullptr : regions.Find(scope.code); r != nullptr;
       r = r->parent ? regions.Find(r->parent) : nullptr) {
    chain.push_back(r->code);
  }
  std::reverse(chain.begin(), chain.end());
  for (RegionCode c : chain) {
    const Region* r = regions.Find(c);
    m.Raw("<li><a href=\"/hasil/wilayah/")
        .Text(FormatRegionCode(c))
        .Text(query)
        .Raw("\">")
        .Text(r->name)
        .Raw("</a></li>");
  }
  m.Raw("</ol></nav>");
}

Response NoStore(Response r) {
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

Response ResultsHome(Request& req) {
  const Lang lang = LangOf(req);
  const store::UserRow& u = req.principal->user;
  if (u.role == store::UserRole::kParticipant) {
    if (u.person_id != 0) return Redirect(StrCat("/hasil/orang/", u.person_id));
    return ErrorPage(req, absl::PermissionDeniedError("participants see only their own results"),
                     req.principal);
  }
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  auto list = (*tests)->List(u);
  if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorPage(req, reports.status(), req.principal);
  const Scope mine = service::ScopeOf(u);
  Html m;
  m.Raw("<h1>").Text(Tr(lang, "Hasil tes dan latihan", "Test and practice results")).Raw("</h1>");
  m.Raw("<p><a href=\"/hasil/wilayah/")
      .Text(mine.national() ? "national" : mine.ToString())
      .Raw("\">")
      .Text(Tr(lang, "Hasil di wilayah saya", "Results in my region"))
      .Raw("</a> · ")
      .Raw("<a href=\"/hasil-latihan\">")
      .Text(Tr(lang, "Rincian latihan per aturan", "Practice detail per rule"))
      .Raw("</a></p>");
  auto batches = (*reports)->AssignedBatches(u);
  if (batches.ok() && !batches->empty()) {
    m.Raw("<h2>").Text(Tr(lang, "Kelas yang saya ampu", "Batches I teach")).Raw("</h2><ul>");
    for (const auto& b : *batches) {
      m.Raw("<li><a href=\"/hasil/kelas/")
          .Text(service::BatchRefText(b.ref))
          .Raw("\">")
          .Text(FormatIsoDate(b.batch.date))
          .Raw(" · ")
          .Text(FormatRegionCode(b.batch.kecamatan))
          .Raw(" · ")
          .Text(Tr(lang, "kelas ", "batch "))
          .Text(b.ref.id)
          .Raw("</a></li>");
    }
    m.Raw("</ul>");
  }
  m.Raw("<h2>").Text(Tr(lang, "Tes", "Tests")).Raw("</h2>");
  if (list->empty()) {
    m.Raw("<p>")
        .Text(Tr(lang, "Belum ada tes yang dapat Anda lihat.", "No test you may see yet."))
        .Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">")
        .Text(T(lang, Msg::kName))
        .Raw("</th><th scope=\"col\">")
        .Text(Tr(lang, "Jenis", "Kind"))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kScope))
        .Raw("</th><th scope=\"col\">")
        .Text(Tr(lang, "Laporan", "Reports"))
        .Raw("</th></tr></thead><tbody>");
    for (const auto& t : *list) {
      const std::string where = mine.national() ? "national" : mine.ToString();
      m.Raw("<tr><td>")
          .Text(t.id)
          .Raw("</td><td>")
          .Text(t.name)
          .Raw("</td><td>")
          .Text(t.kind == store::TestKind::kPre ? Tr(lang, "pra-tes", "pre-test")
                                                : Tr(lang, "pasca-tes", "post-test"))
          .Raw("</td><td>")
          .Text(t.scope == 0 ? std::string("national") : FormatRegionCode(t.scope))
          .Raw("</td><td><a href=\"/hasil/wilayah/")
          .Text(where)
          .Raw("?ujian=")
          .Text(t.id)
          .Raw("\">")
          .Text(Tr(lang, "per wilayah", "per region"))
          .Raw("</a> · ")
          .Raw("<a href=\"/hasil/wilayah/")
          .Text(where)
          .Raw("?by=kelas&amp;ujian=")
          .Text(t.id)
          .Raw("\">")
          .Text(Tr(lang, "per kelas", "per batch"))
          .Raw("</a> · ")
          .Raw("<a href=\"/hasil/wilayah/")
          .Text(where)
          .Raw("?by=fasilitator&amp;ujian=")
          .Text(t.id)
          .Raw("\">")
          .Text(Tr(lang, "per fasilitator", "per facilitator"))
          .Raw("</a> · ")
          .Raw("<a href=\"/hasil/ujian/")
          .Text(t.id)
          .Raw("/butir\">")
          .Text(Tr(lang, "analisis butir", "item analysis"))
          .Raw("</a></td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  return NoStore(RenderPage(req, lang, 200, Tr(lang, "Hasil", "Results"), m, req.principal));
}

Response ResultsRegionPage(Request& req) {
  const Lang lang = LangOf(req);
  const store::UserRow& u = req.principal->user;
  auto scope = ParseScope(req.Param("code"));
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto test = QueryId(req, "ujian");
  if (!test.ok()) return ErrorPage(req, test.status(), req.principal);
  auto by = service::ParseGroupBy(FormValue(req.query, "by").value_or(""));
  if (!by.ok()) return ErrorPage(req, by.status(), req.principal);
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorPage(req, reports.status(), req.principal);
  auto r = (*reports)->ByGroup(u, *test, *scope, *by);
  if (!r.ok()) return ErrorPage(req, r.status(), req.principal);
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  auto list = (*tests)->List(u);
  if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
  const RegionTable& regions = req.worker->registry().ref.regions;
  const std::string tq = TestQuery(r->tests);

  Html m;
  Crumbs(m, lang, regions, *scope, tq);
  m.Raw("<h1>")
      .Text(Tr(lang, "Hasil: ", "Results: "))
      .Text(scope->national() ? std::string(T(lang, Msg::kNational)) : r->scope_name)
      .Raw(" <small>")
      .Text(scope->ToString())
      .Raw("</small></h1><p>")
      .Text(TestLabel(lang, r->tests))
      .Raw("</p>");
  Picker(m, lang, *list, r->tests,
         StrCat("/hasil/wilayah/", scope->national() ? "national" : scope->ToString()), *by);
  const char* first = *by == GroupBy::kRegion  ? Tr(lang, "Wilayah", "Region")
                      : *by == GroupBy::kBatch ? Tr(lang, "Kelas", "Batch")
                                               : Tr(lang, "Fasilitator", "Facilitator");
  FigureHead(m, lang, first);
  for (const service::GroupRow& row : r->rows) {
    m.Raw("<tr><th scope=\"row\">");
    switch (*by) {
      case GroupBy::kRegion:
        m.Raw("<a href=\"/hasil/wilayah/")
            .Text(row.key)
            .Text(tq)
            .Raw("\">")
            .Text(row.label)
            .Raw("</a> <small>")
            .Text(row.key)
            .Raw("</small>");
        break;
      case GroupBy::kBatch:
        m.Raw("<a href=\"/hasil/kelas/")
            .Text(row.key)
            .Text(tq)
            .Raw("\">")
            .Text(Tr(lang, "Kelas ", "Batch "))
            .Text(row.batch.id)
            .Raw("</a> <small>")
            .Text(row.label)
            .Raw("</small>");
        break;
      case GroupBy::kFacilitator:
        m.Text(row.label).Raw(" <small>").Text(row.key).Raw("</small>");
        break;
    }
    m.Raw("</th>");
    FigureCells(m, row.figures);
    m.Raw("</tr>");
  }
  m.Raw("<tr class=\"total\"><th scope=\"row\">").Text(Tr(lang, "Jumlah", "Total")).Raw("</th>");
  FigureCells(m, r->total);
  m.Raw("</tr></tbody></table></div>");
  if (r->rows.empty()) {
    m.Raw("<p>")
        .Text(*by == GroupBy::kRegion
                  ? Tr(lang, "Tidak ada wilayah di bawahnya.", "No regions below.")
                  : Tr(lang, "Belum ada kelas yang direncanakan di wilayah ini.",
                       "No batch planned in this region yet."))
        .Raw("</p>");
  }
  Legend(m, lang);
  if (r->tests.main()) {
    m.Raw("<p><a href=\"/hasil/ujian/")
        .Text(r->tests.main()->id)
        .Raw("/butir?wilayah=")
        .Text(scope->national() ? "national" : scope->ToString())
        .Raw("\">")
        .Text(Tr(lang, "Analisis butir soal tes ini", "Item analysis of this test"))
        .Raw("</a></p>");
  }
  return NoStore(RenderPage(req, lang, 200, Tr(lang, "Hasil per wilayah", "Results by region"), m,
                            req.principal));
}

Response ResultsBatchPage(Request& req) {
  const Lang lang = LangOf(req);
  auto ref = service::ParseBatchRef(req.Param("scope"), req.Param("batch"));
  if (!ref.ok()) return ErrorPage(req, ref.status(), req.principal);
  auto test = QueryId(req, "ujian");
  if (!test.ok()) return ErrorPage(req, test.status(), req.principal);
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorPage(req, reports.status(), req.principal);
  auto r = (*reports)->Batch(req.principal->user, *test, *ref);
  if (!r.ok()) return ErrorPage(req, r.status(), req.principal);
  const RegionTable& regions = req.worker->registry().ref.regions;
  const plan::Batch& b = r->info.batch;
  const Region* kec = regions.Find(b.kecamatan);
  Html m;
  if (service::CanSee(req.principal->user, b.kecamatan)) {
    Crumbs(m, lang, regions, Scope::Of(b.kecamatan), TestQuery(r->tests));
  }
  m.Raw("<h1>")
      .Text(Tr(lang, "Kelas ", "Batch "))
      .Text(ref->id)
      .Raw(" <small>")
      .Text(service::BatchRefText(*ref))
      .Raw("</small></h1><p>")
      .Text(FormatIsoDate(b.date))
      .Raw(" ")
      .Text(plan::FormatClock(b.start_min))
      .Raw("–")
      .Text(plan::FormatClock(b.end_min))
      .Raw(" · ")
      .Text(kec != nullptr ? kec->name : FormatRegionCode(b.kecamatan))
      .Raw(" · ")
      .Text(Tr(lang, "Fasilitator: ", "Facilitators: "));
  for (size_t i = 0; i < r->info.facilitators.size(); ++i) {
    if (i) m.Raw(", ");
    m.Text(r->info.facilitators[i].name);
  }
  m.Raw("</p><p>").Text(TestLabel(lang, r->tests)).Raw("</p>");
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">").Text(T(lang, Msg::kName));
  const char* cols[][2] = {{"TPS", "TPS"},
                           {"Pra-tes", "Pre-test"},
                           {"Pasca-tes", "Post-test"},
                           {"Lulus", "Passed"},
                           {"Remedial", "Remedial"},
                           {"Gain", "Gain"},
                           {"Latihan penghitungan", "Counting exercises"},
                           {"Akurasi penghitungan %", "Counting accuracy %"},
                           {"Skenario", "Scenarios"},
                           {"Akurasi skenario %", "Scenario accuracy %"}};
  for (const auto& c : cols) m.Raw("</th><th scope=\"col\">").Text(Tr(lang, c[0], c[1]));
  m.Raw("</th></tr></thead><tbody>");
  const bool main_post = r->tests.post.has_value();
  for (const service::PersonLine& p : r->people) {
    const bool took = main_post ? p.post.has_value() : p.pre.has_value();
    m.Raw("<tr><th scope=\"row\"><a href=\"/hasil/orang/")
        .Text(p.person_id)
        .Raw("\">")
        .Text(p.name)
        .Raw("</a></th><td>")
        .Text(FormatRegionCode(p.tps))
        .Raw("</td><td class=\"num\">")
        .Text(Pct(p.pre))
        .Raw("</td><td class=\"num\">")
        .Text(Pct(p.post))
        .Raw("</td><td>")
        .Text(!took      ? "–"
              : p.passed ? Tr(lang, "ya", "yes")
                         : Tr(lang, "tidak", "no"))
        .Raw("</td><td>")
        .Text(took && p.remedial ? Tr(lang, "perlu", "needed") : "")
        .Raw("</td><td class=\"num\">")
        .Text(p.gain_undefined ? Tr(lang, "tak terdefinisi (pra 100)", "undefined (pre 100)")
                               : Gain(p.gain))
        .Raw("</td><td class=\"num\">")
        .Text(p.counting.results)
        .Raw("</td><td class=\"num\">")
        .Text(Pct(p.counting.accuracy()))
        .Raw("</td><td class=\"num\">")
        .Text(p.scenario.results)
        .Raw("</td><td class=\"num\">")
        .Text(Pct(p.scenario.accuracy()))
        .Raw("</td></tr>");
  }
  m.Raw("</tbody></table></div>");
  FigureHead(m, lang, Tr(lang, "Kelas", "Batch"));
  m.Raw("<tr class=\"total\"><th scope=\"row\">").Text(Tr(lang, "Jumlah", "Total")).Raw("</th>");
  FigureCells(m, r->total);
  m.Raw("</tr></tbody></table></div>");
  Legend(m, lang);
  return NoStore(
      RenderPage(req, lang, 200, Tr(lang, "Hasil kelas", "Batch results"), m, req.principal));
}

Response ResultsPersonPage(Request& req) {
  const Lang lang = LangOf(req);
  auto id = IdParam(req.Param("id"), "person");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorPage(req, reports.status(), req.principal);
  auto r = (*reports)->Person(req.principal->user, *id);
  if (!r.ok()) return ErrorPage(req, r.status(), req.principal);
  Html m;
  m.Raw("<h1>").Text(r->person.name).Raw("</h1><p>TPS ").Text(FormatRegionCode(r->person.tps));
  if (r->batch) {
    m.Raw(" · ");
    if (req.principal->user.role != store::UserRole::kParticipant) {
      m.Raw("<a href=\"/hasil/kelas/").Text(service::BatchRefText(r->batch->ref)).Raw("\">");
    }
    m.Text(Tr(lang, "Kelas ", "Batch "))
        .Text(r->batch->ref.id)
        .Raw(" (")
        .Text(FormatIsoDate(r->batch->batch.date))
        .Raw(")");
    if (req.principal->user.role != store::UserRole::kParticipant) m.Raw("</a>");
  }
  m.Raw("</p>");
  // Tests with the answers and their explanations.
  m.Raw("<h2>").Text(Tr(lang, "Tes", "Tests")).Raw("</h2>");
  if (r->tests.empty()) {
    m.Raw("<p>").Text(Tr(lang, "Belum ada tes yang dikerjakan.", "No test taken yet.")).Raw("</p>");
  }
  for (const service::PersonTest& t : r->tests) {
    const auto& a = t.attempt;
    m.Raw("<section class=\"ujian\"><h3>")
        .Text(t.test->test.name)
        .Raw(" <small>(")
        .Text(t.test->test.kind == store::TestKind::kPre ? Tr(lang, "pra-tes", "pre-test")
                                                         : Tr(lang, "pasca-tes", "post-test"))
        .Raw(")</small></h3><p>")
        .Text(Tr(lang, "Nilai", "Score"))
        .Raw(": <strong>")
        .Text(fmt::format("{:.1f}", a.score.percent))
        .Raw("</strong> (")
        .Text(a.row.correct)
        .Raw("/")
        .Text(a.row.presented)
        .Raw(") · ")
        .Text(a.score.passed ? Tr(lang, "LULUS", "PASSED") : Tr(lang, "belum lulus", "not passed"));
    if (a.score.remedial) m.Raw(" · ").Text(Tr(lang, "perlu remedial", "remedial needed"));
    if (a.row.late) m.Raw(" · ").Text(Tr(lang, "terlambat", "late"));
    if (t.pre_percent) {
      m.Raw(" · ")
          .Text(Tr(lang, "pra-tes ", "pre-test "))
          .Text(Pct(t.pre_percent))
          .Raw(" · ")
          .Text(Tr(lang, "gain ", "gain "))
          .Text(t.gain_undefined
                    ? Tr(lang, "tak terdefinisi (pra-tes 100)", "undefined (pre-test 100)")
                    : Gain(t.gain));
    }
    m.Raw("</p><ol class=\"pembahasan\">");
    for (const service::AnsweredItem& it : t.items) {
      const questions::Question& q = *it.question;
      m.Raw("<li>");
      for (std::string_view para : Split(q.stem, '\n')) m.Raw("<p>").Text(para).Raw("</p>");
      std::string given, key;
      for (const auto& g : it.given) given += (given.empty() ? "" : ", ") + g;
      if (q.type == questions::ItemType::kMatching) {
        for (const auto& [l, rr] : q.pairs) key += (key.empty() ? "" : ", ") + l + "=" + rr;
      } else {
        for (const auto& k : q.key) key += (key.empty() ? "" : ", ") + k;
      }
      m.Raw("<p>")
          .Text(it.correct ? "✓ " : "✗ ")
          .Text(Tr(lang, "Jawaban", "Answer"))
          .Raw(": ")
          .Text(given.empty() ? std::string("–") : given)
          .Raw(" · ")
          .Text(Tr(lang, "Kunci", "Key"))
          .Raw(": ")
          .Text(key)
          .Raw("</p><p class=\"penjelasan\">")
          .Text(q.explanation)
          .Raw("</p></li>");
    }
    m.Raw("</ol></section>");
  }
  // Practice beside the tests.
  m.Raw("<h2>")
      .Text(Tr(lang, "Latihan", "Practice"))
      .Raw("</h2><p>")
      .Text(Tr(lang, "Latihan penghitungan: ", "Counting exercises: "))
      .Text(r->counting.results)
      .Raw(" · ")
      .Text(Tr(lang, "akurasi ", "accuracy "))
      .Text(Pct(r->counting.accuracy()))
      .Raw("% · ")
      .Text(Tr(lang, "Skenario: ", "Scenarios: "))
      .Text(r->scenario.results)
      .Raw(" · ")
      .Text(Tr(lang, "akurasi ", "accuracy "))
      .Text(Pct(r->scenario.accuracy()))
      .Raw("%</p>");
  if (!r->practice.empty()) {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(Tr(lang, "Jenis", "Kind"))
        .Raw("</th><th scope=\"col\">")
        .Text(Tr(lang, "Latihan", "Exercise"))
        .Raw("</th><th scope=\"col\" class=\"num\">")
        .Text(Tr(lang, "Skor", "Score"))
        .Raw("</th></tr></thead><tbody>");
    for (const auto& p : r->practice) {
      m.Raw("<tr><td>")
          .Text(p.kind == store::PracticeKind::kCounting ? Tr(lang, "Penghitungan", "Counting")
                                                         : Tr(lang, "Skenario", "Scenario"))
          .Raw("</td><td>")
          .Text(p.ref)
          .Raw("</td><td class=\"num\">")
          .Text(p.score)
          .Raw("/")
          .Text(p.max_score)
          .Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  return NoStore(
      RenderPage(req, lang, 200, Tr(lang, "Hasil peserta", "Person's results"), m, req.principal));
}

Response ItemAnalysisPage(Request& req) {
  const Lang lang = LangOf(req);
  auto id = IdParam(req.Param("id"), "test");
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto scope = QueryScope(req, "wilayah", service::ScopeOf(req.principal->user));
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorPage(req, reports.status(), req.principal);
  auto r = (*reports)->Items(req.principal->user, *id, *scope);
  if (!r.ok()) return ErrorPage(req, r.status(), req.principal);
  const auto& res = r->results;
  Html m;
  m.Raw("<h1>")
      .Text(Tr(lang, "Analisis butir: ", "Item analysis: "))
      .Text(res.test.name)
      .Raw(" <small>")
      .Text(scope->ToString())
      .Raw("</small></h1><p>")
      .Text(Tr(lang, "Peserta", "Persons"))
      .Raw(": ")
      .Text(res.total.attempts);
  if (res.items) {
    m.Raw(" · KR-20: ")
        .Text(res.items->kr20 ? fmt::format("{:.3f}", *res.items->kr20) : "–")
        .Raw(" (")
        .Text(res.items->n_complete)
        .Raw(" ")
        .Text(Tr(lang, "peserta lengkap", "complete persons"))
        .Raw(", k = ")
        .Text(res.items->kr20_items)
        .Raw(")");
    if (res.items->kr20_low) m.Raw(" · ").Text(Tr(lang, "reliabilitas rendah", "low reliability"));
  }
  m.Raw("</p>");
  if (!res.items) {
    m.Raw("<p>")
        .Text(Tr(lang, "Belum ada jawaban untuk dianalisis.", "No answers to analyse yet."))
        .Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr>");
    const char* cols[][2] = {{"Butir", "Item"},
                             {"n", "n"},
                             {"p", "p"},
                             {"r pbis", "r pbis"},
                             {"Atas−bawah", "Upper−lower"},
                             {"Pengecoh (semua / atas / bawah)", "Options (all / upper / lower)"},
                             {"Kosong", "Omitted"},
                             {"Tanda", "Flags"}};
    for (const auto& c : cols) m.Raw("<th scope=\"col\">").Text(Tr(lang, c[0], c[1])).Raw("</th>");
    m.Raw("</tr></thead><tbody>");
    auto num = [](const std::optional<double>& v) {
      return v ? fmt::format("{:.2f}", *v) : std::string("–");
    };
    for (size_t i = 0; i < res.items->items.size(); ++i) {
      const auto& s = res.items->items[i];
      const service::ItemOptions& o = r->options[i];
      m.Raw("<tr><th scope=\"row\">")
          .Text(res.item_ids[i])
          .Raw("</th><td class=\"num\">")
          .Text(s.n_presented)
          .Raw("</td><td class=\"num\">")
          .Text(num(s.p))
          .Raw("</td><td class=\"num\">")
          .Text(num(s.rpbis))
          .Raw("</td><td class=\"num\">")
          .Text(num(s.upper_lower))
          .Raw("</td><td>");
      for (size_t k = 0; k < o.option_ids.size(); ++k) {
        const bool is_key = std::find(o.key.begin(), o.key.end(), o.option_ids[k]) != o.key.end();
        if (k) m.Raw("; ");
        if (is_key) m.Raw("<strong>");
        m.Text(o.option_ids[k]).Raw(": ").Text(k < o.counts.all.size() ? o.counts.all[k] : 0);
        if (k < o.counts.upper.size() && k < o.counts.lower.size()) {
          m.Raw(" / ")
              .Text(fmt::format("{:.1f}", o.counts.upper[k]))
              .Raw(" / ")
              .Text(fmt::format("{:.1f}", o.counts.lower[k]));
        }
        if (is_key) m.Raw("</strong>");
      }
      m.Raw("</td><td class=\"num\">").Text(o.counts.omitted).Raw("</td><td>");
      bool first = true;
      for (auto f : assessment::FlagNames(s.flags)) {
        if (!first) m.Raw(", ");
        first = false;
        m.Text(f);
      }
      m.Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div><p><small>")
        .Text(Tr(lang,
                 "p: proporsi benar; r pbis: korelasi butir dengan skor sisa (tanpa butir itu); "
                 "atas−bawah: p kelompok 27% teratas dikurangi 27% terbawah; pengecoh: berapa "
                 "kali tiap pilihan dipilih (kunci tebal). Tanda: too_hard, too_easy, "
                 "low_discrimination, no_discrimination.",
                 "p: share correct; r pbis: item-rest correlation; upper−lower: p in the top 27% "
                 "minus the bottom 27%; options: how often each option was chosen (the key in "
                 "bold). Flags: too_hard, too_easy, low_discrimination, no_discrimination."))
        .Raw("</small></p>");
  }
  return NoStore(
      RenderPage(req, lang, 200, Tr(lang, "Analisis butir", "Item analysis"), m, req.principal));
}

// --- API ----------------------------------------------------------------------------------------

Response ResultsRegionApi(Request& req) {
  auto scope = ParseScope(req.Param("code"));
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto test = QueryId(req, "test");
  if (!test.ok()) return ErrorResponse(req, test.status());
  auto by = service::ParseGroupBy(FormValue(req.query, "by").value_or(""));
  if (!by.ok()) return ErrorResponse(req, by.status());
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorResponse(req, reports.status());
  auto r = (*reports)->ByGroup(req.principal->user, *test, *scope, *by);
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(200, service::GroupReportJson(*r));
}

Response ResultsBatchApi(Request& req) {
  auto ref = service::ParseBatchRef(req.Param("scope"), req.Param("batch"));
  if (!ref.ok()) return ErrorResponse(req, ref.status());
  auto test = QueryId(req, "test");
  if (!test.ok()) return ErrorResponse(req, test.status());
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorResponse(req, reports.status());
  auto r = (*reports)->Batch(req.principal->user, *test, *ref);
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(200, service::BatchReportJson(*r));
}

Response ResultsPersonApi(Request& req) {
  auto id = IdParam(req.Param("id"), "person");
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorResponse(req, reports.status());
  auto r = (*reports)->Person(req.principal->user, *id);
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(200, service::PersonReportJson(*r));
}

Response ResultsItemsApi(Request& req) {
  auto id = IdParam(req.Param("id"), "test");
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto scope = QueryScope(req, "region", service::ScopeOf(req.principal->user));
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto reports = ReportsOf(req);
  if (!reports.ok()) return ErrorResponse(req, reports.status());
  auto r = (*reports)->Items(req.principal->user, *id, *scope);
  if (!r.ok()) return ErrorResponse(req, r.status());
  return Response::Json(200, service::ItemReportJson(*r));
}

}  // namespace bimtek::http::handlers
