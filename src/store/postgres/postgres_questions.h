// The PostgreSQL implementation of the question bank store (store/questions.h): its own
// connection to the registry's database, whose tables migration 5 creates (applied when the
// registry store is opened). New item versions go in through COPY.
#pragma once

#include <memory>
#include <string>

#include "store/questions.h"

namespace bimtek::store {

// Opens the question tables of the PostgreSQL store at `url` (the URL and options of
// OpenPostgresStore). Open the registry store first. Errors: Unavailable when the server cannot
// be reached; FailedPrecondition when migration 5 is not applied; InvalidArgument for a bad URL
// option.
StatusOr<std::unique_ptr<QuestionStore>> OpenPostgresQuestions(const std::string& url);

}  // namespace bimtek::store
