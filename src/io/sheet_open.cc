// Chooses a reader by what a file is, not by what it is called: offices rename files freely, and
// a ".xlsx" that is really an old .xls, a PDF or a web page must get a message that says so.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "io/sheet.h"
#include "io/sheet_internal.h"

namespace bimtek::io {
namespace {

constexpr char kSaveAs[] = "save it as .xlsx or CSV (UTF-8) and try again";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

Status Rejected(const std::string& name, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(name, ": ", what));
}

// What a zip archive holds, judged from its member names.
enum class ZipKind { kXlsx, kXlsb, kOds, kOtherOpenDocument, kDocx, kPptx, kPlainZip };

struct ZipProbe {
  ZipKind kind = ZipKind::kPlainZip;
  std::string detail;  // libzip's error when the archive cannot be opened
  bool damaged = false;
};

ZipProbe ProbeZip(const std::string& bytes) {
  ZipProbe probe;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    probe.damaged = true;
    probe.detail = zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    return probe;
  }
  zip_error_fini(&error);
  auto has = [&](const char* member) {
    return zip_name_locate(archive, member, ZIP_FL_NOCASE) >= 0;
  };
  if (has("xl/workbook.xml")) {
    probe.kind = ZipKind::kXlsx;
  } else if (has("xl/workbook.bin")) {
    probe.kind = ZipKind::kXlsb;
  } else if (has("word/document.xml")) {
    probe.kind = ZipKind::kDocx;
  } else if (has("ppt/presentation.xml")) {
    probe.kind = ZipKind::kPptx;
  } else if (zip_file_t* file = zip_fopen(archive, "mimetype", 0); file != nullptr) {
    char buffer[128] = {};
    const zip_int64_t n = zip_fread(file, buffer, sizeof(buffer) - 1);
    zip_fclose(file);
    const std::string_view mimetype(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    if (mimetype == "application/vnd.oasis.opendocument.spreadsheet") {
      probe.kind = ZipKind::kOds;
    } else if (StartsWith(mimetype, "application/vnd.oasis.opendocument.")) {
      probe.kind = ZipKind::kOtherOpenDocument;
    }
  }
  zip_discard(archive);  // read-only: also frees the source
  return probe;
}

// True when the first bytes look like a file format that is not a table, with its name in `what`.
bool KnownBinary(std::string_view b, const char*& what) {
  struct Magic {
    std::string_view prefix;
    const char* what;
  };
  static constexpr Magic kMagics[] = {
      {"\x1f\x8b", "a gzip archive"},
      {"\x89PNG", "a PNG image"},
      {"\xff\xd8\xff", "a JPEG image"},
      {"Rar!", "a RAR archive"},
      {"7z\xbc\xaf", "a 7-Zip archive"},
      {"{\\rtf", "an RTF document"},
      {"SQLite format 3", "an SQLite database"},
  };
  for (const Magic& m : kMagics) {
    if (StartsWith(b, m.prefix)) {
      what = m.what;
      return true;
    }
  }
  return false;
}

// UTF-16 (as Excel's "Unicode Text" writes, tab-separated) to UTF-8. False on a broken surrogate.
bool Utf16ToUtf8(std::string_view in, bool big_endian, std::string& out) {
  out.clear();
  out.reserve(in.size() + in.size() / 2);
  auto unit = [&](size_t i) -> uint32_t {
    const auto hi = static_cast<unsigned char>(in[big_endian ? i : i + 1]);
    const auto lo = static_cast<unsigned char>(in[big_endian ? i + 1 : i]);
    return (static_cast<uint32_t>(hi) << 8) | lo;
  };
  size_t i = 0;
  while (i + 1 < in.size()) {
    uint32_t cp = unit(i);
    i += 2;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 1 >= in.size()) return false;
      const uint32_t low = unit(i);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      i += 2;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return i == in.size();
}

// Text is rejected when it holds NUL bytes anywhere, or more than a few other control characters
// in its first 64 KiB (a stray one in a cell is tolerated).
bool LooksBinary(std::string_view b) {
  if (std::memchr(b.data(), '\0', b.size()) != nullptr) return true;
  const std::string_view sample = b.substr(0, 64 * 1024);
  size_t controls = 0;
  for (const char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A) {
      ++controls;
    }
  }
  return controls > std::max<size_t>(8, sample.size() / 100);
}

std::string_view SkipSpaceAndBom(std::string_view b) {
  if (StartsWith(b, "\xEF\xBB\xBF")) b.remove_prefix(3);
  while (!b.empty() &&
         (b.front() == ' ' || b.front() == '\t' || b.front() == '\r' || b.front() == '\n')) {
    b.remove_prefix(1);
  }
  return b;
}

}  // namespace

