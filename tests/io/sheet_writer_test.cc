// SheetWriter: CSV and XLSX round trips through the readers, the XLSX as another program
// (openpyxl) sees it, and the limits.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/sheet.h"
#include "test_util.h"

namespace bimtek::io {
namespace {

using ::bimtek::io::testing::Fixture;
using ::bimtek::io::testing::kPython;
using ::bimtek::io::testing::PythonHasOpenpyxl;
using ::bimtek::io::testing::ReadAllRows;
using ::bimtek::io::testing::ReadFileOrDie;
using ::bimtek::io::testing::RunCommand;
using ::bimtek::io::testing::StatusIs;
using ::bimtek::io::testing::TempDir;
using ::bimtek::io::testing::Texts;
using ::testing::HasSubstr;

const std::vector<std::vector<std::string>>& SampleRows() {
  static const auto* rows = new std::vector<std::vector<std::string>>{
      {"NIK", "Nama", "Telepon", "Alamat", "Catatan"},
      {"3271010101900001", "Siti Aminah", "081234567890", "Jl. Merdeka 1, RT 01", "=1+1"},
      {"0012345678901234", "Budi \"Bob\" Santoso", "", "Baris 1\nBaris 2", "\xC3\x91 \xE2\x82\xAC"},
      {"3271010101900003", "", "", "", "akhir"},
      {"3271010101900004", "Ani"},
  };
  return *rows;
}

void WriteAll(const std::string& path, SheetFormat format) {
  auto writer = CreateSheet(path, format);
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (const auto& row : SampleRows()) ASSERT_TRUE((*writer)->WriteRow(row).ok());
  ASSERT_TRUE((*writer)->Close().ok());
}

void ExpectSameAsSample(const std::string& path, SheetFormat format) {
  auto reader = OpenSheet(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), format);
  const auto rows = ReadAllRows(**reader);
  ASSERT_EQ(rows.size(), SampleRows().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].number, static_cast<int64_t>(i + 1));
    EXPECT_EQ(Texts(rows[i]), SampleRows()[i]);
    for (const Cell& cell : rows[i].cells) {
      // Every value comes back as text: a NIK never turns into a number.
      EXPECT_EQ(cell.kind, cell.text.empty() ? CellKind::kEmpty : CellKind::kText);
    }
  }
}

TEST(SheetWriterTest, XlsxRoundTripKeepsEveryCellAsText) {
  TempDir dir;
  const std::string path = dir.File("out.xlsx");
  WriteAll(path, SheetFormat::kXlsx);
  ExpectSameAsSample(path, SheetFormat::kXlsx);
}

TEST(SheetWriterTest, CsvRoundTrip) {
  TempDir dir;
  const std::string path = dir.File("out.csv");
  WriteAll(path, SheetFormat::kCsv);
  ExpectSameAsSample(path, SheetFormat::kCsv);
}

TEST(SheetWriterTest, CsvQuotesOnlyWhenNeededAndEndsLinesWithLf) {
  TempDir dir;
  const std::string path = dir.File("out.csv");
  WriteAll(path, SheetFormat::kCsv);
  EXPECT_EQ(
      ReadFileOrDie(path),
      "NIK,Nama,Telepon,Alamat,Catatan\n"
      "3271010101900001,Siti Aminah,081234567890,\"Jl. Merdeka 1, RT 01\",=1+1\n"
      "0012345678901234,\"Budi \"\"Bob\"\" Santoso\",,\"Baris 1\nBaris 2\",\xC3\x91 \xE2\x82\xAC\n"
      "3271010101900003,,,,akhir\n"
      "3271010101900004,Ani\n");
}

TEST(SheetWriterTest, CsvDashWritesToStandardOutput) {
  ::testing::internal::CaptureStdout();
  {
    auto writer = CreateSheet("-", SheetFormat::kCsv);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->WriteRow({"a", "b,c"}).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "a,\"b,c\"\n");
}

