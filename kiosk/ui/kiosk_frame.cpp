#include <imgui_internal.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

UiAction Toolbar(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const float button = Px(kMinTouchPx);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const bool languages = view.screen != Screen::kAttract && view.languages.size() > 1;
  const std::string percent = std::to_string(view.text_scale_percent) + "%";
  const std::string size_word = UiText(Text::kTextSize, lang);
  const std::string contrast = UiText(Text::kHighContrast, lang);
  const float contrast_width = ImGui::CalcTextSize(contrast.c_str()).x + Px(40);
  float lang_width = 0;
  if (languages)
    for (const auto& code : view.languages)
      lang_width += ImGui::CalcTextSize(LanguageName(code).c_str()).x + Px(36) + spacing;
  const float avail = ImGui::GetContentRegionAvail().x;
  float controls = lang_width + button * 2 + ImGui::CalcTextSize(percent.c_str()).x +
                   contrast_width + spacing * 4;
  // Drop what matters least when the text is large: first the title, then the word "Text size".
  const bool show_size_word =
      controls + ImGui::CalcTextSize(size_word.c_str()).x + spacing <= avail;
  if (show_size_word) controls += ImGui::CalcTextSize(size_word.c_str()).x + spacing;
  const float title_width = ImGui::CalcTextSize(view.title.c_str()).x;
  if (view.screen != Screen::kAttract && title_width + controls + spacing * 2 <= avail) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(view.title.c_str());
    ImGui::SameLine();
  }
  // At large text sizes the languages get a row of their own.
  const bool two_rows = controls > avail;
  if (two_rows) controls -= lang_width;
  if (!two_rows)
    ImGui::SameLine(
        std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - controls));
  if (languages) {
    for (const auto& code : view.languages) {
      const std::string name = LanguageName(code);
      if (BigButton("lang/" + code, name, ImGui::CalcTextSize(name.c_str()).x + Px(36),
                    code == lang))
        Keep(out, action::ChooseLanguage{code});
      ImGui::SameLine();
    }
    if (two_rows) ImGui::NewLine();
  }
  if (two_rows)
    ImGui::SetCursorPosX(
        std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - controls));
  if (show_size_word) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(size_word.c_str());
    ImGui::SameLine();
  }
  if (BigButton("text_smaller", "A-", button))
    Keep(out, action::SetTextScale{view.text_scale_percent - 25});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(percent.c_str());
  ImGui::SameLine();
  if (BigButton("text_larger", "A+", button))
    Keep(out, action::SetTextScale{view.text_scale_percent + 25});
  ImGui::SameLine();
  if (BigButton("contrast", contrast, contrast_width, view.high_contrast))
    Keep(out, action::SetHighContrast{!view.high_contrast});
  ImGui::Separator();
  return out;
}

}  // namespace

UiAction DrawKiosk(const SessionView& view, KioskWidgets& widgets) {
  UiAction out = action::None{};
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  FocusNextWindowIfNoneFocused();
  ImGui::Begin("##kiosk", nullptr, flags);
  if (widgets.last_screen != view.screen) {
    // A new screen starts with a clean slate: no stale code, no stale focus.
    widgets.code = CodeEntryWidgets{};
    if (view.screen != Screen::kQuestions) widgets.page = PageWidgets{};
    widgets.last_screen = view.screen;
  }
  if (view.idle_seconds_left) {
    // The prompt covers the screen: the answers below stay hidden from passers-by.
    Keep(out, DrawIdlePrompt(view));
  } else {
    Keep(out, Toolbar(view));
    if (view.error) ErrorLine(UiText(*view.error, view.language));
    ImGui::PushID(ToString(view.screen).c_str());
    switch (view.screen) {
      case Screen::kAttract:
        Keep(out, DrawAttract(view));
        break;
      case Screen::kCodeEntry:
        Keep(out, DrawCodeEntry(view, widgets.code));
        break;
      case Screen::kConfirm:
        Keep(out, DrawConfirm(view));
        break;
      case Screen::kConsent:
        Keep(out, DrawConsent(view));
        break;
      case Screen::kQuestions:
        Keep(out, DrawQuestionPage(view, widgets.page));
        break;
      case Screen::kReview:
        Keep(out, DrawReview(view));
        break;
      case Screen::kThankYou:
        Keep(out, DrawThankYou(view));
        break;
    }
    ImGui::PopID();
    if (EscapePressed() && view.screen != Screen::kAttract && view.screen != Screen::kThankYou)
      Keep(out, action::Back{});
  }
  // The operator's way in: a long press in the top-left corner, or Ctrl+Alt+O.
  if (CornerLongPress(widgets.input, Px(90)) || OperatorChordPressed())
    out = action::OpenOperator{};
  ImGui::End();
  return out;
}

}  // namespace soundings::kiosk::ui
