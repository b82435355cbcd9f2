#include "core/assessment/rasch.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace bimtek::assessment {
namespace {

// A pattern's sufficient statistics for CML.
struct Pattern {
  std::vector<uint32_t> items;          // calibrated-item indices (0..K-1), increasing
  std::vector<int64_t> count_by_score;  // all persons of the pattern, by raw score
};

// Accumulates one pattern's contribution to the log-likelihood, its gradient with respect to
// the difficulties (expected counts E_i) and the information matrix (sum over score groups of
// the conditional covariance of the item scores). `sigma` are the K difficulties.
class PatternTerms {
 public:
  explicit PatternTerms(size_t max_items)
      : table_((max_items + 1) * (max_items + 1)), adj_(max_items + 2) {}

  // Returns the pattern's part of -sum n_r log gamma_r. With `expected` and `info` non-null,
  // adds the pattern's E_i and information (K x K, row-major) to them.
  double Add(const Pattern& p, const std::vector<double>& sigma, double* expected, double* info) {
    const size_t m = p.items.size();
    if (m < 2) return 0;
    bool any = false;
    for (size_t r = 1; r < m; ++r) any = any || p.count_by_score[r] > 0;
    if (!any) return 0;
    // Scale eps by their geometric mean c: every probability is unchanged, gamma_r(eps / c) =
    // gamma_r(eps) / c^r, which keeps gamma in range.
    eps_.resize(m);
    double log_c = 0;
    for (size_t j = 0; j < m; ++j) log_c -= sigma[p.items[j]];
    log_c /= static_cast<double>(m);
    for (size_t j = 0; j < m; ++j) eps_[j] = std::exp(-sigma[p.items[j]] - log_c);
    gamma_ = ElementarySymmetricFunctions(eps_);
    double ll = 0;
    w_.assign(m + 1, 0.0);
    for (size_t r = 1; r < m; ++r) {
      const double n = static_cast<double>(p.count_by_score[r]);
      if (n == 0) continue;
      ll -= n * (std::log(gamma_[r]) + static_cast<double>(r) * log_c);
      w_[r] = n / gamma_[r];
    }
    if (expected == nullptr) return ll;

    const size_t k = sigma.size();
    pi_.assign(m * (m + 1), 0.0);  // pi_[i * (m + 1) + r] = P(x_i = 1 | r)
    second_.assign(m * m, 0.0);    // sum_r n_r P(x_i = 1, x_j = 1 | r)
    rest_.resize(m);
    for (size_t i = 0; i < m; ++i) {
      // Forward table of the ESFs of the items other than i: row t holds those of the first t.
      size_t len = 0;
      for (size_t j = 0; j < m; ++j)
        if (j != i) rest_[len++] = j;
      const size_t stride = m;  // row t has t + 1 entries, t <= m - 1
      double* f = table_.data();
      std::fill(f, f + m * stride, 0.0);
      f[0] = 1;
      for (size_t t = 1; t <= len; ++t) {
        const double e = eps_[rest_[t - 1]];
        double* prev = f + (t - 1) * stride;
        double* cur = f + t * stride;
        cur[0] = 1;
        for (size_t q = 1; q < t; ++q) cur[q] = prev[q] + e * prev[q - 1];
        cur[t] = e * prev[t - 1];
      }
      const double* gi = f + len * stride;  // gamma^{(i)}_0..m-1
      double e_i = 0;
      for (size_t r = 1; r < m; ++r) {
        if (w_[r] == 0) continue;
        const double pr = eps_[i] * gi[r - 1] / gamma_[r];
        pi_[i * (m + 1) + r] = pr;
        e_i += static_cast<double>(p.count_by_score[r]) * pr;
      }
      expected[p.items[i]] += e_i;
      // Reverse mode through the summation: G_i = sum_q w_{q+1} gamma^{(i)}_q, whose derivative
      // by eps_j is sum_r w_r gamma^{(ij)}_{r-2}; times eps_i eps_j it is sum_r n_r pi_rij.
      for (size_t q = 0; q < m; ++q) adj_[q] = w_[q + 1];
      adj_[m] = 0;
      for (size_t t = len; t >= 1; --t) {
        const double* prev = f + (t - 1) * stride;
        double d = 0;
        for (size_t q = 1; q <= t; ++q) d += adj_[q] * prev[q - 1];
        const size_t j = rest_[t - 1];
        second_[i * m + j] = eps_[i] * eps_[j] * d;
        const double e = eps_[j];
        for (size_t q = 0; q < t; ++q) adj_[q] += e * adj_[q + 1];
      }
    }
    for (size_t i = 0; i < m; ++i) {
      const size_t gi = p.items[i];
      for (size_t j = 0; j < m; ++j) {
        const size_t gj = p.items[j];
        double v = 0;
        if (i == j) {
          for (size_t r = 1; r < m; ++r) {
            const double pr = pi_[i * (m + 1) + r];
            v += static_cast<double>(p.count_by_score[r]) * pr * (1 - pr);
          }
        } else {
          v = second_[i * m + j];
          for (size_t r = 1; r < m; ++r) {
            v -= static_cast<double>(p.count_by_score[r]) * pi_[i * (m + 1) + r] *
                 pi_[j * (m + 1) + r];
          }
        }
        info[gi * k + gj] += v;
      }
    }
    return ll;
  }

