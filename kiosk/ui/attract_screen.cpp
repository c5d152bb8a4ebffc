#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawAttract(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::Dummy(ImVec2(0, avail.y * 0.08f));
  Heading(view.title, true);
  ImGui::Spacing();
  if (!view.introduction.empty() && view.offers_anonymous) Paragraph(view.introduction);
  ImGui::Dummy(ImVec2(0, Px(30)));

  const float width = std::min(avail.x, Px(620));
  const float height = Px(120);
  ImFont* large = CurrentFonts().large;
  if (large) ImGui::PushFont(large);
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
  const std::string start =
      UiText(view.offers_anonymous ? Text::kTouchToStart : Text::kHaveCode, lang);
  if (ImGui::Button((start + "##start").c_str(), ImVec2(width, height)))
    Keep(out, action::Start{!view.offers_anonymous});
  Record("start");
  ImGui::PopStyleColor(4);
  if (large) ImGui::PopFont();
  if (view.offers_anonymous && view.offers_code) {
    ImGui::Dummy(ImVec2(0, Px(8)));
    if (BigButton("code", UiText(Text::kHaveCode, lang), width)) Keep(out, action::Start{true});
  }

  if (view.languages.size() > 1) {
    ImGui::Dummy(ImVec2(0, Px(40)));
    // Always say "Language" in English too: someone who cannot read the current one needs it.
    const std::string& here = UiText(Text::kChooseLanguage, lang);
    const std::string& english = UiText(Text::kChooseLanguage, "en");
    Muted(here == english ? here : here + " / " + english);
    for (std::size_t i = 0; i < view.languages.size(); ++i) {
      if (i) ImGui::SameLine();
      const std::string& code = view.languages[i];
      if (BigButton("lang/" + code, LanguageName(code), Px(220), code == lang))
        Keep(out, action::ChooseLanguage{code});
    }
  }
  // "Touch to start" means anywhere: a touch on empty space starts too.
  if (IsNone(out) && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && !ImGui::IsAnyItemHovered() &&
      ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows))
    out = action::Start{!view.offers_anonymous};
  return out;
}

}  // namespace soundings::kiosk::ui
