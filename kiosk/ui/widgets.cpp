#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui_internal.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

Probe* g_probe = nullptr;

ImU32 Colour(ImGuiCol col) { return ImGui::GetColorU32(col); }

// The last item's rectangle and the part of it the window's clipping leaves visible.
Probe::Rect LastItem() {
  const ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImRect item(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImRect visible = item;
  visible.ClipWithFull(window->ClipRect);
  return {item.Min, item.Max, visible.Min, visible.Max};
}

void RecordText() {
  if (g_probe) g_probe->texts.push_back(LastItem());
}

}  // namespace

void SetProbe(Probe* probe) { g_probe = probe; }

void Record(const std::string& name) {
  if (g_probe) g_probe->rects[name] = LastItem();
}

void RecordValue(const std::string& name, const std::string& value) {
  if (g_probe) g_probe->values[name] = value;
}

void RecordPrimary(const std::string& name) {
  if (g_probe) g_probe->primary.push_back(name);
}

void RecordScroll() {
  if (!g_probe) return;
  g_probe->body_scroll = ImGui::GetScrollY();
  g_probe->body_scroll_max = ImGui::GetScrollMaxY();
}

float TextScale() { return ImGui::GetIO().FontGlobalScale * kFontOversample; }
float Px(float px_at_100) { return px_at_100 * TextScale(); }

float TouchHeight() {
  return std::max(kMinTouchPx * std::min(TextScale(), 1.5f),
                  ImGui::GetFontSize() + 2 * ImGui::GetStyle().FramePadding.y);
}

