// Recursive descent over the grammar of templates/README.md ("Expressions"). The depth limit is
// checked before every recursion, so no input can exhaust the stack.

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "shared/expr/ast.h"
#include "shared/expr/expression.h"
#include "shared/expr/lexer.h"
#include "shared/expr/utf8.h"

namespace soundings {
namespace {

using expr::Token;
using expr::TokenKind;

constexpr std::size_t kMaxQuotedToken = 24;  // bytes of a token quoted in an error message

struct ParseError {
  std::size_t offset = 0;
  std::string message;
};

class Parser {
 public:
  Parser(std::string_view source, const std::vector<Token>& tokens)
      : m_source(source), m_tokens(tokens) {}

  ExprNodePtr ParseAll() {
    ExprNodePtr root = ParseOr(0);
    if (!root) return nullptr;
    if (Peek().kind != TokenKind::kEnd) {
      return Fail(Peek().offset, "expected 'and', 'or' or the end of the expression but found " +
                                     Describe(Peek()));
    }
    return root;
  }

  const std::optional<ParseError>& error() const { return m_error; }
  std::vector<std::string> TakeIdentifiers() { return std::move(m_identifiers); }

 private:
  const Token& Peek() const { return m_tokens[m_pos]; }
  const Token& Advance() {
    const Token& token = m_tokens[m_pos];
    if (token.kind != TokenKind::kEnd) ++m_pos;
    return token;
  }

  std::nullptr_t Fail(std::size_t offset, std::string message) {
    if (!m_error) m_error = ParseError{offset, std::move(message)};
    return nullptr;
  }

  std::string Describe(const Token& token) const {
    if (token.kind == TokenKind::kEnd) return "the end of the expression";
    std::string_view text = m_source.substr(token.offset, token.length);
    if (text.size() <= kMaxQuotedToken) return "'" + std::string(text) + "'";
    std::size_t cut = kMaxQuotedToken;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "'" + std::string(text.substr(0, cut)) + "...'";
  }

  std::shared_ptr<ExprNode> NewNode(ExprKind kind, std::size_t offset) {
    auto node = std::make_shared<ExprNode>();
    node->kind = kind;
    node->offset = offset;
    return node;
  }

  // Each `not` and each bracket opens one level of nesting.
  bool EnterLevel(int depth, std::size_t offset) {
    if (depth + 1 > kMaxExpressionDepth) {
      Fail(offset, "expression is nested more than " + std::to_string(kMaxExpressionDepth) +
                       " levels deep");
      return false;
    }
    return true;
  }

  using Step = ExprNodePtr (Parser::*)(int depth);

  // `operand (separator operand)*` as one n-ary node, so long chains add no depth.
  ExprNodePtr ParseChain(int depth, TokenKind separator, ExprKind kind, Step operand) {
    const std::size_t start = Peek().offset;
    ExprNodePtr first = (this->*operand)(depth);
    if (!first || Peek().kind != separator) return first;
    auto node = NewNode(kind, start);
    node->children.push_back(std::move(first));
    while (Peek().kind == separator) {
      Advance();
      ExprNodePtr next = (this->*operand)(depth);
      if (!next) return nullptr;
      node->children.push_back(std::move(next));
    }
    return node;
  }

  ExprNodePtr ParseOr(int depth) {
    return ParseChain(depth, TokenKind::kOr, ExprKind::kOr, &Parser::ParseAnd);
  }

  ExprNodePtr ParseAnd(int depth) {
    return ParseChain(depth, TokenKind::kAnd, ExprKind::kAnd, &Parser::ParseUnary);
  }

  ExprNodePtr ParseUnary(int depth) {
    if (Peek().kind == TokenKind::kNot) {
      const std::size_t offset = Peek().offset;
      if (!EnterLevel(depth, offset)) return nullptr;
      Advance();
      ExprNodePtr operand = ParseUnary(depth + 1);
      if (!operand) return nullptr;
      auto node = NewNode(ExprKind::kNot, offset);
      node->children.push_back(std::move(operand));
      return node;
    }
    return ParseComparison(depth);
  }

  static std::optional<CompareOp> ComparisonOf(TokenKind kind) {
    switch (kind) {
      case TokenKind::kEq:
        return CompareOp::kEq;
      case TokenKind::kNe:
        return CompareOp::kNe;
      case TokenKind::kLt:
        return CompareOp::kLt;
      case TokenKind::kLe:
        return CompareOp::kLe;
      case TokenKind::kGt:
        return CompareOp::kGt;
      case TokenKind::kGe:
        return CompareOp::kGe;
      default:
        return std::nullopt;
    }
  }

  ExprNodePtr ParseComparison(int depth) {
    const std::size_t start = Peek().offset;
    ExprNodePtr left = ParseOperand(depth);
    if (!left) return nullptr;
    if (auto op = ComparisonOf(Peek().kind)) {
      Advance();
      ExprNodePtr right = ParseOperand(depth);
      if (!right) return nullptr;
      auto node = NewNode(ExprKind::kCompare, start);
      node->op = *op;
      node->children = {std::move(left), std::move(right)};
      return node;
    }
    if (Peek().kind == TokenKind::kIn) {
      Advance();
      ExprNodePtr right;
      if (Peek().kind == TokenKind::kLeftBracket) {
        right = ParseList();
      } else if (Peek().kind == TokenKind::kName) {
        right = ParseName();
      } else {
        return Fail(Peek().offset,
                    "expected a list or a name after 'in' but found " + Describe(Peek()));
      }
      if (!right) return nullptr;
      auto node = NewNode(ExprKind::kIn, start);
      node->children = {std::move(left), std::move(right)};
      return node;
    }
    return left;
  }

