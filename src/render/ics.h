// iCalendar (RFC 5545) for a batch: one VCALENDAR with one VEVENT, times in UTC (the batch's local
// time minus its zone's offset, so no VTIMEZONE is needed), text escaped (§3.3.11) and lines
// folded at 75 octets without splitting a UTF-8 character (§3.1), CRLF line ends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "render/batch.h"

namespace bimtek::render {

// §3.3.11 TEXT: backslash, semicolon and comma get a backslash; a newline becomes "\n"; CR is
// dropped.
std::string IcsEscape(std::string_view text);

// One content line (without its CRLF) folded: every physical line at most 75 octets, the
// continuation lines starting with one space; a UTF-8 sequence is never cut. Returns the lines
// joined with CRLF, ending with CRLF.
std::string IcsFoldLine(std::string_view line);

// The calendar of batch `b`. `dtstamp_unix` is the DTSTAMP (seconds since 1970, UTC): pass the
// time of generation; tests pass a fixed value. UID = "batch-<id>@<uid_domain>", stable across
// runs so a calendar re-imported updates the event. `b` must pass ValidateBatch.
std::string BatchIcs(const Batch& b, const RenderOptions& options, int64_t dtstamp_unix);

}  // namespace bimtek::render
