// One widget per item type of the template language. Each turns touches or keys into the whole
// new answer (action::SetAnswer); Session::Apply validates and saves it.

#include <algorithm>
#include <cstdlib>

#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h, which it needs

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

using nlohmann::json;

action::SetAnswer Set(const ItemView& iv, json value) { return {iv.item->id, std::move(value)}; }

bool Is(const json* answer, const json& value) { return answer && *answer == value; }

bool IsTyped(ItemType type) {
  return type == ItemType::kNumber || type == ItemType::kShortText || type == ItemType::kLongText;
}

UiAction Likert(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  const Scale* scale = iv.scale;
  if (!scale) return out;
  const std::size_t count = scale->points.size() + (scale->not_applicable ? 1 : 0);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float each = (avail - spacing * static_cast<float>(count - 1)) / static_cast<float>(count);
  const bool across = each >= Px(170);
  // Side by side, every point is as tall as the tallest so the row reads as one scale.
  float row_height = 0;
  if (across) {
    for (const auto& point : scale->points)
      row_height = std::max(row_height, ChoiceButtonHeight(Pick(point.label, view.language), each));
    if (scale->not_applicable)
      row_height = std::max(row_height,
                            ChoiceButtonHeight(Pick(*scale->not_applicable, view.language), each));
  }
  std::size_t i = 0;
  auto choice = [&](const std::string& key, const std::string& label, const json& value) {
    if (across && i) ImGui::SameLine();
    ++i;
    if (ChoiceButton(iv.item->id + "/" + key, label, Is(iv.answer, value), false, across ? each : 0,
                     false, row_height))
      Keep(out, Set(iv, Is(iv.answer, value) ? json() : value));
  };
  for (const auto& point : scale->points) {
    const json value = NumberJson(point.value);
    choice(value.dump(), Pick(point.label, view.language), value);
  }
  if (scale->not_applicable)
    choice("na", Pick(*scale->not_applicable, view.language), kNotApplicable);
  return out;
}

UiAction SingleChoice(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  auto choice = [&](const std::string& value, const std::string& label) {
    if (ChoiceButton(iv.item->id + "/" + value, label, Is(iv.answer, value), false))
      Keep(out, Set(iv, Is(iv.answer, value) ? json() : json(value)));
  };
  for (const auto& option : iv.item->options)
    choice(option.value, Pick(option.label, view.language));
  if (iv.item->prefer_not_to_say)
    choice(kPreferNotToSay, UiText(Text::kPreferNotToSay, view.language));
  return out;
}

UiAction MultipleChoice(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  std::vector<std::string> picked;
  if (iv.answer && iv.answer->is_array())
    for (const auto& v : *iv.answer)
      if (v.is_string()) picked.push_back(v.get<std::string>());
  const bool declined = picked.size() == 1 && picked[0] == kPreferNotToSay;
  const int max = iv.item->max_picks.value_or(static_cast<int>(iv.item->options.size()));
  if (iv.item->max_picks)
    Muted(Fill(UiText(Text::kPickUpTo, view.language), "n", std::to_string(max)));
  const bool full = !declined && static_cast<int>(picked.size()) >= max;
  for (const auto& option : iv.item->options) {
    const bool on = std::find(picked.begin(), picked.end(), option.value) != picked.end();
    if (ChoiceButton(iv.item->id + "/" + option.value, Pick(option.label, view.language), on, true,
                     0, full && !on)) {
      std::vector<std::string> next;
      if (!declined) next = picked;
      if (on)
        next.erase(std::remove(next.begin(), next.end(), option.value), next.end());
      else
        next.push_back(option.value);
      Keep(out, Set(iv, next.empty() ? json() : json(next)));
    }
  }
  if (iv.item->prefer_not_to_say &&
      ChoiceButton(iv.item->id + "/" + kPreferNotToSay,
                   UiText(Text::kPreferNotToSay, view.language), declined, true))
    Keep(out, Set(iv, declined ? json() : json::array({kPreferNotToSay})));
  return out;
}

