// Hostile HTTP against the real server (issue 7, part 2): every malformed or oversized request
// gets a 4xx or a closed connection within the deadline, and the server still answers
// GET /api/v1/health afterwards. Requests go over raw sockets (raw_http.h) so the bytes are
// exactly the hostile ones; cpp-httplib's client would fix the framing for us.
#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/sync/json_limits.h"
#include "shared/sync/protocol.h"
#include "tests/reliability/reliability_fixture.h"

namespace soundings::reliability {
namespace {

using nlohmann::json;
using ::testing::AnyOf;
using ::testing::HasSubstr;

// One server for the whole suite: each test also proves the server survived the ones before.
class HostileHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_server = std::make_unique<TestServer>(ShortTimeoutConfig());
    s_seeded = std::make_unique<Seeded>(soundings::testing::Seed(*s_server));
  }
  static void TearDownTestSuite() {
    s_seeded.reset();
    s_server.reset();
  }
  void TearDown() override {
    EXPECT_TRUE(HealthAnswers(port(), kAnswerWithin))
        << "GET /api/v1/health did not answer 200 after this test's hostile request";
  }

  static int port() { return s_server->port(); }
  static std::size_t max_body() { return s_server->app().config().max_body_bytes; }
  static HeaderList Auth() { return {{"Authorization", "Bearer " + s_seeded->token}}; }

  static inline std::unique_ptr<TestServer> s_server;
  static inline std::unique_ptr<Seeded> s_seeded;
};

std::string ValidBatchJson() {
  sync::SyncBatch batch;
  batch.device_id = "t";
  batch.responses = {soundings::testing::ParksResponse()};
  return sync::ToJson(batch).dump();
}

