// The overview and the completion tracker read group labels and minimums straight from a stored
// template document: one reading for both, forgiving of what a hand-edited document leaves out.
#include "server/reports/template_labels.h"

#include <gtest/gtest.h>

namespace soundings::server {
namespace {

using nlohmann::json;

TEST(TemplateLabels, EnglishFirstThenAnyLanguageThenThePlainString) {
  EXPECT_EQ(EnglishText(json{{"cy", "Hunan"}, {"en", "Self"}}), "Self");
  EXPECT_EQ(EnglishText(json{{"cy", "Hunan"}}), "Hunan");
  EXPECT_EQ(EnglishText(json("Self")), "Self");
  EXPECT_EQ(EnglishText(json(7)), "");
}

TEST(TemplateLabels, RaterGroupsInTemplateOrderWithLabelsAndMinimums) {
  const json document = {
      {"rater_groups",
       {{{"id", "self"}, {"label", {{"en", "Self"}, {"cy", "Hunan"}}}},
        {{"id", "peer"}, {"label", "Peers"}, {"min_responses", 3}},
        {{"id", "staff"}, {"min_responses", 0}},
        {{"label", "no id"}},
        {{"id", "manager"}, {"label", {{"en", "Senior management"}}}, {"min_responses", "2"}}}}};
  const auto rules = RaterGroupRules(document.dump());
  ASSERT_EQ(rules.size(), 4U);
  EXPECT_EQ(rules[0].id, "self");
  EXPECT_EQ(rules[0].label, "Self");
  EXPECT_EQ(rules[0].min_responses, 1);
  EXPECT_EQ(rules[1].label, "Peers");
  EXPECT_EQ(rules[1].min_responses, 3);
  EXPECT_EQ(rules[2].label, "staff");    // no label: the id
  EXPECT_EQ(rules[2].min_responses, 1);  // a minimum is at least one
  EXPECT_EQ(rules[3].id, "manager");
  EXPECT_EQ(rules[3].min_responses, 1);  // not a number: the default
}

TEST(TemplateLabels, NoGroupsFromADocumentWithoutThemOrUnreadable) {
  EXPECT_TRUE(RaterGroupRules(R"({"sections": []})").empty());
  EXPECT_TRUE(RaterGroupRules(R"({"rater_groups": {}})").empty());
  EXPECT_TRUE(RaterGroupRules("not json").empty());
}

}  // namespace
}  // namespace soundings::server
