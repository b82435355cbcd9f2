// Rasch calibration of dichotomous items by conditional maximum likelihood (CML), with items not
// presented to everyone handled as eRm's RM() does (one conditional likelihood per pattern of
// presented items), plus person measures and infit/outfit mean squares.
// Persons are collapsed to score-group counts per pattern, so the cost of the iterations depends
// on the items and the patterns, not on the persons. Method: docs/assessment-statistics.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/response_matrix.h"

namespace bimtek::assessment {

// The elementary symmetric functions gamma_0..gamma_n of eps (all > 0), by the summation
// algorithm (additions of positive terms only, hence no cancellation).
std::vector<double> ElementarySymmetricFunctions(std::span<const double> eps);

struct RaschOptions {
  int max_iterations = 100;          // Newton-Raphson iterations
  double tolerance = 1e-9;           // converged when every Newton step is below this (logits)
  double gradient_tolerance = 1e-6;  // ... and |score function| / persons below this
  // Person measures for extreme scores 0 and k are the ML estimates for the scores
  // offset and k - offset (a documented extrapolation; ML would be infinite).
  double extreme_score_offset = 0.3;
  double fit_min = 0.7;  // flag kRaschMisfit when infit or outfit is outside [fit_min, fit_max]
  double fit_max = 1.3;
};

struct RaschItem {
  // nullopt for an item not calibrated (flags say why: kNotPresented, kAllCorrect, kAllWrong).
  std::optional<double> difficulty;  // logits; the calibrated items' difficulties sum to 0
  std::optional<double> se;          // from the conditional information matrix
  std::optional<double> infit;       // information-weighted mean square
  std::optional<double> outfit;      // unweighted mean square
  int64_t n_fit = 0;                 // non-extreme persons in the fit statistics
  uint32_t flags = 0;                // ItemFlag bits
};

// Person measures of one pattern of presented (calibrated) items, by raw score 0..k.
struct PatternMeasures {
  std::vector<uint32_t> items;          // the calibrated items presented, increasing
  std::vector<int64_t> count_by_score;  // persons with this pattern, by raw score
  std::vector<double> theta;            // logits, by raw score (extremes extrapolated)
  std::vector<double> se;               // 1 / sqrt(test information at theta)
};

struct RaschFit {
  std::vector<RaschItem> items;  // one per column of the matrix
  std::vector<PatternMeasures> patterns;
  std::vector<int32_t> person_pattern;  // index into patterns; -1 when no calibrated item
  int iterations = 0;
  double log_likelihood = 0;          // conditional log-likelihood at the estimate
  int64_t n_persons_informative = 0;  // persons with a non-extreme score (the CML sample)

  // The measure of a person of the fitted matrix (raw score over the calibrated items presented
  // to them; extreme scores extrapolated). nullopt when no calibrated item was presented.
  struct Measure {
    double theta = 0, se = 0;
    int score = 0, max_score = 0;
    bool extreme = false;
  };
  std::optional<Measure> PersonMeasure(const ResponseMatrix& m, size_t person) const;
};

// Calibrates the items of `m`. Items that no one, or everyone, presented answered right are
// flagged (kNotPresented, kAllWrong, kAllCorrect) and left out. Persons with a score of 0 or of
// every presented calibrated item carry no information in CML and are left out of the
// estimation and of the fit statistics (as in eRm), but get an extrapolated measure.
// Errors:
//   InvalidArgument     invalid options
//   FailedPrecondition  fewer than 2 calibratable items; no person with a non-extreme score;
//                       data not well conditioned (the items do not form one strongly
//                       connected set: some item is answered right by every informative person
//                       who answered another wrong; the message lists the items, 0-based, that
//                       lie outside the largest connected set), when CML estimates do not exist;
//                       no convergence within max_iterations
// Thread-compatible; memory O(persons) for the pattern index plus O(patterns x items).
StatusOr<RaschFit> FitRasch(const ResponseMatrix& m, const RaschOptions& options = {});

}  // namespace bimtek::assessment
