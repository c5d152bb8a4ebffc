#pragma once
// What every section of the individual 360 PDF draws with (individual_report_pdf.cpp): the
// report's JSON read defensively (a missing part is drawn as "none", never a crash), the
// colours, the text styles, labels at a fixed place and the one table. Not for use elsewhere.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/pdf/page_flow.h"

namespace soundings::server::pdf::drawing {

/// `object[key]`, or null when `object` is no object or has no such key.
const nlohmann::json& At(const nlohmann::json& object, const char* key);
/// The string, or `fallback` for anything else.
std::string Text(const nlohmann::json& value, const std::string& fallback = "");
/// `value` with `decimals` decimals.
std::string Fixed(double value, int decimals);
/// Two decimals with a sign: "+0.25".
std::string Signed(double value);

/// A CellValue as the report prints it.
struct Cell {
  enum class State { kShown, kSuppressed, kNotDefined };
  State state = State::kNotDefined;
  double value = 0;
  std::string text;  // "fewer than 3*" when suppressed
  bool shown() const { return state == State::kShown; }
};

/// The CellValue JSON of shown_json.h as a Cell.
Cell CellOf(const nlohmann::json& value);
/// A mean as printed: two decimals, the suppression text, or a dash when there is none.
std::string MeanText(const Cell& cell);

// Colours: dark enough for 4.5:1 against white, and told apart by label too.
extern const Rgb kInk;
extern const Rgb kMuted;
extern const Rgb kRule;
extern const Rgb kGrid;
extern const Rgb kBand;
extern const Rgb kWhite;
extern const Rgb kZebra;
extern const Rgb kOthers;
extern const Rgb kBlindSpot;
extern const Rgb kHiddenStrength;
/// The colour of a rater group; others by their place in the report.
Rgb GroupColour(const std::string& group, std::size_t index);

/// What the report says, gathered once.
struct Report {
  const nlohmann::json& root;
  std::string subject;
  std::string campaign;
  std::string kind_title;           // "360-degree feedback report", "Self-assessment report"
  std::vector<std::string> groups;  // rater groups in template order
  std::map<std::string, std::string> group_labels;
  double scale_min = 1;
  double scale_max = 5;

  std::string GroupLabel(const std::string& id) const {
    auto it = group_labels.find(id);
    if (it != group_labels.end() && !it->second.empty()) return it->second;
    if (id == "self") return "Self";
    return id;
  }
  std::string ItemLabel(const std::string& key) const {
    return Text(At(At(At(At(root, "labels"), "items"), key.c_str()), "text"), key);
  }
  std::string CompetencyLabel(const std::string& id) const {
    return Text(At(At(At(root, "labels"), "competencies"), id.c_str()), id);
  }
  std::string KeyLabel(const nlohmann::json& entry) const {
    const std::string key = Text(At(entry, "key"));
    return At(entry, "competency") == true ? CompetencyLabel(key) : ItemLabel(key);
  }
  const nlohmann::json& body() const { return At(root, "report"); }
  /// Whether `group` gave no response at all: its cells read "no responses", not "fewer than 1".
  bool Silent(const std::string& group) const {
    for (const auto& rate : At(root, "response_rates")) {
      if (Text(At(rate, "group")) == group) return At(rate, "received") == 0;
    }
    return false;
  }
};

/// The report's parts from its JSON (ReportService::Individual's reply).
Report Gather(const nlohmann::json& root);

TextStyle Style(double size, bool bold = false, Rgb colour = kInk, bool italic = false);
extern const TextStyle kBody;
extern const TextStyle kSmall;
extern const TextStyle kH1;
extern const TextStyle kH2;
extern const TextStyle kH3;

/// Text drawn at a fixed place (no page flow), optionally right-aligned to x; its height.
double Label(PageFlow& flow, const std::string& text, const TextStyle& style, double x, double y,
             double width, bool right_align = false);

/// A PDF outline entry.
struct Bookmark {
  std::string title;
  int page = 1;
  double y = 0;
};

/// A column of DrawTable.
struct Column {
  std::string title;
  double width = 0;
  bool right = false;
};

/// A row of DrawTable.
struct Row {
  std::vector<std::string> cells;
  std::vector<bool> muted;  // cells printed as suppression text
  bool band = false;        // a full-width sub-heading row
};

/// A simple table: wrapped cells, a header repeated after a page break.
void DrawTable(PageFlow& flow, const std::vector<Column>& columns, const std::vector<Row>& rows,
               double font = 8.5);

}  // namespace soundings::server::pdf::drawing
