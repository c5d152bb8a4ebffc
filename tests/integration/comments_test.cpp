// Residents' comments through the real server: redacted for HR, as written for an administrator
// who asks (audited), refused to others; a group under the comment minimum, and a group whose
// listing would reveal one, list nothing; HR's theme edits; errors name their parameter.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class CommentsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    std::vector<sync::ResponseRecord> batch;
    // Eight at the library, five with no venue; two of them say "no" to q2.
    const std::vector<std::string> texts = {"Too many dogs off the lead",
                                            "Dogs off the lead near the swings",
                                            "Dog mess by the lead path",
                                            "Dogs off lead scare children",
                                            "Bins are full of dog mess",
                                            "Empty the bins by the gate",
                                            "The bins overflow every weekend",
                                            "Email me at jo@example.com about the bins",
                                            "More benches please",
                                            "Benches by the pond please",
                                            "Lovely and green",
                                            "Quiet and green",
                                            "Needs more benches"};
    for (std::size_t i = 0; i < texts.size(); ++i) {
      auto response = ParksResponse();
      response.answers["q3"] = texts[i];
      response.answers["q2"] = i != 0 && i != 9;
      if (i >= 8) response.venue_id = "";
      batch.push_back(response);
    }
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
    m_hr = SignedInToken(m_server, "hr1", "hr");
    m_admin = SignedInToken(m_server, "admin1", "admin");
    m_analyst = SignedInToken(m_server, "analyst1", "analyst");
    m_manager = SignedInToken(m_server, "manager1", "manager");
  }

  httplib::Result Get(const std::string& token, const std::string& query) {
    return m_server.Client().Get("/api/v1/reports/campaigns/parks/comments?" + query,
                                 Bearer(token));
  }
  json GetJson(const std::string& token, const std::string& query) {
    auto reply = Get(token, query);
    EXPECT_TRUE(reply);
    if (!reply) return json();
    EXPECT_EQ(reply->status, 200) << reply->body;
    return json::parse(reply->body);
  }
  httplib::Result Put(const std::string& token, const json& body) {
    return m_server.Client().Put("/api/v1/reports/campaigns/parks/comments/themes", Bearer(token),
                                 body.dump(), "application/json");
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr, m_admin, m_analyst, m_manager;
};

TEST_F(CommentsApiTest, HrAndAnalystsReadRedactedCommentsWithIntegerCounts) {
  auto reply = Get(m_hr, "question=q3");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_THAT(reply->body, Not(HasSubstr("jo@example.com")));
  EXPECT_THAT(reply->body, HasSubstr("Email me at [email] about the bins"));
  EXPECT_THAT(reply->body, HasSubstr("\"people\":13,"));
  const json body = json::parse(reply->body);
  EXPECT_EQ(body["redacted"], true);
  EXPECT_EQ(body["matched"], 13);
  EXPECT_EQ(body["comment_minimum"], 5);
  EXPECT_EQ(GetJson(m_analyst, "question=q3")["matched"], 13);
  // Without a question: the first text question.
  EXPECT_EQ(GetJson(m_hr, "")["question"]["id"], "q3");
}

