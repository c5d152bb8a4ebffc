#pragma once
// Errors as values: every boundary (file, network, database, user input) returns one of these
// instead of throwing, with a sentence a person can act on and, for input, where it went wrong.

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

using Problems = std::vector<Problem>;

/// A value or the problems that prevented it; never both.
template <typename T>
class Result {
 public:
  Result(T value) : m_state(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Problems problems) : m_state(std::move(problems)) {}         // NOLINT
  Result(Problem problem) : m_state(Problems{std::move(problem)}) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(m_state); }
  T& value() & { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  const T* operator->() const { return &std::get<T>(m_state); }
  T* operator->() { return &std::get<T>(m_state); }
  const T& operator*() const { return value(); }
  /// Empty when ok().
  const Problems& problems() const {
    static const Problems kNone;
    return ok() ? kNone : std::get<Problems>(m_state);
  }
  /// All problems joined one per line.
  std::string ErrorText() const {
    std::string out;
    for (const auto& p : problems()) {
      if (!out.empty()) out += '\n';
      out += p.ToString();
    }
    return out;
  }

 private:
  std::variant<T, Problems> m_state;
};

/// For operations that produce nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace soundings
