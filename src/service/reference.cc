#include "service/reference.h"

#include <charconv>
#include <mutex>

#include "assets/assets.h"
#include "base/strings.h"
#include "nlohmann/json.hpp"

namespace bimtek::service {

namespace {

using nlohmann::json;

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (auto line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

StatusOr<Severity> ParseSeverity(const json& j, const char* key) {
  const std::string v = j.value(key, std::string("error"));
  if (v == "error") return Severity::kError;
  if (v == "warning") return Severity::kWarning;
  return absl::InvalidArgumentError(
      StrCat("rules.json: severity.", key, " must be error or warning, not ", v));
}

StatusOr<Reference> Build() {
  Reference ref;
  ASSIGN_OR_RETURN(ref.regions, RegionTable::FromCsv(assets::WilayahCsv()));
  auto tz_lines = Lines(assets::TimezonesCsv());
  for (size_t i = 1; i < tz_lines.size(); ++i) {
    const auto parts = Split(tz_lines[i], ',');
    if (parts.size() != 2) return absl::InvalidArgumentError("timezones.csv: bad line");
    ASSIGN_OR_RETURN(RegionCode p, ParseRegionCode(parts[0]));
    const TimeZone tz = parts[1] == "WIB"    ? TimeZone::kWib
                        : parts[1] == "WITA" ? TimeZone::kWita
                                             : TimeZone::kWit;
    if (parts[1] != "WIB" && parts[1] != "WITA" && parts[1] != "WIT") {
      return absl::InvalidArgumentError(StrCat("timezones.csv: bad zone ", parts[1]));
    }
    ref.regions.SetTimeZone(p, tz);
  }
  for (const Region& r : ref.regions.all()) {
    if (r.level == RegionLevel::kProvince && !ref.regions.TimeZoneOf(r.code)) {
      return absl::InvalidArgumentError(
          StrCat("timezones.csv: no zone for province ", FormatRegionCode(r.code)));
    }
  }
  ASSIGN_OR_RETURN(ref.rules, ParseRules(assets::RulesJson()));
  ASSIGN_OR_RETURN(ref.aliases, ParseAliases(assets::ImportAliasesCsv()));

  auto pop_lines = Lines(assets::PendudukCsv());
  for (size_t i = 1; i < pop_lines.size(); ++i) {
    const auto parts = Split(pop_lines[i], ',');
    if (parts.size() < 5 || parts[0].find('.') == std::string_view::npos || parts[0].size() != 5) {
      continue;  // national and province totals
    }
    ASSIGN_OR_RETURN(RegionCode kab, ParseRegionCode(parts[0]));
    int64_t total = 0;
    const auto t = parts.back();
    std::from_chars(t.data(), t.data() + t.size(), total);
    ref.population[kab] = total;
  }

  json names;
  try {
    names = json::parse(assets::NamesJson());
    for (const auto& [id, g] : names.at("groups").items()) {
      NameGroup ng;
      ng.id = id;
      ng.male = g.at("male").get<std::vector<std::string>>();
      ng.female = g.at("female").get<std::vector<std::string>>();
      ng.second = g.at("second").get<std::vector<std::string>>();
      ng.family = g.at("family").get<std::vector<std::string>>();
      for (const auto& p : g.at("provinces")) {
        ASSIGN_OR_RETURN(RegionCode code, ParseRegionCode(p.get<std::string>()));
        ref.name_group_of_province[code] = ref.name_groups.size();
      }
      ref.name_groups.push_back(std::move(ng));
    }
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(StrCat("names.json: ", e.what()));
  }
  return ref;
}

}  // namespace

StatusOr<RegistryRules> ParseRules(std::string_view text) {
  RegistryRules r;
  try {
    const json j = json::parse(text);
    const json& e = j.at("election");
    r.election.id = e.at("id").get<std::string>();
    r.election.name = e.at("name").get<std::string>();
    const auto day = ParseIsoDate(e.at("voting_day").get<std::string>());
    if (!day)
      return absl::InvalidArgumentError("rules.json: election.voting_day is not YYYY-MM-DD");
    r.election.voting_day = *day;
    r.kpps_min_age = j.at("kpps_age").at("min").get<int>();
    r.kpps_max_age = j.at("kpps_age").at("max").get<int>();
    r.min_age_other_roles = j.at("min_age_other_roles").get<int>();
    const json& s = j.at("seats");
    r.kpps_per_tps = s.at("kpps_per_tps").get<int>();
    r.linmas_per_tps = s.at("linmas_per_tps").get<int>();
    r.pps_per_desa = s.at("pps_per_desa").get<int>();
    r.ppk_per_kecamatan = s.at("ppk_per_kecamatan").get<int>();
    r.max_dpt_per_tps = j.at("max_dpt_per_tps").get<int>();
    const json& sev = j.at("severity");
    ASSIGN_OR_RETURN(r.kpps_education_below_sma, ParseSeverity(sev, "kpps_education_below_sma"));
    ASSIGN_OR_RETURN(r.nik_unknown_kecamatan, ParseSeverity(sev, "nik_unknown_kecamatan"));
  } catch (const json::exception& ex) {
    return absl::InvalidArgumentError(StrCat("rules.json: ", ex.what()));
  }
  if (r.kpps_per_tps < 1 || r.kpps_per_tps > 9 || r.kpps_min_age > r.kpps_max_age) {
    return absl::InvalidArgumentError("rules.json: implausible seats or age limits");
  }
  return r;
}

StatusOr<std::unordered_map<std::string, std::string>> ParseAliases(std::string_view csv) {
  std::unordered_map<std::string, std::string> out;
  const auto lines = Lines(csv);
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto comma = lines[i].find(',');
    if (comma == std::string_view::npos) {
      return absl::InvalidArgumentError(StrCat("import_aliases.csv line ", i + 1, ": no comma"));
    }
    const std::string column(Trim(lines[i].substr(0, comma)));
    const std::string key = NormalizeKey(lines[i].substr(comma + 1));
    out[key] = column;
    out[NormalizeKey(column)] = column;  // the canonical name is always accepted
  }
  return out;
}

StatusOr<const Reference*> DefaultReference() {
  static std::once_flag once;
  static StatusOr<Reference>* ref = nullptr;
  std::call_once(once, [] { ref = new StatusOr<Reference>(Build()); });
  if (!ref->ok()) return ref->status();
  return &ref->value();
}

}  // namespace bimtek::service
