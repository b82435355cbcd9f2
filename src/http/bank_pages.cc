#include "http/bank_pages.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "base/strings.h"
#include "core/assessment/test_form.h"
#include "http/context.h"
#include "http/html.h"
#include "http/multipart.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "service/auth.h"
#include "service/questions.h"
#include "service/tests.h"

namespace bimtek::http::handlers {

namespace {

using questions::Choice;
using questions::ItemProblem;
using questions::ItemType;
using questions::Question;

constexpr size_t kPageSize = 50;

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bimtek::Lang CoreLang(Lang l) { return l == Lang::kEn ? bimtek::Lang::kEn : bimtek::Lang::kId; }

const store::UserRow& User(const Request& req) { return req.principal->user; }

Response Denied(const Request& req, const char* what) {
  return ErrorPage(req, absl::PermissionDeniedError(what), req.principal);
}

// Every decoded value of field `name` in an urlencoded body or query, in order.
std::vector<std::string> FormValues(std::string_view urlencoded, std::string_view name) {
  std::vector<std::string> out;
  for (std::string_view part : Split(urlencoded, '&')) {
    const size_t eq = part.find('=');
    auto key = UrlDecode(part.substr(0, eq));
    if (!key || *key != name) continue;
    auto value = UrlDecode(eq == std::string_view::npos ? "" : part.substr(eq + 1));
    if (value) out.push_back(std::move(*value));
  }
  return out;
}

std::string Field(std::string_view body, std::string_view name) {
  auto v = FormValue(body, name);
  if (!v) return "";
  // Browsers send CR LF in textareas.
  std::string s;
  for (char c : *v) {
    if (c != '\r') s.push_back(c);
  }
  return s;
}

const char* TypeLabel(Lang lang, ItemType t) {
  switch (t) {
    case ItemType::kSingle:
      return Tx(lang, {"Pilihan tunggal", "Single choice"});
    case ItemType::kMultiple:
      return Tx(lang, {"Pilihan jamak", "Multiple response"});
    case ItemType::kTrueFalse:
      return Tx(lang, {"Benar/salah", "True/false"});
    case ItemType::kMatching:
      return Tx(lang, {"Menjodohkan", "Matching"});
  }
  return "";
}

// A short, UTF-8-safe excerpt.
std::string Excerpt(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return StrCat(s.substr(0, n), "…");
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += StrCat(i ? sep : "", v[i]);
  return out;
}

// ---- the item form: text lines <-> choices ----

// "A: text" per line.
std::string ChoicesText(const std::vector<Choice>& cs) {
  std::string out;
  for (const Choice& c : cs) out += StrCat(c.id, ": ", c.text, "\n");
  return out;
}

// The form's values, kept as typed so that a form with errors comes back as it was sent.
struct ItemForm {
  std::string id, type = "single", module, stem, options, key, left, right, pairs, explanation,
                  source;
  std::vector<std::string> topics;
  // The image (multipart form only): a new file, its text for screen readers, or removal.
  std::string image_name, image_bytes, image_alt;
  bool image_remove = false;
};

ItemForm FormOf(const Question& q) {
  ItemForm f;
  f.id = q.id;
  f.type = std::string(questions::TypeName(q.type));
  f.module = q.module;
  f.topics = q.topics;
  f.stem = q.stem;
  f.options = ChoicesText(q.options);
  f.key = Join(q.key, ", ");
  f.left = ChoicesText(q.left);
  f.right = ChoicesText(q.right);
  std::vector<std::string> pairs;
  for (const auto& [l, r] : q.pairs) pairs.push_back(StrCat(l, "=", r));
  f.pairs = Join(pairs, ", ");
  f.explanation = q.explanation;
  f.source = q.source;
  return f;
}

struct FieldError {
  std::string field;
  std::string message;
};

// The item form's fields through `field` (one value) and `values` (repeated), whatever the
// encoding of the body.
ItemForm FormFrom(const std::function<std::string(std::string_view)>& field,
                  const std::function<std::vector<std::string>(std::string_view)>& values) {
  ItemForm f;
  f.id = std::string(Trim(field("id")));
  f.type = field("type");
  f.module = field("module");
  f.topics = values("topic");
  f.stem = std::string(Trim(field("stem")));
  f.options = field("options");
  f.key = field("key");
  f.left = field("left");
  f.right = field("right");
  f.pairs = field("pairs");
  f.explanation = std::string(Trim(field("explanation")));
  f.source = std::string(Trim(field("source")));
  f.image_alt = std::string(Trim(field("image_alt")));
  f.image_remove = !field("image_remove").empty();
  return f;
}

ItemForm FormFromBody(std::string_view body) {
  return FormFrom([&](std::string_view n) { return Field(body, n); },
                  [&](std::string_view n) { return FormValues(body, n); });
}

// The largest image the item form takes: phones load it over weak networks.
constexpr size_t kMaxImageBytes = 512 << 10;

// Checks an uploaded image: a type the bank serves, by its name, and bytes that are that type;
// SVG without scripts. Adds the problems to `errors` under "media"; the media when it is good.
std::optional<questions::Media> UploadedImage(const ItemForm& f, const std::string& item_id,
                                              Lang lang, std::vector<FieldError>& errors) {
  auto bad = [&](const char* id, const char* en) {
    errors.push_back({"media", Tx(lang, {id, en})});
    return std::nullopt;
  };
  std::string ext = f.image_name.substr(f.image_name.rfind('.') + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string src = StrCat("images/", item_id.empty() ? "item" : item_id, ".", ext);
  const std::string_view mime = questions::MediaMime(src);
  if (f.image_name.find('.') == std::string::npos || mime.empty()) {
    return bad("gambar harus berkas .png, .jpg, .gif, .webp atau .svg",
               "the image must be a .png, .jpg, .gif, .webp or .svg file");
  }
  if (f.image_bytes.size() > kMaxImageBytes) {
    return bad("gambar lebih dari 512 KB: perkecil dulu", "the image is over 512 KB: make it smaller");
  }
  const std::string_view b = f.image_bytes;
  const bool ok = mime == "image/png"    ? b.starts_with("\x89PNG\r\n\x1a\n")
                  : mime == "image/jpeg" ? b.starts_with("\xff\xd8\xff")
                  : mime == "image/gif"  ? b.starts_with("GIF87a") || b.starts_with("GIF89a")
                  : mime == "image/webp" ? b.size() > 12 && b.starts_with("RIFF") &&
                                               b.substr(8, 4) == "WEBP"
                                         : b.find("<svg") != std::string_view::npos;
  if (!ok) {
    return bad("isi berkas gambar tidak sesuai jenisnya (rusak atau bukan gambar)",
               "the image file's content does not match its type (damaged or not an image)");
  }
  if (mime == "image/svg+xml") {
    std::string lower(b);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("<script") != std::string::npos || lower.find("javascript:") != std::string::npos ||
        std::regex_search(lower, std::regex(R"(\son[a-z]+\s*=)"))) {
      return bad("gambar SVG tidak boleh berisi skrip", "an SVG image may not hold scripts");
    }
  }
  if (f.image_alt.empty()) {
    return bad("tulis keterangan gambar (untuk pembaca layar)",
               "write the image's text (for screen readers)");
  }
  return questions::Media{src, f.image_alt, f.image_bytes};
}

std::vector<Choice> ParseChoices(const std::string& text, const char* field, Lang lang,
                                 std::vector<FieldError>& errors) {
  std::vector<Choice> out;
  int line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    line = Trim(line);
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      errors.push_back(
          {field, StrCat(Tx(lang, {"baris ", "line "}), line_no,
                         Tx(lang, {": tulis \"KODE: teks\"", ": write \"ID: text\""}))});
      continue;
    }
    out.push_back(
        {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
  }
  return out;
}

std::vector<std::string> ParseList(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view part : Split(text, ',')) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

// The item the form describes (on top of `base`: its image is kept), and the form's own errors.
Question ItemFromForm(const ItemForm& f, const Question& base, Lang lang,
                      std::vector<FieldError>& errors) {
  Question q = base;
  q.id = f.id;
  auto type = questions::ParseType(f.type);
  if (!type) {
    errors.push_back({"type", Tx(lang, {"pilih jenis soal", "choose the item type"})});
  } else {
    q.type = *type;
  }
  q.module = f.module;
  q.topics = f.topics;
  q.stem = f.stem;
  q.explanation = f.explanation;
  q.source = f.source;
  q.options.clear();
  q.key.clear();
  q.left.clear();
  q.right.clear();
  q.pairs.clear();
  if (q.type == ItemType::kMatching) {
    q.left = ParseChoices(f.left, "left", lang, errors);
    q.right = ParseChoices(f.right, "right", lang, errors);
    for (const std::string& p : ParseList(f.pairs)) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos) {
        errors.push_back(
            {"pairs", StrCat("\"", p, "\": ", Tx(lang, {"tulis KIRI=KANAN", "write LEFT=RIGHT"}))});
        continue;
      }
      q.pairs.emplace_back(std::string(Trim(std::string_view(p).substr(0, eq))),
                           std::string(Trim(std::string_view(p).substr(eq + 1))));
    }
  } else {
    q.options = ParseChoices(f.options, "options", lang, errors);
    q.key = ParseList(f.key);
  }
  return q;
}

