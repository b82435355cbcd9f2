// Scoring of one attempt (dichotomous item scores, percent score, pass/fail, remedial flag) and
// Hake's normalized gain between a pre-test and a post-test, per person and aggregated both ways
// (the gain of the mean scores, as Hake defined it, and the mean of personal gains).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::assessment {

// --- Item scores: every item type scores 0 or 1 (all or nothing), so that item analysis and
// the Rasch model see dichotomous data. Option indices are 0-based.

// Single choice and true/false: 1 when `chosen` equals `key`; no answer (nullopt) scores 0.
int ScoreSingleChoice(int key, std::optional<int> chosen);
// Multiple response: 1 when the chosen set equals the key set exactly (order and duplicates
// ignored); an empty choice scores 0 unless the key is empty too.
int ScoreMultipleResponse(std::span<const int> key, std::span<const int> chosen);
// Matching: pairs (left index, right index); 1 when every left of the key is matched to its
// right and nothing else is given (order ignored).
int ScoreMatching(std::span<const std::pair<int, int>> key,
                  std::span<const std::pair<int, int>> chosen);

// --- Attempt scores.
struct AttemptScore {
  int correct = 0;
  int presented = 0;
  double percent = 0;     // 100 * correct / presented; 0 when nothing was presented
  bool passed = false;    // percent >= pass mark
  bool remedial = false;  // percent < remedial mark
};
// `correct` <= `presented`, both >= 0; marks in [0, 100].
// Errors: InvalidArgument for counts or marks out of range (the message names which).
StatusOr<AttemptScore> ScoreAttempt(int correct, int presented, double pass_mark,
                                    double remedial_mark);

// --- Hake's normalized gain g = (post - pre) / (100 - pre), scores in percent.
enum class GainBand { kLow, kMedium, kHigh };  // < 0.3, 0.3 to < 0.7, >= 0.7 (domain ref §8)
GainBand ClassifyGain(double g);
std::string_view GainBandName(GainBand band);  // "low", "medium", "high"

// The personal gain; nullopt when pre = 100 (no room to gain: undefined, not 0 and not 1).
// A negative gain (post < pre) is returned as is. Errors: InvalidArgument when a score is not
// in [0, 100] or not finite.
StatusOr<std::optional<double>> NormalizedGain(double pre_percent, double post_percent);

struct PrePost {
  double pre = 0;   // percent
  double post = 0;  // percent
};

struct GainSummary {
  int64_t n = 0;  // persons with both scores
  double mean_pre = 0;
  double mean_post = 0;
  // Hake's class gain: (mean_post - mean_pre) / (100 - mean_pre); nullopt when n = 0 or every
  // pre-test is 100. Persons with pre = 100 are included in both means.
  std::optional<double> gain_of_means;
  // Mean of the defined personal gains; persons with pre = 100 are left out (counted in
  // n_undefined); nullopt when no personal gain is defined.
  std::optional<double> mean_of_gains;
  int64_t n_undefined = 0;                      // persons with pre = 100
  int64_t n_low = 0, n_medium = 0, n_high = 0;  // bands of the defined personal gains
};
// Aggregates a group (a batch, a facilitator's batches, a region). Errors: InvalidArgument for a
// score out of [0, 100], with its index.
StatusOr<GainSummary> SummarizeGain(std::span<const PrePost> scores);

// The same summary accumulated one person at a time (or merged from parts scanned on different
// threads), without keeping the pairs: SummarizeGain is this over its span.
class GainAccumulator {
 public:
  // Errors: InvalidArgument when a score is not a percentage (nothing is added).
  Status Add(double pre_percent, double post_percent);
  void Merge(const GainAccumulator& other);
  GainSummary Summary() const;

 private:
  GainSummary s_;
  double sum_pre_ = 0, sum_post_ = 0, sum_gain_ = 0;
  int64_t n_gain_ = 0;
};

}  // namespace bimtek::assessment
