// Status propagation macros. Debian's Abseil (20220623) ships no status macros, so the engine
// keeps these two; they follow the shape of Abseil's internal RETURN_IF_ERROR/ASSIGN_OR_RETURN.
#ifndef STORI_ENGINE_COMMON_STATUS_MACROS_H_
#define STORI_ENGINE_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) once and returns it from the enclosing function if not OK.
#define STORI_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    ::absl::Status stori_status_ = (expr);          \
    if (!stori_status_.ok()) return stori_status_;  \
  } while (false)

#define STORI_STATUS_CONCAT_INNER_(a, b) a##b
#define STORI_STATUS_CONCAT_(a, b) STORI_STATUS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if not OK, else moves the value
// into `lhs` (a declaration such as `auto x` or an existing lvalue).
#define STORI_ASSIGN_OR_RETURN(lhs, rexpr) \
  STORI_ASSIGN_OR_RETURN_IMPL_(STORI_STATUS_CONCAT_(stori_statusor_, __LINE__), lhs, rexpr)

#define STORI_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // STORI_ENGINE_COMMON_STATUS_MACROS_H_
