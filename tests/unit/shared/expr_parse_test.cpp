// Parsing of `visible_if` expressions: what is accepted, and the exact message for what is not.

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/expr/expression.h"

namespace soundings {
namespace {

struct ParseOk {
  const char* source;
  friend std::ostream& operator<<(std::ostream& out, const ParseOk& c) { return out << c.source; }
};

class ExpressionParsesTest : public ::testing::TestWithParam<ParseOk> {};

TEST_P(ExpressionParsesTest, AcceptsValidSource) {
  auto parsed = Expression::Parse(GetParam().source);
  ASSERT_TRUE(parsed.ok()) << GetParam().source << " -> " << parsed.ErrorText();
  EXPECT_EQ(parsed->Source(), GetParam().source);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, ExpressionParsesTest,
    ::testing::Values(ParseOk{"answered(sets_priorities) and sets_priorities >= 4"},
                      ParseOk{"area == \"north\" and not (urban_rural in [\"rural\"])"},
                      ParseOk{"\"library\" in places_visited or rater_group == \"self\""},
                      ParseOk{"q1"}, ParseOk{"true"}, ParseOk{"false"}, ParseOk{"3"}, ParseOk{"-1"},
                      ParseOk{"q1 == 2.5"}, ParseOk{"q1 != -0.5"}, ParseOk{"q1 < 1"},
                      ParseOk{"q1 <= 1"}, ParseOk{"q1 > 1"}, ParseOk{"q1>=1"},
                      ParseOk{"services.library == 4"}, ParseOk{"answered(services.library)"},
                      ParseOk{"q1 in []"}, ParseOk{"q1 in [1, 2.5, \"x\", true, false]"},
                      ParseOk{"language == \"cy\""}, ParseOk{"not not q1"}, ParseOk{"((q1))"},
                      ParseOk{"north-east == 1"}, ParseOk{"a or b or c and d and not e"},
                      ParseOk{"\"say \\\"hi\\\" \\\\ \" == q"}, ParseOk{"q1 ==\n\t2"},
                      ParseOk{"q1 == \"Gwynedd ŵ\""}, ParseOk{"[1, 2] == q1"},
                      ParseOk{"(a and b) == true"}));

struct ParseFail {
  const char* source;
  const char* message;
  friend std::ostream& operator<<(std::ostream& out, const ParseFail& c) { return out << c.source; }
};

class ExpressionRejectsTest : public ::testing::TestWithParam<ParseFail> {};

TEST_P(ExpressionRejectsTest, ReportsColumnAndReason) {
  auto parsed = Expression::Parse(GetParam().source);
  ASSERT_FALSE(parsed.ok()) << GetParam().source;
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].path, "");
  EXPECT_EQ(parsed.problems()[0].message, GetParam().message) << GetParam().source;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ExpressionRejectsTest,
    ::testing::Values(
        ParseFail{"",
                  "at column 1: expected a value, a name or '(' but found the end of the "
                  "expression"},
        ParseFail{"   ",
                  "at column 4: expected a value, a name or '(' but found the end of "
                  "the expression"},
        ParseFail{"(q1 == 2", "at column 9: expected ')' but found the end of the expression"},
        ParseFail{"q1 = 2", "at column 4: unexpected character '='; did you mean '=='?"},
        ParseFail{"q1 == 2 && q2", "at column 9: unexpected character '&'; did you mean 'and'?"},
        ParseFail{"q1 || q2", "at column 4: unexpected character '|'; did you mean 'or'?"},
        ParseFail{"!q1", "at column 1: unexpected character '!'; did you mean 'not' or '!='?"},
        ParseFail{"q1 == 'x'", "at column 7: unexpected character '''; strings use double quotes"},
        ParseFail{"q1 == \"north", "at column 7: string is not closed with '\"'"},
        ParseFail{"q1 == \"a\\nb\"",
                  "at column 9: unknown escape in a string (only \\\" and \\\\ are allowed)"},
        ParseFail{"q1 == 2.", "at column 9: expected a digit after '.'"},
        ParseFail{"q1 == - 2", "at column 7: expected a digit after '-'"},
        ParseFail{"q1 == 4and q2", "at column 8: unexpected character 'a' in a number"},
        ParseFail{"q1 == 2 q2",
                  "at column 9: expected 'and', 'or' or the end of the expression but found 'q2'"},
        ParseFail{"q1 == 1 == 2",
                  "at column 9: expected 'and', 'or' or the end of the "
                  "expression but found '=='"},
        ParseFail{"q1 in \"x\"",
                  "at column 7: expected a list or a name after 'in' but found '\"x\"'"},
        ParseFail{"q1 in (q2)", "at column 7: expected a list or a name after 'in' but found '('"},
        ParseFail{"q1 in [1, q2]",
                  "at column 11: expected a number, a string, true or false in the list but "
                  "found 'q2'"},
        ParseFail{"q1 in [1 2]", "at column 10: expected ',' or ']' but found '2'"},
        ParseFail{"q1 in [1,]",
                  "at column 10: expected a number, a string, true or false in the list but "
                  "found ']'"},
        ParseFail{"answered q1", "at column 10: expected '(' after 'answered' but found 'q1'"},
        ParseFail{"answered(3)", "at column 10: expected a name inside answered() but found '3'"},
        ParseFail{"answered(q1", "at column 12: expected ')' but found the end of the expression"},
        ParseFail{"q7. == 1", "at column 5: expected a row id after '.' but found '=='"},
        ParseFail{"q1 and",
                  "at column 7: expected a value, a name or '(' but found the end of "
                  "the expression"},
        ParseFail{"q1 == \"ŵ\" #", "at column 11: unexpected character '#'"},
        ParseFail{"q1 == é", "at column 7: unexpected character 'é'"},
        ParseFail{"q1 ==\x01", "at column 6: unexpected control character U+0001"},
        ParseFail{"q1 == \"\xff\"", "at column 8: expression is not valid UTF-8"},
        ParseFail{"q1 == 1e5", "at column 8: unexpected character 'e' in a number"},
        ParseFail{"q1 == \"this string is much longer than the limit\" q2",
                  "at column 51: expected 'and', 'or' or the end of the expression but found "
                  "'q2'"},
        ParseFail{"q1 == 2 \"this string is much longer than twenty-four\"",
                  "at column 9: expected 'and', 'or' or the end of the expression but found "
                  "'\"this string is much lon...'"}));