float ButtonWidth(const std::string& label, float at_least) {
  const std::string shown = label.substr(0, label.find("##"));
  return std::max(at_least,
                  ImGui::CalcTextSize(shown.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x);
}

std::size_t Utf8Length(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool BigButton(const std::string& name, const std::string& label, float width, bool primary) {
  const float height = TouchHeight();
  // Never narrower than the label: a label cut off mid-word is worse than a wider button.
  if (width > 0) width = std::max(width, ButtonWidth(label));
  if (primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
  }
  const std::string id = label + "##" + name;
  const bool pressed = ImGui::Button(id.c_str(), ImVec2(width, height));
  ApplyFocusRequest();
  if (primary) ImGui::PopStyleColor(4);
  Record(name);
  return pressed;
}

float ChoiceButtonHeight(const std::string& label, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float mark = ImGui::GetFontSize() * 0.9f;
  const float wrap = std::max(10.0f, width - style.FramePadding.x * 3 - mark);
  const ImVec2 text_size = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
  return std::max(TouchHeight(), text_size.y + 2 * style.FramePadding.y);
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
      std::max({TouchHeight(), text_size.y + 2 * style.FramePadding.y, min_height});
  const ImVec2 pos = window->DC.CursorPos;
  const ImRect bb(pos, ImVec2(pos.x + width, pos.y + height));
  ImGui::ItemSize(bb, style.FramePadding.y);
  const bool added = ImGui::ItemAdd(bb, id);
  ApplyFocusRequest();  // even when scrolled out of view: the page scrolls to it next
  if (!added) {
    Record(name);  // scrolled out of view: tests see where it is and that it is hidden
    return false;
  }
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
  RecordText();
}

void Paragraph(const std::string& text) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  RecordText();
}

void ErrorLine(const std::string& text) {
  const bool dark = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.5f;
  ImGui::PushStyleColor(ImGuiCol_Text,
                        dark ? ImVec4(1.0f, 0.6f, 0.6f, 1) : ImVec4(0.70f, 0.05f, 0.05f, 1));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(("! " + text).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  RecordText();
}

void Muted(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  Paragraph(text);
  ImGui::PopStyleColor();
}

namespace {

// Each footer button's width on one row: its comfortable width (300 px for the primary action,
// 220 for the others, at 100 %) when all fit; otherwise each label's own width plus an equal
// share of what is left, so that at large text Back and Next still sit side by side on a
// landscape screen. Empty when even the labels alone do not fit on one row.
std::vector<float> FooterWidths(const std::vector<FooterButton>& buttons) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  std::vector<float> comfortable, tight;
  float comfortable_total = -spacing, tight_total = -spacing;
  for (const auto& b : buttons) {
    comfortable.push_back(ButtonWidth(b.label, Px(b.primary ? 300 : 220)));
    tight.push_back(ButtonWidth(b.label, TouchHeight() * 2));
    comfortable_total += comfortable.back() + spacing;
    tight_total += tight.back() + spacing;
  }
  if (comfortable_total <= avail) return comfortable;
  if (tight_total > avail || buttons.empty()) return {};
  const float share = (avail - tight_total) / static_cast<float>(buttons.size());
  for (float& w : tight) w = std::floor(w + share);
  return tight;
}

std::vector<std::vector<const FooterButton*>> FooterRows(const std::vector<FooterButton>& buttons) {
  std::vector<std::vector<const FooterButton*>> rows;
  if (!FooterWidths(buttons).empty()) {
    rows.emplace_back();
    for (const auto& b : buttons) rows.back().push_back(&b);
    return rows;
  }
  // Too narrow for one row: one button a row, the primary action first, nearest the questions.
  for (const auto& b : buttons)
    if (b.primary) rows.push_back({&b});
  for (const auto& b : buttons)
    if (!b.primary) rows.push_back({&b});
  return rows;
}

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

namespace {

constexpr float kKeySpacing = 6.0f;  // at 100 %

// The rows of keys; a key wider than one unit says so after a '|' ("shift|2").
std::vector<std::vector<std::string>> KeyRows(const KeyboardSpec& spec) {
  switch (spec.layout) {
    case KeyboardLayout::kDigits:
    case KeyboardLayout::kNumber: {
      std::vector<std::string> last;
      if (spec.layout == KeyboardLayout::kNumber && spec.minus) last.emplace_back("-");
      last.emplace_back("0");
      if (spec.layout == KeyboardLayout::kNumber && spec.point) last.emplace_back(".");
      last.emplace_back(last.size() == 1 && !spec.hide_key ? "backspace|2" : "backspace");
      if (spec.hide_key) last.emplace_back("hide");
      return {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, last};
    }
    case KeyboardLayout::kCode: {
      // Every digit and letter, in order: whatever is printed on an invitation can be typed.
      // As many to a row as fit at a comfortable size, so the keypad stays short at 200 %.
      const float spacing = Px(kKeySpacing);
      const float smallest = std::max(48.0f, Px(40));
      const int columns = std::clamp(
          static_cast<int>((ImGui::GetContentRegionAvail().x + spacing) / (smallest + spacing)), 6,
          19);
      std::vector<std::vector<std::string>> rows(1);
      int used = 0;
      auto put = [&](const std::string& key, int units) {
        if (used + units > columns) {
          rows.emplace_back();
          used = 0;
        }
        rows.back().push_back(key);
        used += units;
      };
      for (char c : std::string("1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ")) put(std::string(1, c), 1);
      put("backspace|2", 2);
      return rows;
    }
    case KeyboardLayout::kText:
      break;
  }
  std::vector<std::vector<std::string>> rows = {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
                                                {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
                                                {"a", "s", "d", "f", "g", "h", "j", "k", "l"},
                                                {"z", "x", "c", "v", "b", "n", "m", ",", "."}};
  std::vector<std::string> extras;
  for (std::size_t i = 0; i < ExtraLetters(spec.language).size(); ++i)
    extras.push_back("x" + std::to_string(i));
  rows.push_back(extras);
  std::vector<std::string> last = {"shift|2", "space|4", "backspace|2"};
  if (spec.hide_key) last.emplace_back("hide|2");
  rows.push_back(last);
  return rows;
}

float Units(const std::string& key) {
  const auto bar = key.find('|');
  return bar == std::string::npos ? 1.0f : std::stof(key.substr(bar + 1));
}

float RowUnits(const std::vector<std::string>& row) {
  float units = 0;
  for (const auto& key : row) units += Units(key);
  return units;
}

// The size of one key unit: as wide as the widest row allows, as tall as `max_height` allows,
// never below 48 px (the smallest touch target) nor above 64 px at 100 % text.
ImVec2 KeyUnit(const KeyboardSpec& spec, float max_height) {
  const auto rows = KeyRows(spec);
  const float spacing = Px(kKeySpacing);
  float units = 0;
  for (const auto& row : rows) units = std::max(units, RowUnits(row));
  const bool keypad =
      spec.layout == KeyboardLayout::kDigits || spec.layout == KeyboardLayout::kNumber;
  const float avail = ImGui::GetContentRegionAvail().x;
  // A key of U units is U widths and the U - 1 gaps between them wide.
  const float width = std::min(Px(keypad ? 110 : 64), (avail - spacing * (units - 1)) / units);
  const auto count = static_cast<float>(rows.size());
  // Keys grow only a little with the text (64 px at 100 %, 76 px at 200 %): their labels are
  // single characters, and the page above the keyboard needs the room more.
  const float tallest = 64.0f + 12.0f * (TextScale() - 1.0f);
  const float height = std::min(tallest, (max_height - spacing * (count - 1)) / count);
  return ImVec2(std::max(48.0f, width), std::max(48.0f, height));
}

}  // namespace

float KeyboardHeight(const KeyboardSpec& spec, float max_height) {
  const float rows = static_cast<float>(KeyRows(spec).size());
  return KeyUnit(spec, max_height).y * rows + Px(kKeySpacing) * (rows - 1);
}

KeyboardResult OnScreenKeyboard(const std::string& name, std::string& text, KeyboardState& state,
                                const KeyboardSpec& spec, float max_height) {
  KeyboardResult result;
  const ImVec2 unit = KeyUnit(spec, max_height);
  const float spacing = Px(kKeySpacing);
  const auto extras = ExtraLetters(spec.language);
  auto add = [&](const std::string& s) {
    if (Utf8Length(text) + Utf8Length(s) > spec.max_chars) return;
    text += s;
    result.changed = true;
  };
  ImGui::PushID(name.c_str());
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, 2));
  // Labels shrink with keys that had to shrink, so a letter never spills out of its key.
  const float font_scale = std::min(1.0f, unit.y * 0.7f / ImGui::GetFontSize());
  const float saved_scale = ImGui::GetCurrentWindow()->FontWindowScale;
  ImGui::SetWindowFontScale(saved_scale * font_scale);
  for (const auto& row : KeyRows(spec)) {
    // Rows narrower than the widest are centred, as on a real keyboard.
    const float row_width = unit.x * RowUnits(row) + spacing * (RowUnits(row) - 1);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::max(0.0f, (ImGui::GetContentRegionAvail().x - row_width) / 2));
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      const std::string key = row[i].substr(0, row[i].find('|'));
      const float width = unit.x * Units(row[i]) + spacing * (Units(row[i]) - 1);
      std::string label = key;
      if (key == "backspace") label = "\xe2\x86\x90 Del";  // "← Del"
      if (key == "space") label = " ";
      if (key == "shift") label = "Shift";
      if (key == "hide") label = UiText(Text::kDone, spec.language);
      if (key.size() > 1 && key[0] == 'x') {
        const auto& pair = extras[static_cast<std::size_t>(std::stoi(key.substr(1)))];
        label = state.shift ? pair.second : pair.first;
      }
      if (state.shift && key.size() == 1 && key[0] >= 'a' && key[0] <= 'z')
        label[0] = static_cast<char>(key[0] - 'a' + 'A');
      ImGui::PushID(key.c_str());
      const bool pressed = ImGui::Button(label.c_str(), ImVec2(width, unit.y));
      ImGui::PopID();
      Record(name + "/key/" + key);
      if (!pressed) continue;
      if (key == "backspace") {
        if (!text.empty()) {
          PopLastCodePoint(text);
          result.changed = true;
        }
      } else if (key == "shift") {
        state.shift = !state.shift;
      } else if (key == "hide") {
        result.hide = true;
      } else {
        add(key == "space" ? " " : label);
        state.shift = false;
      }
    }
  }
  ImGui::SetWindowFontScale(saved_scale);
  ImGui::PopStyleVar(2);
  ImGui::PopID();
  return result;
}

