// ValidateAnswers and IsVisible: unknown items, rater groups, visible_if on items and sections,
// required items and partial responses.

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/answers/answers.h"
#include "tests/unit/shared/test_templates.h"

namespace soundings {
namespace {

using nlohmann::json;
using namespace soundings::test;

AnswerContext Context(const std::string& group = "", bool partial = false) {
  return AnswerContext{group, "en", partial};
}

TEST(ValidateAnswersTest, AcceptsAValidCompleteResponse) {
  Template tmpl = MakeTemplate({MakeSection(
      "s", {Required(Likert("q1", "agree5")), SingleChoice("q2", {"north", "south"})})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 4}, {"q2", "north"}}, Context()), Problems{});
}

TEST(ValidateAnswersTest, ReportsAnswersToUnknownItems) {
  Template tmpl = MakeTemplate({MakeSection("s", {Likert("q1", "agree5")})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 4}, {"q9", 1}, {"s", 1}}, Context()),
            (Problems{{"q9", "is not a question of this template"},
                      {"s", "is not a question of this template"}}));
}

TEST(ValidateAnswersTest, ReportsEveryBadAnswerNotJustTheFirst) {
  Template tmpl =
      MakeTemplate({MakeSection("s", {Likert("q1", "agree5"), MakeItem("q2", ItemType::kYesNo)})});
  Problems problems = ValidateAnswers(tmpl, {{"q1", 9}, {"q2", "yes"}}, Context());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].path, "q1");
  EXPECT_EQ(problems[1], (Problem{"q2", "must be true or false (got \"yes\")"}));
}

TEST(ValidateAnswersTest, RequiredVisibleItemMustBeAnswered) {
  Template tmpl = MakeTemplate({MakeSection("s", {Required(Likert("q1", "agree5"))})});
  EXPECT_EQ(ValidateAnswers(tmpl, {}, Context()), (Problems{{"q1", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, NullIsTheSameAsNoAnswer) {
  Template tmpl = MakeTemplate(
      {MakeSection("s", {Required(Likert("q1", "agree5")), MakeItem("q2", ItemType::kYesNo)})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", nullptr}, {"q2", nullptr}}, Context()),
            (Problems{{"q1", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, PartialResponseMayLeaveRequiredItemsOut) {
  Template tmpl = MakeTemplate({MakeSection(
      "s", {Required(Likert("q1", "agree5")), Required(Matrix("m", "agree5", {"r1", "r2"}))})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"m", json{{"r1", 2}}}}, Context("", true)), Problems{});
}

TEST(ValidateAnswersTest, PartialResponseStillRejectsBadAnswers) {
  Template tmpl = MakeTemplate({MakeSection("s", {Required(Likert("q1", "agree5"))})});
  Problems problems = ValidateAnswers(tmpl, {{"q1", 0}}, Context("", true));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "q1");
}

TEST(ValidateAnswersTest, RequiredMatrixNeedsEveryRow) {
  Template tmpl =
      MakeTemplate({MakeSection("s", {Required(Matrix("m", "agree5", {"r1", "r2", "r3"}))})});
  EXPECT_EQ(
      ValidateAnswers(tmpl, {{"m", json{{"r1", 2}, {"r2", nullptr}}}}, Context()),
      (Problems{{"m.r2", "required, but not answered"}, {"m.r3", "required, but not answered"}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {}, Context()), (Problems{{"m", "required, but not answered"}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {{"m", json{{"r1", 1}, {"r2", "na"}, {"r3", 5}}}}, Context()),
            Problems{});
}

TEST(ValidateAnswersTest, OptionalMatrixMayLeaveRowsOut) {
  Template tmpl = MakeTemplate({MakeSection("s", {Matrix("m", "agree5", {"r1", "r2"})})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"m", json{{"r1", 2}}}}, Context()), Problems{});
}

TEST(ValidateAnswersTest, AnswerToItemHiddenByItsVisibleIfIsRejected) {
  Template tmpl = MakeTemplate(
      {MakeSection("s", {Likert("q1", "agree5"), VisibleIf(MakeItem("why", ItemType::kLongText),
                                                           "answered(q1) and q1 >= 4")})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 2}, {"why", "because"}}, Context()),
            (Problems{{"why", "answered, but hidden by visible_if: answered(q1) and q1 >= 4"}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 5}, {"why", "because"}}, Context()), Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"why", "because"}}, Context()),
            (Problems{{"why", "answered, but hidden by visible_if: answered(q1) and q1 >= 4"}}));
}

