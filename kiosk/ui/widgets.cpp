#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <vector>

#include <imgui_internal.h>

#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

Probe* g_probe = nullptr;

ImU32 Colour(ImGuiCol col) { return ImGui::GetColorU32(col); }

}  // namespace

void SetProbe(Probe* probe) { g_probe = probe; }

void Record(const std::string& name) {
  if (g_probe) g_probe->rects[name] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

float TextScale() { return ImGui::GetIO().FontGlobalScale * kFontOversample; }
float Px(float px_at_100) { return px_at_100 * TextScale(); }

std::size_t Utf8Length(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool BigButton(const std::string& name, const std::string& label, float width, bool primary) {
  const float height =
      std::max(Px(kMinTouchPx), ImGui::GetFontSize() + 2 * ImGui::GetStyle().FramePadding.y);
  if (primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
  }
  const std::string id = label + "##" + name;
  const bool pressed = ImGui::Button(id.c_str(), ImVec2(width, height));
  if (primary) ImGui::PopStyleColor(4);
  Record(name);
  return pressed;
}

float ChoiceButtonHeight(const std::string& label, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float mark = ImGui::GetFontSize() * 0.9f;
  const float wrap = std::max(10.0f, width - style.FramePadding.x * 3 - mark);
  const ImVec2 text_size = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
  return std::max(Px(kMinTouchPx), text_size.y + 2 * style.FramePadding.y);
}

bool ChoiceButton(const std::string& name, const std::string& label, bool selected, bool multi,
                  float width, bool disabled, float min_height) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImGuiID id = window->GetID(name.c_str());
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  const float mark = ImGui::GetFontSize() * 0.9f;
  const float text_x = style.FramePadding.x * 2 + mark;
  const float wrap = std::max(10.0f, width - text_x - style.FramePadding.x);
  const ImVec2 text_size = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
  const float height =
      std::max({Px(kMinTouchPx), text_size.y + 2 * style.FramePadding.y, min_height});
  const ImVec2 pos = window->DC.CursorPos;
  const ImRect bb(pos, ImVec2(pos.x + width, pos.y + height));
  ImGui::ItemSize(bb, style.FramePadding.y);
  if (!ImGui::ItemAdd(bb, id)) return false;
  bool hovered = false, held = false;
  bool pressed = false;
  if (disabled) {
    ImGui::PushItemFlag(ImGuiItemFlags_Disabled, true);
    ImGui::ButtonBehavior(bb, id, &hovered, &held);
    ImGui::PopItemFlag();
  } else {
    pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
  }
  ImGuiCol bg = selected ? (hovered ? ImGuiCol_HeaderHovered : ImGuiCol_Header)
                         : (held      ? ImGuiCol_ButtonActive
                            : hovered ? ImGuiCol_ButtonHovered
                                      : ImGuiCol_Button);
  ImGui::RenderNavHighlight(bb, id);
  ImDrawList* draw = window->DrawList;
  draw->AddRectFilled(bb.Min, bb.Max, Colour(bg), style.FrameRounding);
  draw->AddRect(bb.Min, bb.Max, Colour(selected ? ImGuiCol_Header : ImGuiCol_Border),
                style.FrameRounding, 0, style.FrameBorderSize);
  const ImU32 fg = selected ? Colour(ImGuiCol_CheckMark)
                            : Colour(disabled ? ImGuiCol_TextDisabled : ImGuiCol_Text);
  const ImVec2 mark_centre(bb.Min.x + style.FramePadding.x + mark / 2, bb.Min.y + height / 2);
  const float thickness = std::max(2.0f, mark / 9);
  if (multi) {
    const ImVec2 a(mark_centre.x - mark / 2, mark_centre.y - mark / 2);
    const ImVec2 b(mark_centre.x + mark / 2, mark_centre.y + mark / 2);
    draw->AddRect(a, b, fg, 3, 0, thickness);
    if (selected) {
      draw->PathLineTo(ImVec2(a.x + mark * 0.2f, a.y + mark * 0.5f));
      draw->PathLineTo(ImVec2(a.x + mark * 0.42f, a.y + mark * 0.75f));
      draw->PathLineTo(ImVec2(a.x + mark * 0.82f, a.y + mark * 0.25f));
      draw->PathStroke(fg, 0, thickness * 1.3f);
    }
  } else {
    draw->AddCircle(mark_centre, mark / 2, fg, 24, thickness);
    if (selected) draw->AddCircleFilled(mark_centre, mark / 4, fg, 24);
  }
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(bb.Min.x + text_x, bb.Min.y + (height - text_size.y) / 2), fg, label.c_str(),
                nullptr, wrap);
  Record(name);
  return pressed;
}

