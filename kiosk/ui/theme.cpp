#include "kiosk/ui/theme.h"

#include <algorithm>
#include <filesystem>

#include <imgui.h>

namespace soundings::kiosk::ui {
namespace {

Fonts g_fonts;

// Latin with Latin-1 and Extended-A (Welsh â ê î ô û ŵ ŷ, Polish ą ć ę ł ń ó ś ź ż), Welsh ẁ ẃ ẅ
// ỳ, typographic punctuation, arrows for ranking, and the marks drawn on choices.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x1E80, 0x1E85, 0x1EF2, 0x1EF3, 0x2010, 0x2027,
    0x2190, 0x2193, 0x2212, 0x2212, 0x25CF, 0x25CF, 0x2713, 0x2713, 0,
};

constexpr const char* kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

ImVec4 Rgb(int hex, float alpha = 1.0f) {
  return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f,
                static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                static_cast<float>(hex & 0xFF) / 255.0f, alpha);
}

}  // namespace

Fonts LoadFonts(ImFontAtlas& atlas) {
  Fonts fonts;
  // ImGui rounds the atlas height up to a power of two by default, which here nearly doubled the
  // texture (1024x2048 for ~1100 rows of glyphs); OpenGL 3 takes any height.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  std::error_code ec;
  if (std::filesystem::exists(kRegular, ec) && std::filesystem::exists(kBold, ec)) {
    ImFontConfig config;
    // The fonts are already rasterised at 1.5x and drawn smaller, which does the smoothing
    // horizontal oversampling would; oversampling again would only triple the atlas.
    config.OversampleH = 1;
    config.OversampleV = 1;
    fonts.body =
        atlas.AddFontFromFileTTF(kRegular, kBodyPx * kFontOversample, &config, kGlyphRanges);
    fonts.large =
        atlas.AddFontFromFileTTF(kBold, kLargePx * kFontOversample, &config, kGlyphRanges);
    fonts.title =
        atlas.AddFontFromFileTTF(kBold, kTitlePx * kFontOversample, &config, kGlyphRanges);
    fonts.truetype = fonts.body && fonts.large && fonts.title;
  }
  if (!fonts.truetype) {
    ImFontConfig config;
    config.SizePixels = kBodyPx * kFontOversample;
    fonts.body = fonts.large = fonts.title = atlas.AddFontDefault(&config);
  }
  g_fonts = fonts;
  return fonts;
}

const Fonts& CurrentFonts() { return g_fonts; }

