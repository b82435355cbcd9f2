// XLSX reading: files written by other programs (openpyxl, libxlsxwriter's shared-string mode,
// and hand-written parts in the shape Excel writes), date styles from a table, broken files.
#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
using ::bimtek::io::testing::Row;
using ::bimtek::io::testing::RunCommand;
using ::bimtek::io::testing::StatusIs;
using ::bimtek::io::testing::TempDir;
using ::bimtek::io::testing::Texts;
using ::bimtek::io::testing::WriteZipOrDie;
using ::testing::ElementsAre;

constexpr char kMainNs[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr char kPkgRelNs[] = "http://schemas.openxmlformats.org/package/2006/relationships";

std::vector<Row> ReadXlsx(const std::string& path) {
  auto reader = OpenSheet(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  EXPECT_EQ((*reader)->format(), SheetFormat::kXlsx);
  return ReadAllRows(**reader);
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// The parts every workbook needs; `sheets` are (name, part under xl/) in workbook order.
std::map<std::string, std::string> Package(
    const std::vector<std::pair<std::string, std::string>>& sheets) {
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  parts["_rels/.rels"] =
      absl::StrCat("<Relationships xmlns=\"", kPkgRelNs, "\"><Relationship Id=\"rId1\" Type=\"",
                   kRelNs, "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  std::string workbook =
      absl::StrCat("<workbook xmlns=\"", kMainNs, "\" xmlns:r=\"", kRelNs, "\"><sheets>");
  std::string rels = absl::StrCat("<Relationships xmlns=\"", kPkgRelNs, "\">");
  for (size_t i = 0; i < sheets.size(); ++i) {
    // Relationship ids run backwards, so that file order and workbook order differ.
    const std::string id = absl::StrCat("rId", 10 - i);
    absl::StrAppend(&workbook, "<sheet name=\"", sheets[i].first, "\" sheetId=\"", i + 1,
                    "\" r:id=\"", id, "\"/>");
    absl::StrAppend(&rels, "<Relationship Id=\"", id, "\" Type=\"", kRelNs,
                    "/worksheet\" Target=\"", sheets[i].second, "\"/>");
  }
  absl::StrAppend(&workbook, "</sheets></workbook>");
  absl::StrAppend(&rels, "<Relationship Id=\"rId20\" Type=\"", kRelNs,
                  "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId21\" "
                  "Type=\"",
                  kRelNs, "/styles\" Target=\"styles.xml\"/></Relationships>");
  parts["xl/workbook.xml"] = workbook;
  parts["xl/_rels/workbook.xml.rels"] = rels;
  return parts;
}

std::string Worksheet(const std::string& rows) {
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                      "<worksheet xmlns=\"", kMainNs, "\"><sheetData>", rows,
                      "</sheetData></worksheet>");
}

TEST(XlsxReaderTest, ReadsTheFirstSheetThatOpenpyxlWrote) {
  ASSERT_TRUE(PythonHasOpenpyxl());
  TempDir dir;
  const std::string path = dir.File("openpyxl.xlsx");
  std::string output;
  ASSERT_EQ(RunCommand(absl::StrCat(kPython, " ", Fixture("make_openpyxl_workbook.py"), " ", path,
                                    " 2>&1"),
                       &output),
            0)
      << output;
  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), 4u);  // row 4 is empty; the second sheet is not read

  EXPECT_EQ(rows[0].number, 1);
  EXPECT_THAT(Texts(rows[0]),
              ElementsAre("Nama", "NIK", "Tanggal Lahir", "Aktif", "Catatan", "Kosong", "Desa"));

  const auto& r2 = rows[1].cells;
  EXPECT_EQ(rows[1].number, 2);
  ASSERT_EQ(r2.size(), 7u);
  EXPECT_EQ(r2[0].kind, CellKind::kText);
  EXPECT_EQ(r2[0].text, "Siti Aminah");
  EXPECT_EQ(r2[1].kind, CellKind::kNumber);  // the NIK became a number
  EXPECT_EQ(r2[1].text, "3271010101900001");
  EXPECT_EQ(r2[1].number, 3271010101900001.0);
  EXPECT_FALSE(r2[1].date_format);
  EXPECT_EQ(r2[2].kind, CellKind::kNumber);
  EXPECT_TRUE(r2[2].date_format);
  EXPECT_EQ(r2[2].number, 32874);  // 1990-01-01
  EXPECT_EQ(r2[3].kind, CellKind::kBool);
  EXPECT_EQ(r2[3].text, "TRUE");
  EXPECT_EQ(r2[4].kind, CellKind::kEmpty);
  EXPECT_EQ(r2[5].kind, CellKind::kEmpty);
  EXPECT_EQ(r2[6].text, "Cibogor");

  const auto& r3 = rows[2].cells;
  ASSERT_EQ(r3.size(), 7u);
  EXPECT_EQ(r3[0].text, "Budi Santoso");
  EXPECT_EQ(r3[1].text, "3271010000000000");  // 3.27101E+15: digits lost in Excel, not here
  EXPECT_EQ(r3[2].kind, CellKind::kText);
  EXPECT_EQ(r3[2].text, "1990-02-03");
  EXPECT_EQ(r3[3].text, "FALSE");
  EXPECT_EQ(r3[4].text, "Siti Aminah");
  EXPECT_TRUE(r3[5].date_format);
  EXPECT_EQ(r3[5].number, 45336);
  EXPECT_EQ(r3[6].kind, CellKind::kNumber);
  EXPECT_FALSE(r3[6].date_format);

  EXPECT_EQ(rows[3].number, 5);
  ASSERT_EQ(rows[3].cells.size(), 2u);
  EXPECT_EQ(rows[3].cells[0].text, "2.5");
  EXPECT_FALSE(rows[3].cells[0].date_format);
  EXPECT_EQ(rows[3].cells[1].text, "-1234.5");
  EXPECT_EQ(rows[3].cells[1].number, -1234.5);
}

TEST(XlsxReaderTest, IsoDateCellsFromOpenpyxlBecomeDateSerials) {
  ASSERT_TRUE(PythonHasOpenpyxl());
  TempDir dir;
  const std::string path = dir.File("iso.xlsx");
  std::string output;
  ASSERT_EQ(RunCommand(absl::StrCat(kPython, " ", Fixture("make_openpyxl_workbook.py"), " ", path,
                                    " iso 2>&1"),
                       &output),
            0)
      << output;
  const auto rows = ReadXlsx(path);
  ASSERT_GE(rows.size(), 2u);
  const Cell& date = rows[1].cells[2];
  EXPECT_EQ(date.kind, CellKind::kNumber);
  EXPECT_TRUE(date.date_format);
  EXPECT_EQ(date.number, 32874);
}

TEST(XlsxReaderTest, SharedStringsFromLibxlsxwriter) {
  TempDir dir;
  const std::string path = dir.File("shared.xlsx");
  // libxlsxwriter's default mode writes every string to xl/sharedStrings.xml.
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Desa");
  worksheet_write_string(sheet, 0, 0, "Kode", nullptr);
  worksheet_write_string(sheet, 0, 1, "Nama", nullptr);
  worksheet_write_string(sheet, 1, 0, "3271011001", nullptr);
  worksheet_write_string(sheet, 1, 1, "Cibogor", nullptr);
  worksheet_write_string(sheet, 2, 0, "3271011002", nullptr);
  worksheet_write_string(sheet, 2, 1, "Cibogor", nullptr);
  worksheet_write_number(sheet, 3, 2, 17, nullptr);
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  ASSERT_NE(archive, nullptr) << error;
  EXPECT_GE(zip_name_locate(archive, "xl/sharedStrings.xml", 0), 0);
  zip_discard(archive);

  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(Texts(rows[1]), ElementsAre("3271011001", "Cibogor"));
  EXPECT_THAT(Texts(rows[2]), ElementsAre("3271011002", "Cibogor"));
  EXPECT_THAT(Texts(rows[3]), ElementsAre("", "", "17"));
  EXPECT_EQ(rows[1].cells[0].kind, CellKind::kText);
}

TEST(XlsxReaderTest, ExcelShapedPartsRichTextFormulasErrorsAndReferences) {
  TempDir dir;
  auto parts =
      Package({{"Data", "worksheets/sheet2.xml"}, {"Ignored", "/xl/worksheets/sheet1.xml"}});
  parts["xl/sharedStrings.xml"] = absl::StrCat(
      "<sst xmlns=\"", kMainNs, "\" count=\"6\" uniqueCount=\"6\">", "<si><t>NIK</t></si>",
      "<si><r><t xml:space=\"preserve\">Siti </t></r><r><rPr><b/></rPr><t>Aminah</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>",
      "<si><t>Baris 1_x000D_\nBaris 2</t></si>",
      "<si><t xml:space=\"preserve\">  padded  </t></si>", "<si><t>AT&amp;T</t></si>",
      "<si><t/></si>", "</sst>");
  parts["xl/styles.xml"] = absl::StrCat(
      "<styleSheet xmlns=\"", kMainNs, "\"><numFmts count=\"1\">",
      "<numFmt numFmtId=\"164\" formatCode=\"[$-421]dd mmmm yyyy\"/></numFmts>",
      "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
      "</cellXfs></styleSheet>");
  parts["xl/worksheets/sheet1.xml"] =
      Worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row>");
  parts["xl/worksheets/sheet2.xml"] = Worksheet(
      // Row 1: shared, rich shared, rich inline, formula string, error.
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><r><t>Bu</t></r><r><t>di</t></r></is></c>"
      "<c r=\"D1\" t=\"str\"><f>A1&amp;\"x\"</f><v>NIKx</v></c>"
      "<c r=\"E1\" t=\"e\"><f>VLOOKUP(1,A:A,2,0)</f><v>#N/A</v></c></row>"
      // Row 2 has no r: it follows row 1. Its cells have no r either.
      "<row><c s=\"1\"><v>45336</v></c><c><v>5</v></c><c r=\"D2\" s=\"2\"><v>45336.5</v></c></row>"
      // Row 4: escapes, padding, entities, a styled empty cell and an empty shared string.
      "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>2</v></c><c r=\"C4\" t=\"s\"><v>3</v></c>"
      "<c r=\"D4\" t=\"s\"><v>4</v></c><c r=\"E4\" s=\"1\"/><c r=\"F4\" t=\"s\"><v>5</v></c></row>"
      // Row 5 has only empty cells: skipped, but row 6 is still row 6.
      "<row r=\"5\"><c r=\"A5\" s=\"1\"/></row>"
      "<row r=\"6\"><c r=\"B6\" t=\"b\"><v>1</v></c><c r=\"C6\"><v>3.2710101019000008E+15</v></c>"
      "<c r=\"D6\"><v>1E-3</v></c><c r=\"E6\"><v>1E+20</v></c>"
      "<c r=\"F6\"><v>0.30000000000000004</v></c><c r=\"AA6\"><v>-0</v></c></row>");
  const std::string path = dir.File("excel.xlsx");
  WriteZipOrDie(path, parts);

  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), 4u);

  EXPECT_EQ(rows[0].number, 1);
  EXPECT_THAT(Texts(rows[0]), ElementsAre("NIK", "Siti Aminah", "Budi", "NIKx", "#N/A"));
  EXPECT_EQ(rows[0].cells[3].kind, CellKind::kText);
  EXPECT_EQ(rows[0].cells[4].kind, CellKind::kError);

  EXPECT_EQ(rows[1].number, 2);
  const auto& r2 = rows[1].cells;
  ASSERT_EQ(r2.size(), 4u);
  EXPECT_TRUE(r2[0].date_format);
  EXPECT_EQ(r2[0].text, "45336");
  EXPECT_EQ(r2[1].text, "5");
  EXPECT_FALSE(r2[1].date_format);
  EXPECT_EQ(r2[2].kind, CellKind::kEmpty);
  EXPECT_TRUE(r2[3].date_format);
  EXPECT_EQ(r2[3].text, "45336.5");

  EXPECT_EQ(rows[2].number, 4);
  EXPECT_THAT(Texts(rows[2]), ElementsAre("Baris 1\nBaris 2", "", "padded", "AT&T"));

  EXPECT_EQ(rows[3].number, 6);
  const auto& r6 = rows[3].cells;
  ASSERT_EQ(r6.size(), 27u);
  EXPECT_EQ(r6[0].kind, CellKind::kEmpty);
  EXPECT_EQ(r6[1].text, "TRUE");
  EXPECT_EQ(r6[2].text, "3271010101900001");
  EXPECT_EQ(r6[3].text, "0.001");
  EXPECT_EQ(r6[4].text, "1e+20");
  EXPECT_EQ(r6[5].text, "0.30000000000000004");
  EXPECT_EQ(r6[26].text, "0");
}

