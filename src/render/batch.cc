#include "render/batch.h"

#include "base/strings.h"
#include "render/whatsapp.h"

namespace bimtek::render {
namespace {

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(StrCat("batch: ", field, ": ", what));
}

std::string CompactCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != ' ' && c != '-') out.push_back(c);
  }
  return out;
}

}  // namespace

Status ValidateBatch(const Batch& b) {
  if (b.id.empty()) return Invalid("id", "is empty");
  for (char c : b.id) {
    if (!IsIdChar(c)) return Invalid("id", StrCat("'", b.id, "' may hold only A-Z a-z 0-9 . _ -"));
  }
  if (!IsValidDate(b.date.year, b.date.month, b.date.day)) return Invalid("date", "not a date");
  if (!IsValidDate(b.letter_date.year, b.letter_date.month, b.letter_date.day)) {
    return Invalid("letter_date", "not a date");
  }
  if (b.start < 0 || b.end > 1440 || b.start >= b.end) {
    return Invalid("start/end", "need 00:00 <= start < end <= 24:00");
  }
  if (b.office.name.empty()) return Invalid("office.name", "is empty");
  if (b.venue_name.empty()) return Invalid("venue.name", "is empty");
  if (b.agenda.size() > static_cast<size_t>(kMaxAgenda)) {
    return Invalid("agenda", StrCat("has ", b.agenda.size(), " items; a letter holds ", kMaxAgenda,
                                    " at most"));
  }
  int previous_end = b.start;
  for (size_t i = 0; i < b.agenda.size(); ++i) {
    const AgendaItem& a = b.agenda[i];
    const std::string field = StrCat("agenda[", i + 1, "]");
    if (a.title.empty()) return Invalid(field, "title is empty");
    if (a.start < b.start || a.end > b.end || a.start >= a.end) {
      return Invalid(field, "must start before it ends, inside the batch's hours");
    }
    if (a.start < previous_end) return Invalid(field, "starts before the previous item ends");
    previous_end = a.end;
  }
  if (b.bring.size() > static_cast<size_t>(kMaxBring)) {
    return Invalid(
        "bring", StrCat("has ", b.bring.size(), " items; a letter holds ", kMaxBring, " at most"));
  }
  if (b.participants.empty()) return Invalid("participants", "is empty");
  for (size_t i = 0; i < b.participants.size(); ++i) {
    const Participant& p = b.participants[i];
    const std::string field = StrCat("participants[", i + 1, "]");
    if (Trim(p.name).empty()) return Invalid(field, "name is empty");
    const std::string code = CompactCode(p.access_code);
    if (code.empty()) return Invalid(field, StrCat("access code of ", p.name, " is empty"));
    for (char c : code) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return Invalid(field,
                       StrCat("access code of ", p.name, " may hold only letters and digits"));
      }
    }
  }
  return absl::OkStatus();
}

std::string AccessUrl(const RenderOptions& options, std::string_view code) {
  return StrCat(options.access_url_base, PercentEncode(CompactCode(code)));
}

std::string GroupCode(std::string_view code) {
  const std::string c = CompactCode(code);
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (i > 0 && i % 5 == 0) out.push_back('-');
    out.push_back(c[i]);
  }
  return out;
}

}  // namespace bimtek::render
