// Figures for issue 5's benchmarks, printed by a plain main (not Google Benchmark's loop: each
// case runs once on data too large to repeat):
//  (a) item analysis + Rasch calibration of a national post-test, 5.74 M persons x 25 items, from
//      an in-memory packed response matrix (the store's packed rows hold the same bits);
//  (b) Rasch CML fit of 1 M x 40 in our code and of 10 k x 40 in eRm (Rscript) in the same run,
//      both times and the ratio.
// Usage: assessment_bench [--no-r] [--persons-national N]. Single-threaded.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/rng.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/rasch.h"
#include "core/assessment/response_matrix.h"

namespace bimtek::assessment {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Rasch data: abilities N(0, 1.2), difficulties evenly spread over [-2, 2]. `forms` > 1 gives a
// booklet design: form f leaves out items [f * k / (2 forms), ...) so that forms overlap.
// `p_missing` blanks cells at random (paper sheets). Per item, P = 1 / (1 + e^(sigma - theta))
// by a table over a fine theta grid, to keep generation fast.
ResponseMatrix Generate(size_t persons, size_t k, int forms, double p_missing, uint64_t seed,
                        std::vector<std::string>* csv_rows = nullptr) {
  Rng rng(seed);
  ResponseMatrix m(k, persons);
  std::vector<double> sigma(k);
  for (size_t i = 0; i < k; ++i)
    sigma[i] = -2.0 + 4.0 * static_cast<double>(i) / static_cast<double>(k - 1);
  constexpr int kGrid = 2001;  // theta in [-8, 8] by 0.008
  std::vector<uint64_t> threshold(kGrid * k);
  for (int g = 0; g < kGrid; ++g) {
    const double theta = -8.0 + 16.0 * g / (kGrid - 1);
    for (size_t i = 0; i < k; ++i) {
      const double pr = 1 / (1 + std::exp(sigma[i] - theta));
      threshold[static_cast<size_t>(g) * k + i] = static_cast<uint64_t>(pr * 0x1.0p53);
    }
  }
  const uint64_t miss_threshold = static_cast<uint64_t>(p_missing * 0x1.0p53);
  std::vector<uint64_t> pres(m.words()), corr(m.words());
  const size_t block = forms > 1 ? k / (2 * static_cast<size_t>(forms)) : 0;
  for (size_t v = 0; v < persons; ++v) {
    const double u1 = rng.Unit() * 0.999999 + 1e-6, u2 = rng.Unit();
    const double theta = 1.2 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    int g = static_cast<int>(std::lround((theta + 8.0) / 16.0 * (kGrid - 1)));
    g = std::clamp(g, 0, kGrid - 1);
    const size_t form = forms > 1 ? rng.Below(static_cast<uint32_t>(forms)) : 0;
    std::fill(pres.begin(), pres.end(), 0);
    std::fill(corr.begin(), corr.end(), 0);
    for (size_t i = 0; i < k; ++i) {
      if (forms > 1 && i >= form * block && i < (form + 1) * block) continue;
      if (miss_threshold > 0 && (rng.Next() >> 11) < miss_threshold) continue;
      pres[i / 64] |= uint64_t{1} << (i % 64);
      if ((rng.Next() >> 11) < threshold[static_cast<size_t>(g) * k + i])
        corr[i / 64] |= uint64_t{1} << (i % 64);
    }
    m.AddPersonBits(pres, corr);
  }
  if (csv_rows != nullptr) {
    for (size_t v = 0; v < persons; ++v) {
      std::ostringstream row;
      row << 'P' << v + 1;
      for (size_t i = 0; i < k; ++i) {
        row << ',';
        const Response r = m.at(v, i);
        if (r != Response::kMissing) row << (r == Response::kCorrect ? '1' : '0');
      }
      csv_rows->push_back(row.str());
    }
  }
  return m;
}

double TimeRasch(const ResponseMatrix& m, const char* label) {
  const auto t0 = Clock::now();
  auto fit = FitRasch(m);
  const auto t1 = Clock::now();
  if (!fit.ok()) {
    std::printf("%s: FAILED %s\n", label, fit.status().ToString().c_str());
    std::exit(1);
  }
  std::printf("%-44s %8.3f s  (%zu patterns, %d Newton iterations, %lld informative persons)\n",
              label, Seconds(t0, t1), fit->patterns.size(), fit->iterations,
              static_cast<long long>(fit->n_persons_informative));
  return Seconds(t0, t1);
}

// Runs eRm::RM on a CSV in R and returns RM()'s elapsed time (system.time), or < 0.
double TimeErm(const std::vector<std::string>& rows, size_t k) {
  std::ostringstream name;
  name << "/tmp/bimtek_assessment_bench_" << getpid();
  const std::filesystem::path dir = name.str();
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "data.csv");
    out << "person";
    for (size_t i = 0; i < k; ++i) out << ",I" << i + 1;
    out << "\n";
    for (const std::string& r : rows) out << r << "\n";
    std::ofstream(dir / "fit.R")
        << "suppressPackageStartupMessages(library(eRm))\n"
           "X <- as.matrix(read.csv(commandArgs(TRUE)[1], row.names = 1))\n"
           "t <- system.time(m <- suppressWarnings(RM(X)))\n"
           "cat(t[['elapsed']], '\\n')\n";
  }
  std::ostringstream cmd;
  cmd << "Rscript " << (dir / "fit.R").string() << " " << (dir / "data.csv").string() << " > "
      << (dir / "out.txt").string() << " 2>&1";
  const int rc = std::system(cmd.str().c_str());
  std::ifstream in(dir / "out.txt");
  double t = -1;
  if (rc == 0) in >> t;
  std::filesystem::remove_all(dir);
  return t;
}

}  // namespace
}  // namespace bimtek::assessment

