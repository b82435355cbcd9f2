// Accounts and login: staff log in with a username and password (Argon2id), participants (KPPS
// members) with a personal access code and their birth date; sessions live in the account store;
// failed logins are counted per account, per access code and per address, with lock-out windows.
// CanSee is the one rule deciding which regions an account may read or write.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/region.h"
#include "service/registry.h"
#include "store/accounts.h"

namespace bimtek::service {

using store::UserRole;

// Limits and costs, each with its default (docs/accounts.md).
struct AuthConfig {
  int min_password_length = 10;
  // Per account: this many failures within `failure_window` lock it for `lockout`.
  int max_account_failures = 5;
  // Per access code (participants): same rule.
  int max_code_failures = 5;
  // Per client address: generous, since a training hall shares one carrier address.
  int max_address_failures = 200;
  int64_t failure_window_seconds = 15 * 60;
  int64_t lockout_seconds = 15 * 60;
  int64_t session_seconds = 12 * 60 * 60;
  // Argon2id cost: libsodium's "interactive" limits (about 0.1 s and 64 MiB per hash). Tests may
  // set cheap_hashing to use the library's minimum (fast, weak); never in production.
  bool cheap_hashing = false;
};

// "national-admin", "province", "kabkota", "ppk", "pps", "facilitator", "participant".
const char* RoleName(UserRole role);
// InvalidArgument listing the names on an unknown name.
StatusOr<UserRole> ParseRole(std::string_view name);

// Whether `user` may see (read or write) what lies in `region` (a region code of any level or a
// TPS code). Inactive accounts see nothing; national admins see everything; province, kabupaten/
// kota, PPK, PPS and facilitator accounts see their scope region and everything below it;
// participants see no part of the region tree (only themselves, through /me).
bool CanSee(const store::UserRow& user, RegionCode region);
// The same for a scope: "national" only for national admins.
bool CanSee(const store::UserRow& user, const Scope& scope);
// OK when CanSee; else PermissionDenied naming the user and the scope.
Status CheckScope(const store::UserRow& user, const Scope& scope);

// The account's scope as a Scope (national when 0).
Scope ScopeOf(const store::UserRow& user);

// A logged-in request's user and session.
struct Principal {
  store::UserRow user;
  store::SessionRow session;
};

// What a successful login returns: the token goes into the session cookie and nowhere else.
struct LoginResult {
  store::UserRow user;
  std::string token;       // 64 hex chars; only its hash is stored
  std::string csrf_token;  // 64 hex chars
  int64_t expires_unix = 0;
};

struct NewUser {
  std::string username;  // 3-64 of [a-z0-9._-] after lower-casing
  UserRole role = UserRole::kNationalAdmin;
  RegionCode scope = 0;  // must have the role's level (see docs/accounts.md)
  std::string display_name;
};

// The login use cases over one account store (and, for participants, the registry). Used by one
// thread at a time (it holds the thread's store connections).
class Auth {
 public:
  using Clock = std::function<int64_t()>;  // seconds since the epoch
  // `registry` may be null when participant logins and access codes are not needed.
  Auth(store::AccountStore& accounts, const Registry* registry, AuthConfig config,
       Clock now = nullptr);

  const AuthConfig& config() const { return config_; }

  // Creates a staff account. InvalidArgument for a bad username, a password shorter than
  // min_password_length, the participant role, or a scope not of the role's level;
  // AlreadyExists for a taken username.
  StatusOr<store::UserRow> AddUser(const NewUser& u, std::string_view password);

  // Staff login. Unauthenticated "wrong username or password" (the same for an unknown user);
  // ResourceExhausted when the account or the address is locked, saying until when.
  StatusOr<LoginResult> Login(std::string_view username, std::string_view password,
                              std::string_view address);
  // Participant login with an access code (case, spaces and dashes ignored) and a birth date
  // "YYYY-MM-DD". Unauthenticated "wrong access code or birth date"; ResourceExhausted when the
  // code or the address is locked; FailedPrecondition without a registry.
  StatusOr<LoginResult> LoginParticipant(std::string_view code, std::string_view birth_date,
                                         std::string_view address);

  // The session of a cookie token. Unauthenticated when unknown, expired, or its user inactive.
  StatusOr<Principal> Resume(std::string_view token);
  // Ends the session of `token` (nothing happens when there is none).
  Status Logout(std::string_view token);

  // Issues a new access code to the registry person with NIK `nik`, creating the participant
  // account on first issue; the old code and the person's sessions stop working. Returns the
  // code (shown once, never stored). PermissionDenied when `op` is not a staff account that can
  // see the person; NotFound when no active person has that NIK.
  // Codes are derived, not random (docs/invitations.md, "Access codes"): a re-issue moves the
  // account to the next code generation, so the letter printed before stops working.
  StatusOr<std::string> IssueAccessCode(const store::UserRow& op, std::string_view nik);

  // For printing letters: the access code in force of registry person `person` (an active KPPS,
  // Linmas or PPS member), creating the participant account at generation 0 when missing.
  // Printing again gives the same code. An account whose stored hash is not its derived code (a
  // code issued before codes were derived) is moved to the derived code of its generation.
  // `op` null: the command line (no scope check). PermissionDenied when `op` may not see the
  // person; FailedPrecondition without a registry or for a person not working in a desa.
  StatusOr<std::string> AccessCodeForPrint(const store::UserRow* op,
                                           const store::PersonRow& person);

  // The code of `person_id` at `generation`: 10 characters of the code alphabet taken from a
  // keyed BLAKE2b (the store key's index subkey) of the person id and the generation.
  // Precondition: a registry.
  std::string DerivedAccessCode(int64_t person_id, int generation) const;

  // Hashes and checks passwords with the configured cost (crypto_pwhash_str, Argon2id).
  StatusOr<std::string> HashPassword(std::string_view password) const;
  static bool VerifyPassword(std::string_view hash, std::string_view password);

  // A new access code: 10 characters from an alphabet without 0/O, 1/I.
  static std::string GenerateAccessCode();
  // Upper case, without spaces and dashes.
  static std::string NormalizeAccessCode(std::string_view code);
  // Whether `header` (the X-CSRF-Token value) is the session's CSRF token (constant time).
  static bool CsrfMatches(const Principal& p, std::string_view header);

 private:
  // ResourceExhausted when `key` is locked at `now`.
  Status CheckNotLocked(std::string_view key, std::string_view what, int64_t now);
  // Counts a failure under `key`; locks it once `max` failures fall in one window.
  Status RecordFailure(std::string_view key, int max, int64_t now);
  StatusOr<LoginResult> StartSession(const store::UserRow& user, int64_t now);
  std::string CodeIndex(std::string_view code) const;
  // The desa of a participant-to-be; FailedPrecondition when it is not a desa.
  StatusOr<RegionCode> ParticipantDesa(const store::PersonRow& person) const;

  store::AccountStore& accounts_;
  const Registry* registry_;
  AuthConfig config_;
  Clock now_;
  std::string dummy_hash_;  // verified against for unknown users, so their answer takes as long
};

}  // namespace bimtek::service
