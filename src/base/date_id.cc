#include "base/date_id.h"

#include "fmt/format.h"

namespace bimtek {

int Weekday(const Date& d) {
  // 1970-01-01 was a Thursday (3 in Monday-first numbering).
  const int64_t days = DaysFromCivil(d);
  const int64_t w = (days % 7 + 7 + 3) % 7;
  return static_cast<int>(w);
}

const char* IndonesianDayName(int weekday) {
  static constexpr const char* kDays[] = {"Senin", "Selasa", "Rabu",  "Kamis",
                                          "Jumat", "Sabtu",  "Minggu"};
  return weekday >= 0 && weekday < 7 ? kDays[weekday] : "";
}

const char* IndonesianMonthName(int month) {
  static constexpr const char* kMonths[] = {"Januari",   "Februari", "Maret",    "April",
                                            "Mei",       "Juni",     "Juli",     "Agustus",
                                            "September", "Oktober",  "November", "Desember"};
  return month >= 1 && month <= 12 ? kMonths[month - 1] : "";
}

std::string FormatIndonesianDate(const Date& d) {
  return fmt::format("{} {} {}", d.day, IndonesianMonthName(d.month), d.year);
}

std::string FormatIndonesianDayDate(const Date& d) {
  return fmt::format("{}, {}", IndonesianDayName(Weekday(d)), FormatIndonesianDate(d));
}

std::string FormatIndonesianTime(int minutes) {
  const int m = ((minutes % 1440) + 1440) % 1440;
  return fmt::format("{:02d}.{:02d}", m / 60, m % 60);
}

}  // namespace bimtek
