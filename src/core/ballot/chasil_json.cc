#include "core/ballot/chasil_json.h"

#include <set>

#include "core/ballot/cat.h"
#include "core/ballot/json_internal.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot {
namespace {

using nlohmann::json;

StatusOr<const json*> Member(const json& obj, std::string_view path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return absl::InvalidArgumentError(internal::Cat("missing field \"", path, key, "\""));
  }
  return &*it;
}

StatusOr<int64_t> Count(const json& v, std::string_view path) {
  if (!v.is_number_integer() || v.get<int64_t>() < 0) {
    return absl::InvalidArgumentError(
        internal::Cat("field \"", path, "\" must be a non-negative integer, got ", v.dump()));
  }
  return v.get<int64_t>();
}

StatusOr<int64_t> CountField(const json& obj, std::string_view path, const char* key) {
  ASSIGN_OR_RETURN(const json* v, Member(obj, path, key));
  return Count(*v, internal::Cat(path, key));
}

Status RequireObject(const json& v, std::string_view path) {
  if (!v.is_object()) {
    return absl::InvalidArgumentError(internal::Cat("field \"", path, "\" must be an object"));
  }
  return absl::OkStatus();
}

StatusOr<BySex> ReadBySex(const json& obj, std::string_view parent, const char* key) {
  ASSIGN_OR_RETURN(const json* v, Member(obj, parent, key));
  const std::string path = internal::Cat(parent, key, ".");
  RETURN_IF_ERROR(RequireObject(*v, internal::Cat(parent, key)));
  BySex s;
  ASSIGN_OR_RETURN(s.male, CountField(*v, path, "male"));
  ASSIGN_OR_RETURN(s.female, CountField(*v, path, "female"));
  ASSIGN_OR_RETURN(s.total, CountField(*v, path, "total"));
  return s;
}

StatusOr<VoterCounts> ReadVoters(const json& root, const char* key) {
  ASSIGN_OR_RETURN(const json* v, Member(root, "", key));
  RETURN_IF_ERROR(RequireObject(*v, key));
  const std::string path = internal::Cat(key, ".");
  VoterCounts c;
  ASSIGN_OR_RETURN(c.dpt, ReadBySex(*v, path, "dpt"));
  ASSIGN_OR_RETURN(c.dptb, ReadBySex(*v, path, "dptb"));
  ASSIGN_OR_RETURN(c.dpk, ReadBySex(*v, path, "dpk"));
  ASSIGN_OR_RETURN(c.total, ReadBySex(*v, path, "total"));
  return c;
}

// [{"<key>":N,"votes":V},...] with distinct numbers 1..kMaxNumber.
StatusOr<std::vector<NumberedVotes>> ReadNumbered(const json& arr, std::string_view path,
                                                  const char* key) {
  if (!arr.is_array()) {
    return absl::InvalidArgumentError(internal::Cat("field \"", path, "\" must be an array"));
  }
  std::vector<NumberedVotes> out;
  std::set<int64_t> seen;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = internal::Cat(path, "[", i, "].");
    RETURN_IF_ERROR(RequireObject(arr[i], internal::Cat(path, "[", i, "]")));
    ASSIGN_OR_RETURN(int64_t n, CountField(arr[i], at, key));
    if (n < 1 || n > kMaxNumber) {
      return absl::InvalidArgumentError(
          internal::Cat("field \"", at, key, "\" must be from 1 to ", kMaxNumber, ", got ", n));
    }
    if (!seen.insert(n).second) {
      return absl::InvalidArgumentError(
          internal::Cat("field \"", path, "\": ", key, " ", n, " is listed twice"));
    }
    ASSIGN_OR_RETURN(int64_t votes, CountField(arr[i], at, "votes"));
    out.push_back({static_cast<int>(n), votes});
  }
  return out;
}

}  // namespace

