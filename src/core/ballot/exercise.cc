#include "core/ballot/exercise.h"

#include <algorithm>
#include <array>

#include "base/rng.h"

namespace bimtek::ballot {
namespace {

struct KindShare {
  CaseKind kind;
  uint32_t per_mille;
};

// Shares of each kind among the ballots of a race [inf: chosen so that a 200-voter TPS shows most
// hard cases; invalid ballots come to about 4%]. Kinds that do not exist on a ballot type become
// kClear.
constexpr std::array<KindShare, 17> kShares = {{
    {CaseKind::kClear, 782},
    {CaseKind::kPartyOnly, 60},
    {CaseKind::kSeveralPunches, 30},
    {CaseKind::kPartyAndCandidate, 30},
    {CaseKind::kTwoCandidates, 15},
    {CaseKind::kPartyArea, 15},
    {CaseKind::kPartyLine, 5},
    {CaseKind::kThroughPunch, 15},
    {CaseKind::kStrayOutside, 5},
    {CaseKind::kIneligible, 5},
    {CaseKind::kTwoColumns, 15},
    {CaseKind::kDpdBetween, 3},
    {CaseKind::kNoMark, 8},
    {CaseKind::kAllOutside, 3},
    {CaseKind::kNotSigned, 3},
    {CaseKind::kPen, 3},
    {CaseKind::kWriting, 3},
}};

CaseKind DrawKind(Rng& rng) {
  uint32_t r = rng.Below(1000);
  for (const KindShare& k : kShares) {
    if (r < k.per_mille) return k.kind;
    r -= k.per_mille;
  }
  return CaseKind::kClear;
}

// Index drawn with probability proportional to weights (all > 0).
size_t Pick(Rng& rng, const std::vector<double>& w) {
  double total = 0;
  for (double x : w) total += x;
  double r = rng.Unit() * total;
  for (size_t i = 0; i < w.size(); ++i) {
    if (r < w[i]) return i;
    r -= w[i];
  }
  return w.size() - 1;
}

std::vector<double> Weights(Rng& rng, size_t n) {
  std::vector<double> w(n);
  for (double& x : w) {
    const double u = rng.Unit();
    x = 0.05 + u * u;
  }
  return w;
}

// DPTb voters may receive fewer ballots (§4): all five, those of the province, PPWP + DPD, or
// PPWP alone.
enum class DptbScope : uint8_t { kAll, kProvince, kPpwpDpd, kPpwpOnly };

bool Receives(DptbScope s, BallotType t) {
  switch (s) {
    case DptbScope::kAll:
      return true;
    case DptbScope::kProvince:
      return t != BallotType::kDprdKab;
    case DptbScope::kPpwpDpd:
      return t == BallotType::kPpwp || t == BallotType::kDpd;
    case DptbScope::kPpwpOnly:
      return t == BallotType::kPpwp;
  }
  return false;
}

struct Voter {
  bool female = false;
  bool voted = false;
  DptbScope scope = DptbScope::kAll;
};

void Count(BySex& s, bool female) {
  (female ? s.female : s.male) += 1;
  s.total += 1;
}

// Builds the ballots of one race and its answer key.
class RaceBuilder {
 public:
  RaceBuilder(Rng& rng, const Race& race, RaceExercise& out)
      : rng_(rng), race_(race), out_(out), type_(race.type) {
    const size_t n = type_ == BallotType::kPpwp  ? race.tickets.size()
                     : type_ == BallotType::kDpd ? race.candidates.size()
                                                 : race.lists.size();
    column_weights_ = Weights(rng_, n);
    // At most one ineligible candidate per race, and only where others remain to be voted for
    // (a list of 3 or more; a DPD ballot of 2 or more).
    if (IsPartyBallot(type_) && rng_.Below(2) == 0) {
      const PartyList& l = race.lists[rng_.Below(static_cast<uint32_t>(race.lists.size()))];
      const Candidate& c = l.candidates[rng_.Below(static_cast<uint32_t>(l.candidates.size()))];
      if (l.candidates.size() >= 3) {
        out_.ineligible.push_back(
            {static_cast<uint16_t>(l.party), static_cast<uint16_t>(c.number)});
      }
    }
    if (type_ == BallotType::kDpd && race.candidates.size() >= 2 && rng_.Below(3) == 0) {
      out_.ineligible.push_back(
          {0,
           static_cast<uint16_t>(1 + rng_.Below(static_cast<uint32_t>(race.candidates.size())))});
    }
  }

