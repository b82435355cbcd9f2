// Reading and writing the tabular files KPU offices use: CSV (comma or semicolon, UTF-8 with or
// without BOM, or the Windows-1252 that Excel writes as "CSV") and XLSX (the first sheet).
// Both read as a stream of rows of typed cells, so that importers can tell a NIK typed as text
// from one that a spreadsheet turned into a number.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::io {

enum class CellKind {
  kEmpty,   // no value
  kText,    // a string (every CSV cell that is not empty; XLSX shared/inline strings)
  kNumber,  // an XLSX numeric cell; `number` holds it, `text` its shortest decimal form
  kBool,    // an XLSX boolean; text is "TRUE" or "FALSE"
  kError,   // an XLSX error value such as #N/A; text holds it
};

struct Cell {
  CellKind kind = CellKind::kEmpty;
  std::string text;         // trimmed of surrounding white space
  double number = 0;        // kNumber only
  bool date_format = false; // kNumber whose cell style is a date format (an Excel serial date)
};

enum class SheetFormat { kCsv, kXlsx };

// Streams rows. Row numbers are 1-based and count as a spreadsheet does (the header is row 1;
// a CSV record with a quoted line break is still one row).
class SheetReader {
 public:
  virtual ~SheetReader() = default;
  virtual SheetFormat format() const = 0;
  // Fills `cells` with the next row (trailing empty cells may be omitted) and `row_number`.
  // Rows with no value at all (blank lines, ";;;") are skipped; row numbers still count them.
  // Returns false at the end. Errors: InvalidArgument for a malformed file, with the row; the
  // error then repeats on every later call.
  virtual StatusOr<bool> Next(std::vector<Cell>& cells, int64_t& row_number) = 0;
};

// Opens a file by its content, not its name: "PK\3\4" is XLSX, anything else must be text.
// UTF-16 text with a byte order mark (Excel's "Unicode Text", tab-separated) is converted and
// read as CSV.
// Errors (each message says what and how to fix it, in English; callers translate by code):
//   NotFound          the file does not exist or cannot be read
//   InvalidArgument   the file is empty; an old .xls (OLE2) file; a PDF, ODS, zip without a
//                     workbook, UTF-16 text without BOM, HTML, or other binary content; an XLSX
//                     with no sheet or a damaged part
StatusOr<std::unique_ptr<SheetReader>> OpenSheet(const std::string& path);
// The same over bytes already in memory (an upload). `name` is used in messages only.
StatusOr<std::unique_ptr<SheetReader>> OpenSheetBytes(std::string bytes, std::string name);

// "A", "B", …, "Z", "AA": the column letter a spreadsheet shows for a 0-based index.
std::string ColumnLetter(size_t index);

// Writes rows of text cells. XLSX cells are written as text (never numbers), so that NIKs and
// phone numbers keep every digit when the file is opened and saved again; the header row is bold
// and frozen. CSV is UTF-8 without BOM, comma-separated, RFC 4180 quoting, LF line ends.
class SheetWriter {
 public:
  virtual ~SheetWriter() = default;
  // XLSX: OutOfRange from the first row past 1,048,576 (or past 16,384 cells), InvalidArgument
  // for a cell longer than 32,767 characters; the writer then keeps failing.
  virtual Status WriteRow(const std::vector<std::string>& cells) = 0;
  // Flushes and closes the file; calling it again returns the same status. For XLSX, fails with
  // OutOfRange past 1,048,576 rows, and a failed XLSX file is removed, not left half-written.
  virtual Status Close() = 0;
};

// `path` "-" writes CSV to standard output (XLSX needs a real path: InvalidArgument).
// NotFound / PermissionDenied when the file cannot be created. An invalid XLSX sheet name is
// made valid ([]:*?/\ become "_", at most 31 characters). Not thread-safe.
StatusOr<std::unique_ptr<SheetWriter>> CreateSheet(const std::string& path, SheetFormat format,
                                                   const std::string& sheet_name = "Data");

}  // namespace bimtek::io