// "options[2].id" -> "options"; "" -> "" (the item as a whole).
void Selected(Html& m, bool on) {
  if (on) m.Raw(" selected");
}

std::string FormFieldOf(std::string_view problem_field) {
  const size_t end = problem_field.find_first_of("[.");
  std::string f(problem_field.substr(0, end));
  if (f == "topic") f = "topics";
  return f;
}

void ErrorsFor(Html& m, const std::vector<FieldError>& errors, std::string_view field) {
  for (const FieldError& e : errors) {
    if (e.field != field) continue;
    m.Raw("<span class=\"error\" role=\"alert\">").Text(e.message).Raw("</span>");
  }
}

void TextInput(Html& m, const char* name, const char* label, const std::string& value,
               const std::vector<FieldError>& errors, bool area, const char* hint = "") {
  m.Raw("<p><label for=\"f-").Text(name).Raw("\">").Text(label).Raw("</label> ");
  if (area) {
    m.Raw("<textarea rows=\"4\" cols=\"70\" id=\"f-").Text(name).Raw("\" name=\"").Text(name);
    m.Raw("\">").Text(value).Raw("</textarea>");
  } else {
    m.Raw("<input size=\"50\" id=\"f-").Text(name).Raw("\" name=\"").Text(name);
    m.Raw("\" value=\"").Text(value).Raw("\">");
  }
  if (*hint) m.Raw(" <small>").Text(hint).Raw("</small>");
  ErrorsFor(m, errors, name);
  m.Raw("</p>");
}

Html ItemFormHtml(const Request& req, Lang lang, const ItemForm& f, bool is_new,
                  const std::vector<FieldError>& errors, const Question* base) {
  Html m;
  m.Raw("<h1>");
  if (is_new) {
    m.Text(Tx(lang, {"Soal baru", "New item"}));
  } else {
    m.Text(Tx(lang, {"Ubah soal ", "Edit item "})).Text(f.id);
  }
  m.Raw("</h1>");
  if (!errors.empty()) {
    m.Raw("<p class=\"error\" role=\"alert\">")
        .Text(Tx(lang, {"Soal belum disimpan: perbaiki isian yang ditandai.",
                        "The item was not saved: correct the marked fields."}))
        .Raw("</p>");
    ErrorsFor(m, errors, "");
  }
  if (!is_new) {
    m.Raw("<p>")
        .Text(Tx(lang, {"Menyimpan perubahan membuat versi baru; versi lama tetap tersimpan.",
                        "Saving a change makes a new version; the old versions stay."}))
        .Raw("</p>");
  }
  m.Raw("<form method=\"post\" action=\"");
  if (is_new) {
    m.Raw("/soal/baru");
  } else {
    m.Raw("/soal/").Text(f.id).Raw("/ubah");
  }
  m.Raw("\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\">");
  if (is_new) {
    TextInput(m, "id", Tx(lang, {"Kode soal", "Item id"}), f.id, errors, false,
              "A-Z, 0-9, '-' (M3-SAH-021)");
  }
  m.Raw("<p><label for=\"f-type\">").Text(Tx(lang, {"Jenis", "Type"}));
  m.Raw("</label> <select id=\"f-type\" name=\"type\">");
  for (ItemType t :
       {ItemType::kSingle, ItemType::kMultiple, ItemType::kTrueFalse, ItemType::kMatching}) {
    const std::string name(questions::TypeName(t));
    m.Raw("<option value=\"").Text(name).Raw("\"");
    if (name == f.type) m.Raw(" selected");
    m.Raw(">").Text(TypeLabel(lang, t)).Raw("</option>");
  }
  m.Raw("</select>");
  ErrorsFor(m, errors, "type");
  m.Raw("</p><p><label for=\"f-module\">").Text(Tx(lang, {"Modul", "Module"}));
  m.Raw("</label> <select id=\"f-module\" name=\"module\"><option value=\"\"></option>");
  for (const std::string& mod : questions::Modules()) {
    m.Raw("<option");
    Selected(m, mod == f.module);
    m.Raw(">").Text(mod).Raw("</option>");
  }
  m.Raw("</select>");
  ErrorsFor(m, errors, "module");
  m.Raw("</p><fieldset><legend>").Text(Tx(lang, {"Topik", "Topics"})).Raw("</legend>");
  for (const std::string& t : questions::Topics()) {
    const bool on = std::find(f.topics.begin(), f.topics.end(), t) != f.topics.end();
    m.Raw("<label><input type=\"checkbox\" name=\"topic\" value=\"").Text(t).Raw("\"");
    if (on) m.Raw(" checked");
    m.Raw("> ").Text(t).Raw("</label> ");
  }
  ErrorsFor(m, errors, "topics");
  m.Raw("</fieldset>");
  TextInput(m, "stem", Tx(lang, {"Pertanyaan", "Stem"}), f.stem, errors, true);
  TextInput(
      m, "options",
      Tx(lang, {"Pilihan (satu per baris, \"A: teks\")", "Options (one a line, \"A: text\")"}),
      f.options, errors, true,
      Tx(lang, {"benar/salah: \"B: Benar\" dan \"S: Salah\"",
                "true/false: \"B: Benar\" and \"S: Salah\""}));
  TextInput(m, "key",
            Tx(lang, {"Kunci (kode pilihan, dipisah koma)", "Key (option ids, comma separated)"}),
            f.key, errors, false);
  m.Raw("<fieldset><legend>").Text(Tx(lang, {"Menjodohkan", "Matching"})).Raw("</legend>");
  TextInput(m, "left", Tx(lang, {"Kiri (\"L1: teks\")", "Left (\"L1: text\")"}), f.left, errors,
            true);
  TextInput(m, "right", Tx(lang, {"Kanan (\"R1: teks\")", "Right (\"R1: text\")"}), f.right, errors,
            true);
  TextInput(m, "pairs", Tx(lang, {"Pasangan (L1=R2, L2=R1)", "Pairs (L1=R2, L2=R1)"}), f.pairs,
            errors, false);
  m.Raw("</fieldset>");
  TextInput(m, "explanation",
            Tx(lang, {"Penjelasan (dengan dasar aturan)", "Explanation (citing the rule)"}),
            f.explanation, errors, true);
  TextInput(m, "source", Tx(lang, {"Sumber (bagian referensi)", "Source (reference section)"}),
            f.source, errors, false);
  m.Raw("<fieldset><legend>").Text(Tx(lang, {"Gambar (pilihan)", "Image (optional)"}));
  m.Raw("</legend>");
  if (base != nullptr && base->media) {
    m.Raw("<p>").Text(Tx(lang, {"Gambar sekarang: ", "Current image: "})).Text(base->media->src);
    m.Raw(" <label><input type=\"checkbox\" name=\"image_remove\" value=\"1\"> ")
        .Text(Tx(lang, {"hapus", "remove"}))
        .Raw("</label></p>");
  }
  m.Raw("<p><label for=\"f-image\">")
      .Text(Tx(lang, {"Berkas baru (png, jpg, gif, webp, svg; paling besar 512 KB)",
                      "New file (png, jpg, gif, webp, svg; at most 512 KB)"}))
      .Raw("</label> <input id=\"f-image\" type=\"file\" name=\"image\" "
           "accept=\"image/png,image/jpeg,image/gif,image/webp,image/svg+xml\"></p>");
  TextInput(m, "image_alt",
            Tx(lang, {"Keterangan gambar (untuk pembaca layar)", "Image text (for screen readers)"}),
            f.image_alt.empty() && base != nullptr && base->media ? base->media->alt : f.image_alt,
            errors, false);
  m.Raw("</fieldset>");
  ErrorsFor(m, errors, "media");
  m.Raw("<p><button type=\"submit\">").Text(Tx(lang, {"Simpan", "Save"}));
  m.Raw("</button> <a href=\"/soal\">").Text(Tx(lang, {"Batal", "Cancel"})).Raw("</a></p></form>");
  return m;
}

