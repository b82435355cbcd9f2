// XLSX (Office Open XML) reading: the first sheet in workbook order, with shared strings and the
// styles that tell an Excel date serial from a plain number. The sheet is parsed in one pass
// with pugixml when the reader is created; Next() then walks its rows.
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/date.h"
#include "base/strings.h"
#include "io/sheet.h"
#include "io/sheet_internal.h"
#include "pugixml.hpp"

namespace bimtek::io::internal {
namespace {

constexpr size_t kMaxColumns = 16384;               // XFD, Excel's last column
constexpr zip_uint64_t kMaxPartBytes = 2ULL << 30;  // a larger XML part is a zip bomb or junk
constexpr int64_t kExcelEpochOffset = 25569;        // 1970-01-01 as an Excel serial
constexpr double kDate1904Offset = 1462;            // 1904-01-01 in the 1900 date system

// Element and attribute names may carry a namespace prefix ("x:row" from some .NET writers).
const char* LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

bool Is(const pugi::xml_node& node, const char* local) {
  return std::strcmp(LocalName(node.name()), local) == 0;
}

pugi::xml_node Child(const pugi::xml_node& parent, const char* local) {
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_element && Is(n, local)) return n;
  }
  return {};
}

pugi::xml_node NextSibling(pugi::xml_node node, const char* local) {
  for (node = node.next_sibling(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && Is(node, local)) return node;
  }
  return {};
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Resolves a relationship target against the folder of the part that names it.
std::string ResolvePart(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/'
                           ? std::string(target.substr(1))
                           : std::string(base_dir) + std::string(target);
  std::vector<std::string_view> parts;
  for (std::string_view piece : Split(joined, '/')) {
    if (piece.empty() || piece == ".") continue;
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(piece);
  }
  std::string out;
  for (std::string_view piece : parts) {
    if (!out.empty()) out.push_back('/');
    out.append(piece);
  }
  return out;
}

std::string DirOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// Office escapes characters XML cannot hold as _xHHHH_ (Excel writes a CR as _x000D_).
void DecodeOfficeEscapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      uint32_t cp = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        const int h = hex(s[i + k]);
        if (h < 0) {
          ok = false;
          break;
        }
        cp = cp * 16 + static_cast<uint32_t>(h);
      }
      if (ok && (cp < 0xD800 || cp > 0xDFFF)) {
        if (cp == '\r') {
          // Excel stores a line break typed in a cell as CR LF: keep one LF.
        } else {
          AppendUtf8(cp, out);
        }
        i += 7;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  s = std::move(out);
}

// The text of an <si> or <is> element: a plain <t>, or the <t> of each rich-text run <r>.
// Phonetic runs (<rPh>) are not part of the value.
void CollectText(const pugi::xml_node& node, std::string& out) {
  out.clear();
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    const char* local = LocalName(child.name());
    if (std::strcmp(local, "t") == 0) {
      out.append(child.child_value());
    } else if (std::strcmp(local, "r") == 0) {
      out.append(Child(child, "t").child_value());
    }
  }
  DecodeOfficeEscapes(out);
}

void AssignTrimmed(std::string_view s, std::string& out) {
  const std::string_view t = Trim(s);
  out.assign(t.data(), t.size());
}

// A custom number format shows a date when it has a d, m or y outside quoted text, [brackets]
// (colours, locales, elapsed time) and escaped characters (\x, _x, *x).
bool IsDateFormatCode(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (bracket > 0) {
      if (c == ']') --bracket;
      continue;
    }
    switch (c) {
      case '"':
        quoted = true;
        break;
      case '[':
        ++bracket;
        break;
      case '\\':
      case '_':
      case '*':
        ++i;
        break;
      case 'd':
      case 'D':
      case 'm':
      case 'M':
      case 'y':
      case 'Y':
        return true;
      default:
        break;
    }
  }
  return false;
}

