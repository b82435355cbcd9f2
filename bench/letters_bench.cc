// Invitations for a whole kabupaten/kota (issue 4: Kota Bogor's in <= 60 s): generates batches
// of whole TPS crews (7 KPPS each), writes every batch's letters PDF, .ics and WhatsApp CSV
// through render::WriteInvitations (the path of `bimtek invitations`) and the attendance sheets,
// and prints pages per second. Figures in docs/performance.md.
//
//   letters_bench [--tps N] [--crews-per-batch N] [--threads N] [--out DIR] [--keep]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/strings.h"
#include "fmt/format.h"
#include "render/bulk.h"
#include "render/letters.h"

namespace {

using bimtek::StrCat;
using namespace bimtek::render;

// Kota Bogor (32.71) as `bimtek gen --scope 32.71` makes it: 3,292 TPS (23,044 KPPS) in 6
// kecamatan and 68 kelurahan.
constexpr int kBogorTps = 3'292;

std::vector<Batch> MakeBatches(int tps, int crews_per_batch) {
  static constexpr const char* kFirst[] = {"Siti",  "Budi", "Dewi", "Agus", "Rina",  "Joko",
                                           "Wahyu", "Nur",  "Eko",  "Ayu",  "Rizky", "Putri"};
  static constexpr const char* kLast[] = {"Santoso", "Lestari",   "Hidayat", "Rahmawati",
                                          "Saputra", "Wulandari", "Nugroho", "Permata"};
  const char* alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::vector<Batch> out;
  uint64_t seed = 1;
  for (int first_tps = 0; first_tps < tps; first_tps += crews_per_batch) {
    Batch b;
    b.id = fmt::format("3271-K{:04d}", out.size() + 1);
    b.office = {"KOMISI PEMILIHAN UMUM KOTA BOGOR",
                "Jl. Achmad Adnawijaya No. 125, Tegal Gundil, Bogor Utara, Kota Bogor 16152",
                "Kota Bogor", "Ketua KPU Kota Bogor", "Muhamad Habibi Zaenal Arifin"};
    b.letter_number = fmt::format("{:03d}/PP.05-Und/3271/2024", out.size() + 1);
    b.letter_date = {2024, 1, 20};
    b.date = {2024, 1, 25 + static_cast<int>(out.size() % 5)};
    b.start = 8 * 60;
    b.end = 16 * 60;
    b.venue_name = fmt::format("Aula Kelurahan {}", out.size() % 68 + 1);
    b.venue_address = "Jl. Raya Pajajaran No. 10, Kota Bogor";
    b.agenda = {{480, 510, "M1", "Pembukaan, harapan dan komitmen belajar"},
                {510, 570, "M2", "Tata kerja KPPS, kode etik, netralitas"},
                {570, 720, "M3", "Pemungutan suara"},
                {780, 930, "M4", "Penghitungan suara, formulir hasil dan Sirekap"},
                {930, 960, "", "Evaluasi: tes dan kuis interaktif"}};
    b.bring = {"Kartu Tanda Penduduk (KTP) asli", "Alat tulis", "Telepon genggam untuk tes daring"};
    for (int t = first_tps; t < std::min(tps, first_tps + crews_per_batch); ++t) {
      for (int pos = 1; pos <= 7; ++pos) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        std::string code;
        for (int k = 0; k < 10; ++k) code.push_back(alphabet[(seed >> (k * 5 + 10)) & 31]);
        b.participants.push_back(
            {StrCat(kFirst[(seed >> 3) % 12], " ", kLast[(seed >> 9) % 8]),
             pos == 1 ? "Ketua KPPS" : StrCat("Anggota KPPS ", pos),
             fmt::format("TPS {:03d}", t % 40 + 1), "Kelurahan Babakan", code,
             StrCat("0812", 10'000'000 + static_cast<int>(seed % 89'999'999))});
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long PeakRssMiB() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  int tps = kBogorTps, crews = 10, threads = 2;
  std::string out = "/tmp/letters_bench";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--tps")
      tps = std::atoi(next().c_str());
    else if (a == "--crews-per-batch")
      crews = std::atoi(next().c_str());
    else if (a == "--threads")
      threads = std::atoi(next().c_str());
    else if (a == "--out")
      out = next();
    else if (a == "--keep")
      keep = true;
    else {
      std::fprintf(stderr,
                   "usage: letters_bench [--tps N] [--crews-per-batch N] [--threads N] "
                   "[--out DIR] [--keep]\n");
      return 2;
    }
  }
  if (tps < 1 || crews < 1 || threads < 1) return 2;
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  const std::vector<Batch> batches = MakeBatches(tps, crews);

  BulkOptions options;
  options.threads = threads;
  options.dtstamp_unix = 1705708800;
  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  auto result = WriteInvitations(batches, out, options);
  const double letters_cpu = CpuSeconds() - cpu0;
  const double letters_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!result.ok()) {
    std::fprintf(stderr, "letters_bench: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }

  // Attendance sheets, one per batch, on one thread.
  const auto t1 = std::chrono::steady_clock::now();
  int64_t sheet_bytes = 0;
  for (const Batch& b : batches) {
    auto pdf = AttendanceSheetPdf(b);
    if (!pdf.ok()) return 1;
    sheet_bytes += static_cast<int64_t>(pdf->size());
  }
  const double sheets_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();

  uintmax_t bytes = 0;
  for (const auto& e : std::filesystem::directory_iterator(out)) bytes += e.file_size();
  std::printf("tps %d, batches %d, letters %lld, whatsapp links %lld, threads %d\n", tps,
              result->batches, static_cast<long long>(result->letters),
              static_cast<long long>(result->links), threads);
  std::printf("invitations (pdf + ics + csv): %.2f s, %.0f pages/s, %.1f MiB written\n", letters_s,
              static_cast<double>(result->letters) / letters_s,
              static_cast<double>(bytes) / (1 << 20));
  std::printf("  cpu %.2f s (user + sys, all threads): %.0f pages per cpu-second\n", letters_cpu,
              static_cast<double>(result->letters) / letters_cpu);
  std::printf("attendance sheets (1 thread): %.2f s, %.0f batches/s, %.1f MiB\n", sheets_s,
              static_cast<double>(batches.size()) / sheets_s,
              static_cast<double>(sheet_bytes) / (1 << 20));
  std::printf("peak RSS %ld MiB\n", PeakRssMiB());
  if (!keep) std::filesystem::remove_all(out);
  return 0;
}