 private:
  std::vector<double> eps_, gamma_, w_, pi_, second_, table_, adj_;
  std::vector<size_t> rest_;
};

// Cholesky factorisation in place (lower triangle) of an n x n symmetric positive definite
// matrix; false when it is not (numerically) positive definite.
bool Cholesky(std::vector<double>& a, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  return true;
}

// Solves L L^T x = b with the factor from Cholesky.
std::vector<double> CholeskySolve(const std::vector<double>& l, size_t n, std::vector<double> b) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) b[i] -= l[i * n + k] * b[k];
    b[i] /= l[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) b[i] -= l[k * n + i] * b[k];
    b[i] /= l[i * n + i];
  }
  return b;
}

// The ML person measure for raw score `score` (possibly fractional) on items with difficulties
// `sig`: solves sum_i P_i(theta) = score by safeguarded Newton; returns theta and the SE.
std::pair<double, double> SolveTheta(const std::vector<double>& sig, double score) {
  const double k = static_cast<double>(sig.size());
  double mean = 0;
  for (double s : sig) mean += s;
  mean /= k;
  double theta = mean + std::log(score / (k - score));
  for (int it = 0; it < 100; ++it) {
    double f = -score, info = 0;
    for (double s : sig) {
      const double pr = 1 / (1 + std::exp(s - theta));
      f += pr;
      info += pr * (1 - pr);
    }
    const double step = std::clamp(-f / info, -2.0, 2.0);
    theta += step;
    if (std::abs(step) < 1e-10) break;
  }
  double info = 0;
  for (double s : sig) {
    const double pr = 1 / (1 + std::exp(s - theta));
    info += pr * (1 - pr);
  }
  return {theta, 1 / std::sqrt(info)};
}

std::string PatternKey(const uint64_t* w, size_t words) {
  return std::string(reinterpret_cast<const char*>(w), words * sizeof(uint64_t));
}

}  // namespace

std::vector<double> ElementarySymmetricFunctions(std::span<const double> eps) {
  std::vector<double> g(eps.size() + 1, 0.0);
  g[0] = 1;
  for (size_t t = 0; t < eps.size(); ++t) {
    for (size_t r = t + 1; r >= 1; --r) g[r] += eps[t] * g[r - 1];
  }
  return g;
}

