#pragma once
// Splits a `visible_if` source into tokens. Internal to shared/expr (the parser is its only user).

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace soundings::expr {

enum class TokenKind {
  kEnd,
  kNumber,
  kString,
  kName,
  kAnd,
  kOr,
  kNot,
  kIn,
  kTrue,
  kFalse,
  kAnswered,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
  kDot,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t offset = 0;  // byte offset in the source
  std::size_t length = 0;  // bytes of source text
  std::string text;        // kString: the decoded string; kName: the name
  double number = 0;       // kNumber
};

/// Why the source could not be split into tokens, and where (byte offset).
struct LexError {
  std::size_t offset = 0;
  std::string message;
};

/// Every token of `source`, ending with one kEnd token, or the first error. `source` must be
/// valid UTF-8 (the caller checks).
std::variant<std::vector<Token>, LexError> Lex(std::string_view source);

/// 1-based column of byte `offset` in `source`, counting code points.
std::size_t ColumnOf(std::string_view source, std::size_t offset);

}  // namespace soundings::expr
