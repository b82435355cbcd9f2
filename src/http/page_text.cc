#include "http/page_text.h"

#include <array>
#include <optional>

#include "base/strings.h"
#include "http/html.h"

namespace bimtek::http {

namespace {

struct Entry {
  Msg msg;
  const char* id;
  const char* en;
};

// One line per string: adding a string is adding an enum value and a line here.
constexpr Entry kTable[] = {
    {Msg::kAppName, "Bimtek KPPS", "Bimtek KPPS"},
    {Msg::kLoginTitle, "Masuk", "Log in"},
    {Msg::kUsername, "Nama pengguna", "Username"},
    {Msg::kPassword, "Kata sandi", "Password"},
    {Msg::kLoginButton, "Masuk", "Log in"},
    {Msg::kLogoutButton, "Keluar", "Log out"},
    {Msg::kWrongCredentials, "Nama pengguna atau kata sandi salah.", "Wrong username or password."},
    {Msg::kLocked, "Terlalu banyak percobaan gagal: akun dikunci sementara.",
     "Too many failed attempts: the account is locked for a while."},
    {Msg::kTryAgainWithin, "Coba lagi paling lambat dalam", "Try again within"},
    {Msg::kMinutes, "menit.", "minutes."},
    {Msg::kLoginExpired, "Formulir sudah kedaluwarsa. Silakan coba lagi.",
     "The form has expired. Please try again."},
    {Msg::kMissingFields, "Isi nama pengguna dan kata sandi.", "Enter your username and password."},
    {Msg::kHomeTitle, "Beranda", "Home"},
    {Msg::kLoggedInAs, "Masuk sebagai", "Logged in as"},
    {Msg::kRole, "Peran", "Role"},
    {Msg::kScope, "Wilayah kerja", "Area"},
    {Msg::kBrowseRegions, "Jelajahi wilayah", "Browse regions"},
    {Msg::kNoRegionAccess, "Akun ini tidak memiliki akses ke data wilayah.",
     "This account has no access to region data."},
    {Msg::kRegion, "Wilayah", "Region"},
    {Msg::kLevel, "Tingkat", "Level"},
    {Msg::kCode, "Kode", "Code"},
    {Msg::kName, "Nama", "Name"},
    {Msg::kTps, "TPS", "Polling stations"},
    {Msg::kKpps, "KPPS", "KPPS"},
    {Msg::kVacantKpps, "Kursi KPPS kosong", "Vacant KPPS seats"},
    {Msg::kChildren, "Wilayah di bawahnya", "Regions below"},
    {Msg::kNoChildren, "Tidak ada wilayah di bawahnya.", "No regions below."},
    {Msg::kTpsList, "Daftar TPS", "Polling stations"},
    {Msg::kNoTps, "Belum ada TPS terdaftar.", "No polling station registered yet."},
    {Msg::kDpt, "DPT", "Voters (DPT)"},
    {Msg::kAddress, "Alamat", "Address"},
    {Msg::kKppsFilled, "KPPS terisi", "KPPS filled"},
    {Msg::kBreadcrumb, "Lokasi", "Location"},
    {Msg::kNational, "Nasional", "National"},
    {Msg::kForbiddenTitle, "Akses ditolak", "Access denied"},
    {Msg::kForbiddenText, "Wilayah ini berada di luar wilayah kerja akun Anda.",
     "This region lies outside your account's area."},
    {Msg::kNotFoundTitle, "Halaman tidak ditemukan", "Page not found"},
    {Msg::kBadRequestTitle, "Permintaan tidak valid", "Invalid request"},
    {Msg::kErrorTitle, "Terjadi kesalahan", "Something went wrong"},
    {Msg::kBackHome, "Kembali ke beranda", "Back to home"},
    {Msg::kSkipToContent, "Langsung ke isi", "Skip to content"},
    {Msg::kLanguage, "Bahasa", "Language"},
};
static_assert(std::size(kTable) == static_cast<size_t>(Msg::kCount),
              "every Msg needs one line in kTable");

constexpr bool TableInEnumOrder() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<size_t>(kTable[i].msg) != i) return false;
  }
  return true;
}
static_assert(TableInEnumOrder(), "kTable lines must follow the order of enum Msg");

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "en") return Lang::kEn;
  if (s == "id") return Lang::kId;
  return std::nullopt;
}

}  // namespace

const char* T(Lang lang, Msg m) {
  const Entry& e = kTable[static_cast<size_t>(m)];
  return lang == Lang::kEn ? e.en : e.id;
}

const char* RoleLabel(Lang lang, store::UserRole role) {
  const bool en = lang == Lang::kEn;
  switch (role) {
    case store::UserRole::kNationalAdmin:
      return en ? "National administrator" : "Administrator nasional";
    case store::UserRole::kProvince:
      return en ? "Province operator" : "Operator provinsi";
    case store::UserRole::kKabKota:
      return en ? "Regency/city operator" : "Operator kabupaten/kota";
    case store::UserRole::kPpk:
      return en ? "District committee (PPK)" : "PPK";
    case store::UserRole::kPps:
      return en ? "Village committee (PPS)" : "PPS";
    case store::UserRole::kFacilitator:
      return en ? "Facilitator" : "Fasilitator";
    case store::UserRole::kParticipant:
      return en ? "Participant" : "Peserta";
  }
  return "?";
}

const char* KindLabel(Lang lang, RegionKind kind) {
  const bool en = lang == Lang::kEn;
  switch (kind) {
    case RegionKind::kProvince:
      return en ? "Province" : "Provinsi";
    case RegionKind::kKabupaten:
      return en ? "Regency" : "Kabupaten";
    case RegionKind::kKota:
      return en ? "City" : "Kota";
    case RegionKind::kKecamatan:
      return en ? "District" : "Kecamatan";
    case RegionKind::kDesa:
      return en ? "Village" : "Desa";
    case RegionKind::kKelurahan:
      return en ? "Urban village" : "Kelurahan";
    case RegionKind::kDesaAdat:
      return en ? "Customary village" : "Desa adat";
  }
  return "?";
}

std::string_view CookieValue(const Request& req, std::string_view name) {
  auto cookies = req.Header("Cookie");
  if (!cookies) return {};
  for (std::string_view part : Split(*cookies, ';')) {
    part = Trim(part);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
  }
  return {};
}

const char* LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "id"; }

Lang LangOf(const Request& req) {
  if (auto q = FormValue(req.query, "lang")) {
    if (auto l = ParseLang(*q)) return *l;
  }
  if (auto l = ParseLang(CookieValue(req, "lang"))) return *l;
  return Lang::kId;
}

bool QueryHasLang(const Request& req) {
  auto q = FormValue(req.query, "lang");
  return q && ParseLang(*q).has_value();
}

}  // namespace bimtek::http
