#include "render/whatsapp.h"

#include "base/date_id.h"
#include "base/strings.h"

namespace bimtek::render {

StatusOr<std::string> NormalizeWhatsAppNumber(std::string_view phone) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
      continue;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else {
      return absl::InvalidArgumentError(
          StrCat("phone number holds '", std::string(1, c), "': only digits, +, spaces, dashes"));
    }
  }
  if (digits.empty()) return absl::InvalidArgumentError("phone number is empty");
  std::string national;  // the digits after the country code, starting with 8 for a mobile
  if (plus) {
    if (digits.rfind("62", 0) != 0) {
      return absl::InvalidArgumentError("phone number has a country code other than +62");
    }
    national = digits.substr(2);
  } else if (digits.rfind("0062", 0) == 0) {
    national = digits.substr(4);
  } else if (digits.rfind("62", 0) == 0) {
    national = digits.substr(2);
  } else if (digits.rfind("0", 0) == 0) {
    national = digits.substr(1);
  } else {
    national = digits;
  }
  if (national.empty() || national[0] != '8') {
    return absl::InvalidArgumentError("not an Indonesian mobile number (08… or +628…)");
  }
  if (national.size() < 9 || national.size() > 12) {
    return absl::InvalidArgumentError(
        StrCat("mobile number has ", national.size() + 1, " digits after 0; expected 10 to 13"));
  }
  return StrCat("62", national);
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string WhatsAppLink(std::string_view normalized_number, std::string_view text) {
  return StrCat("https://wa.me/", normalized_number, "?text=", PercentEncode(text));
}

std::string InvitationMessage(const Batch& b, const Participant& p, const RenderOptions& options) {
  return StrCat("Yth. ", p.name, " (", p.position, ", ", p.tps, ", ", p.desa, "),\n",
                "Anda diundang mengikuti ", b.title, " pada ", FormatIndonesianDayDate(b.date),
                " pukul ", FormatIndonesianTime(b.start), "–", FormatIndonesianTime(b.end), " ",
                TimeZoneName(b.zone), " di ", b.venue_name,
                b.venue_address.empty() ? "" : StrCat(", ", b.venue_address), ".\n",
                "Kode akses Anda: ", GroupCode(p.access_code), "\n",
                "Halaman Anda: ", AccessUrl(options, p.access_code), "\n", "— ", b.office.name);
}

StatusOr<std::string> ParticipantWhatsAppLink(const Batch& b, const Participant& p,
                                              const RenderOptions& options) {
  ASSIGN_OR_RETURN(std::string number, NormalizeWhatsAppNumber(p.phone));
  return WhatsAppLink(number, InvitationMessage(b, p, options));
}

}  // namespace bimtek::render
