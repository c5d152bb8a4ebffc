// Subjects propose raters, the people who lead them approve (issue 11 item 5): parse, call the
// app's AdminService (subject_nominations.cpp), map errors (http_errors.h).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/api/routes.h"
#include "server/app.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

// A required true/false field of a JSON body; 400 naming it otherwise.
ServiceResult<bool> BoolField(const Request& request, const std::string& key) {
  auto body = ParseJsonBody(request);
  if (!body) return body.error();
  const auto field = body->find(key);
  if (field == body->end() || !field->is_boolean()) {
    return BadRequest("invalid_request", key + " must be true or false.",
                      {{key, "must be true or false"}});
  }
  return field->get<bool>();
}

}  // namespace

void RegisterSubjectNominationRoutes(ApiServer& api, ServerApp& app) {
  api.AddUserRoute(
      "PUT", "/api/v1/campaigns/{id}/subject-nominations", Permission::kCampaignsManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto enabled = BoolField(request, "enabled");
        if (!enabled) return WriteError(response, enabled.error());
        auto changed =
            app.admin().SetSubjectNominations(request.matches[1], *enabled, "user:" + who.username);
        if (!changed) return WriteError(response, changed.error());
        WriteJson(response, *changed);
      });

  api.AddUserRoute("GET", "/api/v1/campaigns/{id}/my-nominations", Permission::kNominationsPropose,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto mine = app.admin().MyNominations(who, request.matches[1]);
                     if (!mine) return WriteError(response, mine.error());
                     WriteJson(response, *mine);
                   });

  api.AddUserRoute(
      "PUT", "/api/v1/campaigns/{id}/my-nominations/{rater}", Permission::kNominationsPropose,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        auto group = StringField(*body, "rater_group");
        if (!group) return WriteError(response, group.error());
        auto proposed = app.admin().ProposeNomination(who, request.matches[1], request.matches[2],
                                                      *group, "user:" + who.username);
        if (!proposed) return WriteError(response, proposed.error());
        WriteJson(response, *proposed, 201);
      });

  api.AddUserRoute("DELETE", "/api/v1/campaigns/{id}/my-nominations/{rater}",
                   Permission::kNominationsPropose,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto withdrawn = app.admin().WithdrawProposal(
                         who, request.matches[1], request.matches[2], "user:" + who.username);
                     if (!withdrawn) return WriteError(response, withdrawn.error());
                     WriteJson(response, *withdrawn);
                   });

  api.AddUserRoute("GET", "/api/v1/campaigns/{id}/nomination-approvals",
                   Permission::kNominationsApprove,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto approvals = app.admin().NominationApprovals(who, request.matches[1]);
                     if (!approvals) return WriteError(response, approvals.error());
                     WriteJson(response, *approvals);
                   });

  api.AddUserRoute("POST", "/api/v1/campaigns/{id}/nominations/{subject}/{rater}/decision",
                   Permission::kNominationsApprove,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto approve = BoolField(request, "approve");
                     if (!approve) return WriteError(response, approve.error());
                     auto decided = app.admin().DecideNomination(
                         who, request.matches[1], request.matches[2], request.matches[3], *approve,
                         "user:" + who.username);
                     if (!decided) return WriteError(response, decided.error());
                     WriteJson(response, *decided);
                   });
}

}  // namespace soundings::server
