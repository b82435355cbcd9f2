#include "service/registry.h"

#include "base/strings.h"

namespace bimtek::service {

namespace {
constexpr char kSep = '\x1f';  // unit separator: never in a NIK, a date or a phone number
constexpr std::string_view kKeyCheck = "key_check";
// The fields a Person and a PersonRow share, in the clear in both.
template <typename From, typename To>
void CopyOpenFields(const From& from, To& to) {
  to.id = from.id;
  to.role = from.role;
  to.tps = from.tps;
  to.position = from.position;
  to.work_region = from.work_region;
  to.home_region = from.home_region;
  to.name = from.name;
  to.sex = from.sex;
  to.education = from.education;
}

}  // namespace

Status BindKey(store::Store& store, const crypto::Vault& vault) {
  ASSIGN_OR_RETURN(auto have, store.GetMeta(kKeyCheck));
  const std::string mine = vault.KeyCheck();
  if (!have) return store.SetMeta(kKeyCheck, mine);
  if (*have != mine) {
    return absl::FailedPreconditionError(StrCat("the personal-data key (id ", mine.substr(0, 8),
                                                ") is not this store's key (id ",
                                                have->substr(0, 8),
                                                "); use the key file the store was created with "
                                                "(see docs/operations.md)"));
  }
  return absl::OkStatus();
}

std::string NikIndex(const crypto::Vault& vault, std::string_view nik) {
  const auto b = vault.Index(nik);
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

store::PersonRow SealPerson(const crypto::Vault& vault, const Person& p) {
  store::PersonRow r;
  CopyOpenFields(p, r);
  r.nik_index = NikIndex(vault, p.nik);
  std::string clear;
  clear.reserve(48);
  clear.append(p.nik).push_back(kSep);
  clear.append(FormatIsoDate(p.birth_date)).push_back(kSep);
  clear.append(p.phone);
  r.sealed = vault.Seal(clear);
  return r;
}

StatusOr<Person> OpenPerson(const crypto::Vault& vault, const store::PersonRow& r) {
  ASSIGN_OR_RETURN(std::string clear, vault.Open(r.sealed));
  const auto parts = Split(clear, kSep);
  if (parts.size() != 3) return absl::DataLossError(StrCat("person ", r.id, ": bad sealed fields"));
  Person p;
  CopyOpenFields(r, p);
  p.nik = std::string(parts[0]);
  const auto d = ParseIsoDate(parts[1]);
  if (!d) return absl::DataLossError(StrCat("person ", r.id, ": bad birth date"));
  p.birth_date = *d;
  p.phone = std::string(parts[2]);
  return p;
}

}  // namespace bimtek::service