StatusOr<store::QuestionStore*> BankOf(Request& req) { return req.worker->question_bank(); }

// Saves the posted item; 303 to it, or the form again with the problems (400).
Response SaveItem(Request& req, bool is_new) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators edit the bank");
  }
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  // The form comes as multipart/form-data (it may carry an image) or urlencoded; either way
  // RequireFormCsrf has checked its csrf field.
  ItemForm f;
  if (MultipartBoundary(req.Header("Content-Type").value_or(""))) {
    const std::vector<FormPart>& parts = req.form_parts;
    auto field = [&](std::string_view n) {
      const FormPart* p = FindPart(parts, n);
      return p == nullptr ? std::string() : std::string(p->data);
    };
    f = FormFrom(field, [&](std::string_view n) {
      std::vector<std::string> out;
      for (const FormPart& p : parts) {
        if (p.name == n) out.emplace_back(p.data);
      }
      return out;
    });
    if (const FormPart* img = FindPart(parts, "image"); img != nullptr && !img->data.empty()) {
      f.image_name = img->filename;
      f.image_bytes = std::string(img->data);
    }
  } else {
    f = FormFromBody(req.body);
  }
  Question base;
  if (!is_new) {
    f.id = std::string(req.Param("id"));
    auto old = (*bank)->GetQuestion(f.id);
    if (!old.ok()) return ErrorPage(req, old.status(), req.principal);
    if (!*old) return ErrorPage(req, absl::NotFoundError(StrCat("question ", f.id)), req.principal);
    base = **old;
  }
  std::vector<FieldError> errors;
  Question q = ItemFromForm(f, base, lang, errors);
  if (!f.image_bytes.empty()) {
    if (auto media = UploadedImage(f, q.id, lang, errors)) q.media = std::move(*media);
  } else if (f.image_remove) {
    q.media.reset();
  } else if (q.media && !f.image_alt.empty()) {
    q.media->alt = f.image_alt;
  }
  if (errors.empty()) {
    auto saved = service::SaveQuestion(**bank, User(req), q, is_new, NowUnix());
    if (!saved.ok()) return ErrorPage(req, saved.status(), req.principal);
    for (const ItemProblem& p : saved->problems) {
      if (p.severity != Severity::kError) continue;
      errors.push_back({FormFieldOf(p.field), questions::Describe(p, CoreLang(lang))});
    }
    if (saved->result) {
      return Redirect(StrCat("/soal/", saved->result->id, "?v=", saved->result->version));
    }
  }
  Html m = ItemFormHtml(req, lang, f, is_new, errors, is_new ? nullptr : &base);
  return RenderPage(req, lang, 400, Tx(lang, {"Soal", "Item"}), m, req.principal);
}

// ---- tests ----

constexpr const char* kZones[][2] = {
    {"7", "WIB (UTC+7)"}, {"8", "WITA (UTC+8)"}, {"9", "WIT (UTC+9)"}};

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// "2024-02-01T08:00" in UTC+zone hours -> unix seconds.
std::optional<int64_t> ParseLocal(std::string_view s, int zone) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  const std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || h < 0 || mi < 0) {
    return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 - zone * 3600;
}

std::string FormatLocal(int64_t unix, int zone) {
  const int64_t t = unix + zone * 3600;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const int64_t secs = t - days * 86400;
  // civil_from_days
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60));
  return buf;
}

std::string ZoneName(int zone) {
  for (const auto& z : kZones) {
    if (std::stoi(z[0]) == zone) return z[1];
  }
  return "WIB (UTC+7)";
}

std::string ScopeText(RegionCode c) { return c == 0 ? "national" : Scope::Of(c).ToString(); }