StatusOr<std::unique_ptr<SheetReader>> OpenSheetBytes(std::string bytes, std::string name) {
  const std::string_view b = bytes;
  if (b.empty()) return Rejected(name, "file is empty");
  if (StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return Rejected(name, absl::StrCat("old Excel .xls format; save as .xlsx or CSV (open it in "
                                       "Excel, then File > Save As)"));
  }
  if (StartsWith(b, "%PDF")) {
    return Rejected(name, absl::StrCat("this is a PDF document, not a spreadsheet; ", kSaveAs));
  }
  if (StartsWith(b, "PK\x03\x04") || StartsWith(b, "PK\x05\x06")) {
    const ZipProbe probe = ProbeZip(bytes);
    if (probe.damaged) {
      return Rejected(name, absl::StrCat("a zip (XLSX) file that cannot be opened (", probe.detail,
                                         "); it may be damaged or only partly uploaded"));
    }
    switch (probe.kind) {
      case ZipKind::kXlsx:
        return internal::NewXlsxReader(std::move(bytes), std::move(name));
      case ZipKind::kXlsb:
        return Rejected(name, absl::StrCat("Excel binary workbook (.xlsb) format; ", kSaveAs));
      case ZipKind::kOds:
        return Rejected(name, absl::StrCat("OpenDocument spreadsheet (.ods, LibreOffice/"
                                           "OpenOffice); ",
                                           kSaveAs));
      case ZipKind::kOtherOpenDocument:
        return Rejected(name,
                        absl::StrCat("an OpenDocument file that is not a spreadsheet; ", kSaveAs));
      case ZipKind::kDocx:
        return Rejected(name,
                        absl::StrCat("a Word document (.docx), not a spreadsheet; ", kSaveAs));
      case ZipKind::kPptx:
        return Rejected(name, absl::StrCat("a PowerPoint presentation (.pptx), not a "
                                           "spreadsheet; ",
                                           kSaveAs));
      case ZipKind::kPlainZip:
        return Rejected(name,
                        "a zip archive without an Excel workbook (no xl/workbook.xml); if "
                        "it holds a spreadsheet, extract it and upload the .xlsx or .csv");
    }
  }
  if (StartsWith(b, "\xFF\xFE") || StartsWith(b, "\xFE\xFF")) {
    std::string utf8;
    if (!Utf16ToUtf8(b.substr(2), b[0] == '\xFE', utf8)) {
      return Rejected(name, absl::StrCat("UTF-16 text that is cut off or damaged; ", kSaveAs));
    }
    return internal::NewCsvReader(std::move(utf8), std::move(name));
  }
  const char* what = "";
  if (KnownBinary(b, what)) {
    return Rejected(name, absl::StrCat("not a CSV or XLSX file (it is ", what, "); ", kSaveAs));
  }
  if (LooksBinary(b)) {
    if (b.size() >= 4 && b[1] == '\0' && b[3] == '\0' && b[0] != '\0') {
      return Rejected(name, absl::StrCat("not a CSV or XLSX file (UTF-16 text without a byte "
                                         "order mark); ",
                                         kSaveAs));
    }
    return Rejected(name, absl::StrCat("not a CSV or XLSX file (binary content); ", kSaveAs));
  }
  const std::string_view head = SkipSpaceAndBom(b.substr(0, 4096));
  if (StartsWith(head, "<?xml") &&
      b.substr(0, 4096).find("urn:schemas-microsoft-com:office:spreadsheet") !=
          std::string_view::npos) {
    return Rejected(name, absl::StrCat("Excel 2003 XML spreadsheet format; ", kSaveAs));
  }
  if (StartsWithNoCase(head, "<!doctype html") || StartsWithNoCase(head, "<html") ||
      StartsWithNoCase(head, "<table")) {
    return Rejected(name, absl::StrCat("a web page (HTML), not a CSV or XLSX file, even if it is "
                                       "named .xls; open it in Excel and ",
                                       kSaveAs));
  }
  return internal::NewCsvReader(std::move(bytes), std::move(name));
}

StatusOr<std::unique_ptr<SheetReader>> OpenSheet(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat(path, ": file not found"));
    }
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the file (", std::strerror(err), ")"));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::NotFoundError(absl::StrCat(path, ": not a regular file"));
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return absl::NotFoundError(
          absl::StrCat(path, ": cannot read the file (", std::strerror(err), ")"));
    }
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return OpenSheetBytes(std::move(bytes), path);
}

std::string ColumnLetter(size_t index) {
  std::string letters;
  size_t n = index + 1;  // bijective base 26: A..Z, AA..ZZ, AAA..
  while (n > 0) {
    --n;
    letters.push_back(static_cast<char>('A' + n % 26));
    n /= 26;
  }
  std::reverse(letters.begin(), letters.end());
  return letters;
}

}  // namespace bimtek::io

namespace bimtek::io::internal {

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace bimtek::io::internal