std::optional<RaschFit::Measure> RaschFit::PersonMeasure(const ResponseMatrix& m,
                                                         size_t person) const {
  if (person >= person_pattern.size() || person_pattern[person] < 0) return std::nullopt;
  const PatternMeasures& p = patterns[static_cast<size_t>(person_pattern[person])];
  int score = 0;
  for (uint32_t i : p.items) score += m.correct(person, i) ? 1 : 0;
  Measure out;
  out.score = score;
  out.max_score = static_cast<int>(p.items.size());
  out.extreme = score == 0 || score == out.max_score;
  out.theta = p.theta[static_cast<size_t>(score)];
  out.se = p.se[static_cast<size_t>(score)];
  return out;
}

StatusOr<RaschFit> FitRasch(const ResponseMatrix& m, const RaschOptions& options) {
  if (options.max_iterations < 1 || !(options.tolerance > 0) || !(options.gradient_tolerance > 0) ||
      !(options.extreme_score_offset > 0 && options.extreme_score_offset < 0.5) ||
      !(options.fit_min <= options.fit_max)) {
    return absl::InvalidArgumentError(
        "rasch options: need max_iterations >= 1, positive tolerances, 0 < extreme score "
        "offset < 0.5 and fit_min <= fit_max");
  }
  const size_t n_items = m.num_items();
  const size_t words = m.words();
  const size_t n = m.num_persons();
  RaschFit fit;
  fit.items.resize(n_items);

  // 1. Items everyone (or no one) presented answered right are not calibrated.
  std::vector<int64_t> presented(n_items, 0), correct(n_items, 0);
  for (size_t v = 0; v < n; ++v) {
    ForEachBit(m.presented_words(v), words, [&](size_t i) { ++presented[i]; });
    ForEachBit(m.correct_words(v), words, [&](size_t i) { ++correct[i]; });
  }
  std::vector<uint64_t> calib(words, 0);
  std::vector<uint32_t> to_calib(n_items, UINT32_MAX);
  std::vector<uint32_t> from_calib;
  for (size_t i = 0; i < n_items; ++i) {
    if (presented[i] == 0) {
      fit.items[i].flags |= kNotPresented;
    } else if (correct[i] == presented[i]) {
      fit.items[i].flags |= kAllCorrect;
    } else if (correct[i] == 0) {
      fit.items[i].flags |= kAllWrong;
    } else {
      calib[i / 64] |= uint64_t{1} << (i % 64);
      to_calib[i] = static_cast<uint32_t>(from_calib.size());
      from_calib.push_back(static_cast<uint32_t>(i));
    }
  }
  const size_t k = from_calib.size();
  if (k < 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "rasch: ", k, " item(s) answered both right and wrong; at least 2 are needed"));
  }

  // 2. Persons to patterns and score groups; sufficient statistics; the item graph of Fischer's
  // condition (edge i -> j when an informative person has i right and j wrong).
  std::vector<Pattern> patterns;
  std::unordered_map<std::string, int32_t> index;
  fit.person_pattern.assign(n, -1);
  std::vector<int64_t> s(k, 0);
  const size_t cw = (k + 63) / 64;
  std::vector<uint64_t> reach(k * cw, 0);
  std::vector<uint64_t> key(words), cor(words);
  std::vector<uint64_t> last_key(words, ~uint64_t{0});
  int32_t last_index = -1;
  std::vector<uint64_t> right_c(cw), wrong_c(cw);
  for (size_t v = 0; v < n; ++v) {
    const uint64_t* pw = m.presented_words(v);
    const uint64_t* cwd = m.correct_words(v);
    bool empty = true;
    for (size_t w = 0; w < words; ++w) {
      key[w] = pw[w] & calib[w];
      cor[w] = cwd[w] & calib[w];
      empty = empty && key[w] == 0;
    }
    if (empty) continue;
    int32_t pi;
    if (std::memcmp(key.data(), last_key.data(), words * sizeof(uint64_t)) == 0) {
      pi = last_index;
    } else {
      auto [it, inserted] =
          index.try_emplace(PatternKey(key.data(), words), static_cast<int32_t>(patterns.size()));
      if (inserted) {
        Pattern p;
        ForEachBit(key.data(), words, [&](size_t i) { p.items.push_back(to_calib[i]); });
        p.count_by_score.assign(p.items.size() + 1, 0);
        patterns.push_back(std::move(p));
      }
      pi = it->second;
      last_key = key;
      last_index = pi;
    }
    fit.person_pattern[v] = pi;
    Pattern& p = patterns[static_cast<size_t>(pi)];
    const int r = PopCount(cor.data(), words);
    ++p.count_by_score[static_cast<size_t>(r)];
    if (r == 0 || static_cast<size_t>(r) == p.items.size()) continue;
    std::fill(right_c.begin(), right_c.end(), 0);
    std::fill(wrong_c.begin(), wrong_c.end(), 0);
    ForEachBit(key.data(), words, [&](size_t i) {
      const uint32_t c = to_calib[i];
      if ((cor[i / 64] >> (i % 64)) & 1u) {
        ++s[c];
        right_c[c / 64] |= uint64_t{1} << (c % 64);
      } else {
        wrong_c[c / 64] |= uint64_t{1} << (c % 64);
      }
    });
    ForEachBit(right_c.data(), cw, [&](size_t c) {
      for (size_t w = 0; w < cw; ++w) reach[c * cw + w] |= wrong_c[w];
    });
  }
  int64_t informative = 0;
  for (const Pattern& p : patterns) {
    for (size_t r = 1; r + 1 < p.count_by_score.size(); ++r) informative += p.count_by_score[r];
  }
  fit.n_persons_informative = informative;
  if (informative == 0) {
    return absl::FailedPreconditionError(
        "rasch: every person has a score of 0 or of every item presented; nothing to estimate");
  }

  // Fischer's condition: the graph must be strongly connected. Transitive closure by repeated
  // propagation (k is small), then items mutually reachable from each other form components.
  for (size_t c = 0; c < k; ++c) reach[c * cw + c / 64] |= uint64_t{1} << (c % 64);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t a = 0; a < k; ++a) {
      ForEachBit(&reach[a * cw], cw, [&](size_t b) {
        for (size_t w = 0; w < cw; ++w) {
          const uint64_t nv = reach[a * cw + w] | reach[b * cw + w];
          if (nv != reach[a * cw + w]) {
            reach[a * cw + w] = nv;
            changed = true;
          }
        }
      });
    }
  }
  auto reaches = [&](size_t a, size_t b) { return (reach[a * cw + b / 64] >> (b % 64)) & 1u; };
  std::vector<int> component(k, -1);
  std::vector<size_t> component_size;
  for (size_t a = 0; a < k; ++a) {
    if (component[a] >= 0) continue;
    const int id = static_cast<int>(component_size.size());
    component_size.push_back(0);
    for (size_t b = a; b < k; ++b) {
      if (component[b] < 0 && reaches(a, b) && reaches(b, a)) {
        component[b] = id;
        ++component_size.back();
      }
    }
  }
  if (component_size.size() > 1) {
    const int largest = static_cast<int>(
        std::max_element(component_size.begin(), component_size.end()) - component_size.begin());
    std::vector<uint32_t> outside;
    for (size_t c = 0; c < k; ++c)
      if (component[c] != largest) outside.push_back(from_calib[c]);
    return absl::FailedPreconditionError(absl::StrCat(
        "rasch: data not well conditioned (no finite CML estimates); items outside the largest "
        "connected set (0-based): ",
        absl::StrJoin(outside, " ")));
  }

  // 3. Newton-Raphson on the K-1 free parameters eta (sigma_K = -sum eta), so that the
  // difficulties sum to 0 throughout, with step halving when the likelihood does not rise.
  size_t max_m = 0;
  for (const Pattern& p : patterns) max_m = std::max(max_m, p.items.size());
  PatternTerms terms(max_m);
  std::vector<double> sigma(k);
  {
    std::vector<int64_t> npres(k, 0);
    for (const Pattern& p : patterns) {
      int64_t ni = 0;
      for (size_t r = 1; r + 1 < p.count_by_score.size(); ++r) ni += p.count_by_score[r];
      for (uint32_t c : p.items) npres[c] += ni;
    }
    double mean = 0;
    for (size_t c = 0; c < k; ++c) {
      sigma[c] = std::log((static_cast<double>(npres[c] - s[c]) + 0.5) /
                          (static_cast<double>(s[c]) + 0.5));
      mean += sigma[c];
    }
    for (double& x : sigma) x -= mean / static_cast<double>(k);
  }
  auto loglik = [&](const std::vector<double>& sg) {
    double ll = 0;
    for (size_t c = 0; c < k; ++c) ll -= static_cast<double>(s[c]) * sg[c];
    for (const Pattern& p : patterns) ll += terms.Add(p, sg, nullptr, nullptr);
    return ll;
  };
  const size_t kr = k - 1;
  std::vector<double> expected(k), info(k * k), red(kr * kr), grad(kr);
  double ll = 0;
  bool converged = false;
  int iter = 0;
  for (; iter < options.max_iterations; ++iter) {
    std::fill(expected.begin(), expected.end(), 0.0);
    std::fill(info.begin(), info.end(), 0.0);
    ll = 0;
    for (size_t c = 0; c < k; ++c) ll -= static_cast<double>(s[c]) * sigma[c];
    for (const Pattern& p : patterns) ll += terms.Add(p, sigma, expected.data(), info.data());
    // d ll / d sigma_c = E_c - s_c; with W = [I; -1'], the reduced gradient and information.
    double max_grad = 0;
    const double gk = expected[kr] - static_cast<double>(s[kr]);
    for (size_t a = 0; a < kr; ++a) {
      grad[a] = (expected[a] - static_cast<double>(s[a])) - gk;
      max_grad = std::max(max_grad, std::abs(expected[a] - static_cast<double>(s[a])));
      for (size_t b = 0; b < kr; ++b) {
        red[a * kr + b] = info[a * k + b] - info[a * k + kr] - info[kr * k + b] + info[kr * k + kr];
      }
    }
    max_grad = std::max(max_grad, std::abs(gk));
    if (!Cholesky(red, kr)) {
      return absl::FailedPreconditionError(
          absl::StrCat("rasch: information matrix not positive definite at iteration ", iter));
    }
    const std::vector<double> step = CholeskySolve(red, kr, grad);
    double max_step = 0;
    for (double x : step) max_step = std::max(max_step, std::abs(x));
    if (max_step < options.tolerance &&
        max_grad / static_cast<double>(informative) < options.gradient_tolerance) {
      converged = true;
      break;
    }
    std::vector<double> trial(k);
    double factor = 1;
    for (int half = 0; half < 40; ++half, factor /= 2) {
      double sum = 0;
      for (size_t a = 0; a < kr; ++a) {
        trial[a] = sigma[a] + factor * step[a];
        sum += trial[a];
      }
      trial[kr] = -sum;
      if (loglik(trial) >= ll - 1e-12 * std::abs(ll)) break;
    }
    sigma = trial;
  }
  if (!converged) {
    return absl::FailedPreconditionError(absl::StrCat(
        "rasch: no convergence within ", options.max_iterations, " Newton iterations"));
  }
  fit.iterations = iter;
  fit.log_likelihood = ll;

  // Standard errors: Cov(sigma) = W (W' I W)^-1 W' (as eRm's se.beta); `red` holds the factor.
  for (size_t c = 0; c < k; ++c) {
    std::vector<double> e(kr, c == kr ? 1.0 : 0.0);
    if (c < kr) e[c] = 1;
    const std::vector<double> x = CholeskySolve(red, kr, e);
    double var = 0;
    for (size_t a = 0; a < kr; ++a) var += e[a] * x[a];
    RaschItem& item = fit.items[from_calib[c]];
    item.difficulty = sigma[c];
    item.se = std::sqrt(var);
  }

  // 4. Person measures per pattern and raw score.
  fit.patterns.resize(patterns.size());
  std::vector<double> sg;
  for (size_t g = 0; g < patterns.size(); ++g) {
    const Pattern& p = patterns[g];
    PatternMeasures& pm = fit.patterns[g];
    const size_t mg = p.items.size();
    pm.items.resize(mg);
    sg.resize(mg);
    for (size_t j = 0; j < mg; ++j) {
      pm.items[j] = from_calib[p.items[j]];
      sg[j] = sigma[p.items[j]];
    }
    pm.count_by_score = p.count_by_score;
    pm.theta.assign(mg + 1, 0.0);
    pm.se.assign(mg + 1, 0.0);
    for (size_t r = 0; r <= mg; ++r) {
      double score = static_cast<double>(r);
      if (r == 0) score = options.extreme_score_offset;
      if (r == mg) score = static_cast<double>(mg) - options.extreme_score_offset;
      std::tie(pm.theta[r], pm.se[r]) = SolveTheta(sg, score);
    }
  }

  // 5. Infit and outfit over the informative persons: P = e^theta / (e^theta + e^sigma).
  std::vector<double> exp_sigma(k);
  for (size_t c = 0; c < k; ++c) exp_sigma[c] = std::exp(sigma[c]);
  std::vector<std::vector<double>> exp_theta(patterns.size());
  for (size_t g = 0; g < patterns.size(); ++g) {
    for (double t : fit.patterns[g].theta) exp_theta[g].push_back(std::exp(t));
  }
  std::vector<double> out_sum(k, 0.0), in_num(k, 0.0), in_den(k, 0.0);
  std::vector<int64_t> n_fit(k, 0);
  for (size_t v = 0; v < n; ++v) {
    const int32_t g = fit.person_pattern[v];
    if (g < 0) continue;
    const uint64_t* pw = m.presented_words(v);
    const uint64_t* cwd = m.correct_words(v);
    int r = 0;
    for (size_t w = 0; w < words; ++w) r += __builtin_popcountll(cwd[w] & calib[w]);
    const size_t mg = patterns[static_cast<size_t>(g)].items.size();
    if (r == 0 || static_cast<size_t>(r) == mg) continue;
    const double et = exp_theta[static_cast<size_t>(g)][static_cast<size_t>(r)];
    for (size_t w = 0; w < words; ++w) {
      uint64_t b = pw[w] & calib[w];
      while (b != 0) {
        const int t = __builtin_ctzll(b);
        b &= b - 1;
        const size_t i = w * 64 + static_cast<size_t>(t);
        const uint32_t c = to_calib[i];
        const double pr = et / (et + exp_sigma[c]);
        const double var = pr * (1 - pr);
        const bool x = (cwd[w] >> t) & 1u;
        const double res = (x ? 1.0 : 0.0) - pr;
        out_sum[c] += res * res / var;
        in_num[c] += res * res;
        in_den[c] += var;
        ++n_fit[c];
      }
    }
  }
  for (size_t c = 0; c < k; ++c) {
    RaschItem& item = fit.items[from_calib[c]];
    item.n_fit = n_fit[c];
    if (n_fit[c] == 0) continue;
    item.outfit = out_sum[c] / static_cast<double>(n_fit[c]);
    item.infit = in_num[c] / in_den[c];
    if (*item.outfit < options.fit_min || *item.outfit > options.fit_max ||
        *item.infit < options.fit_min || *item.infit > options.fit_max) {
      item.flags |= kRaschMisfit;
    }
  }
  return fit;
}

}  // namespace bimtek::assessment