const char* KindText(Lang lang, store::TestKind k) {
  return k == store::TestKind::kPre ? Tx(lang, {"pra-tes", "pre-test"})
                                    : Tx(lang, {"pasca-tes", "post-test"});
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

struct BuilderForm {
  std::string name, kind = "pre", scope, batch, pre_test, blueprint, forms = "1", opens, closes,
                    zone = "7", time_limit, pass_mark = "70", remedial_mark = "50", seed;
};

Html BuilderHtml(const Request& req, Lang lang, const BuilderForm& f,
                 const std::vector<FieldError>& errors, const std::vector<store::TestRow>& pres,
                 const std::map<std::string, int>& counts) {
  Html m;
  m.Raw("<h1>").Text(Tx(lang, {"Susun tes", "Build a test"})).Raw("</h1>");
  if (!errors.empty()) {
    m.Raw("<p class=\"error\" role=\"alert\">")
        .Text(Tx(lang, {"Tes belum dibuat: perbaiki isian yang ditandai.",
                        "The test was not created: correct the marked fields."}))
        .Raw("</p>");
    ErrorsFor(m, errors, "");
  }
  m.Raw("<form method=\"post\" action=\"/tes/baru\"><input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\">");
  TextInput(m, "name", Tx(lang, {"Nama tes", "Test name"}), f.name, errors, false);
  m.Raw("<p><label for=\"f-kind\">").Text(Tx(lang, {"Jenis", "Kind"}));
  m.Raw("</label> <select id=\"f-kind\" name=\"kind\"><option value=\"pre\"");
  if (f.kind == "pre") m.Raw(" selected");
  m.Raw(">").Text(Tx(lang, {"Pra-tes", "Pre-test"})).Raw("</option><option value=\"post\"");
  if (f.kind == "post") m.Raw(" selected");
  m.Raw(">").Text(Tx(lang, {"Pasca-tes", "Post-test"})).Raw("</option></select>");
  ErrorsFor(m, errors, "kind");
  m.Raw("</p><p><label for=\"f-pre_test\">")
      .Text(Tx(lang, {"Pra-tes pasangannya (pasca-tes)", "Its pre-test (post-tests)"}));
  m.Raw("</label> <select id=\"f-pre_test\" name=\"pre_test\"><option value=\"\">—</option>");
  for (const store::TestRow& t : pres) {
    const std::string id = StrCat(t.id);
    m.Raw("<option value=\"").Text(id).Raw("\"");
    if (id == f.pre_test) m.Raw(" selected");
    m.Raw(">#").Text(id).Raw(" ").Text(t.name).Raw(" (").Text(ScopeText(t.scope)).Raw(")</option>");
  }
  m.Raw("</select>");
  ErrorsFor(m, errors, "pre_test");
  m.Raw("</p>");
  TextInput(m, "scope", Tx(lang, {"Wilayah (kode atau national)", "Region (code or national)"}),
            f.scope, errors, false);
  TextInput(m, "batch", Tx(lang, {"Kelas (nomor, boleh kosong)", "Batch (number, optional)"}),
            f.batch, errors, false);
  std::string avail;
  for (const auto& [k, n] : counts) avail += StrCat(avail.empty() ? "" : ", ", k, ": ", n);
  TextInput(m, "blueprint",
            Tx(lang, {"Kisi-kisi (modul atau topik:jumlah)", "Blueprint (module or topic:count)"}),
            f.blueprint, errors, false);
  m.Raw("<p><small>").Text(Tx(lang, {"Soal di bank: ", "Items in the bank: "})).Text(avail);
  m.Raw("</small></p>");
  TextInput(m, "forms", Tx(lang, {"Jumlah paket paralel", "Parallel forms"}), f.forms, errors,
            false);
  m.Raw("<p>")
      .Text(Tx(lang, {"Urutan soal dan pilihan selalu diacak per peserta (dari benih ini).",
                      "Items and options are always shuffled per participant (from this seed)."}))
      .Raw("</p>");
  TextInput(m, "seed", Tx(lang, {"Benih acak (boleh kosong)", "Shuffle seed (optional)"}), f.seed,
            errors, false);
  m.Raw("<p><label for=\"f-zone\">").Text(Tx(lang, {"Zona waktu", "Time zone"}));
  m.Raw("</label> <select id=\"f-zone\" name=\"zone\">");
  for (const auto& z : kZones) {
    m.Raw("<option value=\"").Text(z[0]).Raw("\"");
    if (f.zone == z[0]) m.Raw(" selected");
    m.Raw(">").Text(z[1]).Raw("</option>");
  }
  m.Raw("</select></p>");
  for (const char* name : {"opens", "closes"}) {
    const bool o = std::string_view(name) == "opens";
    m.Raw("<p><label for=\"f-").Text(name).Raw("\">");
    m.Text(o ? Tx(lang, {"Dibuka", "Opens"}) : Tx(lang, {"Ditutup", "Closes"}));
    m.Raw("</label> <input type=\"datetime-local\" id=\"f-").Text(name).Raw("\" name=\"");
    m.Text(name).Raw("\" value=\"").Text(o ? f.opens : f.closes).Raw("\">");
    ErrorsFor(m, errors, name);
    m.Raw("</p>");
  }
  TextInput(m, "time_limit",
            Tx(lang, {"Batas waktu (menit, boleh kosong)", "Time limit (minutes, optional)"}),
            f.time_limit, errors, false);
  TextInput(m, "pass_mark", Tx(lang, {"Nilai lulus (%)", "Pass mark (%)"}), f.pass_mark, errors,
            false);
  TextInput(m, "remedial_mark", Tx(lang, {"Batas remedial (%)", "Remedial mark (%)"}),
            f.remedial_mark, errors, false);
  m.Raw("<p><button type=\"submit\">").Text(Tx(lang, {"Buat tes", "Create the test"}));
  m.Raw("</button> <a href=\"/tes\">").Text(Tx(lang, {"Batal", "Cancel"})).Raw("</a></p></form>");
  return m;
}

std::optional<int64_t> ParseCount(const std::string& s) {
  const std::string_view t = Trim(s);
  if (t.empty() || t.size() > 12 || !IsAllDigits(t)) return std::nullopt;
  return std::stoll(std::string(t));
}

std::optional<double> ParseMark(const std::string& s) {
  const std::string t(Trim(s));
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Which builder field a service error is about, by the words of its message.
std::string BuilderFieldOf(std::string_view msg) {
  for (const auto& [word, field] :
       std::vector<std::pair<const char*, const char*>>{{"pre-test", "pre_test"},
                                                        {"blueprint", "blueprint"},
                                                        {"window", "closes"},
                                                        {"time limit", "time_limit"},
                                                        {"remedial", "remedial_mark"},
                                                        {"pass mark", "pass_mark"},
                                                        {"name", "name"},
                                                        {"form", "forms"},
                                                        {"scope", "scope"},
                                                        {"region", "scope"}}) {
    if (msg.find(word) != std::string_view::npos) return field;
  }
  return "";
}

// The bank's item counts by module and topic (for the blueprint hint).
std::map<std::string, int> BankCounts(Request& req) {
  std::map<std::string, int> counts;
  auto bank = BankOf(req);
  if (!bank.ok()) return counts;
  auto items = (*bank)->ListQuestions({}, false);
  if (!items.ok()) return counts;
  for (const Question& q : *items) {
    ++counts[q.module];
    for (const std::string& t : q.topics) ++counts[t];
  }
  return counts;
}

std::vector<store::TestRow> PreTests(service::Tests& tests, const store::UserRow& u) {
  std::vector<store::TestRow> out;
  auto list = tests.List(u);
  if (!list.ok()) return out;
  for (auto& t : *list) {
    if (t.kind == store::TestKind::kPre) out.push_back(std::move(t));
  }
  return out;
}

// The upload form of a bank file (QTI package or item, or our JSON) for operators.
void ImportFormHtml(Html& m, const Request& req, Lang lang) {
  m.Raw("<details><summary>")
      .Text(Tx(lang, {"Impor soal (QTI 2.1/3.0 atau JSON)", "Import items (QTI 2.1/3.0 or JSON)"}));
  m.Raw(
       "</summary><form method=\"post\" action=\"/soal/impor\" "
       "enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\"><p><label for=\"f-file\">")
      .Text(Tx(lang, {"Berkas", "File"}))
      .Raw(
          "</label> <input type=\"file\" id=\"f-file\" name=\"file\" "
          "accept=\".zip,.xml,.json\"></p><p><label for=\"f-dmod\">")
      .Text(Tx(lang, {"Modul untuk butir tanpa metadata Bimtek",
                      "Module for items without Bimtek metadata"}))
      .Raw("</label> <select id=\"f-dmod\" name=\"module\"><option value=\"\"></option>");
  for (const std::string& mod : questions::Modules()) {
    m.Raw("<option>").Text(mod).Raw("</option>");
  }
  m.Raw("</select> <label for=\"f-dtop\">").Text(Tx(lang, {"topik", "topic"}));
  m.Raw("</label> <select id=\"f-dtop\" name=\"topic\"><option value=\"\"></option>");
  for (const std::string& t : questions::Topics()) m.Raw("<option>").Text(t).Raw("</option>");
  m.Raw("</select></p><p><button type=\"submit\">").Text(Tx(lang, {"Impor", "Import"}));
  m.Raw("</button></p></form></details>");
}

}  // namespace

// ---- the bank ----

Response BankPage(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayReadBank(User(req))) return Denied(req, "participants do not see the bank");
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  store::QuestionFilter filter;
  filter.module = FormValue(req.query, "modul").value_or("");
  filter.topic = FormValue(req.query, "topik").value_or("");
  const std::string type = FormValue(req.query, "jenis").value_or("");
  auto items = (*bank)->ListQuestions(filter, false);
  if (!items.ok()) return ErrorPage(req, items.status(), req.principal);
  std::vector<const Question*> shown;
  for (const Question& q : *items) {
    if (type.empty() || questions::TypeName(q.type) == type) shown.push_back(&q);
  }
  const size_t pages = std::max<size_t>(1, (shown.size() + kPageSize - 1) / kPageSize);
  size_t page = 1;
  if (auto p = ParseCount(FormValue(req.query, "hal").value_or("")); p && *p >= 1) {
    page = std::min<size_t>(static_cast<size_t>(*p), pages);
  }
  Html m;
  m.Raw("<h1>").Text(Tx(lang, {"Bank soal", "Question bank"})).Raw("</h1><p>");
  if (service::MayEditBank(User(req))) {
    m.Raw("<a href=\"/soal/baru\">").Text(Tx(lang, {"Soal baru", "New item"})).Raw("</a> · ");
  }
  m.Raw("<a href=\"/soal/qti.zip?modul=").Text(filter.module).Raw("&amp;topik=");
  m.Text(filter.topic).Raw("\">").Text(Tx(lang, {"Unduh QTI 3.0", "Download QTI 3.0"}));
  m.Raw("</a> · <a href=\"/tes\">").Text(Tx(lang, {"Tes", "Tests"})).Raw("</a></p>");
  if (service::MayEditBank(User(req))) ImportFormHtml(m, req, lang);
  m.Raw("<form method=\"get\" action=\"/soal\"><label>").Text(Tx(lang, {"Modul", "Module"}));
  m.Raw(" <select name=\"modul\"><option value=\"\">").Text(T(lang, Msg::kAll)).Raw("</option>");
  for (const std::string& mod : questions::Modules()) {
    m.Raw("<option");
    Selected(m, mod == filter.module);
    m.Raw(">").Text(mod);
    m.Raw("</option>");
  }
  m.Raw("</select></label> <label>").Text(Tx(lang, {"Topik", "Topic"}));
  m.Raw(" <select name=\"topik\"><option value=\"\">").Text(T(lang, Msg::kAll)).Raw("</option>");
  for (const std::string& t : questions::Topics()) {
    m.Raw("<option");
    Selected(m, t == filter.topic);
    m.Raw(">").Text(t).Raw("</option>");
  }
  m.Raw("</select></label> <label>").Text(Tx(lang, {"Jenis", "Type"}));
  m.Raw(" <select name=\"jenis\"><option value=\"\">").Text(T(lang, Msg::kAll)).Raw("</option>");
  for (ItemType t :
       {ItemType::kSingle, ItemType::kMultiple, ItemType::kTrueFalse, ItemType::kMatching}) {
    const std::string name(questions::TypeName(t));
    m.Raw("<option value=\"").Text(name).Raw("\"");
    Selected(m, name == type);
    m.Raw(">").Text(TypeLabel(lang, t)).Raw("</option>");
  }
  m.Raw("</select></label> <button type=\"submit\">").Text(T(lang, Msg::kSearchButton));
  m.Raw("</button></form><p>").Text(static_cast<int64_t>(shown.size()));
  m.Text(Tx(lang, {" soal", " items"})).Raw("</p>");
  m.Raw("<table><thead><tr><th scope=\"col\">").Text(Tx(lang, {"Kode", "Id"}));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, {"Jenis", "Type"}));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, {"Modul", "Module"}));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, {"Topik", "Topics"}));
  m.Raw("</th><th scope=\"col\">").Text(Tx(lang, {"Pertanyaan", "Stem"}));
  m.Raw("</th><th scope=\"col\" class=\"num\">").Text(Tx(lang, {"Versi", "Version"}));
  m.Raw("</th></tr></thead><tbody>");
  for (size_t i = (page - 1) * kPageSize; i < shown.size() && i < page * kPageSize; ++i) {
    const Question& q = *shown[i];
    m.Raw("<tr><td><a href=\"/soal/").Text(q.id).Raw("\">").Text(q.id).Raw("</a></td><td>");
    m.Text(TypeLabel(lang, q.type)).Raw("</td><td>").Text(q.module).Raw("</td><td>");
    m.Text(Join(q.topics, ", ")).Raw("</td><td>").Text(Excerpt(q.stem, 120));
    m.Raw("</td><td class=\"num\">").Text(q.version).Raw("</td></tr>");
  }
  m.Raw("</tbody></table>");
  if (pages > 1) {
    auto link = [&](size_t p, const char* label) {
      m.Raw("<a href=\"/soal?modul=").Text(filter.module).Raw("&amp;topik=").Text(filter.topic);
      m.Raw("&amp;jenis=").Text(type).Raw("&amp;hal=").Text(static_cast<int64_t>(p)).Raw("\">");
      m.Text(label).Raw("</a> ");
    };
    m.Raw("<p>");
    if (page > 1) link(page - 1, T(lang, Msg::kPrevPage));
    m.Text(T(lang, Msg::kPage)).Raw(" ").Text(static_cast<int64_t>(page)).Raw("/");
    m.Text(static_cast<int64_t>(pages)).Raw(" ");
    if (page < pages) link(page + 1, T(lang, Msg::kNextPage));
    m.Raw("</p>");
  }
  return RenderPage(req, lang, 200, Tx(lang, {"Bank soal", "Question bank"}), m, req.principal);
}

