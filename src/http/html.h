// A tiny HTML builder for the server-rendered pages: markup comes only from string literals in
// the code, every other value goes through Text(), which escapes it. Also the decoding of
// application/x-www-form-urlencoded bodies and query strings that the pages' forms send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bimtek::http {

// `s` with & < > " ' replaced by entities: safe in element content and in quoted attributes.
std::string HtmlEscape(std::string_view s);

class Html {
 public:
  // Appends markup. Only string literals are accepted, so data cannot reach it unescaped.
  template <size_t N>
  Html& Raw(const char (&markup)[N]) {
    out_.append(markup, N - 1);
    return *this;
  }
  // Appends `text` escaped (for element content and quoted attribute values).
  Html& Text(std::string_view text);
  Html& Text(const char* text) { return Text(std::string_view(text)); }
  Html& Text(const std::string& text) { return Text(std::string_view(text)); }
  Html& Text(int64_t n);
  Html& Text(int n) { return Text(static_cast<int64_t>(n)); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Decodes one application/x-www-form-urlencoded component ('+' is a space, %XX a byte);
// nullopt on a malformed escape.
std::optional<std::string> UrlDecode(std::string_view s);
// The decoded value of field `name` in an urlencoded body or query ("a=1&b=2"); nullopt when
// the field is absent or malformed. The first occurrence wins.
std::optional<std::string> FormValue(std::string_view urlencoded, std::string_view name);

}  // namespace bimtek::http
