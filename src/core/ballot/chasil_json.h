// The JSON form of a C.Hasil read by `bimtek chasil check` (docs/chasil-format.md), and the JSON
// form of the violations it reports. Pure text-to-value conversion with no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/ballot/chasil.h"

namespace bimtek::ballot {

// Parses one C.Hasil object.
// Errors: InvalidArgument naming the field (a JSON path such as "voted.dpk.female") and what was
// expected: not JSON, a missing field, a value that is not a non-negative integer, an unknown
// "race", a votes section that does not belong to the race (e.g. "tickets" on DPR), a number
// listed twice. Unknown keys are ignored.
StatusOr<CHasil> ParseCHasil(std::string_view json);

// {"ok":bool,"errors":N,"warnings":M,"violations":[{"check","severity","field","message_id",
// "message_en"},...]} on one line; ok is true when there are no errors.
std::string ViolationsToJson(const std::vector<Violation>& v);

}  // namespace bimtek::ballot

namespace bimtek::ballot {

// The JSON form of `f` (docs/chasil-format.md), pretty-printed; ParseCHasil reads it back.
std::string CHasilToJson(const CHasil& f);

}  // namespace bimtek::ballot