Response BankQtiExport(Request& req) {
  if (!service::MayReadBank(User(req))) return Denied(req, "participants do not see the bank");
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  store::QuestionFilter filter;
  filter.module = FormValue(req.query, "modul").value_or("");
  filter.topic = FormValue(req.query, "topik").value_or("");
  auto zip = service::ExportQti3Zip(**bank, filter);
  if (!zip.ok()) return ErrorPage(req, zip.status(), req.principal);
  Response r;
  r.content_type = "application/zip";
  r.body = std::move(zip).value();
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"bimtek-soal-qti3.zip\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response BankImport(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators edit the bank");
  }
  const auto boundary = MultipartBoundary(req.Header("Content-Type").value_or(""));
  if (!boundary) {
    return ErrorPage(req,
                     absl::InvalidArgumentError("the form must be sent as multipart/form-data"),
                     req.principal);
  }
  const std::vector<FormPart>& parts = req.form_parts;  // read, CSRF checked: RequireFormCsrf
  const FormPart* file = FindPart(parts, "file");
  if (file == nullptr || file->data.empty()) {
    return ErrorPage(req,
                     absl::InvalidArgumentError(Tx(lang, {"pilih berkas soal", "choose a file"})),
                     req.principal);
  }
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  service::QuestionImportOptions options;
  if (const FormPart* mod = FindPart(parts, "module")) options.default_module = mod->data;
  if (const FormPart* t = FindPart(parts, "topic"); t != nullptr && !t->data.empty()) {
    options.default_topics = {std::string(t->data)};
  }
  // ImportQuestionsFile reads a path: the upload goes to a private temporary directory.
  namespace fs = std::filesystem;
  std::string dir_template = (fs::temp_directory_path() / "bimtek-soal-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    return ErrorPage(req, absl::InternalError("cannot make a temporary directory"), req.principal);
  }
  const fs::path dir(dir_template);
  const fs::path path = dir / "upload";
  StatusOr<service::QuestionImportReport> report = absl::InternalError("not run");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(file->data.data(), static_cast<std::streamsize>(file->data.size()));
    out.close();
    report = out ? service::ImportQuestionsFile(**bank, path.string(), options, NowUnix())
                 : StatusOr<service::QuestionImportReport>(
                       absl::InternalError("cannot write the upload"));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!report.ok()) {
    if (report.status().code() == absl::StatusCode::kInvalidArgument) {
      return ErrorPage(
          req, absl::InvalidArgumentError(StrCat(file->filename, ": ", report.status().message())),
          req.principal);
    }
    return ErrorPage(req, report.status(), req.principal);
  }
  Html m;
  m.Raw("<h1>").Text(Tx(lang, {"Impor soal: ", "Item import: "})).Text(file->filename);
  m.Raw("</h1>");
  if (report->written) {
    m.Raw("<p>").Text(Tx(lang, {"Tersimpan. Soal baru: ", "Saved. New items: "}));
    m.Text(report->new_items).Raw(", ").Text(Tx(lang, {"versi baru: ", "new versions: "}));
    m.Text(report->new_versions).Raw(", ").Text(Tx(lang, {"tidak berubah: ", "unchanged: "}));
    m.Text(report->unchanged).Raw(".</p>");
  } else {
    m.Raw("<p class=\"error\" role=\"alert\">")
        .Text(Tx(lang, {"Tidak ada yang disimpan: perbaiki berkasnya.",
                        "Nothing was saved: correct the file."}))
        .Raw("</p>");
  }
  if (!report->problems.empty()) {
    m.Raw("<h2>").Text(Tx(lang, {"Masalah", "Problems"})).Raw("</h2><ul>");
    for (const ItemProblem& p : report->problems) {
      m.Raw("<li>").Text(p.severity == Severity::kError ? Tx(lang, {"Galat: ", "Error: "})
                                                        : Tx(lang, {"Peringatan: ", "Warning: "}));
      m.Text(questions::Describe(p, CoreLang(lang))).Raw("</li>");
    }
    m.Raw("</ul>");
  }
  if (!report->unsupported.empty()) {
    m.Raw("<h2>").Text(
        Tx(lang, {"Butir tidak didukung (tidak diimpor)", "Unsupported items (not imported)"}));
    m.Raw("</h2><ul>");
    for (const io::QtiUnsupported& u : report->unsupported) {
      m.Raw("<li>").Text(u.item).Raw(" (").Text(u.file).Raw("): ").Text(u.interaction);
      m.Raw("</li>");
    }
    m.Raw("</ul>");
  }
  m.Raw("<p><a href=\"/soal\">").Text(Tx(lang, {"Bank soal", "Question bank"})).Raw("</a></p>");
  return RenderPage(req, lang, report->written ? 200 : 400, Tx(lang, {"Impor soal", "Item import"}),
                    m, req.principal);
}

