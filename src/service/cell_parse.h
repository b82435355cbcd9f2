// Reading typed values out of spreadsheet cells as offices really write them: NIKs that a
// spreadsheet turned into numbers, dates as text in several forms or as Excel serials,
// phone numbers that lost their leading 0. Shared by the importers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "io/sheet.h"

namespace bimtek::service {

enum class NikCell { kOk, kNumber, kENotation };
// The NIK text with spaces, dots and a leading apostrophe removed; `kind` says whether the cell
// was a number or E-notation text (both mean the spreadsheet has lost digits).
std::string NikFromCell(const io::Cell& c, NikCell& kind);

// YYYY-MM-DD (optionally followed by a time), DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY,
// "14 Februari 1990" / "14 Feb 1990" (Indonesian or English month names), or an Excel serial.
std::optional<Date> DateFromCell(const io::Cell& c);

// A whole number: "3", "03", "3.0" (a numeric cell); "Ketua" is 1; "KPPS 3" or "Anggota 3" is 3.
std::optional<int> PositionFromCell(const io::Cell& c);
std::optional<int64_t> IntFromCell(const io::Cell& c);

// Masks a value for an error table: identifiers keep their first and last 4 characters.
std::string MaskIdentifier(std::string_view v);

}  // namespace bimtek::service
