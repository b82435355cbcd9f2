// The SQLite schema as numbered migrations; PRAGMA user_version records the last one applied.
// A PostgreSQL backend keeps its own list in step (same numbers, same meaning).
#pragma once

#include <string_view>
#include <vector>

namespace bimtek::store::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& Migrations();

// The indexes of the people table, dropped and rebuilt around a bulk load into an empty table.
extern const std::string_view kPeopleIndexesDrop;
extern const std::string_view kPeopleIndexesCreate;

}  // namespace bimtek::store::sqlite