Response BankItemPage(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayReadBank(User(req))) return Denied(req, "participants do not see the bank");
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  const std::string id(req.Param("id"));
  int version = 0;
  if (auto v = ParseCount(FormValue(req.query, "v").value_or("")); v && *v < 1'000'000) {
    version = static_cast<int>(*v);
  }
  auto q = (*bank)->GetQuestion(id, version);
  if (!q.ok()) return ErrorPage(req, q.status(), req.principal);
  if (!*q) return ErrorPage(req, absl::NotFoundError(StrCat("question ", id)), req.principal);
  auto versions = (*bank)->ListVersions(id);
  if (!versions.ok()) return ErrorPage(req, versions.status(), req.principal);
  const Question& it = **q;
  Html m;
  m.Raw("<h1>").Text(it.id).Raw(" · ").Text(Tx(lang, {"versi ", "version "})).Text(it.version);
  m.Raw("</h1><p><a href=\"/soal\">").Text(Tx(lang, {"Bank soal", "Question bank"})).Raw("</a>");
  if (service::MayEditBank(User(req))) {
    m.Raw(" · <a href=\"/soal/").Text(it.id).Raw("/ubah\">").Text(Tx(lang, {"Ubah", "Edit"}));
    m.Raw("</a>");
  }
  m.Raw("</p><dl><dt>").Text(Tx(lang, {"Jenis", "Type"})).Raw("</dt><dd>");
  m.Text(TypeLabel(lang, it.type)).Raw("</dd><dt>").Text(Tx(lang, {"Modul", "Module"}));
  m.Raw("</dt><dd>").Text(it.module).Raw("</dd><dt>").Text(Tx(lang, {"Topik", "Topics"}));
  m.Raw("</dt><dd>").Text(Join(it.topics, ", ")).Raw("</dd></dl><h2>");
  m.Text(Tx(lang, {"Pertanyaan", "Stem"})).Raw("</h2>");
  for (std::string_view para : Split(it.stem, '\n')) m.Raw("<p>").Text(para).Raw("</p>");
  if (it.media) {
    m.Raw("<p><img src=\"/soal/").Text(it.id).Raw("/gambar?v=").Text(it.version);
    m.Raw("\" alt=\"").Text(it.media->alt).Raw("\" style=\"max-width:100%\"></p>");
  }
  if (it.type == ItemType::kMatching) {
    m.Raw("<h2>").Text(Tx(lang, {"Pasangan", "Pairs"})).Raw("</h2><ul>");
    auto text_of = [](const std::vector<Choice>& cs, const std::string& cid) {
      for (const Choice& c : cs) {
        if (c.id == cid) return c.text;
      }
      return cid;
    };
    for (const auto& [l, r] : it.pairs) {
      m.Raw("<li>").Text(l).Raw(" ").Text(text_of(it.left, l)).Raw(" → ").Text(r).Raw(" ");
      m.Text(text_of(it.right, r)).Raw("</li>");
    }
    m.Raw("</ul>");
  } else {
    m.Raw("<h2>").Text(Tx(lang, {"Pilihan", "Options"})).Raw("</h2><ul>");
    for (const Choice& c : it.options) {
      const bool key = std::find(it.key.begin(), it.key.end(), c.id) != it.key.end();
      m.Raw("<li>");
      if (key) m.Raw("<strong>");
      m.Text(c.id).Raw(". ").Text(c.text);
      if (key) m.Raw(" ✓ ").Text(Tx(lang, {"(kunci)", "(key)"})).Raw("</strong>");
      m.Raw("</li>");
    }
    m.Raw("</ul>");
  }
  m.Raw("<h2>").Text(Tx(lang, {"Penjelasan", "Explanation"})).Raw("</h2><p>");
  m.Text(it.explanation).Raw("</p>");
  if (!it.source.empty()) {
    m.Raw("<p>").Text(Tx(lang, {"Sumber: ", "Source: "})).Text(it.source).Raw("</p>");
  }
  m.Raw("<h2>").Text(Tx(lang, {"Versi", "Versions"})).Raw("</h2><ul>");
  for (const store::VersionInfo& v : *versions) {
    m.Raw("<li>");
    if (v.version == it.version) {
      m.Raw("<strong>").Text(v.version).Raw("</strong>");
    } else {
      m.Raw("<a href=\"/soal/").Text(it.id).Raw("?v=").Text(v.version).Raw("\">");
      m.Text(v.version).Raw("</a>");
    }
    m.Raw(" · ").Text(FormatLocal(v.created_unix, 7)).Raw(" WIB</li>");
  }
  m.Raw("</ul>");
  return RenderPage(req, lang, 200, it.id, m, req.principal);
}

