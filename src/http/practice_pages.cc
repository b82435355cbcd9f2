// The simulator's pages. Each handler parses its input, calls one use case of
// service::Practice, and renders with the escaping builder (html.h). Strings come in id/en pairs
// at the call site (Tr). The ballot drawing comes from core/ballot/svg.h, which escapes its own
// text; it is put in place of a marker after the page is built (Html accepts literals only).
#include "http/practice_pages.h"

#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "base/strings.h"
#include "core/ballot/svg.h"
#include "http/context.h"
#include "http/page_render.h"
#include "service/auth.h"
#include "service/practice.h"

namespace bimtek::http {

namespace {

using ballot::Answer;
using ballot::BallotType;
using service::CountingPhase;
using service::CountingView;
using store::PracticeKind;

constexpr char kSvgMarker[] = "<!--ballot-svg-->";

const char* Tr(Lang lang, const char* id, const char* en) { return lang == Lang::kEn ? en : id; }

constexpr char kScript[] = R"js(// Bimtek practice pages: optional help; every page works without it.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var select = document.getElementById('answer');
    var drawing = document.querySelector('svg.ballot');
    var said = document.getElementById('picked');
    if (!select || !drawing) return;
    drawing.addEventListener('click', function (e) {
      var node = e.target;
      while (node && node !== drawing && !(node.getAttribute && node.getAttribute('data-choice'))) {
        node = node.parentNode;
      }
      if (!node || node === drawing) return;
      var value = node.getAttribute('data-choice');
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === value) {
          select.selectedIndex = i;
          if (said) said.textContent = select.options[i].text;
          select.focus();
          return;
        }
      }
    });
  });
})();
)js";