TEST(ValidateAnswersTest, HiddenRequiredItemIsNotRequired) {
  Template tmpl = MakeTemplate(
      {MakeSection("s", {MakeItem("has_car", ItemType::kYesNo),
                         Required(VisibleIf(Number("cars", 1, 10, true), "has_car"))})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"has_car", false}}, Context()), Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {}, Context()), Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"has_car", true}}, Context()),
            (Problems{{"cars", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, HiddenSectionHidesAllItsItems) {
  Section rural = MakeSection("rural", {Required(SingleChoice("farm", {"yes", "no"})),
                                        MakeItem("notes", ItemType::kShortText)});
  rural.visible_if = Expr("area in [\"rural\", \"mixed\"]");
  Template tmpl = MakeTemplate(
      {MakeSection("where", {Required(SingleChoice("area", {"urban", "rural", "mixed"}))}), rural});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"area", "urban"}}, Context()), Problems{});
  EXPECT_EQ(
      ValidateAnswers(tmpl, {{"area", "urban"}, {"notes", "hello"}}, Context()),
      (Problems{{"notes", "answered, but hidden by visible_if: area in [\"rural\", \"mixed\"]"}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {{"area", "mixed"}}, Context()),
            (Problems{{"farm", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, VisibleIfCanReadMatrixRowsAndMultipleChoices) {
  Template tmpl = MakeTemplate({MakeSection(
      "s", {Matrix("services", "agree5", {"library", "parks"}),
            MultipleChoice("visited", {"library", "pool"}),
            Required(VisibleIf(MakeItem("library_why", ItemType::kLongText),
                               "services.library <= 2 and \"library\" in visited"))})});
  EXPECT_EQ(ValidateAnswers(
                tmpl, {{"services", json{{"library", 1}}}, {"visited", json::array({"library"})}},
                Context()),
            (Problems{{"library_why", "required, but not answered"}}));
  EXPECT_EQ(ValidateAnswers(
                tmpl, {{"services", json{{"library", 1}}}, {"visited", json::array({"pool"})}},
                Context()),
            Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"services", json{{"library", "na"}}}}, Context()), Problems{});
}

TEST(ValidateAnswersTest, VisibleIfCanReadTheBuiltIns) {
  Template tmpl = Make360({MakeSection(
      "s", {Required(VisibleIf(Likert("self_only", "agree5"), "rater_group == \"self\"")),
            Required(VisibleIf(MakeItem("welsh", ItemType::kYesNo), "language == \"cy\""))})});
  tmpl.languages = {"en", "cy"};
  EXPECT_EQ(ValidateAnswers(tmpl, {}, AnswerContext{"self", "cy", false}),
            (Problems{{"self_only", "required, but not answered"},
                      {"welsh", "required, but not answered"}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {}, AnswerContext{"peer", "en", false}), Problems{});
}

TEST(ValidateAnswersTest, ItemNotAskedOfTheRaterGroupMustNotBeAnswered) {
  Template tmpl = Make360(
      {MakeSection("s", {Likert("q1", "agree5"),
                         Required(AskedOf(Likert("managers", "agree5"), {"manager", "self"}))})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 3}, {"managers", 3}}, Context("peer")),
            (Problems{{"managers",
                       "answered, but asked only of the rater groups \"manager\" "
                       "or \"self\", not of \"peer\""}}));
  // Not asked, so not required either.
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 3}}, Context("peer")), Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 3}}, Context("manager")),
            (Problems{{"managers", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, SectionNotAskedOfTheRaterGroupMustNotBeAnswered) {
  Section own = MakeSection("own", {Required(MakeItem("goals", ItemType::kLongText))});
  own.rater_groups = {"self"};
  Template tmpl = Make360({MakeSection("s", {Likert("q1", "agree5")}), own});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"goals", "more"}}, Context("peer")),
            (Problems{{"goals",
                       "answered, but asked only of the rater group \"self\", not of "
                       "\"peer\""}}));
  EXPECT_EQ(ValidateAnswers(tmpl, {}, Context("peer")), Problems{});
  EXPECT_EQ(ValidateAnswers(tmpl, {}, Context("self")),
            (Problems{{"goals", "required, but not answered"}}));
}

TEST(ValidateAnswersTest, BadAnswerToHiddenItemIsReportedOnlyAsHidden) {
  Template tmpl = MakeTemplate({MakeSection(
      "s", {MakeItem("yn", ItemType::kYesNo), VisibleIf(Likert("q1", "agree5"), "yn")})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 99}}, Context()),
            (Problems{{"q1", "answered, but hidden by visible_if: yn"}}));
}

