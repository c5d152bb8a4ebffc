#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h, which it needs

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawCodeEntry(const SessionView& view, CodeEntryWidgets& widgets) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  KeyboardSpec keypad;
  keypad.layout = KeyboardLayout::kCode;
  keypad.max_chars = 20;
  const std::vector<FooterButton> footer = {{"back", UiText(Text::kBack, lang)},
                                            {"continue", UiText(Text::kContinue, lang), true}};
  ImFont* large = CurrentFonts().large;
  if (large) ImGui::PushFont(large);
  const float field_height = ImGui::GetFrameHeight();
  if (large) ImGui::PopFont();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Under the body, docked so they are always in view: the field, what was wrong with the last
  // code, the keypad, then Back and Continue.
  const std::string message = view.code_message ? UiText(*view.code_message, lang) : "";
  const float message_height = message.empty()
                                   ? 0
                                   : ImGui::CalcTextSize(("! " + message).c_str(), nullptr, false,
                                                         ImGui::GetContentRegionAvail().x)
                                             .y +
                                         style.ItemSpacing.y;
  const float docked = field_height + style.ItemSpacing.y + message_height +
                       KeyboardHeight(keypad, KeyboardBudget()) + style.ItemSpacing.y +
                       FooterHeight(footer);
  BeginBody(docked, "code");
  Heading(UiText(Text::kEnterCode, lang));
  Paragraph(UiText(Text::kCodeHelp, lang));
  EndBody();
  if (large) ImGui::PushFont(large);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, Px(560)));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("##code", &widgets.code,
                       ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue |
                           ImGuiInputTextFlags_CharsNoBlank);
  Record("code/input");
  RecordValue("code/input", widgets.code);
  if (large) ImGui::PopFont();
  if (entered) Keep(out, action::SubmitCode{widgets.code});
  if (!message.empty()) ErrorLine(message);
  OnScreenKeyboard("code/keyboard", widgets.code, widgets.keyboard, keypad, KeyboardBudget());
  const std::string pressed = Footer(footer);
  if (pressed == "back") Keep(out, action::Back{});
  if (pressed == "continue") Keep(out, action::SubmitCode{widgets.code});
  if (std::holds_alternative<action::SubmitCode>(out)) widgets.code.clear();
  return out;
}

}  // namespace soundings::kiosk::ui
