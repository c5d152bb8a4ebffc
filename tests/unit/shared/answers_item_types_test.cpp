// ValidateAnswer: the answer forms of every item type (templates/README.md, "Items"), valid and
// each way of being invalid, with the exact sentence a person sees.

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/answers/answers.h"
#include "tests/unit/shared/test_templates.h"

namespace soundings {
namespace {

using nlohmann::json;
using namespace soundings::test;

const Template& AllTypes() {
  static const Template kTemplate = MakeTemplate(
      {MakeSection("all", {
                              Likert("lk", "agree5"),
                              Likert("lk3", "yes3"),
                              SingleChoice("sc", {"a", "b", "c"}),
                              SingleChoice("scp", {"a", "b", "c"}, true),
                              MultipleChoice("mc", {"a", "b", "c", "d"}, 1, 3),
                              MultipleChoice("mcp", {"a", "b", "c"}, 0, std::nullopt, true),
                              MultipleChoice("mc2", {"a", "b", "c"}, 2),
                              MakeItem("rt", ItemType::kRating),
                              Number("num", 0, 100, true),
                              Number("numf", -1.5, std::nullopt, false),
                              Number("numx", std::nullopt, 9.5, false),
                              Number("nump", std::nullopt, std::nullopt, false),
                              Text("st", ItemType::kShortText, 10),
                              Text("std", ItemType::kShortText),
                              Text("lt", ItemType::kLongText, 20),
                              Text("ltd", ItemType::kLongText),
                              Ranking("rk", {"a", "b", "c"}),
                              MakeItem("yn", ItemType::kYesNo),
                              Matrix("mx", "agree5", {"r1", "r2"}),
                              Matrix("mx3", "yes3", {"r1"}),
                              Likert("lkx", "no_such_scale"),
                          })});
  return kTemplate;
}

struct Case {
  std::string item;
  json value;
  std::vector<Problem> expected;
  friend std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.item << " = " << c.value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
};

class ValidateAnswerTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidateAnswerTest, ReportsExactlyTheExpectedProblems) {
  const Item* item = AllTypes().FindItem(GetParam().item);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(ValidateAnswer(AllTypes(), *item, GetParam().value), GetParam().expected);
}

const char* kAgree5 =
    "must be one of the scale values 1, 2, 3, 4 or 5, or \"na\" for not applicable";
const char* kYes3 = "must be one of the scale values 1, 2 or 3";

INSTANTIATE_TEST_SUITE_P(
    Likert, ValidateAnswerTest,
    ::testing::Values(Case{"lk", 1, {}}, Case{"lk", 5, {}}, Case{"lk", 3.0, {}},
                      Case{"lk", "na", {}}, Case{"lk", nullptr, {}}, Case{"lk3", 2, {}},
                      Case{"lk", 6, {{"lk", std::string(kAgree5) + " (got 6)"}}},
                      Case{"lk", 0, {{"lk", std::string(kAgree5) + " (got 0)"}}},
                      Case{"lk", 2.5, {{"lk", std::string(kAgree5) + " (got 2.5)"}}},
                      Case{"lk", "3", {{"lk", std::string(kAgree5) + " (got \"3\")"}}},
                      Case{"lk", true, {{"lk", std::string(kAgree5) + " (got true)"}}},
                      Case{"lk", "NA", {{"lk", std::string(kAgree5) + " (got \"NA\")"}}},
                      Case{"lk3", "na", {{"lk3", std::string(kYes3) + " (got \"na\")"}}},
                      Case{"lkx",
                           1,
                           {{"lkx",
                             "cannot be checked: the question's scale \"no_such_scale\" "
                             "is not in the template"}}}));

INSTANTIATE_TEST_SUITE_P(
    SingleChoice, ValidateAnswerTest,
    ::testing::Values(
        Case{"sc", "a", {}}, Case{"sc", "c", {}}, Case{"scp", "prefer_not_to_say", {}},
        Case{"sc", nullptr, {}},
        Case{"sc", "d", {{"sc", "must be one of the options \"a\", \"b\" or \"c\" (got \"d\")"}}},
        Case{"sc",
             "prefer_not_to_say",
             {{"sc",
               "must be one of the options \"a\", \"b\" or \"c\" (got "
               "\"prefer_not_to_say\")"}}},
        Case{"sc",
             json::array({"a"}),
             {{"sc", "must be one of the options \"a\", \"b\" or \"c\" (got [\"a\"])"}}},
        Case{"scp",
             1,
             {{"scp",
               "must be one of the options \"a\", \"b\" or \"c\", or "
               "\"prefer_not_to_say\" (got 1)"}}}));

INSTANTIATE_TEST_SUITE_P(
    MultipleChoice, ValidateAnswerTest,
    ::testing::Values(
        Case{"mc", json::array({"a"}), {}}, Case{"mc", json::array({"d", "a", "c"}), {}},
        Case{"mcp", json::array(), {}}, Case{"mcp", json::array({"a", "b", "c"}), {}},
        Case{"mcp", json::array({"prefer_not_to_say"}), {}},
        Case{"mc",
             "a",
             {{"mc",
               "must be a list of options chosen from \"a\", \"b\", \"c\" or \"d\" (got "
               "\"a\")"}}},
        Case{"mcp",
             "a",
             {{"mcp",
               "must be a list of options chosen from \"a\", \"b\" or \"c\", or "
               "[\"prefer_not_to_say\"] alone (got \"a\")"}}},
        Case{"mc",
             json::array({"a", "e"}),
             {{"mc", "\"e\" is not one of the options \"a\", \"b\", \"c\" or \"d\""}}},
        Case{"mc",
             json::array({"a", 2}),
             {{"mc", "2 is not one of the options \"a\", \"b\", \"c\" or \"d\""}}},
        Case{"mc", json::array({"a", "b", "a"}), {{"mc", "\"a\" is chosen more than once"}}},
        Case{"mc", json::array(), {{"mc", "must have at least 1 choice (got [])"}}},
        Case{"mc2", json::array({"a"}), {{"mc2", "must have at least 2 choices (got [\"a\"])"}}},
        Case{"mc",
             json::array({"a", "b", "c", "d"}),
             {{"mc", "must have at most 3 choices (got [\"a\",\"b\",\"c\",\"d\"])"}}},
        Case{"mc",
             json::array({"prefer_not_to_say"}),
             {{"mc",
               "\"prefer_not_to_say\" is not one of the options \"a\", \"b\", \"c\" or "
               "\"d\""}}},
        Case{"mcp",
             json::array({"prefer_not_to_say", "a"}),
             {{"mcp", "\"prefer_not_to_say\" must be the only choice when it is given"}}},
        Case{"mcp",
             json::array({"prefer_not_to_say", "prefer_not_to_say"}),
             {{"mcp", "\"prefer_not_to_say\" must be the only choice when it is given"}}}));

INSTANTIATE_TEST_SUITE_P(
    Rating, ValidateAnswerTest,
    ::testing::Values(Case{"rt", 0, {}}, Case{"rt", 10, {}}, Case{"rt", 7.0, {}},
                      Case{"rt", 11, {{"rt", "must be a whole number from 0 to 10 (got 11)"}}},
                      Case{"rt", -1, {{"rt", "must be a whole number from 0 to 10 (got -1)"}}},
                      Case{"rt", 3.5, {{"rt", "must be a whole number from 0 to 10 (got 3.5)"}}},
                      Case{"rt", "7", {{"rt", "must be a whole number from 0 to 10 (got \"7\")"}}},
                      Case{
                          "rt", true, {{"rt", "must be a whole number from 0 to 10 (got true)"}}}));

INSTANTIATE_TEST_SUITE_P(
    Number, ValidateAnswerTest,
    ::testing::Values(Case{"num", 0, {}}, Case{"num", 100, {}}, Case{"num", 42.0, {}},
                      Case{"numf", -1.5, {}}, Case{"numf", 1e9, {}}, Case{"numx", 9.5, {}},
                      Case{"nump", -123.25, {}},
                      Case{"num", 101, {{"num", "must be a whole number from 0 to 100 (got 101)"}}},
                      Case{"num", -1, {{"num", "must be a whole number from 0 to 100 (got -1)"}}},
                      Case{"num", 2.5, {{"num", "must be a whole number from 0 to 100 (got 2.5)"}}},
                      Case{"numf", -2, {{"numf", "must be a number of at least -1.5 (got -2)"}}},
                      Case{"numx", 10, {{"numx", "must be a number of at most 9.5 (got 10)"}}},
                      Case{"nump", "3", {{"nump", "must be a number (got \"3\")"}}},
                      Case{"nump", false, {{"nump", "must be a number (got false)"}}}));

INSTANTIATE_TEST_SUITE_P(
    ShortText, ValidateAnswerTest,
    ::testing::Values(
        Case{"st", "", {}}, Case{"st", "0123456789", {}},
        Case{"st", "ŵŵŵŵŵŵŵŵŵŵ", {}},  // ten characters, twenty bytes
        Case{"std", std::string(200, 'x'), {}},
        Case{"st", "01234567890", {{"st", "must be at most 10 characters long (got 11)"}}},
        Case{"std",
             std::string(201, 'x'),
             {{"std", "must be at most 200 characters long (got 201)"}}},
        Case{"st", "one\ntwo", {{"st", "must be a single line of text, without line breaks"}}},
        Case{"st", "one\rtwo", {{"st", "must be a single line of text, without line breaks"}}},
        Case{"st", 3, {{"st", "must be text of at most 10 characters (got 3)"}}},
        Case{"st", std::string("bad \xC3\x28"), {{"st", "must be valid UTF-8 text"}}},
        Case{"st", std::string("\xED\xA0\x80"), {{"st", "must be valid UTF-8 text"}}},  // surrogate
        Case{"st", std::string("\xC0\xAF"), {{"st", "must be valid UTF-8 text"}}}));    // overlong

INSTANTIATE_TEST_SUITE_P(
    LongText, ValidateAnswerTest,
    ::testing::Values(
        Case{"lt", "line one\nline two", {}}, Case{"ltd", std::string(4000, 'x'), {}},
        Case{"lt", "ŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵ", {}},
        Case{"lt", std::string(21, 'x'), {{"lt", "must be at most 20 characters long (got 21)"}}},
        Case{"ltd",
             std::string(4001, 'x'),
             {{"ltd", "must be at most 4000 characters long (got 4001)"}}},
        Case{"lt",
             json::array({"x"}),
             {{"lt", "must be text of at most 20 characters (got [\"x\"])"}}},
        Case{"lt", std::string("\xF5\x80\x80\x80"), {{"lt", "must be valid UTF-8 text"}}}));

INSTANTIATE_TEST_SUITE_P(
    Ranking, ValidateAnswerTest,
    ::testing::Values(
        Case{"rk", json::array({"c", "a", "b"}), {}}, Case{"rk", json::array({"a", "b", "c"}), {}},
        Case{"rk", json::array({"a", "b"}), {{"rk", "must rank every option; missing \"c\""}}},
        Case{"rk",
             json::array(),
             {{"rk", "must rank every option; missing \"a\", \"b\" and \"c\""}}},
        Case{"rk", json::array({"a", "b", "c", "a"}), {{"rk", "\"a\" is ranked more than once"}}},
        Case{"rk",
             json::array({"a", "b", "d"}),
             {{"rk", "\"d\" is not one of the options \"a\", \"b\" or \"c\""},
              {"rk", "must rank every option; missing \"c\""}}},
        Case{"rk",
             "a",
             {{"rk",
               "must be a list of every option, most preferred first: \"a\", \"b\" and "
               "\"c\" (got \"a\")"}}}));

INSTANTIATE_TEST_SUITE_P(
    YesNo, ValidateAnswerTest,
    ::testing::Values(Case{"yn", true, {}}, Case{"yn", false, {}}, Case{"yn", nullptr, {}},
                      Case{"yn", "yes", {{"yn", "must be true or false (got \"yes\")"}}},
                      Case{"yn", 1, {{"yn", "must be true or false (got 1)"}}}));

INSTANTIATE_TEST_SUITE_P(
    Matrix, ValidateAnswerTest,
    ::testing::Values(
        Case{"mx", json{{"r1", 5}, {"r2", "na"}}, {}}, Case{"mx", json{{"r1", 1}}, {}},
        Case{"mx", json{{"r1", nullptr}}, {}}, Case{"mx", json::object(), {}},
        Case{"mx", json{{"r1", 6}}, {{"mx.r1", std::string(kAgree5) + " (got 6)"}}},
        Case{"mx",
             json{{"r9", 1}},
             {{"mx.r9",
               "is not a row of this question; the rows are "
               "\"r1\" and \"r2\""}}},
        Case{"mx3", json{{"r1", "na"}}, {{"mx3.r1", std::string(kYes3) + " (got \"na\")"}}},
        Case{"mx",
             json::array({1, 2}),
             {{"mx",
               "must be an object from row id (\"r1\" or \"r2\") to a scale value (got "
               "[1,2])"}}}));

TEST(ValidateAnswerTest, EchoesOnlyTheStartOfALongBadAnswer) {
  const Item* item = AllTypes().FindItem("sc");
  ASSERT_NE(item, nullptr);
  Problems problems = ValidateAnswer(AllTypes(), *item, std::string(500, 'z'));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "must be one of the options \"a\", \"b\" or \"c\" (got \"" +
                                     std::string(39, 'z') + "...)");
}

