#include "core/assessment/item_analysis.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace bimtek::assessment {
namespace {

// The share of each score group that falls into the upper and the lower group, when each group
// holds fraction * n persons. A score group straddling a boundary enters partly, so the result
// does not depend on the order of rows with equal scores.
struct GroupWeights {
  std::vector<double> upper, lower;
  double size = 0;  // fraction * n
};

GroupWeights SplitGroups(std::span<const int64_t> count_by_score, double fraction) {
  GroupWeights g;
  g.upper.assign(count_by_score.size(), 0.0);
  g.lower.assign(count_by_score.size(), 0.0);
  int64_t n = 0;
  for (int64_t c : count_by_score) n += c;
  g.size = fraction * static_cast<double>(n);
  double left = g.size;
  for (size_t t = count_by_score.size(); t-- > 0 && left > 0;) {
    if (count_by_score[t] == 0) continue;
    const double c = static_cast<double>(count_by_score[t]);
    const double take = std::min(c, left);
    g.upper[t] = take / c;
    left -= take;
  }
  left = g.size;
  for (size_t t = 0; t < count_by_score.size() && left > 0; ++t) {
    if (count_by_score[t] == 0) continue;
    const double c = static_cast<double>(count_by_score[t]);
    const double take = std::min(c, left);
    g.lower[t] = take / c;
    left -= take;
  }
  return g;
}

}  // namespace

Status ValidateThresholds(const ItemFlagThresholds& t) {
  auto in01 = [](double x) { return std::isfinite(x) && x >= 0 && x <= 1; };
  if (!in01(t.p_min) || !in01(t.p_max) || t.p_min > t.p_max) {
    return absl::InvalidArgumentError(absl::StrCat("thresholds: p_min ", t.p_min, " and p_max ",
                                                   t.p_max, " need 0 <= p_min <= p_max <= 1"));
  }
  if (!std::isfinite(t.rpbis_min) || t.rpbis_min < -1 || t.rpbis_min > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("thresholds: rpbis_min ", t.rpbis_min, " must be in [-1, 1]"));
  }
  if (!in01(t.kr20_min)) {
    return absl::InvalidArgumentError(
        absl::StrCat("thresholds: kr20_min ", t.kr20_min, " must be in [0, 1]"));
  }
  if (!std::isfinite(t.upper_lower_fraction) || t.upper_lower_fraction <= 0 ||
      t.upper_lower_fraction > 0.5) {
    return absl::InvalidArgumentError(absl::StrCat("thresholds: upper_lower_fraction ",
                                                   t.upper_lower_fraction, " must be in (0, 0.5]"));
  }
  return absl::OkStatus();
}

std::vector<std::string_view> FlagNames(uint32_t flags) {
  static constexpr std::string_view kNames[] = {
      "not_presented",     "too_hard",    "too_easy",  "low_discrimination",
      "no_discrimination", "all_correct", "all_wrong", "rasch_misfit"};
  std::vector<std::string_view> out;
  for (size_t b = 0; b < std::size(kNames); ++b) {
    if (flags & (1u << b)) out.push_back(kNames[b]);
  }
  return out;
}

ItemCounts::ItemCounts(size_t num_items)
    : num_items_(num_items),
      words_((num_items + 63) / 64),
      hist_(num_items * 2 * (num_items + 1), 0),
      complete_correct_(num_items, 0),
      complete_total_(num_items + 1, 0),
      all_(words_, 0) {
  for (size_t i = 0; i < num_items; ++i) all_[i / 64] |= uint64_t{1} << (i % 64);
}

void ItemCounts::Add(const uint64_t* pw, const uint64_t* cw) {
  const size_t scores = num_items_ + 1;
  const size_t total = static_cast<size_t>(PopCount(cw, words_));
  bool complete = true;
  for (size_t w = 0; w < words_; ++w) complete = complete && pw[w] == all_[w];
  ForEachBit(pw, words_, [&](size_t i) {
    const size_t x = (cw[i / 64] >> (i % 64)) & 1u;
    ++hist_[(i * 2 + x) * scores + total];
  });
  if (complete && num_items_ > 0) {
    ++complete_total_[total];
    ForEachBit(cw, words_, [&](size_t i) { ++complete_correct_[i]; });
  }
  ++num_persons_;
}

Status ItemCounts::Merge(const ItemCounts& other) {
  if (other.num_items_ != num_items_) {
    return absl::InvalidArgumentError(absl::StrCat("item counts: merging ", other.num_items_,
                                                   " items into ", num_items_));
  }
  for (size_t j = 0; j < hist_.size(); ++j) hist_[j] += other.hist_[j];
  for (size_t j = 0; j < complete_correct_.size(); ++j)
    complete_correct_[j] += other.complete_correct_[j];
  for (size_t j = 0; j < complete_total_.size(); ++j) complete_total_[j] += other.complete_total_[j];
  num_persons_ += other.num_persons_;
  return absl::OkStatus();
}