  ExprNodePtr ParseOperand(int depth) {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kNumber:
      case TokenKind::kString:
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        return ParseLiteral();
      case TokenKind::kName:
        return ParseName();
      case TokenKind::kLeftBracket:
        return ParseList();
      case TokenKind::kAnswered: {
        const std::size_t offset = token.offset;
        Advance();
        if (Peek().kind != TokenKind::kLeftParen) {
          return Fail(Peek().offset, "expected '(' after 'answered' but found " + Describe(Peek()));
        }
        Advance();
        if (Peek().kind != TokenKind::kName) {
          return Fail(Peek().offset,
                      "expected a name inside answered() but found " + Describe(Peek()));
        }
        ExprNodePtr name = ParseName();
        if (!name) return nullptr;
        if (Peek().kind != TokenKind::kRightParen) {
          return Fail(Peek().offset, "expected ')' but found " + Describe(Peek()));
        }
        Advance();
        auto node = NewNode(ExprKind::kAnswered, offset);
        node->name = name->name;
        return node;
      }
      case TokenKind::kLeftParen: {
        if (!EnterLevel(depth, token.offset)) return nullptr;
        Advance();
        ExprNodePtr inner = ParseOr(depth + 1);
        if (!inner) return nullptr;
        if (Peek().kind != TokenKind::kRightParen) {
          return Fail(Peek().offset, "expected ')' but found " + Describe(Peek()));
        }
        Advance();
        return inner;
      }
      default:
        return Fail(token.offset, "expected a value, a name or '(' but found " + Describe(token));
    }
  }

  ExprNodePtr ParseLiteral() {
    const Token& token = Advance();
    auto node = NewNode(ExprKind::kLiteral, token.offset);
    switch (token.kind) {
      case TokenKind::kNumber:
        node->literal = token.number;
        break;
      case TokenKind::kString:
        node->literal = token.text;
        break;
      case TokenKind::kTrue:
        node->literal = true;
        break;
      case TokenKind::kFalse:
        node->literal = false;
        break;
      default:
        return Fail(token.offset,
                    "expected a number, a string, true or false but found " + Describe(token));
    }
    return node;
  }

  ExprNodePtr ParseList() {
    const Token& open = Advance();  // '['
    auto node = NewNode(ExprKind::kList, open.offset);
    node->literal = nlohmann::json::array();
    if (Peek().kind == TokenKind::kRightBracket) {
      Advance();
      return node;
    }
    while (true) {
      const Token& token = Peek();
      if (token.kind != TokenKind::kNumber && token.kind != TokenKind::kString &&
          token.kind != TokenKind::kTrue && token.kind != TokenKind::kFalse) {
        return Fail(
            token.offset,
            "expected a number, a string, true or false in the list but found " + Describe(token));
      }
      ExprNodePtr item = ParseLiteral();
      if (!item) return nullptr;
      node->literal.push_back(item->literal);
      if (Peek().kind == TokenKind::kComma) {
        Advance();
        continue;
      }
      if (Peek().kind == TokenKind::kRightBracket) {
        Advance();
        return node;
      }
      return Fail(Peek().offset, "expected ',' or ']' but found " + Describe(Peek()));
    }
  }

  ExprNodePtr ParseName() {
    const Token& token = Advance();  // a kName
    auto node = NewNode(ExprKind::kName, token.offset);
    node->name = token.text;
    if (Peek().kind == TokenKind::kDot) {
      Advance();
      if (Peek().kind != TokenKind::kName) {
        return Fail(Peek().offset, "expected a row id after '.' but found " + Describe(Peek()));
      }
      node->name += '.';
      node->name += Advance().text;
    }
    if (m_seen.insert(node->name).second) m_identifiers.push_back(node->name);
    return node;
  }

  std::string_view m_source;
  const std::vector<Token>& m_tokens;
  std::size_t m_pos = 0;
  std::optional<ParseError> m_error;
  std::vector<std::string> m_identifiers;
  std::unordered_set<std::string> m_seen;
};

Problem AtColumn(std::string_view source, std::size_t offset, const std::string& message) {
  return Problem{"",
                 "at column " + std::to_string(expr::ColumnOf(source, offset)) + ": " + message};
}

}  // namespace

Result<Expression> Expression::Parse(std::string_view source) {
  if (auto bad = FindInvalidUtf8(source)) {
    return AtColumn(source, *bad, "expression is not valid UTF-8");
  }
  if (CountCodePoints(source) > kMaxExpressionLength) {
    std::size_t offset = 0;
    for (std::size_t seen = 0; offset < source.size(); ++offset) {
      if ((static_cast<unsigned char>(source[offset]) & 0xC0) != 0x80 &&
          ++seen > kMaxExpressionLength) {
        break;
      }
    }
    return AtColumn(
        source, offset,
        "expression is longer than " + std::to_string(kMaxExpressionLength) + " characters");
  }
  auto lexed = expr::Lex(source);
  if (const auto* error = std::get_if<expr::LexError>(&lexed)) {
    return AtColumn(source, error->offset, error->message);
  }
  const auto& tokens = std::get<std::vector<Token>>(lexed);
  Parser parser(source, tokens);
  ExprNodePtr root = parser.ParseAll();
  if (!root) {
    const auto& error = parser.error();
    return AtColumn(source, error ? error->offset : 0,
                    error ? error->message : "invalid expression");
  }
  Expression expression;
  expression.m_root = std::move(root);
  expression.m_source = std::string(source);
  expression.m_identifiers = parser.TakeIdentifiers();
  return expression;
}

}  // namespace soundings
