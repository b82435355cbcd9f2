#include "core/assessment/test_form.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "base/rng.h"
#include "base/strings.h"

namespace bimtek::assessment {

using questions::ItemType;
using questions::Question;

namespace {

bool IsModule(std::string_view s) {
  const auto& m = questions::Modules();
  return std::find(m.begin(), m.end(), s) != m.end();
}
bool IsTopic(std::string_view s) {
  const auto& t = questions::Topics();
  return std::find(t.begin(), t.end(), s) != t.end();
}

bool Matches(const Question& q, std::string_view selector) {
  if (q.module == selector) return true;
  return std::find(q.topics.begin(), q.topics.end(), selector) != q.topics.end();
}

template <typename T>
void Shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    std::swap(v[i - 1], v[rng.Below(static_cast<uint32_t>(i))]);
  }
}

// The number of choices an item's answer byte(s) index into.
size_t ChoiceCount(const Question& q) {
  return q.type == ItemType::kMatching ? q.right.size() : q.options.size();
}

int IndexOf(const std::vector<questions::Choice>& v, std::string_view id) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

StatusOr<Blueprint> ParseBlueprint(std::string_view text) {
  Blueprint b;
  for (std::string_view part : Split(text, ',')) {
    part = Trim(part);
    if (part.empty()) continue;
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      return absl::InvalidArgumentError(
          StrCat("blueprint entry '", part, "': expected SELECTOR:COUNT, e.g. M3:10"));
    }
    BlueprintEntry e;
    e.selector = std::string(Trim(part.substr(0, colon)));
    const std::string_view n = Trim(part.substr(colon + 1));
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), e.count);
    if (ec != std::errc() || p != n.data() + n.size() || e.count < 1 || e.count > 200) {
      return absl::InvalidArgumentError(
          StrCat("blueprint entry '", part, "': the count must be a number from 1 to 200"));
    }
    if (!IsModule(e.selector) && !IsTopic(e.selector)) {
      return absl::InvalidArgumentError(StrCat("blueprint entry '", part, "': '", e.selector,
                                               "' is neither a module (M1..M4, EVAL) nor a topic"));
    }
    for (const auto& o : b.entries) {
      if (o.selector == e.selector) {
        return absl::InvalidArgumentError(
            StrCat("blueprint entry '", part, "': '", e.selector, "' is given twice"));
      }
    }
    b.entries.push_back(std::move(e));
  }
  if (b.entries.empty()) {
    return absl::InvalidArgumentError("the blueprint is empty; give e.g. M1:5,M3:10");
  }
  return b;
}

std::string FormatBlueprint(const Blueprint& b) {
  std::string out;
  for (const auto& e : b.entries) {
    if (!out.empty()) out += ',';
    out += StrCat(e.selector, ":", e.count);
  }
  return out;
}

Status CheckPackable(const Question& q) {
  if (q.type == ItemType::kMultiple && q.options.size() > 8) {
    return absl::InvalidArgumentError(
        StrCat("item ", q.id, ": a multiple-response item in a test has at most 8 options"));
  }
  if (ChoiceCount(q) > 254 || q.left.size() > 254) {
    return absl::InvalidArgumentError(StrCat("item ", q.id, ": more than 254 choices"));
  }
  if (ChoiceCount(q) == 0) {
    return absl::InvalidArgumentError(StrCat("item ", q.id, ": no choices"));
  }
  return absl::OkStatus();
}

StatusOr<std::vector<std::vector<FormItem>>> BuildForms(const Blueprint& blueprint,
                                                        const std::vector<Question>& bank,
                                                        int forms, uint64_t seed) {
  if (forms < 1 || forms > 26) {
    return absl::InvalidArgumentError(StrCat("the number of forms must be 1 to 26, not ", forms));
  }
  std::vector<std::vector<FormItem>> out(static_cast<size_t>(forms));
  std::vector<std::set<std::string>> used(static_cast<size_t>(forms));
  for (size_t e = 0; e < blueprint.entries.size(); ++e) {
    const BlueprintEntry& entry = blueprint.entries[e];
    std::vector<const Question*> pool;
    for (const Question& q : bank) {
      if (Matches(q, entry.selector) && CheckPackable(q).ok()) pool.push_back(&q);
    }
    std::sort(pool.begin(), pool.end(),
              [](const Question* a, const Question* b) { return a->id < b->id; });
    if (static_cast<int>(pool.size()) < entry.count) {
      return absl::InvalidArgumentError(StrCat("blueprint entry ", entry.selector, ":",
                                               entry.count, " asks more items than the bank has (",
                                               pool.size(), ")"));
    }
    Rng rng(Rng::Mix(seed, e + 1));
    Shuffle(pool, rng);
    for (int f = 0; f < forms; ++f) {
      // Form f starts where form f-1 stopped, so that forms share items only when the pool is
      // smaller than forms x count.
      const size_t start = (static_cast<size_t>(f) * static_cast<size_t>(entry.count)) % pool.size();
      int taken = 0;
      for (size_t k = 0; k < pool.size() && taken < entry.count; ++k) {
        const Question* q = pool[(start + k) % pool.size()];
        if (!used[static_cast<size_t>(f)].insert(q->id).second) continue;
        out[static_cast<size_t>(f)].push_back({q->id, q->version});
        ++taken;
      }
      if (taken < entry.count) {
        return absl::InvalidArgumentError(
            StrCat("blueprint entry ", entry.selector, ":", entry.count,
                   ": not enough items left after the other entries took theirs (", taken, ")"));
      }
    }
  }
  return out;
}

