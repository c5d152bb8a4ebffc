#pragma once
// What every report service shares: its errors, the campaign header of a reply, and labels taken
// from a template (in the template's default language).

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/services/people_in_scope.h"
#include "server/store/store.h"
#include "shared/templates/model.h"

namespace soundings::server::report_parts {

ServiceError NotFound(const std::string& message);
ServiceError Forbidden(const std::string& message);
/// 422: the campaign is of another kind than the report needs ("a 360 or self-assessment").
ServiceError WrongKind(const CampaignRow& campaign, const std::string& wanted);
/// A 360 or a self-assessment: campaigns with subjects and rater groups.
bool Is360(const CampaignRow& campaign);
/// 409 "still_collecting" when `who` may not yet see `campaign`'s figures: a 360 or
/// self-assessment that has not closed, read by a role without reports.live (access.h). Such a
/// reader would otherwise learn the newest rater's answers by reading twice (docs/reports.md).
std::optional<ServiceError> StillCollecting(const Principal& who, const CampaignRow& campaign);
/// 409 "not_released": a subject's report that HR has not released, asked for by a reader who
/// sees released reports only (the subject, their manager).
ServiceError NotReleased(const CampaignRow& campaign, const std::string& subject_name);
/// A released report as stored, with "release": {"released_at", "sha256"} added; a 500 when the
/// stored text is not JSON (it was written by this server, so that is a broken disk).
ServiceResult<nlohmann::json> ReleasedReport(const ReportReleaseRow& release);
/// The campaign header every report reply, the campaign list and the overview start with:
/// id, title, kind, state, template, and its dates (null when not set).
nlohmann::json CampaignJson(const CampaignRow& campaign);
/// The template's default language, or "en" when it lists none.
std::string Language(const Template& tmpl);
/// The wording of an item key ("item" or "item.row") as `subject`'s raters read it.
std::string ItemLabel(const Template& tmpl, const std::string& key, const std::string& subject);
/// A section's title; its id when there is no such section.
std::string SectionTitle(const Template& tmpl, const std::string& section_id);
// Scopes over units and people (server/services/people_in_scope.h), which services use too.
using ::soundings::server::PeopleInScope;
using ::soundings::server::UnitsInScope;
/// The competency section an item key ("item" or "item.row") belongs to; "" when none.
std::string CompetencyOf(const Template& tmpl, const std::string& key);

}  // namespace soundings::server::report_parts
