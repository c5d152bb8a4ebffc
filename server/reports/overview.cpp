#include "server/reports/overview.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "server/reports/report_parts.h"
#include "server/reports/template_labels.h"

namespace soundings::server {

using nlohmann::json;

namespace {

ServiceError NoSuchCampaign() {
  return {ErrorKind::kNotFound, "not_found", "No such campaign.", {}};
}

double Percent(int part, int whole) {
  if (whole <= 0) return 0.0;
  return static_cast<double>(std::lround(1000.0 * part / whole)) / 10.0;
}

}  // namespace

ServiceResult<json> OverviewService::Campaign(const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NoSuchCampaign();
  const CampaignRow& row = **campaign;

  // Rater groups in the template's order, with their labels.
  json groups = json::array();
  std::map<std::string, std::string> group_labels;
  std::vector<std::string> group_order;
  auto version = m_store.GetTemplateVersion(row.template_id, row.template_version);
  if (!version) return StorageError(version.error());
  if (version->has_value()) {
    for (const auto& rule : RaterGroupRules((*version)->document)) {
      group_order.push_back(rule.id);
      group_labels[rule.id] = rule.label;
    }
  }

  auto invitations = m_store.ListInvitations(campaign_id);
  if (!invitations) return StorageError(invitations.error());
  auto tallies = m_reports.ResponseTallies(campaign_id);
  if (!tallies) return StorageError(tallies.error());
  auto venues = m_store.ListVenues();
  if (!venues) return StorageError(venues.error());
  auto subjects = m_store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());

  std::map<std::string, int> invited;
  std::map<std::string, int> received_by_group;
  std::map<std::string, int> by_venue;
  std::map<std::string, int> by_day;
  int partial = 0;
  int total = 0;
  for (const auto& invitation : *invitations) ++invited[invitation.rater_group];
  for (const auto& tally : *tallies) {
    if (!tally.rater_group.empty()) received_by_group[tally.rater_group] += tally.count;
    by_venue[tally.venue_id] += tally.count;
    by_day[tally.day] += tally.count;
    if (tally.partial) partial += tally.count;
    total += tally.count;
  }
  for (const auto& [group, count] : invited) {
    if (std::find(group_order.begin(), group_order.end(), group) == group_order.end()) {
      group_order.push_back(group);
    }
  }
  for (const auto& [group, count] : received_by_group) {
    if (std::find(group_order.begin(), group_order.end(), group) == group_order.end()) {
      group_order.push_back(group);
    }
  }
  int invited_total = 0;
  for (const auto& group : group_order) {
    const int made = invited[group];
    const int got = received_by_group[group];
    invited_total += made;
    groups.push_back({{"group", group},
                      {"label", group_labels.count(group) ? group_labels[group] : group},
                      {"invited", made},
                      {"received", got},
                      {"rate_pct", made > 0 ? json(Percent(got, made)) : json(nullptr)}});
  }

  json venue_rows = json::array();
  if (row.kind == "consultation") {
    for (const auto& venue : *venues) {
      venue_rows.push_back({{"venue_id", venue.id},
                            {"name", venue.name},
                            {"area", venue.area},
                            {"settlement", venue.settlement},
                            {"received", by_venue[venue.id]}});
    }
    if (by_venue.count("") > 0) {
      venue_rows.push_back({{"venue_id", ""},
                            {"name", "No venue (online or unknown)"},
                            {"area", ""},
                            {"settlement", ""},
                            {"received", by_venue[""]}});
    }
  }
  json days = json::array();
  for (const auto& [day, count] : by_day) days.push_back({{"date", day}, {"received", count}});

  auto devices = m_store.ListDevices();
  if (!devices) return StorageError(devices.error());
  json device_rows = json::array();
  for (const auto& device : *devices) {
    device_rows.push_back(
        {{"id", "dev-" + std::to_string(device.id)},
         {"name", device.name},
         {"revoked", device.revoked},
         {"last_seen", device.last_seen_at.empty() ? json(nullptr) : json(device.last_seen_at)}});
  }
  auto conflicts = m_store.ListConflicts();
  if (!conflicts) return StorageError(conflicts.error());
  int campaign_conflicts = 0;
  for (const auto& conflict : *conflicts) {
    const json record = json::parse(conflict.record, nullptr, false);
    if (record.is_object() && record.value("campaign_id", std::string()) == campaign_id) {
      ++campaign_conflicts;
    }
  }

  return json{{"campaign", report_parts::CampaignJson(row)},
              {"subjects", subjects->size()},
              {"responses", total},
              {"partial_responses", partial},
              {"invited", invited_total},
              {"response_rate_pct",
               invited_total > 0 ? json(Percent(total, invited_total)) : json(nullptr)},
              {"by_group", groups},
              {"by_venue", venue_rows},
              {"by_day", days},
              {"kiosks",
               {{"devices", device_rows},
                {"last_seen_note",
                 "Last seen is the device's latest call with its token (bundle or sync), to the "
                 "minute."},
                {"pending_conflicts", conflicts->size()},
                {"campaign_conflicts", campaign_conflicts}}}};
}

