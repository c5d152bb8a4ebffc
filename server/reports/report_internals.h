#pragma once
// What the files of ReportService share: helpers of the facade (report_service.cpp) and of
// each report's own file (individual_report.cpp, team_report.cpp, ...). Not for use elsewhere.

#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/reports/report_service.h"
#include "shared/results/three_sixty.h"

namespace soundings::server::report_internals {

/// Each response as the 360 maths reads it: its rater group and answers.
std::vector<RaterResponse> RaterResponses(const std::vector<const ReportResponse*>& responses);
/// Whether the item's answers are free text (a comment, short or long text).
bool IsTextItem(const Item& item);
/// Adds the smallest suppression threshold seen in `cell` to `minimums`.
void NoteSuppressed(const CellValue& cell, std::set<int>& minimums);
/// `r`'s answers re-expressed on the campaign's template version (`versions.current`); cleared
/// when they cannot be (another template, a version no longer stored).
void MapToCurrent(const TemplateVersions& versions, ReportResponse& r);
/// The reply's "footnotes": one sentence per threshold in `minimums`.
void AddFootnotes(nlohmann::json& out, const std::set<int>& minimums);

}  // namespace soundings::server::report_internals
