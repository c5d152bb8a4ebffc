// `soundings-server template check|show`, driven through RunTemplateCommand with string streams.

#include "server/cli/template_commands.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace soundings::server {
namespace {

const std::string kValid = SOUNDINGS_FIXTURE_DIR "/templates/valid_consultation.json";
const std::string kInvalid = SOUNDINGS_FIXTURE_DIR "/templates/invalid_consultation.json";
const std::string kMissing = SOUNDINGS_FIXTURE_DIR "/templates/no-such-file.json";
const std::string kPartlyTranslated =
    SOUNDINGS_FIXTURE_DIR "/templates/partly_translated_consultation.json";

struct Outcome {
  int exit_code;
  std::string out, err;
};

Outcome RunCommand(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = RunTemplateCommand(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(TemplateCheckCommand, ValidFilesPrintOkAndExitZero) {
  Outcome run = RunCommand({"check", kValid});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, kValid + ": ok\n");
  EXPECT_EQ(run.err, "");
}

TEST(TemplateCheckCommand, ListsEveryProblemOfEveryFileAndExitsOne) {
  Outcome run = RunCommand({"check", kInvalid, kValid, kMissing});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            kInvalid + ": version: must be at least 1, not 0\n" + kInvalid +
                ": sections[0].items[0].type: unknown item type \"single\" (known: likert, "
                "single_choice, multiple_choice, rating, number, short_text, long_text, ranking, "
                "yes_no, matrix)\n" +
                kValid + ": ok\n" + kMissing + ": no such file\n");
}

TEST(TemplateCheckCommand, TextsMissingInALanguageAreWarningsNamingEachText) {
  Outcome run = RunCommand({"check", kPartlyTranslated});
  EXPECT_EQ(run.exit_code, 0) << "they show in the first language: not an error";
  EXPECT_EQ(run.out, kPartlyTranslated + ": ok\n" + kPartlyTranslated +
                         ": warning: 2 texts have no \"cy\" translation and show in \"en\": title, "
                         "items.area.text\n");
}

TEST(TemplateCheckCommand, NoFilesIsAUsageError) {
  Outcome run = RunCommand({"check"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("name at least one template file"), std::string::npos);
}

TEST(TemplateCommand, HelpPrintsUsageAndSucceeds) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--help"}, {"check", "--help"}, {"show", "--help"}}) {
    Outcome run = RunCommand(args);
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("soundings-server template check FILE..."), std::string::npos);
    EXPECT_NE(run.out.find("soundings-server template show FILE [--language CODE]"),
              std::string::npos);
  }
}

TEST(TemplateCommand, UnknownSubcommandIsAUsageError) {
  Outcome run = RunCommand({"validate", kValid});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown subcommand 'validate'"), std::string::npos);
}

TEST(TemplateShowCommand, PrintsTheOutline) {
  Outcome run = RunCommand({"show", kValid});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("Your area\n  id fixture-consultation, version 3, consultation\n", 0), 0u)
      << run.out;
  EXPECT_NE(run.out.find("1.2 area_why (long_text, up to 4000 characters)"), std::string::npos);
  EXPECT_NE(run.out.find("shown if: area == \"north\" and mini_age == \"over_40\""),
            std::string::npos);
  EXPECT_NE(run.out.find("replaces: area_reason"), std::string::npos);
  EXPECT_NE(run.out.find("(module mini-module)"), std::string::npos);
}

TEST(TemplateShowCommand, LanguageOptionPicksTheTranslation) {
  Outcome run = RunCommand({"show", kValid, "--language", "cy"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("Your area (cy)\n", 0), 0u) << run.out;
}

TEST(TemplateShowCommand, LanguageTheTemplateLacksIsAnError) {
  Outcome run = RunCommand({"show", kValid, "--language", "fr"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, kValid + ": the template has no \"fr\" language (it has en, cy)\n");
}

TEST(TemplateShowCommand, InvalidTemplatePrintsItsProblems) {
  Outcome run = RunCommand({"show", kMissing});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, kMissing + ": no such file\n");
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace soundings::server
