// Evaluation walks the tree once; its depth is bounded by the parser's nesting limit and its
// work by the source length, so it always terminates quickly.

#include <cmath>

#include "shared/expr/ast.h"
#include "shared/expr/expression.h"

namespace soundings {
namespace {

using nlohmann::json;

const json kTrue = true;
const json kFalse = false;

bool Truth(const ExprNode& node, const ValueLookup& lookup);

const json* Lookup(const std::string& name, const ValueLookup& lookup) {
  if (!lookup) return nullptr;
  const json* value = lookup(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

// The value an operand stands for; nullptr when it reads an unanswered item.
const json* ValueOf(const ExprNode& node, const ValueLookup& lookup) {
  switch (node.kind) {
    case ExprKind::kLiteral:
    case ExprKind::kList:
      return &node.literal;
    case ExprKind::kName:
      return Lookup(node.name, lookup);
    default:
      return Truth(node, lookup) ? &kTrue : &kFalse;
  }
}

// Same kind of value: comparisons across kinds (a number with a string) are always false.
bool SameKind(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return true;
  if (a.is_string() && b.is_string()) return true;
  if (a.is_boolean() && b.is_boolean()) return true;
  if (a.is_array() && b.is_array()) return true;
  return false;
}

bool Equal(const json& a, const json& b) {
  if (!SameKind(a, b)) return false;
  if (a.is_number()) return a.get<double>() == b.get<double>();
  if (a.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
  if (a.is_boolean()) return a.get<bool>() == b.get<bool>();
  if (a.size() != b.size()) return false;
  // Answers and literal lists are flat; nested arrays compare unequal rather than recurse.
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_array() || b[i].is_array() || !Equal(a[i], b[i])) return false;
  }
  return true;
}

bool Compare(CompareOp op, const json* left, const json* right) {
  if (left == nullptr || right == nullptr) return false;
  const json& a = *left;
  const json& b = *right;
  if (!SameKind(a, b)) return false;
  switch (op) {
    case CompareOp::kEq:
      return Equal(a, b);
    case CompareOp::kNe:
      return !Equal(a, b);
    default:
      break;
  }
  int order = 0;
  if (a.is_number()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    if (std::isnan(x) || std::isnan(y)) return false;
    order = x < y ? -1 : (x > y ? 1 : 0);
  } else if (a.is_string()) {
    order = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
  } else {
    return false;  // booleans and lists have no order
  }
  switch (op) {
    case CompareOp::kLt:
      return order < 0;
    case CompareOp::kLe:
      return order <= 0;
    case CompareOp::kGt:
      return order > 0;
    case CompareOp::kGe:
      return order >= 0;
    default:
      return false;
  }
}

bool Truth(const ExprNode& node, const ValueLookup& lookup) {
  switch (node.kind) {
    case ExprKind::kOr:
      for (const auto& child : node.children) {
        if (Truth(*child, lookup)) return true;
      }
      return false;
    case ExprKind::kAnd:
      for (const auto& child : node.children) {
        if (!Truth(*child, lookup)) return false;
      }
      return true;
    case ExprKind::kNot:
      return !Truth(*node.children[0], lookup);
    case ExprKind::kCompare:
      return Compare(node.op, ValueOf(*node.children[0], lookup),
                     ValueOf(*node.children[1], lookup));
    case ExprKind::kIn: {
      const json* left = ValueOf(*node.children[0], lookup);
      const json* right = ValueOf(*node.children[1], lookup);
      if (left == nullptr || right == nullptr || !right->is_array()) return false;
      for (const auto& element : *right) {
        if (!element.is_array() && Equal(*left, element)) return true;
      }
      return false;
    }
    case ExprKind::kLiteral:
    case ExprKind::kName: {
      const json* value = ValueOf(node, lookup);
      return value != nullptr && value->is_boolean() && value->get<bool>();
    }
    case ExprKind::kList:
      return false;
    case ExprKind::kAnswered:
      return Lookup(node.name, lookup) != nullptr;
  }
  return false;
}

}  // namespace

bool Expression::Evaluate(const ValueLookup& lookup) const {
  return m_root != nullptr && Truth(*m_root, lookup);
}

}  // namespace soundings
