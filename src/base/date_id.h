// Dates and times as Indonesian letters write them: "Kamis, 25 Januari 2024", "08.00".
// Pure functions over base/date.h; no locale is consulted (the C library's id_ID locale is often
// not installed, and letters must not depend on the machine).
#pragma once

#include <string>

#include "base/date.h"

namespace bimtek {

// Day of the week of `d`: 0 = Monday … 6 = Sunday (ISO 8601 order). `d` must be valid.
int Weekday(const Date& d);

// "Senin" … "Minggu" for 0..6 (Weekday's numbering); "" outside that range.
const char* IndonesianDayName(int weekday);
// "Januari" … "Desember" for 1..12; "" outside that range.
const char* IndonesianMonthName(int month);

// "25 Januari 2024" (day without a leading zero).
std::string FormatIndonesianDate(const Date& d);
// "Kamis, 25 Januari 2024".
std::string FormatIndonesianDayDate(const Date& d);
// A time of day given as minutes after midnight (0..1439), Indonesian style with a dot:
// 480 -> "08.00". Values outside the range wrap into it.
std::string FormatIndonesianTime(int minutes);

}  // namespace bimtek
