#include "store/name_tokens.h"

#include <algorithm>

namespace bimtek::store {

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      cur.push_back(ch);  // part of a UTF-8 letter
    } else if (c >= 'A' && c <= 'Z') {
      cur.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(ch);
    } else if (c == '\'' || c == '`') {
      // Ma'ruf and Ma`ruf are searched as maruf.
    } else {
      flush();
    }
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string PrefixUpperBound(std::string_view prefix) {
  std::string s(prefix);
  s += "\xf4\x8f\xbf\xbf";  // U+10FFFF, the largest code point
  return s;
}

}  // namespace bimtek::store
