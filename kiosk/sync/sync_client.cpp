#include "kiosk/sync/sync_client.h"

#include <httplib.h>

namespace soundings::kiosk {
namespace {

ClientError ErrorFrom(const httplib::Result& result, const std::string& what) {
  ClientError error;
  if (!result) {
    error.status = 0;
    error.message =
        "cannot reach the server (" + httplib::to_string(result.error()) + ") while " + what;
    return error;
  }
  error.status = result->status;
  auto body = nlohmann::json::parse(result->body, nullptr, false);
  if (body.is_object()) {
    error.code = body.value("error", std::string());
    error.message = body.value("message", std::string());
  }
  if (error.message.empty())
    error.message = "the server answered " + std::to_string(result->status) + " while " + what;
  return error;
}

}  // namespace

SyncClient::SyncClient(std::string base_url, std::string token, std::chrono::seconds timeout)
    : m_base_url(std::move(base_url)), m_token(std::move(token)), m_timeout(timeout) {}

namespace {
httplib::Client MakeClient(const std::string& base_url, const std::string& token,
                           std::chrono::seconds timeout) {
  httplib::Client client(base_url);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  if (!token.empty()) client.set_bearer_token_auth(token);
  return client;
}
}  // namespace

ClientResult<Enrolment> SyncClient::Enrol(const std::string& enrolment_code,
                                          const std::string& name) {
  auto client = MakeClient(m_base_url, "", m_timeout);
  const nlohmann::json body = {{"enrolment_code", enrolment_code}, {"name", name}};
  auto result = client.Post("/api/v1/devices/enrol", body.dump(), "application/json");
  ClientResult<Enrolment> out;
  if (!result || (result->status != 201 && result->status != 200)) {
    out.error = ErrorFrom(result, "enrolling");
    return out;
  }
  auto reply = nlohmann::json::parse(result->body, nullptr, false);
  if (!reply.is_object() || !reply.contains("token") || !reply["token"].is_string()) {
    out.error = {result->status, "", "the server's enrolment reply has no token"};
    return out;
  }
  out.value = Enrolment{reply.value("device_id", std::string()), reply["token"].get<std::string>()};
  return out;
}

ClientResult<BundleFetch> SyncClient::FetchBundle(const std::string& etag) {
  auto client = MakeClient(m_base_url, m_token, m_timeout);
  httplib::Headers headers;
  if (!etag.empty()) headers.emplace("If-None-Match", "\"" + etag + "\"");
  auto result = client.Get("/api/v1/kiosk/bundle", headers);
  ClientResult<BundleFetch> out;
  if (result && result->status == 304) {
    out.value = BundleFetch{false, etag, "", {}};
    return out;
  }
  if (!result || result->status != 200) {
    out.error = ErrorFrom(result, "fetching the bundle");
    return out;
  }
  auto bundle = sync::ParseBundle(result->body);
  if (!bundle.ok()) {
    out.error = {result->status, "", "the server's bundle cannot be read: " + bundle.ErrorText()};
    return out;
  }
  std::string header_etag = result->get_header_value("ETag");
  if (header_etag.size() >= 2 && header_etag.front() == '"' && header_etag.back() == '"')
    header_etag = header_etag.substr(1, header_etag.size() - 2);
  BundleFetch fetch;
  fetch.changed = true;
  fetch.etag = header_etag.empty() ? bundle->etag : header_etag;
  fetch.body = result->body;
  fetch.bundle = std::move(bundle.value());
  out.value = std::move(fetch);
  return out;
}

ClientResult<sync::SyncReply> SyncClient::Push(const sync::SyncBatch& batch) {
  auto client = MakeClient(m_base_url, m_token, m_timeout);
  client.set_compress(true);  // gzip: kiosks often sit on slow mobile links
  auto result = client.Post("/api/v1/sync", sync::ToJson(batch).dump(), "application/json");
  ClientResult<sync::SyncReply> out;
  if (!result || result->status != 200) {
    out.error = ErrorFrom(result, "sending responses");
    return out;
  }
  auto reply = sync::ParseSyncReply(result->body);
  if (!reply.ok()) {
    out.error = {result->status, "",
                 "the server's sync reply cannot be read: " + reply.ErrorText()};
    return out;
  }
  out.value = std::move(reply.value());
  return out;
}

}  // namespace soundings::kiosk