Response BankItemImage(Request& req) {
  if (!service::MayReadBank(User(req))) return Denied(req, "participants do not see the bank");
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  int version = 0;
  if (auto v = ParseCount(FormValue(req.query, "v").value_or("")); v && *v < 1'000'000) {
    version = static_cast<int>(*v);
  }
  auto q = (*bank)->GetQuestion(req.Param("id"), version);
  if (!q.ok()) return ErrorPage(req, q.status(), req.principal);
  if (!*q || !(*q)->media || (*q)->media->bytes.empty()) {
    return ErrorPage(req, absl::NotFoundError("no image"), req.principal);
  }
  Response r;
  r.content_type = std::string(questions::MediaMime((*q)->media->src));
  r.body = (*q)->media->bytes;
  r.headers.emplace_back("Cache-Control", "private, max-age=86400");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Response BankNewForm(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators edit the bank");
  }
  ItemForm f;
  f.options = "A: \nB: \nC: \nD: \n";
  Html m = ItemFormHtml(req, lang, f, true, {}, nullptr);
  return RenderPage(req, lang, 200, Tx(lang, {"Soal baru", "New item"}), m, req.principal);
}

Response BankNewSubmit(Request& req) { return SaveItem(req, true); }

Response BankEditForm(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators edit the bank");
  }
  auto bank = BankOf(req);
  if (!bank.ok()) return ErrorPage(req, bank.status(), req.principal);
  auto q = (*bank)->GetQuestion(req.Param("id"));
  if (!q.ok()) return ErrorPage(req, q.status(), req.principal);
  if (!*q) {
    return ErrorPage(req, absl::NotFoundError(StrCat("question ", req.Param("id"))), req.principal);
  }
  Html m = ItemFormHtml(req, lang, FormOf(**q), false, {}, &**q);
  return RenderPage(req, lang, 200, Tx(lang, {"Ubah soal", "Edit item"}), m, req.principal);
}

Response BankEditSubmit(Request& req) { return SaveItem(req, false); }

// ---- tests ----

Response TestsListPage(Request& req) {
  const Lang lang = LangOf(req);
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  auto list = (*tests)->List(User(req));
  if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
  Html m;
  m.Raw("<h1>").Text(Tx(lang, {"Tes", "Tests"})).Raw("</h1><p>");
  if (service::MayEditBank(User(req))) {
    m.Raw("<a href=\"/tes/baru\">").Text(Tx(lang, {"Susun tes", "Build a test"})).Raw("</a> · ");
  }
  m.Raw("<a href=\"/soal\">").Text(Tx(lang, {"Bank soal", "Question bank"})).Raw("</a></p>");
  if (list->empty()) {
    m.Raw("<p>").Text(Tx(lang, {"Belum ada tes.", "No tests yet."})).Raw("</p>");
  } else {
    m.Raw("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Nama", "Name"})).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Jenis", "Kind"})).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Wilayah", "Region"})).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Dibuka (WIB)", "Opens (WIB)"})).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Ditutup (WIB)", "Closes (WIB)"})).Raw("</th><th scope=\"col\">");
    m.Text(Tx(lang, {"Kisi-kisi", "Blueprint"})).Raw("</th></tr></thead><tbody>");
    for (const store::TestRow& t : *list) {
      m.Raw("<tr><td><a href=\"/tes/").Text(t.id).Raw("\">").Text(t.id).Raw("</a></td><td>");
      m.Raw("<a href=\"/tes/").Text(t.id).Raw("\">").Text(t.name).Raw("</a></td><td>");
      m.Text(KindText(lang, t.kind)).Raw("</td><td>").Text(ScopeText(t.scope)).Raw("</td><td>");
      m.Text(FormatLocal(t.opens_unix, 7)).Raw("</td><td>").Text(FormatLocal(t.closes_unix, 7));
      m.Raw("</td><td>").Text(assessment::FormatBlueprint(t.blueprint)).Raw("</td></tr>");
    }
    m.Raw("</tbody></table>");
  }
  return RenderPage(req, lang, 200, Tx(lang, {"Tes", "Tests"}), m, req.principal);
}

Response TestBuilderForm(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators build tests");
  }
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  BuilderForm f;
  f.scope = ScopeText(User(req).scope);
  Html m = BuilderHtml(req, lang, f, {}, PreTests(**tests, User(req)), BankCounts(req));
  return RenderPage(req, lang, 200, Tx(lang, {"Susun tes", "Build a test"}), m, req.principal);
}