int FormOf(uint64_t seed, int64_t person_id, int forms) {
  if (forms <= 1) return 0;
  Rng rng(Rng::Mix(seed ^ 0xf0f0f0f0ULL, static_cast<uint64_t>(person_id)));
  return static_cast<int>(rng.Below(static_cast<uint32_t>(forms)));
}

PersonOrder OrderFor(uint64_t seed, int64_t person_id, const std::vector<const Question*>& form) {
  Rng rng(Rng::Mix(seed, static_cast<uint64_t>(person_id) * 2 + 1));
  PersonOrder o;
  o.items.resize(form.size());
  for (size_t i = 0; i < form.size(); ++i) o.items[i] = static_cast<int>(i);
  Shuffle(o.items, rng);
  o.options.resize(form.size());
  for (size_t p = 0; p < form.size(); ++p) {
    const Question& q = *form[p];
    std::vector<int>& opt = o.options[p];
    opt.resize(ChoiceCount(q));
    for (size_t i = 0; i < opt.size(); ++i) opt[i] = static_cast<int>(i);
    // True/false keeps Benar before Salah: shuffling two fixed words only confuses.
    if (q.type != ItemType::kTrueFalse) Shuffle(opt, rng);
  }
  return o;
}

size_t PackedSize(const std::vector<const Question*>& form) {
  size_t n = 0;
  for (const Question* q : form) n += q->type == ItemType::kMatching ? q->left.size() : 1;
  return n;
}

StatusOr<std::string> PackAnswers(const std::vector<const Question*>& form,
                                  const std::vector<GivenAnswer>& given) {
  std::string out;
  out.reserve(PackedSize(form));
  static const GivenAnswer kNone;
  for (size_t p = 0; p < form.size(); ++p) {
    const Question& q = *form[p];
    const GivenAnswer& a = p < given.size() ? given[p] : kNone;
    switch (q.type) {
      case ItemType::kSingle:
      case ItemType::kTrueFalse: {
        if (a.size() > 1) {
          return absl::InvalidArgumentError(
              StrCat("item ", q.id, ": one answer expected, ", a.size(), " given"));
        }
        uint8_t b = 0;
        if (!a.empty()) {
          const int i = IndexOf(q.options, a[0]);
          if (i < 0) {
            return absl::InvalidArgumentError(
                StrCat("item ", q.id, ": no option '", a[0], "'"));
          }
          b = static_cast<uint8_t>(i + 1);
        }
        out.push_back(static_cast<char>(b));
        break;
      }
      case ItemType::kMultiple: {
        uint8_t mask = 0;
        for (const std::string& id : a) {
          const int i = IndexOf(q.options, id);
          if (i < 0 || i > 7) {
            return absl::InvalidArgumentError(StrCat("item ", q.id, ": no option '", id, "'"));
          }
          mask = static_cast<uint8_t>(mask | (1u << i));
        }
        out.push_back(static_cast<char>(mask));
        break;
      }
      case ItemType::kMatching: {
        std::string bytes(q.left.size(), '\0');
        for (const std::string& pair : a) {
          const size_t eq = pair.find('=');
          const int l = eq == std::string::npos ? -1 : IndexOf(q.left, pair.substr(0, eq));
          const int r = eq == std::string::npos ? -1 : IndexOf(q.right, pair.substr(eq + 1));
          if (l < 0 || r < 0) {
            return absl::InvalidArgumentError(
                StrCat("item ", q.id, ": '", pair, "' is not a pair LEFT=RIGHT of this item"));
          }
          bytes[static_cast<size_t>(l)] = static_cast<char>(r + 1);
        }
        out += bytes;
        break;
      }
    }
  }
  return out;
}

