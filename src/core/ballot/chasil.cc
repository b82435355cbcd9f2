#include "core/ballot/chasil.h"

#include <string_view>

#include "core/ballot/cat.h"

namespace bimtek::ballot {
namespace {

struct Labels {
  std::string_view field;
  std::string_view id;
  std::string_view en;
};

void Add(std::vector<Violation>& out, std::string_view check, Severity sev, std::string_view field,
         std::string id, std::string en) {
  out.push_back(
      Violation{std::string(check), sev, std::string(field), std::move(id), std::move(en)});
}

void CheckSex(std::vector<Violation>& out, const BySex& c, const Labels& l) {
  if (c.male + c.female == c.total) return;
  Add(out, "chasil.1.sex_total", Severity::kError, l.field,
      internal::Cat(l.id, ": jumlah (", c.total, ") tidak sama dengan laki-laki (", c.male,
                    ") + perempuan (", c.female, ") = ", c.male + c.female, "."),
      internal::Cat(l.en, ": total (", c.total, ") is not male (", c.male, ") + female (", c.female,
                    ") = ", c.male + c.female, "."));
}

// total row == DPT + DPTb + DPK, for male, female and total.
void CheckListSum(std::vector<Violation>& out, std::string_view check, const VoterCounts& v,
                  const Labels& l) {
  struct Part {
    int64_t BySex::*member;
    std::string_view id, en;
  };
  static constexpr Part kParts[] = {{&BySex::male, "laki-laki", "male"},
                                    {&BySex::female, "perempuan", "female"},
                                    {&BySex::total, "jumlah", "total"}};
  for (const Part& p : kParts) {
    const int64_t dpt = v.dpt.*p.member, dptb = v.dptb.*p.member, dpk = v.dpk.*p.member;
    const int64_t total = v.total.*p.member;
    if (dpt + dptb + dpk == total) continue;
    Add(out, check, Severity::kError, internal::Cat(l.field, ".total"),
        internal::Cat(l.id, " (", p.id, "): jumlah (", total, ") tidak sama dengan DPT (", dpt,
                      ") + DPTb (", dptb, ") + DPK (", dpk, ") = ", dpt + dptb + dpk, "."),
        internal::Cat(l.en, " (", p.en, "): total (", total, ") is not DPT (", dpt, ") + DPTb (",
                      dptb, ") + DPK (", dpk, ") = ", dpt + dptb + dpk, "."));
  }
}

int64_t SumOf(const std::vector<NumberedVotes>& v) {
  int64_t s = 0;
  for (const NumberedVotes& n : v) s += n.votes;
  return s;
}

}  // namespace

int64_t ExpectedBallots(int64_t dpt, const ChasilOptions& options) {
  const int64_t scaled = dpt * options.reserve_percent;  // reserve = scaled / 100
  int64_t reserve = scaled / 100;
  switch (options.rounding) {
    case ChasilOptions::Rounding::kUp:
      if (scaled % 100 != 0) ++reserve;
      break;
    case ChasilOptions::Rounding::kNearest:
      if (scaled % 100 >= 50) ++reserve;
      break;
    case ChasilOptions::Rounding::kDown:
      break;
  }
  return dpt + reserve;
}

std::vector<Violation> CheckCHasil(const CHasil& f, const ChasilOptions& options) {
  std::vector<Violation> out;

  // 1. Every total = male + female; voters who voted = DPT + DPTb + DPK who voted.
  CheckSex(out, f.voters.dpt, {"voters.dpt", "Data pemilih DPT", "Voters on the DPT"});
  CheckSex(out, f.voters.dptb, {"voters.dptb", "Data pemilih DPTb", "Voters on the DPTb"});
  CheckSex(out, f.voters.dpk, {"voters.dpk", "Data pemilih DPK", "Voters on the DPK"});
  CheckSex(out, f.voters.total, {"voters.total", "Jumlah data pemilih", "All voters on the lists"});
  CheckSex(out, f.voted.dpt, {"voted.dpt", "Pengguna hak pilih DPT", "DPT voters who voted"});
  CheckSex(out, f.voted.dptb, {"voted.dptb", "Pengguna hak pilih DPTb", "DPTb voters who voted"});
  CheckSex(out, f.voted.dpk, {"voted.dpk", "Pengguna hak pilih DPK", "DPK voters who voted"});
  CheckSex(out, f.voted.total,
           {"voted.total", "Jumlah pengguna hak pilih", "All voters who voted"});
  if (f.disabled_voters) {
    CheckSex(out, *f.disabled_voters,
             {"disability.voters", "Pemilih disabilitas", "Voters with disabilities"});
  }
  if (f.disabled_voted) {
    CheckSex(out, *f.disabled_voted,
             {"disability.voted", "Pemilih disabilitas yang menggunakan hak pilih",
              "Voters with disabilities who voted"});
  }
  CheckListSum(out, "chasil.1.voters_sum", f.voters,
               {"voters", "Data pemilih", "Voters on the lists"});
  CheckListSum(out, "chasil.1.voted_sum", f.voted,
               {"voted", "Pengguna hak pilih", "Voters who voted"});

  // 2. Voters who voted = ballots used = valid + invalid votes.
  const int64_t voted = f.voted.total.total;
  const int64_t votes = f.valid_votes + f.invalid_votes;
  if (voted != f.ballots.used) {
    Add(out, "chasil.2.voted_vs_used", Severity::kError, "ballots.used",
        internal::Cat("Jumlah pengguna hak pilih (", voted,
                      ") tidak sama dengan jumlah surat suara yang digunakan (", f.ballots.used,
                      ")."),
        internal::Cat("Voters who voted (", voted, ") differ from ballots used (", f.ballots.used,
                      ")."));
  }
  if (f.ballots.used != votes) {
    Add(out, "chasil.2.used_vs_votes", Severity::kError, "valid_votes",
        internal::Cat("Surat suara yang digunakan (", f.ballots.used,
                      ") tidak sama dengan suara sah (", f.valid_votes, ") + tidak sah (",
                      f.invalid_votes, ") = ", votes, "."),
        internal::Cat("Ballots used (", f.ballots.used, ") differ from valid (", f.valid_votes,
                      ") + invalid (", f.invalid_votes, ") votes = ", votes, "."));
  }
  if (f.total_votes && *f.total_votes != votes) {
    Add(out, "chasil.2.total_votes", Severity::kError, "total_votes",
        internal::Cat("Jumlah seluruh suara (", *f.total_votes, ") tidak sama dengan suara sah (",
                      f.valid_votes, ") + tidak sah (", f.invalid_votes, ") = ", votes, "."),
        internal::Cat("Total votes (", *f.total_votes, ") differ from valid (", f.valid_votes,
                      ") + invalid (", f.invalid_votes, ") = ", votes, "."));
  }

  // 3. Ballots received = used + unused + returned damaged or wrongly marked.
  const BallotUsage& b = f.ballots;
  const int64_t accounted = b.used + b.unused + b.returned;
  if (b.received != accounted) {
    Add(out, "chasil.3.ballot_balance", Severity::kError, "ballots.received",
        internal::Cat("Surat suara ", BallotTypeName(f.race), " yang diterima (", b.received,
                      ") tidak sama dengan digunakan (", b.used, ") + tidak digunakan (", b.unused,
                      ") + dikembalikan rusak/keliru coblos (", b.returned, ") = ", accounted, "."),
        internal::Cat(BallotTypeName(f.race), " ballots received (", b.received,
                      ") differ from used (", b.used, ") + unused (", b.unused,
                      ") + returned damaged or wrongly marked (", b.returned, ") = ", accounted,
                      "."));
  }

  // 4. Valid votes = sum per ticket / DPD candidate / party; party total = party + candidates.
  int64_t sum = 0;
  std::string_view per_id, per_en;
  switch (f.race) {
    case BallotType::kPpwp:
      sum = SumOf(f.tickets);
      per_id = "pasangan calon";
      per_en = "ticket";
      break;
    case BallotType::kDpd:
      sum = SumOf(f.candidates);
      per_id = "calon DPD";
      per_en = "DPD candidate";
      break;
    case BallotType::kDpr:
    case BallotType::kDprdProv:
    case BallotType::kDprdKab:
      per_id = "partai";
      per_en = "party";
      for (const PartyVotes& p : f.parties) {
        const int64_t cand = SumOf(p.candidates);
        const int64_t expected = p.party_votes + cand;
        sum += p.total;
        if (p.total == expected) continue;
        Add(out, "chasil.4.party_total", Severity::kError,
            internal::Cat("votes.parties[", p.party, "]"),
            internal::Cat("Partai ", p.party, ": jumlah suara (", p.total,
                          ") tidak sama dengan suara partai saja (", p.party_votes,
                          ") + suara calon (", cand, ") = ", expected, "."),
            internal::Cat("Party ", p.party, ": total (", p.total,
                          ") is not its party-only votes (", p.party_votes,
                          ") + its candidates' votes (", cand, ") = ", expected, "."));
      }
      break;
  }
  if (sum != f.valid_votes) {
    Add(out, "chasil.4.valid_sum", Severity::kError, "valid_votes",
        internal::Cat("Suara sah (", f.valid_votes, ") tidak sama dengan jumlah suara per ", per_id,
                      " (", sum, ")."),
        internal::Cat("Valid votes (", f.valid_votes, ") differ from the sum of votes per ", per_en,
                      " (", sum, ")."));
  }

  // 5. Warnings: turnout within the lists; ballots received = DPT + reserve.
  if (voted > f.voters.total.total) {
    Add(out, "chasil.5.voted_exceeds_lists", Severity::kWarning, "voted.total",
        internal::Cat("Pengguna hak pilih (", voted, ") melebihi jumlah pemilih DPT + DPTb + DPK (",
                      f.voters.total.total, ")."),
        internal::Cat("Voters who voted (", voted, ") exceed the voters on DPT + DPTb + DPK (",
                      f.voters.total.total, ")."));
  }
  const int64_t expected = ExpectedBallots(f.voters.dpt.total, options);
  if (b.received != expected) {
    Add(out, "chasil.5.reserve", Severity::kWarning, "ballots.received",
        internal::Cat("Surat suara diterima (", b.received, ") tidak sama dengan DPT (",
                      f.voters.dpt.total, ") + ", options.reserve_percent,
                      "% cadangan = ", expected,
                      " (wajar bila ada tambahan surat suara dari TPS lain saat kekurangan)."),
        internal::Cat("Ballots received (", b.received, ") differ from DPT (", f.voters.dpt.total,
                      ") + ", options.reserve_percent, "% reserve = ", expected,
                      " (legitimate when ballots were moved in from other TPS after a shortage)."));
  }
  return out;
}

bool HasErrors(const std::vector<Violation>& v) {
  for (const Violation& x : v) {
    if (x.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace bimtek::ballot
