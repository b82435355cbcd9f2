// A problem found in a record: which field, a stable code, arguments for the message, severity.
// Messages live in one catalog (messages.cc) in Bahasa Indonesia and English, so that the CLI and
// the web pages say the same thing and tests can assert on codes rather than wording.
#pragma once

#include <string>
#include <vector>

#include "core/rules.h"

namespace bimtek {

enum class Lang { kId, kEn };

struct Problem {
  std::string field;              // canonical column key, e.g. "nik"; "" for the whole row
  std::string code;               // stable id, e.g. "nik.length"
  std::vector<std::string> args;  // never personal data in the clear: callers mask
  Severity severity = Severity::kError;
};

// The message for a problem code in a language, with {0}, {1}, … replaced by args. An unknown
// code yields the code itself and its args, so nothing is ever silently empty.
std::string Describe(const Problem& p, Lang lang);
std::string DescribeCode(const std::string& code, const std::vector<std::string>& args, Lang lang);
// True if the catalog knows the code (tests check every emitted code is known).
bool IsKnownProblemCode(const std::string& code);

}  // namespace bimtek
