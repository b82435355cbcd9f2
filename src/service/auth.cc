#include "service/auth.h"

#include <sodium.h>

#include <array>
#include <ctime>

#include "base/date.h"
#include "base/strings.h"

namespace bimtek::service {

namespace {

struct RoleInfo {
  UserRole role;
  const char* name;
};
constexpr std::array<RoleInfo, 7> kRoles{{
    {UserRole::kNationalAdmin, "national-admin"},
    {UserRole::kProvince, "province"},
    {UserRole::kKabKota, "kabkota"},
    {UserRole::kPpk, "ppk"},
    {UserRole::kPps, "pps"},
    {UserRole::kFacilitator, "facilitator"},
    {UserRole::kParticipant, "participant"},
}};

// The level a role's scope must have; nullopt: any region level (facilitators).
std::optional<RegionLevel> ScopeLevelOf(UserRole role) {
  switch (role) {
    case UserRole::kNationalAdmin:
      return RegionLevel::kNational;
    case UserRole::kProvince:
      return RegionLevel::kProvince;
    case UserRole::kKabKota:
      return RegionLevel::kKabKota;
    case UserRole::kPpk:
      return RegionLevel::kKecamatan;
    case UserRole::kPps:
    case UserRole::kParticipant:
      return RegionLevel::kDesa;
    case UserRole::kFacilitator:
      return std::nullopt;
  }
  return std::nullopt;
}

// Letters and digits that cannot be mistaken for each other on paper: no 0/O, no 1/I.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr size_t kCodeLength = 10;

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string RandomHex32() {
  std::array<unsigned char, 32> b{};
  randombytes_buf(b.data(), b.size());
  return Hex(b.data(), b.size());
}

// The stored form of a session token: unkeyed BLAKE2b-256 (the token itself has 256 bits of
// entropy, so no salt or slow hash is needed).
std::string TokenHash(std::string_view token) {
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return out;
}

std::string FormatUtc(int64_t unix) {
  const std::time_t t = static_cast<std::time_t>(unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

int64_t SystemNow() { return static_cast<int64_t>(std::time(nullptr)); }

Status ValidUsername(std::string_view name) {
  if (name.size() < 3 || name.size() > 64) {
    return absl::InvalidArgumentError(
        StrCat("username \"", name, "\" must have 3 to 64 characters"));
  }
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return absl::InvalidArgumentError(
          StrCat("username \"", name, "\" may hold only a-z, 0-9, '.', '_' and '-'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const char* RoleName(UserRole role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "unknown";
}

StatusOr<UserRole> ParseRole(std::string_view name) {
  for (const auto& r : kRoles) {
    if (name == r.name) return r.role;
  }
  return absl::InvalidArgumentError(
      StrCat("unknown role \"", name,
             "\"; one of national-admin, province, kabkota, ppk, pps, facilitator, participant"));
}

Scope ScopeOf(const store::UserRow& user) {
  return user.scope == 0 ? Scope::National() : Scope::Of(user.scope);
}

bool CanSee(const store::UserRow& user, RegionCode region) {
  if (!user.active || user.role == UserRole::kParticipant) return false;
  const Scope mine = ScopeOf(user);
  return mine.national() || mine.Contains(region);
}

bool CanSee(const store::UserRow& user, const Scope& scope) {
  if (scope.national()) {
    return user.active && user.role != UserRole::kParticipant && ScopeOf(user).national();
  }
  return CanSee(user, scope.code);
}

Status CheckScope(const store::UserRow& user, const Scope& scope) {
  if (CanSee(user, scope)) return absl::OkStatus();
  return absl::PermissionDeniedError(StrCat("user ", user.username, " (", RoleName(user.role), ", ",
                                            ScopeOf(user).ToString(), ") may not see ",
                                            scope.ToString()));
}

Auth::Auth(store::AccountStore& accounts, const Registry* registry, AuthConfig config, Clock now)
    : accounts_(accounts),
      registry_(registry),
      config_(config),
      now_(now ? std::move(now) : Clock(SystemNow)) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run here at all
}

StatusOr<std::string> Auth::HashPassword(std::string_view password) const {
  const unsigned long long ops =
      config_.cheap_hashing ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const size_t mem =
      config_.cheap_hashing ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::InternalError("password hashing ran out of memory");
  }
  return std::string(out);
}

bool Auth::VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty()) return false;
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string Auth::GenerateAccessCode() {
  std::string code;
  for (size_t i = 0; i < kCodeLength; ++i) {
    code.push_back(kCodeAlphabet[randombytes_uniform(static_cast<uint32_t>(kCodeAlphabet.size()))]);
  }
  return code;
}

std::string Auth::NormalizeAccessCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

bool Auth::CsrfMatches(const Principal& p, std::string_view header) {
  const std::string& want = p.session.csrf_token;
  return !want.empty() && header.size() == want.size() &&
         sodium_memcmp(header.data(), want.data(), want.size()) == 0;
}

std::string Auth::CodeIndex(std::string_view code) const {
  const crypto::BlindIndex idx = registry_->vault.Index(NormalizeAccessCode(code));
  return std::string(reinterpret_cast<const char*>(idx.data()), idx.size());
}

StatusOr<store::UserRow> Auth::AddUser(const NewUser& u, std::string_view password) {
  store::UserRow row;
  row.username = ToLowerAscii(u.username);
  RETURN_IF_ERROR(ValidUsername(row.username));
  if (u.role == UserRole::kParticipant) {
    return absl::InvalidArgumentError(
        "participants get an access code from an operator, not a password account");
  }
  if (password.size() < static_cast<size_t>(config_.min_password_length)) {
    return absl::InvalidArgumentError(
        StrCat("the password must have at least ", config_.min_password_length, " characters"));
  }
  const Scope scope = u.scope == 0 ? Scope::National() : Scope::Of(u.scope);
  const auto want = ScopeLevelOf(u.role);
  if (want ? scope.level() != *want : scope.national()) {
    return absl::InvalidArgumentError(StrCat("role ", RoleName(u.role), " needs a scope of level ",
                                             want ? LevelName(*want) : "province to desa", ", not ",
                                             scope.ToString()));
  }
  if (registry_ != nullptr && !scope.national() &&
      registry_->ref.regions.Find(u.scope) == nullptr) {
    return absl::InvalidArgumentError(StrCat("region ", scope.ToString(), " does not exist"));
  }
  row.role = u.role;
  row.scope = u.scope;
  row.display_name = u.display_name.empty() ? row.username : u.display_name;
  ASSIGN_OR_RETURN(row.password_hash, HashPassword(password));
  ASSIGN_OR_RETURN(row.id, accounts_.CreateUser(row));
  return row;
}

Status Auth::CheckNotLocked(std::string_view key, std::string_view what, int64_t now) {
  ASSIGN_OR_RETURN(const store::AttemptRow a, accounts_.GetAttempts(key));
  if (a.locked_until_unix > now) {
    const int64_t minutes = (a.locked_until_unix - now + 59) / 60;
    return absl::ResourceExhaustedError(StrCat(
        what, " is locked after too many failed logins; try again in ", minutes,
        minutes == 1 ? " minute" : " minutes", " (after ", FormatUtc(a.locked_until_unix), ")"));
  }
  return absl::OkStatus();
}

Status Auth::RecordFailure(std::string_view key, int max, int64_t now) {
  ASSIGN_OR_RETURN(store::AttemptRow a, accounts_.GetAttempts(key));
  // Two processes may interleave here; at worst a few more attempts pass before the lock.
  if (a.window_start_unix <= now - config_.failure_window_seconds || a.locked_until_unix != 0) {
    a = {0, now, 0};
  }
  ++a.failures;
  if (a.failures >= max) a.locked_until_unix = now + config_.lockout_seconds;
  return accounts_.PutAttempts(key, a);
}

StatusOr<LoginResult> Auth::StartSession(const store::UserRow& user, int64_t now) {
  LoginResult r;
  r.user = user;
  r.token = RandomHex32();
  r.csrf_token = RandomHex32();
  r.expires_unix = now + config_.session_seconds;
  RETURN_IF_ERROR(accounts_.PutSession(
      store::SessionRow{TokenHash(r.token), user.id, now, r.expires_unix, r.csrf_token}));
  return r;
}

StatusOr<LoginResult> Auth::Login(std::string_view username, std::string_view password,
                                  std::string_view address) {
  const int64_t now = now_();
  const std::string name = ToLowerAscii(username);
  const std::string addr_key = StrCat("addr:", address);
  const std::string user_key = StrCat("user:", name);
  RETURN_IF_ERROR(CheckNotLocked(addr_key, StrCat("address ", address), now));
  RETURN_IF_ERROR(CheckNotLocked(user_key, StrCat("account \"", name, "\""), now));
  ASSIGN_OR_RETURN(const auto user, accounts_.FindUserByName(name));
  const bool has_password =
      user && user->active && user->role != UserRole::kParticipant && !user->password_hash.empty();
  if (!has_password && dummy_hash_.empty()) {
    ASSIGN_OR_RETURN(dummy_hash_, HashPassword("not-a-password-of-anyone"));
  }
  // Always one Argon2id verification: an unknown username answers as slowly as a wrong password.
  const bool ok =
      VerifyPassword(has_password ? user->password_hash : dummy_hash_, password) && has_password;
  if (!ok) {
    RETURN_IF_ERROR(RecordFailure(addr_key, config_.max_address_failures, now));
    RETURN_IF_ERROR(RecordFailure(user_key, config_.max_account_failures, now));
    RETURN_IF_ERROR(CheckNotLocked(user_key, StrCat("account \"", name, "\""), now));
    return absl::UnauthenticatedError("wrong username or password");
  }
  RETURN_IF_ERROR(accounts_.ClearAttempts(user_key));
  return StartSession(*user, now);
}

StatusOr<LoginResult> Auth::LoginParticipant(std::string_view code, std::string_view birth_date,
                                             std::string_view address) {
  if (registry_ == nullptr) {
    return absl::FailedPreconditionError("participant login needs the registry");
  }
  const std::optional<Date> birth = ParseIsoDate(Trim(birth_date));
  if (!birth) {
    return absl::InvalidArgumentError(
        StrCat("birth_date \"", birth_date, "\" must be a date like 1990-05-17"));
  }
  const int64_t now = now_();
  const std::string index = CodeIndex(code);
  const std::string addr_key = StrCat("addr:", address);
  const std::string code_key =
      StrCat("code:", Hex(reinterpret_cast<const unsigned char*>(index.data()), index.size()));
  RETURN_IF_ERROR(CheckNotLocked(addr_key, StrCat("address ", address), now));
  RETURN_IF_ERROR(CheckNotLocked(code_key, "this access code", now));
  ASSIGN_OR_RETURN(const auto user, accounts_.FindUserByCodeIndex(index));
  bool ok = false;
  if (user && user->active && user->role == UserRole::kParticipant) {
    // The person's sealed birth date: scan the few people of their desa for their id.
    std::optional<store::PersonRow> found;
    RETURN_IF_ERROR(registry_->store.ForEachPerson(Scope::Of(user->scope),
                                                   [&](const store::PersonRow& p) -> Status {
                                                     if (p.id == user->person_id) found = p;
                                                     return absl::OkStatus();
                                                   }));
    if (found) {
      ASSIGN_OR_RETURN(const Person person, OpenPerson(registry_->vault, *found));
      ok = person.birth_date == *birth;
    }
  }
  if (!ok) {
    RETURN_IF_ERROR(RecordFailure(addr_key, config_.max_address_failures, now));
    RETURN_IF_ERROR(RecordFailure(code_key, config_.max_code_failures, now));
    RETURN_IF_ERROR(CheckNotLocked(code_key, "this access code", now));
    return absl::UnauthenticatedError("wrong access code or birth date");
  }
  RETURN_IF_ERROR(accounts_.ClearAttempts(code_key));
  return StartSession(*user, now);
}

StatusOr<Principal> Auth::Resume(std::string_view token) {
  if (token.empty()) return absl::UnauthenticatedError("not logged in");
  const std::string hash = TokenHash(token);
  ASSIGN_OR_RETURN(auto found, accounts_.FindSessionWithUser(hash));
  if (!found) return absl::UnauthenticatedError("not logged in, or the session has ended");
  if (found->session.expires_unix <= now_()) {
    RETURN_IF_ERROR(accounts_.DeleteSession(hash));
    return absl::UnauthenticatedError("the session has expired; log in again");
  }
  if (!found->user || !found->user->active) {
    return absl::UnauthenticatedError("the account is not active");
  }
  return Principal{std::move(*found->user), std::move(found->session)};
}

Status Auth::Logout(std::string_view token) {
  if (token.empty()) return absl::OkStatus();
  return accounts_.DeleteSession(TokenHash(token));
}

std::string Auth::DerivedAccessCode(int64_t person_id, int generation) const {
  // Domain-separated from the NIK and code indexes that use the same subkey: those hash a NIK
  // (16 digits) or a code (10 letters/digits), never this prefix.
  const crypto::BlindIndex h =
      registry_->vault.Index(StrCat("bimtek-access-code-v1:", person_id, ":", generation));
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | h[static_cast<size_t>(i)];
  std::string code;
  for (size_t i = 0; i < kCodeLength; ++i) {  // 50 bits, 5 per character
    code.push_back(kCodeAlphabet[(bits >> (59 - 5 * i)) & 31]);
  }
  return code;
}

StatusOr<RegionCode> Auth::ParticipantDesa(const store::PersonRow& person) const {
  const RegionCode desa = person.tps != 0 ? DesaOfTps(person.tps) : person.work_region;
  if (LevelOf(desa) != RegionLevel::kDesa) {
    return absl::FailedPreconditionError(
        StrCat("person ", person.id, " works in ", FormatRegionCode(desa),
               ", not a desa: access codes are for KPPS, Linmas and PPS members"));
  }
  return desa;
}

StatusOr<std::string> Auth::AccessCodeForPrint(const store::UserRow* op,
                                               const store::PersonRow& person) {
  if (registry_ == nullptr) {
    return absl::FailedPreconditionError("printing access codes needs the registry");
  }
  if (op != nullptr && (!op->active || op->role == UserRole::kParticipant ||
                        !CanSee(*op, person.tps != 0 ? person.tps : person.work_region))) {
    return absl::PermissionDeniedError(
        StrCat("user ", op->username, " may not print the access code of person ", person.id));
  }
  ASSIGN_OR_RETURN(const RegionCode desa, ParticipantDesa(person));
  ASSIGN_OR_RETURN(const auto existing, accounts_.FindUserByPerson(person.id));
  const int generation = existing ? existing->code_generation : 0;
  const std::string code = DerivedAccessCode(person.id, generation);
  const std::string index = CodeIndex(code);
  if (existing) {
    if (existing->code_index != index) {
      RETURN_IF_ERROR(accounts_.SetAccessCode(existing->id, index, generation));
    }
    return code;
  }
  store::UserRow row;
  row.username = StrCat("participant-", person.id);
  row.role = UserRole::kParticipant;
  row.scope = desa;
  row.display_name = person.name;
  row.person_id = person.id;
  row.code_index = index;
  row.code_generation = 0;
  const Status created = accounts_.CreateUser(row).status();
  if (absl::IsAlreadyExists(created)) {
    // Another print (another worker) created it meanwhile: the same person, the same code.
    ASSIGN_OR_RETURN(const auto other, accounts_.FindUserByPerson(person.id));
    if (other && other->code_index == index) return code;
  }
  RETURN_IF_ERROR(created);
  return code;
}

StatusOr<std::string> Auth::IssueAccessCode(const store::UserRow& op, std::string_view nik) {
  if (registry_ == nullptr) {
    return absl::FailedPreconditionError("issuing access codes needs the registry");
  }
  if (!op.active || op.role == UserRole::kParticipant) {
    return absl::PermissionDeniedError(StrCat("user ", op.username, " may not issue access codes"));
  }
  ASSIGN_OR_RETURN(const auto person,
                   registry_->store.FindPersonByNikIndex(NikIndex(registry_->vault, nik)));
  if (!person || !person->active) {
    return absl::NotFoundError(StrCat("no active person with NIK ", MaskNik(nik)));
  }
  const RegionCode desa = person->tps != 0 ? DesaOfTps(person->tps) : person->work_region;
  if (!CanSee(op, person->tps != 0 ? person->tps : person->work_region)) {
    return absl::PermissionDeniedError(StrCat("user ", op.username, " may not see person ",
                                              MaskNik(nik), " of ", FormatRegionCode(desa)));
  }
  if (LevelOf(desa) != RegionLevel::kDesa) {
    return absl::FailedPreconditionError(
        StrCat("person ", MaskNik(nik), " works in ", FormatRegionCode(desa),
               ", not a desa: access codes are for KPPS, Linmas and PPS members"));
  }
  ASSIGN_OR_RETURN(const auto existing, accounts_.FindUserByPerson(person->id));
  const int generation = existing ? existing->code_generation + 1 : 0;
  const std::string code = DerivedAccessCode(person->id, generation);
  const std::string index = CodeIndex(code);
  if (existing) {
    RETURN_IF_ERROR(accounts_.SetAccessCode(existing->id, index, generation));
    RETURN_IF_ERROR(accounts_.DeleteSessionsOfUser(existing->id));
    return code;
  }
  store::UserRow row;
  row.username = StrCat("participant-", person->id);
  row.role = UserRole::kParticipant;
  row.scope = desa;
  row.display_name = person->name;
  row.person_id = person->id;
  row.code_index = index;
  row.code_generation = generation;
  RETURN_IF_ERROR(accounts_.CreateUser(row).status());
  return code;
}

}  // namespace bimtek::service
