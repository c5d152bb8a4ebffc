#pragma once
// A4 pages that fill from the top: a cursor, margins, text set with pango (wrapped to a width,
// broken line by line across pages), and a footer on every page. The report files draw their
// content through it; nothing here knows what a 360 is.

#include <functional>
#include <memory>
#include <string>

#include <cairo.h>
#include <pango/pangocairo.h>

namespace soundings::server::pdf {

/// An A4 page in PDF points (1/72 inch).
inline constexpr double kPageWidth = 595.276;
inline constexpr double kPageHeight = 841.89;

struct Rgb {
  double r = 0, g = 0, b = 0;
};
/// "#1d4f91" as components in 0..1.
Rgb Hex(unsigned value);
void SetColour(cairo_t* cr, Rgb colour);

/// How a run of text is set.
struct TextStyle {
  double size = 10;  // points
  bool bold = false;
  bool italic = false;
  Rgb colour = Hex(0x1a1a1a);
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double hanging = 0;  // points the second and later lines sit in from the first
};

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

class PageFlow {
 public:
  /// Called just before a page is finished with its 1-based number, to draw header and footer.
  using PageDecoration = std::function<void(cairo_t*, PageFlow&, int page)>;

  /// Draws on `cr` (a PDF surface of A4 pages); `family` is a pango family list.
  PageFlow(cairo_t* cr, std::string family, PageDecoration decoration);
  ~PageFlow();
  PageFlow(const PageFlow&) = delete;
  PageFlow& operator=(const PageFlow&) = delete;

  cairo_t* cr() const { return m_cr; }
  double left() const { return kMarginLeft; }
  double right() const { return kPageWidth - kMarginRight; }
  double width() const { return right() - left(); }
  double top() const { return kMarginTop; }
  double bottom() const { return kPageHeight - kMarginBottom; }
  /// The cursor: where the next thing is drawn.
  double y() const { return m_y; }
  void Advance(double points) { m_y += points; }
  void MoveTo(double y) { m_y = y; }
  /// Pages begun so far (1 after construction).
  int page() const { return m_page; }

  /// Starts a new page unless `height` more points fit below the cursor (or the cursor is
  /// already at the top, where nothing more can be gained).
  void NeedSpace(double height);
  void NewPage();
  /// Finishes the last page; call once at the end.
  void Finish();

  /// A layout of `text` in `style`, wrapped at `width` points (0: no wrapping).
  Layout MakeLayout(const std::string& text, const TextStyle& style, double width) const;
  /// The layout's height in points.
  static double Height(PangoLayout* layout);
  /// The layout's width of its widest line in points.
  static double Width(PangoLayout* layout);
  /// Draws the layout with its top-left corner at (x, y); no page breaks.
  void Draw(PangoLayout* layout, double x, double y, Rgb colour) const;
  /// Sets `text` at the cursor, `indent` points in from the left margin, and moves the cursor
  /// past it; breaks between lines when the page is full.
  void Paragraph(const std::string& text, const TextStyle& style, double indent = 0,
                 double space_after = 4);
  /// A heading kept with at least `keep_with` points of what follows.
  void Heading(const std::string& text, const TextStyle& style, double keep_with = 60,
               double space_before = 10, double space_after = 6);

 private:
  static constexpr double kMarginLeft = 56;
  static constexpr double kMarginRight = 56;
  static constexpr double kMarginTop = 62;
  static constexpr double kMarginBottom = 70;

  cairo_t* m_cr;
  PangoContext* m_context;
  std::string m_family;
  PageDecoration m_decoration;
  double m_y = kMarginTop;
  int m_page = 1;
  bool m_finished = false;
};

}  // namespace soundings::server::pdf
