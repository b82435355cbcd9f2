#include "core/assessment/rasch.h"

#include <cmath>
#include <numeric>

#include "base/rng.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace bimtek::assessment {
namespace {

using testing::Matrix;
using testing::Repeat;
using testing::StatusIs;

// gamma_r by enumerating every subset: the definition, for checking the summation algorithm.
std::vector<double> BruteEsf(const std::vector<double>& eps) {
  std::vector<double> g(eps.size() + 1, 0.0);
  for (uint32_t s = 0; s < (1u << eps.size()); ++s) {
    double prod = 1;
    for (size_t i = 0; i < eps.size(); ++i)
      if (s & (1u << i)) prod *= eps[i];
    g[static_cast<size_t>(__builtin_popcount(s))] += prod;
  }
  return g;
}

// The conditional log-likelihood of eRm's NA-group model, straight from its definition:
// sum over informative persons of log P(response | raw score on the items presented).
double BruteLogLik(const ResponseMatrix& m, const std::vector<std::optional<double>>& sigma) {
  double ll = 0;
  for (size_t v = 0; v < m.num_persons(); ++v) {
    std::vector<double> eps;
    double num = 0;
    int r = 0;
    for (size_t i = 0; i < m.num_items(); ++i) {
      if (!m.presented(v, i) || !sigma[i].has_value()) continue;
      eps.push_back(std::exp(-*sigma[i]));
      if (m.correct(v, i)) {
        num -= *sigma[i];
        ++r;
      }
    }
    if (r == 0 || static_cast<size_t>(r) == eps.size()) continue;
    ll += num - std::log(BruteEsf(eps)[static_cast<size_t>(r)]);
  }
  return ll;
}

std::vector<std::optional<double>> Difficulties(const RaschFit& f) {
  std::vector<std::optional<double>> d;
  for (const RaschItem& it : f.items) d.push_back(it.difficulty);
  return d;
}

// Simulated Rasch data: persons N(0, 1.2), items `sigma`, each cell missing with `p_missing`.
// Item `noise_item` (if any) is answered by a coin toss, whatever the person's ability.
ResponseMatrix Simulate(const std::vector<double>& sigma, size_t persons, double p_missing,
                        uint64_t seed, size_t noise_item = SIZE_MAX) {
  Rng rng(seed);
  ResponseMatrix m(sigma.size());
  std::vector<Response> row(sigma.size());
  for (size_t v = 0; v < persons; ++v) {
    // Box-Muller from two uniforms.
    const double u1 = rng.Unit() * 0.999999 + 1e-6, u2 = rng.Unit();
    const double theta = 1.2 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    for (size_t i = 0; i < sigma.size(); ++i) {
      const double pr = i == noise_item ? 0.5 : 1 / (1 + std::exp(sigma[i] - theta));
      const bool miss = rng.Unit() < p_missing;
      row[i] =
          miss ? Response::kMissing : (rng.Unit() < pr ? Response::kCorrect : Response::kWrong);
    }
    EXPECT_TRUE(m.AddPerson(row).ok());
  }
  return m;
}

TEST(EsfTest, SmallCaseByHand) {
  EXPECT_THAT(ElementarySymmetricFunctions(std::vector<double>{1, 2, 3}),
              ::testing::ElementsAre(1, 6, 11, 6));
}

TEST(EsfTest, SummationEqualsDefinitionOverWideRange) {
  std::vector<double> eps;
  for (int i = 0; i < 12; ++i) eps.push_back(std::exp(-6.0 + i));  // e^-6 .. e^5
  const std::vector<double> fast = ElementarySymmetricFunctions(eps);
  const std::vector<double> brute = BruteEsf(eps);
  for (size_t r = 0; r < fast.size(); ++r) EXPECT_NEAR(fast[r] / brute[r], 1.0, 1e-13) << r;
}

// Two items: only score-1 persons inform, P(item 0 right | r = 1) = eps0 / (eps0 + eps1), so
// sigma1 - sigma0 = log(n10 / n01) = log 3; sum 0 gives -+log(3)/2. Var(sigma1 - sigma0) =
// 1 / (n p q) with n = 40, p = 3/4; each sigma is half of it: SE = 1 / (2 sqrt(7.5)).
// Persons with 11 and 00 change nothing.
TEST(RaschTest, TwoItemsClosedForm) {
  auto f = FitRasch(Matrix(Repeat({{"10", 30}, {"01", 10}, {"11", 7}, {"00", 5}})));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_NEAR(*f->items[0].difficulty, -std::log(3.0) / 2, 1e-9);
  EXPECT_NEAR(*f->items[1].difficulty, std::log(3.0) / 2, 1e-9);
  EXPECT_NEAR(*f->items[0].se, 1 / (2 * std::sqrt(7.5)), 1e-9);
  EXPECT_NEAR(*f->items[1].se, 1 / (2 * std::sqrt(7.5)), 1e-9);
  EXPECT_EQ(f->n_persons_informative, 40);
  // log L = 30 log(3/4) + 10 log(1/4).
  EXPECT_NEAR(f->log_likelihood, 30 * std::log(0.75) + 10 * std::log(0.25), 1e-9);
}

// Score 1 on two items symmetric about 0: theta = 0, P = sqrt3/(1+sqrt3) and 1/(1+sqrt3).
// Outfit item 0: (30 (1-P)/P + 10 P/(1-P)) / 40; infit: sum (x-P)^2 / (40 P(1-P)).
TEST(RaschTest, TwoItemsPersonMeasuresAndFit) {
  const ResponseMatrix m = Matrix(Repeat({{"10", 30}, {"01", 10}, {"11", 7}, {"00", 5}}));
  auto f = FitRasch(m);
  ASSERT_TRUE(f.ok()) << f.status();
  auto mid = f->PersonMeasure(m, 0);
  ASSERT_TRUE(mid.has_value());
  EXPECT_EQ(mid->score, 1);
  EXPECT_NEAR(mid->theta, 0, 1e-9);
  const double p = std::sqrt(3.0) / (1 + std::sqrt(3.0));
  EXPECT_NEAR(mid->se, 1 / std::sqrt(2 * p * (1 - p)), 1e-9);
  const double outfit = (30 * (1 - p) / p + 10 * p / (1 - p)) / 40;
  const double infit = (30 * (1 - p) * (1 - p) + 10 * p * p) / (40 * p * (1 - p));
  EXPECT_NEAR(*f->items[0].outfit, outfit, 1e-9);
  EXPECT_NEAR(*f->items[0].infit, infit, 1e-9);
  EXPECT_EQ(f->items[0].n_fit, 40);
  // Extreme scores: the ML measure of score 0.3 (resp. 1.7): sum of P equals it.
  auto low = f->PersonMeasure(m, 50);   // a "00" row
  auto high = f->PersonMeasure(m, 40);  // a "11" row
  ASSERT_TRUE(low.has_value() && high.has_value());
  EXPECT_TRUE(low->extreme);
  auto sum_p = [&](double t) {
    return 1 / (1 + std::exp(*f->items[0].difficulty - t)) +
           1 / (1 + std::exp(*f->items[1].difficulty - t));
  };
  EXPECT_NEAR(sum_p(low->theta), 0.3, 1e-9);
  EXPECT_NEAR(sum_p(high->theta), 1.7, 1e-9);
  EXPECT_NEAR(high->theta, -low->theta, 1e-9);
}

// Two booklets {0, 1} and {1, 2} linked by item 1. Each booklet has two items, so its
// likelihood is the two-item one: sigma1 - sigma0 = log(20/10), sigma2 - sigma1 = log(24/8).
TEST(RaschTest, BookletsLinkedByACommonItem) {
  auto f = FitRasch(
      Matrix(Repeat({{"10-", 20}, {"01-", 10}, {"11-", 3}, {"-10", 24}, {"-01", 8}, {"-00", 4}})));
  ASSERT_TRUE(f.ok()) << f.status();
  const double a = std::log(2.0), b = std::log(3.0);
  // sigma0 = s, sigma1 = s + a, sigma2 = s + a + b, sum 0 -> s = -(2a + b)/3.
  const double s = -(2 * a + b) / 3;
  EXPECT_NEAR(*f->items[0].difficulty, s, 1e-9);
  EXPECT_NEAR(*f->items[1].difficulty, s + a, 1e-9);
  EXPECT_NEAR(*f->items[2].difficulty, s + a + b, 1e-9);
  EXPECT_EQ(f->patterns.size(), 2u);
}

// Random missing cells (many patterns): the estimate maximises the likelihood written from its
// definition, and the standard errors equal those from its numerical second derivatives.
TEST(RaschTest, MaximisesTheConditionalLikelihoodWithMissingCells) {
  const std::vector<double> sigma = {-1.2, -0.5, 0.0, 0.3, 0.9, 1.5};
  const ResponseMatrix m = Simulate(sigma, 400, 0.15, 7);
  auto f = FitRasch(m);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_GT(f->patterns.size(), 10u);
  const auto d = Difficulties(*f);
  double sum = 0;
  for (const auto& x : d) sum += *x;
  EXPECT_NEAR(sum, 0, 1e-10);
  const double ll = BruteLogLik(m, d);
  EXPECT_NEAR(f->log_likelihood, ll, 1e-8);
  // Perturbations that keep the sum at 0 lower the likelihood; the curvature along
  // e_i - e_last gives the information in the reduced parametrisation.
  const size_t k = sigma.size();
  const double h = 1e-4;
  std::vector<double> hess((k - 1) * (k - 1));
  auto shifted = [&](size_t a, double da, size_t b, double db) {
    auto x = d;
    *x[a] += da;
    *x[k - 1] -= da;
    *x[b] += db;
    *x[k - 1] -= db;
    return BruteLogLik(m, x);
  };
  for (size_t a = 0; a + 1 < k; ++a) {
    EXPECT_LT(shifted(a, 0.01, a, 0), ll);
    EXPECT_LT(shifted(a, -0.01, a, 0), ll);
    for (size_t b = 0; b + 1 < k; ++b) {
      hess[a * (k - 1) + b] = -(shifted(a, h, b, h) - shifted(a, h, b, -h) - shifted(a, -h, b, h) +
                                shifted(a, -h, b, -h)) /
                              (4 * h * h);
    }
  }
  // Var of sigma_0 = (H^-1)_00: solve H x = e_0 by Gaussian elimination.
  const size_t n = k - 1;
  std::vector<double> a = hess, x(n, 0.0);
  x[0] = 1;
  for (size_t c = 0; c < n; ++c) {
    for (size_t r = c + 1; r < n; ++r) {
      const double fct = a[r * n + c] / a[c * n + c];
      for (size_t j = c; j < n; ++j) a[r * n + j] -= fct * a[c * n + j];
      x[r] -= fct * x[c];
    }
  }
  for (size_t c = n; c-- > 0;) {
    for (size_t j = c + 1; j < n; ++j) x[c] -= a[c * n + j] * x[j];
    x[c] /= a[c * n + c];
  }
  EXPECT_NEAR(*f->items[0].se, std::sqrt(x[0]), 1e-4);
}

TEST(RaschTest, ItemAllRightIsFlaggedAndLeftOut) {
  const std::vector<std::string> base = {"101", "011", "110", "001", "100", "010", "110", "011"};
  std::vector<std::string> with;
  for (size_t v = 0; v < base.size(); ++v) with.push_back(base[v] + (v == 3 ? "-" : "1"));
  auto f = FitRasch(Matrix(with));
  auto g = FitRasch(Matrix(base));
  ASSERT_TRUE(f.ok() && g.ok()) << f.status() << g.status();
  EXPECT_EQ(f->items[3].flags, kAllCorrect);
  EXPECT_FALSE(f->items[3].difficulty.has_value());
  EXPECT_FALSE(f->items[3].se.has_value());
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(*f->items[i].difficulty, *g->items[i].difficulty, 1e-12);
    EXPECT_NEAR(*f->items[i].se, *g->items[i].se, 1e-12);
  }
  auto w = FitRasch(Matrix({"1010", "0110", "1100", "0010"}));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->items[3].flags, kAllWrong);
}

