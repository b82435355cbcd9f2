#include "core/questions/question_json.h"

#include <set>

#include "base/strings.h"
#include "nlohmann/json.hpp"

namespace bimtek::questions {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

class ItemReader {
 public:
  ItemReader(const json& j, size_t index, std::vector<ItemProblem>& problems)
      : j_(j), index_(index), problems_(problems) {}

  Question Read() {
    Question q;
    if (!j_.is_object()) {
      Add("", "question.field.type", "object");
      return q;
    }
    static const std::set<std::string> kKnown = {
        "id",   "type",  "module", "topics",      "stem",   "options", "key",
        "left", "right", "pairs",  "explanation", "source", "media"};
    q.id = String("id");
    id_ = q.id;
    for (const auto& [k, v] : j_.items()) {
      if (!kKnown.contains(k)) Add(k, "question.field.unknown", k);
    }
    const std::string type = String("type");
    if (auto t = ParseType(type)) {
      q.type = *t;
    } else if (j_.contains("type")) {
      problems_.push_back({Who(), "type", "question.type.unknown", {type}, Severity::kError});
    } else {
      Add("type", "question.field.type", "string");
    }
    q.module = String("module");
    q.topics = Strings("topics");
    q.stem = String("stem");
    q.options = Choices("options");
    q.key = Strings("key");
    q.left = Choices("left");
    q.right = Choices("right");
    q.pairs = Pairs("pairs");
    q.explanation = String("explanation");
    q.source = String("source", /*optional=*/true);
    if (j_.contains("media") && !j_["media"].is_null()) {
      const json& m = j_["media"];
      if (!m.is_object()) {
        Add("media", "question.field.type", "object {\"src\",\"alt\"} / null");
      } else {
        Media media;
        media.src = Field(m, "media.src", "src");
        media.alt = Field(m, "media.alt", "alt");
        q.media = std::move(media);
      }
    }
    return q;
  }

 private:
  std::string Who() const { return IsValidItemId(id_) ? id_ : StrCat("#", index_ + 1); }

  void Add(std::string field, std::string code, std::string arg) {
    problems_.push_back(
        {Who(), std::move(field), std::move(code), {std::move(arg)}, Severity::kError});
  }

  std::string Field(const json& obj, const std::string& field, const char* name) {
    if (!obj.contains(name)) return "";
    const json& v = obj[name];
    if (!v.is_string()) {
      Add(field, "question.field.type", "string");
      return "";
    }
    return v.get<std::string>();
  }

  std::string String(const char* name, bool optional = false) {
    if (!j_.contains(name) || (optional && j_[name].is_null())) return "";
    return Field(j_, name, name);
  }

  std::vector<std::string> Strings(const char* name) {
    std::vector<std::string> out;
    if (!j_.contains(name)) return out;
    const json& v = j_[name];
    if (!v.is_array()) {
      Add(name, "question.field.type", "array of strings");
      return out;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        Add(StrCat(name, "[", i, "]"), "question.field.type", "string");
        continue;
      }
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }

  std::vector<Choice> Choices(const char* name) {
    std::vector<Choice> out;
    if (!j_.contains(name)) return out;
    const json& v = j_[name];
    if (!v.is_array()) {
      Add(name, "question.field.type", "array of {\"id\",\"text\"}");
      return out;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string field = StrCat(name, "[", i, "]");
      if (!v[i].is_object()) {
        Add(field, "question.field.type", "object {\"id\",\"text\"}");
        continue;
      }
      for (const auto& [k, x] : v[i].items()) {
        if (k != "id" && k != "text") Add(field, "question.field.unknown", k);
      }
      out.push_back({Field(v[i], field + ".id", "id"), Field(v[i], field + ".text", "text")});
    }
    return out;
  }

  std::vector<std::pair<std::string, std::string>> Pairs(const char* name) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!j_.contains(name)) return out;
    const json& v = j_[name];
    if (!v.is_array()) {
      Add(name, "question.field.type", "array of [left, right]");
      return out;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      const json& p = v[i];
      if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string()) {
        Add(StrCat(name, "[", i, "]"), "question.field.type", "[\"L\", \"R\"]");
        continue;
      }
      out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
    }
    return out;
  }

  const json& j_;
  size_t index_;
  std::vector<ItemProblem>& problems_;
  std::string id_;
};

ordered_json ChoicesJson(const std::vector<Choice>& list) {
  ordered_json a = ordered_json::array();
  for (const Choice& c : list) a.push_back(ordered_json{{"id", c.id}, {"text", c.text}});
  return a;
}

}  // namespace

StatusOr<ParsedBank> ParseBankJson(std::string_view text) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // Line and column of the byte the parser stopped at.
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return absl::InvalidArgumentError(
        StrCat("not JSON: line ", line, ", column ", col, ": ", std::string(e.what())));
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != kBankFormat) {
    return absl::InvalidArgumentError(
        StrCat("not a question bank: \"format\" must be \"", kBankFormat, "\""));
  }
  if (!j.contains("items") || !j["items"].is_array()) {
    return absl::InvalidArgumentError("not a question bank: \"items\" must be an array");
  }
  ParsedBank out;
  if (j.contains("language") && j["language"].is_string())
    out.bank.language = j["language"].get<std::string>();
  if (j.contains("license") && j["license"].is_string())
    out.bank.license = j["license"].get<std::string>();
  std::vector<ItemProblem> shape;
  for (size_t i = 0; i < j["items"].size(); ++i) {
    out.bank.items.push_back(ItemReader(j["items"][i], i, shape).Read());
  }
  out.problems = std::move(shape);
  for (ItemProblem& p : ValidateAll(out.bank.items)) out.problems.push_back(std::move(p));
  return out;
}

static ordered_json ItemJson(const Question& q) {
  ordered_json i;
  i["id"] = q.id;
  i["type"] = std::string(TypeName(q.type));
  i["module"] = q.module;
  i["topics"] = q.topics;
  i["stem"] = q.stem;
  if (q.type == ItemType::kMatching) {
    i["left"] = ChoicesJson(q.left);
    i["right"] = ChoicesJson(q.right);
    ordered_json pairs = ordered_json::array();
    for (const auto& [l, r] : q.pairs) pairs.push_back(ordered_json::array({l, r}));
    i["pairs"] = pairs;
  } else {
    i["options"] = ChoicesJson(q.options);
    i["key"] = q.key;
  }
  i["explanation"] = q.explanation;
  i["source"] = q.source;
  i["media"] = q.media.has_value() ? ordered_json{{"src", q.media->src}, {"alt", q.media->alt}}
                                   : ordered_json(nullptr);
  return i;
}

std::string ItemToJson(const Question& q) { return ItemJson(q).dump(); }

StatusOr<Question> ItemFromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError("stored item: not JSON");
  std::vector<ItemProblem> problems;
  Question q = ItemReader(j, 0, problems).Read();
  if (!problems.empty()) {
    return absl::InvalidArgumentError(StrCat("stored item: ", Describe(problems[0], Lang::kEn)));
  }
  return q;
}

std::string WriteBankJson(const Bank& bank) {
  ordered_json root;
  root["format"] = std::string(kBankFormat);
  root["language"] = bank.language;
  root["license"] = bank.license;
  ordered_json items = ordered_json::array();
  for (const Question& q : bank.items) items.push_back(ItemJson(q));
  root["items"] = std::move(items);
  return root.dump(2) + "\n";
}

}  // namespace bimtek::questions
