// Exporting the registry in the import layout (docs/formats.md), so that export then import
// round-trips. Personal fields are opened for the file: exports are for the offices that own
// the data, within the caller's scope.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "io/sheet.h"
#include "service/registry.h"

namespace bimtek::service {

// Writes the header and one row per active person in scope; returns the number of rows.
StatusOr<int64_t> ExportPeople(Registry& reg, const Scope& scope, io::SheetWriter& out);
StatusOr<int64_t> ExportTps(Registry& reg, const Scope& scope, io::SheetWriter& out);

}  // namespace bimtek::service
