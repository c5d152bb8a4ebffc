#pragma once
// The syntax tree of a `visible_if` expression. `and`/`or` chains are n-ary, so the tree is only
// as deep as the brackets and `not`s (at most kMaxExpressionDepth of them).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace soundings {

enum class ExprKind {
  kOr,        // children: two or more
  kAnd,       // children: two or more
  kNot,       // children: one
  kCompare,   // children: left, right; `op` says which comparison
  kIn,        // children: left, right (a list literal or a name)
  kLiteral,   // `literal`: a number, string or boolean
  kList,      // `literal`: a JSON array of literals
  kName,      // `name`: an item id, "item.row", or a built-in
  kAnswered,  // `name`: answered(name)
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct ExprNode {
  ExprKind kind = ExprKind::kLiteral;
  CompareOp op = CompareOp::kEq;
  std::vector<std::shared_ptr<const ExprNode>> children;
  nlohmann::json literal;
  std::string name;
  std::size_t offset = 0;  // byte offset in the source where the node starts
};

using ExprNodePtr = std::shared_ptr<const ExprNode>;

}  // namespace soundings
