// The PostgreSQL implementation of the planning store (store/planning.h): its own connection to
// the registry's database, whose tables migration 4 creates (applied when the registry store is
// opened). Plans' batches, sessions and crews go in through COPY.
#pragma once

#include <memory>
#include <string>

#include "store/planning.h"

namespace bimtek::store {

// Opens the planning tables of the PostgreSQL store at `url` (the URL and options of
// OpenPostgresStore). Open the registry store first. Errors: Unavailable when the server cannot
// be reached; FailedPrecondition when migration 4 is not applied; InvalidArgument for a bad URL
// option.
StatusOr<std::unique_ptr<PlanningStore>> OpenPostgresPlanning(const std::string& url);

}  // namespace bimtek::store
