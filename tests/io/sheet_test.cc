// OpenSheet's content sniffing (every error path, from a table of fixtures) and ColumnLetter.
#include "io/sheet.h"

#include <fstream>
#include <string>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace bimtek::io {
namespace {

using ::bimtek::io::testing::Fixture;
using ::bimtek::io::testing::ReadAllRows;
using ::bimtek::io::testing::ReadFileOrDie;
using ::bimtek::io::testing::StatusIs;
using ::bimtek::io::testing::Texts;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusCode CodeNamed(const std::string& name) {
  for (int c = 0; c <= 16; ++c) {
    const auto code = static_cast<absl::StatusCode>(c);
    if (absl::StatusCodeToString(code) == name) return code;
  }
  ADD_FAILURE() << "unknown status code " << name;
  return absl::StatusCode::kUnknown;
}

TEST(OpenSheetTest, EachUnreadableFileGetsItsOwnMessage) {
  std::ifstream table(Fixture("open_errors.txt"));
  ASSERT_TRUE(table.good());
  std::string line;
  int cases = 0;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    SCOPED_TRACE(line);
    ++cases;
    const std::string path = Fixture(fields[0]);
    const auto reader = OpenSheet(path);
    EXPECT_THAT(reader.status(), StatusIs(CodeNamed(fields[1]), fields[2]));
    // The message names the file, so that a batch upload says which one failed.
    EXPECT_THAT(std::string(reader.status().message()), HasSubstr(path));
  }
  EXPECT_GE(cases, 15);
}

TEST(OpenSheetTest, BytesUseTheGivenNameInMessages) {
  const auto reader = OpenSheetBytes("", "upload.csv");
  EXPECT_THAT(reader.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "upload.csv: file is empty"));
}

TEST(OpenSheetTest, ContentDecidesNotTheName) {
  // A CSV saved under an .xlsx name is read as CSV.
  auto reader = OpenSheetBytes("NIK,Nama\n1,Siti\n", "peserta.xlsx");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), SheetFormat::kCsv);
}

TEST(OpenSheetTest, Utf16TextWithBomIsConvertedAndTabSeparated) {
  // Excel's "Unicode Text" save: UTF-16LE with BOM, tab-separated, CRLF.
  auto reader = OpenSheet(Fixture("unicode_text.txt"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  const auto rows = ReadAllRows(**reader);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[0]), ElementsAre("NIK", "Nama"));
  EXPECT_THAT(Texts(rows[1]), ElementsAre("3271010101900001", "Siti \xC3\x91urhayati"));
}

TEST(OpenSheetTest, Utf16BigEndianIsConverted) {
  std::string bytes = "\xFE\xFF";
  for (const char c : std::string("a;b\n1;2\n")) {
    bytes.push_back('\0');
    bytes.push_back(c);
  }
  auto reader = OpenSheetBytes(bytes, "be.csv");
  ASSERT_TRUE(reader.ok()) << reader.status();
  const auto rows = ReadAllRows(**reader);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("1", "2"));
}

TEST(OpenSheetTest, DamagedUtf16IsRejected) {
  // A lone low surrogate.
  const auto reader = OpenSheetBytes(std::string("\xFF\xFE\x00\xDC", 4), "bad.txt");
  EXPECT_THAT(reader.status(), StatusIs(absl::StatusCode::kInvalidArgument, "UTF-16"));
}

TEST(OpenSheetTest, AFewStrayControlCharactersAreStillText) {
  auto reader = OpenSheetBytes("NIK,Nama\n1,Siti\x01\n", "stray.csv");
  ASSERT_TRUE(reader.ok()) << reader.status();
}

TEST(OpenSheetTest, ReadsAWholeFileFromDisk) {
  auto reader = OpenSheet(Fixture("bom_semicolon.csv"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(ReadAllRows(**reader).size(), 2u);
  EXPECT_FALSE(ReadFileOrDie(Fixture("bom_semicolon.csv")).empty());
}

TEST(ColumnLetterTest, CountsAsASpreadsheetDoes) {
  EXPECT_EQ(ColumnLetter(0), "A");
  EXPECT_EQ(ColumnLetter(1), "B");
  EXPECT_EQ(ColumnLetter(25), "Z");
  EXPECT_EQ(ColumnLetter(26), "AA");
  EXPECT_EQ(ColumnLetter(27), "AB");
  EXPECT_EQ(ColumnLetter(51), "AZ");
  EXPECT_EQ(ColumnLetter(52), "BA");
  EXPECT_EQ(ColumnLetter(701), "ZZ");
  EXPECT_EQ(ColumnLetter(702), "AAA");
  EXPECT_EQ(ColumnLetter(16383), "XFD");
}

}  // namespace
}  // namespace bimtek::io