  void AddBallot() {
    ExerciseBallot b;
    b.first_mark = static_cast<uint32_t>(out_.marks.size());
    b.kind = Fit(DrawKind(rng_));
    const size_t col = Pick(rng_, column_weights_);
    switch (b.kind) {
      case CaseKind::kClear:
        AddClear(col);
        break;
      case CaseKind::kPartyOnly:
        Add(Place::kColumn, ColumnNumber(col));
        break;
      case CaseKind::kSeveralPunches: {
        const Mark m = ClearMark(col);
        for (uint32_t i = 0, n = 2 + rng_.Below(2); i < n; ++i) out_.marks.push_back(m);
        break;
      }
      case CaseKind::kPartyAndCandidate:
        Add(Place::kColumn, ColumnNumber(col));
        AddClear(col);
        break;
      case CaseKind::kTwoCandidates: {
        const auto [a, c] = TwoEligible(col);
        Add(Place::kCandidate, ColumnNumber(col), a);
        Add(Place::kCandidate, ColumnNumber(col), c);
        break;
      }
      case CaseKind::kPartyArea: {
        Mark m = ClearMark(col);  // keeps DPD borders off an ineligible candidate
        m.place = IsPartyBallot(type_) && rng_.Below(2) ? Place::kBlank : Place::kBorder;
        m.candidate = 0;
        out_.marks.push_back(m);
        break;
      }
      case CaseKind::kPartyLine: {
        const PartyList& l = race_.lists[col];
        const uint16_t a =
            static_cast<uint16_t>(1 + rng_.Below(static_cast<uint32_t>(l.candidates.size() - 1)));
        Add(Place::kBetween, ColumnNumber(col), a, static_cast<uint16_t>(a + 1));
        break;
      }
      case CaseKind::kThroughPunch: {
        AddClear(col);
        Mark twin = ClearMark(OtherColumn(col));
        twin.twin = true;
        out_.marks.push_back(twin);
        break;
      }
      case CaseKind::kStrayOutside:
        AddClear(col);
        Add(Place::kOutside, 0);
        break;
      case CaseKind::kIneligible: {
        const Ineligible& in = out_.ineligible.front();
        if (type_ == BallotType::kDpd) {
          Add(Place::kColumn, in.candidate);
        } else {
          Add(Place::kCandidate, in.party, in.candidate);
        }
        break;
      }
      case CaseKind::kTwoColumns: {
        const Mark first = ClearMark(col);
        Mark second = first;
        while (second.column == first.column) second = ClearMark(OtherColumn(col));
        out_.marks.push_back(first);
        out_.marks.push_back(second);
        break;
      }
      case CaseKind::kDpdBetween: {
        const uint16_t a = static_cast<uint16_t>(
            1 + rng_.Below(static_cast<uint32_t>(race_.candidates.size() - 1)));
        Mark m;
        m.place = Place::kBetween;
        m.candidate = a;
        m.candidate2 = static_cast<uint16_t>(a + 1);
        out_.marks.push_back(m);
        break;
      }
      case CaseKind::kNoMark:
        break;
      case CaseKind::kAllOutside:
        Add(Place::kOutside, 0);
        break;
      case CaseKind::kNotSigned:
        b.is_signed = false;
        AddClear(col);
        break;
      case CaseKind::kPen:
        b.tool = Tool::kPen;
        AddClear(col);
        break;
      case CaseKind::kWriting:
        b.extra_writing = true;
        AddClear(col);
        break;
    }
    b.mark_count = static_cast<uint32_t>(out_.marks.size()) - b.first_mark;
    out_.ballots.push_back(b);
    const size_t i = out_.ballots.size() - 1;
    // Generated ballots are well formed, so Judge cannot fail; a failure would be a bug here.
    StatusOr<Verdict> v = Judge(out_.BallotAt(i));
    if (v.ok()) out_.ballots[i].verdict = *v;
  }

