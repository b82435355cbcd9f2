#include "render/batch_json.h"

#include <set>
#include <string>

#include "base/strings.h"
#include "nlohmann/json.hpp"

namespace bimtek::render {
namespace {

using nlohmann::json;

Status Bad(const std::string& where, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(where, ": ", what));
}

StatusOr<std::string> Str(const json& obj, const std::string& where, const char* key,
                          bool required) {
  const std::string at = StrCat(where, where.empty() ? "" : ".", key);
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return Bad(at, "missing");
    return std::string();
  }
  if (!it->is_string()) return Bad(at, "expected a string");
  return it->get<std::string>();
}

StatusOr<Date> DateField(const json& obj, const std::string& where, const char* key) {
  ASSIGN_OR_RETURN(std::string s, Str(obj, where, key, true));
  std::optional<Date> d = ParseIsoDate(s);
  if (!d)
    return Bad(StrCat(where, where.empty() ? "" : ".", key),
               StrCat("'", s, "' is not a date YYYY-MM-DD"));
  return *d;
}

// "08:00" or "08.00" -> 480; "24:00" allowed (the end of the day).
StatusOr<int> TimeField(const json& obj, const std::string& where, const char* key) {
  ASSIGN_OR_RETURN(std::string s, Str(obj, where, key, true));
  const std::string at = StrCat(where, where.empty() ? "" : ".", key);
  if (s.size() != 5 || (s[2] != ':' && s[2] != '.') || !IsAllDigits(s.substr(0, 2)) ||
      !IsAllDigits(s.substr(3, 2))) {
    return Bad(at, StrCat("'", s, "' is not a time HH:MM"));
  }
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2));
  if (h > 24 || m > 59 || (h == 24 && m != 0))
    return Bad(at, StrCat("'", s, "' is not a time of day"));
  return h * 60 + m;
}