float FooterHeight(const std::vector<FooterButton>& buttons) {
  const float rows = static_cast<float>(FooterRows(buttons).size());
  return rows * TouchHeight() + (rows - 1) * ImGui::GetStyle().ItemSpacing.y;
}

std::string Footer(const std::vector<FooterButton>& buttons) {
  std::string pressed;
  auto draw = [&](const FooterButton& b, float width) {
    if (BigButton(b.name, b.label, width, b.primary)) pressed = b.name;
    if (b.primary) RecordPrimary(b.name);
  };
  const auto rows = FooterRows(buttons);
  if (rows.size() > 1) {
    for (const auto& row : rows) draw(*row.front(), ImGui::GetContentRegionAvail().x);
    return pressed;
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const std::vector<float> widths = FooterWidths(buttons);
  auto width = [&](const FooterButton& b) {
    return widths[static_cast<std::size_t>(&b - buttons.data())];
  };
  bool drawn = false;
  float right_width = -spacing;
  for (const auto& b : buttons) {
    if (b.right || b.primary) {
      right_width += width(b) + spacing;
      continue;
    }
    if (drawn) ImGui::SameLine();
    draw(b, width(b));
    drawn = true;
  }
  bool first_right = true;
  for (const auto& b : buttons) {
    if (!b.right && !b.primary) continue;
    if (drawn) ImGui::SameLine();
    if (first_right)
      ImGui::SetCursorPosX(
          std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_width));
    draw(b, width(b));
    drawn = true;
    first_right = false;
  }
  return pressed;
}

}  // namespace soundings::kiosk::ui
