// CSV reading: encodings, delimiters, RFC 4180 quoting, line ends, row numbers, speed.
#include <chrono>
#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/sheet.h"
#include "test_util.h"

namespace bimtek::io {
namespace {

using ::bimtek::io::testing::Fixture;
using ::bimtek::io::testing::ReadAllRows;
using ::bimtek::io::testing::Row;
using ::bimtek::io::testing::StatusIs;
using ::bimtek::io::testing::Texts;
using ::testing::ElementsAre;

std::vector<Row> ReadCsv(const std::string& bytes) {
  auto reader = OpenSheetBytes(bytes, "test.csv");
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  EXPECT_EQ((*reader)->format(), SheetFormat::kCsv);
  return ReadAllRows(**reader);
}

std::vector<Row> ReadCsvFixture(const std::string& name) {
  auto reader = OpenSheet(Fixture(name));
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  return ReadAllRows(**reader);
}

TEST(CsvReaderTest, Utf8BomIsStrippedAndSemicolonDetected) {
  const auto rows = ReadCsvFixture("bom_semicolon.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[0]), ElementsAre("NIK", "Nama", "Desa"));
  EXPECT_THAT(Texts(rows[1]), ElementsAre("3271010101900001", "Siti Aminah", "Cibogor"));
}

TEST(CsvReaderTest, QuotedLineBreaksStayInOneRowAndCrLfEndsRecords) {
  const auto rows = ReadCsvFixture("quoted_breaks_crlf.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(Texts(rows[1]),
              ElementsAre("3271010101900001", "Siti, Aminah", "Jl. Merdeka 1\nRT 01 / RW 02"));
  // The record with a line break is still one row: the next one is row 3.
  EXPECT_EQ(rows[2].number, 3);
  EXPECT_THAT(Texts(rows[2]), ElementsAre("3271010101900002", "Budi \"Bob\"", "Cibogor"));
}

TEST(CsvReaderTest, Windows1252FromExcelIsConvertedToUtf8) {
  const auto rows = ReadCsvFixture("cp1252_semicolon.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("Jos\xC3\xA9", "Jl. Caf\xC3\xA9 5",
                                          "\xE2\x82\xAC 10 \xE2\x80\x98kas\xE2\x80\x99"));
  EXPECT_THAT(Texts(rows[2]), ElementsAre("Andr\xC3\xA9", "Gang \xC3\x9Cnal", "\xE2\x80\x93"));
}

TEST(CsvReaderTest, ValidUtf8IsKeptAsItIs) {
  const auto rows = ReadCsv("Nama\nJos\xC3\xA9\n\xE2\x82\xAC\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells[0].text, "Jos\xC3\xA9");
  EXPECT_EQ(rows[2].cells[0].text, "\xE2\x82\xAC");
}

TEST(CsvReaderTest, StrayByteInUtf8FileIsConvertedAloneKeepingTheRest) {
  const auto rows = ReadCsv("Nama\nJos\xC3\xA9\nCaf\xE9\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells[0].text, "Jos\xC3\xA9");
  EXPECT_EQ(rows[2].cells[0].text, "Caf\xC3\xA9");
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorNamingRowAndColumn) {
  auto reader = OpenSheet(Fixture("unterminated.csv"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Cell> cells;
  int64_t row = 0;
  ASSERT_TRUE(*(*reader)->Next(cells, row));
  ASSERT_TRUE(*(*reader)->Next(cells, row));
  EXPECT_EQ(row, 2);
  const StatusOr<bool> third = (*reader)->Next(cells, row);
  EXPECT_THAT(third.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "row 3, column B: a quoted cell"));
  // The error sticks: a reader does not resume in the middle of a broken file.
  EXPECT_FALSE((*reader)->Next(cells, row).ok());
}

TEST(CsvReaderTest, SemicolonWinsOnlyWhenMoreFrequentThanComma) {
  EXPECT_THAT(Texts(ReadCsv("a;b;c,d\n")[0]), ElementsAre("a", "b", "c,d"));
  EXPECT_THAT(Texts(ReadCsv("a,b,c;d\n")[0]), ElementsAre("a", "b", "c;d"));
  // A tie goes to comma.
  EXPECT_THAT(Texts(ReadCsv("a,b;c\n")[0]), ElementsAre("a", "b;c"));
}

TEST(CsvReaderTest, DelimitersInsideQuotedHeaderCellsDoNotCount) {
  const auto rows = ReadCsv("\"Nama, lengkap\";\"Alamat, RT, RW\";NIK\nSiti;Jl. A, 1;3271\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[0]), ElementsAre("Nama, lengkap", "Alamat, RT, RW", "NIK"));
  EXPECT_THAT(Texts(rows[1]), ElementsAre("Siti", "Jl. A, 1", "3271"));
}

TEST(CsvReaderTest, TabWinsWhenMostFrequent) {
  EXPECT_THAT(Texts(ReadCsv("a\tb\tc,d\n")[0]), ElementsAre("a", "b", "c,d"));
}

TEST(CsvReaderTest, LfCrLfAndBareCrAllEndRecords) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    SCOPED_TRACE(::testing::PrintToString(eol));
    const auto rows = ReadCsv("a,b" + eol + "1,2" + eol + "3,4");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_THAT(Texts(rows[2]), ElementsAre("3", "4"));
    EXPECT_EQ(rows[2].number, 3);
  }
}

TEST(CsvReaderTest, QuotedCrLfAndCrBecomeLf) {
  const auto rows = ReadCsv("a\n\"x\r\ny\rz\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[0].text, "x\ny\nz");
}

TEST(CsvReaderTest, DoubledQuotesAndEmptyQuotedCells) {
  const auto rows = ReadCsv("a,b,c\n\"say \"\"hi\"\"\",\"\",\"\"\"\"\n");
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[1].cells.size(), 3u);
  EXPECT_EQ(rows[1].cells[0].text, "say \"hi\"");
  EXPECT_EQ(rows[1].cells[1].kind, CellKind::kEmpty);
  EXPECT_EQ(rows[1].cells[2].text, "\"");
}

TEST(CsvReaderTest, CellsAreTrimmedAndEmptyCellsAreEmpty) {
  const auto rows = ReadCsv("a,b,c,d\n  Siti  , ,\t3271 ,  \"  Budi \"  \n");
  ASSERT_EQ(rows.size(), 2u);
  const auto& cells = rows[1].cells;
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_EQ(cells[0].kind, CellKind::kText);
  EXPECT_EQ(cells[0].text, "Siti");
  EXPECT_EQ(cells[1].kind, CellKind::kEmpty);
  EXPECT_EQ(cells[1].text, "");
  EXPECT_EQ(cells[2].text, "3271");
  EXPECT_EQ(cells[3].text, "Budi");
}

TEST(CsvReaderTest, NonBreakingSpacesAreTrimmed) {
  const auto rows = ReadCsv(
      "a\n\xC2\xA0"
      "3271\xC2\xA0\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[0].text, "3271");
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  const auto rows = ReadCsv("a,b\n\n,\n1,2\n\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].number, 4);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("1", "2"));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsKept) {
  const auto rows = ReadCsv("a,b\n\"12\"34,x\"y\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("1234", "x\"y"));
}

TEST(CsvReaderTest, ShortRowsAreNotPadded) {
  const auto rows = ReadCsv("a,b,c\n1\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("1"));
}

TEST(CsvReaderTest, CellsVectorIsReusedWithoutStaleValues) {
  auto reader = OpenSheetBytes("a,b,c\n\"x\",,z\n", "reuse.csv");
  ASSERT_TRUE(reader.ok());
  std::vector<Cell> cells;
  int64_t row = 0;
  ASSERT_TRUE(*(*reader)->Next(cells, row));
  cells[1].number = 7;
  cells[1].date_format = true;
  ASSERT_TRUE(*(*reader)->Next(cells, row));
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[1].kind, CellKind::kEmpty);
  EXPECT_EQ(cells[1].text, "");
  EXPECT_EQ(cells[1].number, 0);
  EXPECT_FALSE(cells[1].date_format);
  EXPECT_FALSE(*(*reader)->Next(cells, row));
}

// 1 M rows x 10 columns (about 100 MB) must parse in well under a second.
TEST(CsvReaderSpeedTest, MillionRowsTenColumns) {
  std::string csv;
  csv.reserve(110u << 20);
  csv += "nik,nama,tempat,tanggal,jk,alamat,rt,rw,desa,tps\n";
  char line[256];
  for (int i = 0; i < 1000000; ++i) {
    const int n = std::snprintf(line, sizeof(line),
                                "32710101%08d,Nama Peserta %d,Bogor,1990-01-%02d,P,"
                                "\"Jl. Merdeka No. %d, Bogor\",001,002,Cibogor,%03d\n",
                                i, i, i % 28 + 1, i % 500, i % 800);
    csv.append(line, static_cast<size_t>(n));
  }
  const size_t bytes = csv.size();
  const auto start = std::chrono::steady_clock::now();
  auto reader = OpenSheetBytes(std::move(csv), "big.csv");
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Cell> cells;
  int64_t row = 0;
  size_t rows = 0, text_bytes = 0;
  while (true) {
    StatusOr<bool> more = (*reader)->Next(cells, row);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++rows;
    text_bytes += cells[5].text.size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ timing   ] CSV %zu rows, %.1f MB: %.3f s (%.0f MB/s)\n", rows,
              static_cast<double>(bytes) / 1e6, seconds,
              static_cast<double>(bytes) / 1e6 / seconds);
  EXPECT_EQ(rows, 1000001u);
  EXPECT_EQ(row, 1000001);
  EXPECT_GT(text_bytes, 0u);
  // No time limit here: a test checks behaviour; the speed is bench/registry_bench's figure.
}

}  // namespace
}  // namespace bimtek::io