void ApplyTheme(bool high_contrast, float text_scale) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(32, 24);
  style.FramePadding = ImVec2(18, 14);
  style.ItemSpacing = ImVec2(14, 14);
  style.ItemInnerSpacing = ImVec2(12, 10);
  style.ScrollbarSize = 40;  // a finger can drag it
  style.GrabMinSize = 40;
  style.FrameRounding = 10;
  style.WindowRounding = 0;
  style.ChildRounding = 8;
  style.ScrollbarRounding = 12;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 2;
  ImVec4* c = style.Colors;
  if (high_contrast) {
    c[ImGuiCol_Text] = Rgb(0xFFFFFF);
    c[ImGuiCol_TextDisabled] = Rgb(0xD0D0D0);
    c[ImGuiCol_WindowBg] = Rgb(0x000000);
    c[ImGuiCol_ChildBg] = Rgb(0x000000);
    c[ImGuiCol_PopupBg] = Rgb(0x000000);
    c[ImGuiCol_Border] = Rgb(0xFFFFFF);
    c[ImGuiCol_FrameBg] = Rgb(0x000000);
    c[ImGuiCol_FrameBgHovered] = Rgb(0x1A1A1A);
    c[ImGuiCol_FrameBgActive] = Rgb(0x333333);
    c[ImGuiCol_Button] = Rgb(0x000000);
    c[ImGuiCol_ButtonHovered] = Rgb(0x262626);
    c[ImGuiCol_ButtonActive] = Rgb(0x404040);
    c[ImGuiCol_Header] = Rgb(0xFFFF00);
    c[ImGuiCol_HeaderHovered] = Rgb(0xFFFF66);
    c[ImGuiCol_HeaderActive] = Rgb(0xFFFF00);
    c[ImGuiCol_CheckMark] = Rgb(0x000000);
    c[ImGuiCol_PlotHistogram] = Rgb(0xFFFF00);
    c[ImGuiCol_NavHighlight] = Rgb(0x00FFFF);
    c[ImGuiCol_ScrollbarBg] = Rgb(0x000000);
    c[ImGuiCol_ScrollbarGrab] = Rgb(0xFFFFFF);
    c[ImGuiCol_ScrollbarGrabHovered] = Rgb(0xFFFF00);
    c[ImGuiCol_ScrollbarGrabActive] = Rgb(0xFFFF00);
    c[ImGuiCol_TextSelectedBg] = Rgb(0x0055FF);
    c[ImGuiCol_Separator] = Rgb(0xFFFFFF);
    c[ImGuiCol_TableBorderStrong] = Rgb(0xFFFFFF);
    c[ImGuiCol_TableBorderLight] = Rgb(0xFFFFFF);
    c[ImGuiCol_TableRowBg] = Rgb(0x000000);
    c[ImGuiCol_TableRowBgAlt] = Rgb(0x141414);
    style.FrameBorderSize = 3;
  } else {
    c[ImGuiCol_Text] = Rgb(0x1B1B1B);
    c[ImGuiCol_TextDisabled] = Rgb(0x5A5A5A);
    c[ImGuiCol_WindowBg] = Rgb(0xF6F4EF);
    c[ImGuiCol_ChildBg] = Rgb(0xF6F4EF);
    c[ImGuiCol_PopupBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_Border] = Rgb(0x8A8F98);
    c[ImGuiCol_FrameBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_FrameBgHovered] = Rgb(0xF0F4FA);
    c[ImGuiCol_FrameBgActive] = Rgb(0xE3EBF6);
    c[ImGuiCol_Button] = Rgb(0xFFFFFF);
    c[ImGuiCol_ButtonHovered] = Rgb(0xE8EEF7);
    c[ImGuiCol_ButtonActive] = Rgb(0xD3DEEE);
    c[ImGuiCol_Header] = Rgb(0x1D4E89);  // a chosen answer
    c[ImGuiCol_HeaderHovered] = Rgb(0x2A5F9E);
    c[ImGuiCol_HeaderActive] = Rgb(0x1D4E89);
    c[ImGuiCol_CheckMark] = Rgb(0xFFFFFF);
    c[ImGuiCol_PlotHistogram] = Rgb(0x1D4E89);
    c[ImGuiCol_NavHighlight] = Rgb(0xE07A00);
    c[ImGuiCol_ScrollbarBg] = Rgb(0xE6E3DC);
    c[ImGuiCol_ScrollbarGrab] = Rgb(0x8A8F98);
    c[ImGuiCol_ScrollbarGrabHovered] = Rgb(0x5F6670);
    c[ImGuiCol_ScrollbarGrabActive] = Rgb(0x1D4E89);
    c[ImGuiCol_Separator] = Rgb(0xC9C5BC);
    c[ImGuiCol_TableRowBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_TableRowBgAlt] = Rgb(0xF0EEE8);
  }
  style.ScaleAllSizes(text_scale);
  // Text grows to 200 %, but padding and gaps only to 125 %: at large sizes the space goes to the
  // words and the touch targets rather than to the margins between them.
  const float space = std::min(text_scale, 1.25f);
  style.WindowPadding = ImVec2(32 * space, 24 * space);
  style.FramePadding = ImVec2(18 * space, 14 * space);
  style.ItemSpacing = ImVec2(14 * space, 14 * space);
  style.ItemInnerSpacing = ImVec2(12 * space, 10 * space);
  style.ScrollbarSize = 40 * space;
  style.GrabMinSize = 40 * space;
  ImGui::GetStyle() = style;
  ImGui::GetIO().FontGlobalScale = text_scale / kFontOversample;
}

}  // namespace soundings::kiosk::ui
