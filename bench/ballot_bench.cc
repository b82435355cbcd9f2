// Throughput of the ballot rules engine on already-parsed ballots, on one core (issue 6: at least
// 1 M ballots/s), and of the JSON line path that `bimtek ballot judge` runs, for comparison;
// and the time to generate one counting-exercise TPS (issue 6: at most 10 ms).
// For the ballot benchmarks items_per_second is ballots per second.
#include <string>
#include <vector>

#include "base/rng.h"
#include "benchmark/benchmark.h"
#include "core/ballot/ballot_json.h"
#include "core/ballot/ballot_rules.h"
#include "core/ballot/exercise.h"

namespace bimtek::ballot {
namespace {

// A deterministic mix of ballots of every type: mostly valid marks, with the hard cases of §5
// (several marks, party + candidates, twins, ineligible candidates, stray and outside marks,
// unsigned ballots).
struct Corpus {
  std::vector<std::vector<Mark>> marks;
  std::vector<Ineligible> ineligible_party = {{3, 2}};
  std::vector<Ineligible> ineligible_dpd = {{0, 7}};
  std::vector<Ballot> ballots;
  std::vector<std::string> lines;

  explicit Corpus(size_t n) {
    Rng rng(2024);
    marks.resize(n);
    for (size_t i = 0; i < n; ++i) {
      Ballot b;
      b.type = static_cast<BallotType>(rng.Below(kBallotTypeCount));
      b.is_signed = rng.Below(100) != 0;
      const int k = 1 + static_cast<int>(rng.Below(rng.Below(4) == 0 ? 4 : 1));
      const uint16_t col =
          static_cast<uint16_t>(1 + rng.Below(b.type == BallotType::kPpwp ? 3 : 18));
      for (int j = 0; j < k; ++j) {
        Mark m;
        m.twin = j > 0 && rng.Below(10) == 0;
        const uint32_t r = rng.Below(100);
        m.column = r < 90 ? col : static_cast<uint16_t>(1 + rng.Below(18));
        if (r >= 97) {
          m = Mark{};  // outside
        } else if (IsPartyBallot(b.type)) {
          const uint32_t p = rng.Below(10);
          m.place = p < 5   ? Place::kCandidate
                    : p < 8 ? Place::kColumn
                    : p < 9 ? Place::kBorder
                            : Place::kBetween;
          m.candidate = static_cast<uint16_t>(1 + rng.Below(8));
          m.candidate2 = static_cast<uint16_t>(m.candidate + 1);
        } else {
          m.place = rng.Below(10) == 0 ? Place::kBorder : Place::kColumn;
        }
        marks[i].push_back(m);
      }
      if (IsPartyBallot(b.type)) b.ineligible = ineligible_party;
      if (b.type == BallotType::kDpd) b.ineligible = ineligible_dpd;
      b.marks = marks[i];
      ballots.push_back(b);
    }
  }
};

void BM_JudgeParsed(benchmark::State& state) {
  const Corpus corpus(4096);
  const std::span<const Rule> rules = DefaultRules();
  size_t i = 0;
  int64_t valid = 0;
  for (auto _ : state) {
    StatusOr<Verdict> v = Judge(corpus.ballots[i], rules);
    valid += v->valid;
    benchmark::DoNotOptimize(v);
    if (++i == corpus.ballots.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["valid_share"] =
      benchmark::Counter(static_cast<double>(valid) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_JudgeParsed);

void BM_ParseAndJudgeJsonLine(benchmark::State& state) {
  const std::vector<std::string> lines = {
      R"({"type":"DPR","marks":[{"party":3},{"party":3,"candidate":2}]})",
      R"({"type":"PPWP","marks":[{"ticket":2},{"ticket":1,"twin":true}]})",
      R"({"type":"DPD","ineligible":[{"candidate":7}],"marks":[{"candidate":7}]})",
      R"({"type":"DPRD_KAB","signed":false,"marks":[{"party":1,"area":"border"}]})"};
  BallotParser parser;
  size_t i = 0;
  for (auto _ : state) {
    StatusOr<Ballot> b = parser.Parse(lines[i]);
    StatusOr<Verdict> v = Judge(*b);
    std::string out = VerdictToJson(*v);
    benchmark::DoNotOptimize(out);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndJudgeJsonLine);

void BM_GenerateExercise(benchmark::State& state) {
  uint64_t seed = 1;
  size_t ballots = 0;
  for (auto _ : state) {
    const TpsExercise tps = GenerateExercise({.seed = seed++, .territory = Territory::kAceh});
    for (const RaceExercise& r : tps.races) ballots += r.ballots.size();
    benchmark::DoNotOptimize(tps);
  }
  state.counters["ballots_per_tps"] =
      benchmark::Counter(static_cast<double>(ballots) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_GenerateExercise)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace bimtek::ballot

BENCHMARK_MAIN();
