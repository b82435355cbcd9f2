// Compares the item statistics and the Rasch calibration with R's eRm and psych (Debian packages
// r-base-core, r-cran-erm, r-cran-psych) on deterministic data with missing cells, a booklet
// design and an item everyone answered right. Fails, never skips, when R or a package is absent.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "base/rng.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/rasch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bimtek::assessment {
namespace {

constexpr char kScript[] = R"R(
suppressPackageStartupMessages({library(eRm); library(psych)})
args <- commandArgs(trailingOnly = TRUE)
X <- as.matrix(read.csv(args[1], row.names = 1, check.names = FALSE))
m <- suppressWarnings(RM(X))
cat("loglik", sprintf("%.12f", m$loglik), "\n")
b <- m$betapar
for (i in seq_along(b)) cat("item", sub("^beta ", "", names(b)[i]), sprintf("%.12f", -b[i]),
                            sprintf("%.12f", m$se.beta[i]), "\n")
f <- itemfit(suppressWarnings(person.parameter(m)))
for (i in seq_along(f$i.infitMSQ)) cat("fit", names(f$i.infitMSQ)[i],
    sprintf("%.12f", f$i.infitMSQ[i]), sprintf("%.12f", f$i.outfitMSQ[i]), "\n")
Xc <- X[complete.cases(X), ]
a <- suppressWarnings(psych::alpha(as.data.frame(Xc), warnings = FALSE, check.keys = FALSE))
cat("alpha", sprintf("%.12f", a$total$raw_alpha), nrow(Xc), "\n")
)R";

struct RResult {
  double loglik = NAN;
  std::map<std::string, std::pair<double, double>> items;  // difficulty, se
  std::map<std::string, std::pair<double, double>> fit;    // infit, outfit
  double alpha = NAN;
  int64_t n_complete = -1;
};

// 1,500 persons, 12 items: 40% get a booklet without Q1-Q3, every cell is missing with
// probability 3%, and Q12 is answered right by everyone presented it.
ResponseMatrix MakeData(const std::string& csv_path) {
  const std::vector<double> sigma = {-1.5, -1.0, -0.6, -0.3, 0.0, 0.2,
                                     0.4,  0.7,  1.0,  1.3,  1.6, 0.0};
  Rng rng(20240214);
  ResponseMatrix m(sigma.size());
  std::ofstream out(csv_path);
  out << "person";
  for (size_t i = 0; i < sigma.size(); ++i) out << ",Q" << i + 1;
  out << "\n";
  std::vector<Response> row(sigma.size());
  for (int v = 0; v < 1500; ++v) {
    const double u1 = rng.Unit() * 0.999999 + 1e-6, u2 = rng.Unit();
    const double theta = 1.2 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    const bool booklet = rng.Unit() < 0.4;
    out << "P" << v + 1;
    for (size_t i = 0; i < sigma.size(); ++i) {
      const bool missing = (booklet && i < 3) || rng.Unit() < 0.03;
      const double pr = i == 11 ? 1.0 : 1 / (1 + std::exp(sigma[i] - theta));
      row[i] =
          missing ? Response::kMissing : (rng.Unit() < pr ? Response::kCorrect : Response::kWrong);
      out << "," << (row[i] == Response::kMissing ? "" : row[i] == Response::kCorrect ? "1" : "0");
    }
    out << "\n";
    EXPECT_TRUE(m.AddPerson(row).ok());
  }
  return m;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(RComparisonTest, MatchesErmAndPsych) {
  std::ostringstream name;
  name << "bimtek_assess_r_" << getpid();
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name.str();
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "data.csv").string();
  const std::string script = (dir / "compare.R").string();
  const std::string out_path = (dir / "out.txt").string();
  const std::string err_path = (dir / "err.txt").string();
  const ResponseMatrix m = MakeData(csv);
  std::ofstream(script) << kScript;

  ASSERT_EQ(std::system("Rscript --version > /dev/null 2>&1"), 0)
      << "Rscript not found: install the Debian packages r-base-core r-cran-erm r-cran-psych "
         "(scripts/setup.sh does)";
  std::ostringstream cmd;
  cmd << "Rscript '" << script << "' '" << csv << "' > '" << out_path << "' 2> '" << err_path
      << "'";
  ASSERT_EQ(std::system(cmd.str().c_str()), 0)
      << "Rscript failed (are r-cran-erm and r-cran-psych installed?):\n"
      << Slurp(err_path);

  RResult r;
  std::istringstream in(Slurp(out_path));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string tag, id;
    ls >> tag;
    if (tag == "loglik") {
      ls >> r.loglik;
    } else if (tag == "item") {
      double d, se;
      ls >> id >> d >> se;
      r.items[id] = {d, se};
    } else if (tag == "fit") {
      double inf, outf;
      ls >> id >> inf >> outf;
      r.fit[id] = {inf, outf};
    } else if (tag == "alpha") {
      ls >> r.alpha >> r.n_complete;
    }
  }
  ASSERT_EQ(r.items.size(), 11u) << "eRm should drop Q12 (all right); output:\n"
                                 << Slurp(out_path) << Slurp(err_path);

  auto fit = FitRasch(m);
  ASSERT_TRUE(fit.ok()) << fit.status();
  auto items = AnalyzeItems(m);
  ASSERT_TRUE(items.ok()) << items.status();

  EXPECT_FALSE(fit->items[11].difficulty.has_value());
  EXPECT_TRUE(fit->items[11].flags & kAllCorrect);
  double max_d = 0, max_se = 0, max_fit = 0;
  for (size_t i = 0; i < 11; ++i) {
    std::ostringstream qid;
    qid << "Q" << i + 1;
    const std::string id = qid.str();
    ASSERT_TRUE(r.items.count(id)) << id;
    const RaschItem& it = fit->items[i];
    ASSERT_TRUE(it.difficulty.has_value()) << id;
    EXPECT_NEAR(*it.difficulty, r.items[id].first, 0.01) << id;
    // eRm's SEs come from nlm's finite-difference Hessian: agreement to about 1e-4 relative.
    EXPECT_NEAR(*it.se, r.items[id].second, 1e-3 * r.items[id].second) << id;
    EXPECT_NEAR(*it.infit, r.fit[id].first, 1e-3) << id;
    EXPECT_NEAR(*it.outfit, r.fit[id].second, 1e-3) << id;
    max_d = std::max(max_d, std::abs(*it.difficulty - r.items[id].first));
    max_se = std::max(max_se, std::abs(*it.se / r.items[id].second - 1));
    max_fit = std::max(
        {max_fit, std::abs(*it.infit - r.fit[id].first), std::abs(*it.outfit - r.fit[id].second)});
  }
  EXPECT_NEAR(fit->log_likelihood, r.loglik, 1e-6 * std::abs(r.loglik));
  ASSERT_TRUE(items->kr20.has_value());
  EXPECT_EQ(items->n_complete, r.n_complete);
  EXPECT_NEAR(*items->kr20, r.alpha, 1e-6);
  std::printf(
      "vs eRm: max |difficulty diff| %.2e logits, max SE rel diff %.2e, max fit diff "
      "%.2e; loglik %.6f vs %.6f; kr20 %.9f vs psych %.9f on %lld complete rows\n",
      max_d, max_se, max_fit, fit->log_likelihood, r.loglik, *items->kr20, r.alpha,
      static_cast<long long>(r.n_complete));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bimtek::assessment
