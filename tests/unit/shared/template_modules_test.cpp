// Modules: `include` appends a module's sections, problems inside a module are reported at the
// include, and files find their modules beside them or in the bundled folder.

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/templates/parser.h"

namespace soundings {
namespace {

using nlohmann::json;

const std::string kFixtures = SOUNDINGS_FIXTURE_DIR "/templates";
const ModuleSource kModules{kFixtures + "/modules"};

// A consultation in English and Welsh that includes the given modules.
json Including(const json& include) {
  json host = json::parse(R"({
    "id": "host", "version": 1, "kind": "consultation", "languages": ["en", "cy"],
    "title": {"en": "Host", "cy": "Gwesteiwr"},
    "sections": [{"id": "main", "title": {"en": "Main", "cy": "Prif"}, "items": [
      {"id": "q1", "type": "yes_no", "text": {"en": "Q", "cy": "C"}}]}]
  })");
  host["include"] = include;
  return host;
}

Result<Template> ParseIncluding(const json& include) {
  return ParseTemplate(Including(include).dump(), kModules);
}

TEST(TemplateModules, IncludeAppendsTheModuleSectionsMarkedWithItsId) {
  auto parsed = ParseIncluding({"mini-module"});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  ASSERT_EQ(parsed->sections.size(), 2u);
  EXPECT_EQ(parsed->sections[0].id, "main");
  EXPECT_EQ(parsed->sections[0].module, "");
  EXPECT_EQ(parsed->sections[1].id, "mini_about");
  EXPECT_EQ(parsed->sections[1].module, "mini-module");
  ASSERT_NE(parsed->FindItem("mini_age"), nullptr);
  EXPECT_TRUE(parsed->FindItem("mini_age")->prefer_not_to_say);
  EXPECT_EQ(parsed->kind, TemplateKind::kConsultation);
}

// Equality monitoring is a property the template states (a module's rule or a section's flag),
// never read from an id: a council's own monitoring module counts once it says so, and a section
// merely called "equality_monitoring" does not.
TEST(TemplateModules, EqualityMonitoringComesFromTheModuleRuleOrTheSectionFlag) {
  auto parsed = ParseIncluding({"mini-module"});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_FALSE(parsed->sections[0].equality_monitoring);
  EXPECT_TRUE(parsed->sections[1].equality_monitoring);

  json host = Including(json::array());
  host.erase("include");
  host["sections"][0]["id"] = "equality_monitoring";
  host["sections"][0]["module"] = "equality-monitoring";
  auto by_id = ParseTemplate(host.dump(), kModules);
  ASSERT_TRUE(by_id.ok()) << by_id.ErrorText();
  EXPECT_FALSE(by_id->sections[0].equality_monitoring);

  host["sections"][0]["equality_monitoring"] = true;
  auto flagged = ParseTemplate(host.dump(), kModules);
  ASSERT_TRUE(flagged.ok()) << flagged.ErrorText();
  EXPECT_TRUE(flagged->sections[0].equality_monitoring);
  // Stored templates are the expanded JSON: the flag survives the round trip.
  auto again = ParseTemplate(ToJson(*parsed).dump(), kModules);
  ASSERT_TRUE(again.ok()) << again.ErrorText();
  EXPECT_TRUE(again->sections[1].equality_monitoring);
}

TEST(TemplateModules, ModuleLanguagesTheHostDoesNotUseAreLeftOut) {
  auto parsed = ParseIncluding({"mini-module"});
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const LocalText expected{{"en", "Age"}, {"cy", "Age (cy)"}};
  EXPECT_EQ(parsed->FindItem("mini_age")->text, expected);
  EXPECT_EQ(parsed->sections[1].title.count("pl"), 0u);
}

TEST(TemplateModules, HostVisibleIfMayReadModuleItems) {
  json host = Including({"mini-module"});
  host["sections"][0]["items"][0]["visible_if"] = "mini_age == \"over_40\"";
  auto parsed = ParseTemplate(host.dump(), kModules);
  EXPECT_TRUE(parsed.ok()) << parsed.ErrorText();
}

struct ModuleCase {
  const char* name;
  const char* include;
  Problems expected;
};

class ModuleProblem : public testing::TestWithParam<ModuleCase> {};

TEST_P(ModuleProblem, IsReportedAtTheInclude) {
  auto parsed = ParseIncluding(json::parse(GetParam().include));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems(), GetParam().expected) << parsed.ErrorText();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ModuleProblem,
    testing::Values(
        ModuleCase{"unknown",
                   R"(["nowhere"])",
                   {{"include[0]", "unknown module \"nowhere\" (no file " + kFixtures +
                                       "/modules/nowhere.json)"}}},
        ModuleCase{"missing_language",
                   R"(["en-only"])",
                   {{"include[0]", "module \"en-only\" has no \"cy\" translation (it offers en)"}}},
        ModuleCase{"rules_broken",
                   R"(["bad-rules"])",
                   {{"include[0]",
                     "module \"bad-rules\": sections[0].items[0].prefer_not_to_say: this module "
                     "requires \"prefer_not_to_say\": true on every choice item"},
                    {"include[0]",
                     "module \"bad-rules\": sections[0].items[1].type: this module allows only "
                     "single_choice, multiple_choice, short_text and long_text items, not "
                     "rating"}}},
        ModuleCase{"not_a_module",
                   R"(["not-module"])",
                   {{"include[0]", "\"not-module\" is not a module: its kind is consultation"}}},
        ModuleCase{"wrong_id",
                   R"(["wrong-id"])",
                   {{"include[0]",
                     "module file wrong-id.json has the id \"someone-else\", not \"wrong-id\""}}},
        ModuleCase{"id_clash",
                   R"(["clash"])",
                   {{"include[0]",
                     "module \"clash\": sections[0].items[0].id: duplicate id "
                     "\"q1\" (also the item at sections[0].items[0])"}}},
        ModuleCase{"broken_json",
                   R"(["broken-json"])",
                   {{"include[0]",
                     "module \"broken-json\": invalid JSON at line 3, column 13: syntax error "
                     "while parsing object - unexpected string literal; expected '}'"}}},
        ModuleCase{"twice",
                   R"(["mini-module", "mini-module"])",
                   {{"include[1]", "\"mini-module\" is listed twice"}}},
        ModuleCase{"bad_id",
                   R"(["../secrets"])",
                   {{"include[0]",
                     "\"../secrets\" is not a valid id: an id starts with a lower case letter, "
                     "then up to 63 lower case letters, digits, \"-\" or \"_\""}}}),
    [](const testing::TestParamInfo<ModuleCase>& info) { return std::string(info.param.name); });

