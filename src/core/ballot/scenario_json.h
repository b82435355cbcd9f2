// Reads emergency scenario content (docs/scenarios.md) from JSON: a document
// {"scenarios":[{"id","title","topic","start","steps":[{"id","situation","choices":[{"id","text",
// "consequence","rule","score","next"}]}]}]}. Pure: the caller reads the file.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/ballot/scenario.h"

namespace bimtek::ballot {

// Parses and validates every scenario of the document (ValidateScenario on each; scenario ids
// unique). Errors: InvalidArgument naming the scenario, step or choice and the field at fault.
StatusOr<std::vector<Scenario>> ParseScenarios(std::string_view json);

}  // namespace bimtek::ballot
