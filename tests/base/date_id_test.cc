#include "base/date_id.h"

#include "gtest/gtest.h"

namespace bimtek {
namespace {

TEST(DateIdTest, WeekdaysOfKnownDays) {
  struct Case {
    Date date;
    const char* day;
  } cases[] = {
      {{2024, 1, 25}, "Kamis"},   // the example of issue 4
      {{2024, 2, 14}, "Rabu"},    // voting day 2024
      {{1970, 1, 1}, "Kamis"},    // the epoch
      {{1945, 8, 17}, "Jumat"},   // the proclamation
      {{2000, 2, 29}, "Selasa"},  // a leap day in a year divisible by 400
      {{2023, 12, 31}, "Minggu"}, {{2024, 1, 1}, "Senin"}, {{2024, 1, 27}, "Sabtu"},
  };
  for (const Case& c : cases) {
    EXPECT_STREQ(IndonesianDayName(Weekday(c.date)), c.day) << FormatIsoDate(c.date);
  }
}

TEST(DateIdTest, EveryDayOfAWeekInOrder) {
  const char* want[] = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};
  const int64_t monday = DaysFromCivil({2024, 1, 22});
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(Weekday(CivilFromDays(monday + i)), i);
    EXPECT_STREQ(IndonesianDayName(i), want[i]);
  }
  EXPECT_STREQ(IndonesianDayName(-1), "");
  EXPECT_STREQ(IndonesianDayName(7), "");
}

TEST(DateIdTest, MonthNames) {
  const char* want[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                        "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
  for (int m = 1; m <= 12; ++m) EXPECT_STREQ(IndonesianMonthName(m), want[m - 1]);
  EXPECT_STREQ(IndonesianMonthName(0), "");
  EXPECT_STREQ(IndonesianMonthName(13), "");
}

TEST(DateIdTest, FormatsDatesAsLettersDo) {
  EXPECT_EQ(FormatIndonesianDayDate({2024, 1, 25}), "Kamis, 25 Januari 2024");
  EXPECT_EQ(FormatIndonesianDayDate({2024, 2, 14}), "Rabu, 14 Februari 2024");
  EXPECT_EQ(FormatIndonesianDate({2024, 3, 5}), "5 Maret 2024");  // no leading zero
  EXPECT_EQ(FormatIndonesianDate({2023, 12, 31}), "31 Desember 2023");
}

TEST(DateIdTest, FormatsTimesWithADot) {
  EXPECT_EQ(FormatIndonesianTime(0), "00.00");
  EXPECT_EQ(FormatIndonesianTime(480), "08.00");
  EXPECT_EQ(FormatIndonesianTime(13 * 60 + 5), "13.05");
  EXPECT_EQ(FormatIndonesianTime(1439), "23.59");
  EXPECT_EQ(FormatIndonesianTime(1440), "00.00");  // wraps
  EXPECT_EQ(FormatIndonesianTime(-60), "23.00");
}

}  // namespace
}  // namespace bimtek
