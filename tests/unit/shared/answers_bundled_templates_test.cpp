// Every bundled template can be answered: for each rater group, a response that answers every
// shown item with an allowed value passes ValidateAnswers, and each wrong kind of answer fails.
// This ties the template parser, visible_if and answer validation together on real templates.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/answers/answers.h"
#include "shared/templates/parser.h"

namespace soundings {
namespace {

using nlohmann::json;

std::vector<std::filesystem::path> BundledTemplates() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SOUNDINGS_TEMPLATE_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// An answer every item of this type must accept.
json AllowedAnswer(const Template& tmpl, const Item& item) {
  switch (item.type) {
    case ItemType::kLikert:
      return tmpl.FindScale(item.scale)->points.front().value;
    case ItemType::kSingleChoice:
      return item.options.front().value;
    case ItemType::kMultipleChoice: {
      json picks = json::array();
      const int count = std::max(item.min_picks, 1);
      for (int i = 0; i < count && i < static_cast<int>(item.options.size()); ++i) {
        picks.push_back(item.options[static_cast<std::size_t>(i)].value);
      }
      return picks;
    }
    case ItemType::kRating:
      return 7;
    case ItemType::kNumber: {
      double value = item.min ? *item.min : (item.max ? std::min(0.0, *item.max) : 0.0);
      if (item.integer) value = std::ceil(value);
      return value;
    }
    case ItemType::kShortText:
      return "Fine, thank you";
    case ItemType::kLongText:
      return "Line one.\nLine two.";
    case ItemType::kRanking: {
      json order = json::array();
      for (auto it = item.options.rbegin(); it != item.options.rend(); ++it) {
        order.push_back(it->value);
      }
      return order;
    }
    case ItemType::kYesNo:
      return true;
    case ItemType::kMatrix: {
      json rows = json::object();
      for (const auto& row : item.rows)
        rows[row.id] = tmpl.FindScale(item.scale)->points.back().value;
      return rows;
    }
  }
  return nullptr;
}

// Answers every shown item, dropping answers to items that became hidden, until nothing changes.
Answers AnswerEverythingShown(const Template& tmpl, const AnswerContext& ctx) {
  Answers answers;
  for (int round = 0; round < 100; ++round) {
    bool changed = false;
    for (const auto& section : tmpl.sections) {
      for (const auto& item : section.items) {
        const bool shown = IsVisible(tmpl, section, item, answers, ctx);
        const bool has = answers.count(item.id) > 0;
        if (shown && !has) {
          answers[item.id] = AllowedAnswer(tmpl, item);
          changed = true;
        } else if (!shown && has) {
          answers.erase(item.id);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return answers;
}

std::vector<std::string> GroupsOf(const Template& tmpl) {
  std::vector<std::string> groups;
  for (const auto& group : tmpl.rater_groups) groups.push_back(group.id);
  if (groups.empty()) groups.push_back("");
  return groups;
}

TEST(BundledTemplatesTest, ThereAreTemplatesToCheck) { EXPECT_GE(BundledTemplates().size(), 3u); }

TEST(BundledTemplatesTest, AFullResponseFromEveryGroupIsValid) {
  for (const auto& file : BundledTemplates()) {
    auto loaded = LoadTemplateFile(file);
    ASSERT_TRUE(loaded.ok()) << file << ":\n" << loaded.ErrorText();
    const Template& tmpl = loaded.value();
    for (const auto& group : GroupsOf(tmpl)) {
      for (const auto& language : tmpl.languages) {
        const AnswerContext ctx{group, language, false};
        const Answers answers = AnswerEverythingShown(tmpl, ctx);
        EXPECT_FALSE(answers.empty()) << file << " group " << group;
        const Problems problems = ValidateAnswers(tmpl, answers, ctx);
        EXPECT_TRUE(problems.empty()) << file << " group '" << group << "' language " << language
                                      << ": " << problems.front().ToString();
      }
    }
  }
}

TEST(BundledTemplatesTest, AnEmptyResponseIsValidOnlyAsPartialOrWithoutRequiredItems) {
  for (const auto& file : BundledTemplates()) {
    auto loaded = LoadTemplateFile(file);
    ASSERT_TRUE(loaded.ok()) << file << ":\n" << loaded.ErrorText();
    const Template& tmpl = loaded.value();
    for (const auto& group : GroupsOf(tmpl)) {
      EXPECT_TRUE(
          ValidateAnswers(tmpl, {}, AnswerContext{group, tmpl.DefaultLanguage(), true}).empty())
          << file << " group " << group;
      const Problems problems =
          ValidateAnswers(tmpl, {}, AnswerContext{group, tmpl.DefaultLanguage(), false});
      for (const auto& problem : problems) {
        EXPECT_EQ(problem.message, "required, but not answered") << file << " " << problem.path;
      }
    }
  }
}

TEST(BundledTemplatesTest, AWrongTypeOfAnswerToAnyItemIsRejectedAtThatItem) {
  for (const auto& file : BundledTemplates()) {
    auto loaded = LoadTemplateFile(file);
    ASSERT_TRUE(loaded.ok()) << file << ":\n" << loaded.ErrorText();
    const Template& tmpl = loaded.value();
    for (const auto& section : tmpl.sections) {
      for (const auto& item : section.items) {
        // An object is a valid answer to no type but matrix; an array to none but the list types.
        const json wrong = item.type == ItemType::kMatrix ? json("x") : json{{"x", 1}};
        const Problems problems = ValidateAnswer(tmpl, item, wrong);
        ASSERT_FALSE(problems.empty()) << file << " " << item.id;
        EXPECT_EQ(problems.front().path, item.id);
        EXPECT_TRUE(ValidateAnswer(tmpl, item, AllowedAnswer(tmpl, item)).empty())
            << file << " " << item.id;
      }
    }
  }
}

}  // namespace
}  // namespace soundings
