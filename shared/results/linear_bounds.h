#pragma once
// What a reader can work out from published figures: the smallest and largest value a linear
// function of unknown counts can take when the counts are whole numbers (or, cheaper, reals)
// of at least 0 and satisfy the equations the figures give. A thin RAII layer over GLPK's simplex
// and branch and bound (Debian's libglpk), used by the disclosure audit (disclosure.h) and by the
// attacker test that checks it. Deterministic: the same system gives the same bounds.

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace soundings {

/// One term of a linear expression: coefficient times unknown number `variable`.
struct LinearTerm {
  int variable = 0;
  double coefficient = 1;
};

/// The range [low, high] of an expression; high is +infinity when nothing bounds it above.
/// `feasible` is false when the equations have no solution at all (inconsistent figures).
struct LinearRange {
  double low = 0;
  double high = 0;
  bool feasible = true;
  /// high - low, or +infinity when unbounded.
  double width() const { return high - low; }
};

/// Unknowns x ≥ 0 with equations sum(terms) = rhs, and the bounds of expressions over them. The
/// equations stay loaded between calls, so asking for many expressions re-optimises from the last
/// basis instead of starting again. Not thread-safe; one per thread.
class LinearSystem {
 public:
  /// An empty system: no unknowns, no equations.
  LinearSystem();
  ~LinearSystem();
  LinearSystem(const LinearSystem&) = delete;
  LinearSystem& operator=(const LinearSystem&) = delete;
  LinearSystem(LinearSystem&&) noexcept;
  LinearSystem& operator=(LinearSystem&&) noexcept;

  /// Adds an unknown (≥ 0) and returns its number, counting from 0.
  int AddVariable();
  /// Adds `count` unknowns and returns the number of the first.
  int AddVariables(int count);
  /// Number of unknowns so far.
  int variables() const;
  /// Adds the equation sum(terms) = rhs. Terms naming an unknown that does not exist are ignored.
  void AddEquation(const std::vector<LinearTerm>& terms, double rhs);
  /// Pins unknown `variable` to `value` (a figure the reader knows), until Release.
  void Fix(int variable, double value);
  /// Makes `variable` an unknown ≥ 0 again.
  void Release(int variable);
  /// Bounds `variable` to [low, high] (high may be +infinity).
  void Limit(int variable, double low, double high);
  /// A solution minimising sum(objective) over reals, or nullopt when there is none (no
  /// solution, or the minimum is unbounded).
  std::optional<std::vector<double>> Minimise(const std::vector<LinearTerm>& objective);

  /// The range of sum(objective) over every solution: over reals (the simplex method) when
  /// `integer` is false, over whole numbers (branch and bound) when true. The integer range lies
  /// within the real one. Never fails: an inconsistent system has feasible == false.
  LinearRange Bounds(const std::vector<LinearTerm>& objective, bool integer = false);

 private:
  struct Problem;
  std::unique_ptr<Problem> m_problem;
};

}  // namespace soundings
