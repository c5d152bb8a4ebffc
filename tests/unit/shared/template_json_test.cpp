// ToJson gives back JSON that parses to the same model, and Outline shows what a reviewer needs.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/templates/parser.h"

namespace soundings {
namespace {

using nlohmann::json;

const std::string kFixtures = SOUNDINGS_FIXTURE_DIR "/templates";

std::vector<std::filesystem::path> TemplateFiles() {
  std::vector<std::filesystem::path> files{kFixtures + "/valid_consultation.json",
                                           kFixtures + "/modules/mini-module.json"};
  for (const auto& entry : std::filesystem::directory_iterator(SOUNDINGS_TEMPLATE_DIR))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  return files;
}

TEST(TemplateJson, RoundTripGivesAnEqualModel) {
  for (const auto& file : TemplateFiles()) {
    SCOPED_TRACE(file.string());
    auto first = LoadTemplateFile(file);
    ASSERT_TRUE(first.ok()) << first.ErrorText();
    const json once = ToJson(*first);
    // No module folder: the output has its modules expanded already.
    auto second = ParseTemplate(once, ModuleSource{"/nonexistent"});
    ASSERT_TRUE(second.ok()) << second.ErrorText();
    EXPECT_EQ(ToJson(*second), once);
    EXPECT_EQ(second->sections.size(), first->sections.size());
    EXPECT_EQ(Outline(*second, second->DefaultLanguage()),
              Outline(*first, first->DefaultLanguage()));
  }
}

TEST(TemplateJson, ModuleSectionsKeepTheirModuleThroughARoundTrip) {
  auto first = LoadTemplateFile(kFixtures + "/valid_consultation.json");
  ASSERT_TRUE(first.ok()) << first.ErrorText();
  const json out = ToJson(*first);
  EXPECT_FALSE(out.contains("include"));
  auto second = ParseTemplate(out, ModuleSource{"/nonexistent"});
  ASSERT_TRUE(second.ok()) << second.ErrorText();
  ASSERT_EQ(second->sections.size(), first->sections.size());
  for (std::size_t i = 0; i < first->sections.size(); ++i)
    EXPECT_EQ(second->sections[i].module, first->sections[i].module);
}

TEST(TemplateJson, WritesDefaultsAndLeavesOutEmptyParts) {
  auto parsed = ParseTemplate(R"({
    "id": "t", "version": 1, "kind": "self_assessment", "languages": ["en"],
    "title": {"en": "T"},
    "rater_groups": [{"id": "team_member", "label": {"en": "Team"}, "min_responses": 2}],
    "sections": [{"id": "s", "title": {"en": "S"}, "items": [
      {"id": "q", "type": "short_text", "text": {"en": "Q"}},
      {"id": "n", "type": "number", "text": {"en": "N"}, "min": 0.5}]}]
  })",
                              ModuleSource{});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const json out = ToJson(*parsed);
  EXPECT_EQ(out["rater_groups"][0]["comment_min_responses"], 3);
  EXPECT_EQ(out["sections"][0]["items"][0]["max_length"], 200);
  EXPECT_EQ(out["sections"][0]["items"][1]["min"], 0.5);
  EXPECT_FALSE(out["sections"][0]["items"][1].contains("max"));
  EXPECT_FALSE(out.contains("introduction"));
  EXPECT_FALSE(out.contains("dropped"));
  EXPECT_FALSE(out["sections"][0]["items"][0].contains("required"));
}

const char* const kOutlined = R"({
  "id": "lead-360", "version": 4, "kind": "appraisal360", "languages": ["en", "cy"],
  "title": {"en": "Leadership 360", "cy": "Arweinyddiaeth 360"},
  "scales": [{"id": "agree3", "points": [
    {"value": 1, "label": {"en": "Disagree", "cy": "Anghytuno"}},
    {"value": 2, "label": {"en": "Neither", "cy": "Niwtral"}},
    {"value": 3, "label": {"en": "Agree", "cy": "Cytuno"}}],
    "not_applicable": {"en": "Not applicable", "cy": "Amherthnasol"}}],
  "rater_groups": [
    {"id": "self", "label": {"en": "Self", "cy": "Hunan"}},
    {"id": "peer", "label": {"en": "Peers", "cy": "Cyfoedion"}, "min_responses": 3}],
  "sections": [{"id": "focus", "title": {"en": "Focus", "cy": "Ffocws"}, "competency": true,
    "items": [
      {"id": "sets_priorities", "type": "likert", "scale": "agree3", "required": true,
       "text": {"en": "{subject} sets priorities", "cy": "Mae {subject} yn gosod blaenoriaethau"},
       "replaces": ["clear_priorities"]},
      {"id": "strengths", "type": "long_text", "comment": true,
       "text": {"en": "Strengths?", "cy": "Cryfderau?"},
       "visible_if": "sets_priorities >= 2"}]}],
  "dropped": ["old_timekeeping"]
})";

TEST(TemplateOutline, ShowsTitleKindScalesGroupsItemsLogicAndReplaces) {
  auto parsed = ParseTemplate(kOutlined, ModuleSource{});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const std::string outline = Outline(*parsed, "en");
  for (const char* expected : {
           "Leadership 360\n",
           "id lead-360, version 4, appraisal360\n",
           "languages: en, cy\n",
           "agree3: 1 Disagree | 2 Neither | 3 Agree | na Not applicable\n",
           "self (Self): results from 1, comments from 3 responses\n",
           "peer (Peers): results from 3, comments from 3 responses\n",
           "1. Focus [focus] competency\n",
           "1.1 sets_priorities (likert, scale agree3, required)\n",
           "{subject} sets priorities\n",
           "replaces: clear_priorities\n",
           "1.2 strengths (long_text, up to 4000 characters, comment)\n",
           "shown if: sets_priorities >= 2\n",
           "Dropped: old_timekeeping\n",
       }) {
    EXPECT_NE(outline.find(expected), std::string::npos) << "missing: " << expected << "\n"
                                                         << outline;
  }
}

TEST(TemplateOutline, UsesTheRequestedLanguage) {
  auto parsed = ParseTemplate(kOutlined, ModuleSource{});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const std::string outline = Outline(*parsed, "cy");
  EXPECT_EQ(outline.rfind("Arweinyddiaeth 360\n", 0), 0u) << outline;
  EXPECT_NE(outline.find("Mae {subject} yn gosod blaenoriaethau"), std::string::npos);
  EXPECT_EQ(outline.find("Leadership"), std::string::npos);
}

}  // namespace
}  // namespace soundings
