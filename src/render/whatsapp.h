// WhatsApp share links (https://wa.me/<number>?text=<message>) for invitations: Indonesian phone
// numbers in the international form wa.me wants, and RFC 3986 percent-encoding.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "render/batch.h"

namespace bimtek::render {

// Normalises an Indonesian mobile number to the digits wa.me expects: "0812-3456-7890",
// "+62 812 3456 7890", "62812…", "0062812…" and "812…" all give "6281234567890". Spaces, dashes,
// dots and parentheses are ignored. InvalidArgument when the number is empty, holds another
// character, has another country code, is not a mobile number (after 62 comes 8) or has not
// 9 to 12 digits after 62.
StatusOr<std::string> NormalizeWhatsAppNumber(std::string_view phone);

// Percent-encodes every byte except RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~); UTF-8
// passes through byte by byte, a space becomes %20.
std::string PercentEncode(std::string_view text);

// "https://wa.me/<digits>?text=<encoded>" for an already normalised number.
std::string WhatsAppLink(std::string_view normalized_number, std::string_view text);

// The prefilled message for one participant (Indonesian): who, what, when (day, date, local time
// with zone), where, the access code and the personal link.
std::string InvitationMessage(const Batch& b, const Participant& p, const RenderOptions& options);

// The link for participant `p`, or the number's InvalidArgument.
StatusOr<std::string> ParticipantWhatsAppLink(const Batch& b, const Participant& p,
                                              const RenderOptions& options);

}  // namespace bimtek::render