 private:
  // Replaces kinds that do not exist on this ballot type (or this race) with kClear.
  CaseKind Fit(CaseKind k) const {
    const bool party = IsPartyBallot(type_);
    switch (k) {
      case CaseKind::kPartyOnly:
      case CaseKind::kPartyAndCandidate:
        return party ? k : CaseKind::kClear;
      case CaseKind::kTwoCandidates:
      case CaseKind::kPartyLine:
        return party && MinEligible() >= 2 ? k : CaseKind::kClear;
      case CaseKind::kIneligible:
        return type_ != BallotType::kPpwp && !out_.ineligible.empty() ? k : CaseKind::kClear;
      case CaseKind::kDpdBetween:
        return type_ == BallotType::kDpd && race_.candidates.size() >= 2 ? k : CaseKind::kClear;
      case CaseKind::kThroughPunch:
      case CaseKind::kTwoColumns:
        return column_weights_.size() >= 2 ? k : CaseKind::kClear;
      default:
        return k;
    }
  }

  // Smallest number of eligible candidates on any party list.
  size_t MinEligible() const {
    size_t m = SIZE_MAX;
    for (const PartyList& l : race_.lists) {
      size_t n = l.candidates.size();
      for (const Ineligible& i : out_.ineligible) n -= (i.party == l.party) ? 1 : 0;
      m = std::min(m, n);
    }
    return m;
  }

  bool IsIneligible(uint16_t party, uint16_t cand) const {
    for (const Ineligible& i : out_.ineligible) {
      if (i.party == party && i.candidate == cand) return true;
    }
    return false;
  }

  uint16_t ColumnNumber(size_t col) const {
    switch (type_) {
      case BallotType::kPpwp:
        return static_cast<uint16_t>(race_.tickets[col].number);
      case BallotType::kDpd:
        return static_cast<uint16_t>(race_.candidates[col].number);
      default:
        return static_cast<uint16_t>(race_.lists[col].party);
    }
  }

  // An eligible candidate of party column `col`, the first ones more often.
  uint16_t EligibleCandidate(size_t col) {
    const PartyList& l = race_.lists[col];
    for (;;) {
      const uint32_t n = static_cast<uint32_t>(l.candidates.size());
      const uint32_t i = rng_.Below(2) == 0 ? 0 : rng_.Below(n);
      const uint16_t c = static_cast<uint16_t>(l.candidates[i].number);
      if (!IsIneligible(static_cast<uint16_t>(l.party), c)) return c;
    }
  }

  std::pair<uint16_t, uint16_t> TwoEligible(size_t col) {
    const uint16_t a = EligibleCandidate(col);
    uint16_t c = a;
    while (c == a) c = EligibleCandidate(col);
    return {a, c};
  }

  size_t OtherColumn(size_t col) {
    const size_t n = column_weights_.size();
    return (col + 1 + rng_.Below(static_cast<uint32_t>(n - 1))) % n;
  }

  // One punch on one eligible contestant in column `col`.
  Mark ClearMark(size_t col) {
    Mark m;
    m.column = ColumnNumber(col);
    if (IsPartyBallot(type_)) {
      m.place = Place::kCandidate;
      m.candidate = EligibleCandidate(col);
    } else {
      m.place = Place::kColumn;
      if (type_ == BallotType::kDpd) {
        // Keep clear DPD votes off an ineligible candidate (that is its own kind).
        while (IsIneligible(0, m.column)) {
          m.column = ColumnNumber(OtherColumn(col));
        }
      }
    }
    return m;
  }

