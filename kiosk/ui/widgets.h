#pragma once
// The kiosk's building blocks over ImGui: big buttons, choice buttons with a visible mark, an
// on-screen keyboard, and a probe that lets headless tests find where a widget was drawn.

#include <cstddef>
#include <map>
#include <string>

#include <imgui.h>

namespace soundings::kiosk::ui {

/// Where named widgets were drawn in the last frame; tests aim injected touches with it.
struct Probe {
  struct Rect {
    ImVec2 min, max;
    ImVec2 Centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
  };
  std::map<std::string, Rect> rects;
  bool Has(const std::string& name) const { return rects.count(name) > 0; }
};

/// Installs (or, with nullptr, removes) the probe that Record() fills.
void SetProbe(Probe* probe);
/// Remembers the last drawn item's rectangle under `name`.
void Record(const std::string& name);

/// The current text scale (1.0 at 100 %).
float TextScale();
/// `px_at_100` pixels scaled with the text size.
float Px(float px_at_100);

/// A button at least kMinTouchPx high; `primary` draws it filled.
bool BigButton(const std::string& name, const std::string& label, float width = 0,
               bool primary = false);
/// A full-width (or `width`) answer button with a round (single) or square (multi) mark that is
/// filled when `selected`; the label wraps.
bool ChoiceButton(const std::string& name, const std::string& label, bool selected, bool multi,
                  float width = 0, bool disabled = false, float min_height = 0);
/// The height ChoiceButton needs for `label` at `width`.
float ChoiceButtonHeight(const std::string& label, float width);

void Heading(const std::string& text, bool title = false);
void Paragraph(const std::string& text);
void ErrorLine(const std::string& text);
void Muted(const std::string& text);

struct KeyboardState {
  bool visible = false;
  bool shift = false;
};

enum class KeyboardLayout {
  kText,    // letters, digits, the second language's letters, punctuation, space
  kNumber,  // a keypad: digits, minus, decimal point
  kCode,    // invitation codes: only the characters codes are made of
};

/// Touch keys for `layout` plus backspace. Edits `text` (UTF-8, at most `max_chars` characters)
/// and returns true when it changed.
bool OnScreenKeyboard(const std::string& name, std::string& text, KeyboardState& state,
                      const std::string& language, KeyboardLayout layout, std::size_t max_chars);

/// Characters (code points) in UTF-8 `text`.
std::size_t Utf8Length(const std::string& text);

}  // namespace soundings::kiosk::ui
