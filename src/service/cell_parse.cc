#include "service/cell_parse.h"

#include <charconv>
#include <cmath>

#include "base/strings.h"

namespace bimtek::service {

namespace {

bool ParseIntStrict(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

int MonthFromName(std::string_view name) {
  static constexpr std::string_view kId[] = {"januari",   "februari", "maret",    "april",
                                             "mei",       "juni",     "juli",     "agustus",
                                             "september", "oktober",  "november", "desember"};
  static constexpr std::string_view kEn[] = {"january",   "february", "march",    "april",
                                             "may",       "june",     "july",     "august",
                                             "september", "october",  "november", "december"};
  const std::string n = ToLowerAscii(name);
  if (n.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (n == kId[i] || n == kEn[i]) return i + 1;
    if (n.size() == 3 && (kId[i].substr(0, 3) == n || kEn[i].substr(0, 3) == n)) return i + 1;
  }
  if (n == "agu" || n == "okt" || n == "des" || n == "peb" || n == "pebruari") {
    return n == "agu" ? 8 : n == "okt" ? 10 : n == "des" ? 12 : 2;
  }
  return 0;
}

}  // namespace

std::string NikFromCell(const io::Cell& c, NikCell& kind) {
  kind = NikCell::kOk;
  if (c.kind == io::CellKind::kNumber) {
    kind = NikCell::kNumber;
    return c.text;
  }
  std::string out;
  std::string_view t = c.text;
  if (!t.empty() && t.front() == '\'') t.remove_prefix(1);
  bool has_e = false, has_dot = false;
  for (char ch : t) {
    if (ch == ' ' || ch == '-') continue;
    if (ch == 'e' || ch == 'E') has_e = true;
    if (ch == '.' || ch == ',') has_dot = true;
    out.push_back(ch);
  }
  if (has_e && out.size() >= 3 && out[0] >= '0' && out[0] <= '9') {
    // 3.27101E+15 or 3,27101E+15: a number the spreadsheet printed in scientific notation.
    bool looks_numeric = true;
    for (char ch : out) {
      if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == ',' || ch == 'e' || ch == 'E' ||
            ch == '+')) {
        looks_numeric = false;
      }
    }
    if (looks_numeric) {
      kind = NikCell::kENotation;
      return std::string(t);
    }
  }
  if (has_dot) {
    // Dotted groups ("3271.0101.9000.0001") are a way of writing; drop the dots.
    std::string d;
    for (char ch : out) {
      if (ch != '.') d.push_back(ch);
    }
    return d;
  }
  return out;
}

std::optional<Date> DateFromCell(const io::Cell& c) {
  if (c.kind == io::CellKind::kNumber) {
    // Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 1900-02-29; every
    // birth date is far past it, so days since 1899-12-30 is exact.
    if (c.number < 1 || c.number > 2958465 || c.number != std::floor(c.number)) {
      return std::nullopt;
    }
    return CivilFromDays(static_cast<int64_t>(c.number) + DaysFromCivil(Date{1899, 12, 30}));
  }
  std::string_view t = Trim(c.text);
  if (t.size() >= 10 && t[4] == '-' && (t.size() == 10 || t[10] == ' ' || t[10] == 'T')) {
    return ParseIsoDate(t.substr(0, 10));
  }
  // DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, D/M/YYYY
  for (char sep : {'-', '/', '.'}) {
    const auto parts = Split(t, sep);
    if (parts.size() == 3) {
      int d = 0, m = 0, y = 0;
      if (ParseIntStrict(parts[0], d) && ParseIntStrict(parts[2], y) && parts[2].size() == 4) {
        if (!ParseIntStrict(parts[1], m)) m = MonthFromName(parts[1]);
        if (IsValidDate(y, m, d)) return Date{y, m, d};
      }
      return std::nullopt;
    }
  }
  // "14 Februari 1990"
  const auto words = Split(t, ' ');
  std::vector<std::string_view> w;
  for (auto x : words) {
    if (!x.empty()) w.push_back(x);
  }
  if (w.size() == 3) {
    int d = 0, y = 0;
    const int m = MonthFromName(w[1]);
    if (ParseIntStrict(w[0], d) && ParseIntStrict(w[2], y) && IsValidDate(y, m, d)) {
      return Date{y, m, d};
    }
  }
  return std::nullopt;
}

std::optional<int64_t> IntFromCell(const io::Cell& c) {
  if (c.kind == io::CellKind::kNumber) {
    if (c.number != std::floor(c.number) || std::fabs(c.number) > 9e15) return std::nullopt;
    return static_cast<int64_t>(c.number);
  }
  std::string_view t = Trim(c.text);
  if (t.ends_with(".0")) t.remove_suffix(2);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

std::optional<int> PositionFromCell(const io::Cell& c) {
  if (auto v = IntFromCell(c); v && *v >= 0 && *v < 1000) return static_cast<int>(*v);
  const std::string k = NormalizeKey(c.text);
  if (k == "ketua" || k == "ketuakpps" || k == "ketuapps" || k == "ketuappk") return 1;
  // "KPPS 3", "Anggota 3": a trailing number after letters.
  size_t i = k.size();
  while (i > 0 && k[i - 1] >= '0' && k[i - 1] <= '9') --i;
  if (i > 0 && i < k.size() && k.size() - i <= 2) {
    int v = 0;
    if (ParseIntStrict(std::string_view(k).substr(i), v)) return v;
  }
  return std::nullopt;
}

std::string MaskIdentifier(std::string_view v) {
  if (v.size() >= 12) {
    std::string out(v);
    for (size_t i = 4; i + 4 < out.size(); ++i) out[i] = '*';
    return out;
  }
  std::string out(v.substr(0, std::min<size_t>(2, v.size())));
  out.append(v.size() - out.size(), '*');
  return out;
}

}  // namespace bimtek::service