void Heading(const std::string& text, bool title) {
  const Fonts& fonts = CurrentFonts();
  ImFont* font = title ? fonts.title : fonts.large;
  if (font) ImGui::PushFont(font);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}

void Paragraph(const std::string& text) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}

void ErrorLine(const std::string& text) {
  const bool dark = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.5f;
  ImGui::PushStyleColor(ImGuiCol_Text,
                        dark ? ImVec4(1.0f, 0.6f, 0.6f, 1) : ImVec4(0.70f, 0.05f, 0.05f, 1));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(("! " + text).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void Muted(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  Paragraph(text);
  ImGui::PopStyleColor();
}

namespace {

void PopLastCodePoint(std::string& text) {
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((c & 0xC0) != 0x80) return;
  }
}

// The letters a second language needs beyond A-Z, lower case then upper case.
std::vector<std::pair<const char*, const char*>> ExtraLetters(const std::string& language) {
  if (language == "cy")
    return {{"â", "Â"}, {"ê", "Ê"}, {"î", "Î"}, {"ô", "Ô"}, {"û", "Û"},
            {"ŵ", "Ŵ"}, {"ŷ", "Ŷ"}, {"ë", "Ë"}, {"ï", "Ï"}, {"ẁ", "Ẁ"}};
  if (language == "pl")
    return {{"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
            {"ó", "Ó"}, {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}};
  // Punctuation for English answers, and what a server address needs.
  return {{"é", "É"}, {"'", "'"}, {"-", "-"}, {"?", "?"}, {"!", "!"},
          {":", ":"}, {"/", "/"}, {"@", "@"}, {"_", "_"}};
}

}  // namespace

bool OnScreenKeyboard(const std::string& name, std::string& text, KeyboardState& state,
                      const std::string& language, KeyboardLayout layout, std::size_t max_chars) {
  const bool numeric = layout == KeyboardLayout::kNumber;
  bool changed = false;
  const float key = std::max(Px(kMinTouchPx), Px(64));
  auto add = [&](const std::string& s) {
    if (Utf8Length(text) + Utf8Length(s) <= max_chars) {
      text += s;
      changed = true;
    }
  };
  auto key_button = [&](const std::string& id, const std::string& label, float width) {
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(width, key));
    ImGui::PopID();
    Record(name + "/key/" + id);
    return pressed;
  };
  ImGui::PushID(name.c_str());
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(Px(6), Px(6)));
  std::vector<std::vector<std::string>> rows;
  if (numeric) {
    rows = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"-", "0", "."}};
  } else if (layout == KeyboardLayout::kCode) {
    // The alphabet of sync/invitation_code.h: no 0, 1, I, L or O to confuse.
    rows = {{"2", "3", "4", "5", "6", "7", "8", "9"},
            {"A", "B", "C", "D", "E", "F", "G", "H"},
            {"J", "K", "M", "N", "P", "Q", "R", "S"},
            {"T", "U", "V", "W", "X", "Y", "Z"}};
  } else {
    rows = {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
            {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
            {"a", "s", "d", "f", "g", "h", "j", "k", "l"},
            {"z", "x", "c", "v", "b", "n", "m", ",", "."}};
  }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      std::string label = row[i];
      if (state.shift && label.size() == 1 && label[0] >= 'a' && label[0] <= 'z')
        label[0] = static_cast<char>(label[0] - 'a' + 'A');
      if (key_button(row[i], label, key)) {
        add(label);
        state.shift = false;
      }
    }
  }
  if (layout == KeyboardLayout::kText) {
    const auto extras = ExtraLetters(language);
    for (std::size_t i = 0; i < extras.size(); ++i) {
      if (i) ImGui::SameLine();
      const std::string label = state.shift ? extras[i].second : extras[i].first;
      if (key_button("x" + std::to_string(i), label, key)) {
        add(label);
        state.shift = false;
      }
    }
    if (key_button("shift", "Shift", key * 2)) state.shift = !state.shift;
    ImGui::SameLine();
    if (key_button("space", " ", key * 5)) add(" ");
    ImGui::SameLine();
  }
  if (key_button("backspace", "\xe2\x86\x90 Del", key * 2) && !text.empty()) {  // "← Del"
    PopLastCodePoint(text);
    changed = true;
  }
  ImGui::PopStyleVar();
  ImGui::PopID();
  return changed;
}

}  // namespace soundings::kiosk::ui
