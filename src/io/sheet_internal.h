// Private to src/io: the concrete readers behind OpenSheet/OpenSheetBytes. OpenSheetBytes has
// already sniffed the content; these constructors trust that choice and only report errors in
// the format itself.
#pragma once

#include <cstdint>

#include <memory>
#include <string>

#include "base/status.h"
#include "io/sheet.h"

namespace bimtek::io::internal {

// `bytes` is UTF-8 (a leading BOM is allowed) or Windows-1252 text. Never fails today; the
// StatusOr leaves room for limits. Errors in the text are reported by Next() with the row.
StatusOr<std::unique_ptr<SheetReader>> NewCsvReader(std::string bytes, std::string name);

// `bytes` is a zip holding an Office Open XML workbook. Reads the workbook, shared strings,
// styles and the first sheet up front. InvalidArgument when a part is missing or malformed, or
// the workbook has no sheet.
StatusOr<std::unique_ptr<SheetReader>> NewXlsxReader(std::string bytes, std::string name);

// Appends the UTF-8 encoding of a code point of the Basic Multilingual Plane.
void AppendUtf8(uint32_t cp, std::string& out);

}  // namespace bimtek::io::internal
