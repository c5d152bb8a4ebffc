// The outline `template show` prints: enough to review a template without reading its JSON.

#include <sstream>

#include "shared/templates/parser.h"
#include "shared/templates/template_reader.h"

namespace soundings {

namespace {

using template_detail::FormatNumber;
using template_detail::JoinList;

std::string Details(const Item& item) {
  std::vector<std::string> parts{ToString(item.type)};
  switch (item.type) {
    case ItemType::kLikert:
      parts.push_back("scale " + item.scale);
      if (item.reverse_scored) parts.emplace_back("reverse scored");
      break;
    case ItemType::kMatrix:
      parts.push_back("scale " + item.scale);
      parts.push_back(std::to_string(item.rows.size()) + " rows");
      break;
    case ItemType::kSingleChoice:
    case ItemType::kRanking:
      parts.push_back(std::to_string(item.options.size()) + " options");
      if (item.prefer_not_to_say) parts.emplace_back("prefer not to say");
      break;
    case ItemType::kMultipleChoice:
      parts.push_back(std::to_string(item.options.size()) + " options");
      if (item.min_picks > 0) parts.push_back("at least " + std::to_string(item.min_picks));
      if (item.max_picks) parts.push_back("at most " + std::to_string(*item.max_picks));
      if (item.prefer_not_to_say) parts.emplace_back("prefer not to say");
      break;
    case ItemType::kNumber:
      if (item.min) parts.push_back("min " + FormatNumber(*item.min));
      if (item.max) parts.push_back("max " + FormatNumber(*item.max));
      if (item.integer) parts.emplace_back("whole numbers");
      break;
    case ItemType::kShortText:
    case ItemType::kLongText:
      parts.push_back("up to " + std::to_string(item.max_length) + " characters");
      if (item.comment) parts.emplace_back("comment");
      break;
    case ItemType::kRating:
      parts.emplace_back("0-10");
      break;
    case ItemType::kYesNo:
      break;
  }
  if (item.required) parts.emplace_back("required");
  return JoinList(parts);
}

}  // namespace

std::string Outline(const Template& tmpl, const std::string& language) {
  std::ostringstream out;
  const std::string fallback = tmpl.languages.empty() ? "en" : tmpl.DefaultLanguage();
  auto text = [&](const LocalText& t) { return Pick(t, language, fallback); };

  out << text(tmpl.title) << "\n";
  out << "  id " << tmpl.id << ", version " << tmpl.version << ", " << ToString(tmpl.kind) << "\n";
  out << "  languages: " << JoinList(tmpl.languages) << "\n";
  if (tmpl.kind == TemplateKind::kModule && tmpl.module_rules.require_prefer_not_to_say)
    out << "  rules: every choice item offers prefer not to say\n";
  if (tmpl.kind == TemplateKind::kModule && tmpl.module_rules.equality_monitoring)
    out << "  rules: equality monitoring (never on the public page)\n";

  if (!tmpl.scales.empty()) {
    out << "\nScales\n";
    for (const auto& scale : tmpl.scales) {
      std::vector<std::string> points;
      for (const auto& p : scale.points)
        points.push_back(FormatNumber(p.value) + " " + text(p.label));
      out << "  " << scale.id << ": " << JoinList(points, " | ");
      if (scale.not_applicable) out << " | na " << text(*scale.not_applicable);
      out << "\n";
    }
  }

  if (!tmpl.rater_groups.empty()) {
    out << "\nRater groups\n";
    for (const auto& g : tmpl.rater_groups)
      out << "  " << g.id << " (" << text(g.label) << "): results from " << g.min_responses
          << ", comments from " << g.comment_min_responses << " responses"
          << (g.named ? ", comments under the group's name" : "") << "\n";
  }

  out << "\nSections\n";
  for (std::size_t s = 0; s < tmpl.sections.size(); ++s) {
    const Section& section = tmpl.sections[s];
    const std::string number = std::to_string(s + 1);
    out << "  " << number << ". " << text(section.title) << " [" << section.id << "]";
    if (section.competency) out << " competency";
    if (section.scale_score) out << " scale";
    if (!section.module.empty()) out << " (module " << section.module << ")";
    if (section.equality_monitoring) out << " equality monitoring";
    out << "\n";
    if (!section.rater_groups.empty())
      out << "     asked of: " << JoinList(section.rater_groups) << "\n";
    if (section.visible_if) out << "     shown if: " << section.visible_if->Source() << "\n";
    for (std::size_t i = 0; i < section.items.size(); ++i) {
      const Item& item = section.items[i];
      out << "     " << number << "." << (i + 1) << " " << item.id << " (" << Details(item)
          << ")\n";
      out << "         " << text(item.text) << "\n";
      for (const auto& [group, wording] : item.text_by_group)
        out << "         " << group << ": " << text(wording) << "\n";
      for (const auto& row : item.rows)
        out << "         - " << row.id << ": " << text(row.text)
            << (row.reverse_scored ? " (reverse scored)" : "") << "\n";
      for (const auto& option : item.options)
        out << "         - " << option.value << ": " << text(option.label) << "\n";
      if (!item.rater_groups.empty())
        out << "         asked of: " << JoinList(item.rater_groups) << "\n";
      if (item.visible_if) out << "         shown if: " << item.visible_if->Source() << "\n";
      if (!item.replaces.empty()) out << "         replaces: " << JoinList(item.replaces) << "\n";
    }
  }
  if (!tmpl.dropped.empty()) out << "\nDropped: " << JoinList(tmpl.dropped) << "\n";
  return out.str();
}

}  // namespace soundings