StatusOr<CHasil> ParseCHasil(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError("not valid JSON");
  if (!j.is_object()) return absl::InvalidArgumentError("a C.Hasil must be a JSON object");
  CHasil f;
  ASSIGN_OR_RETURN(const json* race, Member(j, "", "race"));
  std::optional<BallotType> type;
  if (race->is_string()) type = ParseBallotType(race->get_ref<const std::string&>());
  if (!type) {
    return absl::InvalidArgumentError(internal::Cat(
        "field \"race\" must be one of PPWP, DPR, DPD, DPRD_PROV, DPRD_KAB, got ", race->dump()));
  }
  f.race = *type;
  if (auto it = j.find("tps"); it != j.end()) {
    if (!it->is_string()) return absl::InvalidArgumentError("field \"tps\" must be a string");
    f.tps = it->get<std::string>();
  }
  ASSIGN_OR_RETURN(f.voters, ReadVoters(j, "voters"));
  ASSIGN_OR_RETURN(f.voted, ReadVoters(j, "voted"));
  if (auto it = j.find("disability"); it != j.end()) {
    RETURN_IF_ERROR(RequireObject(*it, "disability"));
    if (it->contains("voters")) {
      ASSIGN_OR_RETURN(f.disabled_voters, ReadBySex(*it, "disability.", "voters"));
    }
    if (it->contains("voted")) {
      ASSIGN_OR_RETURN(f.disabled_voted, ReadBySex(*it, "disability.", "voted"));
    }
  }
  ASSIGN_OR_RETURN(const json* ballots, Member(j, "", "ballots"));
  RETURN_IF_ERROR(RequireObject(*ballots, "ballots"));
  ASSIGN_OR_RETURN(f.ballots.received, CountField(*ballots, "ballots.", "received"));
  ASSIGN_OR_RETURN(f.ballots.used, CountField(*ballots, "ballots.", "used"));
  ASSIGN_OR_RETURN(f.ballots.unused, CountField(*ballots, "ballots.", "unused"));
  ASSIGN_OR_RETURN(f.ballots.returned, CountField(*ballots, "ballots.", "returned"));

  ASSIGN_OR_RETURN(const json* votes, Member(j, "", "votes"));
  RETURN_IF_ERROR(RequireObject(*votes, "votes"));
  const char* section = f.race == BallotType::kPpwp  ? "tickets"
                        : f.race == BallotType::kDpd ? "candidates"
                                                     : "parties";
  for (const char* other : {"tickets", "candidates", "parties"}) {
    if (std::string_view(other) != section && votes->contains(other)) {
      return absl::InvalidArgumentError(
          internal::Cat("field \"votes.", other, "\" does not belong to a C.Hasil-",
                        BallotTypeName(f.race), " (it has \"votes.", section, "\")"));
    }
  }
  ASSIGN_OR_RETURN(const json* list, Member(*votes, "votes.", section));
  if (f.race == BallotType::kPpwp) {
    ASSIGN_OR_RETURN(f.tickets, ReadNumbered(*list, "votes.tickets", "ticket"));
  } else if (f.race == BallotType::kDpd) {
    ASSIGN_OR_RETURN(f.candidates, ReadNumbered(*list, "votes.candidates", "candidate"));
  } else {
    if (!list->is_array()) {
      return absl::InvalidArgumentError("field \"votes.parties\" must be an array");
    }
    std::set<int64_t> seen;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& p = (*list)[i];
      const std::string at = internal::Cat("votes.parties[", i, "].");
      RETURN_IF_ERROR(RequireObject(p, internal::Cat("votes.parties[", i, "]")));
      PartyVotes pv;
      ASSIGN_OR_RETURN(int64_t n, CountField(p, at, "party"));
      if (n < 1 || n > kMaxNumber) {
        return absl::InvalidArgumentError(
            internal::Cat("field \"", at, "party\" must be from 1 to ", kMaxNumber, ", got ", n));
      }
      if (!seen.insert(n).second) {
        return absl::InvalidArgumentError(
            internal::Cat("field \"votes.parties\": party ", n, " is listed twice"));
      }
      pv.party = static_cast<int>(n);
      ASSIGN_OR_RETURN(pv.party_votes, CountField(p, at, "party_votes"));
      ASSIGN_OR_RETURN(const json* cands, Member(p, at, "candidates"));
      ASSIGN_OR_RETURN(pv.candidates,
                       ReadNumbered(*cands, internal::Cat(at, "candidates"), "candidate"));
      ASSIGN_OR_RETURN(pv.total, CountField(p, at, "total"));
      f.parties.push_back(std::move(pv));
    }
  }
  ASSIGN_OR_RETURN(f.valid_votes, CountField(j, "", "valid_votes"));
  ASSIGN_OR_RETURN(f.invalid_votes, CountField(j, "", "invalid_votes"));
  if (j.contains("total_votes")) {
    ASSIGN_OR_RETURN(f.total_votes, CountField(j, "", "total_votes"));
  }
  return f;
}

