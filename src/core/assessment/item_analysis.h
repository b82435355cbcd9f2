// Classical item analysis of a dichotomous response matrix with items not presented to everyone
// (parallel forms, paper sheets with blanks): difficulty p, corrected item-rest point-biserial,
// upper-lower 27% index, KR-20, flags for bad items, and option (distractor) counts.
// The method and every choice for missing cells are in docs/assessment-statistics.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/assessment/response_matrix.h"

namespace bimtek::assessment {

// Thresholds for flagging items (domain reference §8). Callers may load other values from
// configuration; the defaults are the course-test convention.
struct ItemFlagThresholds {
  double p_min = 0.15;                 // flag kTooHard when p < p_min
  double p_max = 0.85;                 // flag kTooEasy when p > p_max
  double rpbis_min = 0.20;             // flag kLowDiscrimination when rpbis < rpbis_min
  double kr20_min = 0.70;              // the test as a whole: kr20 below this is reported as low
  double upper_lower_fraction = 0.27;  // size of the upper and lower groups, in (0, 0.5]
};
// Errors: InvalidArgument when p_min > p_max, a value is outside [0, 1] (rpbis_min in [-1, 1]),
// or upper_lower_fraction is outside (0, 0.5].
Status ValidateThresholds(const ItemFlagThresholds& t);

// Bit flags of one item (item analysis and Rasch calibration share them).
enum ItemFlag : uint32_t {
  kNotPresented = 1u << 0,       // no person was presented the item: no statistic at all
  kTooHard = 1u << 1,            // p < p_min
  kTooEasy = 1u << 2,            // p > p_max
  kLowDiscrimination = 1u << 3,  // rpbis < rpbis_min
  kNoDiscrimination = 1u << 4,   // rpbis undefined (no variance in the item or in the rest)
  kAllCorrect = 1u << 5,         // everyone presented it answered right: no Rasch difficulty
  kAllWrong = 1u << 6,           // everyone presented it answered wrong: no Rasch difficulty
  kRaschMisfit = 1u << 7,        // infit or outfit mean square outside the configured range
};
// The names of the set flags, in bit order ("not_presented", "too_hard", ...).
std::vector<std::string_view> FlagNames(uint32_t flags);

// Counts of each option chosen, for distractor analysis (option-level data, when the store
// provides it): overall, in the upper and in the lower group.
struct OptionCounts {
  std::vector<int64_t> all;
  std::vector<double> upper;  // fractional at the group boundary, as for the 27% index
  std::vector<double> lower;
  int64_t omitted = 0;  // presented but not answered
};

struct ItemStats {
  int64_t n_presented = 0;
  int64_t n_correct = 0;
  std::optional<double> p;            // n_correct / n_presented
  std::optional<double> rpbis;        // Pearson r of the item with the rest score
  std::optional<double> upper_lower;  // p in the upper group minus p in the lower group
  std::optional<double> p_upper, p_lower;
  uint32_t flags = 0;
  OptionCounts options;  // empty until option-level data is analysed (AnalyzeOptions)
};

struct ItemAnalysis {
  std::vector<ItemStats> items;
  int64_t n_persons = 0;
  int64_t n_complete = 0;  // persons presented every item (the KR-20 sample)
  // KR-20 on the complete persons, over the items that vary among them (an item all of them
  // answered alike is left out of k, as psych::alpha does); nullopt when fewer than 2 persons
  // or 2 varying items, or when their total scores do not vary.
  std::optional<double> kr20;
  int kr20_items = 0;        // k used for kr20
  double mean_complete = 0;  // mean total score of the complete persons
  double var_complete = 0;   // its variance (divided by n)
  bool kr20_low = false;     // kr20 < kr20_min
};

// The sufficient statistics of item analysis, accumulated person by person (or merged from
// parts scanned on different threads): per item, the persons presented it by item score and
// total score; for the persons presented every item, the right answers per item and the total
// score histogram. Memory O(items^2); adding a person costs O(items presented).
class ItemCounts {
 public:
  explicit ItemCounts(size_t num_items);
  size_t num_items() const { return num_items_; }
  size_t words() const { return words_; }
  int64_t num_persons() const { return num_persons_; }
  // Adds a person from the two bit sets (words() long each; a correct bit implies its
  // presented bit, bits past num_items() are zero), as ResponseMatrix keeps them.
  void Add(const uint64_t* presented, const uint64_t* correct);
  // Adds `other`'s persons; Errors: InvalidArgument when the item counts differ.
  Status Merge(const ItemCounts& other);

 private:
  friend StatusOr<ItemAnalysis> AnalyzeItems(const ItemCounts&, const ItemFlagThresholds&);
  size_t num_items_, words_;
  int64_t num_persons_ = 0;
  std::vector<int64_t> hist_;  // [(item * 2 + x) * (k + 1) + total]
  std::vector<int64_t> complete_correct_, complete_total_;
  std::vector<uint64_t> all_;
};

// Analyses every item of `m`:
//  - p: share correct among the persons presented the item.
//  - rpbis: over the persons presented the item, the Pearson correlation of the item score with
//    the rest score = number correct on the other items presented to that person.
//  - upper_lower: persons presented the item are ranked by total score (over the items presented
//    to them); the upper and lower groups hold fraction * n persons each, where a score group
//    straddling the boundary enters with the fraction of its members needed (so ties never
//    depend on row order); index = p(upper) - p(lower).
//  - kr20 over the persons presented every item (equal to Cronbach's alpha on 0/1 data, and to
//    psych::alpha()$total$raw_alpha on those rows).
// Errors: InvalidArgument for invalid thresholds. Runs in one pass over the matrix: O(cells).
// Thread-compatible (reads `m` only).
StatusOr<ItemAnalysis> AnalyzeItems(const ResponseMatrix& m,
                                    const ItemFlagThresholds& thresholds = {});
// The same from accumulated counts: AnalyzeItems(m) == AnalyzeItems(counts of m's persons).
StatusOr<ItemAnalysis> AnalyzeItems(const ItemCounts& counts,
                                    const ItemFlagThresholds& thresholds = {});

// Option-level data of one item: the option each presented person chose (0-based, -1 = no
// answer) with the person's total score for the group split. Fills stats.options.
// Errors: InvalidArgument when sizes differ or an option is >= num_options.
Status AnalyzeOptions(std::span<const int> chosen, std::span<const int> total_score,
                      int num_options, double upper_lower_fraction, ItemStats& stats);

// Cronbach's alpha of a persons x items matrix of numeric scores (row-major, complete rows):
// k/(k-1) * (1 - sum of item variances / variance of the total). On 0/1 data it equals KR-20.
// nullopt when k < 2, fewer than 2 rows, or the total does not vary.
std::optional<double> CronbachAlpha(std::span<const double> scores, size_t num_items);

}  // namespace bimtek::assessment
