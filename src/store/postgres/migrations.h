// The PostgreSQL schema as numbered migrations, in step with sqlite/migrations.h (same numbers,
// same meaning); the table schema_migrations records which ones are applied.
#pragma once

#include <string_view>
#include <vector>

namespace bimtek::store::pg {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& Migrations();

// The unique NIK index, dropped and rebuilt by a key rotation (every value changes).
extern const std::string_view kNikIndexDrop;
extern const std::string_view kNikIndexCreate;

}  // namespace bimtek::store::pg
