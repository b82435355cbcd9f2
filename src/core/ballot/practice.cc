#include "core/ballot/practice.h"

#include <algorithm>
#include <charconv>

namespace bimtek::ballot {
namespace {

std::optional<uint16_t> ParseNumber(std::string_view s) {
  int v = 0;
  if (s.empty() || s.size() > 3 || s[0] == '0') return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > kMaxNumber) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(v);
}

NumberedVotes* FindNumbered(std::vector<NumberedVotes>& list, int number) {
  for (NumberedVotes& n : list) {
    if (n.number == number) return &n;
  }
  return nullptr;
}

// Counts `a` into `f` `delta` times (+1 or -1). False when `a` names no contestant of the form.
bool Count(CHasil& f, const Answer& a, int delta) {
  if (!a.valid) {
    f.invalid_votes += delta;
    return true;
  }
  NumberedVotes* n = nullptr;
  switch (a.outcome) {
    case Outcome::kTicket:
      n = FindNumbered(f.tickets, a.ticket);
      break;
    case Outcome::kDpdCandidate:
      n = FindNumbered(f.candidates, a.candidate);
      break;
    case Outcome::kParty:
    case Outcome::kPartyCandidate:
      for (PartyVotes& p : f.parties) {
        if (p.party != a.party) continue;
        if (a.outcome == Outcome::kParty) {
          p.party_votes += delta;
        } else {
          NumberedVotes* c = FindNumbered(p.candidates, a.candidate);
          if (c == nullptr) return false;
          c->votes += delta;
        }
        p.total += delta;
        f.valid_votes += delta;
        return true;
      }
      return false;
    case Outcome::kInvalid:
      return false;
  }
  if (n == nullptr) return false;
  n->votes += delta;
  f.valid_votes += delta;
  return true;
}

}  // namespace

