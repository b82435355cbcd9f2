#include "core/ballot/ballot_json.h"

#include <optional>
#include <string>

#include "core/ballot/cat.h"
#include "core/ballot/json_internal.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot {
namespace {

using nlohmann::json;

// Reads an optional integer member; errors when present but not an integer.
StatusOr<std::optional<int64_t>> OptInt(const json& obj, const char* key, std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return absl::InvalidArgumentError(
        internal::Cat(where, "\"", key, "\" must be an integer, got ", it->dump()));
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

StatusOr<std::optional<bool>> OptBool(const json& obj, const char* key, std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) {
    return absl::InvalidArgumentError(
        internal::Cat(where, "\"", key, "\" must be true or false, got ", it->dump()));
  }
  return std::optional<bool>(it->get<bool>());
}

StatusOr<RawMark> ReadRawMark(const json& m, std::string_view where) {
  if (!m.is_object()) {
    return absl::InvalidArgumentError(internal::Cat(where, "must be an object, got ", m.dump()));
  }
  RawMark raw;
  ASSIGN_OR_RETURN(raw.ticket, OptInt(m, "ticket", where));
  ASSIGN_OR_RETURN(raw.party, OptInt(m, "party", where));
  ASSIGN_OR_RETURN(raw.candidate, OptInt(m, "candidate", where));
  ASSIGN_OR_RETURN(std::optional<bool> outside, OptBool(m, "outside", where));
  ASSIGN_OR_RETURN(std::optional<bool> twin, OptBool(m, "twin", where));
  raw.outside = outside.value_or(false);
  raw.twin = twin.value_or(false);
  if (auto it = m.find("area"); it != m.end() && !it->is_null()) {
    if (*it == "blank") {
      raw.area = RawMark::Area::kBlank;
    } else if (*it == "border") {
      raw.area = RawMark::Area::kBorder;
    } else {
      return absl::InvalidArgumentError(
          internal::Cat(where, "\"area\" must be \"blank\" or \"border\", got ", it->dump()));
    }
  }
  if (auto it = m.find("between"); it != m.end() && !it->is_null()) {
    if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number_integer() ||
        !(*it)[1].is_number_integer()) {
      return absl::InvalidArgumentError(internal::Cat(
          where, "\"between\" must be two candidate numbers [N,M], got ", it->dump()));
    }
    raw.between_a = (*it)[0].get<int64_t>();
    raw.between_b = (*it)[1].get<int64_t>();
  }
  return raw;
}

}  // namespace

StatusOr<Ballot> BallotParser::Parse(std::string_view text) {
  marks_.clear();
  ineligible_.clear();
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError("not valid JSON");
  if (!j.is_object()) return absl::InvalidArgumentError("a ballot must be a JSON object");

  Ballot b;
  auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) {
    return absl::InvalidArgumentError(
        "missing \"type\" (one of PPWP, DPR, DPD, DPRD_PROV, DPRD_KAB)");
  }
  const auto type = ParseBallotType(type_it->get_ref<const std::string&>());
  if (!type) {
    return absl::InvalidArgumentError(internal::Cat(
        "unknown \"type\" ", type_it->dump(), " (one of PPWP, DPR, DPD, DPRD_PROV, DPRD_KAB)"));
  }
  b.type = *type;

  ASSIGN_OR_RETURN(std::optional<bool> is_signed, OptBool(j, "signed", ""));
  ASSIGN_OR_RETURN(std::optional<bool> extra, OptBool(j, "extra_writing", ""));
  b.is_signed = is_signed.value_or(true);
  b.extra_writing = extra.value_or(false);
  if (auto it = j.find("tool"); it != j.end() && !it->is_null()) {
    std::optional<Tool> tool;
    if (it->is_string()) tool = ParseTool(it->get_ref<const std::string&>());
    if (!tool) {
      return absl::InvalidArgumentError(
          internal::Cat("\"tool\" must be \"punch\", \"pen\" or \"other\", got ", it->dump()));
    }
    b.tool = *tool;
  }

  if (auto it = j.find("ineligible"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return absl::InvalidArgumentError("\"ineligible\" must be an array");
    for (size_t k = 0; k < it->size(); ++k) {
      const json& e = (*it)[k];
      const std::string where = internal::Cat("ineligible entry ", k + 1, ": ");
      if (!e.is_object()) return absl::InvalidArgumentError(where + "must be an object");
      ASSIGN_OR_RETURN(std::optional<int64_t> party, OptInt(e, "party", where));
      ASSIGN_OR_RETURN(std::optional<int64_t> cand, OptInt(e, "candidate", where));
      StatusOr<Ineligible> in = ClassifyIneligible(b.type, party, cand);
      if (!in.ok()) return absl::InvalidArgumentError(where + std::string(in.status().message()));
      ineligible_.push_back(*in);
    }
  }

  auto marks_it = j.find("marks");
  if (marks_it == j.end() || !marks_it->is_array()) {
    return absl::InvalidArgumentError("missing \"marks\" (an array, empty when nothing is marked)");
  }
  for (size_t k = 0; k < marks_it->size(); ++k) {
    const std::string where = internal::Cat("mark ", k + 1, ": ");
    ASSIGN_OR_RETURN(RawMark raw, ReadRawMark((*marks_it)[k], where));
    StatusOr<Mark> m = ClassifyMark(b.type, raw);
    if (!m.ok()) return absl::InvalidArgumentError(where + std::string(m.status().message()));
    marks_.push_back(*m);
  }
  b.ineligible = ineligible_;
  b.marks = marks_;
  return b;
}

