#pragma once
// The small, safe expression language of `visible_if` (templates/README.md, "Expressions").
// No loops, no calls but answered(), bounded length and depth: evaluation always terminates.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"

namespace soundings {

struct ExprNode;  // defined in expr/ast.h

/// Finds the value an identifier stands for: an item's answer ("q3"), a matrix row's answer
/// ("q7.row2"), or a built-in ("rater_group", "language"). Returns nullptr when unanswered.
using ValueLookup = std::function<const nlohmann::json*(const std::string& name)>;

inline constexpr std::size_t kMaxExpressionLength = 2000;  // characters
inline constexpr int kMaxExpressionDepth = 32;             // nesting of operators and brackets

/// Whether `word` cannot be an item or section id because expressions give it a meaning of their
/// own: a keyword (and, or, not, in, true, false, answered) or a built-in (rater_group, language).
bool IsReservedWord(std::string_view word);

class Expression {
 public:
  /// Parses `source`; on failure one Problem whose message names the column ("at column 7:
  /// expected ')'"). The problem's path is empty: the caller knows where the source came from.
  static Result<Expression> Parse(std::string_view source);

  /// True when the expression holds for these values. A comparison with an unanswered (or null)
  /// value is false, and so is one between different kinds (a number with a string); `not` of
  /// it is true. Work is bounded by the source length; an empty `lookup` means nothing answered.
  bool Evaluate(const ValueLookup& lookup) const;

  const std::string& Source() const { return m_source; }
  /// Every identifier the expression reads (built-ins included, matrix rows as "item.row"),
  /// each once, in order of first use.
  const std::vector<std::string>& Identifiers() const { return m_identifiers; }

 private:
  std::shared_ptr<const ExprNode> m_root;
  std::string m_source;
  std::vector<std::string> m_identifiers;
};

}  // namespace soundings