StatusOr<ItemAnalysis> AnalyzeItems(const ResponseMatrix& m, const ItemFlagThresholds& thresholds) {
  RETURN_IF_ERROR(ValidateThresholds(thresholds));
  ItemCounts counts(m.num_items());
  for (size_t v = 0; v < m.num_persons(); ++v) {
    counts.Add(m.presented_words(v), m.correct_words(v));
  }
  return AnalyzeItems(counts, thresholds);
}

StatusOr<ItemAnalysis> AnalyzeItems(const ItemCounts& counts, const ItemFlagThresholds& thresholds) {
  RETURN_IF_ERROR(ValidateThresholds(thresholds));
  const size_t k = counts.num_items_;
  const size_t scores = k + 1;
  // Every statistic below is a function of these counts.
  const std::vector<int64_t>& hist = counts.hist_;
  const std::vector<int64_t>& complete_correct = counts.complete_correct_;
  const std::vector<int64_t>& complete_total = counts.complete_total_;
  const size_t n = static_cast<size_t>(counts.num_persons_);

  ItemAnalysis out;
  out.n_persons = static_cast<int64_t>(n);
  out.items.resize(k);
  std::vector<int64_t> by_total(scores);
  for (size_t i = 0; i < k; ++i) {
    ItemStats& s = out.items[i];
    const int64_t* h0 = &hist[(i * 2 + 0) * scores];
    const int64_t* h1 = &hist[(i * 2 + 1) * scores];
    for (size_t t = 0; t < scores; ++t) {
      s.n_presented += h0[t] + h1[t];
      s.n_correct += h1[t];
      by_total[t] = h0[t] + h1[t];
    }
    if (s.n_presented == 0) {
      s.flags |= kNotPresented;
      continue;
    }
    const double np = static_cast<double>(s.n_presented);
    const double p = static_cast<double>(s.n_correct) / np;
    s.p = p;
    if (p < thresholds.p_min) s.flags |= kTooHard;
    if (p > thresholds.p_max) s.flags |= kTooEasy;
    if (s.n_correct == s.n_presented) s.flags |= kAllCorrect;
    if (s.n_correct == 0) s.flags |= kAllWrong;

    // Point-biserial with the rest score r = total - x, centred (two passes over the counts).
    double mean_rest = 0;
    for (size_t t = 0; t < scores; ++t) {
      mean_rest += static_cast<double>(h0[t]) * static_cast<double>(t);
      if (t > 0) mean_rest += static_cast<double>(h1[t]) * static_cast<double>(t - 1);
    }
    mean_rest /= np;
    double sxx = 0, srr = 0, sxr = 0;
    for (size_t t = 0; t < scores; ++t) {
      const double r0 = static_cast<double>(t) - mean_rest;
      const double c0 = static_cast<double>(h0[t]);
      sxx += c0 * p * p;
      srr += c0 * r0 * r0;
      sxr += c0 * (-p) * r0;
      if (t > 0) {
        const double r1 = static_cast<double>(t - 1) - mean_rest;
        const double c1 = static_cast<double>(h1[t]);
        sxx += c1 * (1 - p) * (1 - p);
        srr += c1 * r1 * r1;
        sxr += c1 * (1 - p) * r1;
      }
    }
    // A variance that is zero up to rounding leaves the correlation undefined.
    if (sxx > 1e-12 * np && srr > 1e-12 * np) {
      s.rpbis = std::clamp(sxr / std::sqrt(sxx * srr), -1.0, 1.0);
      if (*s.rpbis < thresholds.rpbis_min) s.flags |= kLowDiscrimination;
    } else {
      s.flags |= kNoDiscrimination;
    }

    const GroupWeights g = SplitGroups(by_total, thresholds.upper_lower_fraction);
    if (g.size > 0) {
      double cu = 0, cl = 0;
      for (size_t t = 0; t < scores; ++t) {
        cu += g.upper[t] * static_cast<double>(h1[t]);
        cl += g.lower[t] * static_cast<double>(h1[t]);
      }
      s.p_upper = cu / g.size;
      s.p_lower = cl / g.size;
      s.upper_lower = *s.p_upper - *s.p_lower;
    }
  }

  // KR-20 on the complete persons: k/(k-1) * (1 - sum p q / var(total)), variances over n.
  int64_t nc = 0;
  double mean = 0;
  for (size_t t = 0; t < scores; ++t) {
    nc += complete_total[t];
    mean += static_cast<double>(complete_total[t]) * static_cast<double>(t);
  }
  out.n_complete = nc;
  if (nc > 0) {
    mean /= static_cast<double>(nc);
    double var = 0;
    for (size_t t = 0; t < scores; ++t) {
      const double d = static_cast<double>(t) - mean;
      var += static_cast<double>(complete_total[t]) * d * d;
    }
    var /= static_cast<double>(nc);
    out.mean_complete = mean;
    out.var_complete = var;
    // An item without variance among these persons is left out of k, as psych::alpha
    // deletes it ("had no variance and was deleted"): it adds nothing to either variance.
    double sum_pq = 0;
    size_t varying = 0;
    for (size_t i = 0; i < k; ++i) {
      if (complete_correct[i] == 0 || complete_correct[i] == nc) continue;
      const double pc = static_cast<double>(complete_correct[i]) / static_cast<double>(nc);
      sum_pq += pc * (1 - pc);
      ++varying;
    }
    out.kr20_items = static_cast<int>(varying);
    if (nc >= 2 && varying >= 2 && var > 0) {
      const double kd = static_cast<double>(varying);
      out.kr20 = kd / (kd - 1) * (1 - sum_pq / var);
      out.kr20_low = *out.kr20 < thresholds.kr20_min;
    }
  }
  return out;
}