TEST(IsVisibleTest, FollowsItemAndSectionConditions) {
  Section section = MakeSection("s", {VisibleIf(Likert("q2", "agree5"), "q1 >= 4")});
  section.visible_if = Expr("not (q0 == \"skip\")");
  Template tmpl = MakeTemplate(
      {MakeSection("first", {Likert("q1", "agree5"), SingleChoice("q0", {"skip", "go"})}),
       section});
  const Section& s = tmpl.sections[1];
  const Item& q2 = s.items[0];
  EXPECT_TRUE(IsVisible(tmpl, s, Answers{}, Context()));
  EXPECT_FALSE(IsVisible(tmpl, s, q2, Answers{}, Context()));
  EXPECT_TRUE(IsVisible(tmpl, s, q2, Answers{{"q1", 4}}, Context()));
  EXPECT_FALSE(IsVisible(tmpl, s, Answers{{"q0", "skip"}}, Context()));
  EXPECT_FALSE(IsVisible(tmpl, s, q2, Answers{{"q1", 4}, {"q0", "skip"}}, Context()));
}

TEST(IsVisibleTest, ItemsAndSectionsNotAskedOfTheGroupAreNotShown) {
  Section section = MakeSection("s", {AskedOf(Likert("q1", "agree5"), {"manager"})});
  Section self_only = MakeSection("own", {Likert("q2", "agree5")});
  self_only.rater_groups = {"self"};
  Template tmpl = Make360({section, self_only});
  EXPECT_TRUE(IsVisible(tmpl, tmpl.sections[0], tmpl.sections[0].items[0], {}, Context("manager")));
  EXPECT_FALSE(IsVisible(tmpl, tmpl.sections[0], tmpl.sections[0].items[0], {}, Context("peer")));
  EXPECT_TRUE(IsVisible(tmpl, tmpl.sections[1], {}, Context("self")));
  EXPECT_FALSE(IsVisible(tmpl, tmpl.sections[1], {}, Context("peer")));
  EXPECT_FALSE(IsVisible(tmpl, tmpl.sections[1], tmpl.sections[1].items[0], {}, Context("peer")));
}

TEST(MakeAnswerLookupTest, GivesAnswersRowsAndBuiltIns) {
  const Answers answers{{"q1", 3}, {"m", json{{"r1", "na"}}}, {"gone", nullptr}};
  ValueLookup lookup = MakeAnswerLookup(answers, AnswerContext{"peer", "cy", false});
  ASSERT_NE(lookup("q1"), nullptr);
  EXPECT_EQ(*lookup("q1"), 3);
  ASSERT_NE(lookup("m.r1"), nullptr);
  EXPECT_EQ(*lookup("m.r1"), "na");
  EXPECT_EQ(lookup("m.r2"), nullptr);
  EXPECT_EQ(lookup("q1.r1"), nullptr);
  EXPECT_EQ(lookup("nothing"), nullptr);
  EXPECT_EQ(*lookup("rater_group"), "peer");
  EXPECT_EQ(*lookup("language"), "cy");
  EXPECT_TRUE(
      Expr("not answered(gone) and m.r1 == \"na\" and rater_group == \"peer\"").Evaluate(lookup));
}

TEST(MakeAnswerLookupTest, NoRaterGroupMeansTheBuiltInIsUnanswered) {
  ValueLookup lookup = MakeAnswerLookup(Answers{}, AnswerContext{"", "en", false});
  EXPECT_EQ(lookup("rater_group"), nullptr);
  EXPECT_FALSE(Expr("rater_group != \"self\"").Evaluate(lookup));
}

}  // namespace
}  // namespace soundings

namespace soundings {
namespace {

using namespace soundings::test;

TEST(ValidateAnswersTest, RejectsARaterGroupTheTemplateDoesNotHave) {
  Template tmpl = Make360({MakeSection("s", {Likert("q1", "agree5")})});
  EXPECT_EQ(
      ValidateAnswers(tmpl, {{"q1", 3}}, AnswerContext{"staff", "en", false}),
      (Problems{{"rater_group", "unknown rater group \"staff\" (known: self, manager, peer)"}}));
}

TEST(ValidateAnswersTest, RejectsARaterGroupOnATemplateWithoutGroups) {
  Template tmpl = MakeTemplate({MakeSection("s", {Likert("q1", "agree5")})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 3}}, AnswerContext{"peer", "en", false}),
            (Problems{{"rater_group",
                       "this template has no rater groups, but the response names \"peer\""}}));
}

TEST(ValidateAnswersTest, RejectsALanguageTheTemplateIsNotOfferedIn) {
  Template tmpl = MakeTemplate({MakeSection("s", {Likert("q1", "agree5")})});
  EXPECT_EQ(ValidateAnswers(tmpl, {{"q1", 3}}, AnswerContext{"", "pl", false}),
            (Problems{{"language", "this template is not offered in \"pl\" (offered: en)"}}));
}

}  // namespace
}  // namespace soundings