std::vector<uint32_t> PracticeSample(const RaceExercise& race, int count) {
  std::vector<uint32_t> hard, clear;
  std::vector<bool> kind_taken(32, false);
  // First pass: one ballot of each hard kind, in opening order.
  for (uint32_t i = 0; i < race.ballots.size(); ++i) {
    const CaseKind k = race.ballots[i].kind;
    if (k == CaseKind::kClear) {
      if (clear.size() < 3) clear.push_back(i);
      continue;
    }
    if (!kind_taken[static_cast<size_t>(k)]) {
      kind_taken[static_cast<size_t>(k)] = true;
      hard.push_back(i);
    }
  }
  // Second pass: more hard ballots of kinds already taken, if room is left.
  const size_t want_hard = static_cast<size_t>(std::max(0, count)) -
                           std::min(clear.size(), static_cast<size_t>(std::max(0, count)));
  for (uint32_t i = 0; i < race.ballots.size() && hard.size() < want_hard; ++i) {
    if (race.ballots[i].kind != CaseKind::kClear &&
        std::find(hard.begin(), hard.end(), i) == hard.end()) {
      hard.push_back(i);
    }
  }
  if (hard.size() > want_hard) hard.resize(want_hard);
  std::vector<uint32_t> out = hard;
  for (uint32_t i : clear) {
    if (static_cast<int>(out.size()) < count) out.push_back(i);
  }
  // Fill with further clear ballots when the race has few hard ones.
  for (uint32_t i = 0; i < race.ballots.size() && static_cast<int>(out.size()) < count; ++i) {
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Answer> ParseAnswer(BallotType type, std::string_view t) {
  Answer a;
  if (t == "invalid") return a;
  if (t.size() < 2) return std::nullopt;
  a.valid = true;
  if (t[0] == 't' && type == BallotType::kPpwp) {
    auto n = ParseNumber(t.substr(1));
    if (!n) return std::nullopt;
    a.outcome = Outcome::kTicket;
    a.ticket = *n;
    return a;
  }
  if (t[0] == 'c' && type == BallotType::kDpd) {
    auto n = ParseNumber(t.substr(1));
    if (!n) return std::nullopt;
    a.outcome = Outcome::kDpdCandidate;
    a.candidate = *n;
    return a;
  }
  if (t[0] == 'p' && IsPartyBallot(type)) {
    const size_t c = t.find('c');
    auto p = ParseNumber(t.substr(1, c == std::string_view::npos ? t.npos : c - 1));
    if (!p) return std::nullopt;
    a.party = *p;
    a.outcome = Outcome::kParty;
    if (c != std::string_view::npos) {
      auto n = ParseNumber(t.substr(c + 1));
      if (!n) return std::nullopt;
      a.outcome = Outcome::kPartyCandidate;
      a.candidate = *n;
    }
    return a;
  }
  return std::nullopt;
}

std::string AnswerToken(const Answer& a) {
  if (!a.valid) return "invalid";
  // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on "x" + std::string.
  auto tok = [](char c, int n) {
    std::string s(1, c);
    s += std::to_string(n);
    return s;
  };
  switch (a.outcome) {
    case Outcome::kTicket:
      return tok('t', a.ticket);
    case Outcome::kDpdCandidate:
      return tok('c', a.candidate);
    case Outcome::kParty:
      return tok('p', a.party);
    case Outcome::kPartyCandidate:
      return tok('p', a.party) + tok('c', a.candidate);
    case Outcome::kInvalid:
      break;
  }
  return "invalid";
}

Answer AnswerOf(const Verdict& v) {
  Answer a;
  a.valid = v.valid;
  if (!v.valid) return a;
  a.outcome = v.outcome;
  a.ticket = v.outcome == Outcome::kTicket ? v.ticket : 0;
  a.party = (v.outcome == Outcome::kParty || v.outcome == Outcome::kPartyCandidate) ? v.party : 0;
  a.candidate =
      (v.outcome == Outcome::kPartyCandidate || v.outcome == Outcome::kDpdCandidate) ? v.candidate
                                                                                      : 0;
  return a;
}

bool SameAnswer(const Answer& a, const Answer& b) { return AnswerToken(a) == AnswerToken(b); }

CHasil TraineeTally(const RaceExercise& race, std::span<const uint32_t> sample,
                    std::span<const Answer> answers) {
  CHasil f = race.chasil;
  for (size_t i = 0; i < sample.size(); ++i) {
    Count(f, AnswerOf(race.ballots[sample[i]].verdict), -1);
    if (i < answers.size() && !Count(f, answers[i], +1)) Count(f, Answer{}, +1);
  }
  f.total_votes = f.valid_votes + f.invalid_votes;
  return f;
}

std::vector<FormField> FormFields(CHasil& f) {
  std::vector<FormField> out;
  auto sex = [&out](const std::string& path, BySex& s, bool given) {
    out.push_back({path + ".male", &s.male, given});
    out.push_back({path + ".female", &s.female, given});
    out.push_back({path + ".total", &s.total, given});
  };
  for (auto [name, c] : {std::pair<const char*, VoterCounts*>{"voters", &f.voters},
                         std::pair<const char*, VoterCounts*>{"voted", &f.voted}}) {
    const std::string n = name;
    sex(n + ".dpt", c->dpt, true);
    sex(n + ".dptb", c->dptb, true);
    sex(n + ".dpk", c->dpk, true);
    sex(n + ".total", c->total, false);
  }
  out.push_back({"ballots.received", &f.ballots.received, true});
  out.push_back({"ballots.used", &f.ballots.used, false});
  out.push_back({"ballots.unused", &f.ballots.unused, true});
  out.push_back({"ballots.returned", &f.ballots.returned, true});
  for (NumberedVotes& t : f.tickets) {
    out.push_back({"tickets." + std::to_string(t.number), &t.votes, true});
  }
  for (NumberedVotes& c : f.candidates) {
    out.push_back({"candidates." + std::to_string(c.number), &c.votes, true});
  }
  for (PartyVotes& p : f.parties) {
    const std::string base = "parties." + std::to_string(p.party);
    out.push_back({base + ".party_votes", &p.party_votes, true});
    for (NumberedVotes& c : p.candidates) {
      out.push_back({base + ".candidates." + std::to_string(c.number), &c.votes, true});
    }
    out.push_back({base + ".total", &p.total, false});
  }
  out.push_back({"valid_votes", &f.valid_votes, false});
  out.push_back({"invalid_votes", &f.invalid_votes, false});
  if (!f.total_votes) f.total_votes = 0;
  out.push_back({"total_votes", &*f.total_votes, false});
  return out;
}

std::vector<std::string> FormDifferences(CHasil a, CHasil b) {
  std::vector<FormField> fa = FormFields(a), fb = FormFields(b);
  std::vector<std::string> out;
  for (size_t i = 0; i < fa.size() && i < fb.size(); ++i) {
    if (*fa[i].value != *fb[i].value || fa[i].path != fb[i].path) out.push_back(fa[i].path);
  }
  return out;
}

}  // namespace bimtek::ballot
