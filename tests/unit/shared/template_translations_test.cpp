// Texts missing in a template's second language show in its first, string by string, and
// UntranslatedTexts lists them for `template check`; keep_anonymous_partials is the template's
// opt-in to keeping a walk-up respondent's unfinished answers.

#include <gtest/gtest.h>

#include "shared/templates/parser.h"
#include "shared/templates/template_checks.h"

namespace soundings {
namespace {

const ModuleSource kNoModules{};

constexpr const char* kPartly = R"({
  "id": "partly", "version": 1, "kind": "consultation", "languages": ["en", "cy", "pl"],
  "title": {"en": "Parks", "cy": "Parciau"},
  "sections": [{"id": "visits", "title": {"en": "Visits", "cy": "Ymweliadau", "pl": "Wizyty"},
    "items": [{"id": "often", "type": "single_choice", "text": {"en": "How often?"},
      "options": [{"value": "weekly", "label": {"en": "Weekly", "pl": "Co tydzień"}},
                  {"value": "monthly", "label": {"en": "Monthly", "cy": "Bob mis", "pl": "Co miesiąc"}}]}]}]
})";

TEST(TemplateTranslations, ATextMissingInALaterLanguageIsNotAnErrorAndIsListed) {
  auto parsed = ParseTemplate(kPartly, kNoModules);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const auto missing = UntranslatedTexts(*parsed);
  EXPECT_EQ(missing.at("cy"),
            (std::vector<std::string>{"items.often.text", "items.often.options.weekly"}));
  EXPECT_EQ(missing.at("pl"), (std::vector<std::string>{"title", "items.often.text"}));
  EXPECT_FALSE(missing.count("en"));
  EXPECT_EQ(Pick(parsed->title, "pl"), "Parks") << "shown in the first language instead";
}

TEST(TemplateTranslations, AFullyTranslatedTemplateHasNothingToList) {
  auto parsed = LoadTemplateFile(SOUNDINGS_FIXTURE_DIR "/templates/valid_consultation.json");
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(UntranslatedTexts(*parsed).empty());
}

TEST(TemplateTranslations, TheFirstLanguageMustStillHaveEveryText) {
  auto parsed = ParseTemplate(
      R"({"id": "x", "version": 1, "kind": "consultation", "languages": ["en", "cy"],
          "title": {"cy": "Parciau"},
          "sections": [{"id": "s", "title": {"en": "S"}, "items": [
            {"id": "q", "type": "yes_no", "text": {"en": "Q"}}]}]})",
      kNoModules);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.ErrorText(),
            "title: missing the \"en\" translation (the first language must have every text)");
}

TEST(TemplateTranslations, KeepAnonymousPartialsIsReadAndWrittenBack) {
  auto parsed = ParseTemplate(
      R"({"id": "x", "version": 1, "kind": "consultation", "languages": ["en"],
          "title": {"en": "T"}, "keep_anonymous_partials": true,
          "sections": [{"id": "s", "title": {"en": "S"}, "items": [
            {"id": "q", "type": "yes_no", "text": {"en": "Q"}}]}]})",
      kNoModules);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(parsed->keep_anonymous_partials);
  auto again = ParseTemplate(ToJson(*parsed), kNoModules);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->keep_anonymous_partials);
  auto by_default = ParseTemplate(kPartly, kNoModules);
  EXPECT_FALSE(by_default->keep_anonymous_partials) << "discarded unless the template opts in";
  auto not_bool = ParseTemplate(
      R"({"id": "x", "version": 1, "kind": "consultation", "languages": ["en"],
          "title": {"en": "T"}, "keep_anonymous_partials": "yes",
          "sections": [{"id": "s", "title": {"en": "S"}, "items": [
            {"id": "q", "type": "yes_no", "text": {"en": "Q"}}]}]})",
      kNoModules);
  ASSERT_FALSE(not_bool.ok());
  EXPECT_EQ(not_bool.ErrorText(), "keep_anonymous_partials: must be true or false, not \"yes\"");
}

}  // namespace
}  // namespace soundings
