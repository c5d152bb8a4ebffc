#include "server/pdf/page_flow.h"

#include <algorithm>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define SOUNDINGS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOUNDINGS_ASAN 1
#endif
#endif

#ifdef SOUNDINGS_ASAN
// Fontconfig, pango's fontconfig font map and cairo keep their font caches for the life of the
// process and never free them; LeakSanitizer would report those at exit in every binary that
// drew a PDF. Only allocations made inside those three libraries are excused: a layout or
// context we forget to release is still reported.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(bugprone-reserved-identifier)
  return "leak:libfontconfig.so\nleak:libpangoft2-1.0.so\nleak:libcairo.so\n";
}
#endif

namespace soundings::server::pdf {

Rgb Hex(unsigned value) {
  return {static_cast<double>((value >> 16) & 0xff) / 255.0,
          static_cast<double>((value >> 8) & 0xff) / 255.0,
          static_cast<double>(value & 0xff) / 255.0};
}

void SetColour(cairo_t* cr, Rgb colour) { cairo_set_source_rgb(cr, colour.r, colour.g, colour.b); }

PageFlow::PageFlow(cairo_t* cr, std::string family, PageDecoration decoration)
    : m_cr(cr),
      m_context(pango_cairo_create_context(cr)),
      m_family(std::move(family)),
      m_decoration(std::move(decoration)) {
  // Points are the surface's units: 72 per inch, so a 10 pt font is 10 units tall. Metrics are
  // not hinted, so line breaks do not depend on a screen's pixel grid.
  pango_cairo_context_set_resolution(m_context, 72.0);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(m_context, options);
  cairo_font_options_destroy(options);
}

PageFlow::~PageFlow() { g_object_unref(m_context); }

void PageFlow::NeedSpace(double height) {
  if (m_y + height > bottom() && m_y > top() + 0.5) NewPage();
}

void PageFlow::NewPage() {
  if (m_decoration) m_decoration(m_cr, *this, m_page);
  cairo_show_page(m_cr);
  ++m_page;
  m_y = top();
}

void PageFlow::Finish() {
  if (m_finished) return;
  m_finished = true;
  if (m_decoration) m_decoration(m_cr, *this, m_page);
  cairo_show_page(m_cr);
}

Layout PageFlow::MakeLayout(const std::string& text, const TextStyle& style, double width) const {
  Layout layout(pango_layout_new(m_context));
  PangoFontDescription* font = pango_font_description_from_string(m_family.c_str());
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout.get(), style.align);
  if (style.hanging > 0) {
    // A hanging indent with a tab stop where the later lines start: "•\ttext" lines up.
    const int hanging = static_cast<int>(style.hanging * PANGO_SCALE);
    pango_layout_set_indent(layout.get(), -hanging);
    PangoTabArray* tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT, hanging);
    pango_layout_set_tabs(layout.get(), tabs);
    pango_tab_array_free(tabs);
  }
  // Plain text, never markup: names and comments are set exactly as they were written.
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

double PageFlow::Height(PangoLayout* layout) {
  int width = 0, height = 0;
  pango_layout_get_size(layout, &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

double PageFlow::Width(PangoLayout* layout) {
  PangoRectangle logical{};
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

void PageFlow::Draw(PangoLayout* layout, double x, double y, Rgb colour) const {
  SetColour(m_cr, colour);
  cairo_move_to(m_cr, x, y);
  pango_cairo_show_layout(m_cr, layout);
}

void PageFlow::Paragraph(const std::string& text, const TextStyle& style, double indent,
                         double space_after) {
  Layout layout = MakeLayout(text, style, width() - indent);
  PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
  // Each line is placed on its own so a long comment continues on the next page.
  double layout_top = 0;  // the layout's y of the first line on this page
  double page_y = m_y;    // where that line goes on the page
  bool first = true;
  do {
    PangoRectangle logical{};
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
    const double line_height = static_cast<double>(logical.height) / PANGO_SCALE;
    if (first) {
      layout_top = line_top;
      first = false;
    }
    double line_y = page_y + (line_top - layout_top);
    if (line_y + line_height > bottom() && line_y > top() + 0.5) {
      NewPage();
      layout_top = line_top;
      page_y = m_y;
      line_y = m_y;
    }
    const double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
    SetColour(m_cr, style.colour);
    const double line_x = static_cast<double>(logical.x) / PANGO_SCALE;
    cairo_move_to(m_cr, left() + indent + line_x, page_y + (baseline - layout_top));
    pango_cairo_show_layout_line(m_cr, line);
    m_y = line_y + line_height;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  m_y += space_after;
}

void PageFlow::Heading(const std::string& text, const TextStyle& style, double keep_with,
                       double space_before, double space_after) {
  Layout layout = MakeLayout(text, style, width());
  const double height = Height(layout.get());
  if (m_y > top() + 0.5) m_y += space_before;
  NeedSpace(height + keep_with);
  Draw(layout.get(), left(), m_y, style.colour);
  m_y += height + space_after;
}

}  // namespace soundings::server::pdf