TEST(XlsxReaderTest, NamespacePrefixedElementsAreRead) {
  TempDir dir;
  auto parts = Package({{"Data", "worksheets/sheet1.xml"}});
  parts["xl/worksheets/sheet1.xml"] =
      absl::StrCat("<x:worksheet xmlns:x=\"", kMainNs, "\"><x:sheetData><x:row r=\"3\">",
                   "<x:c r=\"B3\" t=\"inlineStr\"><x:is><x:t>prefixed</x:t></x:is></x:c>",
                   "<x:c r=\"C3\"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>");
  const std::string path = dir.File("prefixed.xlsx");
  WriteZipOrDie(path, parts);
  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 3);
  EXPECT_THAT(Texts(rows[0]), ElementsAre("", "prefixed", "42"));
}

TEST(XlsxReaderTest, DatesOf1904WorkbooksAreGivenIn1900Serials) {
  TempDir dir;
  auto parts = Package({{"Data", "worksheets/sheet1.xml"}});
  std::string& workbook = parts["xl/workbook.xml"];
  workbook.replace(workbook.find("<sheets>"), 8, "<workbookPr date1904=\"1\"/><sheets>");
  parts["xl/styles.xml"] = absl::StrCat("<styleSheet xmlns=\"", kMainNs,
                                        "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                                        "</cellXfs></styleSheet>");
  // 2024-02-14 is 43874 in the 1904 system and 45336 in the 1900 system; 7 is not a date.
  parts["xl/worksheets/sheet1.xml"] =
      Worksheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43874</v></c><c r=\"B1\"><v>7</v></c></row>");
  const std::string path = dir.File("mac.xlsx");
  WriteZipOrDie(path, parts);
  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells[0].number, 45336);
  EXPECT_EQ(rows[0].cells[0].text, "45336");
  EXPECT_EQ(rows[0].cells[1].number, 7);
}

