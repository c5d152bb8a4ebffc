#pragma once
// JSON for what the suppression engine lets a report show. Reports and exports serialise these
// rather than raw statistics, so a hidden value cannot slip out through a hand-written field.

#include <nlohmann/json.hpp>

#include "shared/results/suppression.h"

namespace soundings {

/// {"n", "mean", "sd", "favourable_pct", "not_applicable", "distribution": [{"point", "count"}]},
/// each a CellValue JSON; means and sd to 2 decimals, percentages to 1, counts whole. Never fails.
nlohmann::json ToJson(const ShownSummary& summary);

/// A subject's 360: groups, responses received, items and competencies by group and all
/// others, gaps, strengths, development areas, and "footnote" when anything is suppressed.
nlohmann::json ToJson(const Shown360& report);

/// A cross-tab: row and column values, cells, margins, total, the test when shown, and
/// "footnote" when anything is suppressed.
nlohmann::json ToJson(const ShownCrossTab& table);

/// A distribution: [{"value", "count"}], the total, and "footnote" when anything is suppressed.
nlohmann::json ToJson(const ShownDistribution& distribution);

/// One group's comments: {"group", "count", "comments": [...]}; comments empty when suppressed.
nlohmann::json ToJson(const ShownComments& comments);

/// The JSON spelling of a gap kind: "none", "blind_spot", "hidden_strength".
const char* ToString(GapKind kind);

}  // namespace soundings
