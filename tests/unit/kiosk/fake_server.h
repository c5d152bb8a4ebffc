#pragma once
// A stand-in for the server's kiosk routes (enrol, bundle, sync) on any free loopback port, for
// the kiosk's sync and runtime tests; the real server is in tests/e2e.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "shared/sync/protocol.h"

namespace soundings::kiosk::testing {

// Stopped on scope exit.
class FakeServer {
 public:
  FakeServer() {
    m_server.Post("/api/v1/sync", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      authorization = req.get_header_value("Authorization");
      content_encoding = req.get_header_value("Content-Encoding");
      if (fail_status) {
        res.status = fail_status;
        res.set_content(R"({"error":"busy","message":"The server is busy; try again later."})",
                        "application/json");
        return;
      }
      auto batch = sync::ParseSyncBatch(req.body);
      if (!batch.ok()) {
        res.status = 400;
        return;
      }
      batches.push_back(batch.value());
      sync::SyncReply reply;
      for (const auto& r : batch->responses) {
        if (unanswered.count(r.uuid)) continue;
        auto it = verdicts.find(r.uuid);
        sync::ResponseResult result{
            r.uuid, it == verdicts.end() ? sync::ResponseStatus::kAccepted : it->second, {}};
        if (result.status == sync::ResponseStatus::kRejected)
          result.problems = {{"answers.q1", "must be a point of scale agree5"}};
        reply.results.push_back(result);
      }
      res.set_content(sync::ToJson(reply).dump(), "application/json");
    });
    m_server.Get("/api/v1/kiosk/bundle",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mutex);
                   if_none_match.push_back(req.get_header_value("If-None-Match"));
                   res.set_header("ETag", "\"" + bundle.etag + "\"");
                   if (req.get_header_value("If-None-Match") == "\"" + bundle.etag + "\"") {
                     res.status = 304;
                     return;
                   }
                   res.set_content(sync::ToJson(bundle).dump(), "application/json");
                 });
    m_server.Post(
        "/api/v1/devices/enrol", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mutex);
          auto body = nlohmann::json::parse(req.body, nullptr, false);
          if (!body.is_object() || body.value("enrolment_code", "") != enrolment_code) {
            res.status = 403;
            res.set_content(R"({"error":"bad_code","message":"That enrolment code is not valid."})",
                            "application/json");
            return;
          }
          enrolled_names.push_back(body.value("name", ""));
          res.status = 201;
          res.set_content(R"({"device_id":"dev-7","token":"token-7"})", "application/json");
        });
    bundle.etag = "etag-1";
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~FakeServer() { Stop(); }
  void Stop() {
    m_server.stop();
    if (m_thread.joinable()) m_thread.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  /// Held while a test reads or changes the fields below: the handlers run on the server's
  /// threads, and only the mutex (not the HTTP round trip) orders them for ThreadSanitizer.
  std::unique_lock<std::mutex> Lock() { return std::unique_lock(mutex); }

  std::mutex mutex;
  std::vector<sync::SyncBatch> batches;
  std::map<std::string, sync::ResponseStatus> verdicts;
  std::set<std::string> unanswered;
  int fail_status = 0;
  std::string authorization, content_encoding;
  std::vector<std::string> if_none_match;
  sync::Bundle bundle;
  std::string enrolment_code = "ENROL-CODE";  // the one code the enrol route accepts
  std::vector<std::string> enrolled_names;

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

}  // namespace soundings::kiosk::testing
