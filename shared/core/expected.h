#pragma once
// The one result type of every boundary: a value, or the error that prevented it, never both.
// It is [[nodiscard]], so a caller cannot drop an error by accident: what it does not need it
// must say so. The older names are aliases of it (Result and Status here in shared/core/error.h,
// db::DbResult, ServiceResult in the server), each with its own error type.

#include <concepts>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace soundings {

/// One thing wrong with an input: `path` is a JSON path ("sections[2].items[4].scale") or
/// "file:line" for line-oriented input; `message` is a plain sentence without the path.
struct Problem {
  std::string path;
  std::string message;

  /// "path: message", or just the message when there is no path.
  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
  bool operator==(const Problem&) const = default;
};

/// Every problem found at once (input is checked whole, not to its first mistake).
using Problems = std::vector<Problem>;

/// A `T`, or the `E` that prevented it; never both. Reading value() of an error, or error() of
/// a value, is a programmer's mistake and throws std::bad_variant_access.
template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  using value_type = T;
  using error_type = E;

  Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Expected(E error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit
  /// One problem as the error of a Result.
  Expected(Problem problem)  // NOLINT(google-explicit-constructor)
      requires std::same_as<E, Problems>
      : m_state(std::in_place_index<1>, Problems{std::move(problem)}) {}

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T* operator->() { return &std::get<0>(m_state); }
  const T* operator->() const { return &std::get<0>(m_state); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& { return std::get<1>(m_state); }
  E&& error() && { return std::get<1>(std::move(m_state)); }

  /// The problems of a Result; empty when ok().
  const Problems& problems() const requires std::same_as<E, Problems> {
    static const Problems kNone;
    return ok() ? kNone : error();
  }
  /// All problems of a Result joined one per line.
  std::string ErrorText() const requires std::same_as<E, Problems> {
    std::string out;
    for (const auto& p : problems()) {
      if (!out.empty()) out += '\n';
      out += p.ToString();
    }
    return out;
  }

 private:
  std::variant<T, E> m_state;
};

}  // namespace soundings
