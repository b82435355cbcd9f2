#include "core/ballot/scenario_json.h"

#include <set>
#include <string>

#include "core/ballot/cat.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot {
namespace {

using nlohmann::json;

StatusOr<std::string> Text(const json& o, const char* key, const std::string& where,
                           bool required = true) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (!required) return std::string();
    return absl::InvalidArgumentError(internal::Cat(where, ": missing \"", key, "\""));
  }
  if (!it->is_string()) {
    return absl::InvalidArgumentError(internal::Cat(where, ": \"", key, "\" must be a string"));
  }
  return it->get<std::string>();
}

StatusOr<const json*> Array(const json& o, const char* key, const std::string& where) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) {
    return absl::InvalidArgumentError(internal::Cat(where, ": \"", key, "\" must be an array"));
  }
  return &*it;
}

}  // namespace

StatusOr<std::vector<Scenario>> ParseScenarios(std::string_view text) {
  const json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("scenario content is not a JSON object");
  }
  ASSIGN_OR_RETURN(const json* list, Array(j, "scenarios", "document"));
  std::vector<Scenario> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& js = (*list)[i];
    std::string where = internal::Cat("scenarios[", i, "]");
    if (!js.is_object()) return absl::InvalidArgumentError(where + ": must be an object");
    Scenario s;
    ASSIGN_OR_RETURN(s.id, Text(js, "id", where));
    where = internal::Cat("scenario \"", s.id, "\"");
    if (!ids.insert(s.id).second) {
      return absl::InvalidArgumentError(where + ": id used twice");
    }
    ASSIGN_OR_RETURN(s.title, Text(js, "title", where));
    ASSIGN_OR_RETURN(s.topic, Text(js, "topic", where));
    ASSIGN_OR_RETURN(s.start, Text(js, "start", where));
    ASSIGN_OR_RETURN(const json* steps, Array(js, "steps", where));
    for (const json& jst : *steps) {
      ScenarioStep st;
      if (!jst.is_object()) return absl::InvalidArgumentError(where + ": a step must be an object");
      ASSIGN_OR_RETURN(st.id, Text(jst, "id", where + " step"));
      const std::string at = internal::Cat(where, " step \"", st.id, "\"");
      ASSIGN_OR_RETURN(st.situation, Text(jst, "situation", at));
      ASSIGN_OR_RETURN(const json* choices, Array(jst, "choices", at));
      for (const json& jc : *choices) {
        if (!jc.is_object()) {
          return absl::InvalidArgumentError(at + ": a choice must be an object");
        }
        ScenarioChoice c;
        ASSIGN_OR_RETURN(c.id, Text(jc, "id", at + " choice"));
        const std::string cat = internal::Cat(at, " choice \"", c.id, "\"");
        ASSIGN_OR_RETURN(c.text, Text(jc, "text", cat));
        ASSIGN_OR_RETURN(c.consequence, Text(jc, "consequence", cat));
        ASSIGN_OR_RETURN(c.rule, Text(jc, "rule", cat));
        ASSIGN_OR_RETURN(c.next, Text(jc, "next", cat, /*required=*/false));
        auto score = jc.find("score");
        if (score == jc.end() || !score->is_number_integer()) {
          return absl::InvalidArgumentError(cat + ": \"score\" must be an integer");
        }
        c.score = score->get<int>();
        st.choices.push_back(std::move(c));
      }
      s.steps.push_back(std::move(st));
    }
    RETURN_IF_ERROR(ValidateScenario(s));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace bimtek::ballot
