#include "core/ballot/election.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "base/rng.h"
#include "core/ballot/cat.h"

namespace bimtek::ballot {
namespace {

// Invented names only: flowers for national parties, Acehnese flower words for local ones.
constexpr std::array<std::string_view, 24> kPartyNames = {
    "Partai Melati",        "Partai Anggrek",        "Partai Kenanga",       "Partai Teratai",
    "Partai Cempaka",       "Partai Mawar",          "Partai Kamboja",       "Partai Dahlia",
    "Partai Flamboyan",     "Partai Seroja",         "Partai Tanjung",       "Partai Bakung",
    "Partai Kemuning",      "Partai Asoka",          "Partai Soka",          "Partai Lili",
    "Partai Bugenvil",      "Partai Lokal Seulanga", "Partai Lokal Jeumpa",  "Partai Lokal Meulu",
    "Partai Lokal Bungong", "Partai Lokal Kupula",   "Partai Lokal Keumang", "Partai Nusa Indah"};

constexpr std::array<std::string_view, 24> kGivenMale = {
    "Adi",   "Bima",   "Cahyo",  "Dimas",  "Eko",   "Fajar", "Galih", "Hendra",
    "Irfan", "Joko",   "Krisna", "Lukman", "Made",  "Nanda", "Oki",   "Panji",
    "Raka",  "Satria", "Teguh",  "Umar",   "Wahyu", "Yoga",  "Zaki",  "Bayu"};
constexpr std::array<std::string_view, 24> kGivenFemale = {
    "Ayu",   "Bunga",  "Citra",   "Dewi",    "Endah", "Fitri", "Gita",    "Hana",
    "Intan", "Juwita", "Kartika", "Lestari", "Mega",  "Nadia", "Oktavia", "Putri",
    "Ratna", "Sari",   "Tika",    "Utami",   "Wulan", "Yuni",  "Zahra",   "Larasati"};
constexpr std::array<std::string_view, 24> kFamily = {
    "Wiranata",  "Sasmita",  "Hadikusuma", "Purbaya", "Mandala",   "Suryakanta",
    "Lembayung", "Pramesti", "Adiwangsa",  "Kencana", "Sembiring", "Pardamean",
    "Manurung",  "Tanoto",   "Rangkuti",   "Siregar", "Halim",     "Rumbewas",
    "Wonda",     "Laitupa",  "Daeng Rani", "Baso",    "Makatita",  "Tuasikal"};

Candidate MakeCandidate(Rng& rng, int number, char sex) {
  Candidate c;
  c.number = number;
  c.sex = sex;
  const auto& given = sex == 'P' ? kGivenFemale : kGivenMale;
  c.name = internal::Cat(given[rng.Below(static_cast<uint32_t>(given.size()))], " ",
                         kFamily[rng.Below(static_cast<uint32_t>(kFamily.size()))]);
  return c;
}

// A list of 1..seats candidates; at least every third is a woman (the 30% rule for lists).
std::vector<Candidate> MakeList(Rng& rng, int seats) {
  const int n = rng.Between(std::max(1, seats / 2), seats);
  std::vector<Candidate> out;
  for (int i = 1; i <= n; ++i) {
    const char sex = (i % 3 == 2) ? 'P' : (rng.Below(3) == 0 ? 'P' : 'L');
    out.push_back(MakeCandidate(rng, i, sex));
  }
  return out;
}

std::string_view TerritoryDistrict(Territory t) {
  switch (t) {
    case Territory::kProvince:
      return "Provinsi Nusa Fiksi";
    case Territory::kAceh:
      return "Aceh (fiktif)";
    case Territory::kJakarta:
      return "DKI Jakarta (fiktif)";
    case Territory::kAbroad:
      return "Luar Negeri (fiktif)";
  }
  return "";
}

}  // namespace

std::vector<BallotType> BallotTypesFor(Territory t) {
  switch (t) {
    case Territory::kProvince:
    case Territory::kAceh:
      return {BallotType::kPpwp, BallotType::kDpr, BallotType::kDpd, BallotType::kDprdProv,
              BallotType::kDprdKab};
    case Territory::kJakarta:
      return {BallotType::kPpwp, BallotType::kDpr, BallotType::kDpd, BallotType::kDprdProv};
    case Territory::kAbroad:
      return {BallotType::kPpwp, BallotType::kDpr};
  }
  return {};
}

std::vector<int> PartyNumbersOn(BallotType type, Territory t) {
  if (!IsPartyBallot(type)) return {};
  std::vector<int> out;
  for (int p = 1; p <= 24; ++p) {
    const bool local = p >= 18 && p <= 23;
    if (local && !(t == Territory::kAceh && type != BallotType::kDpr)) continue;
    out.push_back(p);
  }
  return out;
}

const Race* Election::RaceOf(BallotType type) const {
  for (const Race& r : races) {
    if (r.type == type) return &r;
  }
  return nullptr;
}

const Party* Election::PartyOf(int number) const {
  for (const Party& p : parties) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

Election FictionalElection(const FictionalOptions& o) {
  Election e;
  e.territory = o.territory;
  Rng rng(o.seed);
  for (int p : PartyNumbersOn(BallotType::kDprdProv, Territory::kAceh)) {
    const bool local = p >= 18 && p <= 23;
    if (local && o.territory != Territory::kAceh) continue;
    Party party;
    party.number = p;
    party.name = std::string(kPartyNames[static_cast<size_t>(p - 1)]);
    std::string_view last = party.name;
    last = last.substr(last.rfind(' ') + 1);
    party.short_name = internal::Cat(local ? "PL" : "P", last.substr(0, 3));
    party.aceh_local = local;
    e.parties.push_back(std::move(party));
  }
  for (BallotType type : BallotTypesFor(o.territory)) {
    Race race;
    race.type = type;
    switch (type) {
      case BallotType::kPpwp:
        for (int t = 1; t <= 3; ++t) {
          race.tickets.push_back({t, MakeCandidate(rng, 0, 'L').name,
                                  MakeCandidate(rng, 0, rng.Below(2) ? 'P' : 'L').name});
        }
        break;
      case BallotType::kDpd:
        race.district = std::string(TerritoryDistrict(o.territory));
        for (int c = 1; c <= o.dpd_candidates; ++c) {
          race.candidates.push_back(MakeCandidate(rng, c, rng.Below(3) == 0 ? 'P' : 'L'));
        }
        break;
      case BallotType::kDpr:
      case BallotType::kDprdProv:
      case BallotType::kDprdKab: {
        const int seats = type == BallotType::kDpr        ? o.dpr_seats
                          : type == BallotType::kDprdProv ? o.dprd_prov_seats
                                                          : o.dprd_kab_seats;
        race.district = internal::Cat(BallotTypeName(type), " Dapil Fiktif 1");
        for (int p : PartyNumbersOn(type, o.territory)) {
          race.lists.push_back({p, MakeList(rng, seats)});
        }
        break;
      }
    }
    e.races.push_back(std::move(race));
  }
  return e;
}

Status CheckContestants(const Election& e, const Ballot& b) {
  const Race* race = e.RaceOf(b.type);
  if (race == nullptr) {
    return absl::FailedPreconditionError(
        internal::Cat("this TPS has no ", BallotTypeName(b.type), " ballot"));
  }
  auto list_of = [&](int party) -> const PartyList* {
    for (const PartyList& l : race->lists) {
      if (l.party == party) return &l;
    }
    return nullptr;
  };
  auto has_candidate = [](const std::vector<Candidate>& cs, int n) {
    return std::any_of(cs.begin(), cs.end(), [n](const Candidate& c) { return c.number == n; });
  };
  auto check_party_candidate = [&](int party, int cand) -> Status {
    const PartyList* l = list_of(party);
    if (l == nullptr) {
      return absl::NotFoundError(
          internal::Cat("party ", party, " is not on the ", BallotTypeName(b.type), " ballot"));
    }
    if (cand != 0 && !has_candidate(l->candidates, cand)) {
      return absl::NotFoundError(
          internal::Cat("party ", party, " has no candidate ", cand, " on this ballot"));
    }
    return absl::OkStatus();
  };
  auto check_dpd = [&](int cand) -> Status {
    if (!has_candidate(race->candidates, cand)) {
      return absl::NotFoundError(internal::Cat("DPD candidate ", cand, " is not on the ballot"));
    }
    return absl::OkStatus();
  };
  for (const Ineligible& i : b.ineligible) {
    RETURN_IF_ERROR(b.type == BallotType::kDpd ? check_dpd(i.candidate)
                                               : check_party_candidate(i.party, i.candidate));
  }
  for (const Mark& m : b.marks) {
    if (m.place == Place::kOutside) continue;
    switch (b.type) {
      case BallotType::kPpwp:
        if (std::none_of(race->tickets.begin(), race->tickets.end(),
                         [&m](const Ticket& t) { return t.number == m.column; })) {
          return absl::NotFoundError(internal::Cat("ticket ", m.column, " is not on the ballot"));
        }
        break;
      case BallotType::kDpd:
        if (m.place == Place::kBetween) {
          RETURN_IF_ERROR(check_dpd(m.candidate));
          RETURN_IF_ERROR(check_dpd(m.candidate2));
        } else {
          RETURN_IF_ERROR(check_dpd(m.column));
        }
        break;
      default:
        RETURN_IF_ERROR(
            check_party_candidate(m.column, m.place == Place::kCandidate ? m.candidate : 0));
        if (m.place == Place::kBetween) {
          RETURN_IF_ERROR(check_party_candidate(m.column, m.candidate));
          RETURN_IF_ERROR(check_party_candidate(m.column, m.candidate2));
        }
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace bimtek::ballot