ServiceResult<json> OverviewService::Templates() {
  auto versions = m_store.ListTemplateVersions();
  if (!versions) return StorageError(versions.error());
  std::vector<TemplateVersionRow> rows = std::move(*versions);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.template_id != b.template_id ? a.template_id < b.template_id : a.version > b.version;
  });
  json out = json::array();
  for (const auto& row : rows) {
    const json document = json::parse(row.document, nullptr, false);
    std::string title = row.template_id;
    if (document.is_object() && document.contains("title")) {
      if (auto text = EnglishText(document["title"]); !text.empty()) title = text;
    }
    out.push_back(
        {{"id", row.template_id}, {"version", row.version}, {"kind", row.kind}, {"title", title}});
  }
  return json{{"templates", out}};
}

ServiceResult<json> OverviewService::Labels(const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NoSuchCampaign();
  auto version =
      m_store.GetTemplateVersion((*campaign)->template_id, (*campaign)->template_version);
  if (!version) return StorageError(version.error());
  json items = json::object();
  if (!version->has_value()) return json{{"items", items}};
  const json document = json::parse((*version)->document, nullptr, false);
  if (!document.is_object()) return json{{"items", items}};
  std::map<std::string, json> scales;
  for (const auto& scale : document.value("scales", json::array())) {
    if (!scale.is_object() || !scale.contains("id") || !scale["id"].is_string()) continue;
    json points = json::object();
    for (const auto& point : scale.value("points", json::array())) {
      if (!point.is_object() || !point.contains("value")) continue;
      const json& value = point["value"];
      points[value.is_string() ? value.get<std::string>() : value.dump()] =
          EnglishText(point.value("label", json()));
    }
    scales[scale["id"].get<std::string>()] = points;
  }
  for (const auto& section : document.value("sections", json::array())) {
    if (!section.is_object()) continue;
    for (const auto& item : section.value("items", json::array())) {
      if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) continue;
      json options = json::object();
      for (const auto& option : item.value("options", json::array())) {
        if (option.is_object() && option.contains("value") && option["value"].is_string()) {
          options[option["value"].get<std::string>()] = EnglishText(option.value("label", json()));
        }
      }
      if (auto scale = item.find("scale"); scale != item.end() && scale->is_string()) {
        if (auto found = scales.find(scale->get<std::string>()); found != scales.end()) {
          options = found->second;
        }
      }
      items[item["id"].get<std::string>()] = {{"text", EnglishText(item.value("text", json()))},
                                              {"options", options}};
    }
  }
  return json{{"items", items}};
}

ServiceResult<json> OverviewService::Subjects(const Principal& who,
                                              const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NoSuchCampaign();
  auto subjects = m_reports.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  auto releases = m_store.ListReportReleases(campaign_id);
  if (!releases) return StorageError(releases.error());
  std::map<std::string, const ReportReleaseRow*> released;
  for (const auto& r : *releases) released[r.person_id] = &r;
  auto units = m_reports.OrgUnits();
  if (!units) return StorageError(units.error());
  // The subjects whose individual report the caller may open, by the one policy.
  const report_parts::PeopleInScope readable(who, Permission::kReportsIndividual, *units);
  json out = json::array();
  for (const auto& subject : *subjects) {
    if (!readable.Covers(subject.person_id, subject.unit_id)) continue;
    // Where the subject's report is in the cycle (docs/reports.md): "collecting" until the
    // campaign (or HR, for this subject alone) closes its collection, "ready" to release,
    // "released" (frozen, readable by the subject's manager), "shared" (the subject reads it too).
    auto release = released.find(subject.person_id);
    const bool closed = (*campaign)->state == "closed" || !subject.closed_at.empty();
    const ReportReleaseRow* r = release != released.end() ? release->second : nullptr;
    const auto time_or_null = [](const std::string& at) { return at.empty() ? json() : json(at); };
    out.push_back({{"person_id", subject.person_id},
                   {"display_name", subject.display_name},
                   {"unit_id", subject.unit_id},
                   {"report_state", r != nullptr && !r->shared_at.empty() ? "shared"
                                    : r != nullptr                        ? "released"
                                    : closed                              ? "ready"
                                                                          : "collecting"},
                   {"closed_early_at", time_or_null(subject.closed_at)},
                   {"released_at", time_or_null(r != nullptr ? r->released_at : "")},
                   {"shared_at", time_or_null(r != nullptr ? r->shared_at : "")}});
  }
  return json{{"campaign", report_parts::CampaignJson(**campaign)}, {"subjects", out}};
}

}  // namespace soundings::server