// tests/testdata/io/number_formats.txt: each format code, and whether it shows a date.
TEST(XlsxReaderTest, DateStylesFollowTheNumberFormatTable) {
  std::ifstream table(Fixture("number_formats.txt"));
  ASSERT_TRUE(table.good());
  std::vector<std::pair<bool, std::string>> cases;
  std::string line;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    ASSERT_EQ(fields.size(), 2u) << line;
    ASSERT_TRUE(fields[0] == "date" || fields[0] == "number") << line;
    cases.emplace_back(fields[0] == "date", fields[1]);
  }
  ASSERT_GE(cases.size(), 20u);

  std::string numfmts, xfs = "<xf numFmtId=\"0\"/>", cells;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string& code = cases[i].second;
    int id;
    if (code.rfind("builtin:", 0) == 0) {
      id = std::stoi(code.substr(8));
    } else {
      id = 164 + static_cast<int>(i);
      absl::StrAppend(&numfmts, "<numFmt numFmtId=\"", id, "\" formatCode=\"", XmlEscape(code),
                      "\"/>");
    }
    absl::StrAppend(&xfs, "<xf numFmtId=\"", id, "\"/>");
    absl::StrAppend(&cells, "<row r=\"", i + 1, "\"><c r=\"A", i + 1, "\" s=\"", i + 1,
                    "\"><v>45000</v></c></row>");
  }
  TempDir dir;
  auto parts = Package({{"Data", "worksheets/sheet1.xml"}});
  parts["xl/styles.xml"] = absl::StrCat("<styleSheet xmlns=\"", kMainNs, "\"><numFmts>", numfmts,
                                        "</numFmts><cellXfs>", xfs, "</cellXfs></styleSheet>");
  parts["xl/worksheets/sheet1.xml"] = Worksheet(cells);
  const std::string path = dir.File("formats.xlsx");
  WriteZipOrDie(path, parts);
  const auto rows = ReadXlsx(path);
  ASSERT_EQ(rows.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(rows[i].cells[0].date_format, cases[i].first) << cases[i].second;
  }
}

