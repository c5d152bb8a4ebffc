// The parts of the individual 360 PDF every section uses: the report's JSON read defensively,
// colours, text styles, labels and the one table (report_drawing.h).
#include "server/pdf/report_drawing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace soundings::server::pdf::drawing {

using nlohmann::json;

// ---- the JSON, read defensively: a missing part is drawn as "none", never a crash ----

const json& At(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Text(const json& value, const std::string& fallback) {
  return value.is_string() ? value.get<std::string>() : fallback;
}

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string Signed(double value) { return (value > 0 ? "+" : "") + Fixed(value, 2); }

Cell CellOf(const json& value) {
  Cell cell;
  if (At(value, "value").is_number()) {
    cell.state = Cell::State::kShown;
    cell.value = At(value, "value").get<double>();
  } else if (Text(At(value, "status")) == "suppressed") {
    cell.state = Cell::State::kSuppressed;
    const json& threshold = At(value, "threshold");
    cell.text = Text(At(value, "text"),
                     "fewer than " +
                         (threshold.is_number_integer() ? std::to_string(threshold.get<int>())
                                                        : std::string("the minimum")) +
                         "*");
  }
  return cell;
}

// A mean as printed: two decimals, the suppression text, or a dash when there is none.
std::string MeanText(const Cell& cell) {
  switch (cell.state) {
    case Cell::State::kShown:
      return Fixed(cell.value, 2);
    case Cell::State::kSuppressed:
      return cell.text;
    case Cell::State::kNotDefined:
      break;
  }
  return "–";
}

// ---- colours: dark enough for 4.5:1 against white, and told apart by label too ----

const Rgb kInk = Hex(0x1a1a1a);
const Rgb kMuted = Hex(0x4a4a4a);
const Rgb kRule = Hex(0xb8b8b8);
const Rgb kGrid = Hex(0xdedede);
const Rgb kBand = Hex(0x1d3557);
const Rgb kWhite = Hex(0xffffff);
const Rgb kZebra = Hex(0xf3f5f8);
const Rgb kOthers = Hex(0x3d3d3d);
const Rgb kBlindSpot = Hex(0xb03a2e);
const Rgb kHiddenStrength = Hex(0x1e7b45);

Rgb GroupColour(const std::string& group, std::size_t index) {
  if (group == "self") return Hex(0x1d4f91);
  if (group == "manager") return Hex(0xa04d00);
  if (group == "peer") return Hex(0x1e6b5c);
  if (group == "staff") return Hex(0x7b3f98);
  static const unsigned kOthersPalette[] = {0x8a5a00, 0x2f5d8a, 0x8a2f5d, 0x4d6b1e};
  return Hex(kOthersPalette[index % 4]);
}

// ---- what the report says, gathered once ----

Report Gather(const json& root) {
  Report report{root,
                Text(At(At(root, "subject"), "display_name"), "Unnamed person"),
                Text(At(At(root, "campaign"), "title"), "360 appraisal"),
                Text(At(At(root, "campaign"), "kind")) == "self_assessment"
                    ? "Self-assessment report"
                    : "360-degree feedback report",
                {},
                {},
                1,
                5};
  for (const auto& g : At(report.body(), "groups")) {
    if (g.is_string()) report.groups.push_back(g.get<std::string>());
  }
  for (const auto& [id, label] : At(At(root, "labels"), "groups").items()) {
    report.group_labels[id] = Text(label);
  }
  // The scale's ends come from the points of any item's distribution.
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const auto& [key, item] : At(report.body(), "items").items()) {
    for (const auto& [group, summary] : At(item, "by_group").items()) {
      for (const auto& point : At(summary, "distribution")) {
        if (!At(point, "point").is_number()) continue;
        low = std::min(low, At(point, "point").get<double>());
        high = std::max(high, At(point, "point").get<double>());
      }
    }
  }
  if (std::isfinite(low) && std::isfinite(high) && high > low) {
    report.scale_min = low;
    report.scale_max = high;
  }
  return report;
}

// ---- text styles ----

TextStyle Style(double size, bool bold, Rgb colour, bool italic) {
  TextStyle style;
  style.size = size;
  style.bold = bold;
  style.colour = colour;
  style.italic = italic;
  return style;
}