UiAction Rating(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  const float spacing = Px(6);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, ImGui::GetStyle().ItemSpacing.y));
  const float each = std::max(Px(48), (ImGui::GetContentRegionAvail().x - spacing * 10) / 11);
  for (int v = 0; v <= 10; ++v) {
    if (v && ImGui::GetContentRegionAvail().x >= each) ImGui::SameLine();
    const bool on = Is(iv.answer, v);
    if (BigButton(iv.item->id + "/" + std::to_string(v), std::to_string(v), each, on))
      Keep(out, Set(iv, on ? json() : json(v)));
  }
  ImGui::PopStyleVar();
  Muted(UiText(Text::kRatingLow, view.language) + "     " +
        UiText(Text::kRatingHigh, view.language));
  return out;
}

UiAction YesNo(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  const float each =
      std::min(Px(300), (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
  if (ChoiceButton(iv.item->id + "/yes", UiText(Text::kYes, view.language), Is(iv.answer, true),
                   false, each))
    Keep(out, Set(iv, Is(iv.answer, true) ? json() : json(true)));
  ImGui::SameLine();
  if (ChoiceButton(iv.item->id + "/no", UiText(Text::kNo, view.language), Is(iv.answer, false),
                   false, each))
    Keep(out, Set(iv, Is(iv.answer, false) ? json() : json(false)));
  return out;
}

UiAction Ranking(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  std::vector<std::string> order;
  if (iv.answer && iv.answer->is_array())
    for (const auto& v : *iv.answer)
      if (v.is_string()) order.push_back(v.get<std::string>());
  if (order.size() != iv.item->options.size()) {
    order.clear();
    for (const auto& option : iv.item->options) order.push_back(option.value);
  }
  Muted(UiText(Text::kPressToChoose, view.language));
  const float buttons = Px(150) * 2 + ImGui::GetStyle().ItemSpacing.x * 2;
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::string label = order[i];
    for (const auto& option : iv.item->options)
      if (option.value == order[i]) label = Pick(option.label, view.language);
    ImGui::PushID(static_cast<int>(i));
    ChoiceButton(iv.item->id + "/row/" + order[i], std::to_string(i + 1) + ".  " + label,
                 iv.answer != nullptr, false, ImGui::GetContentRegionAvail().x - buttons);
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (BigButton(iv.item->id + "/up/" + order[i],
                  "\xe2\x86\x91 " + UiText(Text::kMoveUp, view.language), Px(150))) {
      auto next = order;
      std::swap(next[i], next[i - 1]);
      Keep(out, Set(iv, next));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 == order.size());
    if (BigButton(iv.item->id + "/down/" + order[i],
                  "\xe2\x86\x93 " + UiText(Text::kMoveDown, view.language), Px(150))) {
      auto next = order;
      std::swap(next[i], next[i + 1]);
      Keep(out, Set(iv, next));
    }
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  if (!iv.answer &&
      BigButton(iv.item->id + "/keep", UiText(Text::kKeepOrder, view.language), Px(360)))
    Keep(out, Set(iv, order));
  return out;
}

UiAction Matrix(const SessionView& view, const ItemView& iv) {
  UiAction out = action::None{};
  const Scale* scale = iv.scale;
  if (!scale) return out;
  const int columns = static_cast<int>(scale->points.size()) + (scale->not_applicable ? 1 : 0);
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##matrix", columns + 1, flags)) return out;
  ImGui::TableSetupColumn("##row", ImGuiTableColumnFlags_WidthStretch, 2.2f);
  for (int c = 0; c < columns; ++c)
    ImGui::TableSetupColumn("##c", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  for (int c = 0; c < columns; ++c) {
    ImGui::TableSetColumnIndex(c + 1);
    const bool na = c == static_cast<int>(scale->points.size());
    Muted(na ? Pick(*scale->not_applicable, view.language)
             : Pick(scale->points[c].label, view.language));
  }
  for (const auto& row : iv.item->rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    Paragraph(Pick(row.text, view.language));
    const json* current = nullptr;
    if (iv.answer && iv.answer->is_object())
      if (auto it = iv.answer->find(row.id); it != iv.answer->end()) current = &*it;
    for (int c = 0; c < columns; ++c) {
      ImGui::TableSetColumnIndex(c + 1);
      const bool na = c == static_cast<int>(scale->points.size());
      const json value = na ? json(kNotApplicable) : NumberJson(scale->points[c].value);
      const bool on = current && *current == value;
      if (ChoiceButton(iv.item->id + "/" + row.id + "/" + value.dump(), "", on, false)) {
        json next = iv.answer && iv.answer->is_object() ? *iv.answer : json::object();
        if (on)
          next.erase(row.id);
        else
          next[row.id] = value;
        Keep(out, Set(iv, next.empty() ? json() : next));
      }
    }
  }
  ImGui::EndTable();
  return out;
}

std::size_t MaxChars(const Item& item) {
  if (item.type == ItemType::kNumber) return 32;
  if (item.max_length > 0) return static_cast<std::size_t>(item.max_length);
  return item.type == ItemType::kLongText ? 4000 : 200;
}

// Typing into a number field: digits, and a minus sign or a decimal point only when the
// question allows them (ImGui's CharsDecimal would also let through + * /).
int NumberCharFilter(ImGuiInputTextCallbackData* data) {
  const KeyboardSpec& spec = *static_cast<const KeyboardSpec*>(data->UserData);
  const ImWchar c = data->EventChar;
  if (c >= '0' && c <= '9') return 0;
  if (c == '-' && spec.layout == KeyboardLayout::kNumber && spec.minus) return 0;
  if (c == '.' && spec.layout == KeyboardLayout::kNumber && spec.point) return 0;
  return 1;
}

// Short text, long text and number: a text field. Giving it the focus (a tap, Tab) opens the
// on-screen keyboard, which the question page docks at the bottom of the screen.
UiAction Typed(const SessionView& view, const ItemView& iv, PageWidgets& widgets, bool focus) {
  UiAction out = action::None{};
  const Item& item = *iv.item;
  auto [it, fresh] = widgets.text.try_emplace(item.id);
  std::string& buffer = it->second;
  if (fresh && iv.answer) {
    if (iv.answer->is_string())
      buffer = iv.answer->get<std::string>();
    else if (iv.answer->is_number())
      buffer = iv.answer->dump();
  }
  const bool number = item.type == ItemType::kNumber;
  const KeyboardSpec spec = TypingKeyboard(item, view.language);
  const std::string id = "##" + item.id;
  const float width = ImGui::GetContentRegionAvail().x;
  if (focus) ImGui::SetKeyboardFocusHere();
  bool changed = false;
  if (item.type == ItemType::kLongText) {
    // Five lines, or fewer when the keyboard is open on a short screen.
    const float lines = widgets.keyboard_item.empty() ? 5.0f : 3.0f;
    changed = ImGui::InputTextMultiline(id.c_str(), &buffer,
                                        ImVec2(width, ImGui::GetTextLineHeight() * lines + Px(30)));
  } else {
    ImGui::SetNextItemWidth(number ? std::min(width, Px(320)) : width);
    KeyboardSpec filter = spec;
    changed = number ? ImGui::InputText(id.c_str(), &buffer, ImGuiInputTextFlags_CallbackCharFilter,
                                        NumberCharFilter, &filter)
                     : ImGui::InputText(id.c_str(), &buffer);
  }
  Record(item.id + "/input");
  RecordValue(item.id + "/input", buffer);
  // The page was laid out this frame with this field's keyboard already open below it: only
  // then does bringing the field into view account for the keyboard's room. A field tapped this
  // frame is revealed in the next, once the keyboard has taken the footer's place.
  const bool laid_out_for_keyboard = widgets.keyboard_item == item.id;
  if (ImGui::IsItemActivated()) {
    if (!widgets.keyboard_item.empty() && widgets.keyboard_item != item.id)
      widgets.left_field = widgets.keyboard_item;
    widgets.keyboard_item = item.id;
    widgets.reveal = true;
  }
  // Tapping the on-screen keyboard takes ImGui's focus from the field but leaves the typing
  // there; any other way out (Tab, another field) is leaving it.
  if (ImGui::IsItemDeactivated() && widgets.keyboard_item != item.id) widgets.left_field = item.id;
  if (widgets.keyboard_item == item.id) {
    // Where the on-screen keyboard's letters go, even while the field itself has no focus.
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - 3, min.y - 3), ImVec2(max.x + 3, max.y + 3),
                                        ImGui::GetColorU32(ImGuiCol_NavHighlight),
                                        ImGui::GetStyle().FrameRounding, 0, 4.0f);
    if (widgets.reveal && laid_out_for_keyboard) {
      RevealLastItem();
      widgets.reveal = false;
    }
  }
  if (!number) {
    const std::size_t used = Utf8Length(buffer);
    const std::size_t max_chars = MaxChars(item);
    Muted(Fill(UiText(Text::kCharactersLeft, view.language), "n",
               std::to_string(used > max_chars ? 0 : max_chars - used)));
  }
  if (changed) Keep(out, TypedAnswer(item, buffer));
  return out;
}

}  // namespace

