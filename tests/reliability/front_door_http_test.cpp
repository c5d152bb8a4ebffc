// The front door's HTTP guards (issue 16, findings 11 and 13): a declared Content-Length over the
// limit is answered 413 at once, not after the read timeout, and a request body's
// Content-Encoding is exactly what docs/sync-protocol.md allows (gzip, any case, or identity);
// every other coding is 415, never read as plain text nor inflated as zlib.
#include <cctype>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/sync/protocol.h"
#include "tests/reliability/reliability_fixture.h"

namespace soundings::reliability {
namespace {

using nlohmann::json;

// The shipped read timeout (10 s) lies beyond the 6 s answer deadline, so a server that waits for
// the declared body before refusing it cannot pass.
server::ServerConfig ShippedTimeoutConfig() {
  server::ServerConfig config;
  config.read_timeout_s = 30;
  return config;
}

class FrontDoorHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_server = std::make_unique<TestServer>(ShippedTimeoutConfig());
    s_seeded = std::make_unique<Seeded>(soundings::testing::Seed(*s_server));
  }
  static void TearDownTestSuite() {
    s_seeded.reset();
    s_server.reset();
  }
  void TearDown() override {
    EXPECT_TRUE(HealthAnswers(port(), kAnswerWithin)) << "the server stopped answering";
  }
  static int port() { return s_server->port(); }
  static std::size_t max_body() { return s_server->app().config().max_body_bytes; }
  static HeaderList Auth() { return {{"Authorization", "Bearer " + s_seeded->token}}; }

  static inline std::unique_ptr<TestServer> s_server;
  static inline std::unique_ptr<Seeded> s_seeded;
};

std::string BatchJson() {
  sync::SyncBatch batch;
  batch.device_id = "t";
  batch.responses = {soundings::testing::ParksResponse()};
  return sync::ToJson(batch).dump();
}

void ExpectError(const Outcome& outcome, int status, const std::string& code) {
  ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
  EXPECT_EQ(outcome.response->status, status) << outcome.Describe();
  const json body = json::parse(outcome.response->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << outcome.response->body;
  EXPECT_EQ(body.value("error", ""), code) << outcome.response->body;
}

// --- 413 on the declared length --------------------------------------------------------------

TEST_F(FrontDoorHttp, AnOverLimitContentLengthIs413AtOnceWithoutWaitingForTheBody) {
  for (const std::string target :
       {"/api/v1/sync", "/api/v1/devices/enrol", "/api/v1/auth/sign-in"}) {
    HeaderList headers = Auth();
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Content-Length", std::to_string(max_body() + 1));
    const Outcome outcome =
        Exchange(port(), HttpRequest("POST", target, headers, "{\"a\":"), kAnswerWithin);
    ExpectError(outcome, 413, "payload_too_large");
  }
}

TEST_F(FrontDoorHttp, AnAbsurdContentLengthIs413AtOnce) {
  HeaderList headers = Auth();
  headers.emplace_back("Content-Length", "99999999999999999999999");
  const Outcome outcome =
      Exchange(port(), HttpRequest("POST", "/api/v1/sync", headers), kAnswerWithin);
  ExpectError(outcome, 413, "payload_too_large");
}

TEST_F(FrontDoorHttp, AContentLengthThatIsNotANumberIs400) {
  HeaderList headers = Auth();
  headers.emplace_back("Content-Length", "12abc");
  const Outcome outcome =
      Exchange(port(), HttpRequest("POST", "/api/v1/sync", headers), kAnswerWithin);
  ExpectError(outcome, 400, "bad_content_length");
}

TEST_F(FrontDoorHttp, ExpectContinueWithAnOverLimitLengthIs413InsteadOf100) {
  HeaderList headers = Auth();
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Content-Length", std::to_string(max_body() + 1));
  headers.emplace_back("Expect", "100-continue");
  const Outcome outcome =
      Exchange(port(), HttpRequest("POST", "/api/v1/sync", headers), kAnswerWithin);
  ExpectError(outcome, 413, "payload_too_large");
}

TEST_F(FrontDoorHttp, ABodyWithinTheLimitIsStillServed) {
  const Outcome outcome =
      Exchange(port(), PostJson("/api/v1/sync", BatchJson(), Auth()), kAnswerWithin);
  ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
  EXPECT_EQ(outcome.response->status, 200) << outcome.response->body;
}

// --- Content-Encoding ------------------------------------------------------------------------

struct EncodingCase {
  const char* header;
  int status;  // 200: decoded as gzip and the batch judged
};

class ContentEncoding : public FrontDoorHttp, public ::testing::WithParamInterface<EncodingCase> {};

TEST_P(ContentEncoding, OnlyGzipInAnyCaseOrIdentityIsAccepted) {
  const EncodingCase c = GetParam();
  const bool plain = std::string(c.header) == "identity";
  HeaderList headers = Auth();
  headers.emplace_back("Content-Encoding", c.header);
  const std::string body = plain ? BatchJson() : GzipCompress(BatchJson());
  const Outcome outcome = Exchange(port(), PostJson("/api/v1/sync", body, headers), kAnswerWithin);
  if (c.status == 200) {
    ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
    EXPECT_EQ(outcome.response->status, 200) << outcome.response->body;
    const json reply = json::parse(outcome.response->body, nullptr, false);
    ASSERT_TRUE(reply.contains("results")) << outcome.response->body;
  } else {
    ExpectError(outcome, c.status, "unsupported_media_type");
  }
}

INSTANTIATE_TEST_SUITE_P(
    FrontDoor, ContentEncoding,
    ::testing::Values(EncodingCase{"gzip", 200}, EncodingCase{"GZIP", 200},
                      EncodingCase{" Gzip ", 200}, EncodingCase{"identity", 200},
                      EncodingCase{"deflate", 415}, EncodingCase{"x-gzip", 415},
                      EncodingCase{"compress", 415}, EncodingCase{"br", 415},
                      EncodingCase{"zstd", 415}, EncodingCase{"gzip, gzip", 415},
                      EncodingCase{"gzip;q=1", 415}),
    [](const ::testing::TestParamInfo<EncodingCase>& info) {
      std::string name;
      for (const char* p = info.param.header; *p != '\0'; ++p) {
        name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
      }
      return "case" + std::to_string(info.index) + "_" + name;
    });

TEST_F(FrontDoorHttp, AnUnknownContentEncodingOnAnyBodyRouteIs415) {
  HeaderList headers;
  headers.emplace_back("Content-Encoding", "deflate");
  const Outcome outcome = Exchange(
      port(),
      PostJson("/api/v1/auth/sign-in", GzipCompress(R"({"username":"a","password":"b"})"), headers),
      kAnswerWithin);
  ExpectError(outcome, 415, "unsupported_media_type");
}

}  // namespace
}  // namespace soundings::reliability
