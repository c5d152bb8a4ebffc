// JSON of shown results: hidden values carry no number anywhere, and carry the footnote.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/shown_json.h"

namespace soundings {
namespace {

Template Appraisal() {
  Template tmpl;
  tmpl.id = "me2e";
  tmpl.kind = TemplateKind::kAppraisal360;
  tmpl.languages = {"en"};
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
  tmpl.scales = {scale};
  tmpl.rater_groups = {
      {"self", {}, 1, 3}, {"manager", {}, 1, 3}, {"peer", {}, 3, 3}, {"staff", {}, 3, 4}};
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  Item a;
  a.id = "a";
  a.type = ItemType::kLikert;
  a.scale = "agree5";
  lead.items = {a};
  tmpl.sections = {lead};
  return tmpl;
}

// Every "value" under `node` is null: no figure of a hidden group leaks through any field.
void ExpectNoValues(const nlohmann::json& node, const std::string& path) {
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      if (key == "value") {
        EXPECT_TRUE(child.is_null()) << path << " has a value " << child;
      }
      ExpectNoValues(child, path + "." + key);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      ExpectNoValues(node[i], path + "[" + std::to_string(i) + "]");
  }
}

TEST(ShownJson, HiddenRaterGroupHasNoNumberAnywhereAndTheReportHasTheFootnote) {
  Template tmpl = Appraisal();
  std::vector<RaterResponse> responses = {
      {"self", {{"a", 5}}}, {"manager", {{"a", 2}}}, {"peer", {{"a", 3}}}, {"peer", {{"a", 4}}},
      {"peer", {{"a", 4}}}, {"staff", {{"a", 1}}},   {"staff", {{"a", 2}}}};
  SuppressionEngine engine;
  auto json = ToJson(engine.Show360(tmpl, Compute360(tmpl, responses)));
  const auto& staff = json["items"]["a"]["by_group"]["staff"];
  ExpectNoValues(staff, "staff");
  ExpectNoValues(json["items"]["a"]["by_group"]["manager"], "manager");  // secondary
  EXPECT_EQ(staff["mean"]["text"], "fewer than 3*");
  EXPECT_EQ(staff["distribution"][0]["point"], 1);  // scale points are not secret
  EXPECT_EQ(json["items"]["a"]["by_group"]["peer"]["mean"]["value"], 3.67);  // 11/3, 2 places
  EXPECT_EQ(json["footnote"], CellValue::Footnote(3));
  EXPECT_EQ(json["responses"]["staff"], 2);  // received counts are public
}

TEST(ShownJson, CrossTabWithoutSuppressionHasTestAndNoFootnote) {
  SuppressionEngine engine;
  auto json = ToJson(engine.CrossTab({{"yes", "no"}, {"urban", "rural"}, {{10, 20}, {30, 40}}}));
  EXPECT_FALSE(json.contains("footnote"));
  EXPECT_EQ(json["cells"][1][1]["value"], 40);
  EXPECT_EQ(json["total"]["value"], 100);
  EXPECT_EQ(json["test"]["df"], 1);
}

TEST(ShownJson, CrossTabWithSuppressionWithholdsTheTest) {
  SuppressionEngine engine;
  auto json = ToJson(engine.CrossTab({{"yes", "no"}, {"a", "b"}, {{12, 3}, {9, 8}}}));
  EXPECT_TRUE(json["test"].is_null());
  EXPECT_TRUE(json["cells"][0][1]["value"].is_null());
  EXPECT_EQ(json["cells"][0][1]["status"], "suppressed");
  EXPECT_EQ(json["footnote"], CellValue::Footnote(5));
}

TEST(ShownJson, CommentsBelowTheirMinimumHaveNoTexts) {
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto json = ToJson(engine.Comments(tmpl, "staff", 3, {"secret"}));
  EXPECT_TRUE(json["comments"].empty());
  EXPECT_EQ(json["count"]["text"], "fewer than 4*");
  EXPECT_EQ(json.dump().find("secret"), std::string::npos);
}

TEST(ShownJson, DistributionListsValuesWithTheirCounts) {
  SuppressionEngine engine;
  auto json = ToJson(engine.Distribution({"yes", "no", "unsure"}, {12, 3, 8}));
  EXPECT_EQ(json["counts"][0]["value"], "yes");
  EXPECT_EQ(json["counts"][0]["count"]["value"], 12);
  EXPECT_TRUE(json["counts"][1]["count"]["value"].is_null());
  EXPECT_EQ(json["total"]["value"], 23);
}

}  // namespace
}  // namespace soundings
