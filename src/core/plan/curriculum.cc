#include "core/plan/curriculum.h"

#include <set>

#include "base/strings.h"

namespace bimtek::plan {

const char* MethodName(Method m) {
  switch (m) {
    case Method::kLecture:
      return "lecture";
    case Method::kDiscussion:
      return "discussion";
    case Method::kSimulation:
      return "simulation";
    case Method::kPractice:
      return "practice";
  }
  return "lecture";
}

std::optional<Method> ParseMethod(std::string_view s) {
  const std::string k = NormalizeKey(s);
  if (k == "lecture" || k == "ceramah" || k == "paparan") return Method::kLecture;
  if (k == "discussion" || k == "diskusi") return Method::kDiscussion;
  if (k == "simulation" || k == "simulasi") return Method::kSimulation;
  if (k == "practice" || k == "praktik" || k == "praktek") return Method::kPractice;
  return std::nullopt;
}

int Curriculum::TotalMinutes() const {
  int total = 0;
  for (const auto& m : modules) total += m.minutes;
  return total;
}

const Module* Curriculum::Find(std::string_view module_id) const {
  for (const auto& m : modules) {
    if (m.id == module_id) return &m;
  }
  return nullptr;
}

const std::vector<std::string>& FocusTags() {
  static const auto* t = new std::vector<std::string>{"rules-procedures", "equipment",
                                                      "ethics-neutrality", "emergencies"};
  return *t;
}

namespace {

bool IsTag(std::string_view t) {
  if (t.empty() || t.front() == '-' || t.back() == '-') return false;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsModuleId(std::string_view id) {
  if (id.empty() || id.size() > 16) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::vector<Problem> ValidateCurriculum(const Curriculum& c) {
  std::vector<Problem> out;
  if (Trim(c.name).empty()) out.push_back({"name", "curriculum.name_missing", {}});
  if (c.modules.empty()) out.push_back({"modules", "curriculum.no_modules", {}});
  std::set<std::string> ids;
  for (size_t i = 0; i < c.modules.size(); ++i) {
    const Module& m = c.modules[i];
    const std::string at = StrCat("modules[", i, "]");
    if (!IsModuleId(m.id)) {
      out.push_back({at + ".id", "curriculum.module_id", {m.id}});
    } else if (!ids.insert(m.id).second) {
      out.push_back({at + ".id", "curriculum.module_duplicate", {m.id}});
    }
    if (Trim(m.title).empty()) out.push_back({at + ".title", "curriculum.title_missing", {m.id}});
    if (m.objectives.empty()) {
      out.push_back({at + ".objectives", "curriculum.objectives_missing", {m.id}});
    }
    if (m.minutes < 5 || m.minutes > 600) {
      out.push_back({at + ".minutes", "curriculum.minutes", {m.id, std::to_string(m.minutes)}});
    }
    for (const auto& t : m.tags) {
      if (!IsTag(t)) out.push_back({at + ".tags", "curriculum.tag", {m.id, t}});
    }
  }
  if (c.TotalMinutes() > 12 * 60) {
    out.push_back({"modules", "curriculum.too_long", {std::to_string(c.TotalMinutes())}});
  }
  return out;
}

}  // namespace bimtek::plan
