#include "core/plan/resources.h"

#include <algorithm>

#include "base/strings.h"

namespace bimtek::plan {

std::optional<VenueHours> Venue::HoursOn(const Date& d) const {
  std::optional<VenueHours> every;
  for (const auto& h : hours) {
    if (h.date && *h.date == d) return h;
    if (!h.date) every = h;
  }
  return every;
}

bool Facilitator::Teaches(std::string_view module) const {
  return std::binary_search(modules.begin(), modules.end(), module);
}

bool Facilitator::AvailableOn(const Date& d) const {
  return dates.empty() || std::binary_search(dates.begin(), dates.end(), d);
}

std::optional<int> ParseClock(std::string_view s) {
  s = Trim(s);
  const size_t sep = s.find_first_of(":.");
  if (sep == std::string_view::npos || sep == 0 || sep > 2 || s.size() - sep - 1 != 2) {
    return std::nullopt;
  }
  const std::string_view h = s.substr(0, sep);
  const std::string_view m = s.substr(sep + 1);
  if (!IsAllDigits(h) || !IsAllDigits(m)) return std::nullopt;
  const int hh = std::stoi(std::string(h));
  const int mm = std::stoi(std::string(m));
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return std::nullopt;
  return hh * 60 + mm;
}

std::string FormatClock(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

namespace {

StatusOr<std::pair<int, int>> ParseSpan(std::string_view s) {
  const size_t dash = s.find('-');
  if (dash == std::string_view::npos) {
    return absl::InvalidArgumentError(StrCat("'", s, "' is not opening hours like 08:00-17:00"));
  }
  const auto open = ParseClock(s.substr(0, dash));
  const auto close = ParseClock(s.substr(dash + 1));
  if (!open || !close || *open >= 1440) {
    return absl::InvalidArgumentError(StrCat("'", s, "' is not opening hours like 08:00-17:00"));
  }
  if (*open >= *close) {
    return absl::InvalidArgumentError(StrCat("'", s, "': the venue closes before it opens"));
  }
  return std::make_pair(*open, *close);
}

}  // namespace

StatusOr<std::vector<VenueHours>> ParseVenueHours(std::string_view s) {
  std::vector<VenueHours> out;
  for (std::string_view entry : Split(s, ';')) {
    entry = Trim(entry);
    if (entry.empty()) continue;
    VenueHours h;
    const size_t space = entry.find(' ');
    std::string_view span = entry;
    if (space != std::string_view::npos) {
      const auto d = ParseIsoDate(Trim(entry.substr(0, space)));
      if (!d) {
        return absl::InvalidArgumentError(StrCat("'", entry, "': the date is not YYYY-MM-DD"));
      }
      h.date = *d;
      span = Trim(entry.substr(space + 1));
    }
    ASSIGN_OR_RETURN(auto oc, ParseSpan(span));
    h.open_min = oc.first;
    h.close_min = oc.second;
    for (const auto& o : out) {
      if (o.date == h.date) {
        return absl::InvalidArgumentError(StrCat("'", entry, "': hours for ",
                                                 h.date ? FormatIsoDate(*h.date) : "every date",
                                                 " are given twice"));
      }
    }
    out.push_back(h);
  }
  if (out.empty()) return absl::InvalidArgumentError("no opening hours given");
  std::sort(out.begin(), out.end(), [](const VenueHours& a, const VenueHours& b) {
    return a.date < b.date;  // the every-date entry first
  });
  return out;
}

std::string FormatVenueHours(const std::vector<VenueHours>& hours) {
  std::string out;
  for (const auto& h : hours) {
    if (!out.empty()) out += "; ";
    if (h.date) out += FormatIsoDate(*h.date) + " ";
    out += FormatClock(h.open_min) + "-" + FormatClock(h.close_min);
  }
  return out;
}

StatusOr<std::vector<Date>> ParseDateList(std::string_view s) {
  std::vector<Date> out;
  std::string text(s);
  std::replace(text.begin(), text.end(), ',', ';');
  for (std::string_view entry : Split(text, ';')) {
    entry = Trim(entry);
    if (entry.empty()) continue;
    const size_t dots = entry.find("..");
    if (dots == std::string_view::npos) {
      const auto d = ParseIsoDate(entry);
      if (!d) return absl::InvalidArgumentError(StrCat("'", entry, "' is not a YYYY-MM-DD date"));
      out.push_back(*d);
      continue;
    }
    const auto a = ParseIsoDate(Trim(entry.substr(0, dots)));
    const auto b = ParseIsoDate(Trim(entry.substr(dots + 2)));
    if (!a || !b) {
      return absl::InvalidArgumentError(
          StrCat("'", entry, "' is not a date range like 2024-01-25..2024-01-29"));
    }
    const int64_t da = DaysFromCivil(*a);
    const int64_t db = DaysFromCivil(*b);
    if (db < da || db - da > 366) {
      return absl::InvalidArgumentError(
          StrCat("'", entry, "': the range must run forwards and span at most 366 days"));
    }
    for (int64_t d = da; d <= db; ++d) out.push_back(CivilFromDays(d));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string FormatDateList(const std::vector<Date>& dates) {
  std::string out;
  for (const auto& d : dates) {
    if (!out.empty()) out += ";";
    out += FormatIsoDate(d);
  }
  return out;
}

std::vector<std::string> ParseModuleList(std::string_view s) {
  std::string text(s);
  for (char& c : text) {
    if (c == ',' || c == ' ' || c == '\t') c = ';';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  std::vector<std::string> out;
  for (std::string_view m : Split(text, ';')) {
    m = Trim(m);
    if (!m.empty()) out.emplace_back(m);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string FormatModuleList(const std::vector<std::string>& modules) {
  std::string out;
  for (const auto& m : modules) {
    if (!out.empty()) out += ";";
    out += m;
  }
  return out;
}

int TravelCost(RegionCode home, RegionCode venue) {
  if (home == 0 || venue == 0) return 4;
  const RegionLevel hl = LevelOf(home);
  const RegionLevel vl = LevelOf(venue);
  const auto same = [&](RegionLevel level) {
    return hl >= level && vl >= level && AncestorAt(home, level) == AncestorAt(venue, level);
  };
  if (hl == RegionLevel::kDesa && vl == RegionLevel::kDesa && home == venue) return 0;
  if (same(RegionLevel::kKecamatan)) return 1;
  if (same(RegionLevel::kKabKota)) return 2;
  if (same(RegionLevel::kProvince)) return 3;
  return 4;
}

}  // namespace bimtek::plan
