// What a Bimtek needs besides people: venues (halls with a capacity and opening hours on some
// dates) and facilitators (PPK/PPS members or named resource persons, with the modules they can
// teach, the dates they can come, and how many sessions a day they take at most). Times are
// minutes after local midnight in the zone of the venue's province.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "core/region.h"

namespace bimtek::plan {

// Opening hours, on one date or (date unset) on every date.
struct VenueHours {
  std::optional<Date> date;
  int open_min = 0;   // 0..1439
  int close_min = 0;  // open_min < close_min <= 1440
};

struct Venue {
  int64_t id = 0;    // store id; the planner uses it as the key
  std::string code;  // the office's own key (kode_tempat), unique
  std::string name;
  std::string address;
  RegionCode region = 0;          // a kecamatan or desa/kelurahan code
  int capacity = 0;               // participants seated (facilitators not counted)
  std::vector<VenueHours> hours;  // entries for a date win over the every-date entry
  bool active = true;             // false once cancelled

  // The hours on `d`, if the venue opens that day.
  std::optional<VenueHours> HoursOn(const Date& d) const;
};

struct Facilitator {
  int64_t id = 0;
  std::string code;  // kode_fasilitator, unique
  std::string name;
  int64_t person_id = 0;  // the registry person (a PPK/PPS member); 0 for a named outsider
  RegionCode home = 0;    // home region (any level), for travel
  std::vector<std::string> modules;  // module ids they may teach, sorted
  std::vector<Date> dates;           // dates available; empty: every date
  int max_sessions_per_day = 3;
  bool active = true;  // false when withdrawn (ill)

  bool Teaches(std::string_view module) const;
  bool AvailableOn(const Date& d) const;
};

// "08:00" -> 480; also "8.00", "08.00", "8:00". nullopt otherwise (24:00 is allowed as 1440).
std::optional<int> ParseClock(std::string_view s);
std::string FormatClock(int minutes);  // "08:00"

// "08:00-17:00" (every date) or "2024-01-25 08:00-17:00; 2024-01-26 08:00-12:00" (per date);
// entries separated by ';'. InvalidArgument naming the entry otherwise.
StatusOr<std::vector<VenueHours>> ParseVenueHours(std::string_view s);
std::string FormatVenueHours(const std::vector<VenueHours>& hours);

// "" (every date), "2024-01-25", "2024-01-25..2024-01-29", or several of them joined by ';' or
// ','. Dates in ISO form; a range at most 366 days. Sorted, without duplicates.
StatusOr<std::vector<Date>> ParseDateList(std::string_view s);
std::string FormatDateList(const std::vector<Date>& dates);  // ISO dates joined by ';'

// Module ids "M1;M2;EVAL" (also ',' or spaces); upper-cased, sorted, without duplicates.
std::vector<std::string> ParseModuleList(std::string_view s);
std::string FormatModuleList(const std::vector<std::string>& modules);

// Travel between a facilitator's home and a venue: 0 same desa, 1 same kecamatan, 2 same
// kabupaten/kota, 3 same province, 4 another province (or an unknown home).
int TravelCost(RegionCode home, RegionCode venue);

}  // namespace bimtek::plan
