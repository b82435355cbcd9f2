#include "http/html.h"

namespace bimtek::http {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Html& Html::Text(std::string_view text) {
  out_ += HtmlEscape(text);
  return *this;
}

Html& Html::Text(int64_t n) {
  out_ += std::to_string(n);
  return *this;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> UrlDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::optional<std::string> FormValue(std::string_view urlencoded, std::string_view name) {
  while (!urlencoded.empty()) {
    const size_t amp = urlencoded.find('&');
    const std::string_view pair = urlencoded.substr(0, amp);
    urlencoded = amp == std::string_view::npos ? std::string_view() : urlencoded.substr(amp + 1);
    const size_t eq = pair.find('=');
    auto key = UrlDecode(pair.substr(0, eq));
    if (!key || *key != name) continue;
    return UrlDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace bimtek::http