TEST(ExpressionLimitsTest, AcceptsExactlyThirtyTwoLevelsOfBrackets) {
  std::string source = std::string(32, '(') + "q1" + std::string(32, ')');
  EXPECT_TRUE(Expression::Parse(source).ok());
}

TEST(ExpressionLimitsTest, RejectsThirtyThreeLevelsOfBracketsAtTheDeepestOne) {
  std::string source = std::string(33, '(') + "q1" + std::string(33, ')');
  auto parsed = Expression::Parse(source);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems()[0].message,
            "at column 33: expression is nested more than 32 levels deep");
}

TEST(ExpressionLimitsTest, CountsNotAsANestingLevel) {
  std::string ok_source;
  for (int i = 0; i < 32; ++i) ok_source += "not ";
  EXPECT_TRUE(Expression::Parse(ok_source + "q1").ok());
  auto parsed = Expression::Parse("not " + ok_source + "q1");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems()[0].message,
            "at column 129: expression is nested more than 32 levels deep");
}

TEST(ExpressionLimitsTest, MixedBracketsAndNotShareTheLimit) {
  std::string source;
  for (int i = 0; i < 17; ++i) source += "not (";
  source += "q1" + std::string(17, ')');
  EXPECT_FALSE(Expression::Parse(source).ok());
}

TEST(ExpressionLimitsTest, LongAndChainsAreNotNesting) {
  std::string source = "q0";
  for (int i = 1; i < 200; ++i) source += " and q" + std::to_string(i);
  EXPECT_TRUE(Expression::Parse(source).ok());
}

TEST(ExpressionLimitsTest, TenThousandOpeningBracketsFailWithoutRecursingThatDeep) {
  auto parsed = Expression::Parse(std::string(10000, '('));
  ASSERT_FALSE(parsed.ok());
  // Longer than the limit: rejected before any parsing.
  EXPECT_EQ(parsed.problems()[0].message,
            "at column 2001: expression is longer than 2000 characters");
  auto within_length = Expression::Parse(std::string(2000, '('));
  ASSERT_FALSE(within_length.ok());
  EXPECT_EQ(within_length.problems()[0].message,
            "at column 33: expression is nested more than 32 levels deep");
}

TEST(ExpressionLimitsTest, AcceptsTwoThousandCharactersAndRejectsOneMore) {
  std::string source = "q1 == \"" + std::string(2000 - 8, 'x') + "\"";
  ASSERT_EQ(source.size(), 2000u);
  EXPECT_TRUE(Expression::Parse(source).ok());
  auto parsed = Expression::Parse(source + " ");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems()[0].message,
            "at column 2001: expression is longer than 2000 characters");
}

TEST(ExpressionLimitsTest, LengthCountsCharactersNotBytes) {
  // 1990 two-byte characters: 3980 bytes but within 2000 characters.
  std::string text;
  for (int i = 0; i < 1990; ++i) text += "ŵ";
  EXPECT_TRUE(Expression::Parse("q1 == \"" + text + "\"").ok());
}

TEST(ExpressionIdentifiersTest, ListsEachNameOnceInOrderOfFirstUse) {
  auto parsed = Expression::Parse(
      "answered(b) and a == 1 or b in [1] or \"x\" in c and rater_group == \"self\" and "
      "m.row1 > 2 and a and language == \"cy\"");
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_EQ(parsed->Identifiers(),
            (std::vector<std::string>{"b", "a", "c", "rater_group", "m.row1", "language"}));
}

TEST(ExpressionIdentifiersTest, LiteralsAndKeywordsAreNotIdentifiers) {
  auto parsed = Expression::Parse("true and not false or \"q1\" == \"q1\"");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->Identifiers().empty());
}

TEST(ExpressionReservedWordsTest, KeywordsAndBuiltInsAreReserved) {
  for (const char* word :
       {"and", "or", "not", "in", "true", "false", "answered", "rater_group", "language"}) {
    EXPECT_TRUE(IsReservedWord(word)) << word;
  }
  for (const char* word : {"area", "andrew", "order", "notes", "inside", "languages", ""}) {
    EXPECT_FALSE(IsReservedWord(word)) << word;
  }
}

TEST(ExpressionReservedWordsTest, AnItemNamedLikeAKeywordCannotBeRead) {
  EXPECT_FALSE(Expression::Parse("in == 1").ok());
  EXPECT_FALSE(Expression::Parse("answered(not)").ok());
  auto parsed = Expression::Parse("true");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->Identifiers().empty());
}

}  // namespace
}  // namespace soundings
