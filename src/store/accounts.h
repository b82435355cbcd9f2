// The account store interface: staff and participant accounts, login sessions (kept in the store
// so that several server processes share them) and login-attempt counters for rate limits.
// Secrets arrive here already hashed: a store never sees a password, token or access code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/region.h"

namespace bimtek::store {

// What an account may do; its scope (a region code) says where. Stored as the integer value.
enum class UserRole : int {
  kNationalAdmin = 1,  // KPU RI: the whole country
  kProvince = 2,       // KPU Provinsi: a province
  kKabKota = 3,        // KPU Kabupaten/Kota operator: a kabupaten or kota
  kPpk = 4,            // PPK: a kecamatan
  kPps = 5,            // PPS: a desa/kelurahan
  kFacilitator = 6,    // a training facilitator: a region of any level
  kParticipant = 7,    // a KPPS member (a person of the registry): their desa
};

struct UserRow {
  int64_t id = 0;
  std::string username;       // unique, lower case
  std::string password_hash;  // crypto_pwhash_str (Argon2id) text; empty for participants
  UserRole role = UserRole::kNationalAdmin;
  RegionCode scope = 0;  // 0: national
  std::string display_name;
  int64_t person_id = 0;   // participants: the registry person; 0 otherwise
  std::string code_index;  // participants: keyed hash of the access code; empty when none
  int code_generation = 0;  // participants: which derived code is in force (docs/invitations.md)
  bool active = true;
};

struct SessionRow {
  std::string token_hash;  // BLAKE2b-256 of the cookie's token (32 raw bytes)
  int64_t user_id = 0;
  int64_t created_unix = 0;
  int64_t expires_unix = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token on unsafe requests
};

// Failed logins counted under one key ("user:NAME", "code:HEX", "addr:ADDRESS").
struct AttemptRow {
  int failures = 0;
  int64_t window_start_unix = 0;  // when the current counting window began
  int64_t locked_until_unix = 0;  // 0: not locked
};

// Implemented by sqlite/sqlite_accounts.cc. One object is used by one thread at a time.
// Errors: AlreadyExists on a duplicate username or access code; Unavailable when the store is
// busy; Internal on other store failures.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Inserts `u` (u.id is ignored) and returns its id.
  virtual StatusOr<int64_t> CreateUser(const UserRow& u) = 0;
  virtual StatusOr<std::optional<UserRow>> FindUserById(int64_t id) = 0;
  virtual StatusOr<std::optional<UserRow>> FindUserByName(std::string_view username) = 0;
  virtual StatusOr<std::optional<UserRow>> FindUserByCodeIndex(std::string_view code_index) = 0;
  virtual StatusOr<std::optional<UserRow>> FindUserByPerson(int64_t person_id) = 0;
  // Replaces a participant's access code hash. NotFound when no such user.
  virtual Status SetCodeIndex(int64_t user_id, std::string_view code_index) = 0;
  // Replaces a participant's access code hash and its generation together (migration 10).
  // NotFound when no such user; AlreadyExists when another account holds that hash.
  virtual Status SetAccessCode(int64_t user_id, std::string_view code_index, int generation) = 0;

  virtual Status PutSession(const SessionRow& s) = 0;
  // The session of `token_hash` (nullopt when there is none) and its user (nullopt when the
  // user row is gone), in one look-up:
  // every authenticated request asks, and on SQLite each separate statement starts its own read
  // transaction (with a cold page cache whenever another connection wrote meanwhile).
  struct SessionWithUser {
    SessionRow session;
    std::optional<UserRow> user;
  };
  virtual StatusOr<std::optional<SessionWithUser>> FindSessionWithUser(
      std::string_view token_hash) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteSessionsOfUser(int64_t user_id) = 0;
  virtual Status DeleteExpiredSessions(int64_t now_unix) = 0;

  // The counter under `key`; a zero row when there is none.
  virtual StatusOr<AttemptRow> GetAttempts(std::string_view key) = 0;
  virtual Status PutAttempts(std::string_view key, const AttemptRow& a) = 0;
  virtual Status ClearAttempts(std::string_view key) = 0;
};

}  // namespace bimtek::store
