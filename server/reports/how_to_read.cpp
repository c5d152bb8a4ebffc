#include "server/reports/how_to_read.h"

#include <algorithm>
#include <cstdio>

#include "shared/results/statistics.h"

namespace soundings::server {

namespace {

std::string Number(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

std::vector<std::string> HowToRead360(const Template& tmpl, const Shown360& shown) {
  double low = 1;
  double high = 5;
  for (const auto& key : shown.item_keys) {
    auto scored = FindScoredItem(tmpl, key);
    if (!scored || scored->scale == nullptr || scored->scale->points.empty()) continue;
    low = scored->scale->points.front().value;
    high = scored->scale->points.back().value;
    if (low > high) std::swap(low, high);
    break;
  }
  const double threshold = shown.gaps.empty() ? (high - low) / 3 : shown.gaps.front().threshold;
  std::vector<std::string> out;
  out.push_back("Ratings are on a scale of " + Number(low, 0) + " to " + Number(high, 0) +
                "; higher is more favourable. Each bar is the mean rating of one rater group. "
                "\"All others\" is everyone who rated you except yourself.");
  out.emplace_back(
      "A group with too few responses to stay anonymous is not shown: it reads \"fewer than "
      "N\". A second group may be hidden too, when its figure and \"all others\" would let the "
      "hidden one be worked out.");
  out.push_back("A blind spot is where you rate yourself at least " + Number(threshold, 2) +
                " points higher than others do; a hidden strength is where others rate you at "
                "least " +
                Number(threshold, 2) +
                " points higher than you rate yourself. Both need your own rating and enough "
                "others'.");
  std::string comments =
      "Comments are in the raters' own words, in no particular order. A group's comments "
      "appear under its name only when enough of it responded and its scores are shown; "
      "otherwise they are pooled with another group's as \"Other raters\", or withheld when even "
      "that could identify someone.";
  for (const auto& group : tmpl.rater_groups) {
    if (group.named) {
      comments += " " + Pick(group.label, tmpl.DefaultLanguage()) +
                  " comments always appear under that name, as its raters were told.";
    }
  }
  out.push_back(comments);
  out.emplace_back(
      "Means are given to two decimal places and percentages to whole numbers, on the web "
      "page and in the PDF alike.");
  return out;
}

std::optional<std::string> NotEnoughToShow(const Shown360& shown, const std::string& subject) {
  for (const auto* views : {&shown.items, &shown.competencies}) {
    for (const auto& [key, view] : *views) {
      if (view.all_others.mean.shown()) return std::nullopt;
    }
  }
  int others = 0;
  for (const auto& [group, count] : shown.responses) {
    if (group != "self") others += count;
  }
  if (others == 0) {
    return "Nobody other than " + subject +
           " has answered yet, so there is nothing from others "
           "to show.";
  }
  return "Not enough people other than " + subject +
         " have answered for their ratings to be shown without identifying them, so this report "
         "has no figures from others.";
}

}  // namespace soundings::server