constexpr char kCss[] = R"css(/* Bimtek practice pages (with bimtek.css). */
.ballot-wrap{overflow-x:auto;border:1px solid #999;margin:.5rem 0 1rem;background:#fff}
svg.ballot{display:block;width:100%;height:auto;min-width:20rem}
svg.ballot [data-choice]{cursor:pointer}
.ok{border-left:4px solid #1d6b2a;background:#e8f5ea;color:#0f3d17;padding:.5rem .75rem}
.bad{border-left:4px solid #a30000;background:#fdecec;color:#5c0000;padding:.5rem .75rem}
.notice{border-left:4px solid #8a5a00;background:#fff6e0;padding:.5rem .75rem}
.progress{color:#333;font-weight:600}
.choices select{width:100%;max-width:28rem;padding:.5rem;font-size:1rem}
.choices button{margin-right:.5rem}
button.secondary{background:#fff;color:#7a0c0c}
fieldset{border:1px solid #999;margin:0 0 1rem;padding:.5rem}
legend{font-weight:700}
table.form input{width:5.5rem;padding:.4rem;font-size:1rem;border:2px solid #555;border-radius:4px}
table.form input.given{background:#f3f3f3}
.rule-id{font-family:monospace}
ul.plain{padding-left:1.1rem}
)css";

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

Response Static(const Request& req, std::string_view body, const char* type) {
  char etag[24];
  std::snprintf(etag, sizeof etag, "\"%016llx\"", static_cast<unsigned long long>(Fnv(body)));
  Response res;
  res.content_type = type;
  res.body = std::string(body);
  if (auto inm = req.Header("If-None-Match"); inm && *inm == etag) {
    res.status = 304;
    res.body.clear();
  }
  res.headers.emplace_back("Cache-Control", "public, max-age=86400");
  res.headers.emplace_back("ETag", etag);
  return res;
}

void Assets(Html& m) { m.Raw("<link rel=\"stylesheet\" href=\"/static/latihan.css\">"); }
void Script(Html& m) { m.Raw("<script src=\"/static/latihan.js\" defer></script>"); }

void CsrfField(Html& m, const Request& req) {
  m.Raw("<input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\">");
}

StatusOr<service::Practice*> PracticeOf(Request& req) { return req.worker->practice(); }

const char* RaceName(Lang lang, BallotType t) {
  switch (t) {
    case BallotType::kPpwp:
      return Tr(lang, "Presiden dan Wakil Presiden (PPWP)", "President and Vice-President (PPWP)");
    case BallotType::kDpr:
      return "DPR";
    case BallotType::kDpd:
      return "DPD";
    case BallotType::kDprdProv:
      return Tr(lang, "DPRD Provinsi", "DPRD Province");
    case BallotType::kDprdKab:
      return Tr(lang, "DPRD Kabupaten/Kota", "DPRD Regency/City");
  }
  return "";
}

std::string PartyLabel(const ballot::Election& e, int number) {
  const ballot::Party* p = e.PartyOf(number);
  return p != nullptr ? StrCat(number, " ", p->short_name) : std::to_string(number);
}

// An answer in words: "Sah untuk calon 3 partai 5 PKB" / "Tidak sah".
std::string AnswerText(Lang lang, const ballot::Election& e, BallotType type, const Answer& a) {
  if (!a.valid) return Tr(lang, "Tidak sah", "Invalid");
  const ballot::Race* race = e.RaceOf(type);
  switch (a.outcome) {
    case ballot::Outcome::kTicket:
      return StrCat(Tr(lang, "Sah untuk pasangan nomor ", "Valid for ticket "), a.ticket);
    case ballot::Outcome::kDpdCandidate:
      if (race != nullptr) {
        for (const ballot::Candidate& c : race->candidates) {
          if (c.number == a.candidate) {
            return StrCat(Tr(lang, "Sah untuk calon DPD nomor ", "Valid for DPD candidate "),
                          a.candidate, " (", c.name, ")");
          }
        }
      }
      return StrCat(Tr(lang, "Sah untuk calon DPD nomor ", "Valid for DPD candidate "),
                    a.candidate);
    case ballot::Outcome::kParty:
      return StrCat(Tr(lang, "Sah untuk partai ", "Valid for party "), PartyLabel(e, a.party),
                    Tr(lang, " (suara partai)", " (party vote)"));
    case ballot::Outcome::kPartyCandidate:
      return StrCat(Tr(lang, "Sah untuk calon nomor ", "Valid for candidate "), a.candidate,
                    Tr(lang, " partai ", " of party "), PartyLabel(e, a.party));
    case ballot::Outcome::kInvalid:
      break;
  }
  return "";
}

// The label of a C.Hasil form path (ballot::FormFields).
std::string FieldLabel(Lang lang, const ballot::Election& e, std::string_view path) {
  std::vector<std::string_view> p = Split(path, '.');
  auto list = [&](std::string_view s) -> std::string {
    if (s == "dpt") return "DPT";
    if (s == "dptb") return "DPTb";
    if (s == "dpk") return "DPK";
    return Tr(lang, "Jumlah", "Total");
  };
  auto sex = [&](std::string_view s) -> std::string {
    if (s == "male") return Tr(lang, "laki-laki", "male");
    if (s == "female") return Tr(lang, "perempuan", "female");
    return Tr(lang, "jumlah", "total");
  };
  if ((p[0] == "voters" || p[0] == "voted") && p.size() == 3) {
    return StrCat(p[0] == "voters" ? Tr(lang, "Pemilih ", "Voters ")
                                   : Tr(lang, "Pengguna hak pilih ", "Voted "),
                  list(p[1]), " – ", sex(p[2]));
  }
  if (p[0] == "ballots" && p.size() == 2) {
    if (p[1] == "received") return Tr(lang, "Surat suara diterima", "Ballots received");
    if (p[1] == "used") return Tr(lang, "Surat suara digunakan", "Ballots used");
    if (p[1] == "unused") return Tr(lang, "Surat suara tidak digunakan", "Ballots unused");
    return Tr(lang, "Surat suara dikembalikan (rusak/keliru coblos)",
              "Ballots returned (damaged or wrongly marked)");
  }
  if (p[0] == "tickets" && p.size() == 2) {
    return StrCat(Tr(lang, "Suara pasangan nomor ", "Votes for ticket "), p[1]);
  }
  if (p[0] == "candidates" && p.size() == 2) {
    return StrCat(Tr(lang, "Suara calon DPD nomor ", "Votes for DPD candidate "), p[1]);
  }
  if (p[0] == "parties" && p.size() >= 3) {
    int party = 0;
    for (char c : p[1]) party = party * 10 + (c - '0');
    const std::string who = StrCat(Tr(lang, "Partai ", "Party "), PartyLabel(e, party), ": ");
    if (p[2] == "party_votes") return who + Tr(lang, "suara partai saja", "party-only votes");
    if (p[2] == "total") return who + Tr(lang, "jumlah suara partai dan calon", "total");
    if (p[2] == "candidates" && p.size() == 4) {
      return StrCat(who, Tr(lang, "calon nomor ", "candidate "), p[3]);
    }
  }
  if (path == "valid_votes") return Tr(lang, "Jumlah suara sah", "Valid votes");
  if (path == "invalid_votes") return Tr(lang, "Jumlah suara tidak sah", "Invalid votes");
  if (path == "total_votes") {
    return Tr(lang, "Jumlah suara sah dan tidak sah", "Valid and invalid votes");
  }
  return std::string(path);
}

std::string CountingPath(uint64_t seed) { return StrCat("/latihan/hitung/", seed); }

void Percent(Html& m, int64_t part, int64_t whole) {
  if (whole <= 0) {
    m.Raw("–");
    return;
  }
  m.Text((part * 100 + whole / 2) / whole).Raw("%");
}

// The answer choices of the ballot due: a select of every contestant, and two buttons.
void AnswerForm(Html& m, const Request& req, Lang lang, const CountingView& v) {
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(v.race)];
  const ballot::Race* race = v.tps.election.RaceOf(r.type);
  m.Raw("<form method=\"post\" action=\"")
      .Text(CountingPath(v.seed))
      .Raw("\" class=\"choices\">");
  CsrfField(m, req);
  m.Raw("<input type=\"hidden\" name=\"action\" value=\"answer\"><input type=\"hidden\" "
        "name=\"race\" value=\"")
      .Text(v.race)
      .Raw("\"><input type=\"hidden\" name=\"pos\" value=\"")
      .Text(v.position)
      .Raw("\"><label for=\"answer\">")
      .Text(Tr(lang, "Jika sah, untuk siapa?", "If valid, for whom?"))
      .Raw("</label><select id=\"answer\" name=\"answer\">");
  if (race != nullptr) {
    for (const ballot::Ticket& t : race->tickets) {
      m.Raw("<option value=\"t").Text(t.number).Raw("\">").Text(t.number).Raw(" – ")
          .Text(t.president).Raw(" & ").Text(t.vice_president).Raw("</option>");
    }
    for (const ballot::Candidate& c : race->candidates) {
      m.Raw("<option value=\"c").Text(c.number).Raw("\">").Text(c.number).Raw(" – ")
          .Text(c.name).Raw("</option>");
    }
    for (const ballot::PartyList& l : race->lists) {
      const std::string party = PartyLabel(v.tps.election, l.party);
      m.Raw("<optgroup label=\"").Text(party).Raw("\"><option value=\"p").Text(l.party)
          .Raw("\">").Text(party).Raw(" – ")
          .Text(Tr(lang, "suara partai", "party vote")).Raw("</option>");
      for (const ballot::Candidate& c : l.candidates) {
        m.Raw("<option value=\"p").Text(l.party).Raw("c").Text(c.number).Raw("\">")
            .Text(party).Raw(" – ").Text(c.number).Raw(". ").Text(c.name).Raw("</option>");
      }
      m.Raw("</optgroup>");
    }
  }
  m.Raw("</select><p id=\"picked\" aria-live=\"polite\" class=\"sr\"></p><button type=\"submit\" "
        "name=\"verdict\" value=\"valid\">")
      .Text(Tr(lang, "Sah untuk pilihan ini", "Valid for this choice"))
      .Raw("</button><button type=\"submit\" name=\"verdict\" value=\"invalid\" "
           "class=\"secondary\">")
      .Text(Tr(lang, "Tidak sah", "Invalid"))
      .Raw("</button></form>");
}

// The race's tally as the trainee has kept it so far.
void TallyTable(Html& m, Lang lang, const CountingView& v) {
  const ballot::CHasil& t = v.tally;
  m.Raw("<details><summary>")
      .Text(Tr(lang, "Turus (tally) Anda untuk surat suara ini", "Your tally for this ballot"))
      .Raw("</summary><div class=\"table-wrap\"><table><tbody>");
  auto row = [&](const std::string& label, int64_t n) {
    m.Raw("<tr><th scope=\"row\">").Text(label).Raw("</th><td class=\"num\">").Text(n)
        .Raw("</td></tr>");
  };
  for (const ballot::NumberedVotes& n : t.tickets) {
    row(StrCat(Tr(lang, "Pasangan ", "Ticket "), n.number), n.votes);
  }
  for (const ballot::NumberedVotes& n : t.candidates) {
    row(StrCat(Tr(lang, "Calon ", "Candidate "), n.number), n.votes);
  }
  for (const ballot::PartyVotes& p : t.parties) {
    row(StrCat(Tr(lang, "Partai ", "Party "), PartyLabel(v.tps.election, p.party),
               Tr(lang, " (jumlah)", " (total)")),
        p.total);
  }
  row(Tr(lang, "Suara sah", "Valid votes"), t.valid_votes);
  row(Tr(lang, "Suara tidak sah", "Invalid votes"), t.invalid_votes);
  m.Raw("</tbody></table></div><p><small>")
      .Text(Tr(lang,
               "Surat suara lain dari TPS ini sudah dihitung oleh rekan KPPS Anda dan termasuk "
               "dalam turus.",
               "The other ballots of this TPS were counted by your KPPS colleagues and are in "
               "the tally."))
      .Raw("</small></p></details>");
}

void Progress(Html& m, Lang lang, const CountingView& v) {
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(v.race)];
  m.Raw("<p class=\"progress\">")
      .Text(Tr(lang, "Surat suara ", "Ballot "))
      .Text(RaceName(lang, r.type))
      .Raw(" (")
      .Text(v.race + 1)
      .Text(Tr(lang, " dari ", " of "))
      .Text(static_cast<int64_t>(v.tps.races.size()))
      .Raw(")");
  if (v.phase == CountingPhase::kJudge) {
    m.Raw(" · ")
        .Text(Tr(lang, "lembar ", "sheet "))
        .Text(v.position + 1)
        .Raw("/")
        .Text(static_cast<int64_t>(v.sample.size()));
  }
  m.Raw(" · ").Text(Tr(lang, "skor ", "score ")).Text(v.score).Raw("/").Text(v.max_score)
      .Raw("</p>");
}

void JudgeBody(Html& m, const Request& req, Lang lang, const CountingView& v) {
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(v.race)];
  const uint32_t index = v.sample[static_cast<size_t>(v.position)];
  m.Raw("<h2>")
      .Text(Tr(lang, "Surat suara nomor urut ", "Ballot opened as no. "))
      .Text(static_cast<int64_t>(index) + 1)
      .Raw("</h2>");
  if (!r.ineligible.empty()) {
    m.Raw("<p class=\"notice\">")
        .Text(Tr(lang, "Calon yang meninggal atau diberhentikan: ",
                 "Candidates who died or were disqualified: "));
    for (size_t i = 0; i < r.ineligible.size(); ++i) {
      if (i > 0) m.Raw(", ");
      const ballot::Ineligible& x = r.ineligible[i];
      if (x.party != 0) {
        m.Text(Tr(lang, "partai ", "party ")).Text(PartyLabel(v.tps.election, x.party)).Raw(" ");
      }
      m.Text(Tr(lang, "nomor ", "no. ")).Text(static_cast<int>(x.candidate));
    }
    m.Raw("</p>");
  }
  m.Raw("<div class=\"ballot-wrap\">").Raw(kSvgMarker).Raw("</div>");
  AnswerForm(m, req, lang, v);
  TallyTable(m, lang, v);
}

void FeedbackBlock(Html& m, Lang lang, const service::BallotFeedback& f, const CountingView& before) {
  const ballot::RaceExercise& r = before.tps.races[static_cast<size_t>(before.race)];
  if (f.correct) {
    m.Raw("<div class=\"ok\" role=\"status\"><p><strong>");
  } else {
    m.Raw("<div class=\"bad\" role=\"status\"><p><strong>");
  }
  m.Text(f.correct ? Tr(lang, "Benar.", "Correct.") : Tr(lang, "Kurang tepat.", "Not right."))
      .Raw("</strong> ")
      .Text(Tr(lang, "Surat suara nomor urut ", "Ballot no. "))
      .Text(static_cast<int64_t>(f.ballot) + 1)
      .Raw(". ")
      .Text(Tr(lang, "Jawaban Anda: ", "Your answer: "))
      .Text(AnswerText(lang, before.tps.election, r.type, f.given))
      .Raw(".");
  if (!f.correct) {
    m.Raw(" ")
        .Text(Tr(lang, "Yang benar: ", "Right: "))
        .Text(AnswerText(lang, before.tps.election, r.type, f.expected))
        .Raw(".");
  }
  m.Raw("</p>");
  if (f.rule != nullptr) {
    m.Raw("<p>")
        .Text(Tr(lang, "Aturan ", "Rule "))
        .Raw("<span class=\"rule-id\">")
        .Text(f.rule->id)
        .Raw("</span>: ")
        .Text(lang == Lang::kEn ? f.rule->text_en : f.rule->text_id)
        .Raw("</p>");
  }
  m.Raw("</div>");
}

void FormBody(Html& m, const Request& req, Lang lang, const CountingView& v,
              const service::FormFeedback* fb) {
  const ballot::RaceExercise& r = v.tps.races[static_cast<size_t>(v.race)];
  m.Raw("<h2>")
      .Text(Tr(lang, "Isi formulir C.Hasil ", "Fill in the C.Hasil for "))
      .Text(RaceName(lang, r.type))
      .Raw("</h2><p>")
      .Text(Tr(lang,
               "Kolom abu-abu sudah disalin dari daftar pemilih, catatan surat suara dan turus "
               "Anda. Hitung dan isi kolom putih.",
               "Grey fields are copied from the voter lists, the ballot record and your tally. "
               "Compute and fill in the white ones."))
      .Raw("</p>");
  if (fb != nullptr) {
    if (!fb->input_errors.empty()) {
      m.Raw("<div class=\"bad\" role=\"alert\"><p>")
          .Text(Tr(lang, "Isi setiap kolom dengan bilangan bulat 0 atau lebih:",
                   "Fill every field with a whole number, 0 or more:"))
          .Raw("</p><ul class=\"plain\">");
      for (const std::string& p : fb->input_errors) {
        m.Raw("<li>").Text(FieldLabel(lang, v.tps.election, p)).Raw("</li>");
      }
      m.Raw("</ul></div>");
    } else if (!fb->accepted) {
      m.Raw("<div class=\"bad\" role=\"alert\"><p><strong>")
          .Text(Tr(lang, "C.Hasil ini belum benar.", "This C.Hasil is not right yet."))
          .Raw("</strong></p><ul class=\"plain\">");
      for (const ballot::Violation& x : fb->violations) {
        m.Raw("<li><span class=\"rule-id\">")
            .Text(x.check)
            .Raw("</span>: ")
            .Text(lang == Lang::kEn ? x.message_en : x.message_id)
            .Raw("</li>");
      }
      for (const std::string& p : fb->differences) {
        m.Raw("<li><span class=\"rule-id\">chasil.tally</span>: ")
            .Text(FieldLabel(lang, v.tps.election, p))
            .Text(Tr(lang, " tidak sesuai dengan catatan TPS dan turus Anda.",
                     " does not match the TPS record and your tally."))
            .Raw("</li>");
      }
      m.Raw("</ul><p>")
          .Text(Tr(lang, "Perbaiki lalu periksa lagi, atau lewati.",
                   "Correct it and check again, or skip."))
          .Raw("</p></div>");
    }
  }
  ballot::CHasil shown = v.tally;
  std::vector<ballot::FormField> fields = ballot::FormFields(shown);
  m.Raw("<form method=\"post\" action=\"").Text(CountingPath(v.seed)).Raw("\">");
  CsrfField(m, req);
  m.Raw("<input type=\"hidden\" name=\"race\" value=\"").Text(v.race).Raw("\">");
  std::string section;
  auto section_of = [](std::string_view path) -> std::string {
    if (path.starts_with("voters")) return "voters";
    if (path.starts_with("voted")) return "voted";
    if (path.starts_with("ballots")) return "ballots";
    if (path.starts_with("tickets") || path.starts_with("candidates") ||
        path.starts_with("parties")) {
      return "votes";
    }
    return "sums";
  };
  auto legend = [&](const std::string& s) -> const char* {
    if (s == "voters") return Tr(lang, "I. Data pemilih", "I. Voters on the lists");
    if (s == "voted") return Tr(lang, "II. Pengguna hak pilih", "II. Voters who voted");
    if (s == "ballots") return Tr(lang, "III. Penggunaan surat suara", "III. Ballot usage");
    if (s == "votes") return Tr(lang, "IV. Perolehan suara", "IV. Votes");
    return Tr(lang, "V. Jumlah suara", "V. Vote totals");
  };
  for (const ballot::FormField& f : fields) {
    const std::string s = section_of(f.path);
    if (s != section) {
      if (!section.empty()) m.Raw("</tbody></table></div></fieldset>");
      section = s;
      m.Raw("<fieldset><legend>").Text(legend(s)).Raw(
          "</legend><div class=\"table-wrap\"><table class=\"form\"><tbody>");
    }
    const std::string id = StrCat("f-", f.path);
    m.Raw("<tr><th scope=\"row\"><label for=\"")
        .Text(id)
        .Raw("\">")
        .Text(FieldLabel(lang, v.tps.election, f.path))
        .Raw("</label></th><td><input type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" "
             "autocomplete=\"off\" id=\"")
        .Text(id)
        .Raw("\" name=\"f.")
        .Text(f.path);
    if (f.given) {
      m.Raw("\" class=\"given\" value=\"");
    } else {
      m.Raw("\" value=\"");
    }
    if (fb != nullptr && fb->submitted.contains(f.path)) {
      m.Text(fb->submitted.at(f.path));
    } else if (f.given) {
      m.Text(*f.value);
    }
    m.Raw("\"></td></tr>");
  }
  if (!section.empty()) m.Raw("</tbody></table></div></fieldset>");
  m.Raw("<button type=\"submit\" name=\"action\" value=\"form\">")
      .Text(Tr(lang, "Periksa C.Hasil", "Check the C.Hasil"))
      .Raw("</button> ");
  if (v.form_tries > 0) {
    m.Raw("<button type=\"submit\" name=\"action\" value=\"skip\" class=\"secondary\">")
        .Text(Tr(lang, "Lewati, lanjut ke surat suara berikutnya", "Skip to the next ballot"))
        .Raw("</button>");
  }
  m.Raw("</form>");
}

std::string RuleText(Lang lang, std::string_view id) {
  for (const ballot::Rule& r : ballot::DefaultRules()) {
    if (r.id == id) return std::string(lang == Lang::kEn ? r.text_en : r.text_id);
  }
  if (id == "chasil.tally") {
    return Tr(lang, "C.Hasil sesuai catatan TPS dan turus", "C.Hasil matches the record and tally");
  }
  if (id.starts_with("chasil.")) return Tr(lang, "pemeriksaan C.Hasil", "C.Hasil check");
  return "";
}

void RulesTable(Html& m, Lang lang, const std::vector<store::RuleTally>& rules) {
  if (rules.empty()) return;
  m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
      .Text(Tr(lang, "Aturan", "Rule"))
      .Raw("</th><th scope=\"col\" class=\"num\">")
      .Text(Tr(lang, "Benar", "Right"))
      .Raw("</th><th scope=\"col\" class=\"num\">")
      .Text(Tr(lang, "Ketepatan", "Accuracy"))
      .Raw("</th></tr></thead><tbody>");
  for (const store::RuleTally& t : rules) {
    m.Raw("<tr><th scope=\"row\"><span class=\"rule-id\">")
        .Text(t.rule)
        .Raw("</span> <small>")
        .Text(RuleText(lang, t.rule))
        .Raw("</small></th><td class=\"num\">")
        .Text(t.correct)
        .Raw("/")
        .Text(t.total)
        .Raw("</td><td class=\"num\">");
    Percent(m, t.correct, t.total);
    m.Raw("</td></tr>");
  }
  m.Raw("</tbody></table></div>");
}

void DoneBody(Html& m, Lang lang, const store::PracticeResult& r) {
  m.Raw("<div class=\"ok\" role=\"status\"><p><strong>")
      .Text(Tr(lang, "Latihan selesai.", "Exercise finished."))
      .Raw("</strong> ")
      .Text(Tr(lang, "Skor: ", "Score: "))
      .Text(r.score)
      .Raw("/")
      .Text(r.max_score)
      .Raw(" (");
  Percent(m, r.score, r.max_score);
  m.Raw("), ")
      .Text(Tr(lang, "waktu ", "time "))
      .Text((r.finished_unix - r.started_unix + 59) / 60)
      .Text(Tr(lang, " menit.", " minutes."))
      .Raw("</p></div><h2>")
      .Text(Tr(lang, "Ketepatan per aturan", "Accuracy per rule"))
      .Raw("</h2>");
  RulesTable(m, lang, r.rules);
  m.Raw("<p><a href=\"/latihan\">")
      .Text(Tr(lang, "Kembali ke latihan", "Back to practice"))
      .Raw("</a></p>");
}

// What goes above the page's body: feedback on the last step, notices.
using Top = std::function<void(Html&)>;

// The whole counting page for view `v`.
Response RenderCounting(Request& req, Lang lang, unsigned status, const CountingView& v,
                        const Top& top, const service::FormFeedback* fb) {
  Html m;
  Assets(m);
  m.Raw("<h1>")
      .Text(Tr(lang, "Latihan penghitungan suara", "Counting exercise"))
      .Raw("</h1><p>")
      .Text(Tr(lang, "TPS latihan nomor ", "Practice TPS no. "))
      .Text(static_cast<int64_t>(v.seed))
      .Raw("</p>");
  if (top) top(m);
  std::string svg;
  switch (v.phase) {
    case CountingPhase::kNotStarted:
      m.Raw("<p>")
          .Text(Tr(lang,
                   "Anda akan membuka surat suara setiap jenis pemilihan, menentukan sah atau "
                   "tidak sah dan untuk siapa, lalu mengisi C.Hasil setiap jenis pemilihan. "
                   "Setiap keputusan diperiksa dan aturannya ditunjukkan.",
                   "You will open the ballots of each race, say whether each is valid and for "
                   "whom, then fill in each race's C.Hasil. Every decision is checked and the "
                   "rule is shown."))
          .Raw("</p>");
      break;
    case CountingPhase::kJudge: {
      Progress(m, lang, v);
      JudgeBody(m, req, lang, v);
      ballot::SvgOptions o;
      o.english = lang == Lang::kEn;
      svg = ballot::BallotSvg(v.tps.election, v.tps.races[static_cast<size_t>(v.race)],
                              v.sample[static_cast<size_t>(v.position)], o);
      break;
    }
    case CountingPhase::kForm:
      Progress(m, lang, v);
      FormBody(m, req, lang, v, fb);
      break;
    case CountingPhase::kDone:
      break;
  }
  if (v.phase != CountingPhase::kDone) {
    m.Raw("<form method=\"post\" action=\"").Text(CountingPath(v.seed)).Raw("\">");
    CsrfField(m, req);
    if (v.phase == CountingPhase::kNotStarted) {
      m.Raw("<button type=\"submit\" name=\"action\" value=\"start\">");
    } else {
      m.Raw("<button type=\"submit\" name=\"action\" value=\"start\" class=\"secondary\">");
    }
    m.Text(v.phase == CountingPhase::kNotStarted
                  ? Tr(lang, "Mulai latihan", "Start")
                  : Tr(lang, "Mulai ulang dari awal", "Restart from the beginning"))
        .Raw("</button></form>");
  }
  Script(m);
  Response res = RenderPage(req, lang, status,
                            Tr(lang, "Latihan penghitungan", "Counting exercise"), m,
                            req.principal);
  if (!svg.empty()) {
    const size_t at = res.body.find(kSvgMarker);
    if (at != std::string::npos) res.body.replace(at, sizeof(kSvgMarker) - 1, svg);
  }
  return res;
}

StatusOr<uint64_t> SeedParam(const Request& req) {
  return service::ParseSeed(req.Param("seed"));
}

int IntField(const Request& req, std::string_view name) {
  auto v = FormValue(req.body, name);
  if (!v || v->empty() || v->size() > 6) return -1;
  int n = 0;
  for (char c : *v) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

namespace handlers {

Response PracticeScript(Request& req) {
  return Static(req, std::string_view(kScript, sizeof(kScript) - 1),
                "text/javascript; charset=utf-8");
}

Response PracticeStyles(Request& req) {
  return Static(req, std::string_view(kCss, sizeof(kCss) - 1), "text/css; charset=utf-8");
}

Response CountingBySeed(Request& req) {
  auto seed = service::ParseSeed(FormValue(req.query, "seed").value_or(""));
  if (!seed.ok()) return ErrorPage(req, seed.status(), req.principal);
  return Redirect(CountingPath(*seed));
}

Response CountingPage(Request& req) {
  const Lang lang = LangOf(req);
  auto seed = SeedParam(req);
  if (!seed.ok()) return ErrorPage(req, seed.status(), req.principal);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto v = (*p)->Counting(req.principal->user, *seed);
  if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
  return RenderCounting(req, lang, 200, *v, nullptr, nullptr);
}

Response CountingSubmit(Request& req) {
  const Lang lang = LangOf(req);
  auto seed = SeedParam(req);
  if (!seed.ok()) return ErrorPage(req, seed.status(), req.principal);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  service::Practice& practice = **p;
  const store::UserRow& user = req.principal->user;
  const std::string action = FormValue(req.body, "action").value_or("");

  // A refused step: the page as it stands, with the reason.
  auto refused = [&](const Status& s) -> Response {
    auto v = practice.Counting(user, *seed);
    if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
    const Top top = [&](Html& h) {
    h.Raw("<p class=\"notice\" role=\"alert\">")
        .Text(s.code() == absl::StatusCode::kFailedPrecondition
                  ? Tr(lang, "Langkah ini sudah dijawab atau belum waktunya; inilah langkah "
                             "saat ini.",
                       "That step was answered already or is not due; this is the current step.")
                  : Tr(lang, "Jawaban itu tidak ada pada surat suara ini.",
                       "That answer names nothing on this ballot."))
        .Raw(" <small>")
        .Text(std::string_view(s.message().data(), s.message().size()))
        .Raw("</small></p>");
    };
    return RenderCounting(req, lang, HttpStatusOf(s.code()), *v, top, nullptr);
  };

  if (action == "start") {
    auto v = practice.StartCounting(user, *seed);
    if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
    return RenderCounting(req, lang, 200, *v, nullptr, nullptr);
  }
  const int race = IntField(req, "race");
  if (action == "answer") {
    const std::string verdict = FormValue(req.body, "verdict").value_or("");
    const std::string token =
        verdict == "invalid" ? "invalid" : FormValue(req.body, "answer").value_or("");
    auto before = practice.Counting(user, *seed);
    if (!before.ok()) return ErrorPage(req, before.status(), req.principal);
    auto f = practice.AnswerBallot(user, *seed, race, IntField(req, "pos"), token);
    if (!f.ok()) return refused(f.status());
    const Top top = [&](Html& h) { FeedbackBlock(h, lang, *f, *before); };
    return RenderCounting(req, lang, 200, f->view, top, nullptr);
  }
  if (action == "form" || action == "skip") {
    std::map<std::string, std::string> values;
    for (std::string_view pair : Split(req.body, '&')) {
      const size_t eq = pair.find('=');
      auto key = UrlDecode(pair.substr(0, eq));
      if (!key || !key->starts_with("f.")) continue;
      auto val = UrlDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      values.emplace(key->substr(2), val.value_or(""));
    }
    auto f = practice.SubmitForm(user, *seed, race, values, action == "skip");
    if (!f.ok()) return refused(f.status());
    if (f->finished) {
      const Top top = [&](Html& h) { DoneBody(h, lang, *f->finished); };
      return RenderCounting(req, lang, 200, f->view, top, nullptr);
    }
    if (f->accepted) {
      const Top top = [&](Html& h) {
        h.Raw("<p class=\"ok\" role=\"status\">")
            .Text(Tr(lang, "C.Hasil benar. Lanjut ke surat suara berikutnya.",
                     "The C.Hasil is right. On to the next ballot."))
            .Raw("</p>");
      };
      return RenderCounting(req, lang, 200, f->view, top, nullptr);
    }
    if (action == "skip") return RenderCounting(req, lang, 200, f->view, nullptr, nullptr);
    return RenderCounting(req, lang, f->parsed ? 200 : 400, f->view, nullptr, &*f);
  }
  return ErrorPage(req, absl::InvalidArgumentError("unknown action"), req.principal);
}

Response PracticeHome(Request& req) {
  const Lang lang = LangOf(req);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto runs = (*p)->MyRuns(req.principal->user);
  if (!runs.ok()) return ErrorPage(req, runs.status(), req.principal);
  auto results = (*p)->MyResults(req.principal->user);
  if (!results.ok()) return ErrorPage(req, results.status(), req.principal);
  Html m;
  Assets(m);
  m.Raw("<h1>").Text(Tr(lang, "Latihan hari pemungutan suara", "Voting-day practice")).Raw("</h1>");
  m.Raw("<h2>").Text(Tr(lang, "Latihan penghitungan suara", "Counting exercise")).Raw("</h2><p>")
      .Text(Tr(lang,
               "Setiap nomor latihan membuat satu TPS dengan surat suara yang sudah dicoblos. "
               "Nomor yang sama memberi TPS yang sama, sehingga peserta satu kelas dapat "
               "berlatih dengan TPS yang sama.",
               "Each exercise number makes one TPS with marked ballots. The same number gives "
               "the same TPS, so a class can practise on the same TPS."))
      .Raw("</p><form method=\"get\" action=\"/latihan/hitung\"><label for=\"seed\">")
      .Text(Tr(lang, "Nomor latihan", "Exercise number"))
      .Raw("</label><input type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" id=\"seed\" "
           "name=\"seed\" required value=\"1\"><button type=\"submit\">")
      .Text(Tr(lang, "Buka latihan", "Open the exercise"))
      .Raw("</button></form>");
  if (!runs->empty()) {
    m.Raw("<h2>").Text(Tr(lang, "Sedang berjalan", "In progress")).Raw("</h2><ul>");
    for (const store::PracticeRun& r : *runs) {
      if (r.kind == PracticeKind::kCounting) {
        m.Raw("<li><a href=\"/latihan/hitung/").Text(r.ref).Raw("\">")
            .Text(Tr(lang, "Penghitungan, TPS latihan ", "Counting, practice TPS ")).Text(r.ref)
            .Raw("</a></li>");
      } else {
        m.Raw("<li><a href=\"/latihan/skenario/").Text(r.ref).Raw("\">")
            .Text(Tr(lang, "Skenario ", "Scenario ")).Text(r.ref).Raw("</a></li>");
      }
    }
    m.Raw("</ul>");
  }
  m.Raw("<h2>").Text(Tr(lang, "Skenario darurat", "Emergency scenarios")).Raw("</h2><p><a href=\"/latihan/skenario\">")
      .Text(Tr(lang, "Daftar skenario darurat", "The emergency scenarios")).Raw("</a></p>");
  m.Raw("<h2>").Text(Tr(lang, "Hasil saya", "My results")).Raw("</h2>");
  if (results->empty()) {
    m.Raw("<p>").Text(Tr(lang, "Belum ada hasil.", "No results yet.")).Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(Tr(lang, "Latihan", "Exercise")).Raw("</th><th scope=\"col\" class=\"num\">")
        .Text(Tr(lang, "Skor", "Score")).Raw("</th><th scope=\"col\" class=\"num\">")
        .Text(Tr(lang, "Menit", "Minutes")).Raw("</th></tr></thead><tbody>");
    for (const store::PracticeResult& r : *results) {
      m.Raw("<tr><th scope=\"row\">")
          .Text(r.kind == PracticeKind::kCounting ? Tr(lang, "Penghitungan ", "Counting ")
                                                  : Tr(lang, "Skenario ", "Scenario "))
          .Text(r.ref).Raw("</th><td class=\"num\">").Text(r.score).Raw("/").Text(r.max_score)
          .Raw(" (");
      Percent(m, r.score, r.max_score);
      m.Raw(")</td><td class=\"num\">").Text((r.finished_unix - r.started_unix + 59) / 60)
          .Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  return RenderPage(req, lang, 200, Tr(lang, "Latihan", "Practice"), m, req.principal);
}

Response ScenarioList(Request& req) {
  const Lang lang = LangOf(req);
  auto all = service::DefaultScenarios();
  if (!all.ok()) return ErrorPage(req, all.status(), req.principal);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto results = (*p)->MyResults(req.principal->user);
  if (!results.ok()) return ErrorPage(req, results.status(), req.principal);
  Html m;
  Assets(m);
  m.Raw("<h1>").Text(Tr(lang, "Skenario darurat", "Emergency scenarios")).Raw("</h1><p>")
      .Text(Tr(lang, "Pilih tindakan KPPS pada setiap situasi; setiap pilihan menunjukkan "
                     "akibatnya, aturan yang berlaku dan skornya. (Isi skenario dalam Bahasa "
                     "Indonesia.)",
               "Choose the KPPS's action in each situation; each choice shows what follows, "
               "the rule and its score. (Scenario content is in Bahasa Indonesia.)"))
      .Raw("</p><ul>");
  for (const ballot::Scenario& s : **all) {
    int64_t best = -1;
    for (const store::PracticeResult& r : *results) {
      if (r.kind == PracticeKind::kScenario && r.ref == s.id) best = std::max(best, r.score);
    }
    m.Raw("<li><a href=\"/latihan/skenario/").Text(s.id).Raw("\">").Text(s.title).Raw("</a> <small>")
        .Text(s.topic).Raw("</small>");
    if (best >= 0) {
      m.Raw(" · ").Text(Tr(lang, "skor terbaik ", "best score ")).Text(best).Raw("/")
          .Text(ballot::MaxScore(s));
    }
    m.Raw("</li>");
  }
  m.Raw("</ul>");
  return RenderPage(req, lang, 200, Tr(lang, "Skenario darurat", "Emergency scenarios"), m,
                    req.principal);
}

namespace {

Response RenderScenario(Request& req, Lang lang, unsigned status, const service::ScenarioView& v,
                        const service::ScenarioStepResult* last, const std::string& notice) {
  const ballot::Scenario& s = *v.scenario;
  const std::string path = StrCat("/latihan/skenario/", s.id);
  Html m;
  Assets(m);
  m.Raw("<h1>").Text(s.title).Raw("</h1><p><small>").Text(s.topic).Raw("</small></p>");
  if (!notice.empty()) m.Raw("<p class=\"notice\" role=\"alert\">").Text(notice).Raw("</p>");
  if (last != nullptr) {
    const ballot::ScenarioChoice& c = *last->choice;
    const ballot::ScenarioStep* step = s.Step(last->view.history_steps.back());
    int best = 0;
    if (step != nullptr) {
      for (const ballot::ScenarioChoice& x : step->choices) best = std::max(best, x.score);
    }
    if (c.score >= best) {
      m.Raw("<div class=\"ok\" role=\"status\">");
    } else {
      m.Raw("<div class=\"bad\" role=\"status\">");
    }
    m.Raw("<p><strong>").Text(Tr(lang, "Pilihan Anda: ", "Your choice: ")).Raw("</strong>")
        .Text(c.text).Raw("</p><p><strong>").Text(Tr(lang, "Akibatnya: ", "What follows: "))
        .Raw("</strong>").Text(c.consequence).Raw("</p><p><strong>")
        .Text(Tr(lang, "Aturan: ", "Rule: ")).Raw("</strong>").Text(c.rule).Raw("</p><p>")
        .Text(Tr(lang, "Skor langkah ini: ", "Score of this step: ")).Text(c.score).Raw("/")
        .Text(best).Raw("</p></div>");
  }
  m.Raw("<p class=\"progress\">").Text(Tr(lang, "Skor ", "Score ")).Text(v.score).Raw("/")
      .Text(v.max_score).Raw("</p>");
  if (v.current != nullptr) {
    m.Raw("<h2>").Text(Tr(lang, "Situasi", "Situation")).Raw("</h2><p>").Text(v.current->situation)
        .Raw("</p><form method=\"post\" action=\"").Text(path).Raw("\">");
    CsrfField(m, req);
    m.Raw("<input type=\"hidden\" name=\"action\" value=\"choose\"><input type=\"hidden\" "
          "name=\"step\" value=\"")
        .Text(v.current->id).Raw("\"><fieldset><legend>")
        .Text(Tr(lang, "Apa yang dilakukan KPPS?", "What does the KPPS do?")).Raw("</legend>");
    for (const ballot::ScenarioChoice& c : v.current->choices) {
      const std::string id = StrCat("choice-", c.id);
      m.Raw("<p><input type=\"radio\" name=\"choice\" required id=\"").Text(id).Raw("\" value=\"")
          .Text(c.id).Raw("\"> <label for=\"").Text(id).Raw("\">").Text(c.text)
          .Raw("</label></p>");
    }
    m.Raw("</fieldset><button type=\"submit\">").Text(Tr(lang, "Pilih", "Choose"))
        .Raw("</button></form>");
  } else {
    m.Raw("<p class=\"ok\">").Text(Tr(lang, "Skenario selesai. Skor akhir: ", "Scenario finished. Final score: "))
        .Text(v.score).Raw("/").Text(v.max_score).Raw("</p><p><a href=\"/latihan/skenario\">")
        .Text(Tr(lang, "Skenario lain", "Other scenarios")).Raw("</a></p>");
  }
  if (!v.history.empty() || v.current == nullptr) {
    m.Raw("<form method=\"post\" action=\"").Text(path).Raw("\">");
    CsrfField(m, req);
    m.Raw("<button type=\"submit\" name=\"action\" value=\"restart\" class=\"secondary\">")
        .Text(Tr(lang, "Main lagi dari awal", "Play again from the start")).Raw("</button></form>");
  }
  return RenderPage(req, lang, status, s.title, m, req.principal);
}

}  // namespace

Response ScenarioPage(Request& req) {
  const Lang lang = LangOf(req);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto v = (*p)->Scenario(req.principal->user, req.Param("id"));
  if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
  return RenderScenario(req, lang, 200, *v, nullptr, "");
}

Response ScenarioSubmit(Request& req) {
  const Lang lang = LangOf(req);
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  service::Practice& practice = **p;
  const std::string action = FormValue(req.body, "action").value_or("");
  if (action == "restart") {
    Status s = practice.RestartScenario(req.principal->user, req.Param("id"));
    if (!s.ok()) return ErrorPage(req, s, req.principal);
    auto v = practice.Scenario(req.principal->user, req.Param("id"));
    if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
    return RenderScenario(req, lang, 200, *v, nullptr, "");
  }
  if (action != "choose") {
    return ErrorPage(req, absl::InvalidArgumentError("unknown action"), req.principal);
  }
  auto r = practice.ChooseInScenario(req.principal->user, req.Param("id"),
                                     FormValue(req.body, "step").value_or(""),
                                     FormValue(req.body, "choice").value_or(""));
  if (!r.ok()) {
    if (r.status().code() == absl::StatusCode::kNotFound && !practice.Scenario(req.principal->user, req.Param("id")).ok()) {
      return ErrorPage(req, r.status(), req.principal);
    }
    auto v = practice.Scenario(req.principal->user, req.Param("id"));
    if (!v.ok()) return ErrorPage(req, v.status(), req.principal);
    return RenderScenario(req, lang, HttpStatusOf(r.status().code()), *v, nullptr,
                          r.status().code() == absl::StatusCode::kFailedPrecondition
                              ? Tr(lang, "Langkah itu sudah dijawab; inilah langkah saat ini.",
                                   "That step was answered already; this is the current step.")
                              : Tr(lang, "Pilih salah satu tindakan.", "Choose one of the actions."));
  }
  return RenderScenario(req, lang, 200, r->view, &*r, "");
}

Response PracticeResults(Request& req) {
  const Lang lang = LangOf(req);
  const store::UserRow& u = req.principal->user;
  Scope scope = service::ScopeOf(u);
  if (auto w = FormValue(req.query, "wilayah"); w && !w->empty()) {
    auto s = ParseScope(*w);
    if (!s.ok()) return ErrorPage(req, s.status(), req.principal);
    scope = *s;
  }
  auto p = PracticeOf(req);
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto rep = (*p)->Report(u, scope);
  if (!rep.ok()) return ErrorPage(req, rep.status(), req.principal);
  const RegionTable& regions = req.worker->registry().ref.regions;
  const Region* here = scope.national() ? nullptr : regions.Find(scope.code);
  Html m;
  Assets(m);
  m.Raw("<h1>").Text(Tr(lang, "Hasil latihan", "Practice results")).Raw("</h1><p>")
      .Text(scope.national() ? T(lang, Msg::kNational) : (here != nullptr ? here->name : ""))
      .Raw(" (").Text(scope.ToString()).Raw(")</p><p><small>")
      .Text(Tr(lang, "Per wilayah peserta (desa/kelurahan, kecamatan, kabupaten/kota), dengan "
                     "akurasi per aturan. Hasil tes di samping hasil latihan, per kelas dan "
                     "fasilitator: ",
               "Per participant region (village, district, regency), with the accuracy per "
               "rule. Test results beside practice, per batch and facilitator: "))
      .Raw("<a href=\"/hasil\">").Text(Tr(lang, "Hasil tes dan latihan", "Test and practice results"))
      .Raw("</a></small></p>");
  auto kind_name = [&](PracticeKind k) {
    return k == PracticeKind::kCounting ? Tr(lang, "Penghitungan", "Counting")
                                        : Tr(lang, "Skenario", "Scenarios");
  };
  auto group_table = [&](const std::vector<store::ResultGroup>& groups, bool people) {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(people ? Tr(lang, "Peserta", "Person") : Tr(lang, "Wilayah", "Region"))
        .Raw("</th><th scope=\"col\">").Text(Tr(lang, "Jenis", "Kind"))
        .Raw("</th><th scope=\"col\" class=\"num\">").Text(Tr(lang, "Latihan", "Exercises"));
    if (!people) m.Raw("</th><th scope=\"col\" class=\"num\">").Text(Tr(lang, "Orang", "People"));
    m.Raw("</th><th scope=\"col\" class=\"num\">").Text(Tr(lang, "Skor", "Score"))
        .Raw("</th><th scope=\"col\" class=\"num\">").Text(Tr(lang, "Menit", "Minutes"))
        .Raw("</th></tr></thead><tbody>");
    for (const store::ResultGroup& g : groups) {
      m.Raw("<tr><th scope=\"row\">");
      if (people) {
        auto it = rep->names.find(g.key);
        m.Text(it != rep->names.end() ? it->second : std::to_string(g.key));
      } else {
        const Region* r = regions.Find(g.key);
        const std::string code = FormatRegionCode(g.key);
        m.Raw("<a href=\"/hasil-latihan?wilayah=").Text(code).Raw("\">")
            .Text(r != nullptr ? r->name : code).Raw("</a> <small>").Text(code).Raw("</small>");
      }
      m.Raw("</th><td>").Text(kind_name(g.kind)).Raw("</td><td class=\"num\">").Text(g.results);
      if (!people) m.Raw("</td><td class=\"num\">").Text(g.people);
      m.Raw("</td><td class=\"num\">");
      Percent(m, g.score, g.max_score);
      m.Raw("</td><td class=\"num\">").Text((g.seconds + 59) / 60).Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  };
  if (rep->regions.empty() && rep->people.empty()) {
    m.Raw("<p>").Text(Tr(lang, "Belum ada hasil latihan di wilayah ini.",
                         "No practice results in this region yet.")).Raw("</p>");
  } else {
    if (!(scope.national() ? false : scope.level() == RegionLevel::kDesa)) {
      m.Raw("<h2>").Text(Tr(lang, "Per wilayah", "Per region")).Raw("</h2>");
      group_table(rep->regions, false);
    }
    m.Raw("<h2>").Text(Tr(lang, "Per peserta", "Per person")).Raw("</h2>");
    group_table(rep->people, true);
    m.Raw("<h2>").Text(Tr(lang, "Ketepatan per aturan", "Accuracy per rule")).Raw("</h2>");
    RulesTable(m, lang, rep->rules);
  }
  return RenderPage(req, lang, 200, Tr(lang, "Hasil latihan", "Practice results"), m,
                    req.principal);
}

}  // namespace handlers

void AppendPracticeSummary(Request& req, Lang lang, Html& m) {
  m.Raw("<h2>").Text(Tr(lang, "Latihan", "Practice")).Raw("</h2><p><a href=\"/latihan\">")
      .Text(Tr(lang, "Latihan penghitungan suara dan skenario darurat",
               "Counting exercise and emergency scenarios"))
      .Raw("</a></p>");
  const store::UserRow& u = req.principal->user;
  if (u.role != store::UserRole::kParticipant && service::CanSee(u, service::ScopeOf(u))) {
    m.Raw("<p><a href=\"/hasil-latihan\">")
        .Text(Tr(lang, "Hasil latihan di wilayah kerja", "Practice results in your area"))
        .Raw("</a></p>");
  }
  auto p = req.worker->practice();
  if (!p.ok()) return;
  auto results = (*p)->MyResults(u);
  if (!results.ok() || results->empty()) return;
  m.Raw("<h3>").Text(Tr(lang, "Hasil latihan saya", "My practice results")).Raw("</h3><ul>");
  size_t shown = 0;
  for (const store::PracticeResult& r : *results) {
    if (++shown > 5) break;
    m.Raw("<li>")
        .Text(r.kind == PracticeKind::kCounting ? Tr(lang, "Penghitungan ", "Counting ")
                                                : Tr(lang, "Skenario ", "Scenario "))
        .Text(r.ref).Raw(": ").Text(r.score).Raw("/").Text(r.max_score).Raw(" (");
    Percent(m, r.score, r.max_score);
    m.Raw(")</li>");
  }
  m.Raw("</ul>");
}

}  // namespace bimtek::http
