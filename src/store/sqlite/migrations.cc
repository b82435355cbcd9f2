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
      {3, "audit log; people search by name", R"sql(
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,         -- Unix time in milliseconds
  actor TEXT NOT NULL,            -- username, or cli:<os user>
  address TEXT NOT NULL,          -- client address; '' for the command line
  action TEXT NOT NULL,           -- person.replace, import.people, user.add, ...
  target TEXT NOT NULL,           -- person:123, file:peserta.xlsx, ...
  region INTEGER NOT NULL,        -- region code of the change; 0 national
  region_key INTEGER NOT NULL,    -- region padded to 10 digits (0 national), for scope ranges
  before_json TEXT NOT NULL,      -- personal fields masked; '' when none
  after_json TEXT NOT NULL
);
CREATE INDEX audit_region ON audit_log(region_key, id);
-- One row per distinct word (store/name_tokens.h) of each person's name, bucketed by
-- kabupaten/kota (region_key / 1000000), so a name prefix in a scope is a few index ranges.
CREATE TABLE person_names(
  bucket INTEGER NOT NULL,
  token TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  region_key INTEGER NOT NULL,
  role INTEGER NOT NULL,
  active INTEGER NOT NULL,
  PRIMARY KEY(bucket, token, person_id)
) WITHOUT ROWID;
CREATE INDEX person_names_person ON person_names(person_id);
)sql"},
      {4, "planning: curricula, venues, facilitators, plans and their batches", R"sql(
CREATE TABLE curricula(
  name TEXT NOT NULL,
  version INTEGER NOT NULL,       -- 1, 2, ...: every edit is a new version
  content TEXT NOT NULL,          -- the curriculum JSON (docs/planning.md)
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY(name, version)
) WITHOUT ROWID;
CREATE TABLE venues(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,      -- the office's own key (kode_tempat)
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  region INTEGER NOT NULL,        -- kecamatan or desa/kelurahan code
  region_key INTEGER NOT NULL,    -- region padded to 10 digits, for scope ranges
  capacity INTEGER NOT NULL,
  hours TEXT NOT NULL,            -- "08:00-17:00" or "2024-01-25 08:00-17:00; ..."
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX venues_region ON venues(region_key);
CREATE TABLE facilitators(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,      -- kode_fasilitator
  person_id INTEGER,              -- the registry person; NULL for a named outsider
  name TEXT NOT NULL,
  home_region INTEGER NOT NULL,
  region_key INTEGER NOT NULL,
  modules TEXT NOT NULL,          -- "M1;M2;EVAL"
  dates TEXT NOT NULL,            -- "" every date, else "2024-01-25;2024-01-26"
  max_sessions_per_day INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX facilitators_region ON facilitators(region_key);
CREATE TABLE plans(
  id INTEGER PRIMARY KEY,
  scope INTEGER NOT NULL,         -- region code; 0 national
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL,
  curriculum TEXT NOT NULL,
  curriculum_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  result TEXT NOT NULL            -- summary and unplaced crews as JSON (docs/planning.md)
);
CREATE INDEX plans_scope ON plans(scope, id);
CREATE TABLE batches(
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  venue INTEGER NOT NULL,
  date TEXT NOT NULL,
  zone INTEGER NOT NULL,          -- UTC offset in hours: 7 WIB, 8 WITA, 9 WIT
  start_min INTEGER NOT NULL,     -- local time at the venue
  end_min INTEGER NOT NULL,
  kecamatan INTEGER NOT NULL,
  fallback INTEGER NOT NULL,
  people INTEGER NOT NULL,
  PRIMARY KEY(plan_id, id)
) WITHOUT ROWID;
CREATE TABLE batch_sessions(
  plan_id INTEGER NOT NULL,
  batch_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  module TEXT NOT NULL,
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL,
  facilitator INTEGER NOT NULL,   -- facilitators.id
  PRIMARY KEY(plan_id, batch_id, seq)
) WITHOUT ROWID;
CREATE TABLE batch_crews(
  plan_id INTEGER NOT NULL,
  batch_id INTEGER NOT NULL,
  tps INTEGER NOT NULL,
  PRIMARY KEY(plan_id, tps)
) WITHOUT ROWID;
CREATE INDEX batch_crews_batch ON batch_crews(plan_id, batch_id);
)sql"},
      {5, "question bank: items with every version and their images", R"sql(
CREATE TABLE question_items(
  id TEXT NOT NULL,               -- the item's stable id (M3-SAH-001)
  version INTEGER NOT NULL,       -- 1, 2, ...: an edit adds a version, old ones stay
  type TEXT NOT NULL,             -- single, multiple, truefalse, matching
  module TEXT NOT NULL,           -- M1..M4, EVAL
  topics TEXT NOT NULL,           -- ' tag tag ' for LIKE '% tag %'
  content TEXT NOT NULL,          -- the item as JSON (docs/question-format.md), image apart
  media_mime TEXT,                -- the image's type; NULL without image bytes
  media BLOB,                     -- the image file
  created_at INTEGER NOT NULL,
  PRIMARY KEY(id, version)
);
CREATE INDEX question_items_module ON question_items(module, id);
)sql"},
      {6, "tests: blueprints bound to a scope or batch, parallel forms, packed attempts", R"sql(
CREATE TABLE tests(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,          -- store::TestKind: 1 pre, 2 post
  scope INTEGER NOT NULL,         -- region code (0 national); scope_key: padded to 10 digits
  scope_key INTEGER NOT NULL,
  batch_id INTEGER,               -- the planner's batch (NULL while bound to a scope only)
  pre_test_id INTEGER REFERENCES tests(id),
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL,
  time_limit INTEGER NOT NULL,    -- seconds; 0 none
  pass_mark REAL NOT NULL,
  remedial_mark REAL NOT NULL,
  seed INTEGER NOT NULL,
  forms INTEGER NOT NULL,
  blueprint TEXT NOT NULL,        -- "M1:5,M3:10,validity:3"
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX tests_scope ON tests(scope_key);
CREATE TABLE test_forms(
  test_id INTEGER NOT NULL REFERENCES tests(id),
  form INTEGER NOT NULL,          -- 0-based (A, B, ...)
  items TEXT NOT NULL,            -- "M3-SAH-001@2 M1-TUG-004@1 ...": item versions, form order
  PRIMARY KEY(test_id, form)
) WITHOUT ROWID;
CREATE TABLE attempts(
  id INTEGER PRIMARY KEY,
  test_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL,
  region_key INTEGER NOT NULL,
  form INTEGER NOT NULL,
  idem_key TEXT NOT NULL UNIQUE,  -- a repeat of the same submit finds the first
  answers BLOB NOT NULL,          -- packed: one or more bytes per item (docs/assessment.md)
  correct INTEGER NOT NULL,
  presented INTEGER NOT NULL,
  fetched_ms INTEGER NOT NULL,
  submitted_ms INTEGER NOT NULL,
  late INTEGER NOT NULL,
  source INTEGER NOT NULL,        -- 1 online, 2 paper sheet
  entered_by TEXT NOT NULL DEFAULT '',
  UNIQUE(test_id, person_id)
);
CREATE INDEX attempts_region ON attempts(test_id, region_key);
)sql"},
      {7, "attendance: check-ins per batch, one per person, idempotent by client id", R"sql(
CREATE TABLE IF NOT EXISTS attendance(
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE, -- made by the device: a resent check-in is found, not added
  scope INTEGER NOT NULL,         -- the batch: its plan's scope (plans.scope) and batches.id,
  batch_id INTEGER NOT NULL,      -- which re-plans keep
  person_id INTEGER NOT NULL,     -- people.id
  tps INTEGER NOT NULL,           -- the person's TPS, for reports by region
  method INTEGER NOT NULL,        -- store::CheckinMethod: 1 scan, 2 typed, 3 list, 4 import
  by_user TEXT NOT NULL,          -- the username who checked them in
  device_ms INTEGER NOT NULL,     -- the device's clock (as sent)
  server_ms INTEGER NOT NULL,     -- when the server stored it
  UNIQUE(scope, batch_id, person_id)
);
CREATE INDEX IF NOT EXISTS attendance_tps ON attendance(scope, tps);
)sql"},
      {8, "practice: simulator runs in progress and results with accuracy per rule", R"sql(
CREATE TABLE practice_runs(
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind INTEGER NOT NULL,          -- store::PracticeKind: 1 counting, 2 scenario
  ref TEXT NOT NULL,              -- the seed, or the scenario id
  state TEXT NOT NULL,            -- service/practice.cc's own text
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY(user_id, kind, ref)
) WITHOUT ROWID;
CREATE TABLE practice_results(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  region_key INTEGER NOT NULL,    -- the user's region padded to 10 digits; 0 national
  kind INTEGER NOT NULL,          -- 1 counting, 2 scenario; 3 kept for test attempts
  ref TEXT NOT NULL,
  score INTEGER NOT NULL,
  max_score INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
);
CREATE INDEX practice_results_region ON practice_results(region_key, kind);
CREATE INDEX practice_results_user ON practice_results(user_id, finished_at);
CREATE TABLE practice_rules(
  result_id INTEGER NOT NULL REFERENCES practice_results(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  correct INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY(result_id, rule)
) WITHOUT ROWID;
)sql"},
      // 9: PostgreSQL partitions people and tps by province and keeps the NIK's uniqueness in
      // a global table (postgres/migrations.cc); one SQLite file needs neither (its people_nik
      // index already spans the store), so the number is kept in step with nothing to do.
      {9, "people and tps partitioned by province (PostgreSQL only; nothing on SQLite)",
       "-- nothing to do on SQLite"},
      {10, "plan publication; participants' access code generation", R"sql(
ALTER TABLE users ADD COLUMN code_generation INTEGER NOT NULL DEFAULT 0;  -- derived codes
CREATE TABLE plan_publications(
  plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
  published_at INTEGER NOT NULL,
  published_by INTEGER NOT NULL DEFAULT 0  -- users.id; 0 the command line
);
)sql"},
      // 11: PostgreSQL partitions attempts by province and keeps their two country-wide unique
      // keys in a global table (postgres/migrations.cc); one SQLite file's unique indexes on
      // attempts already span the store, so the number is kept in step with nothing to do.
      {11, "attempts partitioned by province (PostgreSQL only; nothing on SQLite)",
       "-- nothing to do on SQLite"},
  };
  return *m;
}

}  // namespace bimtek::store::sqlite