// Item 0 is right for every informative person who has item 1 or 2 wrong: its CML estimate
// runs to minus infinity, so Fischer's condition fails and no estimate is returned.
TEST(RaschTest, IllConditionedDataIsRejectedNamingTheItems) {
  auto f = FitRasch(Matrix({"110", "101", "100", "000", "111", "110"}));
  EXPECT_THAT(f.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(f.status().message()), ::testing::HasSubstr("items outside"));
}

TEST(RaschTest, TooFewItemsOrNoInformativePersons) {
  EXPECT_THAT(FitRasch(Matrix({"10", "11"})).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FitRasch(Matrix({"11", "00", "1-", "-0"})).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(RaschTest, RecoversSimulatedDifficulties) {
  const std::vector<double> sigma = {-2.0, -1.5, -1.0, -0.5, 0.0, 0.2, 0.6, 1.0, 1.4, 1.8};
  const double mean = std::accumulate(sigma.begin(), sigma.end(), 0.0) / 10;
  const ResponseMatrix m = Simulate(sigma, 20000, 0.05, 11);
  auto f = FitRasch(m);
  ASSERT_TRUE(f.ok()) << f.status();
  for (size_t i = 0; i < sigma.size(); ++i) {
    EXPECT_NEAR(*f->items[i].difficulty, sigma[i] - mean, 4 * *f->items[i].se) << i;
    EXPECT_LT(*f->items[i].se, 0.05);
    // Data from the model fit it. With ML person measures on 10 items the mean squares are
    // known to run somewhat below 1 (about (k - 1) / k), never far above.
    EXPECT_GT(*f->items[i].infit, 0.85) << i;
    EXPECT_LT(*f->items[i].infit, 1.1) << i;
    EXPECT_GT(*f->items[i].outfit, 0.8) << i;
    EXPECT_LT(*f->items[i].outfit, 1.1) << i;
  }
}

TEST(RaschTest, ItemAnsweredByChanceMisfits) {
  const std::vector<double> sigma = {-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 0.0};
  const ResponseMatrix m = Simulate(sigma, 5000, 0.0, 5, /*noise_item=*/7);
  auto f = FitRasch(m);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_GT(*f->items[7].infit, 1.3);
  EXPECT_GT(*f->items[7].outfit, 1.3);
  EXPECT_TRUE(f->items[7].flags & kRaschMisfit);
  for (size_t i = 0; i < 7; ++i) EXPECT_LT(*f->items[i].infit, 1.15) << i;
}

}  // namespace
}  // namespace bimtek::assessment
