// The JSON form of render::Batch, for `bimtek invitations --batch-json` and tests
// (docs/invitations.md, "Batch JSON"): one batch object, or {"batches": [ … ]}.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "render/batch.h"

namespace bimtek::render {

// Parses the batches in `json_text` and validates each (ValidateBatch). InvalidArgument naming
// the place ("batches[2].participants[3].name: expected a string") for malformed JSON, a missing
// required field, a value of the wrong type, a bad date ("YYYY-MM-DD"), time ("HH:MM") or zone
// ("WIB", "WITA", "WIT"), or two batches with the same id.
StatusOr<std::vector<Batch>> ParseBatchesJson(std::string_view json_text);

}  // namespace bimtek::render
