#include "server/reports/template_labels.h"

#include <algorithm>

namespace soundings::server {

using nlohmann::json;

std::string EnglishText(const json& text) {
  if (text.is_string()) return text.get<std::string>();
  if (text.is_object()) {
    if (auto en = text.find("en"); en != text.end() && en->is_string()) {
      return en->get<std::string>();
    }
    for (const auto& [key, value] : text.items()) {
      if (value.is_string()) return value.get<std::string>();
    }
  }
  return "";
}

std::vector<RaterGroupRule> RaterGroupRules(const std::string& document) {
  std::vector<RaterGroupRule> out;
  const json parsed = json::parse(document, nullptr, false);
  if (!parsed.is_object()) return out;
  const auto groups = parsed.find("rater_groups");
  if (groups == parsed.end() || !groups->is_array()) return out;
  for (const auto& group : *groups) {
    if (!group.is_object() || !group.contains("id") || !group["id"].is_string()) continue;
    RaterGroupRule rule;
    rule.id = group["id"].get<std::string>();
    rule.label = EnglishText(group.value("label", json()));
    if (rule.label.empty()) rule.label = rule.id;
    const json minimum = group.value("min_responses", json(1));
    rule.min_responses = std::max(1, minimum.is_number_integer() ? minimum.get<int>() : 1);
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace soundings::server
