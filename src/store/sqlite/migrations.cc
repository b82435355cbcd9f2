#include "store/sqlite/migrations.h"

namespace bimtek::store::sqlite {

// region_key: the person's finest region as a 10-digit number (a kecamatan 327101 becomes
// 3271010000; desa numbers start at 1001, so this never collides), so that every scope filter
// is one range over one index.
const std::string_view kPeopleIndexesCreate = R"sql(
CREATE UNIQUE INDEX IF NOT EXISTS people_nik ON people(nik_index);
CREATE UNIQUE INDEX IF NOT EXISTS people_kpps_seat ON people(tps, position)
  WHERE role = 1 AND active = 1;
CREATE INDEX IF NOT EXISTS people_region ON people(region_key, role);
CREATE INDEX IF NOT EXISTS people_tps ON people(tps) WHERE tps IS NOT NULL;
)sql";

const std::string_view kPeopleIndexesDrop = R"sql(
DROP INDEX IF EXISTS people_nik;
DROP INDEX IF EXISTS people_kpps_seat;
DROP INDEX IF EXISTS people_region;
DROP INDEX IF EXISTS people_tps;
)sql";

const std::vector<Migration>& Migrations() {
  static const auto* m = new std::vector<Migration>{
      {1, "registry: meta, regions, tps, people, replacements", R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE regions(
  code INTEGER PRIMARY KEY,       -- plain digits: 32, 3271, 327101, 3271011001
  level INTEGER NOT NULL,         -- 1 province .. 4 desa/kelurahan
  kind INTEGER NOT NULL,          -- core::RegionKind
  parent INTEGER NOT NULL,        -- 0 for provinces
  name TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent);
CREATE TABLE tps(
  code INTEGER PRIMARY KEY,       -- 13 digits: desa code and TPS number
  dpt INTEGER NOT NULL,
  address TEXT NOT NULL DEFAULT ''
);
CREATE TABLE people(
  id INTEGER PRIMARY KEY,
  role INTEGER NOT NULL,          -- core::Role
  tps INTEGER,                    -- KPPS and Linmas
  position INTEGER NOT NULL DEFAULT 0,
  work_region INTEGER NOT NULL,
  region_key INTEGER NOT NULL,    -- work_region padded to 10 digits, for scope ranges
  home_region INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  sex INTEGER NOT NULL,
  education INTEGER NOT NULL,
  nik_index BLOB NOT NULL,        -- keyed BLAKE2b of the NIK
  sealed BLOB NOT NULL,           -- secretbox(NIK, birth date, phone)
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);
CREATE TABLE replacements(
  id INTEGER PRIMARY KEY,
  tps INTEGER NOT NULL,
  position INTEGER NOT NULL,
  old_person INTEGER NOT NULL REFERENCES people(id),
  new_person INTEGER NOT NULL REFERENCES people(id),
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql"},
      {2, "accounts: users, sessions, login attempts", R"sql(
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,  -- lower case
  password_hash TEXT NOT NULL DEFAULT '',  -- crypto_pwhash_str (Argon2id); '' for participants
  role INTEGER NOT NULL,          -- store::UserRole
  scope INTEGER NOT NULL,         -- region code; 0 national
  display_name TEXT NOT NULL,
  person_id INTEGER REFERENCES people(id),  -- participants only
  code_index BLOB UNIQUE,         -- keyed BLAKE2b of the participant's access code
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_person ON users(person_id) WHERE person_id IS NOT NULL;
CREATE TABLE sessions(
  token_hash BLOB PRIMARY KEY,    -- BLAKE2b-256 of the cookie token
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  csrf_token TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE TABLE login_attempts(
  key TEXT PRIMARY KEY,           -- "user:NAME", "code:HEX", "addr:ADDRESS"
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
  };
  return *m;
}

}  // namespace bimtek::store::sqlite
