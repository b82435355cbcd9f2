#include "core/questions/question.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"

namespace bimtek::questions {

namespace {

struct Message {
  std::string_view code, id, en;
};

// The catalog: {0}, {1}, ... are the problem's arguments.
constexpr Message kMessages[] = {
    {"question.id.invalid", "kode soal \"{0}\" tidak sah: hanya A-Z, 0-9 dan '-'",
     "item id \"{0}\" is invalid: only A-Z, 0-9 and '-'"},
    {"question.id.duplicate", "kode soal dipakai lebih dari sekali (juga butir ke-{0})",
     "item id used more than once (also item #{0})"},
    {"question.id.taken", "kode soal \"{0}\" sudah ada di bank soal", "item id \"{0}\" is already in the bank"},
    {"question.field.type", "harus berupa {0}", "must be {0}"},
    {"question.field.unknown", "kolom \"{0}\" tidak dikenal", "unknown field \"{0}\""},
    {"question.type.unknown", "jenis \"{0}\" tidak dikenal (single, multiple, truefalse, matching)",
     "unknown type \"{0}\" (single, multiple, truefalse, matching)"},
    {"question.module.missing", "modul kosong (M1, M2, M3, M4 atau EVAL)",
     "module missing (M1, M2, M3, M4 or EVAL)"},
    {"question.module.unknown", "modul \"{0}\" tidak dikenal (M1, M2, M3, M4 atau EVAL)",
     "unknown module \"{0}\" (M1, M2, M3, M4 or EVAL)"},
    {"question.topics.missing", "minimal satu topik", "at least one topic"},
    {"question.topics.unknown", "topik \"{0}\" tidak dikenal", "unknown topic \"{0}\""},
    {"question.topics.duplicate", "topik \"{0}\" ganda", "topic \"{0}\" given twice"},
    {"question.stem.missing", "pokok soal kosong", "the stem is empty"},
    {"question.text.missing", "teks kosong", "the text is empty"},
    {"question.options.count", "perlu minimal {0} pilihan, ada {1}",
     "needs at least {0} options, has {1}"},
    {"question.options.not_allowed", "tidak dipakai oleh soal jenis {0}",
     "not used by items of type {0}"},
    {"question.choice.id_invalid",
     "kode \"{0}\" tidak sah: huruf atau '_' di depan, lalu huruf, angka, '_', '-', '.'",
     "id \"{0}\" is invalid: a letter or '_' first, then letters, digits, '_', '-', '.'"},
    {"question.choice.id_duplicate", "kode \"{0}\" ganda", "id \"{0}\" given twice"},
    {"question.truefalse.options",
     "soal benar/salah harus punya tepat pilihan B \"Benar\" dan S \"Salah\"",
     "a true/false item has exactly the options B \"Benar\" and S \"Salah\""},
    {"question.key.count_one", "harus tepat satu kunci, ada {0}", "needs exactly one key, has {0}"},
    {"question.key.missing", "kunci kosong", "the key is empty"},
    {"question.key.unknown", "kunci \"{0}\" bukan kode pilihan", "key \"{0}\" is not an option id"},
    {"question.key.duplicate", "kunci \"{0}\" ganda", "key \"{0}\" given twice"},
    {"question.pairs.left_unknown", "\"{0}\" bukan kode di kiri (left)",
     "\"{0}\" is not a left id"},
    {"question.pairs.right_unknown", "\"{0}\" bukan kode di kanan (right)",
     "\"{0}\" is not a right id"},
    {"question.pairs.left_twice", "\"{0}\" dipasangkan lebih dari sekali",
     "\"{0}\" is paired more than once"},
    {"question.pairs.left_unpaired", "\"{0}\" tidak punya pasangan", "\"{0}\" has no pair"},
    {"question.explanation.missing", "pembahasan kosong", "no explanation"},
    {"question.media.src_invalid",
     "berkas \"{0}\" tidak sah: jalur relatif tanpa \"..\", berakhiran svg, png, jpg, gif atau "
     "webp",
     "file \"{0}\" is invalid: a relative path without \"..\", ending in svg, png, jpg, gif or "
     "webp"},
    {"question.media.alt_missing", "teks alternatif (alt) gambar kosong",
     "the image has no alternative text (alt)"},
    {"question.media.not_found", "berkas gambar \"{0}\" tidak ditemukan",
     "image file \"{0}\" not found"},
    {"question.qti.unsupported", "interaksi {0} di {1} tidak didukung; soal tidak diimpor",
     "interaction {0} in {1} is not supported; item not imported"},
    {"question.qti.no_interaction", "tidak ada interaksi di {0}", "no interaction in {0}"},
    {"question.qti.several_interactions",
     "{0} interaksi di {1}; hanya soal dengan satu interaksi yang didukung",
     "{0} interactions in {1}; only items with one interaction are supported"},
    {"question.qti.no_correct_response",
     "tidak ada correctResponse di {0}; kunci tidak dapat ditentukan",
     "no correctResponse in {0}; the key cannot be known"},
    {"question.qti.key_from_mapping",
     "tidak ada correctResponse di {0}; kunci diambil dari mapping (nilai positif)",
     "no correctResponse in {0}; key taken from the mapping (positive values)"},
    {"question.qti.bad_xml", "berkas {0} bukan XML yang sah: {1}",
     "file {0} is not valid XML: {1}"},
    {"question.qti.file_missing", "berkas {0} tidak ada di paket",
     "file {0} is not in the package"},
    {"question.qti.not_item", "berkas {0} bukan assessmentItem QTI",
     "file {0} is not a QTI assessmentItem"},
    {"question.qti.id_renamed", "kode \"{0}\" diubah menjadi \"{1}\"",
     "id \"{0}\" renamed to \"{1}\""},
    {"question.qti.bad_value", "nilai \"{0}\" di {1} tidak sah", "value \"{0}\" in {1} is invalid"},
};

constexpr std::string_view kTypeNames[] = {"single", "multiple", "truefalse", "matching"};

bool IsUpperIdChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool Blank(std::string_view s) { return Trim(s).empty(); }

class Checker {
 public:
  explicit Checker(const Question& q) : q_(q) {}