  void AddClear(size_t col) { out_.marks.push_back(ClearMark(col)); }

  void Add(Place p, uint16_t column, uint16_t cand = 0, uint16_t cand2 = 0) {
    out_.marks.push_back(Mark{p, false, column, cand, cand2});
  }

  Rng& rng_;
  const Race& race_;
  RaceExercise& out_;
  BallotType type_;
  std::vector<double> column_weights_;
};

// Tallies the verdicts into the race's C.Hasil votes.
void Tally(RaceExercise& r) {
  CHasil& f = r.chasil;
  for (const ExerciseBallot& b : r.ballots) {
    const Verdict& v = b.verdict;
    if (!v.valid) {
      ++f.invalid_votes;
      continue;
    }
    ++f.valid_votes;
    auto bump = [](std::vector<NumberedVotes>& list, int number) {
      for (NumberedVotes& n : list) {
        if (n.number == number) {
          ++n.votes;
          return;
        }
      }
    };
    switch (v.outcome) {
      case Outcome::kTicket:
        bump(f.tickets, v.ticket);
        break;
      case Outcome::kDpdCandidate:
        bump(f.candidates, v.candidate);
        break;
      case Outcome::kParty:
      case Outcome::kPartyCandidate:
        for (PartyVotes& p : f.parties) {
          if (p.party != v.party) continue;
          ++p.total;
          if (v.outcome == Outcome::kParty) {
            ++p.party_votes;
          } else {
            bump(p.candidates, v.candidate);
          }
        }
        break;
      case Outcome::kInvalid:
        break;
    }
  }
  f.total_votes = f.valid_votes + f.invalid_votes;
}

}  // namespace

std::string_view CaseKindName(CaseKind k) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "clear",       "party_only",  "several_punches", "party_and_candidate", "two_candidates",
      "party_area",  "party_line",  "through_punch",   "stray_outside",       "ineligible",
      "two_columns", "dpd_between", "no_mark",         "all_outside",         "not_signed",
      "pen",         "writing"};
  return kNames[static_cast<size_t>(k)];
}

std::string_view ExpectedRule(CaseKind k, BallotType type) {
  const bool ppwp = type == BallotType::kPpwp, dpd = type == BallotType::kDpd;
  switch (k) {
    case CaseKind::kClear:
    case CaseKind::kSeveralPunches:
    case CaseKind::kThroughPunch:
    case CaseKind::kStrayOutside:
    case CaseKind::kPartyArea:
      if (ppwp) return "ppwp.one_ticket";
      if (dpd) return "dpd.one_candidate";
      return k == CaseKind::kPartyArea ? "party.border_or_blank" : "party.one_candidate";
    case CaseKind::kPartyOnly:
      return "party.header";
    case CaseKind::kPartyAndCandidate:
      return "party.party_and_one_candidate";
    case CaseKind::kTwoCandidates:
      return "party.candidates_only";
    case CaseKind::kPartyLine:
      return "party.between_candidates";
    case CaseKind::kIneligible:
      return dpd ? "dpd.ineligible_candidate" : "party.ineligible_candidate";
    case CaseKind::kTwoColumns:
      return ppwp ? "ppwp.two_tickets" : dpd ? "dpd.two_candidates" : "party.two_parties";
    case CaseKind::kDpdBetween:
      return "dpd.between_candidates";
    case CaseKind::kNoMark:
      return "any.no_mark";
    case CaseKind::kAllOutside:
      return "any.all_outside";
    case CaseKind::kNotSigned:
      return "any.not_signed";
    case CaseKind::kPen:
      return "any.wrong_tool";
    case CaseKind::kWriting:
      return "any.extra_writing";
  }
  return "";
}

Ballot RaceExercise::BallotAt(size_t i) const {
  const ExerciseBallot& e = ballots[i];
  Ballot b;
  b.type = type;
  b.is_signed = e.is_signed;
  b.extra_writing = e.extra_writing;
  b.tool = e.tool;
  b.ineligible = ineligible;
  b.marks = std::span<const Mark>(marks).subspan(e.first_mark, e.mark_count);
  return b;
}

