// Administration: campaigns, people and nominations imports, invitations, devices, the audit log
// and conflicts. Parse, call a service, map errors (http_errors.h).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/api/routes.h"
#include "server/app.h"
#include "server/reports/report_parts.h"
#include "shared/core/parse_int.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

using report_parts::CampaignJson;

namespace {

// The reply of the invitation and reminder routes: each letter's rater and code, and what every
// letter prints besides (the sender and address of server/config.h, the campaign's close date as
// the deadline, whether it is a reminder).
json LettersJson(ServerApp& app, const std::string& campaign_id,
                 const std::vector<NewInvitation>& made, bool reminder) {
  json out = json::array();
  for (const auto& i : made) {
    out.push_back({{"code", i.code},
                   {"subject_id", i.subject_person_id},
                   {"subject", i.subject_display_name},
                   {"rater_group", i.rater_group},
                   {"rater_id", i.rater_person_id},
                   {"rater", i.rater_display_name},
                   {"rater_group_label", i.rater_group_label},
                   {"anonymity", i.anonymity}});
  }
  json letter = {
      {"organisation", app.config().organisation_name},
      {"public_url", app.config().public_url},
      {"logo_url", app.config().organisation_logo_bytes.empty() ? json() : json("/branding/logo")},
      {"deadline", nullptr},
      {"reminder", reminder}};
  // The service found the campaign a moment ago; should it fail now, the letters go without a
  // deadline rather than the codes, shown only this once, being lost.
  auto campaign = app.store().GetCampaign(campaign_id);
  if (campaign && campaign->has_value() && !(*campaign)->closes_at.empty()) {
    letter["deadline"] = (*campaign)->closes_at;
  }
  return {{"invitations", out}, {"letter", letter}};
}

// A unit as GET /api/v1/units lists it: null for no parent or no lead.
json UnitJson(const OrgUnitRow& unit) {
  auto or_null = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
  return {{"id", unit.id},
          {"name", unit.name},
          {"kind", unit.kind},
          {"parent_id", or_null(unit.parent_id)},
          {"lead_person_id", or_null(unit.lead_person_id)}};
}

}  // namespace

