#pragma once
// Builds small Template models in code, so tests of answers and expressions state only what they
// need. Everything is in English; every scale value and option is spelled out by the caller.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "shared/expr/expression.h"
#include "shared/templates/model.h"

namespace soundings::test {

inline LocalText En(const std::string& text) { return LocalText{{"en", text}}; }

/// A parsed expression; a parse failure fails the calling test.
inline Expression Expr(std::string_view source) {
  auto parsed = Expression::Parse(source);
  if (!parsed.ok()) {
    ADD_FAILURE() << "expression " << source << " does not parse: " << parsed.ErrorText();
    return Expression{};
  }
  return std::move(parsed).value();
}

inline Scale MakeScale(const std::string& id, const std::vector<double>& values,
                       bool not_applicable) {
  Scale scale;
  scale.id = id;
  for (double v : values) scale.points.push_back(ScalePoint{v, En("point")});
  if (not_applicable) scale.not_applicable = En("Not applicable");
  return scale;
}

inline Item MakeItem(const std::string& id, ItemType type) {
  Item item;
  item.id = id;
  item.type = type;
  item.text = En("Question " + id);
  return item;
}

inline std::vector<Option> Options(const std::vector<std::string>& values) {
  std::vector<Option> out;
  for (const auto& v : values) out.push_back(Option{v, En(v)});
  return out;
}

inline Item Likert(const std::string& id, const std::string& scale) {
  Item item = MakeItem(id, ItemType::kLikert);
  item.scale = scale;
  return item;
}

inline Item SingleChoice(const std::string& id, const std::vector<std::string>& options,
                         bool prefer_not_to_say = false) {
  Item item = MakeItem(id, ItemType::kSingleChoice);
  item.options = Options(options);
  item.prefer_not_to_say = prefer_not_to_say;
  return item;
}

inline Item MultipleChoice(const std::string& id, const std::vector<std::string>& options,
                           int min_picks = 0, std::optional<int> max_picks = std::nullopt,
                           bool prefer_not_to_say = false) {
  Item item = MakeItem(id, ItemType::kMultipleChoice);
  item.options = Options(options);
  item.min_picks = min_picks;
  item.max_picks = max_picks;
  item.prefer_not_to_say = prefer_not_to_say;
  return item;
}

inline Item Number(const std::string& id, std::optional<double> min, std::optional<double> max,
                   bool integer) {
  Item item = MakeItem(id, ItemType::kNumber);
  item.min = min;
  item.max = max;
  item.integer = integer;
  return item;
}

/// A short_text or long_text item; max_length 0 means the type's default.
inline Item Text(const std::string& id, ItemType type, int max_length = 0) {
  Item item = MakeItem(id, type);
  item.max_length = max_length;
  return item;
}

inline Item Ranking(const std::string& id, const std::vector<std::string>& options) {
  Item item = MakeItem(id, ItemType::kRanking);
  item.options = Options(options);
  return item;
}

inline Item Matrix(const std::string& id, const std::string& scale,
                   const std::vector<std::string>& rows) {
  Item item = MakeItem(id, ItemType::kMatrix);
  item.scale = scale;
  for (const auto& r : rows) item.rows.push_back(MatrixRow{r, En(r), false});
  return item;
}

inline Item Required(Item item) {
  item.required = true;
  return item;
}

inline Item VisibleIf(Item item, std::string_view source) {
  item.visible_if = Expr(source);
  return item;
}

inline Item AskedOf(Item item, std::vector<std::string> groups) {
  item.rater_groups = std::move(groups);
  return item;
}

inline Section MakeSection(const std::string& id, std::vector<Item> items) {
  Section section;
  section.id = id;
  section.title = En("Section " + id);
  section.items = std::move(items);
  return section;
}

/// A consultation with the scales "agree5" (1..5, with "na") and "yes3" (1..3, no "na").
inline Template MakeTemplate(std::vector<Section> sections) {
  Template tmpl;
  tmpl.id = "test";
  tmpl.version = 1;
  tmpl.kind = TemplateKind::kConsultation;
  tmpl.languages = {"en"};
  tmpl.title = En("Test");
  tmpl.scales = {MakeScale("agree5", {1, 2, 3, 4, 5}, true), MakeScale("yes3", {1, 2, 3}, false)};
  tmpl.sections = std::move(sections);
  return tmpl;
}

/// The same, as a 360 appraisal with the groups self, manager and peer.
inline Template Make360(std::vector<Section> sections) {
  Template tmpl = MakeTemplate(std::move(sections));
  tmpl.kind = TemplateKind::kAppraisal360;
  for (const char* id : {"self", "manager", "peer"}) {
    tmpl.rater_groups.push_back(RaterGroup{id, En(id), 1, 3});
  }
  return tmpl;
}

}  // namespace soundings::test