KeyboardSpec TypingKeyboard(const Item& item, const std::string& language) {
  KeyboardSpec spec;
  spec.language = language;
  spec.max_chars = MaxChars(item);
  spec.hide_key = true;
  if (item.type != ItemType::kNumber) return spec;
  const bool negative = !item.min || *item.min < 0;
  spec.layout = item.integer && !negative ? KeyboardLayout::kDigits : KeyboardLayout::kNumber;
  spec.minus = negative;
  spec.point = !item.integer;
  return spec;
}

action::SetAnswer TypedAnswer(const Item& item, const std::string& buffer) {
  if (buffer.empty()) return {item.id, json()};
  if (item.type != ItemType::kNumber) return {item.id, buffer};
  char* end = nullptr;
  const double parsed = std::strtod(buffer.c_str(), &end);
  // Something that is not a number goes to the session as text, which validation explains.
  if (end && *end == '\0' && end != buffer.c_str()) return {item.id, NumberJson(parsed)};
  return {item.id, buffer};
}

UiAction DrawItem(const SessionView& view, const ItemView& iv, PageWidgets& widgets, bool focus) {
  ImFont* large = CurrentFonts().large;
  std::string wording = iv.wording;
  if (iv.item->required) wording += "  " + UiText(Text::kRequiredMark, view.language);
  if (large) ImGui::PushFont(large);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(wording.c_str());
  ImGui::PopTextWrapPos();
  if (large) ImGui::PopFont();
  if (!iv.help.empty()) Muted(iv.help);
  if (focus && !IsTyped(iv.item->type)) RequestFocusOnNextButton();
  UiAction out = action::None{};
  switch (iv.item->type) {
    case ItemType::kLikert:
      out = Likert(view, iv);
      break;
    case ItemType::kSingleChoice:
      out = SingleChoice(view, iv);
      break;
    case ItemType::kMultipleChoice:
      out = MultipleChoice(view, iv);
      break;
    case ItemType::kRating:
      out = Rating(view, iv);
      break;
    case ItemType::kNumber:
    case ItemType::kShortText:
    case ItemType::kLongText:
      out = Typed(view, iv, widgets, focus);
      break;
    case ItemType::kRanking:
      out = Ranking(view, iv);
      break;
    case ItemType::kYesNo:
      out = YesNo(view, iv);
      break;
    case ItemType::kMatrix:
      out = Matrix(view, iv);
      break;
  }
  for (const auto& problem : iv.problems) ErrorLine(problem.message);
  return out;
}

}  // namespace soundings::kiosk::ui
