// The Bimtek curriculum: modules with learning objectives, a method, a duration, materials and
// topic tags, kept in versions (an edit makes a new version; a plan names the version it used).
// The default 2024 curriculum ships as data/curriculum-2024.json (docs/planning.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.h"

namespace bimtek::plan {

enum class Method { kLecture = 1, kDiscussion = 2, kSimulation = 3, kPractice = 4 };

const char* MethodName(Method m);                       // "lecture", "discussion", …
std::optional<Method> ParseMethod(std::string_view s);  // the names above; also Indonesian
                                                        // (ceramah, diskusi, simulasi, praktik)

struct Material {
  std::string title;
  std::string url;  // a link or a file name; may be empty
};

struct Module {
  std::string id;  // "M1", …, "EVAL": what facilitator competences name
  std::string title;
  std::vector<std::string> objectives;
  Method method = Method::kLecture;
  int minutes = 0;
  std::vector<Material> materials;
  std::vector<std::string>
      tags;  // e.g. rules-procedures, equipment, ethics-neutrality, emergencies
};

struct Curriculum {
  std::string name;   // stable key of the curriculum, e.g. "bimtek-kpps-2024"
  std::string title;  // shown to people
  int version = 0;    // 1, 2, …; 0 before it is stored
  std::string note;
  std::vector<Module> modules;  // in teaching order

  int TotalMinutes() const;
  const Module* Find(std::string_view module_id) const;
};

// The seed's focus areas, the tags every default module carries at least one of.
const std::vector<std::string>& FocusTags();

// Problems of a curriculum (field = "modules[i].minutes" etc.): no name, no modules, a module
// without id/title/objectives, a duplicate module id, minutes outside 5..600, a tag that is not
// lower-case-with-dashes, a day longer than 12 hours. Empty when it is fine.
std::vector<Problem> ValidateCurriculum(const Curriculum& c);

}  // namespace bimtek::plan
