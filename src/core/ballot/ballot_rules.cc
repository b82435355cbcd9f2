#include "core/ballot/ballot_rules.h"

#include <array>

#include "core/ballot/cat.h"

namespace bimtek::ballot {
namespace {

constexpr uint8_t kPpwpBit = TypeBit(BallotType::kPpwp);
constexpr uint8_t kDpdBit = TypeBit(BallotType::kDpd);

bool PartyMarks(const Summary& s) { return s.header || s.border_or_blank || s.between; }

// The table. Order matters: the invalid causes come first, in the precedence order of the CLI
// contract (not_signed, extra_writing, wrong_tool, no_mark, outside_columns, multiple_columns);
// then the rows that give a vote. Rows after the multiple-column rows may assume columns == 1.
constexpr Rule kRules[] = {
    {"any.not_signed", kAllTypes, [](const Summary& s, const RuleOptions&) { return !s.is_signed; },
     Outcome::kInvalid, Reason::kNotSigned,
     "Surat suara tidak ditandatangani Ketua KPPS: tidak sah.",
     "Not signed by the KPPS chair: invalid.", "§5 every ballot"},
    {"any.extra_writing", kAllTypes,
     [](const Summary& s, const RuleOptions&) { return s.extra_writing; }, Outcome::kInvalid,
     Reason::kExtraWriting, "Ada tulisan atau coretan pada surat suara: tidak sah.",
     "Something is written on the ballot: invalid.", "§5 every ballot"},
    {"any.wrong_tool", kAllTypes,
     [](const Summary& s, const RuleOptions&) { return s.tool != Tool::kPunch; }, Outcome::kInvalid,
     Reason::kWrongTool,
     "Tidak dicoblos dengan paku yang disediakan (pulpen, bakar, sobek): tidak sah.",
     "Not marked with the punch provided (pen, burn, tear): invalid.", "§5 every ballot"},
    {"any.no_mark", kAllTypes,
     [](const Summary& s, const RuleOptions&) { return s.own_marks == 0; }, Outcome::kInvalid,
     Reason::kNoMark, "Tidak ada coblosan: tidak sah.", "No mark: invalid.", "§5 every ballot"},
    {"any.all_outside", kAllTypes,
     [](const Summary& s, const RuleOptions&) { return s.outside_marks == s.own_marks; },
     Outcome::kInvalid, Reason::kOutsideColumns, "Semua coblosan di luar kolom: tidak sah.",
     "Every mark is outside every column: invalid.", "§5 every ballot"},
    {"any.stray_outside_invalid", kAllTypes,
     [](const Summary& s, const RuleOptions& o) {
       return o.stray_outside_invalid && s.outside_marks > 0;
     },
     Outcome::kInvalid, Reason::kOutsideColumns,
     "(Pilihan, tidak aktif bawaan) Ada coblosan di luar kolom selain coblosan di dalam kolom: "
     "tidak sah.",
     "(Option, off by default) A mark outside the columns besides marks inside: invalid.",
     "[inf] §5 leaves it open"},
    {"ppwp.two_tickets", kPpwpBit,
     [](const Summary& s, const RuleOptions&) { return s.columns > 1; }, Outcome::kInvalid,
     Reason::kMultipleColumns, "Coblosan pada kolom dua pasangan calon atau lebih: tidak sah.",
     "Marks in the columns of two or more tickets: invalid.", "§5 PPWP"},
    {"party.two_parties", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.columns > 1; }, Outcome::kInvalid,
     Reason::kMultipleColumns, "Coblosan pada kolom dua partai atau lebih: tidak sah.",
     "Marks in the columns of two or more parties: invalid.", "§5 table, last row"},
    {"dpd.between_candidates", kDpdBit,
     [](const Summary& s, const RuleOptions&) { return s.dpd_between; }, Outcome::kInvalid,
     Reason::kMultipleColumns, "Coblosan pada garis antara dua calon DPD: tidak sah.",
     "A mark on the line between two DPD candidates: invalid.", "§5 DPD"},
    {"dpd.two_candidates", kDpdBit,
     [](const Summary& s, const RuleOptions&) { return s.columns > 1; }, Outcome::kInvalid,
     Reason::kMultipleColumns, "Coblosan pada kolom dua calon DPD atau lebih: tidak sah.",
     "Marks in the columns of two or more DPD candidates: invalid.", "§5 DPD"},
    {"ppwp.one_ticket", kPpwpBit,
     [](const Summary& s, const RuleOptions&) { return s.columns == 1; }, Outcome::kTicket,
     Reason::kNone,
     "Semua coblosan di dalam kolom satu pasangan calon (nomor, foto, nama, logo partai, "
     "garis kolomnya; satu atau beberapa coblosan): sah untuk pasangan itu.",
     "Every mark in one ticket's column (number, photo, names, party logos, its border; one or "
     "several punches): valid for that ticket.",
     "§5 PPWP"},
    {"dpd.ineligible_candidate", kDpdBit,
     [](const Summary& s, const RuleOptions&) { return s.columns == 1 && s.ineligible; },
     Outcome::kDpdCandidate, Reason::kNone,
     "Coblosan hanya pada kolom calon DPD yang meninggal atau tidak memenuhi syarat: surat suara "
     "sah dan dicatat untuk calon itu (penetapan calon terpilih diurus KPU).",
     "Marks only in the column of a DPD candidate who died or was disqualified: the ballot is "
     "valid and recorded for that candidate (the KPU settles the seat).",
     "[inf] §5 leaves it open"},
    {"dpd.one_candidate", kDpdBit,
     [](const Summary& s, const RuleOptions&) { return s.columns == 1; }, Outcome::kDpdCandidate,
     Reason::kNone,
     "Semua coblosan di dalam kolom satu calon DPD (nomor, nama, foto, garis kolomnya; satu atau "
     "beberapa coblosan): sah untuk calon itu.",
     "Every mark in one DPD candidate's column (number, name, photo, its border; one or several "
     "punches): valid for that candidate.",
     "§5 DPD"},
    {"party.one_candidate", kPartyTypes,
     [](const Summary& s, const RuleOptions&) {
       return s.eligible_candidates == 1 && !PartyMarks(s) && !s.ineligible;
     },
     Outcome::kPartyCandidate, Reason::kNone,
     "Hanya satu calon yang dicoblos (nomor atau nama; satu atau beberapa coblosan): sah untuk "
     "calon itu (dan partainya).",
     "Only one candidate marked (number or name; one or several punches): valid for that "
     "candidate (and the party).",
     "§5 table: one candidate only; several punches on one candidate"},
    {"party.ineligible_and_one_candidate", kPartyTypes,
     [](const Summary& s, const RuleOptions&) {
       return s.eligible_candidates == 1 && s.ineligible;
     },
     Outcome::kPartyCandidate, Reason::kNone,
     "Calon yang meninggal/tidak memenuhi syarat dan satu calon yang memenuhi syarat dari partai "
     "yang sama: sah untuk calon yang memenuhi syarat.",
     "An ineligible candidate and one eligible candidate of the same party: valid for the "
     "eligible candidate.",
     "§5 table: disqualified + one eligible candidate"},
    {"party.party_and_one_candidate", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.eligible_candidates == 1; },
     Outcome::kPartyCandidate, Reason::kNone,
     "Tanda gambar/nomor partai (atau garis, bidang kosong, garis antar-calon partai itu) dan "
     "satu calon partai itu: sah untuk calon itu.",
     "The party's header (or its border, blank area, a line between its candidates) and one of "
     "its candidates: valid for the candidate.",
     "§5 table: party + one candidate"},
    {"party.party_and_candidates", kPartyTypes,
     [](const Summary& s, const RuleOptions&) {
       return s.eligible_candidates > 1 && (PartyMarks(s) || s.ineligible);
     },
     Outcome::kParty, Reason::kNone,
     "Tanda gambar partai dan dua calon atau lebih dari partai itu: sah untuk partai.",
     "The party and two or more of its candidates: valid for the party.",
     "§5 table: party + two or more candidates"},
    {"party.candidates_only", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.eligible_candidates > 1; },
     Outcome::kParty, Reason::kNone,
     "Dua calon atau lebih dari partai yang sama: sah untuk partai.",
     "Two or more candidates of the same party: valid for the party.",
     "§5 table: two or more candidates"},
    {"party.ineligible_candidate", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.ineligible; }, Outcome::kParty,
     Reason::kNone,
     "Hanya calon yang meninggal atau tidak memenuhi syarat yang dicoblos: sah untuk partai.",
     "Only a candidate who died or was disqualified is marked: valid for the party.",
     "§5 table: disqualified candidate alone"},
    {"party.between_candidates", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.between; }, Outcome::kParty, Reason::kNone,
     "Coblosan pada garis antara dua calon dari partai yang sama: sah untuk partai.",
     "A mark on the line between two candidates of the same party: valid for the party.",
     "§5 table: line between two candidates"},
    {"party.border_or_blank", kPartyTypes,
     [](const Summary& s, const RuleOptions&) { return s.border_or_blank; }, Outcome::kParty,
     Reason::kNone,
     "Coblosan pada garis kolom partai atau pada bidang kosong/abu-abu di kolomnya: sah untuk "
     "partai.",
     "A mark on the party column's border or in its blank or grey area: valid for the party.",
     "§5 table: border or grey area"},
    {"party.header", kPartyTypes, [](const Summary& s, const RuleOptions&) { return s.header; },
     Outcome::kParty, Reason::kNone,
     "Hanya nomor, tanda gambar atau nama partai yang dicoblos (satu atau beberapa coblosan): sah "
     "untuk partai.",
     "Only the party's number, logo or name is marked (one or several punches): valid for the "
     "party.",
     "§5 table: party only; several punches in the header"},
};