std::string VerdictToJson(const Verdict& v) {
  std::string out;
  out.reserve(96);
  if (!v.valid) {
    internal::CatAppend(out, "{\"valid\":false,\"reason\":\"", ReasonName(v.reason), "\"");
  } else {
    out += "{\"valid\":true,\"vote\":{";
    switch (v.outcome) {
      case Outcome::kTicket:
        internal::CatAppend(out, "\"ticket\":", v.ticket);
        break;
      case Outcome::kParty:
        internal::CatAppend(out, "\"party\":", v.party);
        break;
      case Outcome::kPartyCandidate:
        internal::CatAppend(out, "\"party\":", v.party, ",\"candidate\":", v.candidate);
        break;
      case Outcome::kDpdCandidate:
        internal::CatAppend(out, "\"candidate\":", v.candidate);
        break;
      case Outcome::kInvalid:
        break;
    }
    out += "}";
  }
  // Rule ids are plain ASCII (letters, digits, '.', '_'): no escaping needed.
  internal::CatAppend(out, ",\"rule\":\"", v.rule != nullptr ? v.rule->id : "", "\"}");
  return out;
}

std::string ErrorToJson(std::string_view message) {
  json j = json::object();
  j["error"] = std::string(message);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string RulesToJson(std::span<const Rule> rules) {
  static constexpr std::string_view kOutcome[] = {"invalid", "ticket", "party", "party_candidate",
                                                  "dpd_candidate"};
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Rule& r : rules) {
    nlohmann::ordered_json row;
    row["id"] = std::string(r.id);
    nlohmann::ordered_json types = nlohmann::ordered_json::array();
    for (int t = 0; t < kBallotTypeCount; ++t) {
      if (r.types & TypeBit(static_cast<BallotType>(t))) {
        types.push_back(std::string(BallotTypeName(static_cast<BallotType>(t))));
      }
    }
    row["types"] = types;
    row["outcome"] = std::string(kOutcome[static_cast<size_t>(r.outcome)]);
    if (r.outcome == Outcome::kInvalid) row["reason"] = std::string(ReasonName(r.reason));
    row["text_id"] = std::string(r.text_id);
    row["text_en"] = std::string(r.text_en);
    row["source"] = std::string(r.source);
    arr.push_back(row);
  }
  return arr.dump(2);
}

namespace internal {

nlohmann::ordered_json BallotJson(const Ballot& b) {
  using oj = nlohmann::ordered_json;
  oj j;
  j["type"] = std::string(BallotTypeName(b.type));
  if (!b.is_signed) j["signed"] = false;
  if (b.extra_writing) j["extra_writing"] = true;
  if (b.tool != Tool::kPunch) j["tool"] = b.tool == Tool::kPen ? "pen" : "other";
  if (!b.ineligible.empty()) {
    oj list = oj::array();
    for (const Ineligible& i : b.ineligible) {
      oj e;
      if (i.party != 0) e["party"] = i.party;
      e["candidate"] = i.candidate;
      list.push_back(std::move(e));
    }
    j["ineligible"] = std::move(list);
  }
  oj marks = oj::array();
  const bool party = IsPartyBallot(b.type);
  for (const Mark& m : b.marks) {
    oj o;
    switch (m.place) {
      case Place::kOutside:
        o["outside"] = true;
        break;
      case Place::kColumn:
        o[b.type == BallotType::kPpwp ? "ticket" : party ? "party" : "candidate"] = m.column;
        break;
      case Place::kBorder:
        o[b.type == BallotType::kPpwp ? "ticket" : party ? "party" : "candidate"] = m.column;
        o["area"] = "border";
        break;
      case Place::kBlank:
        o["party"] = m.column;
        o["area"] = "blank";
        break;
      case Place::kCandidate:
        o["party"] = m.column;
        o["candidate"] = m.candidate;
        break;
      case Place::kBetween:
        if (party) o["party"] = m.column;
        o["between"] = {m.candidate, m.candidate2};
        break;
    }
    if (m.twin) o["twin"] = true;
    marks.push_back(std::move(o));
  }
  j["marks"] = std::move(marks);
  return j;
}

nlohmann::ordered_json VerdictJson(const Verdict& v) {
  return nlohmann::ordered_json::parse(VerdictToJson(v));
}

}  // namespace internal

std::string BallotToJson(const Ballot& b) { return internal::BallotJson(b).dump(); }

}  // namespace bimtek::ballot
