#include "shared/templates/model.h"

#include <algorithm>
#include <array>
#include <utility>

namespace soundings {

std::string Pick(const LocalText& text, const std::string& language, const std::string& fallback) {
  if (auto it = text.find(language); it != text.end()) return it->second;
  if (auto it = text.find(fallback); it != text.end()) return it->second;
  return text.empty() ? std::string() : text.begin()->second;
}

namespace {
constexpr std::array<std::pair<TemplateKind, const char*>, 4> kKinds{{
    {TemplateKind::kAppraisal360, "appraisal360"},
    {TemplateKind::kSelfAssessment, "self_assessment"},
    {TemplateKind::kConsultation, "consultation"},
    {TemplateKind::kModule, "module"},
}};
constexpr std::array<std::pair<ItemType, const char*>, 10> kTypes{{
    {ItemType::kLikert, "likert"},
    {ItemType::kSingleChoice, "single_choice"},
    {ItemType::kMultipleChoice, "multiple_choice"},
    {ItemType::kRating, "rating"},
    {ItemType::kNumber, "number"},
    {ItemType::kShortText, "short_text"},
    {ItemType::kLongText, "long_text"},
    {ItemType::kRanking, "ranking"},
    {ItemType::kYesNo, "yes_no"},
    {ItemType::kMatrix, "matrix"},
}};
}  // namespace

std::string ToString(TemplateKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "unknown";
}
std::string ToString(ItemType type) {
  for (const auto& [t, name] : kTypes)
    if (t == type) return name;
  return "unknown";
}
std::optional<TemplateKind> TemplateKindFromString(const std::string& text) {
  for (const auto& [k, name] : kKinds)
    if (text == name) return k;
  return std::nullopt;
}
std::optional<ItemType> ItemTypeFromString(const std::string& text) {
  for (const auto& [t, name] : kTypes)
    if (text == name) return t;
  return std::nullopt;
}

double Scale::Min() const { return points.empty() ? 0 : points.front().value; }
double Scale::Max() const { return points.empty() ? 0 : points.back().value; }
bool Scale::HasValue(double value) const {
  return std::any_of(points.begin(), points.end(),
                     [&](const ScalePoint& p) { return p.value == value; });
}

std::string Item::Wording(const std::string& group, const std::string& language,
                          const std::string& subject) const {
  auto own = text_by_group.find(group);
  std::string out = Pick(own != text_by_group.end() ? own->second : text, language);
  static const std::string kPlaceholder = "{subject}";
  for (auto pos = out.find(kPlaceholder); pos != std::string::npos;
       pos = out.find(kPlaceholder, pos + subject.size())) {
    out.replace(pos, kPlaceholder.size(), subject);
  }
  return out;
}

namespace {
bool Allows(const std::vector<std::string>& groups, const std::string& group) {
  return groups.empty() || std::find(groups.begin(), groups.end(), group) != groups.end();
}
}  // namespace

bool Item::AskedOf(const std::string& group) const { return Allows(rater_groups, group); }
bool Section::AskedOf(const std::string& group) const { return Allows(rater_groups, group); }

const Scale* Template::FindScale(const std::string& id) const {
  for (const auto& s : scales)
    if (s.id == id) return &s;
  return nullptr;
}
const RaterGroup* Template::FindRaterGroup(const std::string& id) const {
  for (const auto& g : rater_groups)
    if (g.id == id) return &g;
  return nullptr;
}
const Item* Template::FindItem(const std::string& id) const {
  for (const auto& s : sections)
    for (const auto& i : s.items)
      if (i.id == id) return &i;
  return nullptr;
}
const Section* Template::SectionOfItem(const std::string& item_id) const {
  for (const auto& s : sections)
    for (const auto& i : s.items)
      if (i.id == item_id) return &s;
  return nullptr;
}

}  // namespace soundings
