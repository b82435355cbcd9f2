#include "core/assessment/scoring.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace bimtek::assessment {
namespace {

bool ValidPercent(double x) { return std::isfinite(x) && x >= 0 && x <= 100; }

template <typename T>
std::vector<T> SortedUnique(std::span<const T> v) {
  std::vector<T> out(v.begin(), v.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

int ScoreSingleChoice(int key, std::optional<int> chosen) {
  return chosen.has_value() && *chosen == key ? 1 : 0;
}

int ScoreMultipleResponse(std::span<const int> key, std::span<const int> chosen) {
  return SortedUnique(key) == SortedUnique(chosen) ? 1 : 0;
}

int ScoreMatching(std::span<const std::pair<int, int>> key,
                  std::span<const std::pair<int, int>> chosen) {
  return SortedUnique(key) == SortedUnique(chosen) ? 1 : 0;
}

StatusOr<AttemptScore> ScoreAttempt(int correct, int presented, double pass_mark,
                                    double remedial_mark) {
  if (presented < 0 || correct < 0 || correct > presented) {
    return absl::InvalidArgumentError(absl::StrCat("score: correct ", correct, " and presented ",
                                                   presented, " need 0 <= correct <= presented"));
  }
  if (!ValidPercent(pass_mark) || !ValidPercent(remedial_mark)) {
    return absl::InvalidArgumentError(absl::StrCat("score: pass mark ", pass_mark,
                                                   " and remedial mark ", remedial_mark,
                                                   " must be percentages in [0, 100]"));
  }
  AttemptScore s;
  s.correct = correct;
  s.presented = presented;
  s.percent = presented == 0 ? 0.0 : 100.0 * correct / presented;
  s.passed = presented > 0 && s.percent >= pass_mark;
  s.remedial = s.percent < remedial_mark;
  return s;
}

GainBand ClassifyGain(double g) {
  if (g >= 0.7) return GainBand::kHigh;
  if (g >= 0.3) return GainBand::kMedium;
  return GainBand::kLow;
}

std::string_view GainBandName(GainBand band) {
  switch (band) {
    case GainBand::kLow:
      return "low";
    case GainBand::kMedium:
      return "medium";
    case GainBand::kHigh:
      return "high";
  }
  return "low";
}

StatusOr<std::optional<double>> NormalizedGain(double pre_percent, double post_percent) {
  if (!ValidPercent(pre_percent) || !ValidPercent(post_percent)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gain: pre ", pre_percent, " and post ", post_percent, " must be percentages in [0, 100]"));
  }
  if (pre_percent == 100.0) return std::optional<double>();
  return std::optional<double>((post_percent - pre_percent) / (100.0 - pre_percent));
}

StatusOr<GainSummary> SummarizeGain(std::span<const PrePost> scores) {
  GainSummary s;
  double sum_pre = 0, sum_post = 0, sum_gain = 0;
  int64_t n_gain = 0;
  for (size_t k = 0; k < scores.size(); ++k) {
    auto g = NormalizedGain(scores[k].pre, scores[k].post);
    if (!g.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("person ", k, ": ", g.status().message()));
    }
    sum_pre += scores[k].pre;
    sum_post += scores[k].post;
    if (!g->has_value()) {
      ++s.n_undefined;
      continue;
    }
    const double v = **g;
    sum_gain += v;
    ++n_gain;
    switch (ClassifyGain(v)) {
      case GainBand::kLow:
        ++s.n_low;
        break;
      case GainBand::kMedium:
        ++s.n_medium;
        break;
      case GainBand::kHigh:
        ++s.n_high;
        break;
    }
  }
  s.n = static_cast<int64_t>(scores.size());
  if (s.n == 0) return s;
  s.mean_pre = sum_pre / static_cast<double>(s.n);
  s.mean_post = sum_post / static_cast<double>(s.n);
  if (s.mean_pre < 100.0) s.gain_of_means = (s.mean_post - s.mean_pre) / (100.0 - s.mean_pre);
  if (n_gain > 0) s.mean_of_gains = sum_gain / static_cast<double>(n_gain);
  return s;
}

}  // namespace bimtek::assessment