  void Add(std::string field, std::string code, std::vector<std::string> args = {},
           Severity severity = Severity::kError) {
    out_.push_back({IdOrBlank(), std::move(field), std::move(code), std::move(args), severity});
  }

  // Ids of a list of choices: valid and unique.
  std::set<std::string> Choices(const std::vector<Choice>& list, std::string_view name) {
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string field = StrCat(name, "[", i, "]");
      if (!IsValidChoiceId(list[i].id)) {
        Add(field + ".id", "question.choice.id_invalid", {list[i].id});
      } else if (!ids.insert(list[i].id).second) {
        Add(field + ".id", "question.choice.id_duplicate", {list[i].id});
      }
      if (Blank(list[i].text)) Add(field + ".text", "question.text.missing");
    }
    return ids;
  }

  std::vector<ItemProblem> Take() { return std::move(out_); }

 private:
  std::string IdOrBlank() const { return q_.id; }
  const Question& q_;
  std::vector<ItemProblem> out_;
};

}  // namespace

std::string_view TypeName(ItemType t) { return kTypeNames[static_cast<int>(t)]; }

std::optional<ItemType> ParseType(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    if (kTypeNames[i] == s) return static_cast<ItemType>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& Modules() {
  static const auto* m = new std::vector<std::string>{"M1", "M2", "M3", "M4", "EVAL"};
  return *m;
}

const std::vector<std::string>& Topics() {
  static const auto* t = new std::vector<std::string>{
      "rules-procedures", "equipment", "ethics-neutrality", "emergencies",  "roles",
      "voting",           "validity",  "counting",          "forms",        "special-voting",
      "timeline",         "dpt",       "sirekap",           "accessibility"};
  return *t;
}

std::string_view MediaMime(std::string_view src) {
  const size_t dot = src.rfind('.');
  if (dot == std::string_view::npos) return "";
  const std::string ext = ToLowerAscii(src.substr(dot + 1));
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  return "";
}

bool Question::SameContent(const Question& o) const {
  return id == o.id && type == o.type && module == o.module && topics == o.topics &&
         stem == o.stem && options == o.options && key == o.key && left == o.left &&
         right == o.right && pairs == o.pairs && explanation == o.explanation &&
         source == o.source && media == o.media;
}

bool IsValidItemId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), IsUpperIdChar);
}

bool IsValidChoiceId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (!IsAsciiLetter(id[0]) && id[0] != '_') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return IsAsciiLetter(c) || IsDigit(c) || c == '_' || c == '-' || c == '.';
  });
}

