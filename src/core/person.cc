#include "core/person.h"

#include "base/strings.h"

namespace bimtek {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kKpps:
      return "KPPS";
    case Role::kLinmas:
      return "LINMAS";
    case Role::kPps:
      return "PPS";
    case Role::kPpk:
      return "PPK";
    case Role::kFasilitator:
      return "FASILITATOR";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view s) {
  const std::string k = NormalizeKey(s);
  if (k == "kpps" || k == "anggotakpps" || k == "ketuakpps") return Role::kKpps;
  if (k == "linmas" || k == "perlindunganmasyarakat" || k == "anggotalinmas") return Role::kLinmas;
  if (k == "pps" || k == "anggotapps" || k == "ketuapps") return Role::kPps;
  if (k == "ppk" || k == "anggotappk" || k == "ketuappk") return Role::kPpk;
  if (k == "fasilitator" || k == "facilitator" || k == "narasumber") return Role::kFasilitator;
  return std::nullopt;
}

const char* SexCode(Sex s) { return s == Sex::kMale ? "L" : "P"; }

std::optional<Sex> ParseSex(std::string_view s) {
  const std::string k = NormalizeKey(s);
  if (k == "l" || k == "lakilaki" || k == "laki" || k == "m" || k == "male" || k == "pria")
    return Sex::kMale;
  if (k == "p" || k == "perempuan" || k == "f" || k == "female" || k == "wanita")
    return Sex::kFemale;
  return std::nullopt;
}

const char* EducationName(Education e) {
  switch (e) {
    case Education::kUnknown:
      return "";
    case Education::kSd:
      return "SD";
    case Education::kSmp:
      return "SMP";
    case Education::kSma:
      return "SMA";
    case Education::kD1:
      return "D1";
    case Education::kD2:
      return "D2";
    case Education::kD3:
      return "D3";
    case Education::kD4:
      return "D4";
    case Education::kS1:
      return "S1";
    case Education::kS2:
      return "S2";
    case Education::kS3:
      return "S3";
  }
  return "";
}

std::optional<Education> ParseEducation(std::string_view s) {
  const std::string k = NormalizeKey(s);
  if (k.empty()) return Education::kUnknown;
  if (k == "sd" || k == "mi" || k == "paketa") return Education::kSd;
  if (k == "smp" || k == "mts" || k == "sltp" || k == "paketb") return Education::kSmp;
  if (k == "sma" || k == "smk" || k == "ma" || k == "slta" || k == "paketc" || k == "smasederajat")
    return Education::kSma;
  if (k == "d1") return Education::kD1;
  if (k == "d2") return Education::kD2;
  if (k == "d3") return Education::kD3;
  if (k == "d4") return Education::kD4;
  if (k == "s1") return Education::kS1;
  if (k == "s2") return Education::kS2;
  if (k == "s3") return Education::kS3;
  return std::nullopt;
}

std::string MaskNik(std::string_view nik) {
  if (nik.size() != 16) return std::string(nik.empty() ? 0 : 16, '*');
  std::string out(nik);
  for (size_t i = 4; i < 12; ++i) out[i] = '*';
  return out;
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  std::string out(phone);
  for (size_t i = 4; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

std::optional<std::string> NormalizePhone(std::string_view s) {
  std::string d;
  for (char c : Trim(s)) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    if (c == '+' && d.empty()) continue;
    if (c < '0' || c > '9') return std::nullopt;
    d.push_back(c);
  }
  if (d.starts_with("62")) {
    d[1] = '0';
    d.erase(0, 1);
  } else if (d.starts_with("8")) {
    d.insert(d.begin(), '0');
  }
  if (!d.starts_with("08") || d.size() < 10 || d.size() > 14 || d[2] == '0') return std::nullopt;
  return d;
}

}  // namespace bimtek
