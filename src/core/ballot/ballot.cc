#include "core/ballot/ballot.h"

#include <array>
#include <string>

#include "core/ballot/cat.h"

namespace bimtek::ballot {
namespace {

constexpr std::array<std::string_view, kBallotTypeCount> kTypeNames = {"PPWP", "DPR", "DPD",
                                                                       "DPRD_PROV", "DPRD_KAB"};

// Checks that a present number is within 1..kMaxNumber.
Status CheckNumber(std::string_view what, int64_t v) {
  if (v < 1 || v > kMaxNumber) {
    return absl::InvalidArgumentError(
        internal::Cat(what, " must be a number from 1 to ", kMaxNumber, ", got ", v));
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view BallotTypeName(BallotType t) { return kTypeNames[static_cast<size_t>(t)]; }

std::optional<BallotType> ParseBallotType(std::string_view s) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == s) return static_cast<BallotType>(i);
  }
  return std::nullopt;
}

std::optional<Tool> ParseTool(std::string_view s) {
  if (s == "punch") return Tool::kPunch;
  if (s == "pen") return Tool::kPen;
  if (s == "other") return Tool::kOther;
  return std::nullopt;
}

StatusOr<Mark> ClassifyMark(BallotType type, const RawMark& raw) {
  const std::string tname(BallotTypeName(type));
  Mark m;
  m.twin = raw.twin;
  const bool has_between = raw.between_a.has_value() || raw.between_b.has_value();
  if (raw.outside) {
    if (raw.ticket || raw.party || raw.candidate || has_between ||
        raw.area != RawMark::Area::kNone) {
      return absl::InvalidArgumentError(
          "a mark with \"outside\" cannot also name a ticket, party, candidate, area or between");
    }
    m.place = Place::kOutside;
    return m;
  }
  if (has_between) {
    if (!raw.between_a || !raw.between_b) {
      return absl::InvalidArgumentError("\"between\" must list exactly two candidate numbers");
    }
    RETURN_IF_ERROR(CheckNumber("between candidate", *raw.between_a));
    RETURN_IF_ERROR(CheckNumber("between candidate", *raw.between_b));
    if (*raw.between_a == *raw.between_b) {
      return absl::InvalidArgumentError("\"between\" must name two different candidates");
    }
    if (raw.candidate || raw.ticket || raw.area != RawMark::Area::kNone) {
      return absl::InvalidArgumentError(
          "a \"between\" mark cannot also name a ticket, candidate or area");
    }
    m.place = Place::kBetween;
    m.candidate = static_cast<uint16_t>(*raw.between_a);
    m.candidate2 = static_cast<uint16_t>(*raw.between_b);
  }

  switch (type) {
    case BallotType::kPpwp: {
      if (raw.party || raw.candidate || has_between) {
        return absl::InvalidArgumentError(
            "a PPWP ballot has tickets only: a mark may not name a party, candidate or between");
      }
      if (!raw.ticket) {
        return absl::InvalidArgumentError("a PPWP mark needs \"ticket\" (or \"outside\":true)");
      }
      if (raw.area == RawMark::Area::kBlank) {
        return absl::InvalidArgumentError("a PPWP mark's area may only be \"border\"");
      }
      RETURN_IF_ERROR(CheckNumber("ticket", *raw.ticket));
      m.column = static_cast<uint16_t>(*raw.ticket);
      m.place = raw.area == RawMark::Area::kBorder ? Place::kBorder : Place::kColumn;
      return m;
    }
    case BallotType::kDpd: {
      if (raw.party || raw.ticket) {
        return absl::InvalidArgumentError(
            "a DPD ballot has candidates only: a mark may not name a party or ticket");
      }
      if (has_between) return m;
      if (!raw.candidate) {
        return absl::InvalidArgumentError(
            "a DPD mark needs \"candidate\", \"between\" or \"outside\":true");
      }
      if (raw.area == RawMark::Area::kBlank) {
        return absl::InvalidArgumentError("a DPD mark's area may only be \"border\"");
      }
      RETURN_IF_ERROR(CheckNumber("candidate", *raw.candidate));
      m.column = static_cast<uint16_t>(*raw.candidate);
      m.place = raw.area == RawMark::Area::kBorder ? Place::kBorder : Place::kColumn;
      return m;
    }
    case BallotType::kDpr:
    case BallotType::kDprdProv:
    case BallotType::kDprdKab: {
      if (raw.ticket) {
        return absl::InvalidArgumentError(
            internal::Cat("a ", tname, " ballot has no tickets: a mark may not name a ticket"));
      }
      if (!raw.party) {
        return absl::InvalidArgumentError(
            internal::Cat("a ", tname,
                          " mark needs \"party\" (or \"outside\":true); a candidate is named by "
                          "party and candidate"));
      }
      RETURN_IF_ERROR(CheckNumber("party", *raw.party));
      m.column = static_cast<uint16_t>(*raw.party);
      if (has_between) return m;
      if (raw.candidate) {
        if (raw.area != RawMark::Area::kNone) {
          return absl::InvalidArgumentError("a candidate mark may not also have an area");
        }
        RETURN_IF_ERROR(CheckNumber("candidate", *raw.candidate));
        m.place = Place::kCandidate;
        m.candidate = static_cast<uint16_t>(*raw.candidate);
        return m;
      }
      switch (raw.area) {
        case RawMark::Area::kNone:
          m.place = Place::kColumn;
          break;
        case RawMark::Area::kBlank:
          m.place = Place::kBlank;
          break;
        case RawMark::Area::kBorder:
          m.place = Place::kBorder;
          break;
      }
      return m;
    }
  }
  return absl::InternalError("unknown ballot type");
}

StatusOr<Ineligible> ClassifyIneligible(BallotType type, std::optional<int64_t> party,
                                        std::optional<int64_t> candidate) {
  if (type == BallotType::kPpwp) {
    return absl::InvalidArgumentError("a PPWP ballot has no candidates that can be ineligible");
  }
  if (!candidate) {
    return absl::InvalidArgumentError("an ineligible entry needs \"candidate\"");
  }
  RETURN_IF_ERROR(CheckNumber("ineligible candidate", *candidate));
  Ineligible out;
  out.candidate = static_cast<uint16_t>(*candidate);
  if (type == BallotType::kDpd) {
    if (party) {
      return absl::InvalidArgumentError(
          "a DPD ballot has no parties: an ineligible entry is {\"candidate\":N}");
    }
    return out;
  }
  if (!party) {
    return absl::InvalidArgumentError(internal::Cat("an ineligible entry on ", BallotTypeName(type),
                                                    " needs \"party\" and \"candidate\""));
  }
  RETURN_IF_ERROR(CheckNumber("ineligible party", *party));
  out.party = static_cast<uint16_t>(*party);
  return out;
}

}  // namespace bimtek::ballot
