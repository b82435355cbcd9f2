// People of the registry: KPPS members (positions 1–7; 1 is the chair), Linmas, PPS, PPK and
// facilitators, with their personal data in the clear. Only the service layer holds a Person;
// the store holds personal fields sealed (see crypto/vault.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "core/region.h"

namespace bimtek {

enum class Role : int { kKpps = 1, kLinmas = 2, kPps = 3, kPpk = 4, kFasilitator = 5 };
enum class Sex : int { kMale = 1, kFemale = 2 };
enum class Education : int {
  kUnknown = 0,
  kSd = 1,
  kSmp = 2,
  kSma = 3,
  kD1 = 4,
  kD2 = 5,
  kD3 = 6,
  kD4 = 7,
  kS1 = 8,
  kS2 = 9,
  kS3 = 10,
};

const char* RoleName(Role r);                       // "KPPS", "LINMAS", "PPS", "PPK", "FASILITATOR"
std::optional<Role> ParseRole(std::string_view s);  // case-insensitive; also "Anggota KPPS", …
const char* SexCode(Sex s);                         // "L" or "P"
std::optional<Sex> ParseSex(std::string_view s);    // L/P, Laki-laki/Perempuan, M/F, Pria/Wanita
const char* EducationName(Education e);             // "SMA", "S1", …
std::optional<Education> ParseEducation(std::string_view s);  // SMA/SMK/MA/Paket C → SMA, …

struct Person {
  int64_t id = 0;  // store id; 0 before it is stored
  std::string nik;
  std::string name;
  Sex sex = Sex::kMale;
  Date birth_date;
  std::string phone;  // normalised: 08…
  Education education = Education::kUnknown;
  Role role = Role::kKpps;
  TpsCode tps = 0;   // KPPS and Linmas
  int position = 0;  // KPPS 1..7; Linmas 1..2; 0 where not numbered
  RegionCode work_region =
      0;  // PPS: desa; PPK: kecamatan; facilitator: any; KPPS/Linmas: the TPS's desa
  RegionCode home_region = 0;  // desa/kelurahan of residence (0: unknown)
};

// "3271********0001": the first 4 and last 4 digits; anything not 16 long becomes all stars.
std::string MaskNik(std::string_view nik);
// "0812****7890".
std::string MaskPhone(std::string_view phone);

// Normalises an Indonesian mobile number to 08…: accepts +62/62/0 prefixes, spaces, dashes and
// dots, and a leading 8 (a spreadsheet that dropped the 0). nullopt when it is not a mobile number
// (08 then 8 to 12 more digits).
std::optional<std::string> NormalizePhone(std::string_view s);

}  // namespace bimtek