void RegisterAdminRoutes(ApiServer& api, ServerApp& app) {
  api.AddUserRoute("GET", "/api/v1/campaigns", Permission::kCampaignsRead,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto campaigns = app.admin().ListCampaigns();
                     if (!campaigns) return WriteError(response, campaigns.error());
                     json out = json::array();
                     for (const auto& c : *campaigns) out.push_back(CampaignJson(c));
                     WriteJson(response, {{"campaigns", out}});
                   });

  api.AddUserRoute("POST", "/api/v1/campaigns", Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     CampaignRow row;
                     auto id = StringField(*body, "id");
                     if (!id) return WriteError(response, id.error());
                     auto template_id = StringField(*body, "template_id");
                     if (!template_id) return WriteError(response, template_id.error());
                     auto title = StringField(*body, "title");
                     if (!title) return WriteError(response, title.error());
                     auto version = body->find("template_version");
                     if (version == body->end() || !version->is_number_integer()) {
                       return WriteError(
                           response,
                           BadRequest("invalid_request", "template_version must be a whole number.",
                                      {{"template_version", "must be a whole number"}}));
                     }
                     row.id = *id;
                     row.template_id = *template_id;
                     row.template_version = version->get<int>();
                     row.title = *title;
                     auto opens = StringField(*body, "opens_at", false);
                     if (!opens) return WriteError(response, opens.error());
                     auto closes = StringField(*body, "closes_at", false);
                     if (!closes) return WriteError(response, closes.error());
                     row.opens_at = *opens;
                     row.closes_at = *closes;
                     auto created = app.admin().CreateCampaign(row, "user:" + who.username);
                     if (!created) return WriteError(response, created.error());
                     WriteJson(response, CampaignJson(*created), 201);
                   });

  api.AddUserRoute(
      "PUT", "/api/v1/campaigns/{id}/minimums", Permission::kCampaignsManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        int minimums[2] = {0, 0};
        const char* fields[2] = {"cell_minimum", "comment_minimum"};
        for (int i = 0; i < 2; ++i) {
          auto field = body->find(fields[i]);
          if (field == body->end()) continue;  // not given: the deployment's
          if (!field->is_number_integer()) {
            const std::string message = std::string(fields[i]) + " must be a whole number.";
            return WriteError(response,
                              BadRequest("invalid_request", message, {{fields[i], message}}));
          }
          minimums[i] = field->get<int>();
        }
        auto changed = app.admin().SetCampaignMinimums(request.matches[1], minimums[0], minimums[1],
                                                       app.reports().engine().policy(),
                                                       "user:" + who.username);
        if (!changed) return WriteError(response, changed.error());
        WriteJson(response, CampaignJson(*changed));
      });

  api.AddUserRoute("PUT", "/api/v1/campaigns/{id}/dates", Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto opens = StringField(*body, "opens_at", false);
                     if (!opens) return WriteError(response, opens.error());
                     auto closes = StringField(*body, "closes_at", false);
                     if (!closes) return WriteError(response, closes.error());
                     auto changed = app.admin().SetCampaignDates(request.matches[1], *opens,
                                                                 *closes, "user:" + who.username);
                     if (!changed) return WriteError(response, changed.error());
                     WriteJson(response, CampaignJson(*changed));
                   });

  api.AddUserRoute("POST", "/api/v1/campaigns/{id}/state", Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto state = StringField(*body, "state");
                     if (!state) return WriteError(response, state.error());
                     auto changed = app.admin().SetCampaignState(request.matches[1], *state,
                                                                 "user:" + who.username);
                     if (!changed) return WriteError(response, changed.error());
                     WriteJson(response, CampaignJson(*changed));
                   });

  api.AddUserRoute(
      "POST", "/api/v1/campaigns/{id}/nominations", Permission::kCampaignsManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        auto csv = StringField(*body, "csv");
        if (!csv) return WriteError(response, csv.error());
        auto counts = app.admin().ImportNominations(request.matches[1], *csv, "nominations.csv",
                                                    "user:" + who.username);
        if (!counts) return WriteError(response, counts.error());
        WriteJson(response, {{"subjects", counts->subjects}, {"nominations", counts->nominations}});
      });

  api.AddUserRoute("GET", "/api/v1/campaigns/{id}/nominations", Permission::kCampaignsManage,
                   [&app](const Principal&, const Request& request, Response& response) {
                     auto listed = app.admin().ListNominations(request.matches[1]);
                     if (!listed) return WriteError(response, listed.error());
                     WriteJson(response, *listed);
                   });

  // One nomination: PUT adds the rater (body {"rater_group": ...}), DELETE withdraws them.
  api.AddUserRoute("PUT", "/api/v1/campaigns/{id}/nominations/{subject}/{rater}",
                   Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto group = StringField(*body, "rater_group");
                     if (!group) return WriteError(response, group.error());
                     auto added = app.admin().AddNomination(
                         request.matches[1], {request.matches[2], request.matches[3], *group},
                         "user:" + who.username);
                     if (!added) return WriteError(response, added.error());
                     WriteJson(response, *added, 201);
                   });

  api.AddUserRoute("DELETE", "/api/v1/campaigns/{id}/nominations/{subject}/{rater}",
                   Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto removed =
                         app.admin().RemoveNomination(request.matches[1], request.matches[2],
                                                      request.matches[3], "user:" + who.username);
                     if (!removed) return WriteError(response, removed.error());
                     WriteJson(response, *removed);
                   });

  api.AddUserRoute("POST", "/api/v1/campaigns/{id}/invitations", Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto made = app.admin().ExportInvitations(request.matches[1], 28,
                                                               "user:" + who.username);
                     if (!made) return WriteError(response, made.error());
                     WriteJson(response, LettersJson(app, request.matches[1], *made, false), 201);
                   });

  api.AddUserRoute("POST", "/api/v1/campaigns/{id}/reminders", Permission::kCampaignsManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto made =
                         app.admin().IssueReminders(request.matches[1], 28, "user:" + who.username);
                     if (!made) return WriteError(response, made.error());
                     WriteJson(response, LettersJson(app, request.matches[1], *made, true), 201);
                   });

  api.AddUserRoute("POST", "/api/v1/people/import", Permission::kPeopleImport,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto units = StringField(*body, "units_csv", false);
                     if (!units) return WriteError(response, units.error());
                     auto people = StringField(*body, "people_csv");
                     if (!people) return WriteError(response, people.error());
                     auto counts = app.admin().ImportPeople(*units, "units.csv", *people,
                                                            "people.csv", "user:" + who.username);
                     if (!counts) return WriteError(response, counts.error());
                     WriteJson(response, {{"units", counts->units}, {"people", counts->people}});
                   });

  // Unit leads decide managers' team scope; whoever imports people may set them.
  api.AddUserRoute("GET", "/api/v1/units", Permission::kPeopleImport,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto units = app.admin().ListUnits();
                     if (!units) return WriteError(response, units.error());
                     auto people = app.admin().ListPeople();
                     if (!people) return WriteError(response, people.error());
                     json out = json::array();
                     for (const auto& u : *units) out.push_back(UnitJson(u));
                     // Whom a lead may be, for the dashboard's form.
                     json names = json::array();
                     for (const auto& p : *people) {
                       names.push_back({{"id", p.id}, {"name", p.display_name}});
                     }
                     WriteJson(response, {{"units", out}, {"people", names}});
                   });

  api.AddUserRoute(
      "PUT", "/api/v1/units/{id}/lead", Permission::kPeopleImport,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        auto person = body->find("person_id");
        if (person == body->end() || !(person->is_null() || person->is_string())) {
          return WriteError(
              response,
              BadRequest("invalid_request", "person_id is the lead's person id, or null for none.",
                         {{"person_id", "must be a string or null"}}));
        }
        const std::string person_id = person->is_null() ? "" : person->get<std::string>();
        auto unit = app.admin().SetUnitLead(request.matches[1], person_id, "user:" + who.username);
        if (!unit) return WriteError(response, unit.error());
        WriteJson(response, UnitJson(*unit));
      });

  api.AddUserRoute(
      "GET", "/api/v1/devices", Permission::kDevicesManage,
      [&app](const Principal&, const Request&, Response& response) {
        auto devices = app.devices().List();
        if (!devices) return WriteError(response, devices.error());
        json out = json::array();
        for (const auto& d : *devices) {
          out.push_back(
              {{"id", "dev-" + std::to_string(d.id)},
               {"name", d.name},
               {"revoked", d.revoked},
               {"last_seen", d.last_seen_at.empty() ? json(nullptr) : json(d.last_seen_at)}});
        }
        WriteJson(response, {{"devices", out}});
      });

  api.AddUserRoute("POST", "/api/v1/devices/enrolment-codes", Permission::kDevicesManage,
                   [&app](const Principal& who, const Request&, Response& response) {
                     auto code = app.devices().CreateEnrolmentCode(std::chrono::hours(24 * 7),
                                                                   "user:" + who.username);
                     if (!code) return WriteError(response, code.error());
                     WriteJson(response, {{"enrolment_code", *code}, {"valid_hours", 168}}, 201);
                   });

  api.AddUserRoute(
      "POST", "/api/v1/devices/{id}/revoke", Permission::kDevicesManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        std::string text = request.matches[1];
        if (text.starts_with("dev-")) text = text.substr(4);
        const auto id = ParseInteger<std::int64_t>(text, 1);
        if (!id) {
          return WriteError(response, {ErrorKind::kNotFound, "not_found", "No such device.", {}});
        }
        auto revoked = app.devices().Revoke(*id, "user:" + who.username);
        if (!revoked) return WriteError(response, revoked.error());
        if (!*revoked) {
          return WriteError(response, {ErrorKind::kNotFound, "not_found", "No such device.", {}});
        }
        WriteJson(response, {{"id", "dev-" + std::to_string(*id)}, {"revoked", true}});
      });

  api.AddUserRoute("GET", "/api/v1/audit", Permission::kAuditRead,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto entries = app.audit().List();
                     if (!entries) return WriteError(response, entries.error());
                     json out = json::array();
                     for (const auto& e : *entries) {
                       out.push_back({{"seq", e.seq},
                                      {"at", e.at},
                                      {"actor", e.actor},
                                      {"action", e.action},
                                      {"target", e.target},
                                      {"detail", e.detail},
                                      {"hash", e.hash}});
                     }
                     WriteJson(response, {{"entries", out}});
                   });

  api.AddUserRoute("GET", "/api/v1/conflicts", Permission::kAuditRead,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto conflicts = app.admin().ListConflicts();
                     if (!conflicts) return WriteError(response, conflicts.error());
                     json out = json::array();
                     for (const auto& c : *conflicts) {
                       out.push_back({{"uuid", c.uuid},
                                      {"reason", c.reason},
                                      {"received_at", c.received_at},
                                      {"record", json::parse(c.record, nullptr, false)}});
                     }
                     WriteJson(response, {{"conflicts", out}});
                   });
}

}  // namespace soundings::server