struct BrokenCase {
  const char* what;
  const char* sheet_xml;  // sheet part of the first sheet; nullptr leaves it out
  const char* fragment;
};

TEST(XlsxReaderTest, BrokenWorkbooksAreInvalidArgumentWithWhere) {
  const BrokenCase cases[] = {
      {"missing shared string", "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>99</v></c></row>",
       "cell B2 refers to a missing shared string"},
      {"not a number", "<row r=\"7\"><c r=\"C7\"><v>abc</v></c></row>",
       "cell C7: \"abc\" is not a number"},
      {"bad reference", "<row r=\"3\"><c r=\"XFE3\"><v>1</v></c></row>",
       "row 3: a cell has an invalid reference \"XFE3\""},
      {"missing sheet part", nullptr, "first sheet \"Data\" is missing"},
  };
  for (const BrokenCase& c : cases) {
    SCOPED_TRACE(c.what);
    TempDir dir;
    auto parts = Package({{"Data", "worksheets/sheet1.xml"}});
    if (c.sheet_xml != nullptr) parts["xl/worksheets/sheet1.xml"] = Worksheet(c.sheet_xml);
    const std::string path = dir.File("broken.xlsx");
    WriteZipOrDie(path, parts);
    auto reader = OpenSheet(path);
    Status status = reader.status();
    if (reader.ok()) {
      std::vector<Cell> cells;
      int64_t row = 0;
      status = (*reader)->Next(cells, row).status();
    }
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, c.fragment));
  }
}

