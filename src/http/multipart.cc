#include "http/multipart.h"

#include <strings.h>

#include "base/strings.h"

namespace bimtek::http {

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Splits `header` ("form-data; name=\"f\"; filename=\"a;b.csv\"") at ';' outside quotes and
// returns the value of parameter `key` (quotes removed, \" and \\ unescaped); nullopt if absent.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view key) {
  size_t i = 0;
  // Skip the value before the first ';'.
  bool quoted = false;
  for (; i < header.size(); ++i) {
    if (header[i] == '"') quoted = !quoted;
    if (header[i] == ';' && !quoted) break;
  }
  while (i < header.size()) {
    ++i;  // past ';'
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = Trim(header.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    if (i < header.size() && header[i] == '"') {
      for (++i; i < header.size() && header[i] != '"'; ++i) {
        // \" and \\ are escapes; any other backslash is kept (old browsers send Windows
        // paths, C:\data\file.csv, unescaped).
        if (header[i] == '\\' && i + 1 < header.size() &&
            (header[i + 1] == '"' || header[i + 1] == '\\')) {
          ++i;
        }
        value.push_back(header[i]);
      }
      if (i < header.size()) ++i;  // closing quote
      while (i < header.size() && header[i] != ';') ++i;
    } else {
      const size_t end = std::min(header.find(';', i), header.size());
      value = std::string(Trim(header.substr(i, end - i)));
      i = end;
    }
    if (IEquals(name, key)) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  const std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (!IEquals(type, "multipart/form-data")) return std::nullopt;
  auto b = HeaderParam(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  const std::string delim = StrCat("--", boundary);
  const std::string next = StrCat("\r\n", delim);
  std::vector<FormPart> parts;
  // The first delimiter may follow a preamble; it ends with CRLF (or "--" for no parts).
  size_t pos = body.starts_with(delim) ? 0 : body.find(next);
  if (pos == std::string_view::npos) {
    return absl::InvalidArgumentError("the form body does not contain its boundary");
  }
  pos += pos == 0 ? delim.size() : next.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") {
      return absl::InvalidArgumentError("malformed form body: no line end after a boundary");
    }
    pos += 2;
    const size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) {
      return absl::InvalidArgumentError("malformed form body: a part's headers do not end");
    }
    FormPart part;
    bool disposition = false;
    for (std::string_view line : Split(body.substr(pos, head_end - pos), '\n')) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view name = Trim(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (IEquals(name, "Content-Disposition")) {
        if (!IEquals(Trim(value.substr(0, value.find(';'))), "form-data")) continue;
        auto n = HeaderParam(value, "name");
        if (!n) continue;
        disposition = true;
        part.name = std::move(*n);
        if (auto f = HeaderParam(value, "filename")) {
          part.has_filename = true;
          part.filename = std::move(*f);
        }
      } else if (IEquals(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) {
      return absl::InvalidArgumentError(
          "malformed form body: a part has no Content-Disposition: form-data; name=…");
    }
    const size_t data_begin = head_end + 4;
    const size_t data_end = body.find(next, data_begin);
    if (data_end == std::string_view::npos) {
      return absl::InvalidArgumentError(
          "the form body ends before its closing boundary (was the upload cut short?)");
    }
    part.data = body.substr(data_begin, data_end - data_begin);
    parts.push_back(std::move(part));
    pos = data_end + next.size();
  }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
  for (const FormPart& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace bimtek::http