const json* Object(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

StatusOr<Batch> ParseBatch(const json& j, const std::string& where) {
  if (!j.is_object()) return Bad(where.empty() ? "batch" : where, "expected an object");
  Batch b;
  ASSIGN_OR_RETURN(b.id, Str(j, where, "id", true));
  ASSIGN_OR_RETURN(std::string title, Str(j, where, "title", false));
  if (!title.empty()) b.title = title;
  const std::string prefix = where.empty() ? "" : StrCat(where, ".");

  const json* office = Object(j, "office");
  if (office == nullptr || !office->is_object())
    return Bad(StrCat(prefix, "office"), "expected an object");
  const std::string ow = StrCat(prefix, "office");
  ASSIGN_OR_RETURN(b.office.name, Str(*office, ow, "name", true));
  ASSIGN_OR_RETURN(b.office.address, Str(*office, ow, "address", false));
  ASSIGN_OR_RETURN(b.office.place, Str(*office, ow, "place", true));
  ASSIGN_OR_RETURN(b.office.signer_title, Str(*office, ow, "signer_title", true));
  ASSIGN_OR_RETURN(b.office.signer_name, Str(*office, ow, "signer_name", false));

  ASSIGN_OR_RETURN(b.letter_number, Str(j, where, "letter_number", false));
  ASSIGN_OR_RETURN(b.letter_date, DateField(j, where, "letter_date"));
  ASSIGN_OR_RETURN(b.date, DateField(j, where, "date"));
  ASSIGN_OR_RETURN(std::string zone, Str(j, where, "zone", true));
  if (zone == "WIB") {
    b.zone = TimeZone::kWib;
  } else if (zone == "WITA") {
    b.zone = TimeZone::kWita;
  } else if (zone == "WIT") {
    b.zone = TimeZone::kWit;
  } else {
    return Bad(StrCat(prefix, "zone"), StrCat("'", zone, "' is not WIB, WITA or WIT"));
  }
  ASSIGN_OR_RETURN(b.start, TimeField(j, where, "start"));
  ASSIGN_OR_RETURN(b.end, TimeField(j, where, "end"));

  const json* venue = Object(j, "venue");
  if (venue == nullptr || !venue->is_object())
    return Bad(StrCat(prefix, "venue"), "expected an object");
  ASSIGN_OR_RETURN(b.venue_name, Str(*venue, StrCat(prefix, "venue"), "name", true));
  ASSIGN_OR_RETURN(b.venue_address, Str(*venue, StrCat(prefix, "venue"), "address", false));

  if (const json* agenda = Object(j, "agenda"); agenda != nullptr) {
    if (!agenda->is_array()) return Bad(StrCat(prefix, "agenda"), "expected an array");
    for (size_t i = 0; i < agenda->size(); ++i) {
      const std::string aw = StrCat(prefix, "agenda[", i + 1, "]");
      const json& a = (*agenda)[i];
      if (!a.is_object()) return Bad(aw, "expected an object");
      AgendaItem item;
      ASSIGN_OR_RETURN(item.start, TimeField(a, aw, "start"));
      ASSIGN_OR_RETURN(item.end, TimeField(a, aw, "end"));
      ASSIGN_OR_RETURN(item.module, Str(a, aw, "module", false));
      ASSIGN_OR_RETURN(item.title, Str(a, aw, "title", true));
      b.agenda.push_back(std::move(item));
    }
  }
  if (const json* bring = Object(j, "bring"); bring != nullptr) {
    if (!bring->is_array()) return Bad(StrCat(prefix, "bring"), "expected an array");
    for (size_t i = 0; i < bring->size(); ++i) {
      if (!(*bring)[i].is_string())
        return Bad(StrCat(prefix, "bring[", i + 1, "]"), "expected a string");
      b.bring.push_back((*bring)[i].get<std::string>());
    }
  }
  const json* people = Object(j, "participants");
  if (people == nullptr || !people->is_array())
    return Bad(StrCat(prefix, "participants"), "expected an array");
  for (size_t i = 0; i < people->size(); ++i) {
    const std::string pw = StrCat(prefix, "participants[", i + 1, "]");
    const json& pj = (*people)[i];
    if (!pj.is_object()) return Bad(pw, "expected an object");
    Participant p;
    ASSIGN_OR_RETURN(p.name, Str(pj, pw, "name", true));
    ASSIGN_OR_RETURN(p.position, Str(pj, pw, "position", true));
    ASSIGN_OR_RETURN(p.tps, Str(pj, pw, "tps", true));
    ASSIGN_OR_RETURN(p.desa, Str(pj, pw, "desa", false));
    ASSIGN_OR_RETURN(p.access_code, Str(pj, pw, "access_code", true));
    ASSIGN_OR_RETURN(p.phone, Str(pj, pw, "phone", false));
    b.participants.push_back(std::move(p));
  }
  Status valid = ValidateBatch(b);
  if (!valid.ok() && !where.empty()) {
    return absl::InvalidArgumentError(StrCat(where, ": ", valid.message()));
  }
  RETURN_IF_ERROR(valid);
  return b;
}

}  // namespace

StatusOr<std::vector<Batch>> ParseBatchesJson(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    return absl::InvalidArgumentError(StrCat("not valid JSON: ", e.what()));
  }
  std::vector<Batch> out;
  if (root.is_object() && root.contains("batches")) {
    const json& list = root["batches"];
    if (!list.is_array()) return Bad("batches", "expected an array");
    if (list.empty()) return Bad("batches", "is empty");
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      ASSIGN_OR_RETURN(Batch b, ParseBatch(list[i], StrCat("batches[", i + 1, "]")));
      if (!ids.insert(b.id).second) {
        return Bad(StrCat("batches[", i + 1, "].id"), StrCat("'", b.id, "' appears twice"));
      }
      out.push_back(std::move(b));
    }
  } else {
    ASSIGN_OR_RETURN(Batch b, ParseBatch(root, ""));
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace bimtek::render
