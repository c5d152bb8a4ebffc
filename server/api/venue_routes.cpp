// Venues (docs/venues.md): list them for whoever reads consultation reports, add and change them
// for admin and hr. Parse, call VenueService, map errors (http_errors.h).
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

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

constexpr std::array<std::string_view, 6> kFields = {"id",   "name",       "ward",
                                                     "area", "settlement", "postcode"};

json VenueJson(const VenueRow& v) {
  return {{"id", v.id},
          {"name", v.name},
          {"ward", v.ward},
          {"area", v.area},
          {"settlement", v.settlement},
          {"postcode", v.postcode}};
}

// The body's venue fields, each a string when given (null or absent: not given), with every
// problem at once: a field of the wrong type, or a key that is no venue field (a typo such as
// "post_code" would otherwise be dropped without a word).
ServiceResult<std::map<std::string, std::string>> VenueFields(const json& body) {
  if (!body.is_object()) {
    return BadRequest("invalid_request", "The body must be a JSON object of venue fields.");
  }
  std::map<std::string, std::string> out;
  Problems problems;
  for (const auto& [key, value] : body.items()) {
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
      problems.push_back(
          {key, "is not a venue field (id, name, ward, area, settlement, postcode)"});
    } else if (value.is_string()) {
      out[key] = value.get<std::string>();
    } else if (!value.is_null()) {
      problems.push_back({key, "must be a string"});
    }
  }
  if (!problems.empty()) {
    std::string message = "The venue was not saved: " + Sentence(problems) + ".";
    return BadRequest("invalid_venue", std::move(message), std::move(problems));
  }
  return out;
}

std::optional<std::string> Given(const std::map<std::string, std::string>& fields,
                                 const std::string& key) {
  auto it = fields.find(key);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void RegisterVenueRoutes(ApiServer& api, ServerApp& app) {
  // Venues are the segments of consultation reports: whoever reads those may list them.
  api.AddUserRoute("GET", "/api/v1/venues", Permission::kReportsConsultation,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto venues = app.venues().List();
                     if (!venues) return WriteError(response, venues.error());
                     json out = json::array();
                     for (const auto& v : *venues) out.push_back(VenueJson(v));
                     WriteJson(response, {{"venues", out}});
                   });

  api.AddUserRoute("POST", "/api/v1/venues", Permission::kVenuesManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto fields = VenueFields(*body);
                     if (!fields) return WriteError(response, fields.error());
                     VenueRow row;
                     row.id = Given(*fields, "id").value_or("");
                     row.name = Given(*fields, "name").value_or("");
                     row.ward = Given(*fields, "ward").value_or("");
                     row.area = Given(*fields, "area").value_or("");
                     row.settlement = Given(*fields, "settlement").value_or("");
                     row.postcode = Given(*fields, "postcode").value_or("");
                     auto created = app.venues().Create(row, "user:" + who.username);
                     if (!created) return WriteError(response, created.error());
                     WriteJson(response, VenueJson(*created), 201);
                   });

  api.AddUserRoute(
      "PUT", "/api/v1/venues/{venue}", Permission::kVenuesManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        const std::string id = request.matches[1];
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        auto fields = VenueFields(*body);
        if (!fields) return WriteError(response, fields.error());
        // Responses are stored with the venue's id, so it never changes; repeating it is fine.
        if (auto given = Given(*fields, "id"); given && *given != id) {
          return WriteError(
              response,
              BadRequest("invalid_venue", "A venue's id cannot change; add a new venue instead.",
                         {{"id", "cannot change (it is \"" + id + "\")"}}));
        }
        VenueChanges changes;
        changes.name = Given(*fields, "name");
        changes.ward = Given(*fields, "ward");
        changes.area = Given(*fields, "area");
        changes.settlement = Given(*fields, "settlement");
        changes.postcode = Given(*fields, "postcode");
        auto updated = app.venues().Update(id, changes, "user:" + who.username);
        if (!updated) return WriteError(response, updated.error());
        WriteJson(response, VenueJson(*updated));
      });
}

}  // namespace soundings::server