constexpr std::array<std::string_view, 7> kReasonNames = {
    "",        "not_signed",      "extra_writing",   "wrong_tool",
    "no_mark", "outside_columns", "multiple_columns"};

bool PlaceExists(BallotType t, Place p) {
  switch (p) {
    case Place::kOutside:
    case Place::kColumn:
    case Place::kBorder:
      return true;
    case Place::kBetween:
      return t != BallotType::kPpwp;
    case Place::kCandidate:
    case Place::kBlank:
      return IsPartyBallot(t);
  }
  return false;
}

bool IsIneligible(std::span<const Ineligible> list, uint16_t party, uint16_t candidate) {
  for (const Ineligible& i : list) {
    if (i.party == party && i.candidate == candidate) return true;
  }
  return false;
}

// Records that a mark touches `col`: columns counts 0, 1 or 2 (= more than one).
inline void Touch(Summary& s, uint16_t col) {
  if (s.columns == 0) {
    s.columns = 1;
    s.column = col;
  } else if (col != s.column) {
    s.columns = 2;
  }
}

inline void TouchCandidate(Summary& s, uint16_t cand) {
  if (s.eligible_candidates == 0) {
    s.eligible_candidates = 1;
    s.candidate = cand;
  } else if (cand != s.candidate) {
    s.eligible_candidates = 2;
  }
}

}  // namespace

