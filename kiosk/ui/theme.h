#pragma once
// Colours, sizes and fonts of the kiosk: large clear type, touch targets of at least 48 px, a
// high-contrast theme, and a text-size control from 100 % to 200 %.

struct ImFont;
struct ImFontAtlas;

namespace soundings::kiosk::ui {

/// Fonts are rasterised once at this multiple of their 100 % size and scaled down, so 200 %
/// stays sharp without rebuilding the atlas (and the GL texture) when the size changes.
inline constexpr float kFontOversample = 1.5f;
inline constexpr float kBodyPx = 26.0f;   // at 100 %
inline constexpr float kLargePx = 34.0f;  // headings
inline constexpr float kTitlePx = 46.0f;  // attract screen
/// The smallest side of anything a person touches, in pixels at 100 %.
inline constexpr float kMinTouchPx = 56.0f;

struct Fonts {
  ImFont* body = nullptr;
  ImFont* large = nullptr;
  ImFont* title = nullptr;
  bool truetype = false;  // false: the TrueType files were missing, ImGui's own font is used
};

/// Adds DejaVu Sans (regular and bold) with the glyphs Welsh and Polish need; falls back to
/// ImGui's built-in font when the files are missing. Call before the atlas is built.
Fonts LoadFonts(ImFontAtlas& atlas);

/// Applies the normal or high-contrast style for `text_scale` (1.0 .. 2.0) to the current context.
void ApplyTheme(bool high_contrast, float text_scale);

/// The fonts LoadFonts made for the current context (set by LoadFonts).
const Fonts& CurrentFonts();

}  // namespace soundings::kiosk::ui