bool IsBuiltInDateFormat(int id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

// Shortest decimal that reads back as `x`; integers below 1e17 never use an exponent, so a NIK
// that Excel stored as 3.27101E+15 prints as all its (remaining) digits.
void FormatNumber(double x, std::string& out) {
  char buffer[64];
  std::to_chars_result result;
  if (x == 0) {   // also -0
    out.clear();  // (not assign("0"): GCC 12 reports a false -Wrestrict on it)
    out.push_back('0');
    return;
  }
  if (std::fabs(x) < 1e17 && x == std::trunc(x)) {
    result = std::to_chars(buffer, buffer + sizeof(buffer), x, std::chars_format::fixed);
  } else {
    result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  }
  out.assign(buffer, result.ptr);
}

std::optional<double> ParseDouble(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// An ISO 8601 cell (t="d") as an Excel serial: "2024-02-14" or "2024-02-14T10:30:00".
std::optional<double> IsoToSerial(std::string_view s) {
  s = Trim(s);
  const std::optional<Date> date = ParseIsoDate(s.substr(0, 10));
  if (!date) return std::nullopt;
  double serial = static_cast<double>(DaysFromCivil(*date) + kExcelEpochOffset);
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
    int parts[3] = {0, 0, 0};
    size_t at = 11;
    for (int k = 0; k < 3 && at + 2 <= s.size(); ++k) {
      const auto [ptr, ec] = std::from_chars(s.data() + at, s.data() + at + 2, parts[k]);
      if (ec != std::errc()) return std::nullopt;
      at = static_cast<size_t>(ptr - s.data()) + 1;  // skip ':'
    }
    serial += (parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) / 86400.0;
  }
  return serial;
}

// "C5" -> 2. Returns kMaxColumns for a reference without valid letters.
size_t ColumnOfReference(const char* ref) {
  size_t col = 0;
  size_t letters = 0;
  for (; *ref; ++ref) {
    char c = *ref;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
    if (++letters > 3) return kMaxColumns;
  }
  if (letters == 0 || col > kMaxColumns) return kMaxColumns;
  return col - 1;
}

class ZipArchive {
 public:
  ~ZipArchive() {
    if (archive_) zip_discard(archive_);
  }

  Status Open(const std::string& bytes, const std::string& name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive_ == nullptr) {
      if (source != nullptr) zip_source_free(source);
      Status status = absl::InvalidArgumentError(absl::StrCat(
          name, ": the XLSX file cannot be opened as a zip (", zip_error_strerror(&error), ")"));
      zip_error_fini(&error);
      return status;
    }
    zip_error_fini(&error);
    return absl::OkStatus();
  }

  // The member's bytes, or nullopt when the archive has no such member (names compare without
  // case, as OPC part names do).
  StatusOr<std::optional<std::string>> Read(const std::string& member, const std::string& name) {
    const zip_int64_t index = zip_name_locate(archive_, member.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::optional<std::string>();
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
        (st.valid & ZIP_STAT_SIZE) == 0 || st.size > kMaxPartBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": ", member, " in the XLSX file is damaged or too large"));
    }
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": cannot read ", member, " (", zip_strerror(archive_), ")"));
    }
    std::string data(static_cast<size_t>(st.size), '\0');
    size_t done = 0;
    while (done < data.size()) {
      const zip_int64_t n = zip_fread(file, data.data() + done, data.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    const bool failed = done != data.size();
    std::string detail = failed ? zip_file_strerror(file) : "";
    zip_fclose(file);
    if (failed) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": ", member, " in the XLSX file is damaged (", detail, ")"));
    }
    return std::optional<std::string>(std::move(data));
  }

 private:
  zip_t* archive_ = nullptr;
};

struct Relationship {
  std::string type;
  std::string target;  // resolved to a part name
};
using Relationships = std::unordered_map<std::string, Relationship>;  // by Id

