#include "server/reports/report_parts.h"

namespace soundings::server::report_parts {

ServiceError NotFound(const std::string& message) {
  return {ErrorKind::kNotFound, "not_found", message, {}};
}

ServiceError Forbidden(const std::string& message) {
  return {ErrorKind::kForbidden, "forbidden", message, {}};
}

ServiceError WrongKind(const CampaignRow& campaign, const std::string& wanted) {
  return {ErrorKind::kUnprocessable,
          "wrong_campaign_kind",
          "Campaign " + campaign.id + " is a " + campaign.kind + " campaign; this report needs " +
              wanted + ".",
          {}};
}

bool Is360(const CampaignRow& campaign) {
  return campaign.kind == "appraisal360" || campaign.kind == "self_assessment";
}

std::optional<ServiceError> StillCollecting(const Principal& who, const CampaignRow& campaign) {
  // Closed campaigns take no more responses (ingest refuses them), so what a reader sees then
  // never changes; only admin and hr watch the figures grow.
  if (!Is360(campaign) || campaign.state == "closed" || who.Allows(Permission::kReportsLive)) {
    return std::nullopt;
  }
  return ServiceError{ErrorKind::kConflict,
                      "still_collecting",
                      "Campaign " + campaign.id + " (" + campaign.title +
                          ") is still collecting responses. Its results are shown to you once it "
                          "has closed: figures that change with each new response could reveal "
                          "what one rater answered.",
                      {}};
}

ServiceError NotReleased(const CampaignRow& campaign, const std::string& subject_name) {
  return ServiceError{ErrorKind::kConflict,
                      "not_released",
                      "The report of " + subject_name + " in campaign " + campaign.id + " (" +
                          campaign.title +
                          ") has not been released yet. HR releases each report once the "
                          "campaign has closed; it is shown to you from then on.",
                      {}};
}

ServiceResult<nlohmann::json> ReleasedReport(const ReportReleaseRow& release) {
  auto report = nlohmann::json::parse(release.report, nullptr, false);
  if (report.is_discarded() || !report.is_object()) {
    return ServiceError{ErrorKind::kInternal,
                        "internal",
                        "The released report of " + release.person_id + " in campaign " +
                            release.campaign_id + " is not readable JSON.",
                        {}};
  }
  report["release"] = {
      {"released_at", release.released_at},
      {"sha256", release.sha256},
      {"shared_at",
       release.shared_at.empty() ? nlohmann::json() : nlohmann::json(release.shared_at)}};
  return report;
}

nlohmann::json CampaignJson(const CampaignRow& campaign) {
  return {{"id", campaign.id},
          {"title", campaign.title},
          {"kind", campaign.kind},
          {"state", campaign.state},
          {"template_id", campaign.template_id},
          {"template_version", campaign.template_version},
          {"opens_at",
           campaign.opens_at.empty() ? nlohmann::json() : nlohmann::json(campaign.opens_at)},
          {"closes_at",
           campaign.closes_at.empty() ? nlohmann::json() : nlohmann::json(campaign.closes_at)},
          {"subject_nominations", campaign.subject_nominations},
          {"cell_minimum", campaign.cell_minimum},
          {"comment_minimum", campaign.comment_minimum}};
}

std::string Language(const Template& tmpl) {
  return tmpl.languages.empty() ? "en" : tmpl.DefaultLanguage();
}

std::string ItemLabel(const Template& tmpl, const std::string& key, const std::string& subject) {
  const std::string item_id = key.substr(0, key.find('.'));
  const Item* item = tmpl.FindItem(item_id);
  if (item == nullptr) return key;
  std::string text = item->Wording("", Language(tmpl), subject);
  if (key.size() > item_id.size()) {
    const std::string row_id = key.substr(item_id.size() + 1);
    for (const auto& row : item->rows) {
      if (row.id == row_id) text += " - " + Pick(row.text, Language(tmpl));
    }
  }
  return text;
}

std::string SectionTitle(const Template& tmpl, const std::string& section_id) {
  for (const auto& section : tmpl.sections) {
    if (section.id == section_id) return Pick(section.title, Language(tmpl));
  }
  return section_id;
}

std::string CompetencyOf(const Template& tmpl, const std::string& key) {
  const Section* section = tmpl.SectionOfItem(key.substr(0, key.find('.')));
  return section != nullptr && section->competency ? section->id : "";
}

}  // namespace soundings::server::report_parts