TEST(ValidateAnswerTest, EchoingInvalidUtf8NeverThrows) {
  const Item* item = AllTypes().FindItem("yn");
  ASSERT_NE(item, nullptr);
  Problems problems = ValidateAnswer(AllTypes(), *item, std::string("\xFF\xFE"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "yn");
}

TEST(ValidateAnswerTest, DeeplyNestedAnswerIsRejectedWithoutDeepRecursion) {
  const Item* item = AllTypes().FindItem("sc");
  ASSERT_NE(item, nullptr);
  json value = json::array();
  for (int i = 0; i < 100000; ++i) value = json::array({std::move(value)});
  Problems problems = ValidateAnswer(AllTypes(), *item, value);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message,
            "must be one of the options \"a\", \"b\" or \"c\" (got [[[...]]])");
}

TEST(ValidateAnswerTest, ThousandsOfBadChoicesGiveAtMostTenProblems) {
  const Item* item = AllTypes().FindItem("mc");
  ASSERT_NE(item, nullptr);
  json value = json::array();
  for (int i = 0; i < 5000; ++i) value.push_back("bad" + std::to_string(i));
  Problems problems = ValidateAnswer(AllTypes(), *item, value);
  ASSERT_EQ(problems.size(), 10u);
  EXPECT_EQ(problems[0].message, "\"bad0\" is not one of the options \"a\", \"b\", \"c\" or \"d\"");
}

TEST(ValidateAnswerTest, EchoesObjectsCompactly) {
  const Item* item = AllTypes().FindItem("yn");
  ASSERT_NE(item, nullptr);
  Problems problems = ValidateAnswer(AllTypes(), *item, json{{"a", json::array({1, 2})}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "must be true or false (got {\"a\":[1,2]})");
}

}  // namespace
}  // namespace soundings