// The JSON error body every refusal carries: {"error": code, "message": sentence}.
void ExpectJsonError(const Outcome& outcome, int status, const std::string& code) {
  ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
  EXPECT_EQ(outcome.response->status, status) << outcome.Describe();
  const json body = json::parse(outcome.response->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << outcome.response->body;
  EXPECT_EQ(body.value("error", ""), code) << outcome.response->body;
  EXPECT_FALSE(body.value("message", "").empty()) << outcome.response->body;
}

// --- Body size -----------------------------------------------------------------------------

TEST_F(HostileHttp, SyncBodyOverTheLimitIs413) {
  const std::string body(max_body() + 1, ' ');
  const Outcome outcome = Exchange(port(), PostJson("/api/v1/sync", body, Auth()), kAnswerWithin);
  ExpectJsonError(outcome, 413, "payload_too_large");
}

TEST_F(HostileHttp, EnrolBodyOverTheLimitIs413) {
  const std::string body(max_body() + 1, ' ');
  const Outcome outcome = Exchange(port(), PostJson("/api/v1/devices/enrol", body), kAnswerWithin);
  ExpectJsonError(outcome, 413, "payload_too_large");
}

TEST_F(HostileHttp, HugeContentLengthWithNoBodyIsRefusedWithinTheDeadline) {
  const Outcome outcome = Exchange(port(),
                                   HttpRequest("POST", "/api/v1/sync",
                                               {{"Authorization", "Bearer " + s_seeded->token},
                                                {"Content-Type", "application/json"},
                                                {"Content-Length", "99999999999999999"}}),
                                   kAnswerWithin);
  EXPECT_TRUE(outcome.RefusedOrClosed()) << outcome.Describe();
}

// A chunked body carries no Content-Length, so a limit checked only against Content-Length never
// fires. Send 1.5 x the limit in well-formed chunks: the server must answer 413 (or hang up
// before taking it all), never read it whole and go on to judge it.
void ExpectChunkedOversizeRefused(int port, const std::string& target, const HeaderList& auth,
                                  std::size_t limit) {
  HeaderList headers = auth;
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Transfer-Encoding", "chunked");
  headers.emplace_back("Connection", "close");
  std::string request = HttpRequest("POST", target, headers);
  const std::string chunk(64 * 1024UL, ' ');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  request += std::string(size_line) + "{" + chunk.substr(1) + "\r\n";
  for (std::size_t sent = chunk.size(); sent < limit + limit / 2; sent += chunk.size()) {
    request += std::string(size_line) + chunk + "\r\n";
  }
  request += "1\r\n}\r\n0\r\n\r\n";
  const Outcome outcome = Exchange(port, request, kAnswerWithin);
  if (outcome.end == ReadEnd::kResponse) {
    EXPECT_EQ(outcome.response->status, 413) << outcome.Describe();
  } else {
    EXPECT_EQ(outcome.end, ReadEnd::kClosed) << outcome.Describe();
  }
}

TEST_F(HostileHttp, ChunkedSyncBodyOverTheLimitIs413) {
  ExpectChunkedOversizeRefused(port(), "/api/v1/sync", Auth(), max_body());
}

// cpp-httplib 0.11.4 checks payload_max_length against Content-Length only: without the server's
// own limited reader on every POST, a chunked body is read whole into memory, however large.
TEST_F(HostileHttp, ChunkedEnrolBodyOverTheLimitIs413) {
  ExpectChunkedOversizeRefused(port(), "/api/v1/devices/enrol", {}, max_body());
}

// --- Chunked framing -------------------------------------------------------------------------

struct FramingCase {
  std::string name;
  std::string chunked_body;
};

class ChunkedFraming : public HostileHttp, public ::testing::WithParamInterface<FramingCase> {};

TEST_P(ChunkedFraming, IsRefusedOrClosedWithinTheDeadline) {
  const std::vector<std::string> targets = {"/api/v1/sync", "/api/v1/devices/enrol"};
  std::vector<std::string> requests;
  for (const auto& target : targets) {
    HeaderList headers = Auth();
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Transfer-Encoding", "chunked");
    requests.push_back(HttpRequest("POST", target, headers, GetParam().chunked_body));
  }
  // Both at once: a stalled body costs one read timeout, not one per route.
  const std::vector<Outcome> outcomes = ExchangeAll(port(), requests, kAnswerWithin);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_TRUE(outcomes[i].RefusedOrClosed()) << targets[i] << ": " << outcomes[i].Describe();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, ChunkedFraming,
    ::testing::Values(FramingCase{"Unterminated", "5\r\n{\"a\":\r\n"},
                      FramingCase{"UnterminatedInsideAChunk", "400\r\n{\"a\": 1"},
                      FramingCase{"NegativeSize", "-5\r\n{\"a\":\r\n0\r\n\r\n"},
                      FramingCase{"SizeOverflowingSixtyFourBits",
                                  "1ffffffffffffffff\r\n{}\r\n0\r\n\r\n"},
                      FramingCase{"AllOnesSize", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"},
                      FramingCase{"HugeSizeThenStall", "7fffffffffffffff\r\n{}"},
                      FramingCase{"NotHex", "zz\r\n{}\r\n0\r\n\r\n"},
                      FramingCase{"MissingChunkCrlf", "2\r\n{}XX0\r\n\r\n"}),
    [](const auto& info) { return info.param.name; });

// --- Ambiguous framing (request smuggling) -----------------------------------------------------
// These go to GET /api/v1/health, which would answer 200: any 2xx means the ambiguous request was
// served instead of refused.

void ExpectNo2xxAndRefused(int port, const std::string& request) {
  auto connection = RawConnection::Connect(port);
  ASSERT_TRUE(connection);
  const Deadline deadline = After(kAnswerWithin);
  connection->Send(request, deadline);
  RawResponse response;
  const ReadEnd end = connection->ReadResponse(deadline, response);
  if (end == ReadEnd::kResponse) {
    EXPECT_GE(response.status, 400) << response.status << " " << response.body;
    EXPECT_LT(response.status, 500) << response.status << " " << response.body;
  } else {
    EXPECT_EQ(end, ReadEnd::kClosed) << "no answer and still open at the deadline";
  }
}

// httplib alone serves it, taking the chunked framing; RFC 9112 6.3 says refuse and close.
TEST_F(HostileHttp, ContentLengthTogetherWithTransferEncodingIsRefused) {
  ExpectNo2xxAndRefused(port(), HttpRequest("GET", "/api/v1/health",
                                            {{"Content-Length", "5"},
                                             {"Transfer-Encoding", "chunked"},
                                             {"Connection", "close"}},
                                            "0\r\n\r\n"));
}

// httplib alone takes the first Content-Length and serves it; RFC 9112 6.3 says refuse and close.
TEST_F(HostileHttp, DuplicateContentLengthWithDifferentValuesIsRefused) {
  ExpectNo2xxAndRefused(
      port(),
      HttpRequest("GET", "/api/v1/health",
                  {{"Content-Length", "0"}, {"Content-Length", "7"}, {"Connection", "close"}},
                  "garbage"));
}

// --- Header limits ---------------------------------------------------------------------------

// httplib 0.11.4 has no header-count limit (CPPHTTPLIB_HEADER_MAX_COUNT came later).
TEST_F(HostileHttp, MoreThanAHundredHeaderLinesAreRefused) {
  HeaderList headers;
  for (int i = 0; i < 101; ++i) headers.emplace_back("X-Filler-" + std::to_string(i), "v");
  headers.emplace_back("Connection", "close");
  ExpectNo2xxAndRefused(port(), HttpRequest("GET", "/api/v1/health", headers));
}

TEST_F(HostileHttp, AHeaderLineOverEightKilobytesIsRefused) {
  ExpectNo2xxAndRefused(
      port(), HttpRequest("GET", "/api/v1/health",
                          {{"X-Long", std::string(8 * 1024 + 1, 'a')}, {"Connection", "close"}}));
}

TEST_F(HostileHttp, ARequestTargetOverEightKilobytesIsRefused) {
  ExpectNo2xxAndRefused(port(),
                        HttpRequest("GET", "/api/v1/health?" + std::string(8 * 1024 + 1, 'a'),
                                    {{"Connection", "close"}}));
}

// The 415 message echoes the Content-Type: a reply written with a throwing json::dump() would be
// a 500.
TEST_F(HostileHttp, InvalidUtf8InContentTypeIs415NotAServerError) {
  HeaderList headers = Auth();
  headers.emplace_back("Content-Type", "text/\xff\xfe");
  headers.emplace_back("Content-Length", "2");
  headers.emplace_back("Connection", "close");
  for (const std::string target : {"/api/v1/sync", "/api/v1/devices/enrol"}) {
    const Outcome outcome =
        Exchange(port(), HttpRequest("POST", target, headers, "{}"), kAnswerWithin);
    ExpectJsonError(outcome, 415, "unsupported_media_type");
  }
}

// --- JSON bodies -----------------------------------------------------------------------------

std::string Nested(int depth) {
  return R"({"protocol_version": 1, "responses": [], "x": )" + std::string(depth - 1, '[') +
         std::string(depth - 1, ']') + "}";
}

TEST_F(HostileHttp, JsonNestedDeeperThanTheLimitIs400WithAMessage) {
  for (const int depth : {sync::kMaxJsonNesting + 1, 100'000}) {
    const Outcome outcome =
        Exchange(port(), PostJson("/api/v1/sync", Nested(depth), Auth()), kAnswerWithin);
    ExpectJsonError(outcome, 400, "malformed_json");
    EXPECT_THAT(outcome.response->body, HasSubstr("nest")) << depth;
  }
}

TEST_F(HostileHttp, JsonNestedExactlyToTheLimitIsNotRefusedForDepth) {
  const Outcome outcome = Exchange(
      port(), PostJson("/api/v1/sync", Nested(sync::kMaxJsonNesting), Auth()), kAnswerWithin);
  ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
  EXPECT_THAT(outcome.response->body, ::testing::Not(HasSubstr("nest")));
}

// The parse error quotes the bad bytes ("last read: ..."): a reply written with a throwing
// json::dump() would be a 500.
TEST_F(HostileHttp, InvalidUtf8InsideJsonStringsIs400WithAMessage) {
  const std::vector<std::string> bad_strings = {"\xff",
                                                "\xc3",
                                                "\xc3\x28",
                                                "\xe2\x82",
                                                "\xf0\x28\x8c\x28",
                                                "\xed\xa0\x80" /* surrogate */,
                                                "\xc0\xaf" /* overlong '/' */,
                                                "\\ud800" /* lone escaped surrogate */};
  for (const auto& bad : bad_strings) {
    std::string body = ValidBatchJson();
    const auto at = body.find("\"library\"");
    ASSERT_NE(at, std::string::npos);
    body.insert(at + 1, bad);
    for (const std::string target : {"/api/v1/sync", "/api/v1/devices/enrol"}) {
      const Outcome outcome = Exchange(port(), PostJson(target, body, Auth()), kAnswerWithin);
      ExpectJsonError(outcome, 400, "malformed_json");
    }
  }
}

TEST_F(HostileHttp, MalformedJsonIs400WithAMessage) {
  for (const std::string body : {"", "{", "{\"protocol_version\": 1,", "nul", "{'a': 1}", "[1, 2,]",
                                 "{\"a\": 1} trailing", "\x00\x01"}) {
    const Outcome outcome = Exchange(port(), PostJson("/api/v1/sync", body, Auth()), kAnswerWithin);
    ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
    EXPECT_EQ(outcome.response->status, 400) << "body: " << body << " -> " << outcome.Describe();
    const json reply = json::parse(outcome.response->body, nullptr, false);
    EXPECT_TRUE(reply.is_object() && reply.contains("message")) << outcome.response->body;
  }
}

TEST_F(HostileHttp, WrongJsonTypesAre400WithThePath) {
  const json valid = json::parse(ValidBatchJson());
  struct Case {
    std::string pointer;
    json value;
  };
  const std::vector<Case> cases = {
      {"/protocol_version", "1"},
      {"/protocol_version", 1.5},
      {"/protocol_version", nullptr},
      {"/responses", json::object()},
      {"/responses", "[]"},
      {"/responses/0", 7},
      {"/responses/0/uuid", 5},
      {"/responses/0/template_version", "2"},
      {"/responses/0/template_version", 1e300},
      {"/responses/0/template_version", -9223372036854775807LL},
      {"/responses/0/answers", json::array()},
      {"/responses/0/partial", "yes"},
      {"/responses/0/campaign_id", json::array({"parks"})},
      {"/responses/0/language", std::string(100'000, 'e')},
  };
  for (const auto& c : cases) {
    json body = valid;
    body[json::json_pointer(c.pointer)] = c.value;
    const Outcome outcome =
        Exchange(port(), PostJson("/api/v1/sync", body.dump(), Auth()), kAnswerWithin);
    ASSERT_EQ(outcome.end, ReadEnd::kResponse) << c.pointer << ": " << outcome.Describe();
    // A batch that cannot be decoded is a 400; a decodable batch with a bad field is a 200 whose
    // response is rejected. Either way nothing is stored and nothing is a server error.
    EXPECT_THAT(outcome.response->status, AnyOf(400, 200))
        << c.pointer << ": " << outcome.Describe();
    if (outcome.response->status == 200) {
      auto reply = sync::ParseSyncReply(outcome.response->body);
      ASSERT_TRUE(reply.ok()) << outcome.response->body;
      ASSERT_EQ(reply->results.size(), 1u);
      EXPECT_EQ(reply->results[0].status, sync::ResponseStatus::kRejected)
          << c.pointer << ": " << outcome.response->body;
    }
  }
  EXPECT_EQ(*s_server->store().CountResponses(), 0);
}

// --- Compression -----------------------------------------------------------------------------
// A small gzip body that inflates far past the limit must be refused, not inflated in memory.

std::string GzipBomb(std::size_t inflated, const std::string& head, const std::string& tail) {
  std::string text = head;
  text.append(inflated, ' ');
  text += tail;
  return GzipCompress(text);
}

void ExpectGzipBombRefused(int port, const std::string& target, const HeaderList& auth,
                           const std::string& head, const std::string& tail, std::size_t limit) {
  const std::string bomb = GzipBomb(16 * limit, head, tail);
  ASSERT_LT(bomb.size(), limit / 16);
  HeaderList headers = auth;
  headers.emplace_back("Content-Encoding", "gzip");
  ASSERT_TRUE(ResetPeakRss());
  const std::size_t rss_before = ProcessRssBytes();
  const Outcome outcome = Exchange(port, PostJson(target, bomb, headers), kAnswerWithin);
  const std::size_t peak_growth = ProcessPeakRssBytes() - rss_before;
  ASSERT_EQ(outcome.end, ReadEnd::kResponse) << outcome.Describe();
  EXPECT_THAT(outcome.response->status, AnyOf(413, 415)) << outcome.Describe();
  // The server and this client share the process: the peak includes our own 2 MiB of buffers.
  EXPECT_LT(peak_growth, 20u << 20) << "the body was inflated in memory";
}

TEST_F(HostileHttp, GzipBombToSyncIsRefusedNotInflated) {
  ExpectGzipBombRefused(port(), "/api/v1/sync", Auth(), "{\"protocol_version\": 1,",
                        "\"responses\": []}", max_body());
}

// Without the server's own limited reader, httplib inflates a whole gzip body into req.body on
// every route (its limit applies to the compressed Content-Length).
TEST_F(HostileHttp, GzipBombToEnrolIsRefusedNotInflated) {
  ExpectGzipBombRefused(port(), "/api/v1/devices/enrol", {}, R"({"enrolment_code": "x)", R"("})",
                        max_body());
}

TEST_F(HostileHttp, DamagedGzipIs400NotAServerError) {
  std::string damaged = GzipCompress(ValidBatchJson());
  damaged[damaged.size() / 2] ^= 0x5a;
  damaged.resize(damaged.size() - 3);
  HeaderList headers = Auth();
  headers.emplace_back("Content-Encoding", "gzip");
  const Outcome outcome =
      Exchange(port(), PostJson("/api/v1/sync", damaged, headers), kAnswerWithin);
  EXPECT_TRUE(outcome.RefusedOrClosed()) << outcome.Describe();
}

}  // namespace
}  // namespace soundings::reliability
