#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h, which it needs

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawCodeEntry(const SessionView& view, CodeEntryWidgets& widgets) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  BeginBody();
  Heading(UiText(Text::kEnterCode, lang));
  Paragraph(UiText(Text::kCodeHelp, lang));
  ImGui::Spacing();
  ImFont* large = CurrentFonts().large;
  if (large) ImGui::PushFont(large);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, Px(560)));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("##code", &widgets.code,
                       ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue |
                           ImGuiInputTextFlags_CharsNoBlank);
  Record("code/input");
  if (large) ImGui::PopFont();
  if (entered) Keep(out, action::SubmitCode{widgets.code});
  if (view.code_message) ErrorLine(UiText(*view.code_message, lang));
  ImGui::Spacing();
  OnScreenKeyboard("code/keyboard", widgets.code, widgets.keyboard, "en", KeyboardLayout::kCode,
                   20);
  EndBody();
  if (BigButton("back", UiText(Text::kBack, lang), Px(220))) Keep(out, action::Back{});
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(300));
  if (BigButton("continue", UiText(Text::kContinue, lang), Px(300), true))
    Keep(out, action::SubmitCode{widgets.code});
  if (std::holds_alternative<action::SubmitCode>(out)) widgets.code.clear();
  return out;
}

}  // namespace soundings::kiosk::ui