int main(int argc, char** argv) {
  using namespace bimtek::assessment;
  bool run_r = true;
  size_t national = 5'740'000;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--no-r") == 0) run_r = false;
    if (std::strcmp(argv[a], "--persons-national") == 0 && a + 1 < argc)
      national = std::strtoull(argv[++a], nullptr, 10);
  }

  std::printf("== (b) Rasch CML, 40 items ==\n");
  auto t0 = Clock::now();
  ResponseMatrix complete = Generate(1'000'000, 40, 1, 0.0, 1);
  std::printf("generated 1 M x 40 complete in %.2f s (not timed below)\n",
              Seconds(t0, Clock::now()));
  const double ours = TimeRasch(complete, "ours: 1 M x 40, complete");
  ResponseMatrix forms = Generate(1'000'000, 40, 4, 0.0, 2);
  TimeRasch(forms, "ours: 1 M x 40, 4 overlapping forms");
  ResponseMatrix sparse = Generate(1'000'000, 40, 1, 0.02, 3);
  TimeRasch(sparse, "ours: 1 M x 40, 2% cells blank at random");
  if (run_r) {
    std::vector<std::string> rows;
    ResponseMatrix small = Generate(10'000, 40, 1, 0.0, 4, &rows);
    const double ours_small = TimeRasch(small, "ours: 10 k x 40, complete");
    const double erm = TimeErm(rows, 40);
    if (erm < 0) {
      std::printf("eRm: Rscript or eRm missing (install r-base-core r-cran-erm)\n");
    } else {
      std::printf("%-44s %8.3f s  (RM() only, system.time)\n", "eRm: 10 k x 40, complete", erm);
      std::printf(
          "ratio eRm(10 k) / ours(1 M) = %.1f; per person: eRm / ours = %.0f; "
          "same size eRm(10 k) / ours(10 k) = %.0f\n",
          erm / ours, (erm / 1e4) / (ours / 1e6), erm / ours_small);
    }
  }

  std::printf("== (a) national post-test: %zu persons x 25 items, in memory ==\n", national);
  t0 = Clock::now();
  ResponseMatrix nat = Generate(national, 25, 1, 0.01, 5);
  std::printf("generated in %.2f s (not timed); packed matrix %.0f MB\n", Seconds(t0, Clock::now()),
              static_cast<double>(national) * 2 * 8 / 1e6);
  t0 = Clock::now();
  auto items = AnalyzeItems(nat);
  const auto t1 = Clock::now();
  if (!items.ok()) return 1;
  std::printf("%-44s %8.3f s  (kr20 %.4f on %lld complete persons)\n", "item analysis",
              Seconds(t0, t1), items->kr20.value_or(NAN),
              static_cast<long long>(items->n_complete));
  const double rasch = TimeRasch(nat, "Rasch CML + person measures + infit/outfit");
  std::printf("%-44s %8.3f s  (target <= 10 s)\n", "full analysis", Seconds(t0, t1) + rasch);
  return 0;
}
