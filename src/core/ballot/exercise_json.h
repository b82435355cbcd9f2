// The JSON form of a counting exercise, as `bimtek ballot exercise` prints it and the web pages
// will draw it: the contestants, every ballot (in the `ballot judge` input format) with its kind
// and the expected verdict, and the correct C.Hasil of each race. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/ballot/election.h"
#include "core/ballot/exercise.h"

namespace bimtek::ballot {

// "province", "aceh", "jakarta", "abroad".
std::string_view TerritoryName(Territory t);
std::optional<Territory> ParseTerritory(std::string_view s);

// The whole exercise as one JSON document (pretty-printed when `pretty`).
std::string ExerciseToJson(const TpsExercise& tps, bool pretty);

// The contestants of `e` as JSON: {"territory","parties":[...],"races":[...]} (the "contestants"
// member of ExerciseToJson, plus the territory).
std::string ElectionToJson(const Election& e);

// Reads a list of contestants (e.g. the real 2024 lists of one TPS) in the form ElectionToJson
// writes. Errors: InvalidArgument naming the field at fault: not JSON, an unknown territory or
// race type, a race the territory does not have, a missing name or number, a number outside
// 1..kMaxNumber or listed twice, a party list of a party not in "parties".
StatusOr<Election> ElectionFromJson(std::string_view json);

}  // namespace bimtek::ballot
