// Small string helpers shared by importers and formatters.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/strings/string_view.h"
#include "fmt/format.h"

namespace bimtek {

std::string_view Trim(std::string_view s);
std::string ToLowerAscii(std::string_view s);
bool IsAllDigits(std::string_view s);
// Lower-cases and keeps only ASCII letters and digits: "No. NIK" -> "nonik".
std::string NormalizeKey(std::string_view s);
std::vector<std::string_view> Split(std::string_view s, char sep);

// Concatenates strings (std and absl views, C strings) and numbers. Debian's Abseil is built
// with its own absl::string_view, so absl::StrCat does not take std::string_view; this does.
namespace strcat_internal {
inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, char c) { out.push_back(c); }
template <typename T>
requires(std::is_integral_v<T> && !std::is_same_v<T, char> &&
         !std::is_same_v<T, bool>) void Append(std::string& out, T v) {
  out.append(std::to_string(v));
}
}  // namespace strcat_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (strcat_internal::Append(out, args), ...);
  return out;
}

}  // namespace bimtek

// Lets fmt print absl::string_view (Status::message()) like any string.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view s, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(std::string_view(s.data(), s.size()), ctx);
  }
};
