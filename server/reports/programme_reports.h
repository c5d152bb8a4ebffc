#pragma once
// Reports from the programme's own aims (ME2E): impact over time (two campaigns of the same
// programme compared per person, team and competency), the coaching and mentoring match list,
// the project-team view, and self-assessment results per service. Built on ReportService's
// public Load() and the ReportStore's read queries; every number reaches the reader as a
// CellValue of the one SuppressionEngine (or is derived from shown ones only). Role rules live
// here, as in ReportService: docs/reports.md has them.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/reports/report_store.h"

namespace soundings::server {

class ProgrammeReports {
 public:
  ProgrammeReports(ReportService& reports, ReportStore& store);

  /// `campaign_id` against `baseline_id` (same template, any versions: the baseline's answers
  /// are mapped to the campaign's version) per competency for each person, team and the
  /// organisation. admin and hr: everything; manager: only their own person and the teams they
  /// lead; analyst: teams and the organisation. 400 without a baseline, 404 for an unknown
  /// campaign, 422 for campaigns of different templates or kinds that are not 360s.
  ServiceResult<nlohmann::json> Impact(const Principal& who, const std::string& campaign_id,
                                       const std::string& baseline_id);
  /// Per competency, managers strong in it and managers developing it, with suggested pairs.
  /// admin and hr only.
  ServiceResult<nlohmann::json> Coaching(const Principal& who, const std::string& campaign_id);
  /// For the subjects whose person ids are `people`, which competencies they cover between them
  /// and which nobody in the group is strong in. admin and hr only; 400 for an empty or too long
  /// list, 404 naming any person who is not a subject of the campaign.
  ServiceResult<nlohmann::json> ProjectTeam(const Principal& who, const std::string& campaign_id,
                                            const std::vector<std::string>& people);
  /// A self-assessment campaign's results per service (each subject's unit rolled up to its
  /// service, or directorate when it has none): per section and item n, mean, sd and %
  /// favourable of all raters. admin, hr, analyst: every service; manager: services they lead
  /// or that lie below a unit they lead.
  ServiceResult<nlohmann::json> Services(const Principal& who, const std::string& campaign_id);

  /// Most people a project-team request may name.
  static constexpr std::size_t kMaxProjectTeam = 50;

 private:
  ReportService& m_reports;
  ReportStore& m_store;
};

}  // namespace soundings::server