Response TestBuilderSubmit(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::MayEditBank(User(req))) {
    return Denied(req, "only national, province and kabupaten/kota operators build tests");
  }
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  BuilderForm f;
  const std::string_view b = req.body;
  f.name = Field(b, "name");
  f.kind = Field(b, "kind");
  f.scope = std::string(Trim(Field(b, "scope")));
  f.batch = Field(b, "batch");
  f.pre_test = Field(b, "pre_test");
  f.blueprint = std::string(Trim(Field(b, "blueprint")));
  f.forms = Field(b, "forms");
  f.opens = Field(b, "opens");
  f.closes = Field(b, "closes");
  f.zone = Field(b, "zone");
  f.time_limit = Field(b, "time_limit");
  f.pass_mark = Field(b, "pass_mark");
  f.remedial_mark = Field(b, "remedial_mark");
  f.seed = Field(b, "seed");
  std::vector<FieldError> errors;
  auto bad = [&](const char* field, const char* id, const char* en) {
    errors.push_back({field, Tx(lang, {id, en})});
  };
  service::NewTest n;
  n.name = f.name;
  if (f.kind != "pre" && f.kind != "post")
    bad("kind", "pilih pra- atau pasca-tes", "choose pre or post");
  n.kind = f.kind == "post" ? store::TestKind::kPost : store::TestKind::kPre;
  if (f.scope.empty() || f.scope == "national") {
    n.scope = 0;
  } else if (auto s = ParseScope(f.scope); s.ok()) {
    n.scope = s->code;
  } else {
    errors.push_back({"scope", std::string(s.status().message())});
  }
  if (!Trim(f.batch).empty()) {
    auto v = ParseCount(f.batch);
    if (!v) bad("batch", "nomor kelas berupa angka", "the batch is a number");
    n.batch_id = v.value_or(0);
  }
  if (!Trim(f.pre_test).empty()) {
    auto v = ParseCount(f.pre_test);
    if (!v) bad("pre_test", "pilih pra-tes dari daftar", "choose a pre-test from the list");
    n.pre_test_id = v.value_or(0);
  }
  n.blueprint = f.blueprint;
  if (auto v = ParseCount(f.forms); v && *v >= 1 && *v <= 26) {
    n.forms = static_cast<int>(*v);
  } else {
    bad("forms", "jumlah paket 1 sampai 26", "forms: 1 to 26");
  }
  int zone = 7;
  if (f.zone == "8" || f.zone == "9") zone = f.zone[0] - '0';
  auto opens = ParseLocal(f.opens, zone), closes = ParseLocal(f.closes, zone);
  if (!opens) bad("opens", "isi tanggal dan jam", "enter a date and time");
  if (!closes) bad("closes", "isi tanggal dan jam", "enter a date and time");
  n.opens_unix = opens.value_or(0);
  n.closes_unix = closes.value_or(0);
  if (!Trim(f.time_limit).empty()) {
    auto v = ParseCount(f.time_limit);
    if (!v || *v > 24 * 60) bad("time_limit", "menit, 0 sampai 1440", "minutes, 0 to 1440");
    n.time_limit_seconds = v.value_or(0) * 60;
  }
  auto pass = ParseMark(f.pass_mark), rem = ParseMark(f.remedial_mark);
  if (!pass) bad("pass_mark", "angka 0 sampai 100", "a number from 0 to 100");
  if (!rem) bad("remedial_mark", "angka 0 sampai 100", "a number from 0 to 100");
  n.pass_mark = pass.value_or(70);
  n.remedial_mark = rem.value_or(50);
  if (!Trim(f.seed).empty()) {
    auto v = ParseCount(f.seed);
    if (!v) bad("seed", "angka", "a number");
    n.seed = static_cast<uint64_t>(v.value_or(1));
  } else {
    n.seed = static_cast<uint64_t>(NowUnix());
  }
  if (errors.empty()) {
    auto t = (*tests)->Create(User(req), n, NowUnix());
    if (t.ok()) return Redirect(StrCat("/tes/", t->id));
    if (t.status().code() != absl::StatusCode::kInvalidArgument &&
        t.status().code() != absl::StatusCode::kNotFound &&
        t.status().code() != absl::StatusCode::kFailedPrecondition &&
        t.status().code() != absl::StatusCode::kPermissionDenied) {
      return ErrorPage(req, t.status(), req.principal);
    }
    const std::string msg(t.status().message());
    errors.push_back({t.status().code() == absl::StatusCode::kPermissionDenied
                          ? std::string("scope")
                          : BuilderFieldOf(msg),
                      msg});
  }
  Html m = BuilderHtml(req, lang, f, errors, PreTests(**tests, User(req)), BankCounts(req));
  return RenderPage(req, lang, 400, Tx(lang, {"Susun tes", "Build a test"}), m, req.principal);
}

Response TestDetailPage(Request& req) {
  const Lang lang = LangOf(req);
  auto tests = req.worker->tests();
  if (!tests.ok()) return ErrorPage(req, tests.status(), req.principal);
  const std::string_view s = req.Param("id");
  if (s.empty() || s.size() > 18 || !IsAllDigits(s)) {
    return ErrorPage(req, absl::InvalidArgumentError(StrCat("'", s, "' is not a test number")),
                     req.principal);
  }
  const int64_t id = std::stoll(std::string(s));
  // Only the tests the user may list (their scope) are shown.
  auto list = (*tests)->List(User(req));
  if (!list.ok()) return ErrorPage(req, list.status(), req.principal);
  bool visible = false;
  for (const auto& t : *list) visible = visible || t.id == id;
  auto lt = (*tests)->Load(id);
  if (!lt.ok()) return ErrorPage(req, lt.status(), req.principal);
  if (!visible) return Denied(req, "this test is outside your region");
  const store::TestRow& t = (*lt)->test;
  Html m;
  m.Raw("<h1>").Text(t.name).Raw("</h1><p><a href=\"/tes\">").Text(Tx(lang, {"Tes", "Tests"}));
  m.Raw("</a> · <a href=\"/hasil/ujian/").Text(t.id).Raw("/butir\">");
  m.Text(Tx(lang, {"Analisis butir", "Item analysis"})).Raw("</a></p><dl>");
  auto row = [&](const char* label_id, const char* label_en, const std::string& v) {
    m.Raw("<dt>").Text(Tx(lang, {label_id, label_en})).Raw("</dt><dd>").Text(v).Raw("</dd>");
  };
  row("Jenis", "Kind", KindText(lang, t.kind));
  row("Wilayah", "Region", ScopeText(t.scope));
  if (t.batch_id != 0) row("Kelas", "Batch", StrCat(t.batch_id));
  if (t.pre_test_id != 0) row("Pra-tes", "Pre-test", StrCat("#", t.pre_test_id));
  row("Dibuka", "Opens", StrCat(FormatLocal(t.opens_unix, 7), " ", ZoneName(7)));
  row("Ditutup", "Closes", StrCat(FormatLocal(t.closes_unix, 7), " ", ZoneName(7)));
  row("Batas waktu", "Time limit",
      t.time_limit_seconds == 0 ? std::string(Tx(lang, {"tidak ada", "none"}))
                                : StrCat(t.time_limit_seconds / 60, Tx(lang, {" menit", " min"})));
  row("Nilai lulus", "Pass mark", Num(t.pass_mark) + " %");
  row("Batas remedial", "Remedial mark", Num(t.remedial_mark) + " %");
  row("Kisi-kisi", "Blueprint", assessment::FormatBlueprint(t.blueprint));
  row("Paket paralel", "Parallel forms", StrCat(t.forms));
  row("Benih acak", "Seed", StrCat(t.seed));
  row("Dibuat oleh", "Created by", t.created_by);
  m.Raw("</dl>");
  for (size_t f = 0; f < (*lt)->forms.size(); ++f) {
    m.Raw("<h2>").Text(Tx(lang, {"Paket ", "Form "}));
    m.Text(std::string(1, static_cast<char>('A' + f))).Raw("</h2><ol>");
    for (const Question& q : (*lt)->forms[f]) {
      m.Raw("<li><a href=\"/soal/").Text(q.id).Raw("?v=").Text(q.version).Raw("\">");
      m.Text(q.id).Raw("</a> v").Text(q.version).Raw(" · ").Text(Excerpt(q.stem, 100));
      m.Raw("</li>");
    }
    m.Raw("</ol>");
  }
  return RenderPage(req, lang, 200, t.name, m, req.principal);
}

}  // namespace bimtek::http::handlers
