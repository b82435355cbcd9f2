// Status and value-or-status types for every layer below http/ and cli/.
// Debian's Abseil (20220623) ships absl::Status and absl::StatusOr but not the propagation
// macros of newer releases' status_macros.h, so the two macros live here.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bimtek {

using Status = absl::Status;
template <typename T>
using StatusOr = absl::StatusOr<T>;

}  // namespace bimtek

#define BIMTEK_CONCAT_INNER_(a, b) a##b
#define BIMTEK_CONCAT_(a, b) BIMTEK_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK. (The shadow warning is
// silenced for its one local, which nests when `expr` holds a lambda that uses the macro.)
#define RETURN_IF_ERROR(expr)                                                                 \
  do {                                                                                        \
    _Pragma("GCC diagnostic push")                                                            \
        _Pragma("GCC diagnostic ignored \"-Wshadow\"")::absl::Status bimtek_status_ = (expr); \
    _Pragma("GCC diagnostic pop") if (!bimtek_status_.ok()) return bimtek_status_;            \
  } while (0)

// ASSIGN_OR_RETURN(auto x, F()): binds the value of F() to x, or returns its status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  BIMTEK_ASSIGN_OR_RETURN_IMPL_(BIMTEK_CONCAT_(bimtek_statusor_, __LINE__), lhs, expr)
#define BIMTEK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