TEST(XlsxReaderTest, InvalidXmlNamesThePart) {
  TempDir dir;
  auto parts = Package({{"Data", "worksheets/sheet1.xml"}});
  parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData><row></sheetData>";
  const std::string path = dir.File("badxml.xlsx");
  WriteZipOrDie(path, parts);
  EXPECT_THAT(OpenSheet(path).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "xl/worksheets/sheet1.xml in the XLSX file is not valid XML"));
}

TEST(XlsxReaderTest, ChartAsFirstSheetIsExplained) {
  TempDir dir;
  auto parts = Package({{"Grafik", "chartsheets/sheet1.xml"}});
  std::string& rels = parts["xl/_rels/workbook.xml.rels"];
  rels.replace(rels.find("/worksheet\""), 11, "/chartsheet\"");
  parts["xl/chartsheets/sheet1.xml"] = "<chartsheet/>";
  const std::string path = dir.File("chart.xlsx");
  WriteZipOrDie(path, parts);
  EXPECT_THAT(OpenSheet(path).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "\"Grafik\" is not a worksheet"));
}

// 100 k rows x 10 columns, as SheetWriter writes them, must read in well under 2 s.
TEST(XlsxReaderSpeedTest, HundredThousandRowsTenColumns) {
  TempDir dir;
  const std::string path = dir.File("big.xlsx");
  auto writer = CreateSheet(path, SheetFormat::kXlsx);
  ASSERT_TRUE(writer.ok()) << writer.status();
  const auto write_start = std::chrono::steady_clock::now();
  std::vector<std::string> row(10);
  for (int i = 0; i <= 100000; ++i) {
    for (int c = 0; c < 10; ++c) row[c] = absl::StrCat(c == 0 ? "3271010101" : "Nilai ", i, "-", c);
    ASSERT_TRUE((*writer)->WriteRow(row).ok());
  }
  ASSERT_TRUE((*writer)->Close().ok());
  const double write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();

  const auto start = std::chrono::steady_clock::now();
  auto reader = OpenSheet(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Cell> cells;
  int64_t number = 0;
  size_t rows = 0;
  while (true) {
    StatusOr<bool> more = (*reader)->Next(cells, number);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++rows;
    ASSERT_EQ(cells.size(), 10u);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ timing   ] XLSX 100001 rows x 10: write %.3f s, read %.3f s\n", write_seconds,
              seconds);
  EXPECT_EQ(rows, 100001u);
  EXPECT_EQ(cells[0].text, "3271010101100000-0");
  // No time limit here: a test checks behaviour; the speed is bench/registry_bench's figure.
}

}  // namespace
}  // namespace bimtek::io
