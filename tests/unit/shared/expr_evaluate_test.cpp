// Evaluation of `visible_if` expressions against answers: the truth table of templates/README.md.

#include <map>
#include <ostream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/expr/expression.h"

namespace soundings {
namespace {

using nlohmann::json;

// Answers of one respondent, as the template's validation would look them up.
const std::map<std::string, json>& Values() {
  static const std::map<std::string, json> kValues{
      {"score", 4},
      {"half", 2.5},
      {"negative", -1},
      {"area", "north"},
      {"likert_na", "na"},
      {"ethnicity", "prefer_not_to_say"},
      {"consent", true},
      {"declined", false},
      {"places", json::array({"library", "park"})},
      {"no_places", json::array()},
      {"cleared", nullptr},
      {"services.library", 5},
      {"services.parks", "na"},
      {"rater_group", "self"},
      {"language", "cy"},
  };
  return kValues;
}

const json* Lookup(const std::string& name) {
  auto it = Values().find(name);
  return it == Values().end() ? nullptr : &it->second;
}

struct Case {
  const char* source;
  bool expected;
  friend std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.source << " -> " << c.expected;
  }
};

class ExpressionEvaluatesTest : public ::testing::TestWithParam<Case> {};

TEST_P(ExpressionEvaluatesTest, GivesTheDocumentedTruthValue) {
  auto parsed = Expression::Parse(GetParam().source);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_EQ(parsed->Evaluate(Lookup), GetParam().expected) << GetParam().source;
}

INSTANTIATE_TEST_SUITE_P(
    Comparisons, ExpressionEvaluatesTest,
    ::testing::Values(Case{"score == 4", true}, Case{"score == 4.0", true},
                      Case{"score != 4", false}, Case{"score != 3", true}, Case{"score < 5", true},
                      Case{"score < 4", false}, Case{"score <= 4", true}, Case{"score > 3", true},
                      Case{"score > 4", false}, Case{"score >= 4", true}, Case{"half == 2.5", true},
                      Case{"negative == -1", true}, Case{"negative < 0", true},
                      Case{"4 == score", true}, Case{"area == \"north\"", true},
                      Case{"area != \"south\"", true}, Case{"area < \"south\"", true},
                      Case{"area > \"south\"", false}, Case{"consent == true", true},
                      Case{"declined == false", true}, Case{"consent != declined", true},
                      Case{"consent < declined", false}, Case{"services.library >= 4", true},
                      Case{"services.parks == \"na\"", true}, Case{"1 == 1", true},
                      Case{"\"a\" == \"a\"", true}, Case{"places == [\"library\", \"park\"]", true},
                      Case{"places == [\"park\", \"library\"]", false},
                      Case{"places != [\"park\"]", true}, Case{"no_places == []", true}));

INSTANTIATE_TEST_SUITE_P(
    UnansweredIsFalse, ExpressionEvaluatesTest,
    ::testing::Values(Case{"missing == 1", false}, Case{"missing != 1", false},
                      Case{"missing < 1", false}, Case{"missing >= 1", false},
                      Case{"1 == missing", false}, Case{"missing == missing", false},
                      Case{"cleared == 1", false}, Case{"cleared != 1", false},
                      Case{"not (missing == 1)", true}, Case{"not missing == 1", true},
                      Case{"missing in [1, 2]", false}, Case{"\"a\" in missing", false},
                      Case{"missing", false}, Case{"not missing", true},
                      Case{"services.unknown_row == 1", false}, Case{"nothing.row == 1", false}));

INSTANTIATE_TEST_SUITE_P(
    TypeMismatchIsFalse, ExpressionEvaluatesTest,
    ::testing::Values(Case{"score == \"4\"", false}, Case{"score != \"4\"", false},
                      Case{"score < \"5\"", false}, Case{"likert_na >= 4", false},
                      Case{"likert_na < 4", false}, Case{"likert_na == \"na\"", true},
                      Case{"ethnicity == \"prefer_not_to_say\"", true}, Case{"consent == 1", false},
                      Case{"consent != 1", false}, Case{"places == \"library\"", false},
                      Case{"area == [\"north\"]", false}, Case{"places < [\"z\"]", false}));

INSTANTIATE_TEST_SUITE_P(
    InList, ExpressionEvaluatesTest,
    ::testing::Values(Case{"area in [\"north\", \"south\"]", true},
                      Case{"area in [\"east\", \"west\"]", false}, Case{"area in []", false},
                      Case{"score in [1, 4]", true}, Case{"score in [\"4\"]", false},
                      Case{"half in [2.5]", true}, Case{"consent in [true]", true},
                      Case{"declined in [true]", false}, Case{"places in [\"library\"]", false},
                      Case{"not (area in [\"south\"])", true}));

INSTANTIATE_TEST_SUITE_P(InMultipleChoice, ExpressionEvaluatesTest,
                         ::testing::Values(Case{"\"library\" in places", true},
                                           Case{"\"park\" in places", true},
                                           Case{"\"pool\" in places", false},
                                           Case{"\"library\" in no_places", false},
                                           Case{"\"north\" in area", false},
                                           Case{"4 in score", false}, Case{"area in places", false},
                                           Case{"\"library\" in places and consent", true}));

INSTANTIATE_TEST_SUITE_P(BareNamesAndLiterals, ExpressionEvaluatesTest,
                         ::testing::Values(Case{"consent", true}, Case{"declined", false},
                                           Case{"score", false}, Case{"area", false},
                                           Case{"places", false}, Case{"true", true},
                                           Case{"false", false}, Case{"1", false},
                                           Case{"\"true\"", false}, Case{"[true]", false},
                                           Case{"(consent)", true}));

INSTANTIATE_TEST_SUITE_P(
    Answered, ExpressionEvaluatesTest,
    ::testing::Values(Case{"answered(score)", true}, Case{"answered(missing)", false},
                      Case{"answered(cleared)", false}, Case{"answered(declined)", true},
                      Case{"answered(no_places)", true}, Case{"answered(services.library)", true},
                      Case{"answered(services.pool)", false}, Case{"not answered(missing)", true},
                      Case{"answered(score) == true", true},
                      Case{"answered(missing) == false", true}));

INSTANTIATE_TEST_SUITE_P(BuiltIns, ExpressionEvaluatesTest,
                         ::testing::Values(Case{"rater_group == \"self\"", true},
                                           Case{"rater_group in [\"peer\", \"staff\"]", false},
                                           Case{"language == \"cy\"", true},
                                           Case{"language != \"en\"", true}));

INSTANTIATE_TEST_SUITE_P(
    Logic, ExpressionEvaluatesTest,
    ::testing::Values(Case{"consent and score == 4", true}, Case{"consent and declined", false},
                      Case{"declined or consent", true}, Case{"declined or missing", false},
                      Case{"not consent", false}, Case{"not not consent", true},
                      // `and` binds tighter than `or`.
                      Case{"consent or declined and declined", true},
                      Case{"(consent or declined) and declined", false},
                      Case{"not declined and consent", true},
                      Case{"(score > 3 and area == \"north\") == true", true},
                      Case{"(score > 3) == (area == \"north\")", true},
                      Case{"answered(score) and score >= 4", true},
                      Case{"area == \"north\" and not (likert_na in [\"rural\"])", true},
                      Case{"\"library\" in places or rater_group == \"peer\"", true}));

TEST(ExpressionEvaluateTest, AnEmptyLookupMeansNothingIsAnswered) {
  auto parsed = Expression::Parse("not answered(q1) and not (q1 == 1)");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->Evaluate(ValueLookup{}));
  EXPECT_TRUE(parsed->Evaluate([](const std::string&) -> const json* { return nullptr; }));
}

