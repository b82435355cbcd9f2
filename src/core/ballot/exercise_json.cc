#include "core/ballot/exercise_json.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "core/ballot/cat.h"
#include "core/ballot/json_internal.h"

namespace bimtek::ballot {
namespace {

using oj = nlohmann::ordered_json;

constexpr std::array<std::string_view, 4> kTerritoryNames = {"province", "aceh", "jakarta",
                                                             "abroad"};

oj CandidatesJson(const std::vector<Candidate>& cs) {
  oj arr = oj::array();
  for (const Candidate& c : cs) {
    arr.push_back({{"number", c.number}, {"name", c.name}, {"sex", std::string(1, c.sex)}});
  }
  return arr;
}

oj ElectionJson(const Election& e) {
  oj j;
  oj parties = oj::array();
  for (const Party& p : e.parties) {
    parties.push_back({{"number", p.number},
                       {"name", p.name},
                       {"short_name", p.short_name},
                       {"aceh_local", p.aceh_local}});
  }
  j["parties"] = std::move(parties);
  oj races = oj::array();
  for (const Race& r : e.races) {
    oj o;
    o["type"] = std::string(BallotTypeName(r.type));
    if (!r.district.empty()) o["district"] = r.district;
    if (r.type == BallotType::kPpwp) {
      oj t = oj::array();
      for (const Ticket& x : r.tickets) {
        t.push_back({{"number", x.number},
                     {"president", x.president},
                     {"vice_president", x.vice_president}});
      }
      o["tickets"] = std::move(t);
    } else if (r.type == BallotType::kDpd) {
      o["candidates"] = CandidatesJson(r.candidates);
    } else {
      oj lists = oj::array();
      for (const PartyList& l : r.lists) {
        lists.push_back({{"party", l.party}, {"candidates", CandidatesJson(l.candidates)}});
      }
      o["lists"] = std::move(lists);
    }
    races.push_back(std::move(o));
  }
  j["races"] = std::move(races);
  return j;
}

}  // namespace

std::string_view TerritoryName(Territory t) { return kTerritoryNames[static_cast<size_t>(t)]; }

std::optional<Territory> ParseTerritory(std::string_view s) {
  for (size_t i = 0; i < kTerritoryNames.size(); ++i) {
    if (kTerritoryNames[i] == s) return static_cast<Territory>(i);
  }
  return std::nullopt;
}

std::string ExerciseToJson(const TpsExercise& tps, bool pretty) {
  oj j;
  j["seed"] = tps.seed;
  j["territory"] = std::string(TerritoryName(tps.election.territory));
  j["contestants"] = ElectionJson(tps.election);
  oj races = oj::array();
  for (const RaceExercise& r : tps.races) {
    oj o;
    o["type"] = std::string(BallotTypeName(r.type));
    oj ballots = oj::array();
    for (size_t i = 0; i < r.ballots.size(); ++i) {
      oj b;
      b["ballot"] = internal::BallotJson(r.BallotAt(i));
      b["kind"] = std::string(CaseKindName(r.ballots[i].kind));
      b["expected"] = internal::VerdictJson(r.ballots[i].verdict);
      ballots.push_back(std::move(b));
    }
    o["ballots"] = std::move(ballots);
    o["chasil"] = internal::CHasilJson(r.chasil);
    races.push_back(std::move(o));
  }
  j["races"] = std::move(races);
  return j.dump(pretty ? 2 : -1, ' ', false, oj::error_handler_t::replace);
}

std::string ElectionToJson(const Election& e) {
  oj j;
  j["territory"] = std::string(TerritoryName(e.territory));
  oj c = ElectionJson(e);
  j["parties"] = std::move(c["parties"]);
  j["races"] = std::move(c["races"]);
  return j.dump(2, ' ', false, oj::error_handler_t::replace);
}

namespace {

using nlohmann::json;

StatusOr<std::string> NameAt(const json& o, const char* key, const std::string& where) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return absl::InvalidArgumentError(
        internal::Cat("field \"", where, key, "\" must be a non-empty string"));
  }
  return it->get<std::string>();
}

// A number 1..kMaxNumber not yet in `seen`.
StatusOr<int> NumberAt(const json& o, const char* key, const std::string& where,
                       std::set<int>& seen) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer() || it->get<int64_t>() < 1 ||
      it->get<int64_t>() > kMaxNumber) {
    return absl::InvalidArgumentError(
        internal::Cat("field \"", where, key, "\" must be a number from 1 to ", kMaxNumber));
  }
  const int n = it->get<int>();
  if (!seen.insert(n).second) {
    return absl::InvalidArgumentError(
        internal::Cat("field \"", where, key, "\": ", n, " is listed twice"));
  }
  return n;
}

StatusOr<const json*> ArrayAt(const json& o, const char* key, const std::string& where) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array() || it->empty()) {
    return absl::InvalidArgumentError(
        internal::Cat("field \"", where, key, "\" must be a non-empty array"));
  }
  return &*it;
}

