// Helpers shared by every test: a temporary directory per test, file I/O that fails the test,
// running a command, Debian's python3 with openpyxl, and status matchers that print the message.
#pragma once

#include <string>

#include "base/status.h"
#include "gmock/gmock.h"

namespace bimtek::testing {

// A fresh directory under $TMPDIR, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string SourceDir();  // the repository root
std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& bytes);

// Runs `command` through the shell; returns its exit status and fills `output` with its stdout.
int RunCommand(const std::string& command, std::string* output);

// Debian's python3 with openpyxl, which generates XLSX files as another program would.
// Fails the calling test (does not skip) when it cannot import openpyxl.
inline constexpr const char* kPython = "/usr/bin/python3";
::testing::AssertionResult PythonHasOpenpyxl();

MATCHER_P(StatusIs, code, "") {
  if (arg.code() == code) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

MATCHER_P2(StatusIs, code, fragment, "") {
  if (arg.code() == code && std::string(arg.message()).find(fragment) != std::string::npos) {
    return true;
  }
  *result_listener << "status is " << arg.ToString();
  return false;
}

MATCHER(IsOk, "") {
  if (arg.ok()) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

}  // namespace bimtek::testing