class XlsxReader final : public SheetReader {
 public:
  XlsxReader(std::string bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  Status Load() {
    ZipArchive zip;
    RETURN_IF_ERROR(zip.Open(bytes_, name_));

    // The package relationships name the workbook; xl/workbook.xml is the usual answer.
    std::string workbook_part = "xl/workbook.xml";
    {
      ASSIGN_OR_RETURN(Relationships rels, ReadRelationships(zip, "_rels/.rels", ""));
      for (const auto& [id, rel] : rels) {
        if (EndsWith(rel.type, "/officeDocument")) workbook_part = rel.target;
      }
    }
    pugi::xml_document workbook;
    ASSIGN_OR_RETURN(std::optional<std::string> workbook_xml, zip.Read(workbook_part, name_));
    if (!workbook_xml) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": the XLSX file has no workbook (", workbook_part, ")"));
    }
    RETURN_IF_ERROR(ParseInPlace(workbook, *workbook_xml, workbook_part, pugi::parse_default));
    const std::string base = DirOf(workbook_part);
    const std::string rels_part =
        absl::StrCat(base, "_rels/", workbook_part.substr(base.size()), ".rels");
    ASSIGN_OR_RETURN(Relationships rels, ReadRelationships(zip, rels_part, base));

    pugi::xml_node sheet = Child(Child(Child(workbook, "workbook"), "sheets"), "sheet");
    if (!sheet) {
      return absl::InvalidArgumentError(absl::StrCat(name_, ": the workbook has no sheet"));
    }
    std::string sheet_rid;
    for (pugi::xml_attribute a = sheet.first_attribute(); a; a = a.next_attribute()) {
      // r:id, whatever the prefix of the relationships namespace is.
      if (std::strcmp(LocalName(a.name()), "id") == 0 && std::strchr(a.name(), ':') != nullptr) {
        sheet_rid = a.value();
      }
    }
    sheet_name_ = sheet.attribute("name").value();
    // Old Mac workbooks count dates from 1904.
    date1904_ = Child(Child(workbook, "workbook"), "workbookPr").attribute("date1904").as_bool();
    const auto found = rels.find(sheet_rid);
    if (found == rels.end()) {
      return absl::InvalidArgumentError(absl::StrCat(name_, ": the workbook names a first sheet \"",
                                                     sheet_name_, "\" that it does not hold"));
    }
    if (!EndsWith(found->second.type, "/worksheet")) {
      return absl::InvalidArgumentError(absl::StrCat(
          name_, ": the first sheet \"", sheet_name_,
          "\" is not a worksheet (a chart?); move the sheet with the data to the front"));
    }

    std::string shared_part = ResolvePart(base, "sharedStrings.xml");
    std::string styles_part = ResolvePart(base, "styles.xml");
    for (const auto& [id, rel] : rels) {
      if (EndsWith(rel.type, "/sharedStrings")) shared_part = rel.target;
      if (EndsWith(rel.type, "/styles")) styles_part = rel.target;
    }
    RETURN_IF_ERROR(LoadSharedStrings(zip, shared_part));
    RETURN_IF_ERROR(LoadStyles(zip, styles_part));

    sheet_part_ = found->second.target;
    ASSIGN_OR_RETURN(std::optional<std::string> sheet_xml, zip.Read(sheet_part_, name_));
    if (!sheet_xml) {
      return absl::InvalidArgumentError(absl::StrCat(name_, ": the first sheet \"", sheet_name_,
                                                     "\" is missing (", sheet_part_, ")"));
    }
    sheet_xml_ = std::move(*sheet_xml);
    bytes_.clear();
    bytes_.shrink_to_fit();
    // Minimal parsing (entities only) is enough for cells and much faster than the default.
    RETURN_IF_ERROR(ParseInPlace(sheet_doc_, sheet_xml_, sheet_part_,
                                 pugi::parse_minimal | pugi::parse_escapes));
    const pugi::xml_node data = Child(Child(sheet_doc_, "worksheet"), "sheetData");
    row_node_ = Child(data, "row");
    return absl::OkStatus();
  }

  SheetFormat format() const override { return SheetFormat::kXlsx; }

  StatusOr<bool> Next(std::vector<Cell>& cells, int64_t& row_number) override {
    while (row_node_) {
      const pugi::xml_node row = row_node_;
      row_node_ = NextSibling(row_node_, "row");
      int64_t r = last_row_ + 1;
      if (const pugi::xml_attribute ra = row.attribute("r"); ra) {
        const long long value = ra.as_llong(0);
        if (value > 0) r = value;
      }
      last_row_ = r;

      size_t count = 0;
      size_t next_col = 0;
      size_t last_value = 0;  // one past the last non-empty cell
      for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || !Is(c, "c")) continue;
        const char* ref = nullptr;
        const char* type = "n";
        unsigned style = 0;
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
          const char* an = a.name();
          if (an[0] == 'r' && an[1] == '\0') {
            ref = a.value();
          } else if (an[0] == 't' && an[1] == '\0') {
            type = a.value();
          } else if (an[0] == 's' && an[1] == '\0') {
            style = a.as_uint(0);
          }
        }
        size_t col = next_col;
        if (ref != nullptr) col = ColumnOfReference(ref);
        if (col >= kMaxColumns) {
          return absl::InvalidArgumentError(absl::StrCat(
              name_, ": row ", r, ": a cell has an invalid reference \"", ref ? ref : "", "\""));
        }
        next_col = col + 1;
        while (count <= col) {
          if (count == cells.size()) cells.emplace_back();
          Reset(cells[count++]);
        }
        Cell& cell = cells[col];
        Reset(cell);
        RETURN_IF_ERROR(Fill(c, type, style, r, col, cell));
        if (cell.kind != CellKind::kEmpty && col + 1 > last_value) last_value = col + 1;
      }
      if (last_value == 0) continue;  // a row with no value still counts
      cells.resize(last_value);
      row_number = r;
      return true;
    }
    return false;
  }

 private:
  static void Reset(Cell& cell) {
    cell.kind = CellKind::kEmpty;
    cell.text.clear();
    cell.number = 0;
    cell.date_format = false;
  }

  Status Fill(const pugi::xml_node& c, const char* type, unsigned style, int64_t r, size_t col,
              Cell& cell) {
    const pugi::xml_node v = Child(c, "v");
    const char* value = v.child_value();
    if (std::strcmp(type, "s") == 0) {
      if (!v) return absl::OkStatus();
      const long long index = v.text().as_llong(-1);
      if (index < 0 || static_cast<size_t>(index) >= shared_.size()) {
        return absl::InvalidArgumentError(absl::StrCat(name_, ": cell ", ColumnLetter(col), r,
                                                       " refers to a missing shared string"));
      }
      cell.text.assign(shared_[static_cast<size_t>(index)]);
    } else if (std::strcmp(type, "inlineStr") == 0) {
      const pugi::xml_node is = Child(c, "is");
      if (is) {
        CollectText(is, scratch_);
        AssignTrimmed(scratch_, cell.text);
      } else {
        AssignTrimmed(value, cell.text);
      }
    } else if (std::strcmp(type, "str") == 0) {
      scratch_.assign(value);
      DecodeOfficeEscapes(scratch_);
      AssignTrimmed(scratch_, cell.text);
    } else if (std::strcmp(type, "b") == 0) {
      if (*value == '\0') return absl::OkStatus();
      cell.kind = CellKind::kBool;
      cell.text.assign(Trim(value) == "1" ? "TRUE" : "FALSE");
      return absl::OkStatus();
    } else if (std::strcmp(type, "e") == 0) {
      AssignTrimmed(value, cell.text);
      if (!cell.text.empty()) cell.kind = CellKind::kError;
      return absl::OkStatus();
    } else {
      if (Trim(value).empty()) return absl::OkStatus();
      std::optional<double> number =
          std::strcmp(type, "d") == 0 ? IsoToSerial(value) : ParseDouble(value);
      if (!number || !std::isfinite(*number)) {
        return absl::InvalidArgumentError(absl::StrCat(name_, ": cell ", ColumnLetter(col), r,
                                                       ": \"", value, "\" is not a number"));
      }
      const bool iso = std::strcmp(type, "d") == 0;
      cell.kind = CellKind::kNumber;
      cell.date_format = iso || (style < date_styles_.size() && date_styles_[style]);
      // Dates are handed on as 1900-system serials, whichever system the workbook uses.
      if (cell.date_format && !iso && date1904_) *number += kDate1904Offset;
      cell.number = *number;
      FormatNumber(*number, cell.text);
      return absl::OkStatus();
    }
    if (!cell.text.empty()) cell.kind = CellKind::kText;
    return absl::OkStatus();
  }

  Status ParseInPlace(pugi::xml_document& doc, std::string& xml, const std::string& part,
                      unsigned options) {
    const pugi::xml_parse_result result =
        doc.load_buffer_inplace(xml.data(), xml.size(), options, pugi::encoding_auto);
    if (!result) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": ", part, " in the XLSX file is not valid XML (",
                       result.description(), " at byte ", result.offset, ")"));
    }
    return absl::OkStatus();
  }

  StatusOr<Relationships> ReadRelationships(ZipArchive& zip, const std::string& part,
                                            const std::string& base) {
    Relationships rels;
    ASSIGN_OR_RETURN(std::optional<std::string> xml, zip.Read(part, name_));
    if (!xml) return rels;
    pugi::xml_document doc;
    RETURN_IF_ERROR(ParseInPlace(doc, *xml, part, pugi::parse_default));
    const pugi::xml_node root = Child(doc, "Relationships");
    for (pugi::xml_node rel = Child(root, "Relationship"); rel;
         rel = NextSibling(rel, "Relationship")) {
      if (std::strcmp(rel.attribute("TargetMode").value(), "External") == 0) continue;
      rels[rel.attribute("Id").value()] = {rel.attribute("Type").value(),
                                           ResolvePart(base, rel.attribute("Target").value())};
    }
    return rels;
  }

  Status LoadSharedStrings(ZipArchive& zip, const std::string& part) {
    ASSIGN_OR_RETURN(std::optional<std::string> xml, zip.Read(part, name_));
    if (!xml) return absl::OkStatus();  // a workbook without text cells
    pugi::xml_document doc;
    RETURN_IF_ERROR(ParseInPlace(doc, *xml, part, pugi::parse_default));
    const pugi::xml_node sst = Child(doc, "sst");
    if (const unsigned unique = sst.attribute("uniqueCount").as_uint(0); unique < (1u << 24)) {
      shared_.reserve(unique);
    }
    std::string text;
    for (pugi::xml_node si = Child(sst, "si"); si; si = NextSibling(si, "si")) {
      CollectText(si, text);
      shared_.emplace_back(Trim(text));
    }
    return absl::OkStatus();
  }

  Status LoadStyles(ZipArchive& zip, const std::string& part) {
    ASSIGN_OR_RETURN(std::optional<std::string> xml, zip.Read(part, name_));
    if (!xml) return absl::OkStatus();
    pugi::xml_document doc;
    RETURN_IF_ERROR(ParseInPlace(doc, *xml, part, pugi::parse_default));
    const pugi::xml_node root = Child(doc, "styleSheet");
    std::unordered_map<int, bool> custom;  // numFmtId -> shows a date
    for (pugi::xml_node f = Child(Child(root, "numFmts"), "numFmt"); f;
         f = NextSibling(f, "numFmt")) {
      custom[f.attribute("numFmtId").as_int(-1)] =
          IsDateFormatCode(f.attribute("formatCode").value());
    }
    for (pugi::xml_node xf = Child(Child(root, "cellXfs"), "xf"); xf; xf = NextSibling(xf, "xf")) {
      const int id = xf.attribute("numFmtId").as_int(0);
      const auto it = custom.find(id);
      date_styles_.push_back(it != custom.end() ? it->second : IsBuiltInDateFormat(id));
    }
    return absl::OkStatus();
  }

  std::string bytes_;  // the zip, until Load() has read what it needs
  std::string name_;
  std::string sheet_name_;
  std::string sheet_part_;
  std::vector<std::string> shared_;
  std::vector<bool> date_styles_;  // by cellXfs index
  std::string sheet_xml_;          // pugixml parses it in place: must outlive sheet_doc_
  pugi::xml_document sheet_doc_;
  pugi::xml_node row_node_;
  int64_t last_row_ = 0;
  bool date1904_ = false;
  std::string scratch_;
};

}  // namespace

StatusOr<std::unique_ptr<SheetReader>> NewXlsxReader(std::string bytes, std::string name) {
  auto reader = std::make_unique<XlsxReader>(std::move(bytes), std::move(name));
  RETURN_IF_ERROR(reader->Load());
  return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace bimtek::io::internal
