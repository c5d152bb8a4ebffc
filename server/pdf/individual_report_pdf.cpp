#include "server/pdf/individual_report_pdf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include <cairo-pdf.h>

#include "server/pdf/page_flow.h"
#include "server/pdf/report_drawing.h"

namespace soundings::server::pdf {

using nlohmann::json;

using namespace drawing;  // NOLINT(google-build-using-namespace): the report's drawing parts

namespace {

// ---- the sections ----

void TitleBlock(PageFlow& flow, const Report& report) {
  cairo_t* cr = flow.cr();
  const double band_height = 150;
  SetColour(cr, kBand);
  cairo_rectangle(cr, 0, 0, kPageWidth, band_height);
  cairo_fill(cr);
  double y = 44;
  y += Label(flow, report.kind_title, Style(11, false, kWhite), flow.left(), y, flow.width());
  y += 4;
  y += Label(flow, report.subject, Style(24, true, kWhite), flow.left(), y, flow.width());
  y += 4;
  Label(flow, report.campaign, Style(12, false, kWhite), flow.left(), y, flow.width());
  flow.MoveTo(band_height + 22);
  flow.Paragraph(
      "Confidential: for " + report.subject +
          " and the people supporting their development. No rater is named, and groups too "
          "small to keep their answers anonymous are shown as \"fewer than N\".",
      kSmall, 0, 10);
}

// Per group: received, invited, and the server's sentence on what this report does with the
// group's scores and comments (comment_plan.h), so the PDF and the web page say the same.
void ResponsesTable(PageFlow& flow, const Report& report) {
  flow.Heading("Who responded", kH2, 80, 4);
  std::vector<Column> columns = {{"Rater group", flow.width() * 0.24, false},
                                 {"Received", flow.width() * 0.11, true},
                                 {"Invited", flow.width() * 0.11, true},
                                 {"In this report", flow.width() * 0.54, false}};
  std::vector<Row> rows;
  for (const auto& rate : At(report.root, "response_rates")) {
    const std::string group = Text(At(rate, "group"));
    const int received = At(rate, "received").is_number() ? At(rate, "received").get<int>() : 0;
    const int invited = At(rate, "invited").is_number() ? At(rate, "invited").get<int>() : 0;
    const bool muted = Text(At(rate, "scores")) != "shown";
    rows.push_back({{report.GroupLabel(group), std::to_string(received), std::to_string(invited),
                     Text(At(rate, "in_report"))},
                    {false, false, false, muted},
                    false});
  }
  if (rows.empty()) {
    flow.Paragraph("No invitations were made for this person.", kBody);
    return;
  }
  DrawTable(flow, columns, rows, 9);
  const std::string not_enough = Text(At(report.root, "not_enough"));
  if (!not_enough.empty()) flow.Paragraph(not_enough, Style(10, true, kInk), 0, 8);
}

void HowToRead(PageFlow& flow, const Report& report) {
  const json& paragraphs = At(report.root, "how_to_read");
  if (!paragraphs.is_array() || paragraphs.empty()) return;
  flow.Heading("How to read this report", kH2, 40);
  for (const auto& paragraph : paragraphs) flow.Paragraph(Text(paragraph), kBody, 0, 4);
  flow.Advance(4);
}

double XOf(const Report& report, double value, double x0, double width) {
  const double t = (value - report.scale_min) / (report.scale_max - report.scale_min);
  return x0 + std::clamp(t, 0.0, 1.0) * width;
}

// Tick numbers over a plot area, one per whole scale point, centred on their gridline.
void CentredTicks(PageFlow& flow, const Report& report, double x0, double width) {
  for (double v = std::ceil(report.scale_min); v <= report.scale_max + 1e-9; v += 1) {
    const double x = XOf(report, v, x0, width);
    TextStyle style = Style(7.5, false, kMuted);
    style.align = PANGO_ALIGN_CENTER;
    Layout layout = flow.MakeLayout(Fixed(v, 0), style, 20);
    flow.Draw(layout.get(), x - 10, flow.y(), kMuted);
  }
  flow.Advance(11);
}

void GridLines(PageFlow& flow, const Report& report, double x0, double width, double y0,
               double y1) {
  cairo_t* cr = flow.cr();
  SetColour(cr, kGrid);
  cairo_set_line_width(cr, 0.5);
  for (double v = std::ceil(report.scale_min); v <= report.scale_max + 1e-9; v += 1) {
    const double x = XOf(report, v, x0, width);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
  }
  cairo_stroke(cr);
}

void CompetencyBars(PageFlow& flow, const Report& report, std::vector<Bookmark>& marks) {
  const json& competencies = At(report.body(), "competencies");
  const json& ids = At(report.body(), "competency_ids");
  flow.NeedSpace(200);
  marks.push_back({"Competencies by rater group", flow.page(), flow.y()});
  flow.Heading("Competencies by rater group", kH1, 150, 6, 4);
  if (!ids.is_array() || ids.empty()) {
    flow.Paragraph("This programme has no competencies to chart.", kBody);
    return;
  }
  flow.Paragraph("Mean rating of each competency's statements, by rater group.", kSmall, 0, 6);
  const double label_width = 112;
  const double value_width = 92;
  const double x0 = flow.left() + label_width;
  const double plot = flow.width() - label_width - value_width - 8;
  const double row = 15;
  std::vector<std::pair<std::string, const json*>> lines;
  for (const auto& id_json : ids) {
    const std::string id = Text(id_json);
    const json& competency = At(competencies, id.c_str());
    lines.clear();
    for (const auto& g : report.groups)
      lines.emplace_back(g, &At(At(competency, "by_group"), g.c_str()));
    lines.emplace_back("", &At(competency, "all_others"));

    // Each row is as tall as its label: a long group name wraps instead of overlapping.
    std::vector<Layout> labels;
    std::vector<double> heights;
    double rows_height = 0;
    for (const auto& [group, summary] : lines) {
      const bool others = group.empty();
      labels.push_back(flow.MakeLayout(others ? "All others" : report.GroupLabel(group),
                                       Style(8.5, others, kInk), label_width - 6));
      heights.push_back(std::max(row, PageFlow::Height(labels.back().get()) + 3));
      rows_height += heights.back();
    }
    Layout title = flow.MakeLayout(report.CompetencyLabel(id), kH3, flow.width());
    const double block = PageFlow::Height(title.get()) + 4 + 11 + rows_height + 12;
    flow.NeedSpace(block);
    flow.Draw(title.get(), flow.left(), flow.y(), kInk);
    flow.Advance(PageFlow::Height(title.get()) + 4);
    CentredTicks(flow, report, x0, plot);
    const double rows_top = flow.y();
    GridLines(flow, report, x0, plot, rows_top, rows_top + rows_height);
    std::size_t index = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& [group, summary] = lines[i];
      const bool others = group.empty();
      const Rgb colour = others ? kOthers : GroupColour(group, index++);
      const double y = flow.y();
      const double h = heights[i];
      flow.Draw(labels[i].get(), flow.left(), y + 1.5, kInk);
      const double bar_top = y + (h - (row - 6)) / 2;
      const Cell mean = CellOf(At(*summary, "mean"));
      if (mean.shown()) {
        SetColour(flow.cr(), colour);
        const double x1 = XOf(report, mean.value, x0, plot);
        cairo_rectangle(flow.cr(), x0, bar_top, std::max(1.0, x1 - x0), row - 6);
        cairo_fill(flow.cr());
        Label(flow, Fixed(mean.value, 2), Style(8.5, others, kInk), x0 + plot + 8, bar_top - 1.5,
              value_width);
      } else {
        // No bar: a hidden or missing figure is never drawn as a zero.
        SetColour(flow.cr(), kRule);
        cairo_set_line_width(flow.cr(), 0.6);
        const double dashes[] = {2, 2};
        cairo_set_dash(flow.cr(), dashes, 2, 0);
        cairo_rectangle(flow.cr(), x0 + 0.3, bar_top + 0.3, plot * 0.12, row - 6.6);
        cairo_stroke(flow.cr());
        cairo_set_dash(flow.cr(), nullptr, 0, 0);
        const bool silent = others ? false : report.Silent(group);
        Label(flow, mean.state == Cell::State::kSuppressed && !silent ? mean.text : "no responses",
              Style(8.5, false, kMuted, true), x0 + plot + 8, bar_top - 1.5, value_width);
      }
      flow.Advance(h);
    }
    // The scale's left end.
    SetColour(flow.cr(), kInk);
    cairo_set_line_width(flow.cr(), 0.8);
    cairo_move_to(flow.cr(), x0, rows_top);
    cairo_line_to(flow.cr(), x0, flow.y());
    cairo_stroke(flow.cr());
    flow.Advance(12);
  }
}

void ItemTable(PageFlow& flow, const Report& report, std::vector<Bookmark>& marks) {
  const json& items = At(report.body(), "items");
  const json& keys = At(report.body(), "item_keys");
  if (!keys.is_array() || keys.empty()) return;
  flow.NewPage();
  marks.push_back({"Each statement", flow.page(), flow.y()});
  flow.Heading("Each statement", kH1, 80, 0, 4);
  flow.Paragraph("Mean rating of each statement by rater group.", kSmall, 0, 6);
  const std::size_t figures = report.groups.size() + 1;
  const double figure_width = std::min(54.0, (flow.width() - 170) / static_cast<double>(figures));
  std::vector<Column> columns = {
      {"Statement", flow.width() - figure_width * static_cast<double>(figures), false}};
  for (const auto& g : report.groups) columns.push_back({report.GroupLabel(g), figure_width, true});
  columns.push_back({"All others", figure_width, true});

  std::vector<Row> rows;
  std::string competency = "\x01";
  for (const auto& key_json : keys) {
    const std::string key = Text(key_json);
    const std::string in =
        Text(At(At(At(At(report.root, "labels"), "items"), key.c_str()), "competency"));
    if (in != competency) {
      competency = in;
      rows.push_back({{in.empty() ? "Other statements" : report.CompetencyLabel(in)}, {}, true});
    }
    Row row;
    row.cells.push_back(report.ItemLabel(key));
    row.muted.push_back(false);
    const json& item = At(items, key.c_str());
    for (const auto& g : report.groups) {
      const Cell mean = CellOf(At(At(At(item, "by_group"), g.c_str()), "mean"));
      row.cells.push_back(report.Silent(g) ? "none" : MeanText(mean));
      row.muted.push_back(!mean.shown());
    }
    const Cell others = CellOf(At(At(item, "all_others"), "mean"));
    row.cells.push_back(MeanText(others));
    row.muted.push_back(!others.shown());
    rows.push_back(std::move(row));
  }
  DrawTable(flow, columns, rows, 8);
}

void GapChart(PageFlow& flow, const Report& report, const json& gaps,
              std::vector<Bookmark>& marks) {
  flow.NeedSpace(160);
  marks.push_back({"Self and others compared", flow.page(), flow.y()});
  flow.Heading("Self and others compared", kH1, 120, 14, 4);
  if (!gaps.is_array() || gaps.empty()) {
    flow.Paragraph(
        "Nothing to compare: your own rating and others' are not both shown for any statement.",
        kBody);
    return;
  }
  const double label_width = 200;
  const double gap_width = 84;
  const double x0 = flow.left() + label_width + 6;
  const double plot = flow.width() - label_width - gap_width - 18;

  // Legend.
  cairo_t* cr = flow.cr();
  auto self_marker = [&](double x, double y) {
    SetColour(cr, GroupColour("self", 0));
    cairo_move_to(cr, x, y - 4.5);
    cairo_line_to(cr, x + 4.5, y);
    cairo_line_to(cr, x, y + 4.5);
    cairo_line_to(cr, x - 4.5, y);
    cairo_close_path(cr);
    cairo_fill(cr);
  };
  auto others_marker = [&](double x, double y) {
    SetColour(cr, kOthers);
    cairo_arc(cr, x, y, 3.6, 0, 2 * M_PI);
    cairo_fill(cr);
  };
  {
    const double y = flow.y() + 6;
    self_marker(flow.left() + 5, y);
    Label(flow, "your own rating", kSmall, flow.left() + 14, y - 6, 100);
    others_marker(flow.left() + 110, y);
    Label(flow, "all others' mean", kSmall, flow.left() + 119, y - 6, 100);
    SetColour(cr, kBlindSpot);
    cairo_rectangle(cr, flow.left() + 215, y - 1.5, 14, 3);
    cairo_fill(cr);
    Label(flow, "blind spot", kSmall, flow.left() + 233, y - 6, 80);
    SetColour(cr, kHiddenStrength);
    cairo_rectangle(cr, flow.left() + 295, y - 1.5, 14, 3);
    cairo_fill(cr);
    Label(flow, "hidden strength", kSmall, flow.left() + 313, y - 6, 100);
    flow.Advance(18);
  }

  // Competencies first, then statements, each in the report's order.
  std::vector<const json*> ordered;
  for (const auto& g : gaps)
    if (At(g, "competency") == true) ordered.push_back(&g);
  for (const auto& g : gaps)
    if (At(g, "competency") != true) ordered.push_back(&g);

  bool need_axis = true;
  for (const json* gap : ordered) {
    if (!At(*gap, "self").is_number() || !At(*gap, "others").is_number()) continue;
    const double self = At(*gap, "self").get<double>();
    const double others = At(*gap, "others").get<double>();
    const std::string kind = Text(At(*gap, "kind"));
    const bool competency = At(*gap, "competency") == true;
    Layout label = flow.MakeLayout(report.KeyLabel(*gap), Style(8.5, competency), label_width);
    const double height = std::max(PageFlow::Height(label.get()), 12.0) + 5;
    if (flow.y() + height + (need_axis ? 11 : 0) > flow.bottom()) {
      flow.NewPage();
      need_axis = true;
    }
    if (need_axis) {
      CentredTicks(flow, report, x0, plot);
      need_axis = false;
    }
    const double y = flow.y();
    const double mid = y + 2 + std::max(PageFlow::Height(label.get()), 12.0) / 2;
    GridLines(flow, report, x0, plot, y, y + height);
    flow.Draw(label.get(), flow.left(), y + 2, kInk);
    const double xs = XOf(report, self, x0, plot);
    const double xo = XOf(report, others, x0, plot);
    const Rgb line = kind == "blind_spot"        ? kBlindSpot
                     : kind == "hidden_strength" ? kHiddenStrength
                                                 : kRule;
    SetColour(cr, line);
    cairo_set_line_width(cr, kind == "none" ? 1.5 : 3);
    cairo_move_to(cr, xo, mid);
    cairo_line_to(cr, xs, mid);
    cairo_stroke(cr);
    others_marker(xo, mid);
    self_marker(xs, mid);
    const double gap_value =
        At(*gap, "gap").is_number() ? At(*gap, "gap").get<double>() : self - others;
    std::string gap_text = Signed(gap_value);
    if (kind == "blind_spot") gap_text += " blind spot";
    if (kind == "hidden_strength") gap_text += " hidden strength";
    Label(flow, gap_text,
          Style(8, kind != "none",
                kind == "blind_spot"        ? kBlindSpot
                : kind == "hidden_strength" ? kHiddenStrength
                                            : kMuted),
          x0 + plot + 10, mid - 5.5, gap_width);
    flow.Advance(height);
  }
  flow.Advance(8);
}

void Ranked(PageFlow& flow, const Report& report, const std::string& title,
            const std::string& intro, const json& entries, const std::string& none,
            std::vector<Bookmark>& marks) {
  flow.NeedSpace(90);
  marks.push_back({title, flow.page(), flow.y()});
  flow.Heading(title, kH2, 50, 12, 3);
  flow.Paragraph(intro, kSmall, 0, 5);
  if (!entries.is_array() || entries.empty()) {
    flow.Paragraph(none, Style(9.5, false, kMuted, true));
    return;
  }
  int n = 0;
  for (const auto& entry : entries) {
    std::string detail;
    if (At(entry, "others_mean").is_number()) {
      detail = "All others' mean " + Fixed(At(entry, "others_mean").get<double>(), 2);
    }
    if (At(entry, "others_favourable_pct").is_number()) {
      detail += (detail.empty() ? "" : " · ") +
                Fixed(At(entry, "others_favourable_pct").get<double>(), 0) + "% favourable";
    }
    if (At(entry, "self").is_number() && At(entry, "others").is_number()) {
      detail = "Your rating " + Fixed(At(entry, "self").get<double>(), 2) + " · all others " +
               Fixed(At(entry, "others").get<double>(), 2) + " · gap " +
               Signed(At(entry, "gap").is_number()
                          ? At(entry, "gap").get<double>()
                          : At(entry, "self").get<double>() - At(entry, "others").get<double>());
    }
    flow.NeedSpace(28);
    flow.Paragraph(std::to_string(++n) + ".  " + report.KeyLabel(entry), kBody, 0, 1);
    if (!detail.empty()) flow.Paragraph(detail, kSmall, 16, 5);
  }
}

void Comments(PageFlow& flow, const Report& report, std::vector<Bookmark>& marks) {
  const json& comments = At(report.root, "comments");
  flow.NeedSpace(120);
  marks.push_back({"Comments", flow.page(), flow.y()});
  flow.Heading("Comments", kH1, 80, 16, 4);
  flow.Paragraph(
      "In the raters' own words, by rater group and in no particular order. A group's comments "
      "appear under its name only when enough of it responded and its scores are shown; "
      "otherwise they are pooled as \"Other raters\", or withheld when even that could identify "
      "someone.",
      kSmall, 0, 6);
  if (!comments.is_array() || comments.empty()) {
    flow.Paragraph("This programme asks for no comments.", Style(9.5, false, kMuted, true));
    return;
  }
  for (const auto& question : comments) {
    flow.Heading(Text(At(question, "text"), Text(At(question, "item"))), kH3, 40, 8, 4);
    // The groups shown or withheld under their own names, then the pool of the others.
    std::vector<std::pair<std::string, const json*>> blocks;
    for (const auto& group : At(question, "groups")) {
      blocks.emplace_back(report.GroupLabel(Text(At(group, "group"))), &group);
    }
    const json& pooled = At(question, "pooled");
    if (pooled.is_object()) {
      std::string labels;
      for (const auto& label : At(pooled, "labels")) {
        labels += (labels.empty() ? "" : ", ") + Text(label);
      }
      blocks.emplace_back("Other raters (" + labels + ")", &pooled);
    }
    std::size_t index = 0;
    for (const auto& [heading_text, block] : blocks) {
      const Cell count = CellOf(At(*block, "count"));
      const json& texts = At(*block, "comments");
      std::string heading = heading_text;
      if (count.shown()) {
        const int n = static_cast<int>(count.value);
        heading += " · " + std::to_string(n) + (n == 1 ? " comment" : " comments");
      }
      flow.NeedSpace(30);
      TextStyle group_style = Style(9, true, GroupColour(Text(At(*block, "group")), index++));
      flow.Paragraph(heading, group_style, 8, 2);
      if (count.state == Cell::State::kSuppressed) {
        flow.Paragraph(
            "Withheld: " + count.text + " responses, too few to keep their writers anonymous.",
            Style(9, false, kMuted, true), 16, 5);
        continue;
      }
      if (!texts.is_array() || texts.empty()) {
        flow.Paragraph("No comments.", Style(9, false, kMuted, true), 16, 5);
        continue;
      }
      TextStyle bullet = kBody;
      bullet.hanging = 9;
      for (const auto& text : texts) flow.Paragraph("•\t" + Text(text), bullet, 16, 3);
      flow.Advance(3);
    }
    if (blocks.empty()) flow.Paragraph("No comments.", Style(9, false, kMuted, true), 8, 5);
  }
}

void Decorate(cairo_t* cr, PageFlow& flow, int page, int total, const Report& report) {
  if (page > 1) {
    Label(flow, report.kind_title + " · " + report.subject, Style(8, false, kMuted), flow.left(),
          30, flow.width());
    SetColour(cr, kRule);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, flow.left(), 44);
    cairo_line_to(cr, flow.right(), 44);
    cairo_stroke(cr);
  }
  const double y = kPageHeight - 46;
  SetColour(cr, kRule);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, flow.left(), y - 6);
  cairo_line_to(cr, flow.right(), y - 6);
  cairo_stroke(cr);
  Label(flow, report.campaign + " · Confidential", Style(8, false, kMuted), flow.left(), y,
        flow.width() * 0.7);
  const std::string number =
      "Page " + std::to_string(page) + (total > 0 ? " of " + std::to_string(total) : "");
  Label(flow, number, Style(8, false, kMuted), flow.left(), y, flow.width(), true);
}