bool IsValidMediaSrc(std::string_view src) {
  if (src.empty() || src.size() > 200 || src[0] == '/' || MediaMime(src).empty()) return false;
  for (std::string_view part : Split(src, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
  }
  return std::all_of(src.begin(), src.end(), [](char c) {
    return IsAsciiLetter(c) || IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '/';
  });
}

std::vector<ItemProblem> Validate(const Question& q) {
  Checker c(q);
  if (!IsValidItemId(q.id)) c.Add("id", "question.id.invalid", {q.id});
  if (q.module.empty()) {
    c.Add("module", "question.module.missing");
  } else if (std::find(Modules().begin(), Modules().end(), q.module) == Modules().end()) {
    c.Add("module", "question.module.unknown", {q.module});
  }
  if (q.topics.empty()) c.Add("topics", "question.topics.missing");
  std::set<std::string> topics;
  for (size_t i = 0; i < q.topics.size(); ++i) {
    const std::string field = StrCat("topics[", i, "]");
    if (std::find(Topics().begin(), Topics().end(), q.topics[i]) == Topics().end()) {
      c.Add(field, "question.topics.unknown", {q.topics[i]});
    } else if (!topics.insert(q.topics[i]).second) {
      c.Add(field, "question.topics.duplicate", {q.topics[i]});
    }
  }
  if (Blank(q.stem)) c.Add("stem", "question.stem.missing");
  const std::string type(TypeName(q.type));

  if (q.type == ItemType::kMatching) {
    if (!q.options.empty()) c.Add("options", "question.options.not_allowed", {type});
    if (!q.key.empty()) c.Add("key", "question.options.not_allowed", {type});
    const std::set<std::string> left = c.Choices(q.left, "left");
    const std::set<std::string> right = c.Choices(q.right, "right");
    if (q.left.size() < 2) {
      c.Add("left", "question.options.count", {"2", std::to_string(q.left.size())});
    }
    if (q.right.size() < 2) {
      c.Add("right", "question.options.count", {"2", std::to_string(q.right.size())});
    }
    std::set<std::string> paired;
    for (size_t i = 0; i < q.pairs.size(); ++i) {
      const std::string field = StrCat("pairs[", i, "]");
      const auto& [l, r] = q.pairs[i];
      if (!left.contains(l)) {
        c.Add(field, "question.pairs.left_unknown", {l});
      } else if (!paired.insert(l).second) {
        c.Add(field, "question.pairs.left_twice", {l});
      }
      if (!right.contains(r)) c.Add(field, "question.pairs.right_unknown", {r});
    }
    for (const Choice& l : q.left) {
      if (IsValidChoiceId(l.id) && !paired.contains(l.id)) {
        c.Add("pairs", "question.pairs.left_unpaired", {l.id});
      }
    }
  } else {
    if (!q.left.empty()) c.Add("left", "question.options.not_allowed", {type});
    if (!q.right.empty()) c.Add("right", "question.options.not_allowed", {type});
    if (!q.pairs.empty()) c.Add("pairs", "question.options.not_allowed", {type});
    const std::set<std::string> ids = c.Choices(q.options, "options");
    if (q.type == ItemType::kTrueFalse) {
      const std::vector<Choice> tf = {{"B", "Benar"}, {"S", "Salah"}};
      if (q.options != tf) c.Add("options", "question.truefalse.options");
    } else if (q.options.size() < 2) {
      c.Add("options", "question.options.count", {"2", std::to_string(q.options.size())});
    }
    if (q.type == ItemType::kMultiple) {
      if (q.key.empty()) c.Add("key", "question.key.missing");
    } else if (q.key.size() != 1) {
      c.Add("key", "question.key.count_one", {std::to_string(q.key.size())});
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < q.key.size(); ++i) {
      const std::string field = StrCat("key[", i, "]");
      if (!ids.contains(q.key[i])) {
        c.Add(field, "question.key.unknown", {q.key[i]});
      } else if (!seen.insert(q.key[i]).second) {
        c.Add(field, "question.key.duplicate", {q.key[i]});
      }
    }
  }
  if (Blank(q.explanation)) {
    c.Add("explanation", "question.explanation.missing", {}, Severity::kWarning);
  }
  if (q.media.has_value()) {
    if (!IsValidMediaSrc(q.media->src))
      c.Add("media.src", "question.media.src_invalid", {q.media->src});
    if (Blank(q.media->alt)) c.Add("media.alt", "question.media.alt_missing");
  }
  return c.Take();
}

std::vector<ItemProblem> ValidateAll(const std::vector<Question>& items) {
  std::vector<ItemProblem> out;
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < items.size(); ++i) {
    auto p = Validate(items[i]);
    for (ItemProblem& x : p) {
      if (x.item.empty()) x.item = StrCat("#", i + 1);
      out.push_back(std::move(x));
    }
    auto [it, inserted] = first.emplace(items[i].id, i);
    if (!inserted && !items[i].id.empty()) {
      out.push_back({items[i].id,
                     "id",
                     "question.id.duplicate",
                     {std::to_string(it->second + 1)},
                     Severity::kError});
    }
  }
  return out;
}

bool HasErrors(const std::vector<ItemProblem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const ItemProblem& p) { return p.severity == Severity::kError; });
}

bool IsKnownItemProblemCode(std::string_view code) {
  for (const Message& m : kMessages) {
    if (m.code == code) return true;
  }
  return false;
}

std::string Describe(const ItemProblem& p, Lang lang) {
  std::string text = p.code;
  for (const Message& m : kMessages) {
    if (m.code == p.code) text = std::string(lang == Lang::kEn ? m.en : m.id);
  }
  for (size_t i = 0; i < p.args.size(); ++i) {
    const std::string mark = StrCat("{", i, "}");
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.replace(at, mark.size(), p.args[i]);
      at += p.args[i].size();
    }
  }
  if (!IsKnownItemProblemCode(p.code)) {
    for (const std::string& a : p.args) text += " " + a;
  }
  std::string where = p.item.empty() ? std::string("?") : p.item;
  if (!p.field.empty()) where += ", " + p.field;
  const char* warn = lang == Lang::kEn ? " (warning)" : " (peringatan)";
  return StrCat(where, ": ", text, p.severity == Severity::kWarning ? warn : "");
}

}  // namespace bimtek::questions
