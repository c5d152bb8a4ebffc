#include <imgui_internal.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

std::string ListenLabel(const SessionView& view) {
  switch (view.listen) {
    case ListenButton::kSpeaking:
      return UiText(Text::kStopListening, view.language);
    case ListenButton::kNoSound:
      return UiText(Text::kNoSound, view.language);
    case ListenButton::kReady:
    case ListenButton::kHidden:
      break;
  }
  return UiText(Text::kListen, view.language);
}

// "Listen": disabled, and saying "No sound", when the kiosk cannot play sound.
UiAction ListenButtonWidget(const SessionView& view) {
  UiAction out = action::None{};
  if (view.listen == ListenButton::kHidden) return out;
  const std::string label = ListenLabel(view);
  ImGui::BeginDisabled(view.listen == ListenButton::kNoSound);
  if (BigButton("listen", label, ButtonWidth(label), view.listen == ListenButton::kSpeaking))
    out = action::Listen{};
  ImGui::EndDisabled();
  return out;
}

}  // namespace

UiAction LanguageButtons(const SessionView& view) {
  UiAction out = action::None{};
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (std::size_t i = 0; i < view.languages.size(); ++i) {
    const std::string& code = view.languages[i];
    const std::string name = LanguageName(code);
    const float width = ButtonWidth(name, Px(160));
    if (i) {
      ImGui::SameLine();
      if (ImGui::GetCursorPosX() + width > right) ImGui::NewLine();
    }
    if (BigButton("lang/" + code, name, width, code == view.language))
      Keep(out, action::ChooseLanguage{code});
  }
  return out;
}

namespace {

std::string SettingsLabel(const std::string& language) {
  const std::string& here = UiText(Text::kSettings, language);
  const std::string& english = UiText(Text::kSettings, "en");
  // Always say "Language" in English too: someone who cannot read the current one needs it.
  return here == english ? here : here + " / Language";
}

// The toolbar: the title, Listen, then the language, text size and contrast controls at the
// right. When those do not fit in one row (large text, a narrow screen) they fold into one
// "Aa / Language" button that opens DrawSettingsPanel.
UiAction Toolbar(const SessionView& view, bool& settings_open) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool languages = view.screen != Screen::kAttract && view.languages.size() > 1;
  const std::string percent = std::to_string(view.text_scale_percent) + "%";
  const std::string size_word = UiText(Text::kTextSize, lang);
  const std::string contrast = UiText(Text::kHighContrast, lang);
  const std::string listen = view.listen == ListenButton::kHidden ? "" : ListenLabel(view);
  const float button = std::max(TouchHeight(), ButtonWidth("A+"));
  float controls = button * 2 + ImGui::CalcTextSize(percent.c_str()).x + ButtonWidth(contrast) +
                   ImGui::CalcTextSize(size_word.c_str()).x + spacing * 5;
  if (languages)
    for (const auto& code : view.languages)
      controls += ButtonWidth(LanguageName(code), Px(160)) + spacing;
  const float listen_width = listen.empty() ? 0 : ButtonWidth(listen) + spacing;
  const bool folded = controls + listen_width > avail;
  const std::string settings = SettingsLabel(lang);
  const float right_width = listen_width + (folded ? ButtonWidth(settings) : controls);
  const float title_width = ImGui::CalcTextSize(view.title.c_str()).x;
  const bool title =
      view.screen != Screen::kAttract && title_width + right_width + spacing <= avail;
  if (title) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(view.title.c_str());
    Record("text:toolbar/title");
    ImGui::SameLine();
  }
  ImGui::SetCursorPosX(
      std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_width));
  if (!listen.empty()) {
    Keep(out, ListenButtonWidget(view));
    ImGui::SameLine();
  }
  if (folded) {
    if (BigButton("settings", settings, ButtonWidth(settings), settings_open))
      settings_open = !settings_open;
    ImGui::Separator();
    return out;
  }
  if (languages) {
    for (const auto& code : view.languages) {
      const std::string name = LanguageName(code);
      if (BigButton("lang/" + code, name, ButtonWidth(name, Px(160)), code == lang))
        Keep(out, action::ChooseLanguage{code});
      ImGui::SameLine();
    }
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(size_word.c_str());
  ImGui::SameLine();
  if (BigButton("text_smaller", "A-", button))
    Keep(out, action::SetTextScale{view.text_scale_percent - 25});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(percent.c_str());
  ImGui::SameLine();
  if (BigButton("text_larger", "A+", button))
    Keep(out, action::SetTextScale{view.text_scale_percent + 25});
  ImGui::SameLine();
  if (BigButton("contrast", contrast, ButtonWidth(contrast), view.high_contrast))
    Keep(out, action::SetHighContrast{!view.high_contrast});
  ImGui::Separator();
  return out;
}

}  // namespace

float KeyboardBudget() { return ImGui::GetIO().DisplaySize.y * 0.42f; }

UiAction DrawSettingsPanel(const SessionView& view, bool& open) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {
      {"settings/close", UiText(Text::kClose, lang), true, true}};
  BeginBody(FooterHeight(footer), "settings");
  Heading(UiText(Text::kSettingsTitle, lang));
  ImGui::Spacing();
  Muted(UiText(Text::kTextSize, lang));
  const float button = std::max(TouchHeight(), ButtonWidth("A+"));
  if (BigButton("text_smaller", "A-", button))
    Keep(out, action::SetTextScale{view.text_scale_percent - 25});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted((std::to_string(view.text_scale_percent) + "%").c_str());
  ImGui::SameLine();
  if (BigButton("text_larger", "A+", button))
    Keep(out, action::SetTextScale{view.text_scale_percent + 25});
  ImGui::Spacing();
  const std::string contrast = UiText(Text::kHighContrast, lang);
  if (BigButton("contrast", contrast, ButtonWidth(contrast), view.high_contrast))
    Keep(out, action::SetHighContrast{!view.high_contrast});
  if (view.languages.size() > 1) {
    ImGui::Spacing();
    const std::string& here = UiText(Text::kChooseLanguage, lang);
    const std::string& english = UiText(Text::kChooseLanguage, "en");
    Muted(here == english ? here : here + " / " + english);
    Keep(out, LanguageButtons(view));
  }
  EndBody();
  if (Footer(footer) == "settings/close") open = false;
  return out;
}

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
    // A new screen starts with a clean slate: no stale code, no stale focus, no open panel.
    widgets.code = CodeEntryWidgets{};
    if (view.screen != Screen::kQuestions) widgets.page = PageWidgets{};
    widgets.settings_open = false;
    widgets.last_screen = view.screen;
  }
  if (view.idle_seconds_left) {
    // The prompt covers the screen: the answers below stay hidden from passers-by.
    Keep(out, DrawIdlePrompt(view));
  } else {
    Keep(out, Toolbar(view, widgets.settings_open));
    if (view.error) ErrorLine(UiText(*view.error, view.language));
    ImGui::PushID(ToString(view.screen).c_str());
    if (widgets.settings_open) {
      Keep(out, DrawSettingsPanel(view, widgets.settings_open));
    } else {
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
    }
    ImGui::PopID();
    if (EscapePressed()) {
      if (widgets.settings_open)
        widgets.settings_open = false;
      else if (view.screen != Screen::kAttract && view.screen != Screen::kThankYou)
        Keep(out, action::Back{});
    }
  }
  // The operator's way in: a long press in the top-left corner, or Ctrl+Alt+O.
  if (CornerLongPress(widgets.input, Px(90)) || OperatorChordPressed())
    out = action::OpenOperator{};
  ImGui::End();
  return out;
}

}  // namespace soundings::kiosk::ui