StatusOr<std::vector<Candidate>> CandidatesAt(const json& o, const std::string& where) {
  ASSIGN_OR_RETURN(const json* arr, ArrayAt(o, "candidates", where));
  std::vector<Candidate> out;
  std::set<int> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = internal::Cat(where, "candidates[", i, "].");
    Candidate c;
    ASSIGN_OR_RETURN(c.number, NumberAt((*arr)[i], "number", at, seen));
    ASSIGN_OR_RETURN(c.name, NameAt((*arr)[i], "name", at));
    const std::string sex = (*arr)[i].value("sex", "L");
    if (sex != "L" && sex != "P") {
      return absl::InvalidArgumentError(internal::Cat("field \"", at, "sex\" must be L or P"));
    }
    c.sex = sex[0];
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

StatusOr<Election> ElectionFromJson(std::string_view text) {
  const json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("a contestant list must be a JSON object");
  }
  Election e;
  std::optional<Territory> t;
  if (auto it = j.find("territory"); it != j.end() && it->is_string()) {
    t = ParseTerritory(it->get_ref<const std::string&>());
  }
  if (!t) {
    return absl::InvalidArgumentError(
        "field \"territory\" must be province, aceh, jakarta or abroad");
  }
  e.territory = *t;
  ASSIGN_OR_RETURN(const json* parties, ArrayAt(j, "parties", ""));
  std::set<int> party_numbers;
  for (size_t i = 0; i < parties->size(); ++i) {
    const std::string at = internal::Cat("parties[", i, "].");
    Party p;
    ASSIGN_OR_RETURN(p.number, NumberAt((*parties)[i], "number", at, party_numbers));
    ASSIGN_OR_RETURN(p.name, NameAt((*parties)[i], "name", at));
    p.short_name = (*parties)[i].value("short_name", "");
    p.aceh_local = (*parties)[i].value("aceh_local", false);
    e.parties.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(const json* races, ArrayAt(j, "races", ""));
  std::set<BallotType> types;
  for (size_t i = 0; i < races->size(); ++i) {
    const json& r = (*races)[i];
    const std::string at = internal::Cat("races[", i, "].");
    Race race;
    std::optional<BallotType> type;
    if (auto it = r.find("type"); it != r.end() && it->is_string()) {
      type = ParseBallotType(it->get_ref<const std::string&>());
    }
    const std::vector<BallotType> allowed = BallotTypesFor(e.territory);
    if (!type || std::find(allowed.begin(), allowed.end(), *type) == allowed.end() ||
        !types.insert(*type).second) {
      return absl::InvalidArgumentError(internal::Cat("field \"", at,
                                                      "type\" must be a ballot type of a TPS in ",
                                                      TerritoryName(e.territory), ", each once"));
    }
    race.type = *type;
    race.district = r.value("district", "");
    if (race.type == BallotType::kPpwp) {
      ASSIGN_OR_RETURN(const json* tickets, ArrayAt(r, "tickets", at));
      std::set<int> seen;
      for (size_t k = 0; k < tickets->size(); ++k) {
        const std::string tat = internal::Cat(at, "tickets[", k, "].");
        Ticket tk;
        ASSIGN_OR_RETURN(tk.number, NumberAt((*tickets)[k], "number", tat, seen));
        ASSIGN_OR_RETURN(tk.president, NameAt((*tickets)[k], "president", tat));
        ASSIGN_OR_RETURN(tk.vice_president, NameAt((*tickets)[k], "vice_president", tat));
        race.tickets.push_back(std::move(tk));
      }
    } else if (race.type == BallotType::kDpd) {
      ASSIGN_OR_RETURN(race.candidates, CandidatesAt(r, at));
    } else {
      ASSIGN_OR_RETURN(const json* lists, ArrayAt(r, "lists", at));
      std::set<int> seen;
      for (size_t k = 0; k < lists->size(); ++k) {
        const std::string lat = internal::Cat(at, "lists[", k, "].");
        PartyList l;
        ASSIGN_OR_RETURN(l.party, NumberAt((*lists)[k], "party", lat, seen));
        if (!party_numbers.count(l.party)) {
          return absl::InvalidArgumentError(
              internal::Cat("field \"", lat, "party\": party ", l.party, " is not in parties"));
        }
        ASSIGN_OR_RETURN(l.candidates, CandidatesAt((*lists)[k], lat));
        race.lists.push_back(std::move(l));
      }
    }
    e.races.push_back(std::move(race));
  }
  if (types.size() != BallotTypesFor(e.territory).size()) {
    return absl::InvalidArgumentError(internal::Cat(
        "field \"races\" must list every ballot of a TPS in ", TerritoryName(e.territory)));
  }
  std::sort(e.races.begin(), e.races.end(),
            [](const Race& a, const Race& b) { return a.type < b.type; });
  return e;
}

}  // namespace bimtek::ballot
