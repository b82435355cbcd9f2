// What `bimtek demo` borrows from the planning commands (cmd_plan.cc).
#pragma once

#include <cstdint>

#include "cli/common.h"

namespace bimtek::cli {

// Venues and facilitators for the demo region (service::GeneratePlanningData) and a line saying
// how many; on a PostgreSQL store (no planning store yet) a note instead. Returns an exit code.
int DemoPlanningData(const GlobalOptions& g, OpenRegistry& o, const Scope& scope, uint64_t seed);
// The demo's plan of `scope` (25–29 January 2024), saved and published (its participants'
// accounts made), unless the scope has a plan already.
int DemoPlan(const GlobalOptions& g, OpenRegistry& o, const Scope& scope);

}  // namespace bimtek::cli
