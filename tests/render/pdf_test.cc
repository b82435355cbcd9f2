// The PDFs read back as a person or a program would: the text through pdftotext, the page count
// through pdfinfo, the QR code through pdftoppm + zbarimg (poppler-utils, zbar-tools).
#include <sys/stat.h>

#include <string>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "render/batch_json.h"
#include "render/letters.h"
#include "testing/testing.h"

namespace bimtek::render {
namespace {

using ::bimtek::testing::RunCommand;
using ::bimtek::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

Batch SampleBatch() {
  StatusOr<std::vector<Batch>> b = ParseBatchesJson(bimtek::testing::ReadFileOrDie(
      bimtek::testing::SourceDir() + "/tests/testdata/render/batch.json"));
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? (*b)[0] : Batch{};
}

// pdftotext -layout (lines as printed) with every run of white space made one space.
std::string PageText(const std::string& pdf, int page) {
  std::string out;
  const int rc = RunCommand(
      StrCat("pdftotext -layout -enc UTF-8 -f ", page, " -l ", page, " ", pdf, " -"), &out);
  EXPECT_EQ(rc, 0) << "pdftotext failed on page " << page << " of " << pdf;
  std::string flat;
  for (char c : out) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (space) {
      if (!flat.empty() && flat.back() != ' ') flat.push_back(' ');
    } else {
      flat.push_back(c);
    }
  }
  return flat;
}

int PageCount(const std::string& pdf) {
  std::string out;
  EXPECT_EQ(RunCommand(StrCat("pdfinfo ", pdf), &out), 0) << "pdfinfo failed: " << out;
  const size_t at = out.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::stoi(out.substr(at + 6));
}

std::string DecodeQr(const bimtek::testing::TempDir& dir, const std::string& pdf, int page) {
  const std::string png = dir.File(StrCat("page", page));
  std::string out;
  EXPECT_EQ(RunCommand(StrCat("pdftoppm -r 150 -png -singlefile -f ", page, " -l ", page, " ", pdf,
                              " ", png),
                       &out),
            0);
  EXPECT_EQ(RunCommand(StrCat("zbarimg --quiet --raw ", png, ".png"), &out), 0)
      << "zbarimg found no code on page " << page << " (needs zbar-tools, scripts/setup.sh)";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string WritePdf(const bimtek::testing::TempDir& dir, const std::string& name,
                     const StatusOr<std::string>& bytes) {
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  const std::string path = dir.File(name);
  bimtek::testing::WriteFileOrDie(path, bytes.ok() ? *bytes : "");
  return path;
}

TEST(InvitationPdfTest, OnePagePerParticipantWithTheirLetter) {
  bimtek::testing::TempDir dir;
  const Batch b = SampleBatch();
  RenderOptions options;
  options.access_url_base = "https://bimtek.example.go.id/masuk?kode=";
  const std::string pdf = WritePdf(dir, "k01.pdf", InvitationLettersPdf(b, options));
  ASSERT_EQ(PageCount(pdf), 3);
  for (int page = 1; page <= 3; ++page) {
    const Participant& p = b.participants[static_cast<size_t>(page - 1)];
    const std::string text = PageText(pdf, page);
    SCOPED_TRACE(StrCat("page ", page, ": ", text));
    EXPECT_THAT(text, HasSubstr("KOMISI PEMILIHAN UMUM KOTA BOGOR"));
    EXPECT_THAT(text, HasSubstr("Kota Bogor, Sabtu, 20 Januari 2024"));  // place and letter date
    EXPECT_THAT(text, HasSubstr("Nomor : 045/PP.05-Und/3271/2024"));
    EXPECT_THAT(text, HasSubstr("Perihal : Undangan Bimbingan Teknis KPPS Pemilu 2024"));
    EXPECT_THAT(text, HasSubstr(StrCat("Sdr/Sdri. ", p.name)));
    EXPECT_THAT(text, HasSubstr(StrCat(p.position, " ", p.tps)));
    EXPECT_THAT(text, HasSubstr("Hari, tanggal : Kamis, 25 Januari 2024"));
    EXPECT_THAT(text, HasSubstr("pukul 08.00–16.00 WIB"));
    EXPECT_THAT(text, HasSubstr("Aula Kantor Kecamatan Bogor Selatan"));
    EXPECT_THAT(text, HasSubstr("13.00–15.30 M4. Penghitungan suara"));
    EXPECT_THAT(text, HasSubstr("Kartu Tanda Penduduk (KTP) asli"));
    EXPECT_THAT(text, HasSubstr(GroupCode(p.access_code)));
    EXPECT_THAT(text, HasSubstr("Ketua KPU Kota Bogor"));
    // Only this participant's name and code on this page.
    for (const Participant& other : b.participants) {
      if (&other == &p) continue;
      EXPECT_THAT(text, Not(HasSubstr(other.name)));
      EXPECT_THAT(text, Not(HasSubstr(GroupCode(other.access_code))));
    }
  }
  // The QR code opens the participant's own page.
  EXPECT_EQ(DecodeQr(dir, pdf, 1), "https://bimtek.example.go.id/masuk?kode=K7MPQ2XWTA");
  EXPECT_EQ(DecodeQr(dir, pdf, 3), "https://bimtek.example.go.id/masuk?kode=PX3Y9W2KLM");
}

TEST(InvitationPdfTest, LocalTimeZoneIsPrinted) {
  bimtek::testing::TempDir dir;
  Batch b = SampleBatch();
  b.zone = TimeZone::kWit;
  b.participants.resize(1);
  const std::string pdf = WritePdf(dir, "wit.pdf", InvitationLettersPdf(b, RenderOptions{}));
  EXPECT_THAT(PageText(pdf, 1), HasSubstr("pukul 08.00–16.00 WIT (waktu setempat)"));
  EXPECT_THAT(PageText(pdf, 1), HasSubstr("Waktu (WIT)"));
}

// The most a batch may hold still fits one page per letter.
TEST(InvitationPdfTest, LongestAllowedLetterFitsItsPage) {
  bimtek::testing::TempDir dir;
  Batch b = SampleBatch();
  b.venue_address =
      "Jl. Raya Cipaku No. 1, RT 003/RW 005, Kelurahan Cipaku, Kecamatan Bogor Selatan, Kota "
      "Bogor, "
      "Jawa Barat 16133 (gedung serbaguna di belakang kantor kecamatan, lantai 2)";
  b.agenda.clear();
  for (int i = 0; i < kMaxAgenda; ++i) {
    b.agenda.push_back({480 + i * 40, 480 + i * 40 + 35, StrCat("M", i + 1),
                        "Materi dengan judul yang cukup panjang untuk memenuhi satu baris tabel"});
  }
  b.end = 480 + kMaxAgenda * 40;
  b.bring.assign(kMaxBring, "Dokumen yang diperlukan untuk administrasi kegiatan bimbingan teknis");
  b.participants[0].name = "Raden Ajeng Siti Nurhaliza Kusumawardhani Puspitasari Wijayakusuma";
  StatusOr<std::string> bytes = InvitationLettersPdf(b, RenderOptions{});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const std::string pdf = WritePdf(dir, "long.pdf", bytes);
  EXPECT_EQ(PageCount(pdf), 3);
  const std::string text = PageText(pdf, 1);
  EXPECT_THAT(text, HasSubstr("Ketua KPU Kota Bogor"));  // the signature block is on the page
  EXPECT_THAT(text, HasSubstr(GroupCode(b.participants[0].access_code)));
}

TEST(InvitationPdfTest, BadInputWritesNothing) {
  Batch b = SampleBatch();
  b.participants[1].access_code = "";
  EXPECT_THAT(InvitationLettersPdf(b, RenderOptions{}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "participants[2]"));
  EXPECT_THAT(AttendanceSheetPdf(b).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "participants[2]"));
  b = SampleBatch();
  RenderOptions options;
  options.access_url_base = StrCat("https://x/", std::string(3000, 'a'), "?kode=");
  EXPECT_THAT(InvitationLettersPdf(b, options).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "does not fit a QR code"));
  // Text too long for one page is refused, never cut.
  b = SampleBatch();
  for (int i = 0; i < 40; ++i) b.venue_address += " gedung serbaguna di belakang kantor kecamatan,";
  EXPECT_THAT(InvitationLettersPdf(b, RenderOptions{}).status(),
              StatusIs(absl::StatusCode::kInternal, "participant 1 does not fit one page"));
}