TEST(ExpressionEvaluateTest, NestedNotsAndBracketsEvaluate) {
  std::string source;
  for (int i = 0; i < 16; ++i) source += "not (";
  source = source.substr(0, source.size() - 1) + "consent" + std::string(15, ')');
  auto parsed = Expression::Parse(source);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(parsed->Evaluate(Lookup));  // sixteen `not`s
}

TEST(ExpressionEvaluateTest, ACopyEvaluatesLikeTheOriginal) {
  auto parsed = Expression::Parse("score == 4");
  ASSERT_TRUE(parsed.ok());
  Expression copy = parsed.value();
  EXPECT_TRUE(copy.Evaluate(Lookup));
  EXPECT_EQ(copy.Source(), "score == 4");
}

TEST(ExpressionEvaluateTest, LongestChainsEvaluateEveryTerm) {
  std::string source = "missing == 1";
  while (source.size() + 16 + 11 <= kMaxExpressionLength) source += " or missing == 1";
  source += " or consent";
  auto parsed = Expression::Parse(source);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(parsed->Evaluate(Lookup));
}

TEST(ExpressionEvaluateTest, LongListsAreSearchedToTheEnd) {
  std::string source = "score in [";
  for (int i = 100; i < 500; ++i) source += std::to_string(i) + ",";
  source += "4]";
  auto parsed = Expression::Parse(source);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(parsed->Evaluate(Lookup));
}

}  // namespace
}  // namespace soundings
