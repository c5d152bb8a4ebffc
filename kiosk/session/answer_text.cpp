#include "kiosk/session/answer_text.h"

#include <cmath>
#include <sstream>

#include "kiosk/session/ui_text.h"

namespace soundings::kiosk {
namespace {

std::string OptionLabel(const Item& item, const std::string& value, const std::string& language) {
  if (value == kPreferNotToSay) return UiText(Text::kPreferNotToSay, language);
  for (const auto& option : item.options)
    if (option.value == value) return Pick(option.label, language);
  return value;
}

std::string ScaleLabel(const Scale* scale, const nlohmann::json& value,
                       const std::string& language) {
  if (value.is_string() && value.get<std::string>() == kNotApplicable) {
    if (scale && scale->not_applicable) return Pick(*scale->not_applicable, language);
    return UiText(Text::kNotApplicable, language);
  }
  if (!value.is_number()) return value.dump();
  const double number = value.get<double>();
  if (scale)
    for (const auto& point : scale->points)
      if (point.value == number) return Pick(point.label, language);
  return FormatNumber(number);
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string FormatAnswer(const Template& tmpl, const Item& item, const nlohmann::json& value,
                         const std::string& language) {
  if (value.is_null()) return "";
  const Scale* scale = tmpl.FindScale(item.scale);
  switch (item.type) {
    case ItemType::kLikert:
      return ScaleLabel(scale, value, language);
    case ItemType::kSingleChoice:
      return value.is_string() ? OptionLabel(item, value.get<std::string>(), language)
                               : value.dump();
    case ItemType::kMultipleChoice:
    case ItemType::kRanking: {
      if (!value.is_array()) return value.dump();
      std::vector<std::string> parts;
      int position = 1;
      for (const auto& element : value) {
        std::string label = element.is_string()
                                ? OptionLabel(item, element.get<std::string>(), language)
                                : element.dump();
        if (item.type == ItemType::kRanking) label = std::to_string(position++) + ". " + label;
        parts.push_back(label);
      }
      return Join(parts, item.type == ItemType::kRanking ? "   " : ", ");
    }
    case ItemType::kRating:
    case ItemType::kNumber:
      return value.is_number() ? FormatNumber(value.get<double>()) : value.dump();
    case ItemType::kShortText:
    case ItemType::kLongText:
      return value.is_string() ? value.get<std::string>() : value.dump();
    case ItemType::kYesNo:
      if (value.is_boolean()) return UiText(value.get<bool>() ? Text::kYes : Text::kNo, language);
      return value.dump();
    case ItemType::kMatrix: {
      if (!value.is_object()) return value.dump();
      std::vector<std::string> parts;
      for (const auto& row : item.rows) {
        auto it = value.find(row.id);
        if (it == value.end()) continue;
        parts.push_back(Pick(row.text, language) + ": " + ScaleLabel(scale, *it, language));
      }
      return Join(parts, "\n");
    }
  }
  return value.dump();
}

}  // namespace soundings::kiosk
