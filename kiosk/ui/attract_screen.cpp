#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawAttract(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const bool code_button = view.offers_anonymous && view.offers_code;
  ImFont* large = CurrentFonts().large;
  // The start button is docked at the bottom: whatever the text size, it is on screen. The
  // title and introduction scroll above it when they do not fit.
  if (large) ImGui::PushFont(large);
  const float start_height = std::max(Px(96), TouchHeight());
  if (large) ImGui::PopFont();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  BeginBody(start_height + (code_button ? spacing + TouchHeight() : 0), "attract");
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.05f));
  Heading(view.title, true);
  ImGui::Spacing();
  if (!view.introduction.empty() && view.offers_anonymous) Paragraph(view.introduction);
  if (view.languages.size() > 1) {
    ImGui::Dummy(ImVec2(0, Px(16)));
    // Always say "Language" in English too: someone who cannot read the current one needs it.
    const std::string& here = UiText(Text::kChooseLanguage, lang);
    const std::string& english = UiText(Text::kChooseLanguage, "en");
    Muted(here == english ? here : here + " / " + english);
    Keep(out, LanguageButtons(view));
  }
  EndBody();
  const float width = std::min(ImGui::GetContentRegionAvail().x, Px(620));
  if (large) ImGui::PushFont(large);
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
  const std::string start =
      UiText(view.offers_anonymous ? Text::kTouchToStart : Text::kHaveCode, lang);
  if (ImGui::Button((start + "##start").c_str(), ImVec2(width, start_height)))
    Keep(out, action::Start{!view.offers_anonymous});
  Record("start");
  RecordPrimary("start");
  ImGui::PopStyleColor(4);
  if (large) ImGui::PopFont();
  if (code_button && BigButton("code", UiText(Text::kHaveCode, lang), width))
    Keep(out, action::Start{true});
  // "Touch to start" means anywhere: a tap (not a drag) on empty space starts too.
  if (IsNone(out) && TapReleased() && !ImGui::IsAnyItemHovered() &&
      ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows))
    out = action::Start{!view.offers_anonymous};
  return out;
}

}  // namespace soundings::kiosk::ui
