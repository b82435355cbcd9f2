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

Status GainAccumulator::Add(double pre, double post) {
  ASSIGN_OR_RETURN(std::optional<double> g, NormalizedGain(pre, post));
  sum_pre_ += pre;
  sum_post_ += post;
  ++s_.n;
  if (!g.has_value()) {
    ++s_.n_undefined;
    return absl::OkStatus();
  }
  sum_gain_ += *g;
  ++n_gain_;
  switch (ClassifyGain(*g)) {
    case GainBand::kLow:
      ++s_.n_low;
      break;
    case GainBand::kMedium:
      ++s_.n_medium;
      break;
    case GainBand::kHigh:
      ++s_.n_high;
      break;
  }
  return absl::OkStatus();
}

void GainAccumulator::Merge(const GainAccumulator& o) {
  s_.n += o.s_.n;
  s_.n_undefined += o.s_.n_undefined;
  s_.n_low += o.s_.n_low;
  s_.n_medium += o.s_.n_medium;
  s_.n_high += o.s_.n_high;
  sum_pre_ += o.sum_pre_;
  sum_post_ += o.sum_post_;
  sum_gain_ += o.sum_gain_;
  n_gain_ += o.n_gain_;
}

GainSummary GainAccumulator::Summary() const {
  GainSummary s = s_;
  if (s.n == 0) return s;
  s.mean_pre = sum_pre_ / static_cast<double>(s.n);
  s.mean_post = sum_post_ / static_cast<double>(s.n);
  if (s.mean_pre < 100.0) s.gain_of_means = (s.mean_post - s.mean_pre) / (100.0 - s.mean_pre);
  if (n_gain_ > 0) s.mean_of_gains = sum_gain_ / static_cast<double>(n_gain_);
  return s;
}

StatusOr<GainSummary> SummarizeGain(std::span<const PrePost> scores) {
  GainAccumulator acc;
  for (size_t k = 0; k < scores.size(); ++k) {
    Status st = acc.Add(scores[k].pre, scores[k].post);
    if (!st.ok()) return absl::InvalidArgumentError(absl::StrCat("person ", k, ": ", st.message()));
  }
  return acc.Summary();
}

}  // namespace bimtek::assessment