TEST_F(CommentsApiTest, OnlyAnAdministratorReadsCommentsAsWrittenAndThatReadIsAudited) {
  const json admin = GetJson(m_admin, "question=q3&redacted=false");
  EXPECT_EQ(admin["redacted"], false);
  EXPECT_THAT(admin.dump(), HasSubstr("jo@example.com"));
  auto audit = m_server.app().audit().List();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->back().action, "comments_read_unredacted");
  EXPECT_EQ(audit->back().actor, "user:admin1");
  EXPECT_EQ(audit->back().target, "parks");

  auto hr = Get(m_hr, "question=q3&redacted=false");
  ASSERT_TRUE(hr);
  EXPECT_EQ(hr->status, 403);
  EXPECT_THAT(hr->body, Not(HasSubstr("jo@example.com")));
  auto manager = Get(m_manager, "question=q3");
  ASSERT_TRUE(manager);
  EXPECT_EQ(manager->status, 403);
  auto anonymous = m_server.Client().Get("/api/v1/reports/campaigns/parks/comments?question=q3");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(CommentsApiTest, ErrorsNameTheParameter) {
  for (const auto& [query, path] : std::vector<std::pair<std::string, std::string>>{
           {"question=q1", "question"},
           {"question=q3&segment=colour&value=red", "segment"},
           {"question=q3&segment=venue&value=pond", "value"},
           {"question=q3&theme=no%2Bsuch", "theme"},
           {"question=q3&redacted=maybe", "redacted"}}) {
    auto reply = Get(m_hr, query);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400) << query;
    const json body = json::parse(reply->body);
    ASSERT_FALSE(body["problems"].empty()) << query;
    EXPECT_EQ(body["problems"][0]["path"], path) << query;
  }
  auto wrong_kind =
      m_server.Client().Get("/api/v1/reports/campaigns/c360/comments?question=q3", Bearer(m_hr));
  ASSERT_TRUE(wrong_kind);
  EXPECT_EQ(wrong_kind->status, 422);
  auto missing =
      m_server.Client().Get("/api/v1/reports/campaigns/nope/comments?question=q3", Bearer(m_hr));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(CommentsApiTest, SegmentsListOnlyGroupsThatCannotBeTracedToFewerThanTheMinimum) {
  // The library's 8 are listed: the 5 with no venue are enough people on their own.
  const json library = GetJson(m_hr, "question=q3&segment=venue&value=library");
  EXPECT_EQ(library["matched"], 8);
  EXPECT_EQ(library["segment_people"]["value"], 8);
  EXPECT_TRUE(library["withheld"].is_null());
  // Two said "no": never listed; and "yes" (11) is withheld too, since the question's list
  // minus the "yes" list would be those two.
  const json no = GetJson(m_hr, "question=q3&segment=q2&value=no");
  EXPECT_TRUE(no["comments"].empty());
  EXPECT_THAT(no["withheld"].get<std::string>(), HasSubstr("Fewer than 5 people"));
  EXPECT_EQ(no["segment_people"]["text"], "fewer than 5*");
  const json yes = GetJson(m_hr, "question=q3&segment=q2&value=yes");
  EXPECT_TRUE(yes["comments"].empty());
  EXPECT_FALSE(yes["withheld"].is_null());
  // A search within the whole question needs no minimum.
  EXPECT_EQ(GetJson(m_hr, "question=q3&search=Benches")["matched"], 3);
}

TEST_F(CommentsApiTest, HrRenamesAndPinsAThemeAndAnAnalystCannot) {
  const json before = GetJson(m_hr, "question=q3");
  ASSERT_FALSE(before["themes"].empty()) << before.dump(2);
  const std::string key = before["themes"][0]["key"];
  auto analyst = Put(m_analyst, {{"question", "q3"}, {"theme", key}, {"label", "Dogs"}});
  ASSERT_TRUE(analyst);
  EXPECT_EQ(analyst->status, 403);
  auto renamed =
      Put(m_hr, {{"question", "q3"}, {"theme", key}, {"label", "Dogs"}, {"pinned", true}});
  ASSERT_TRUE(renamed);
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  const json after = json::parse(renamed->body);
  EXPECT_EQ(after["themes"][0]["label"], "Dogs");
  EXPECT_EQ(after["themes"][0]["pinned"], true);
  EXPECT_EQ(after["themes"][0]["edit"]["updated_by"], "user:hr1");
  EXPECT_EQ(GetJson(m_analyst, "question=q3")["themes"][0]["label"], "Dogs");
  // The chain: the analyst's refusal is counted for its minute, not chained yet.
  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->back().action, "comment_theme_edited");

  auto bad = Put(m_hr, {{"question", "q3"}, {"theme", key}, {"merge_into", key}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["problems"][0]["path"], "merge_into");
  auto not_json = m_server.Client().Put("/api/v1/reports/campaigns/parks/comments/themes",
                                        Bearer(m_hr), "{", "application/json");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
}

}  // namespace
}  // namespace soundings::testing
