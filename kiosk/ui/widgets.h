#pragma once
// The kiosk's building blocks over ImGui: big buttons, choice buttons with a visible mark, an
// on-screen keyboard, and a probe that lets headless tests find where a widget was drawn.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

namespace soundings::kiosk::ui {

/// Where named widgets and blocks of text were drawn in the last frame: tests aim injected
/// touches with it and check that nothing overlaps; the real-input tests read it from the app.
struct Probe {
  struct Rect {
    ImVec2 min, max;                  // where it was laid out, in screen pixels
    ImVec2 visible_min, visible_max;  // the part not clipped away (a scrolled body clips)
    ImVec2 Centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
    bool Visible() const { return visible_max.x > visible_min.x && visible_max.y > visible_min.y; }
    /// Wholly on screen: nothing clipped away.
    bool FullyVisible() const {
      return Visible() && visible_min.x <= min.x + 0.5f && visible_min.y <= min.y + 0.5f &&
             visible_max.x >= max.x - 0.5f && visible_max.y >= max.y - 0.5f;
    }
  };
  std::map<std::string, Rect> rects;           // touchable widgets; "text:..." names mark text
  std::vector<Rect> texts;                     // headings, paragraphs, error lines
  std::map<std::string, std::string> values;   // what text fields showed ("code/input": "K7")
  std::vector<std::string> primary;            // names of the actions the screen is for
  float body_scroll = 0, body_scroll_max = 0;  // the scrolling body drawn last
  bool Has(const std::string& name) const { return rects.count(name) > 0; }
  void Clear() {
    rects.clear();
    texts.clear();
    values.clear();
    primary.clear();
    body_scroll = body_scroll_max = 0;
  }
};

/// Installs (or, with nullptr, removes) the probe that Record() fills.
void SetProbe(Probe* probe);
/// Remembers the last drawn item's rectangle under `name`.
void Record(const std::string& name);
/// Remembers the text a field showed this frame.
void RecordValue(const std::string& name, const std::string& value);
/// Marks `name` as the screen's primary action (it must stay on screen at every text size).
void RecordPrimary(const std::string& name);
/// Remembers how far the current window is scrolled (the screen's body).
void RecordScroll();

/// The current text scale (1.0 at 100 %).
float TextScale();
/// `px_at_100` pixels scaled with the text size.
float Px(float px_at_100);
/// The height of a touch target: 56 px at 100 %, growing with the text (to 150 %'s size, and
/// always enough for one line of text).
float TouchHeight();
/// The width `label` needs on a BigButton.
float ButtonWidth(const std::string& label, float at_least = 0);

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
  bool shift = false;
};

enum class KeyboardLayout {
  kText,    // letters, digits, the language's own letters, punctuation, space
  kDigits,  // 0 to 9 only: whole numbers that cannot be negative, PINs
  kNumber,  // digits and what the number allows: a minus sign, a decimal point
  kCode,    // invitation codes: every letter and digit (O, I and L count as 0, 1 and 1)
};

struct KeyboardSpec {
  KeyboardLayout layout = KeyboardLayout::kText;
  bool minus = false;  // kNumber: negative numbers are allowed
  bool point = false;  // kNumber: fractions are allowed
  std::string language = "en";
  std::size_t max_chars = 200;  // characters (code points) the text may hold
  bool hide_key = false;        // a "Hide keyboard" key
};

/// The keyboard's height at the current width when its keys may be at most `max_height` tall
/// in all: keys shrink (never below 48 px) to fit.
float KeyboardHeight(const KeyboardSpec& spec, float max_height);

struct KeyboardResult {
  bool changed = false;  // `text` was edited
  bool hide = false;     // the "Hide keyboard" key was pressed
};

/// Touch keys for `spec` plus backspace, filling the available width and KeyboardHeight in
/// height. Edits `text` (UTF-8, at most spec.max_chars characters).
KeyboardResult OnScreenKeyboard(const std::string& name, std::string& text, KeyboardState& state,
                                const KeyboardSpec& spec, float max_height);

/// A button in a screen's footer (the row of Back, Next, Send under the scrolling body).
struct FooterButton {
  std::string name;
  std::string label;
  bool primary = false;  // drawn filled, at the right; probed as a primary action
  bool right = false;    // at the right (primary buttons always are)
};
/// The footer's height at the current width: one row when the buttons fit side by side, else one
/// row each (primary first).
float FooterHeight(const std::vector<FooterButton>& buttons);
/// Draws the footer; the name of the button pressed, "" for none.
std::string Footer(const std::vector<FooterButton>& buttons);

/// Characters (code points) in UTF-8 `text`.
std::size_t Utf8Length(const std::string& text);

}  // namespace soundings::kiosk::ui
