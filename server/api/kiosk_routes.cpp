// What kiosks call: health, enrolment, the offline bundle and sync (docs/sync-protocol.md). Parse,
// call a service, map errors (http_errors.h).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/api/routes.h"
#include "server/app.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/json_limits.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

void RegisterKioskRoutes(ApiServer& api, ServerApp& app) {
  api.AddRoute("GET", "/api/v1/health", [&api](const Request&, Response& response) {
    const bool stopping = api.Stopping();
    WriteJson(response,
              {{"status", stopping ? "stopping" : "ok"},
               {"protocol_version", sync::kProtocolVersion},
               {"schema_version", LatestSchemaVersion()}},
              stopping ? 503 : 200);
  });

  api.AddRoute("POST", "/api/v1/devices/enrol", [&app](const Request& request, Response& response) {
    auto body = ParseJsonBody(request);
    if (!body) return WriteError(response, body.error());
    auto code = StringField(*body, "enrolment_code");
    if (!code) return WriteError(response, code.error());
    auto name = StringField(*body, "name", false);
    if (!name) return WriteError(response, name.error());
    auto enrolled = app.devices().Enrol(*code, *name);
    if (!enrolled) return WriteError(response, enrolled.error());
    WriteJson(
        response,
        {{"device_id", "dev-" + std::to_string(enrolled->device_id)}, {"token", enrolled->token}},
        201);
  });

  api.AddDeviceRoute(
      "GET", "/api/v1/kiosk/bundle",
      [&app](const DeviceRow&, const Request& request, Response& response) {
        auto bundle = app.bundle().Build();
        if (!bundle) return WriteError(response, bundle.error());
        const std::string etag = "\"" + bundle->etag + "\"";
        response.set_header("ETag", etag);
        response.set_header("Cache-Control", "no-store");
        const std::string wanted = request.get_header_value("If-None-Match");
        if (!wanted.empty() && (wanted == etag || wanted == bundle->etag || wanted == "*")) {
          response.status = 304;
          return;
        }
        response.set_content(JsonText(sync::ToJson(*bundle)), "application/json");
      });

  api.AddDeviceUpload(
      "/api/v1/sync", [&app](const DeviceRow& device, const std::string& body, Response& response) {
        auto parsed = sync::ParseJsonLimited(body);
        if (!parsed) {
          return WriteError(response,
                            BadRequest("malformed_json",
                                       "The body is not valid JSON: " + parsed.ErrorText() + ".",
                                       parsed.problems()));
        }
        auto batch = sync::SyncBatchFromJson(*parsed);
        if (!batch) {
          return WriteError(
              response, BadRequest("invalid_batch",
                                   "The batch is not valid: " + Sentence(batch.problems()) + ".",
                                   batch.problems()));
        }
        auto reply = app.ingest().Ingest(device, *batch);
        if (!reply) return WriteError(response, reply.error());
        WriteJson(response, sync::ToJson(*reply));
      });
}

}  // namespace soundings::server