Batch BigBatch(int n) {
  Batch b = SampleBatch();
  b.participants.clear();
  for (int i = 1; i <= n; ++i) {
    b.participants.push_back(
        {StrCat("Peserta Ke-", i, " Sukamaju"), StrCat(i % 7 == 1 ? "Ketua KPPS" : "Anggota KPPS"),
         StrCat("TPS ", fmt::format("{:03d}", (i - 1) / 7 + 1)), "Cipaku", StrCat("CODE", i), ""});
  }
  return b;
}

TEST(AttendancePdfTest, TableWithHeaderOnEveryPage) {
  bimtek::testing::TempDir dir;
  const int n = 2 * kAttendanceRowsPerPage + 4;
  const std::string pdf = WritePdf(dir, "hadir.pdf", AttendanceSheetPdf(BigBatch(n)));
  ASSERT_EQ(PageCount(pdf), 3);
  for (int page = 1; page <= 3; ++page) {
    const std::string text = PageText(pdf, page);
    SCOPED_TRACE(StrCat("page ", page, ": ", text));
    EXPECT_THAT(text, HasSubstr("DAFTAR HADIR"));
    EXPECT_THAT(text, HasSubstr("No Nama Jabatan TPS Tanda tangan"));
    EXPECT_THAT(text, HasSubstr("Hari, tanggal : Kamis, 25 Januari 2024"));
    EXPECT_THAT(text, HasSubstr(StrCat("Halaman ", page, " dari 3")));
    const int first = (page - 1) * kAttendanceRowsPerPage + 1;
    const int last = std::min(n, page * kAttendanceRowsPerPage);
    for (int i = 1; i <= n; ++i) {
      const std::string name = StrCat("Peserta Ke-", i, " Sukamaju");
      if (i >= first && i <= last) {
        EXPECT_THAT(text, HasSubstr(name));
      } else {
        EXPECT_THAT(text, Not(HasSubstr(name)));
      }
    }
    // The count and the facilitator's signature only under the last row.
    if (page == 3) {
      EXPECT_THAT(text, HasSubstr(StrCat("Jumlah peserta: ", n, " orang")));
      EXPECT_THAT(text, HasSubstr("Fasilitator,"));
    } else {
      EXPECT_THAT(text, Not(HasSubstr("Fasilitator,")));
    }
  }
}

TEST(AttendancePdfTest, FullLastPageStillHoldsTheSignature) {
  bimtek::testing::TempDir dir;
  const std::string pdf =
      WritePdf(dir, "full.pdf", AttendanceSheetPdf(BigBatch(kAttendanceRowsPerPage)));
  ASSERT_EQ(PageCount(pdf), 1);
  EXPECT_THAT(PageText(pdf, 1), HasSubstr("Fasilitator,"));
}

TEST(WriteFileTest, AtomicWriteAndItsFailure) {
  bimtek::testing::TempDir dir;
  ASSERT_THAT(WriteFileAtomically(dir.File("a.pdf"), "%PDF"), bimtek::testing::IsOk());
  EXPECT_EQ(bimtek::testing::ReadFileOrDie(dir.File("a.pdf")), "%PDF");
  EXPECT_THAT(WriteFileAtomically(dir.File("missing/a.pdf"), "x"),
              StatusIs(absl::StatusCode::kInternal, "missing/a.pdf.tmp"));
  struct stat st;
  EXPECT_NE(stat(dir.File("missing/a.pdf.tmp").c_str(), &st), 0);
}

}  // namespace
}  // namespace bimtek::render