TpsExercise GenerateExercise(const ExerciseOptions& options) {
  TpsExercise tps;
  tps.seed = options.seed;
  Rng rng(Rng::Mix(options.seed, 0x7e5));
  tps.election =
      options.election != nullptr
          ? *options.election
          : FictionalElection({.seed = Rng::Mix(options.seed, 1), .territory = options.territory});

  // Voters: DPT 150-300, a few DPTb with the ballots they may receive, a few DPK.
  const int dpt_n = rng.Between(150, 300);
  const double female_share = 0.47 + 0.06 * rng.Unit();
  const double turnout = 0.70 + 0.20 * rng.Unit();
  std::vector<Voter> dpt(static_cast<size_t>(dpt_n)), dptb(rng.Below(7)), dpk(rng.Below(5));
  for (Voter& v : dpt) {
    v.female = rng.Unit() < female_share;
    v.voted = rng.Unit() < turnout;
  }
  for (Voter& v : dptb) {
    v.female = rng.Below(2) == 0;
    v.voted = rng.Unit() < 0.85;
    v.scope = static_cast<DptbScope>(rng.Below(4));
  }
  for (Voter& v : dpk) {
    v.female = rng.Below(2) == 0;
    v.voted = true;  // a DPK voter is recorded only by voting, 12:00-13:00
  }
  BySex disabled_voters, disabled_voted;
  for (uint32_t i = 0, n = rng.Below(5); i < n; ++i) {
    const bool female = rng.Below(2) == 0;
    Count(disabled_voters, female);
    if (rng.Below(4) != 0) Count(disabled_voted, female);
  }

  for (const Race& race : tps.election.races) {
    RaceExercise r;
    r.type = race.type;
    CHasil& f = r.chasil;
    f.race = race.type;
    f.tps = "TPS latihan " + std::to_string(options.seed);
    for (const Voter& v : dpt) {
      Count(f.voters.dpt, v.female);
      if (v.voted) Count(f.voted.dpt, v.female);
    }
    for (const Voter& v : dptb) {
      if (!Receives(v.scope, race.type)) continue;
      Count(f.voters.dptb, v.female);
      if (v.voted) Count(f.voted.dptb, v.female);
    }
    for (const Voter& v : dpk) {
      Count(f.voters.dpk, v.female);
      Count(f.voted.dpk, v.female);
    }
    for (VoterCounts* c : {&f.voters, &f.voted}) {
      c->total = {c->dpt.male + c->dptb.male + c->dpk.male,
                  c->dpt.female + c->dptb.female + c->dpk.female,
                  c->dpt.total + c->dptb.total + c->dpk.total};
    }
    f.disabled_voters = disabled_voters;
    f.disabled_voted = disabled_voted;

    const int64_t voted = f.voted.total.total;
    f.ballots.received = ExpectedBallots(f.voters.dpt.total);
    f.ballots.used = voted;
    f.ballots.returned = std::min<int64_t>(rng.Below(3), f.ballots.received - voted);
    f.ballots.unused = f.ballots.received - voted - f.ballots.returned;

    for (const Ticket& t : race.tickets) f.tickets.push_back({t.number, 0});
    for (const Candidate& c : race.candidates) f.candidates.push_back({c.number, 0});
    for (const PartyList& l : race.lists) {
      PartyVotes p;
      p.party = l.party;
      for (const Candidate& c : l.candidates) p.candidates.push_back({c.number, 0});
      f.parties.push_back(std::move(p));
    }

    RaceBuilder builder(rng, race, r);
    r.marks.reserve(static_cast<size_t>(voted) * 2);
    r.ballots.reserve(static_cast<size_t>(voted));
    for (int64_t i = 0; i < voted; ++i) builder.AddBallot();
    Tally(r);
    tps.races.push_back(std::move(r));
  }
  return tps;
}

}  // namespace bimtek::ballot
