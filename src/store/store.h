// The store interfaces: everything the services read and write, with no backend named. SQLite
// lives in sqlite/ (the embedded default); PostgreSQL will implement the same interfaces.
// Personal fields arrive here already sealed: a store never sees a NIK in the clear.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/person.h"
#include "core/region.h"

namespace bimtek::store {

struct TpsRow {
  TpsCode code = 0;
  int dpt = 0;
  std::string address;
};

// A person as stored: the sealed personal fields and the blind index of the NIK.
struct PersonRow {
  int64_t id = 0;
  Role role = Role::kKpps;
  TpsCode tps = 0;
  int position = 0;
  RegionCode work_region = 0;
  RegionCode home_region = 0;
  std::string name;
  Sex sex = Sex::kMale;
  Education education = Education::kUnknown;
  std::string nik_index;  // 16 bytes, keyed BLAKE2b of the NIK
  std::string sealed;     // secretbox of the personal fields (see service/pii.h)
  bool active = true;     // false once replaced (PAW)
};

struct PeopleCounts {
  int64_t kpps = 0, linmas = 0, pps = 0, ppk = 0, fasilitator = 0;

  void Set(Role role, int64_t n) {
    switch (role) {
      case Role::kKpps:
        kpps = n;
        break;
      case Role::kLinmas:
        linmas = n;
        break;
      case Role::kPps:
        pps = n;
        break;
      case Role::kPpk:
        ppk = n;
        break;
      case Role::kFasilitator:
        fasilitator = n;
        break;
    }
  }
  int64_t Total() const { return kpps + linmas + pps + ppk + fasilitator; }
};

struct Replacement {
  TpsCode tps = 0;
  int position = 0;
  int64_t old_person = 0;
  int64_t new_person = 0;
  std::string reason;
  int64_t at_unix = 0;
};

// One entry of the audit log: who changed what, when, from where. Personal fields in the JSON
// are masked before they get here (service/audit.h builds rows).
struct AuditRow {
  int64_t id = 0;            // assigned by the store
  int64_t at_unix_ms = 0;
  std::string actor;         // username, or "cli:<os user>" for the command line
  std::string address;       // client address ("" for the CLI)
  std::string action;        // "person.replace", "import.people", "user.add", ...
  std::string target;        // what was changed: "person:123", "file:peserta.xlsx", ...
  RegionCode region = 0;     // the region the change belongs to (for scoped reading); 0 national
  std::string before_json;   // personal fields already masked; "" when none
  std::string after_json;    // personal fields already masked; "" when none
};

struct AuditQuery {
  std::string action_prefix;  // "" for every action; "import." for all imports
  std::string actor;          // "" for every actor; else exactly this one
  int64_t before_id = 0;      // paging: only rows with a smaller id; 0 from the newest
  int limit = 50;             // 1..1000
};

// A page of people (search): filters, and the name words every result's name must start a word
// with (in NameTokens form: lower case; see store/name_tokens.h).
struct PeopleQuery {
  std::vector<std::string> words;  // empty: no name filter
  std::optional<Role> role;
  TpsCode tps = 0;             // 0: any TPS
  std::optional<bool> active;  // nullopt: active and replaced people alike
  int64_t offset = 0;
  int limit = 50;
};

struct PeoplePage {
  std::vector<PersonRow> people;
  int64_t total = 0;  // all matches, not only this page
};

// One atomic unit of writes. Nothing is visible to readers before Commit; destroying an
// uncommitted transaction rolls it back, so a failed import leaves nothing behind.
class WriteTxn {
 public:
  virtual ~WriteTxn() = default;
  virtual Status PutTps(const TpsRow& t) = 0;                      // insert or update by code
  virtual StatusOr<int64_t> InsertPerson(const PersonRow& p) = 0;  // returns the new id
  virtual Status UpdatePerson(const PersonRow& p) = 0;             // by id
  virtual Status DeletePeopleIn(
      const Scope& scope) = 0;  // people whose TPS or work region is in scope
  virtual Status DeleteTpsIn(const Scope& scope) = 0;
  virtual Status AddReplacement(const Replacement& r) = 0;
  // The audit row commits (or rolls back) with the change it describes.
  virtual Status AddAudit(const AuditRow& row) = 0;
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::string backend() const = 0;  // "sqlite", "postgresql"

  // Key/value metadata (key check, schema facts).
  virtual StatusOr<std::optional<std::string>> GetMeta(std::string_view key) = 0;
  virtual Status SetMeta(std::string_view key, std::string_view value) = 0;

  // Regions: all of Indonesia, loaded when the store is created.
  virtual StatusOr<std::vector<Region>> ListRegions() = 0;
  virtual StatusOr<int64_t> CountRegions(const Scope& scope, RegionLevel level) = 0;

  // TPS.
  virtual StatusOr<std::optional<TpsRow>> FindTps(TpsCode code) = 0;
  virtual StatusOr<int64_t> CountTps(const Scope& scope) = 0;
  virtual Status ForEachTps(const Scope& scope, const std::function<Status(const TpsRow&)>& fn) = 0;

  // People (active ones unless said otherwise).
  virtual StatusOr<std::optional<PersonRow>> FindPersonByNikIndex(std::string_view nik_index) = 0;
  virtual StatusOr<std::optional<PersonRow>> FindKpps(TpsCode tps, int position) = 0;
  // Active people of `role` serving at `tps` (KPPS/Linmas) or in `work_region` (PPS/PPK).
  virtual StatusOr<std::vector<PersonRow>> PeopleAt(Role role, int64_t tps_or_region) = 0;
  virtual StatusOr<PeopleCounts> CountPeople(const Scope& scope) = 0;
  virtual StatusOr<int64_t> CountVacantKpps(const Scope& scope, int positions_per_tps) = 0;
  // Streams people in scope ordered by TPS/region code then position.
  virtual Status ForEachPerson(const Scope& scope,
                               const std::function<Status(const PersonRow&)>& fn) = 0;
  virtual StatusOr<std::vector<Replacement>> ListReplacements(const Scope& scope) = 0;
  // One person by id, active or not.
  virtual StatusOr<std::optional<PersonRow>> FindPerson(int64_t id) = 0;
  // People in scope matching q. With name words: ordered by region then id, through the name
  // token table (person_names); without: by region, role, TPS, position, id.
  virtual StatusOr<PeoplePage> SearchPeople(const Scope& scope, const PeopleQuery& q) = 0;

  // The audit log, newest first: rows whose region is inside scope (region 0 rows only for the
  // national scope), filtered by action prefix and actor.
  virtual StatusOr<std::vector<AuditRow>> ListAudit(const Scope& scope, const AuditQuery& q) = 0;

  // Writes. `bulk` hints a large load into an empty table (the backend may defer indexes).
  virtual StatusOr<std::unique_ptr<WriteTxn>> Begin(bool bulk = false) = 0;

  // Key rotation: fn re-seals each person (all of them, active or not) and sets the new index;
  // `key_check` replaces the stored key check in the same transaction. All or nothing.
  virtual Status RewriteSealed(const std::function<Status(PersonRow& row)>& fn,
                               std::string_view key_check) = 0;
};

// A count of the registry writes committed by this process (every backend's WriteTxn::Commit
// bumps it). Read caches put it in their keys so that this process's own writes show at once;
// writes by other processes show when a cached entry's time runs out (docs/http.md, caches).
uint64_t RegistryWriteGeneration();
void NoteRegistryWrite();

}  // namespace bimtek::store
