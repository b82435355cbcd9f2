// Writing rows of text as CSV (own buffered writer) or XLSX (libxlsxwriter, constant-memory mode:
// rows go to a temporary file as they come, so a million-row export stays small in memory).
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "io/sheet.h"

namespace bimtek::io {
namespace {

constexpr size_t kXlsxMaxRows = 1048576;
constexpr size_t kXlsxMaxColumns = 16384;
constexpr size_t kCsvBufferBytes = 1 << 20;
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 60;

Status OpenError(const std::string& path, int err) {
  const std::string message =
      absl::StrCat(path, ": cannot create the file (", std::strerror(err), ")");
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(message);
  if (err == EACCES || err == EPERM || err == EROFS) return absl::PermissionDeniedError(message);
  return absl::InternalError(message);
}

class CsvWriter final : public SheetWriter {
 public:
  CsvWriter(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {
    buffer_.reserve(kCsvBufferBytes + 4096);
  }
  ~CsvWriter() override { (void)Close(); }

  Status WriteRow(const std::vector<std::string>& cells) override {
    if (file_ == nullptr) return absl::FailedPreconditionError(absl::StrCat(path_, ": closed"));
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      const std::string& cell = cells[i];
      if (cell.find_first_of(",\"\r\n") == std::string::npos) {
        buffer_.append(cell);
        continue;
      }
      buffer_.push_back('"');
      for (const char c : cell) {
        if (c == '"') buffer_.push_back('"');
        buffer_.push_back(c);
      }
      buffer_.push_back('"');
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= kCsvBufferBytes) return Flush();
    return absl::OkStatus();
  }

  Status Close() override {
    if (file_ == nullptr) return status_;
    Status status = Flush();
    if (std::fflush(file_) != 0 && status.ok()) status = WriteError(errno);
    if (file_ != stdout && std::fclose(file_) != 0 && status.ok()) status = WriteError(errno);
    file_ = nullptr;
    status_ = status;
    return status;
  }

 private:
  Status Flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return WriteError(errno);
    }
    buffer_.clear();
    return absl::OkStatus();
  }

  Status WriteError(int err) const {
    return absl::InternalError(absl::StrCat(path_, ": cannot write (", std::strerror(err), ")"));
  }

  std::FILE* file_;
  std::string path_;
  std::string buffer_;
  Status status_;
};

// Excel forbids []:*?/\ in sheet names and allows 31 characters.
std::string SheetNameFor(std::string_view wanted) {
  std::string name;
  size_t chars = 0;
  for (const char c : wanted) {
    const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
    if (!continuation && ++chars > 31) break;
    name.push_back(std::strchr("[]:*?/\\", c) != nullptr && c != '\0' ? '_' : c);
  }
  while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(0, 1);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  return name.empty() ? "Data" : name;
}

size_t DisplayChars(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class XlsxWriter final : public SheetWriter {
 public:
  XlsxWriter(lxw_workbook* workbook, lxw_worksheet* sheet, std::string path)
      : workbook_(workbook), sheet_(sheet), path_(std::move(path)) {
    header_format_ = workbook_add_format(workbook_);
    format_set_bold(header_format_);
    format_set_num_format(header_format_, "@");
    // Text format on the columns, so that a NIK typed later into the sheet stays text too.
    text_format_ = workbook_add_format(workbook_);
    format_set_num_format(text_format_, "@");
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  ~XlsxWriter() override { (void)Close(); }

  Status WriteRow(const std::vector<std::string>& cells) override {
    if (workbook_ == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(path_, ": closed"));
    }
    if (!status_.ok()) return status_;
    if (rows_ >= kXlsxMaxRows) {
      status_ = absl::OutOfRangeError(
          absl::StrCat(path_, ": more than ", kXlsxMaxRows,
                       " rows, the most an XLSX sheet holds; export as CSV or split the export"));
      return status_;
    }
    if (cells.size() > kXlsxMaxColumns) {
      status_ = absl::OutOfRangeError(absl::StrCat(path_, ": row ", rows_ + 1, " has ",
                                                   cells.size(), " cells; XLSX holds at most ",
                                                   kXlsxMaxColumns, " columns"));
      return status_;
    }
    if (widths_.size() < cells.size()) widths_.resize(cells.size(), 0);
    lxw_format* format = rows_ == 0 ? header_format_ : nullptr;
    for (size_t col = 0; col < cells.size(); ++col) {
      const std::string& text = cells[col];
      if (text.empty()) continue;
      const lxw_error err = worksheet_write_string(
          sheet_, static_cast<lxw_row_t>(rows_), static_cast<lxw_col_t>(col), text.c_str(), format);
      if (err != LXW_NO_ERROR) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat(path_, ": cell ", ColumnLetter(col), rows_ + 1, ": ", lxw_strerror(err)));
        return status_;
      }
      widths_[col] = std::max(widths_[col], DisplayChars(text));
    }
    ++rows_;
    return absl::OkStatus();
  }

  Status Close() override {
    if (workbook_ == nullptr) return status_;
    for (size_t col = 0; col < widths_.size(); ++col) {
      const double width =
          std::clamp(static_cast<double>(widths_[col]) + 2, kMinColumnWidth, kMaxColumnWidth);
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col), width,
                           text_format_);
    }
    const lxw_error err = workbook_close(workbook_);
    workbook_ = nullptr;
    if (status_.ok() && err != LXW_NO_ERROR) {
      status_ = absl::InternalError(
          absl::StrCat(path_, ": cannot write the XLSX file (", lxw_strerror(err), ")"));
    }
    // A sheet cut short must not pass for a complete export.
    if (!status_.ok()) std::remove(path_.c_str());
    return status_;
  }

 private:
  lxw_workbook* workbook_;
  lxw_worksheet* sheet_;
  std::string path_;
  lxw_format* header_format_ = nullptr;
  lxw_format* text_format_ = nullptr;
  size_t rows_ = 0;
  std::vector<size_t> widths_;  // longest text per column, in characters
  Status status_;
};

}  // namespace

StatusOr<std::unique_ptr<SheetWriter>> CreateSheet(const std::string& path, SheetFormat format,
                                                   const std::string& sheet_name) {
  if (format == SheetFormat::kCsv) {
    if (path == "-") return std::unique_ptr<SheetWriter>(new CsvWriter(stdout, "<stdout>"));
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return OpenError(path, errno);
    return std::unique_ptr<SheetWriter>(new CsvWriter(file, path));
  }
  if (path == "-") {
    return absl::InvalidArgumentError(
        "XLSX cannot be written to standard output; give a file name");
  }
  // libxlsxwriter opens the file only when closing: find an unwritable path now, not after the
  // export has run.
  std::FILE* probe = std::fopen(path.c_str(), "wb");
  if (probe == nullptr) return OpenError(path, errno);
  std::fclose(probe);
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) {
    std::remove(path.c_str());
    return absl::InternalError(absl::StrCat(path, ": cannot start an XLSX workbook"));
  }
  const std::string name = SheetNameFor(sheet_name);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  if (sheet == nullptr) {
    workbook_close(workbook);
    std::remove(path.c_str());
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": \"", sheet_name, "\" cannot be used as a sheet name"));
  }
  return std::unique_ptr<SheetWriter>(new XlsxWriter(workbook, sheet, path));
}

}  // namespace bimtek::io
