// Internal to core/ballot: builds messages from text and numbers. Debian's Abseil (20220623) is
// built without std::string_view support in absl::StrCat, so this small helper stands in.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace bimtek::ballot::internal {

inline void CatOne(std::string& out, std::string_view s) { out.append(s); }
inline void CatOne(std::string& out, const char* s) { out.append(s); }
inline void CatOne(std::string& out, const std::string& s) { out.append(s); }
template <std::integral T>
requires(!std::same_as<T, char> && !std::same_as<T, bool>) void CatOne(std::string& out, T v) {
  out.append(std::to_string(v));
}

// Appends every argument (text or integer) to `out`.
template <typename... Args>
void CatAppend(std::string& out, const Args&... args) {
  (CatOne(out, args), ...);
}

// Concatenates every argument (text or integer).
template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  CatAppend(out, args...);
  return out;
}

}  // namespace bimtek::ballot::internal