TEST(SheetWriterTest, XlsxAsAnotherProgramSeesIt) {
  ASSERT_TRUE(PythonHasOpenpyxl());
  TempDir dir;
  const std::string path = dir.File("out.xlsx");
  WriteAll(path, SheetFormat::kXlsx);
  std::string output;
  ASSERT_EQ(RunCommand(absl::StrCat(kPython, " ", Fixture("inspect_xlsx.py"), " ", path, " 2>&1"),
                       &output),
            0)
      << output;
  EXPECT_THAT(output, HasSubstr("sheets=Data\n"));
  EXPECT_THAT(output, HasSubstr("freeze=A2\n"));  // header row frozen
  EXPECT_THAT(output, HasSubstr("max_row=5\n"));
  EXPECT_THAT(output, HasSubstr("bold_A1=True\n"));
  EXPECT_THAT(output, HasSubstr("bold_A2=False\n"));
  EXPECT_THAT(output, HasSubstr("type_A2=s\n"));  // a string, not a number
  EXPECT_THAT(output, HasSubstr("value_A2='3271010101900001'\n"));
  EXPECT_THAT(output, HasSubstr("value_E2='=1+1'\n"));  // text, not a formula
  // Widths follow the longest text plus 2 ("Jl. Merdeka 1, RT 01" has 20 characters);
  // libxlsxwriter stores Excel's character width plus 0.71 of padding.
  EXPECT_THAT(output, HasSubstr("width_D=22.71"));
  EXPECT_THAT(output, HasSubstr("width_E=9.71"));
}

TEST(SheetWriterTest, XlsxSheetNameIsMadeValid) {
  ASSERT_TRUE(PythonHasOpenpyxl());
  TempDir dir;
  const std::string path = dir.File("named.xlsx");
  auto writer = CreateSheet(path, SheetFormat::kXlsx, "Kab/Kota: Bandung [2024] dan sekitarnya");
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->WriteRow({"x"}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  std::string output;
  ASSERT_EQ(RunCommand(absl::StrCat(kPython, " ", Fixture("inspect_xlsx.py"), " ", path, " 2>&1"),
                       &output),
            0)
      << output;
  EXPECT_THAT(output, HasSubstr("sheets=Kab_Kota_ Bandung _2024_ dan se\n"));
}

TEST(SheetWriterTest, XlsxRefusesMoreRowsThanExcelHolds) {
  TempDir dir;
  const std::string path = dir.File("huge.xlsx");
  auto writer = CreateSheet(path, SheetFormat::kXlsx);
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::vector<std::string> empty;
  for (int i = 0; i < 1048576; ++i) ASSERT_TRUE((*writer)->WriteRow(empty).ok()) << i;
  EXPECT_THAT((*writer)->WriteRow({"one too many"}),
              StatusIs(absl::StatusCode::kOutOfRange, "more than 1048576 rows"));
  EXPECT_THAT((*writer)->Close(), StatusIs(absl::StatusCode::kOutOfRange));
  // A cut-short export does not stay behind looking complete.
  EXPECT_FALSE(OpenSheet(path).ok());
}

TEST(SheetWriterTest, XlsxRefusesCellsLongerThanExcelHolds) {
  TempDir dir;
  auto writer = CreateSheet(dir.File("long.xlsx"), SheetFormat::kXlsx);
  ASSERT_TRUE(writer.ok()) << writer.status();
  EXPECT_THAT((*writer)->WriteRow({"ok", std::string(40000, 'x')}),
              StatusIs(absl::StatusCode::kInvalidArgument, "cell B1"));
  EXPECT_FALSE((*writer)->Close().ok());
}

TEST(SheetWriterTest, CreateErrors) {
  TempDir dir;
  EXPECT_THAT(CreateSheet("-", SheetFormat::kXlsx).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "standard output"));
  EXPECT_THAT(CreateSheet(dir.File("no/such/dir.csv"), SheetFormat::kCsv).status(),
              StatusIs(absl::StatusCode::kNotFound, "cannot create the file"));
  EXPECT_THAT(CreateSheet(dir.File("no/such/dir.xlsx"), SheetFormat::kXlsx).status(),
              StatusIs(absl::StatusCode::kNotFound, "cannot create the file"));
}

TEST(SheetWriterTest, WritingAfterCloseIsAnError) {
  TempDir dir;
  for (const SheetFormat format : {SheetFormat::kCsv, SheetFormat::kXlsx}) {
    auto writer = CreateSheet(dir.File("closed"), format);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Close().ok());
    EXPECT_THAT((*writer)->WriteRow({"x"}), StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_TRUE((*writer)->Close().ok());  // closing twice is harmless
  }
}

}  // namespace
}  // namespace bimtek::io
