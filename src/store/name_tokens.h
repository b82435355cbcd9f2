// The words of a name as the people search indexes them (both backends): each word lower-cased
// (ASCII), apostrophes dropped ("Ma'ruf" -> "maruf"), split at anything else that is not a
// letter or digit; bytes of UTF-8 letters are kept as they are. A search word matches a name
// when it is a prefix of one of these tokens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bimtek::store {

// The distinct tokens of `name`, sorted.
std::vector<std::string> NameTokens(std::string_view name);

// The smallest string above every string that starts with `prefix` (for a range scan
// token >= prefix AND token < bound, byte order): prefix followed by U+10FFFF.
std::string PrefixUpperBound(std::string_view prefix);

// The bucket of a person's region_key in the token table: the kabupaten/kota (4 digits), or the
// province's code * 100 for people working at province level. A scope is a few buckets.
inline int64_t NameBucket(int64_t region_key) { return region_key / 1000000; }

}  // namespace bimtek::store