Status AnalyzeOptions(std::span<const int> chosen, std::span<const int> total_score,
                      int num_options, double upper_lower_fraction, ItemStats& stats) {
  if (chosen.size() != total_score.size()) {
    return absl::InvalidArgumentError(absl::StrCat("options: ", chosen.size(), " choices but ",
                                                   total_score.size(), " total scores"));
  }
  if (num_options < 1 || !(upper_lower_fraction > 0 && upper_lower_fraction <= 0.5)) {
    return absl::InvalidArgumentError(
        absl::StrCat("options: need num_options >= 1 (got ", num_options,
                     ") and a group fraction in (0, 0.5] (got ", upper_lower_fraction, ")"));
  }
  int max_score = 0;
  for (size_t v = 0; v < chosen.size(); ++v) {
    if (chosen[v] < -1 || chosen[v] >= num_options) {
      return absl::InvalidArgumentError(
          absl::StrCat("options: person ", v, " chose option ", chosen[v], " of ", num_options));
    }
    if (total_score[v] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("options: person ", v, " has total score ", total_score[v]));
    }
    max_score = std::max(max_score, total_score[v]);
  }
  const size_t scores = static_cast<size_t>(max_score) + 1;
  const size_t cols = static_cast<size_t>(num_options) + 1;  // last column: omitted
  std::vector<int64_t> by_score(scores, 0), table(scores * cols, 0);
  for (size_t v = 0; v < chosen.size(); ++v) {
    const size_t t = static_cast<size_t>(total_score[v]);
    ++by_score[t];
    const size_t o = chosen[v] < 0 ? cols - 1 : static_cast<size_t>(chosen[v]);
    ++table[t * cols + o];
  }
  const GroupWeights g = SplitGroups(by_score, upper_lower_fraction);
  OptionCounts& oc = stats.options;
  oc = OptionCounts{};
  oc.all.assign(static_cast<size_t>(num_options), 0);
  oc.upper.assign(static_cast<size_t>(num_options), 0.0);
  oc.lower.assign(static_cast<size_t>(num_options), 0.0);
  for (size_t t = 0; t < scores; ++t) {
    for (size_t o = 0; o + 1 < cols; ++o) {
      const int64_t c = table[t * cols + o];
      oc.all[o] += c;
      oc.upper[o] += g.upper[t] * static_cast<double>(c);
      oc.lower[o] += g.lower[t] * static_cast<double>(c);
    }
    oc.omitted += table[t * cols + cols - 1];
  }
  return absl::OkStatus();
}

std::optional<double> CronbachAlpha(std::span<const double> scores, size_t num_items) {
  if (num_items < 2 || scores.size() % num_items != 0) return std::nullopt;
  const size_t n = scores.size() / num_items;
  if (n < 2) return std::nullopt;
  std::vector<double> mean(num_items, 0.0);
  double mean_total = 0;
  for (size_t v = 0; v < n; ++v) {
    for (size_t i = 0; i < num_items; ++i) {
      mean[i] += scores[v * num_items + i];
      mean_total += scores[v * num_items + i];
    }
  }
  for (double& x : mean) x /= static_cast<double>(n);
  mean_total /= static_cast<double>(n);
  double sum_item_var = 0, var_total = 0;
  for (size_t v = 0; v < n; ++v) {
    double total = 0;
    for (size_t i = 0; i < num_items; ++i) {
      const double d = scores[v * num_items + i] - mean[i];
      sum_item_var += d * d;
      total += scores[v * num_items + i];
    }
    var_total += (total - mean_total) * (total - mean_total);
  }
  if (var_total <= 0) return std::nullopt;
  const double k = static_cast<double>(num_items);
  return k / (k - 1) * (1 - sum_item_var / var_total);
}

}  // namespace bimtek::assessment
