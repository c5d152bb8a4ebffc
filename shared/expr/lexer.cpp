#include "shared/expr/lexer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

#include "shared/expr/expression.h"
#include "shared/expr/utf8.h"

namespace soundings::expr {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
// Ids may contain '-' ("north-east"); there is no subtraction, so "a-1" is one name.
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c) || c == '-'; }

constexpr std::array<std::pair<const char*, TokenKind>, 7> kKeywords{{
    {"and", TokenKind::kAnd},
    {"or", TokenKind::kOr},
    {"not", TokenKind::kNot},
    {"in", TokenKind::kIn},
    {"true", TokenKind::kTrue},
    {"false", TokenKind::kFalse},
    {"answered", TokenKind::kAnswered},
}};

// The character at `offset` for an error message: printable ASCII and other code points as
// themselves, control characters as U+XXXX.
std::string DescribeChar(std::string_view source, std::size_t offset) {
  const auto c = static_cast<unsigned char>(source[offset]);
  if (c < 0x20 || c == 0x7F) {
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(c));
    return std::string("control character ") + buffer.data();
  }
  std::size_t length = 1;
  while (offset + length < source.size() &&
         (static_cast<unsigned char>(source[offset + length]) & 0xC0) == 0x80) {
    ++length;
  }
  return "character '" + std::string(source.substr(offset, length)) + "'";
}

}  // namespace

std::size_t ColumnOf(std::string_view source, std::size_t offset) {
  if (offset > source.size()) offset = source.size();
  return CountCodePoints(source.substr(0, offset)) + 1;
}

std::variant<std::vector<Token>, LexError> Lex(std::string_view source) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t size = source.size();
  auto simple = [&](TokenKind kind, std::size_t length) {
    tokens.push_back(Token{kind, i, length, {}, 0});
    i += length;
  };
  while (i < size) {
    const char c = source[i];
    const char next = i + 1 < size ? source[i + 1] : '\0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (IsDigit(c) || (c == '-' && IsDigit(next))) {
      const std::size_t start = i;
      if (c == '-') ++i;
      while (i < size && IsDigit(source[i])) ++i;
      if (i < size && source[i] == '.') {
        ++i;
        if (i >= size || !IsDigit(source[i])) return LexError{i, "expected a digit after '.'"};
        while (i < size && IsDigit(source[i])) ++i;
      }
      if (i < size && IsNameChar(source[i])) {
        return LexError{i, "unexpected " + DescribeChar(source, i) + " in a number"};
      }
      double value = 0;
      const char* first = source.data() + start;
      const char* last = source.data() + i;
      auto [ptr, ec] = std::from_chars(first, last, value);
      if (ec != std::errc() || ptr != last) {
        return LexError{start, "number " + std::string(first, last) + " is out of range"};
      }
      tokens.push_back(Token{TokenKind::kNumber, start, i - start, {}, value});
      continue;
    }
    if (c == '-') return LexError{i, "expected a digit after '-'"};
    if (IsNameStart(c)) {
      const std::size_t start = i;
      while (i < size && IsNameChar(source[i])) ++i;
      std::string word(source.substr(start, i - start));
      TokenKind kind = TokenKind::kName;
      for (const auto& [keyword, keyword_kind] : kKeywords) {
        if (word == keyword) kind = keyword_kind;
      }
      tokens.push_back(Token{kind, start, i - start, std::move(word), 0});
      continue;
    }
    if (c == '"') {
      const std::size_t start = i;
      std::string text;
      ++i;
      bool closed = false;
      while (i < size) {
        const char s = source[i];
        if (s == '"') {
          closed = true;
          ++i;
          break;
        }
        if (s == '\\') {
          const char escaped = i + 1 < size ? source[i + 1] : '\0';
          if (escaped != '"' && escaped != '\\') {
            return LexError{i, R"(unknown escape in a string (only \" and \\ are allowed))"};
          }
          text += escaped;
          i += 2;
          continue;
        }
        if (s == '\n' || s == '\r') break;
        text += s;
        ++i;
      }
      if (!closed) return LexError{start, "string is not closed with '\"'"};
      tokens.push_back(Token{TokenKind::kString, start, i - start, std::move(text), 0});
      continue;
    }
    switch (c) {
      case '(':
        simple(TokenKind::kLeftParen, 1);
        continue;
      case ')':
        simple(TokenKind::kRightParen, 1);
        continue;
      case '[':
        simple(TokenKind::kLeftBracket, 1);
        continue;
      case ']':
        simple(TokenKind::kRightBracket, 1);
        continue;
      case ',':
        simple(TokenKind::kComma, 1);
        continue;
      case '.':
        simple(TokenKind::kDot, 1);
        continue;
      case '<':
        next == '=' ? simple(TokenKind::kLe, 2) : simple(TokenKind::kLt, 1);
        continue;
      case '>':
        next == '=' ? simple(TokenKind::kGe, 2) : simple(TokenKind::kGt, 1);
        continue;
      case '=':
        if (next == '=') {
          simple(TokenKind::kEq, 2);
          continue;
        }
        return LexError{i, "unexpected character '='; did you mean '=='?"};
      case '!':
        if (next == '=') {
          simple(TokenKind::kNe, 2);
          continue;
        }
        return LexError{i, "unexpected character '!'; did you mean 'not' or '!='?"};
      case '&':
        return LexError{i, "unexpected character '&'; did you mean 'and'?"};
      case '|':
        return LexError{i, "unexpected character '|'; did you mean 'or'?"};
      case '\'':
        return LexError{i, "unexpected character '''; strings use double quotes"};
      default:
        return LexError{i, "unexpected " + DescribeChar(source, i)};
    }
  }
  tokens.push_back(Token{TokenKind::kEnd, size, 0, {}, 0});
  return tokens;
}

}  // namespace soundings::expr

namespace soundings {

bool IsReservedWord(std::string_view word) {
  if (word == "rater_group" || word == "language") return true;
  return std::any_of(expr::kKeywords.begin(), expr::kKeywords.end(),
                     [&](const auto& keyword) { return word == keyword.first; });
}

}  // namespace soundings
