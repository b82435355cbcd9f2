#include "render/ics.h"

#include "base/date_id.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace bimtek::render {
namespace {

// "20240125T010000Z" for `unix_seconds` seconds since 1970-01-01T00:00:00Z.
std::string UnixStamp(int64_t unix_seconds) {
  const int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  const int64_t rest = unix_seconds - days * 86400;
  const Date d = CivilFromDays(days);
  return fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z", d.year, d.month, d.day, rest / 3600,
                     rest / 60 % 60, rest % 60);
}

// The same for local minutes `minutes` of `day` in `zone`.
std::string UtcStamp(const Date& day, int minutes, TimeZone zone) {
  return UnixStamp(DaysFromCivil(day) * 86400 + int64_t{minutes} * 60 -
                   int64_t{static_cast<int>(zone)} * 3600);
}

}  // namespace

std::string IcsEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string IcsFoldLine(std::string_view line) {
  std::string out;
  size_t i = 0;
  size_t limit = 75;  // octets on the first line; continuation lines have a space, then 74
  while (line.size() - i > limit) {
    size_t cut = i + limit;
    // Do not cut inside a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
    while (cut > i && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(i, cut - i));
    out += "\r\n ";
    i = cut;
    limit = 74;
  }
  out.append(line.substr(i));
  out += "\r\n";
  return out;
}

std::string BatchIcs(const Batch& b, const RenderOptions& options, int64_t dtstamp_unix) {
  std::string description =
      StrCat(b.title, "\n", FormatIndonesianDayDate(b.date), ", ", FormatIndonesianTime(b.start),
             "–", FormatIndonesianTime(b.end), " ", TimeZoneName(b.zone), "\n");
  if (!b.agenda.empty()) description += "Agenda:\n";
  for (const AgendaItem& a : b.agenda) {
    description += StrCat(FormatIndonesianTime(a.start), "–", FormatIndonesianTime(a.end), " ",
                          a.module.empty() ? "" : StrCat(a.module, " "), a.title, "\n");
  }
  description += StrCat("Peserta: ", b.participants.size(), " orang\n", b.office.name);
  const std::string location =
      b.venue_address.empty() ? b.venue_name : StrCat(b.venue_name, ", ", b.venue_address);

  std::string out;
  out += IcsFoldLine("BEGIN:VCALENDAR");
  out += IcsFoldLine("VERSION:2.0");
  out += IcsFoldLine("PRODID:-//Bimtek//Bimtek KPPS//ID");
  out += IcsFoldLine("CALSCALE:GREGORIAN");
  out += IcsFoldLine("METHOD:PUBLISH");
  out += IcsFoldLine("BEGIN:VEVENT");
  out += IcsFoldLine(StrCat("UID:batch-", b.id, "@", options.uid_domain));
  out += IcsFoldLine(StrCat("DTSTAMP:", UnixStamp(dtstamp_unix)));
  out += IcsFoldLine(StrCat("DTSTART:", UtcStamp(b.date, b.start, b.zone)));
  out += IcsFoldLine(StrCat("DTEND:", UtcStamp(b.date, b.end, b.zone)));
  out += IcsFoldLine(StrCat("SUMMARY:", IcsEscape(b.title)));
  out += IcsFoldLine(StrCat("LOCATION:", IcsEscape(location)));
  out += IcsFoldLine(StrCat("DESCRIPTION:", IcsEscape(description)));
  out += IcsFoldLine("STATUS:CONFIRMED");
  out += IcsFoldLine("TRANSP:OPAQUE");
  out += IcsFoldLine("END:VEVENT");
  out += IcsFoldLine("END:VCALENDAR");
  return out;
}

}  // namespace bimtek::render
