// CSV over a buffer in memory, one record per Next(). Written for speed (a million-row DPT
// extract must parse in a fraction of a second): the caller's cells and their strings are reused
// from row to row, and unquoted cells are found with a table lookup per byte.
#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "io/sheet.h"
#include "io/sheet_internal.h"

namespace bimtek::io::internal {
namespace {

// Length of the valid UTF-8 sequence starting at p (at most `left` bytes available), or 0.
size_t Utf8SequenceLength(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (left < n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < n; ++i) {
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  }
  return n;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes at a time: the common case for Indonesian names and codes.
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const size_t n = Utf8SequenceLength(p, static_cast<size_t>(end - p));
    if (n == 0) return false;
    p += n;
  }
  return true;
}

// Windows-1252 bytes 0x80-0x9F; the rest of the upper half equals Latin-1. The five bytes that
// 1252 leaves undefined map to the C1 controls, as Windows itself converts them.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// Converts bytes that are not valid UTF-8 from Windows-1252, keeping valid UTF-8 sequences as
// they are (so a UTF-8 file with one stray byte keeps its other accents).
std::string Cp1252ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      out.push_back(static_cast<char>(*p++));
      continue;
    }
    const size_t n = Utf8SequenceLength(p, static_cast<size_t>(end - p));
    if (n > 0) {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
      continue;
    }
    AppendUtf8(*p < 0xA0 ? kCp1252High[*p - 0x80] : *p, out);
    ++p;
  }
  return out;
}

void TrimInPlace(std::string& s) {
  const std::string_view t = Trim(s);
  if (t.size() == s.size()) return;
  const size_t start = static_cast<size_t>(t.data() - s.data());
  s.erase(start + t.size());
  s.erase(0, start);
}

class CsvReader final : public SheetReader {
 public:
  CsvReader(std::string bytes, std::string name) : data_(std::move(bytes)), name_(std::move(name)) {
    size_t start = 0;
    if (std::string_view(data_).substr(0, 3) == "\xEF\xBB\xBF") start = 3;
    if (!IsValidUtf8(std::string_view(data_).substr(start))) {
      data_ = Cp1252ToUtf8(std::string_view(data_).substr(start));
      start = 0;
    }
    pos_ = start;
    delimiter_ = DetectDelimiter();
    stop_.fill(false);
    stop_[static_cast<unsigned char>(delimiter_)] = true;
    stop_['\n'] = true;
    stop_['\r'] = true;
  }

  SheetFormat format() const override { return SheetFormat::kCsv; }

  StatusOr<bool> Next(std::vector<Cell>& cells, int64_t& row_number) override {
    if (!error_.ok()) return error_;
    const char* const begin = data_.data();
    const char* const end = begin + data_.size();
    while (pos_ < data_.size()) {
      ++row_;
      const char* p = begin + pos_;
      size_t count = 0;
      bool any_value = false;
      while (true) {  // one cell per iteration
        if (count == cells.size()) cells.emplace_back();
        Cell& cell = cells[count++];
        cell.number = 0;
        cell.date_format = false;
        const char* q = p;
        while (q < end && *q == ' ') ++q;
        if (q < end && *q == '"') {
          p = ReadQuoted(q + 1, end, cell.text);
          if (p == nullptr) {
            pos_ = data_.size();
            error_ = absl::InvalidArgumentError(absl::StrCat(
                name_, ": row ", row_, ", column ", ColumnLetter(count - 1),
                ": a quoted cell is never closed (a \" without its closing \"); close the quote "
                "or remove it"));
            return error_;
          }
          // Text after the closing quote (`"a"b`) is kept, as spreadsheets do.
          const char* rest = p;
          while (p < end && !stop_[static_cast<unsigned char>(*p)]) ++p;
          if (p != rest) cell.text.append(rest, static_cast<size_t>(p - rest));
          TrimInPlace(cell.text);
        } else {
          while (q < end && !stop_[static_cast<unsigned char>(*q)]) ++q;
          const std::string_view raw(p, static_cast<size_t>(q - p));
          const std::string_view trimmed = Trim(raw);
          cell.text.assign(trimmed.data(), trimmed.size());
          p = q;
        }
        if (cell.text.empty()) {
          cell.kind = CellKind::kEmpty;
        } else {
          cell.kind = CellKind::kText;
          any_value = true;
        }
        if (p < end && *p == delimiter_) {
          ++p;
          continue;
        }
        if (p < end && *p == '\r') ++p;
        if (p < end && *p == '\n') ++p;
        break;
      }
      pos_ = static_cast<size_t>(p - begin);
      if (!any_value) continue;  // a blank line still counts as a row
      cells.resize(count);
      row_number = row_;
      return true;
    }
    return false;
  }

 private:
  // Reads a quoted cell's content from just after its opening quote. Returns the position after
  // the closing quote, or nullptr when the file ends first. CRLF and CR inside become LF.
  static const char* ReadQuoted(const char* p, const char* end, std::string& text) {
    text.clear();
    while (true) {
      const auto* quote =
          static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
      if (quote == nullptr) return nullptr;
      AppendNormalizingBreaks(p, quote, text);
      if (quote + 1 < end && quote[1] == '"') {
        text.push_back('"');
        p = quote + 2;
        continue;
      }
      return quote + 1;
    }
  }

  static void AppendNormalizingBreaks(const char* p, const char* end, std::string& text) {
    const size_t n = static_cast<size_t>(end - p);
    if (std::memchr(p, '\r', n) == nullptr) {
      text.append(p, n);
      return;
    }
    for (; p < end; ++p) {
      if (*p == '\r') {
        text.push_back('\n');
        if (p + 1 < end && p[1] == '\n') ++p;
      } else {
        text.push_back(*p);
      }
    }
  }

  // Counts candidate delimiters outside quotes in the first record (the header): semicolon when
  // it appears more often than comma (Excel in an Indonesian locale), tab when it beats both.
  char DetectDelimiter() const {
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (size_t i = pos_; i < data_.size(); ++i) {
      const char c = data_[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (c == '\n' || c == '\r') {
        break;
      } else if (c == ',') {
        ++commas;
      } else if (c == ';') {
        ++semicolons;
      } else if (c == '\t') {
        ++tabs;
      }
    }
    if (tabs > commas && tabs > semicolons) return '\t';
    return semicolons > commas ? ';' : ',';
  }

  std::string data_;
  std::string name_;
  size_t pos_ = 0;
  int64_t row_ = 0;
  char delimiter_ = ',';
  std::array<bool, 256> stop_{};
  Status error_;
};

}  // namespace

StatusOr<std::unique_ptr<SheetReader>> NewCsvReader(std::string bytes, std::string name) {
  return std::unique_ptr<SheetReader>(new CsvReader(std::move(bytes), std::move(name)));
}

}  // namespace bimtek::io::internal