std::string_view ReasonName(Reason r) { return kReasonNames[static_cast<size_t>(r)]; }

std::span<const Rule> DefaultRules() { return kRules; }

StatusOr<Summary> Summarize(const Ballot& b, const RuleOptions& /*options*/) {
  Summary s;
  s.type = b.type;
  s.is_signed = b.is_signed;
  s.extra_writing = b.extra_writing;
  s.tool = b.tool;
  const bool party_ballot = IsPartyBallot(b.type);
  for (const Ineligible& i : b.ineligible) {
    if (b.type == BallotType::kPpwp || (b.type == BallotType::kDpd) != (i.party == 0) ||
        i.candidate == 0) {
      return absl::InvalidArgumentError(
          internal::Cat("ineligible entry (party ", i.party, ", candidate ", i.candidate,
                        ") does not fit a ", BallotTypeName(b.type), " ballot"));
    }
  }
  for (size_t k = 0; k < b.marks.size(); ++k) {
    const Mark& m = b.marks[k];
    if (!PlaceExists(b.type, m.place)) {
      return absl::InvalidArgumentError(internal::Cat("mark ", k + 1, " is of a kind that a ",
                                                      BallotTypeName(b.type),
                                                      " ballot does not have"));
    }
    if (m.twin) continue;
    ++s.own_marks;
    if (m.place == Place::kOutside) {
      ++s.outside_marks;
      continue;
    }
    if (b.type == BallotType::kDpd && m.place == Place::kBetween) {
      s.dpd_between = true;
      Touch(s, m.candidate);
      Touch(s, m.candidate2);
      continue;
    }
    Touch(s, m.column);
    if (!party_ballot) continue;
    switch (m.place) {
      case Place::kColumn:
        s.header = true;
        break;
      case Place::kBlank:
      case Place::kBorder:
        s.border_or_blank = true;
        break;
      case Place::kBetween:
        s.between = true;
        break;
      case Place::kCandidate:
        if (IsIneligible(b.ineligible, m.column, m.candidate)) {
          s.ineligible = true;
        } else {
          TouchCandidate(s, m.candidate);
        }
        break;
      case Place::kOutside:
        break;
    }
  }
  if (s.own_marks == 0 && !b.marks.empty()) {
    return absl::InvalidArgumentError(
        "every mark is a twin: a twin mirrors another mark, which is missing");
  }
  if (b.type == BallotType::kDpd && s.columns == 1 && !s.dpd_between) {
    s.ineligible = IsIneligible(b.ineligible, 0, s.column);
  }
  return s;
}

StatusOr<Verdict> Judge(const Ballot& b, std::span<const Rule> rules, const RuleOptions& options) {
  ASSIGN_OR_RETURN(const Summary s, Summarize(b, options));
  const uint8_t bit = TypeBit(b.type);
  for (const Rule& r : rules) {
    if ((r.types & bit) == 0 || !r.applies(s, options)) continue;
    Verdict v;
    v.rule = &r;
    v.outcome = r.outcome;
    switch (r.outcome) {
      case Outcome::kInvalid:
        v.valid = false;
        v.reason = r.reason;
        break;
      case Outcome::kTicket:
        v.valid = true;
        v.ticket = s.column;
        break;
      case Outcome::kParty:
        v.valid = true;
        v.party = s.column;
        break;
      case Outcome::kPartyCandidate:
        v.valid = true;
        v.party = s.column;
        v.candidate = s.candidate;
        break;
      case Outcome::kDpdCandidate:
        v.valid = true;
        v.candidate = s.column;
        break;
    }
    return v;
  }
  return absl::InternalError(internal::Cat("no rule applies to this ", BallotTypeName(b.type),
                                           " ballot: the rule table is incomplete"));
}

}  // namespace bimtek::ballot
