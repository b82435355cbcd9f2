// multipart/form-data (RFC 7578), as browsers send a form with a file input: the parts of a body
// already in memory, each a name, an optional file name and content type, and its bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bimtek::http {

struct FormPart {
  std::string name;          // the form field's name
  std::string filename;      // the file's name as the browser sent it; "" for a plain field
  bool has_filename = false;  // a file input (even with an empty name: no file chosen)
  std::string content_type;  // "" when the part has none
  std::string_view data;     // a view into the body passed to ParseMultipart
};

// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is not
// multipart/form-data or names no boundary.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `body`. InvalidArgument, saying what is wrong, when the body does not start with
// the boundary, a part has no header end or no Content-Disposition form-data name, or the closing
// boundary is missing. The parts' data views point into `body`.
StatusOr<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// The first part named `name`, or null.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace bimtek::http