StatusOr<std::vector<GivenAnswer>> UnpackAnswers(const std::vector<const Question*>& form,
                                                 std::string_view packed) {
  if (packed.size() != PackedSize(form)) {
    return absl::InvalidArgumentError(StrCat("packed answers have ", packed.size(),
                                             " bytes; the form needs ", PackedSize(form)));
  }
  std::vector<GivenAnswer> out(form.size());
  size_t at = 0;
  for (size_t p = 0; p < form.size(); ++p) {
    const Question& q = *form[p];
    auto byte = [&](size_t i) { return static_cast<uint8_t>(packed[i]); };
    switch (q.type) {
      case ItemType::kSingle:
      case ItemType::kTrueFalse: {
        const uint8_t b = byte(at++);
        if (b == 0) break;
        if (b > q.options.size()) {
          return absl::InvalidArgumentError(StrCat("item ", q.id, ": option index ", b - 1,
                                                   " out of range"));
        }
        out[p].push_back(q.options[b - 1u].id);
        break;
      }
      case ItemType::kMultiple: {
        const uint8_t mask = byte(at++);
        if (q.options.size() < 8 && (mask >> q.options.size()) != 0) {
          return absl::InvalidArgumentError(StrCat("item ", q.id, ": option mask out of range"));
        }
        for (size_t i = 0; i < q.options.size() && i < 8; ++i) {
          if (mask & (1u << i)) out[p].push_back(q.options[i].id);
        }
        break;
      }
      case ItemType::kMatching: {
        for (size_t l = 0; l < q.left.size(); ++l) {
          const uint8_t b = byte(at++);
          if (b == 0) continue;
          if (b > q.right.size()) {
            return absl::InvalidArgumentError(
                StrCat("item ", q.id, ": right choice ", b - 1, " out of range"));
          }
          out[p].push_back(StrCat(q.left[l].id, "=", q.right[b - 1u].id));
        }
        break;
      }
    }
  }
  return out;
}

PackedScorer::PackedScorer(const std::vector<const Question*>& form) {
  for (const Question* qp : form) {
    const Question& q = *qp;
    Item it;
    it.offset = static_cast<uint32_t>(size_);
    it.key_at = static_cast<uint32_t>(key_.size());
    switch (q.type) {
      case ItemType::kSingle:
      case ItemType::kTrueFalse: {
        const int i = q.key.empty() ? -1 : IndexOf(q.options, q.key[0]);
        it.len = 1;
        it.scorable = i >= 0 && i < 255;
        key_.push_back(static_cast<char>(it.scorable ? i + 1 : 0));
        break;
      }
      case ItemType::kMultiple: {
        uint8_t key = 0;
        for (const std::string& k : q.key) {
          const int i = IndexOf(q.options, k);
          if (i >= 0 && i < 8) key = static_cast<uint8_t>(key | (1u << i));
        }
        it.len = 1;
        it.scorable = key != 0;  // a mask of 0 is no answer, never right
        key_.push_back(static_cast<char>(key));
        break;
      }
      case ItemType::kMatching: {
        std::vector<int> want(q.left.size(), -1);
        for (const auto& [l, r] : q.pairs) {
          const int li = IndexOf(q.left, l);
          if (li >= 0) want[static_cast<size_t>(li)] = IndexOf(q.right, r);
        }
        it.len = static_cast<uint32_t>(q.left.size());
        it.scorable = !q.pairs.empty();
        for (int w : want) key_.push_back(static_cast<char>(w + 1));
        break;
      }
    }
    size_ += it.len;
    items_.push_back(it);
  }
}

StatusOr<std::vector<uint8_t>> ScorePacked(const std::vector<const Question*>& form,
                                           std::string_view packed) {
  if (packed.size() != PackedSize(form)) {
    return absl::InvalidArgumentError(StrCat("packed answers have ", packed.size(),
                                             " bytes; the form needs ", PackedSize(form)));
  }
  std::vector<uint8_t> out(form.size(), 0);
  size_t at = 0;
  for (size_t p = 0; p < form.size(); ++p) {
    const Question& q = *form[p];
    switch (q.type) {
      case ItemType::kSingle:
      case ItemType::kTrueFalse: {
        const uint8_t b = static_cast<uint8_t>(packed[at++]);
        out[p] = !q.key.empty() && b != 0 && b <= q.options.size() &&
                 q.options[b - 1u].id == q.key[0];
        break;
      }
      case ItemType::kMultiple: {
        const uint8_t mask = static_cast<uint8_t>(packed[at++]);
        uint8_t key = 0;
        for (const std::string& k : q.key) {
          const int i = IndexOf(q.options, k);
          if (i >= 0 && i < 8) key = static_cast<uint8_t>(key | (1u << i));
        }
        out[p] = mask != 0 && mask == key;
        break;
      }
      case ItemType::kMatching: {
        bool all = !q.pairs.empty();
        std::vector<int> want(q.left.size(), -1);
        for (const auto& [l, r] : q.pairs) {
          const int li = IndexOf(q.left, l);
          if (li >= 0) want[static_cast<size_t>(li)] = IndexOf(q.right, r);
        }
        for (size_t l = 0; l < q.left.size(); ++l) {
          const int got = static_cast<int>(static_cast<uint8_t>(packed[at++])) - 1;
          if (got != want[l]) all = false;
        }
        out[p] = all;
        break;
      }
    }
  }
  return out;
}

}  // namespace bimtek::assessment
