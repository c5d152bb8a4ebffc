#pragma once
// What the overview and the completion tracker read straight from a stored template document
// (they need labels and minimums, not a parsed template): English text and the rater groups.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace soundings::server {

/// The English text of a template's language map ({"en": ..., "cy": ...}), else its first
/// language, or the plain string; "" for anything else.
std::string EnglishText(const nlohmann::json& text);

struct RaterGroupRule {
  std::string id;
  std::string label;  // in English; the id when the group has no label
  int min_responses = 1;
};

/// The rater groups of a stored template document in the template's order; none when the document
/// has no rater groups or cannot be read. Groups without a string id are skipped.
std::vector<RaterGroupRule> RaterGroupRules(const std::string& document);

}  // namespace soundings::server
