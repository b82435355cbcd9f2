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
    {Msg::kPeopleTitle, "Orang", "People"},
    {Msg::kSearchLabel, "Nama atau NIK (16 angka)", "Name or NIK (16 digits)"},
    {Msg::kSearchButton, "Cari", "Search"},
    {Msg::kAll, "Semua", "All"},
    {Msg::kStatus, "Status", "Status"},
    {Msg::kActive, "Aktif", "Active"},
    {Msg::kReplaced, "Diganti (PAW)", "Replaced (PAW)"},
    {Msg::kTpsCode, "Kode TPS", "TPS code"},
    {Msg::kRegionCode, "Kode wilayah", "Region code"},
    {Msg::kPeopleFound, "orang ditemukan", "people found"},
    {Msg::kNoPeople, "Tidak ada orang yang cocok.", "No one matches."},
    {Msg::kPrevPage, "Sebelumnya", "Previous"},
    {Msg::kNextPage, "Berikutnya", "Next"},
    {Msg::kPage, "Halaman", "Page"},
    {Msg::kNik, "NIK", "NIK"},
    {Msg::kPhone, "Nomor HP", "Mobile number"},
    {Msg::kBirthDate, "Tanggal lahir", "Birth date"},
    {Msg::kPosition, "Jabatan", "Position"},
    {Msg::kWorkRegion, "Wilayah tugas", "Work region"},
    {Msg::kHomeRegion, "Domisili (kode desa)", "Home (desa code)"},
    {Msg::kSex, "Jenis kelamin", "Sex"},
    {Msg::kEducation, "Pendidikan", "Education"},
    {Msg::kMale, "Laki-laki", "Male"},
    {Msg::kFemale, "Perempuan", "Female"},
    {Msg::kHistory, "Riwayat penggantian", "Replacement history"},
    {Msg::kNoHistory, "Belum ada penggantian.", "No replacements."},
    {Msg::kReason, "Alasan", "Reason"},
    {Msg::kDate, "Tanggal", "Date"},
    {Msg::kOldMember, "Yang diganti", "Replaced member"},
    {Msg::kNewMember, "Pengganti", "Replacement"},
    {Msg::kReplaceLink, "Ganti anggota ini (PAW)", "Replace this member (PAW)"},
    {Msg::kReplaceTitle, "Penggantian antarwaktu (PAW)", "Replacement of a member (PAW)"},
    {Msg::kReplacementData, "Data pengganti", "The replacement"},
    {Msg::kFullName, "Nama lengkap", "Full name"},
    {Msg::kReplaceButton, "Simpan penggantian", "Save the replacement"},
    {Msg::kReplaceDone, "Penggantian tercatat. Ini data pengganti.", "Replacement recorded. These are the replacement's details."},
    {Msg::kFixErrors, "Perbaiki isian berikut:", "Please correct the following:"},
    {Msg::kReissueButton, "Terbitkan ulang kode akses", "Re-issue the access code"},
    {Msg::kReissueDone, "Kode akses baru. Catat sekarang: kode ini tidak akan ditampilkan lagi.", "New access code. Write it down now: it will not be shown again."},
    {Msg::kAuditTitle, "Log audit", "Audit log"},
    {Msg::kWhen, "Waktu (UTC)", "Time (UTC)"},
    {Msg::kActor, "Pelaku", "Actor"},
    {Msg::kAction, "Tindakan", "Action"},
    {Msg::kTarget, "Sasaran", "Target"},
    {Msg::kClientAddress, "Alamat klien", "Client address"},
    {Msg::kChange, "Perubahan", "Change"},
    {Msg::kNoAudit, "Belum ada catatan.", "No entries."},
    {Msg::kOlder, "Lebih lama", "Older"},
    {Msg::kFilter, "Saring", "Filter"},
    {Msg::kActionPrefix, "Awalan tindakan", "Action prefix"},
    {Msg::kFindPeople, "Cari orang", "Find people"},
    {Msg::kPeopleInRegion, "Orang di wilayah ini", "People in this region"},
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