std::string ViolationsToJson(const std::vector<Violation>& v) {
  nlohmann::ordered_json out;
  int errors = 0, warnings = 0;
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Violation& x : v) {
    (x.severity == Severity::kError ? errors : warnings)++;
    nlohmann::ordered_json row;
    row["check"] = x.check;
    row["severity"] = x.severity == Severity::kError ? "error" : "warning";
    row["field"] = x.field;
    row["message_id"] = x.message_id;
    row["message_en"] = x.message_en;
    arr.push_back(std::move(row));
  }
  out["ok"] = errors == 0;
  out["errors"] = errors;
  out["warnings"] = warnings;
  out["violations"] = std::move(arr);
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace internal {
namespace {

nlohmann::ordered_json SexJson(const BySex& s) {
  nlohmann::ordered_json j;
  j["male"] = s.male;
  j["female"] = s.female;
  j["total"] = s.total;
  return j;
}

nlohmann::ordered_json CountsJson(const VoterCounts& c) {
  nlohmann::ordered_json j;
  j["dpt"] = SexJson(c.dpt);
  j["dptb"] = SexJson(c.dptb);
  j["dpk"] = SexJson(c.dpk);
  j["total"] = SexJson(c.total);
  return j;
}

nlohmann::ordered_json NumberedJson(const std::vector<NumberedVotes>& v, const char* key) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const NumberedVotes& n : v) {
    nlohmann::ordered_json o;
    o[key] = n.number;
    o["votes"] = n.votes;
    arr.push_back(std::move(o));
  }
  return arr;
}

}  // namespace

nlohmann::ordered_json CHasilJson(const CHasil& f) {
  nlohmann::ordered_json j;
  j["race"] = std::string(BallotTypeName(f.race));
  if (!f.tps.empty()) j["tps"] = f.tps;
  j["voters"] = CountsJson(f.voters);
  j["voted"] = CountsJson(f.voted);
  if (f.disabled_voters || f.disabled_voted) {
    nlohmann::ordered_json d = nlohmann::ordered_json::object();
    if (f.disabled_voters) d["voters"] = SexJson(*f.disabled_voters);
    if (f.disabled_voted) d["voted"] = SexJson(*f.disabled_voted);
    j["disability"] = std::move(d);
  }
  j["ballots"] = {{"received", f.ballots.received},
                  {"used", f.ballots.used},
                  {"unused", f.ballots.unused},
                  {"returned", f.ballots.returned}};
  nlohmann::ordered_json votes;
  if (f.race == BallotType::kPpwp) {
    votes["tickets"] = NumberedJson(f.tickets, "ticket");
  } else if (f.race == BallotType::kDpd) {
    votes["candidates"] = NumberedJson(f.candidates, "candidate");
  } else {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const PartyVotes& p : f.parties) {
      nlohmann::ordered_json o;
      o["party"] = p.party;
      o["party_votes"] = p.party_votes;
      o["candidates"] = NumberedJson(p.candidates, "candidate");
      o["total"] = p.total;
      arr.push_back(std::move(o));
    }
    votes["parties"] = std::move(arr);
  }
  j["votes"] = std::move(votes);
  j["valid_votes"] = f.valid_votes;
  j["invalid_votes"] = f.invalid_votes;
  if (f.total_votes) j["total_votes"] = *f.total_votes;
  return j;
}

}  // namespace internal

std::string CHasilToJson(const CHasil& f) { return internal::CHasilJson(f).dump(2); }

}  // namespace bimtek::ballot
