#include "store/attendance.h"

namespace bimtek::store {

std::string_view CheckinMethodName(CheckinMethod m) {
  switch (m) {
    case CheckinMethod::kScan:
      return "scan";
    case CheckinMethod::kTyped:
      return "typed";
    case CheckinMethod::kList:
      return "list";
    case CheckinMethod::kImport:
      return "import";
  }
  return "typed";
}

bool ParseCheckinMethod(std::string_view name, CheckinMethod* out) {
  for (CheckinMethod m : {CheckinMethod::kScan, CheckinMethod::kTyped, CheckinMethod::kList,
                          CheckinMethod::kImport}) {
    if (CheckinMethodName(m) == name) {
      *out = m;
      return true;
    }
  }
  return false;
}

}  // namespace bimtek::store