void DrawReport(PageFlow& flow, const Report& report, std::vector<Bookmark>& marks) {
  const json& body = report.body();
  const json& gaps = At(body, "gaps");
  TitleBlock(flow, report);
  ResponsesTable(flow, report);
  HowToRead(flow, report);
  CompetencyBars(flow, report, marks);
  ItemTable(flow, report, marks);
  GapChart(flow, report, gaps, marks);
  Ranked(flow, report, "Strengths",
         "The statements all others rated highest (from figures shown in this report).",
         At(body, "strengths"), "None: too few figures are shown to rank.", marks);
  Ranked(flow, report, "Development areas",
         "The statements all others rated lowest (from figures shown in this report).",
         At(body, "development_areas"), "None: too few figures are shown to rank.", marks);
  json blind = json::array(), hidden = json::array();
  if (gaps.is_array()) {
    for (const auto& g : gaps) {
      if (Text(At(g, "kind")) == "blind_spot") blind.push_back(g);
      if (Text(At(g, "kind")) == "hidden_strength") hidden.push_back(g);
    }
  }
  // "None" only where a comparison was possible: an empty report has no blind spots to find.
  bool self_answered = false;
  for (const auto& rate : At(report.root, "response_rates")) {
    if (Text(At(rate, "group")) == "self" && At(rate, "received").is_number()) {
      self_answered = At(rate, "received").get<int>() > 0;
    }
  }
  const bool comparable = self_answered && Text(At(report.root, "not_enough")).empty();
  const std::string cannot =
      "Cannot be worked out: it needs your own rating and enough of others' to compare.";
  Ranked(flow, report, "Blind spots",
         "Where you rated yourself noticeably higher than all others did.", blind,
         comparable ? "None: nowhere did you rate yourself noticeably higher than others did."
                    : cannot,
         marks);
  Ranked(flow, report, "Hidden strengths",
         "Where all others rated you noticeably higher than you rated yourself.", hidden,
         comparable ? "None: nowhere did others rate you noticeably higher than you did." : cannot,
         marks);
  Comments(flow, report, marks);
  const std::string footnote = Text(At(body, "footnote"));
  if (!footnote.empty()) {
    flow.Advance(10);
    flow.Paragraph(footnote, Style(8.5, false, kMuted, true));
  }
}

cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Pass {
  std::string bytes;
  int pages = 0;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
};

// One rendering; `total` pages for the footer ("Page 2 of 7"), 0 when not yet known.
Pass RenderPass(const Report& report, const PdfOptions& options, int total) {
  Pass pass;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendTo, &pass.bytes, kPageWidth, kPageHeight);
  const std::string title = report.kind_title + ": " + report.subject;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, report.campaign.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Soundings");
  cairo_t* cr = cairo_create(surface);
  std::vector<Bookmark> marks;
  {
    PageFlow flow(cr, options.font_family, [&report, total](cairo_t* c, PageFlow& f, int page) {
      Decorate(c, f, page, total, report);
    });
    DrawReport(flow, report, marks);
    flow.Finish();
    pass.pages = flow.page();
  }
  for (const auto& mark : marks) {
    const std::string link = "page=" + std::to_string(mark.page) + " pos=[" + Fixed(56, 0) + " " +
                             Fixed(mark.y, 0) + "]";
    cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, mark.title.c_str(), link.c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
  }
  pass.status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (pass.status == CAIRO_STATUS_SUCCESS) pass.status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  return pass;
}

// cairo, pango, fontconfig and HarfBuzz share font, glyph and freed-object caches between threads,
// guarded by their own atomics. Drawing one PDF at a time keeps two renders out of each other's
// way whatever those libraries' versions promise, and shows the order to ThreadSanitizer (CI's
// TSan stage saw two worker threads' renders race inside cairo). A report draws in well under a
// second, so a second request waits that long at most.
std::mutex& RenderMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

Result<std::string> RenderIndividualReportPdf(const json& root, const PdfOptions& options) {
  const Report report = Gather(root);
  const std::lock_guard<std::mutex> one_at_a_time(RenderMutex());
  // Two passes: the first counts the pages so every footer can say "of N".
  Pass first = RenderPass(report, options, 0);
  if (first.status != CAIRO_STATUS_SUCCESS) {
    return Problem{"", std::string("cannot draw the PDF: ") + cairo_status_to_string(first.status)};
  }
  Pass second = RenderPass(report, options, first.pages);
  if (second.status != CAIRO_STATUS_SUCCESS) {
    return Problem{"",
                   std::string("cannot draw the PDF: ") + cairo_status_to_string(second.status)};
  }
  return std::move(second.bytes);
}

Status WriteIndividualReportPdf(const json& report, const std::filesystem::path& file,
                                const PdfOptions& options) {
  auto pdf = RenderIndividualReportPdf(report, options);
  if (!pdf) return pdf.problems();
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(pdf->data(), static_cast<std::streamsize>(pdf->size()));
  out.close();
  if (!out) return Problem{file.string(), "cannot write the PDF here"};
  return Ok{};
}

}  // namespace soundings::server::pdf