TEST(TemplateModules, ModuleRulesAreCheckedWhenTheModuleIsCheckedAlone) {
  auto parsed = LoadTemplateFile(kFixtures + "/modules/bad-rules.json");
  EXPECT_EQ(parsed.problems(),
            (Problems{{"sections[0].items[0].prefer_not_to_say",
                       "this module requires \"prefer_not_to_say\": true on every choice item"},
                      {"sections[0].items[1].type",
                       "this module allows only single_choice, multiple_choice, short_text and "
                       "long_text items, not rating"}}));
}

TEST(TemplateModules, AModuleCannotIncludeModules) {
  json module = json::parse(R"({"id": "m", "version": 1, "kind": "module", "languages": ["en"],
    "title": {"en": "M"}, "include": ["mini-module"],
    "sections": [{"id": "s", "title": {"en": "S"}, "items": [
      {"id": "q", "type": "yes_no", "text": {"en": "Q"}}]}]})");
  EXPECT_EQ(ParseTemplate(module.dump(), kModules).problems(),
            (Problems{{"include", "a module cannot include other modules"}}));
}

TEST(TemplateModules, AModuleHasNoGroupsIntroductionOrDropped) {
  json module = json::parse(R"({"id": "m", "version": 1, "kind": "module", "languages": ["en"],
    "title": {"en": "M"}, "introduction": {"en": "Hi"}, "dropped": ["old"],
    "rater_groups": [{"id": "self", "label": {"en": "Self"}}],
    "sections": [{"id": "s", "title": {"en": "S"}, "items": [
      {"id": "q", "type": "yes_no", "text": {"en": "Q"}}]}]})");
  EXPECT_EQ(
      ParseTemplate(module.dump(), kModules).problems(),
      (Problems{{"introduction", "a module has no introduction; the including template's applies"},
                {"dropped", "a module has no versions of its own to drop items from"},
                {"rater_groups", "a module has no rater groups; the including template's apply"}}));
}

TEST(TemplateModules, FileFindsModulesBesideItAndFallsBackToTheBundledFolder) {
  // valid_consultation.json includes mini-module (fixtures/templates/modules) and
  // equality-monitoring (templates/modules).
  auto parsed = LoadTemplateFile(kFixtures + "/valid_consultation.json");
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  std::vector<std::string> modules;
  for (const auto& s : parsed->sections)
    if (!s.module.empty() && (modules.empty() || modules.back() != s.module))
      modules.push_back(s.module);
  EXPECT_EQ(modules, (std::vector<std::string>{"mini-module", "equality-monitoring"}));
}

TEST(TemplateModules, ExplicitModuleSourceIsTheOnlyPlaceLooked) {
  auto parsed = LoadTemplateFile(kFixtures + "/valid_consultation.json", kModules);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems(),
            (Problems{{"include[1]", "unknown module \"equality-monitoring\" (no file " +
                                         kFixtures + "/modules/equality-monitoring.json)"}}));
}

TEST(TemplateFiles, MissingFileSaysSo) {
  EXPECT_EQ(LoadTemplateFile(kFixtures + "/no-such-template.json").problems(),
            (Problems{{"", "no such file"}}));
}

TEST(TemplateFiles, DirectoryIsNotATemplate) {
  EXPECT_EQ(LoadTemplateFile(kFixtures).problems(),
            (Problems{{"", "is a directory, not a template file"}}));
}

TEST(TemplateFiles, EveryBundledTemplateAndModuleIsValid) {
  int count = 0;
  for (const auto& dir :
       {std::string(SOUNDINGS_TEMPLATE_DIR), std::string(SOUNDINGS_TEMPLATE_DIR) + "/modules"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      ++count;
      auto parsed = LoadTemplateFile(entry.path());
      EXPECT_TRUE(parsed.ok()) << entry.path() << ":\n" << parsed.ErrorText();
    }
  }
  EXPECT_GT(count, 0);
}

}  // namespace
}  // namespace soundings