const TextStyle kBody = Style(9.5);
const TextStyle kSmall = Style(8.5, false, kMuted);
const TextStyle kH1 = Style(15, true, kBand);
const TextStyle kH2 = Style(11.5, true, kInk);
const TextStyle kH3 = Style(10, true, kInk);

// Text drawn at a fixed place (no page flow), optionally right-aligned to x.
double Label(PageFlow& flow, const std::string& text, const TextStyle& style, double x, double y,
             double width, bool right_align) {
  TextStyle aligned = style;
  if (right_align) aligned.align = PANGO_ALIGN_RIGHT;
  Layout layout = flow.MakeLayout(text, aligned, width);
  flow.Draw(layout.get(), x, y, style.colour);
  return PageFlow::Height(layout.get());
}

// ---- a simple table: wrapped cells, a header repeated after a page break ----

void DrawTable(PageFlow& flow, const std::vector<Column>& columns, const std::vector<Row>& rows,
               double font) {
  const double pad = 3;
  auto cell_style = [&](bool bold, bool muted, bool right) {
    TextStyle style = Style(font, bold, muted ? kMuted : kInk, muted);
    if (right) style.align = PANGO_ALIGN_RIGHT;
    return style;
  };
  auto header = [&] {
    std::vector<Layout> layouts;
    double height = 0;
    for (const auto& c : columns) {
      layouts.push_back(
          flow.MakeLayout(c.title, cell_style(true, false, c.right), c.width - 2 * pad));
      height = std::max(height, PageFlow::Height(layouts.back().get()));
    }
    double x = flow.left();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      flow.Draw(layouts[i].get(), x + pad, flow.y() + pad, kInk);
      x += columns[i].width;
    }
    flow.Advance(height + 2 * pad);
    SetColour(flow.cr(), kInk);
    cairo_set_line_width(flow.cr(), 0.8);
    cairo_move_to(flow.cr(), flow.left(), flow.y());
    cairo_line_to(flow.cr(), flow.left() + flow.width(), flow.y());
    cairo_stroke(flow.cr());
    return height + 2 * pad;
  };
  flow.NeedSpace(60);
  header();
  bool zebra = false;
  for (const auto& row : rows) {
    std::vector<Layout> layouts;
    double height = 0;
    if (row.band) {
      layouts.push_back(flow.MakeLayout(row.cells.empty() ? "" : row.cells.front(),
                                        cell_style(true, false, false), flow.width() - 2 * pad));
      height = PageFlow::Height(layouts.back().get());
    } else {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const bool muted = i < row.muted.size() && row.muted[i];
        layouts.push_back(flow.MakeLayout(i < row.cells.size() ? row.cells[i] : "",
                                          cell_style(false, muted, columns[i].right),
                                          columns[i].width - 2 * pad));
        height = std::max(height, PageFlow::Height(layouts.back().get()));
      }
    }
    const double row_height = height + 2 * pad;
    // A band row keeps the first row under it on the same page.
    if (flow.y() + row_height + (row.band ? 18 : 0) > flow.bottom()) {
      flow.NewPage();
      header();
      zebra = false;
    }
    if (row.band) {
      SetColour(flow.cr(), Hex(0xe4e9f0));
      cairo_rectangle(flow.cr(), flow.left(), flow.y(), flow.width(), row_height);
      cairo_fill(flow.cr());
      flow.Draw(layouts.front().get(), flow.left() + pad, flow.y() + pad, kInk);
      zebra = false;
    } else {
      if (zebra) {
        SetColour(flow.cr(), kZebra);
        cairo_rectangle(flow.cr(), flow.left(), flow.y(), flow.width(), row_height);
        cairo_fill(flow.cr());
      }
      zebra = !zebra;
      double x = flow.left();
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const bool muted = i < row.muted.size() && row.muted[i];
        flow.Draw(layouts[i].get(), x + pad, flow.y() + pad, muted ? kMuted : kInk);
        x += columns[i].width;
      }
    }
    flow.Advance(row_height);
  }
  SetColour(flow.cr(), kRule);
  cairo_set_line_width(flow.cr(), 0.5);
  cairo_move_to(flow.cr(), flow.left(), flow.y());
  cairo_line_to(flow.cr(), flow.left() + flow.width(), flow.y());
  cairo_stroke(flow.cr());
  flow.Advance(6);
}

}  // namespace soundings::server::pdf::drawing
