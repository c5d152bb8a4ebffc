// Template model -> JSON in the form templates/README.md describes, modules already expanded.
// Defaults are written out (max_length, min_responses) so the output reads the same everywhere;
// empty optional parts are left out.

#include <cmath>
#include <cstdint>

#include "shared/templates/parser.h"

namespace soundings {

namespace {

using nlohmann::json;

// 3 rather than 3.0 where the value is whole, as people write scales.
json NumberJson(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return static_cast<std::int64_t>(value);
  return value;
}

json TextJson(const LocalText& text) {
  json out = json::object();
  for (const auto& [language, value] : text) out[language] = value;
  return out;
}

json OptionsJson(const std::vector<Option>& options) {
  json out = json::array();
  for (const auto& o : options) out.push_back({{"value", o.value}, {"label", TextJson(o.label)}});
  return out;
}

json ItemJson(const Item& item) {
  json out = json::object();
  out["id"] = item.id;
  out["type"] = ToString(item.type);
  out["text"] = TextJson(item.text);
  if (item.required) out["required"] = true;
  if (!item.help.empty()) out["help"] = TextJson(item.help);
  if (!item.text_by_group.empty()) {
    json by_group = json::object();
    for (const auto& [group, text] : item.text_by_group) by_group[group] = TextJson(text);
    out["text_by_group"] = std::move(by_group);
  }
  if (!item.rater_groups.empty()) out["rater_groups"] = item.rater_groups;
  if (item.visible_if) out["visible_if"] = item.visible_if->Source();
  if (!item.replaces.empty()) out["replaces"] = item.replaces;
  switch (item.type) {
    case ItemType::kLikert:
      out["scale"] = item.scale;
      if (item.reverse_scored) out["reverse_scored"] = true;
      break;
    case ItemType::kMatrix: {
      out["scale"] = item.scale;
      json rows = json::array();
      for (const auto& r : item.rows) {
        json row = {{"id", r.id}, {"text", TextJson(r.text)}};
        if (r.reverse_scored) row["reverse_scored"] = true;
        rows.push_back(std::move(row));
      }
      out["rows"] = std::move(rows);
      break;
    }
    case ItemType::kSingleChoice:
    case ItemType::kMultipleChoice:
    case ItemType::kRanking:
      out["options"] = OptionsJson(item.options);
      if (item.type != ItemType::kRanking && item.prefer_not_to_say)
        out["prefer_not_to_say"] = true;
      if (item.type == ItemType::kMultipleChoice) {
        if (item.min_picks != 0) out["min_picks"] = item.min_picks;
        if (item.max_picks) out["max_picks"] = *item.max_picks;
      }
      break;
    case ItemType::kNumber:
      if (item.min) out["min"] = NumberJson(*item.min);
      if (item.max) out["max"] = NumberJson(*item.max);
      if (item.integer) out["integer"] = true;
      break;
    case ItemType::kShortText:
    case ItemType::kLongText:
      out["max_length"] = item.max_length;
      if (item.comment) out["comment"] = true;
      break;
    case ItemType::kRating:
    case ItemType::kYesNo:
      break;
  }
  return out;
}

json SectionJson(const Section& section) {
  json out = json::object();
  out["id"] = section.id;
  out["title"] = TextJson(section.title);
  if (!section.description.empty()) out["description"] = TextJson(section.description);
  if (section.competency) out["competency"] = true;
  if (section.scale_score) out["scale_score"] = true;
  if (!section.module.empty()) out["module"] = section.module;
  if (section.equality_monitoring) out["equality_monitoring"] = true;
  if (!section.rater_groups.empty()) out["rater_groups"] = section.rater_groups;
  if (section.visible_if) out["visible_if"] = section.visible_if->Source();
  json items = json::array();
  for (const auto& item : section.items) items.push_back(ItemJson(item));
  out["items"] = std::move(items);
  return out;
}

}  // namespace

json ToJson(const Template& tmpl) {
  json out = json::object();
  out["id"] = tmpl.id;
  out["version"] = tmpl.version;
  out["kind"] = ToString(tmpl.kind);
  out["languages"] = tmpl.languages;
  out["title"] = TextJson(tmpl.title);
  if (!tmpl.introduction.empty()) out["introduction"] = TextJson(tmpl.introduction);
  if (!tmpl.privacy_notice.empty()) out["privacy_notice"] = TextJson(tmpl.privacy_notice);
  if (!tmpl.scales.empty()) {
    json scales = json::array();
    for (const auto& s : tmpl.scales) {
      json points = json::array();
      for (const auto& p : s.points)
        points.push_back({{"value", NumberJson(p.value)}, {"label", TextJson(p.label)}});
      json scale = {{"id", s.id}, {"points", std::move(points)}};
      if (s.not_applicable) scale["not_applicable"] = TextJson(*s.not_applicable);
      scales.push_back(std::move(scale));
    }
    out["scales"] = std::move(scales);
  }
  if (!tmpl.rater_groups.empty()) {
    json groups = json::array();
    for (const auto& g : tmpl.rater_groups) {
      json group = {{"id", g.id},
                    {"label", TextJson(g.label)},
                    {"min_responses", g.min_responses},
                    {"comment_min_responses", g.comment_min_responses}};
      if (g.named) group["named"] = true;
      groups.push_back(std::move(group));
    }
    out["rater_groups"] = std::move(groups);
  }
  json sections = json::array();
  for (const auto& s : tmpl.sections) sections.push_back(SectionJson(s));
  out["sections"] = std::move(sections);
  if (!tmpl.dropped.empty()) out["dropped"] = tmpl.dropped;
  if (tmpl.keep_anonymous_partials) out["keep_anonymous_partials"] = true;
  if (tmpl.kind == TemplateKind::kModule) {
    json rules = json::object();
    if (tmpl.module_rules.require_prefer_not_to_say) rules["require_prefer_not_to_say"] = true;
    if (tmpl.module_rules.equality_monitoring) rules["equality_monitoring"] = true;
    if (!rules.empty()) out["rules"] = std::move(rules);
  }
  return out;
}

}  // namespace soundings
