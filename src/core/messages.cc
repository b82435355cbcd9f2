// The one catalog of user-facing problem messages, in Bahasa Indonesia and English.
#include <string_view>
#include <unordered_map>

#include "core/problem.h"

namespace bimtek {

namespace {

struct Text {
  std::string_view id;
  std::string_view en;
};

const std::unordered_map<std::string_view, Text>& Catalog() {
  static const auto* catalog = new std::unordered_map<std::string_view, Text>{
      // NIK
      {"nik.missing", {"NIK wajib diisi", "NIK is required"}},
      {"nik.digits", {"NIK hanya boleh berisi angka", "NIK must contain digits only"}},
      {"nik.length",
       {"NIK harus 16 digit, tertulis {0} digit", "NIK must have 16 digits, found {0}"}},
      {"nik.province",
       {"2 digit pertama NIK ({0}) bukan kode provinsi",
        "NIK's first 2 digits ({0}) are not a province code"}},
      {"nik.date",
       {"bagian tanggal lahir NIK ({0}) bukan tanggal yang sah (DDMMYY, perempuan: tanggal + 40)",
        "NIK's birth-date part ({0}) is not a real date (DDMMYY, women: day + 40)"}},
      {"nik.birth_mismatch",
       {"tanggal lahir pada NIK tidak sama dengan kolom tanggal lahir",
        "the birth date in the NIK does not match the birth date column"}},
      {"nik.sex_mismatch",
       {"NIK menunjukkan jenis kelamin {0}, tetapi tertulis {1} (perempuan: tanggal + 40)",
        "the NIK says sex {0} but the row says {1} (women: day + 40)"}},
      {"nik.kecamatan_unknown",
       {"6 digit pertama NIK ({0}) bukan kecamatan saat ini (wajar untuk wilayah hasil pemekaran)",
        "NIK's first 6 digits ({0}) name no current kecamatan (normal where regions were split)"}},
      {"nik.as_number",
       {"NIK tersimpan sebagai angka, sehingga digit terakhir bisa hilang; format kolom NIK "
        "sebagai Teks lalu ketik ulang NIK",
        "the NIK is stored as a number, so its last digits may be lost; format the NIK column as "
        "Text and type the NIK again"}},
      {"nik.enotation",
       {"NIK tertulis dalam notasi ilmiah ({0}): lembar kerja sudah menghilangkan digit terakhir; "
        "format kolom NIK sebagai Teks di lembar kerja asal lalu ketik ulang NIK",
        "the NIK is in scientific notation ({0}): the spreadsheet has already lost its last "
        "digits; format the NIK column as Text in the source sheet and type the NIK again"}},
      {"nik.duplicate_in_file",
       {"NIK yang sama sudah ada di baris {0} berkas ini",
        "the same NIK is already on row {0} of this file"}},
      {"nik.serving_elsewhere",
       {"NIK ini sudah bertugas sebagai {0} di {1}; pindah tugas harus lewat penggantian (PAW), "
        "bukan impor",
        "this NIK already serves as {0} at {1}; a move is a replacement (PAW), not an import"}},
      // Name, sex, dates, phone, education
      {"name.missing", {"nama wajib diisi", "name is required"}},
      {"name.invalid",
       {"nama tidak wajar (kosong dari huruf, berisi angka, atau terlalu panjang)",
        "name is not plausible (no letters, digits in it, or too long)"}},
      {"sex.missing", {"jenis kelamin wajib diisi (L atau P)", "sex is required (L or P)"}},
      {"sex.invalid",
       {"jenis kelamin '{0}' tidak dikenal; tulis L atau P",
        "sex '{0}' is not known; write L or P"}},
      {"birth.missing", {"tanggal lahir wajib diisi", "birth date is required"}},
      {"birth.invalid",
       {"tanggal lahir '{0}' tidak dikenal; tulis YYYY-MM-DD atau DD-MM-YYYY",
        "birth date '{0}' is not a date; write YYYY-MM-DD or DD-MM-YYYY"}},
      {"age.kpps",
       {"umur {0} tahun pada hari pemungutan suara {3}; anggota KPPS harus berumur {1}–{2} tahun",
        "aged {0} on the voting day of {3}; KPPS members must be {1}–{2}"}},
      {"age.min",
       {"umur {0} tahun pada hari pemungutan suara {2}; minimal {1} tahun",
        "aged {0} on the voting day of {2}; at least {1} required"}},
      {"phone.invalid",
       {"nomor HP '{0}' bukan nomor seluler Indonesia (08… atau +628…)",
        "phone '{0}' is not an Indonesian mobile number (08… or +628…)"}},
      {"education.invalid",
       {"pendidikan '{0}' tidak dikenal (SD, SMP, SMA, D1–D4, S1–S3)",
        "education '{0}' is not known (SD, SMP, SMA, D1–D4, S1–S3)"}},
      {"education.kpps",
       {"pendidikan {0} di bawah syarat KPPS (minimal SMA/sederajat)",
        "education {0} is below the KPPS requirement (at least senior high school)"}},
      // Role, TPS, position, regions
      {"role.missing",
       {"peran wajib diisi (KPPS, LINMAS, PPS, PPK, FASILITATOR)",
        "role is required (KPPS, LINMAS, PPS, PPK, FASILITATOR)"}},
      {"role.invalid",
       {"peran '{0}' tidak dikenal (KPPS, LINMAS, PPS, PPK, FASILITATOR)",
        "role '{0}' is not known (KPPS, LINMAS, PPS, PPK, FASILITATOR)"}},
      {"role.changed",
       {"NIK ini sudah terdaftar sebagai {0}; perubahan peran tidak dilakukan lewat impor",
        "this NIK is registered as {0}; a change of role is not made by import"}},
      {"tps.missing", {"kode TPS wajib diisi untuk {0}", "a TPS code is required for {0}"}},
      {"tps.code",
       {"'{0}' bukan kode TPS (13 digit: kode desa 10 digit + nomor TPS 3 digit, mis. "
        "3271011001001)",
        "'{0}' is not a TPS code (13 digits: the 10-digit desa code and the 3-digit number, e.g. "
        "3271011001001)"}},
      {"tps.unknown", {"TPS {0} tidak terdaftar", "TPS {0} is not registered"}},
      {"tps.not_for_role",
       {"{0} tidak bertugas di TPS; kosongkan kode TPS",
        "{0} does not serve at a TPS; leave the TPS code empty"}},
      {"tps.dpt_range",
       {"DPT {0} di luar batas 0–{1} pemilih per TPS", "DPT {0} is outside 0–{1} voters per TPS"}},
      {"tps.duplicate_in_file",
       {"TPS yang sama sudah ada di baris {0}", "the same TPS is already on row {0}"}},
      {"dpt.invalid", {"DPT '{0}' bukan bilangan bulat", "DPT '{0}' is not a whole number"}},
      {"position.missing",
       {"jabatan KPPS wajib diisi (1–{0}; 1 = ketua)",
        "the KPPS position is required (1–{0}; 1 = chair)"}},
      {"position.invalid", {"jabatan '{0}' bukan angka", "position '{0}' is not a number"}},
      {"position.range",
       {"jabatan {0} di luar batas {1} (1–{2})",
        "position {0} is outside the range for {1} (1–{2})"}},
      {"position.taken",
       {"jabatan {0} di TPS {1} sudah diisi orang lain; penggantian dilakukan lewat PAW",
        "position {0} at TPS {1} is held by someone else; replacing them is a PAW"}},
      {"position.duplicate_in_file",
       {"jabatan yang sama di TPS yang sama sudah ada di baris {0}",
        "the same position at the same TPS is already on row {0}"}},
      {"position.full",
       {"{0} di {1} sudah penuh ({2} orang)", "{0} at {1} is already full ({2} people)"}},
      {"region.code", {"'{0}' bukan kode wilayah", "'{0}' is not a region code"}},
      {"region.unknown",
       {"wilayah {0} tidak ada dalam daftar Kemendagri",
        "region {0} is not in the Kemendagri list"}},
      {"region.level", {"wilayah {0} bukan {1}", "region {0} is not a {1}"}},
      {"work_region.missing",
       {"wilayah tugas wajib diisi untuk {0}", "the work region is required for {0}"}},
      // The importer's region scope (web imports: an operator imports only inside their region)
      {"scope.outside",
       {"{0} berada di luar wilayah Anda ({1})", "{0} is outside your region ({1})"}},
      {"scope.person_outside",
       {"NIK ini terdaftar di luar wilayah Anda ({0})",
        "this NIK is registered outside your region ({0})"}},
      // Planning (issue 4): venues, facilitators, unplaced crews (docs/planning.md)
      {"venue.code_missing", {"kode tempat wajib diisi", "the venue code is required"}},
      {"venue.name_missing", {"nama tempat wajib diisi", "the venue name is required"}},
      {"venue.duplicate_in_file",
       {"kode yang sama sudah ada di baris {0} berkas ini",
        "the same code is already on row {0} of this file"}},
      {"venue.region_level",
       {"wilayah {0} bukan kecamatan atau desa/kelurahan",
        "region {0} is not a kecamatan or desa/kelurahan"}},
      {"venue.capacity",
       {"kapasitas '{0}' harus bilangan bulat 1–2000", "capacity '{0}' must be a whole number 1–2000"}},
      {"venue.hours",
       {"jam '{0}' tidak dikenal; tulis 08:00-17:00 atau 2024-01-25 08:00-17:00; …",
        "hours '{0}' not understood; write 08:00-17:00 or 2024-01-25 08:00-17:00; …"}},
      {"dates.invalid",
       {"tanggal '{0}' tidak dikenal; tulis 2024-01-25 atau 2024-01-25..2024-01-29",
        "dates '{0}' not understood; write 2024-01-25 or 2024-01-25..2024-01-29"}},
      {"facilitator.modules_missing",
       {"modul yang dikuasai wajib diisi (mis. M1;M2;M3)",
        "the modules taught are required (e.g. M1;M2;M3)"}},
      {"facilitator.module_unknown",
       {"modul '{0}' tidak ada dalam kurikulum ({1})",
        "module '{0}' is not in the curriculum ({1})"}},
      {"facilitator.sessions",
       {"sesi per hari '{0}' harus bilangan bulat 1–10",
        "sessions per day '{0}' must be a whole number 1–10"}},
      {"facilitator.nik_unknown",
       {"NIK ini tidak terdaftar sebagai orang di registri",
        "this NIK is not a person of the registry"}},
      {"facilitator.name_missing",
       {"nama wajib diisi bila NIK tidak diisi", "the name is required when no NIK is given"}},
      {"plan.no_venue",
       {"tidak ada tempat di kecamatan {0} maupun di kabupaten/kotanya",
        "no venue in kecamatan {0} nor in its kabupaten/kota"}},
      {"plan.no_slot",
       {"tidak ada tempat di kecamatan {0} yang buka cukup lama untuk seluruh agenda pada {1}–{2}",
        "no venue in kecamatan {0} is open long enough for the whole agenda on {1}–{2}"}},
      {"plan.no_room",
       {"semua tempat di kecamatan {0} (dan cadangannya) sudah penuh pada rentang tanggal",
        "every venue of kecamatan {0} (and its fallbacks) is full in the window"}},
      {"plan.no_facilitator",
       {"tidak ada fasilitator yang menguasai modul {0} dan tersedia pada tanggal itu "
        "(kecamatan {1})",
        "no facilitator competent for module {0} is available on those dates (kecamatan {1})"}},
      {"plan.crew_too_large",
       {"regu {0} orang tidak muat di tempat mana pun (terbesar {1} kursi)",
        "a crew of {0} fits no venue (largest {1} seats)"}},
      {"curriculum.name_missing", {"kurikulum tanpa nama", "the curriculum has no name"}},
      {"curriculum.no_modules", {"kurikulum tanpa modul", "the curriculum has no modules"}},
      {"curriculum.module_id",
       {"kode modul '{0}' tidak sah (huruf besar, angka, - atau _)",
        "module id '{0}' is not valid (capitals, digits, - or _)"}},
      {"curriculum.module_duplicate",
       {"kode modul {0} muncul dua kali", "module id {0} appears twice"}},
      {"curriculum.title_missing", {"modul {0} tanpa judul", "module {0} has no title"}},
      {"curriculum.objectives_missing",
       {"modul {0} tanpa tujuan pembelajaran", "module {0} has no learning objectives"}},
      {"curriculum.minutes",
       {"durasi modul {0} ({1} menit) harus 5–600 menit",
        "module {0} lasts {1} minutes; 5–600 allowed"}},
      {"curriculum.tag",
       {"tag '{1}' pada modul {0} harus huruf kecil dengan tanda hubung",
        "tag '{1}' of module {0} must be lower case with dashes"}},
      {"curriculum.too_long",
       {"seluruh modul {0} menit, lebih dari 12 jam sehari",
        "the modules last {0} minutes, more than 12 hours a day"}},
      // Attendance (issue 4; docs/attendance.md)
      {"attendance.client_id",
       {"id check-in '{0}' tidak sah (1–100 huruf, angka, . _ : -)",
        "check-in id '{0}' is not valid (1–100 letters, digits, . _ : -)"}},
      {"attendance.method", {"cara check-in tidak dikenal", "unknown check-in method"}},
      {"attendance.code_missing", {"kode akses kosong", "the access code is empty"}},
      {"attendance.code_unknown",
       {"kode akses {0} tidak dikenal", "access code {0} is not known"}},
      {"attendance.code_not_in_batch",
       {"{0} (TPS {1}) bukan peserta kelas {2}: arahkan ke kelasnya sendiri",
        "{0} (TPS {1}) is not a participant of batch {2}: send them to their own batch"}},
      {"attendance.person_not_in_batch",
       {"orang {0} bukan peserta kelas ini", "person {0} is not a participant of this batch"}},
      {"attendance.present_value",
       {"isi kolom hadir '{0}' tidak dikenali (ya/hadir/1/v atau tidak/0/-)",
        "present value '{0}' not understood (ya/hadir/1/v or tidak/0/-)"}},
      {"attendance.nik_format",
       {"NIK harus 16 angka ditulis sebagai teks", "the NIK must be 16 digits written as text"}},
      {"attendance.nik_unknown",
       {"NIK ini tidak terdaftar di registri", "this NIK is not in the registry"}},
      {"attendance.who_missing",
       {"baris tanpa NIK maupun kode akses", "the row has neither a NIK nor an access code"}},
      {"attendance.row_duplicate",
       {"orang yang sama sudah ada di baris {0}", "the same person is already on row {0}"}},
      {"attendance.name_differs",
       {"nama berbeda dengan registri ({0})", "the name differs from the registry ({0})"}},
      // Whole files
      {"file.columns_missing",
       {"kolom wajib tidak ditemukan di baris judul: {0} (judul yang dikenali: lihat "
        "docs/formats.md)",
        "required columns not found in the header row: {0} (known headers: see docs/formats.md)"}},
      {"file.column_duplicate",
       {"kolom {0} muncul dua kali di baris judul ({1})",
        "column {0} appears twice in the header row ({1})"}},
      {"file.no_rows", {"berkas tidak berisi baris data", "the file has no data rows"}},
      {"file.read", {"berkas tidak dapat dibaca: {0}", "the file cannot be read: {0}"}},
  };
  return *catalog;
}

std::string Fill(std::string_view tmpl, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}' && tmpl[i + 1] >= '0' &&
        tmpl[i + 1] <= '9') {
      const size_t k = static_cast<size_t>(tmpl[i + 1] - '0');
      if (k < args.size()) out += args[k];
      i += 2;
    } else {
      out.push_back(tmpl[i]);
    }
  }
  return out;
}

}  // namespace

std::string DescribeCode(const std::string& code, const std::vector<std::string>& args, Lang lang) {
  const auto& c = Catalog();
  const auto it = c.find(code);
  if (it == c.end()) {
    std::string out = code;
    for (const auto& a : args) out += " " + a;
    return out;
  }
  return Fill(lang == Lang::kId ? it->second.id : it->second.en, args);
}

std::string Describe(const Problem& p, Lang lang) { return DescribeCode(p.code, p.args, lang); }

bool IsKnownProblemCode(const std::string& code) { return Catalog().contains(code); }

}  // namespace bimtek
