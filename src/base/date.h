// Civil dates (proleptic Gregorian), without time zones: birth dates, voting days, batch dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bimtek {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsValidDate(int year, int month, int day);
int DaysInMonth(int year, int month);

// Days since 1970-01-01 (negative before), and back.
int64_t DaysFromCivil(const Date& d);
Date CivilFromDays(int64_t days);

// "2024-02-14". Only the ISO form; importers accept more forms and normalise to this.
std::optional<Date> ParseIsoDate(std::string_view s);
std::string FormatIsoDate(const Date& d);

// Whole years of age on `on`, as people count it (a birthday on `on` counts).
int AgeOn(const Date& birth, const Date& on);

}  // namespace bimtek
