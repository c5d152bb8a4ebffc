// A campaign's dates (issue 11 item 4) through the real server: set when created or later, each
// bad date refused with the field it concerns, and the campaign closed by the server once its
// close date has passed (audited; no response accepted after it).
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/deadline_closer.h"
#include "shared/db/sqlite.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class CampaignDatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    m_hr = SignedInToken(m_server, "hana", "hr");
  }

  httplib::Result Create(const json& body) {
    return m_server.Client().Post("/api/v1/campaigns", Bearer(m_hr), body.dump(),
                                  "application/json");
  }
  httplib::Result SetDates(const std::string& campaign, const json& body) {
    return m_server.Client().Put("/api/v1/campaigns/" + campaign + "/dates", Bearer(m_hr),
                                 body.dump(), "application/json");
  }
  json Campaign(const std::string& id) {
    auto reply = m_server.Client().Get("/api/v1/campaigns", Bearer(m_hr));
    EXPECT_TRUE(reply && reply->status == 200);
    const json listed = json::parse(reply->body);  // kept: the loop reads part of it
    for (const auto& c : listed["campaigns"]) {
      if (c["id"] == id) return c;
    }
    return json();
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
};

const json kNew = {{"id", "lead-2027"},
                   {"template_id", "lead360"},
                   {"template_version", 1},
                   {"title", "Lead 2027"}};

TEST_F(CampaignDatesTest, DatesAreKeptNormalisedAndBadOnesRefusedNamingTheField) {
  json bad = kNew;
  bad["closes_at"] = "next Friday";
  auto reply = Create(bad);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(json::parse(reply->body)["error"], "invalid_date");
  EXPECT_EQ(json::parse(reply->body)["problems"][0]["path"], "closes_at");

  bad["opens_at"] = "2027-03-14T09:00:00Z";
  bad["closes_at"] = "2027-03-01T17:00:00Z";  // before it opens
  reply = Create(bad);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_THAT(reply->body, HasSubstr("must be after opens_at"));

  bad["opens_at"] = "";
  bad["closes_at"] = "2026-11-01T17:00:00Z";  // the server's clock reads 2026-11-28
  reply = Create(bad);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 422);
  EXPECT_EQ(json::parse(reply->body)["error"], "closes_in_past");
  EXPECT_TRUE(Campaign("lead-2027").is_null()) << "nothing was created";

  json good = kNew;
  good["opens_at"] = "2026-12-01T09:00:00.250Z";
  good["closes_at"] = "2026-12-14T17:00:00Z";
  reply = Create(good);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["opens_at"], "2026-12-01T09:00:00Z");  // whole seconds
  EXPECT_EQ(Campaign("lead-2027")["closes_at"], "2026-12-14T17:00:00Z");

  reply = SetDates("lead-2027", {{"closes_at", "2026-12-21T17:00:00Z"}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_TRUE(json::parse(reply->body)["opens_at"].is_null());  // not given: none
  EXPECT_EQ(Campaign("lead-2027")["closes_at"], "2026-12-21T17:00:00Z");
  reply = SetDates("nothing", {{"closes_at", "2026-12-21T17:00:00Z"}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
}

// Ingest refuses responses completed before a campaign opened (issue 16, finding 10), so a
// campaign opened before its planned date must not keep that date: it opened when it was opened.
TEST_F(CampaignDatesTest, OpeningBeforeThePlannedDateMakesNowTheOpeningDate) {
  json planned = kNew;
  planned["opens_at"] = "2026-12-01T09:00:00Z";  // the server's clock reads 2026-11-28T09:00
  planned["closes_at"] = "2026-12-14T17:00:00Z";
  auto reply = Create(planned);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  reply = m_server.Client().Post("/api/v1/campaigns/lead-2027/state", Bearer(m_hr),
                                 json{{"state", "open"}}.dump(), "application/json");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["opens_at"], "2026-11-28T09:00:00Z");
  EXPECT_EQ(Campaign("lead-2027")["opens_at"], "2026-11-28T09:00:00Z");
  EXPECT_EQ(Campaign("lead-2027")["closes_at"], "2026-12-14T17:00:00Z");
}

TEST_F(CampaignDatesTest, TheServerClosesACampaignAtItsCloseDateAndThenTakesNoResponse) {
  auto reply = SetDates("c360", {{"closes_at", "2026-11-29T17:00:00Z"}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto& admin = m_server.app().admin();
  auto before = admin.CloseDueCampaigns("system:close_date");
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty());  // a day and a bit to go
  EXPECT_EQ(Campaign("c360")["state"], "open");

  m_server.clock().Advance(std::chrono::hours(33));    // 2026-11-29T18:00Z
  m_hr = SignedInToken(m_server, "hana-again", "hr");  // the first sign-in has expired
  std::ostringstream log;
  {
    // What `serve` runs: one pass when it starts (then one a minute until it stops).
    server::DeadlineCloser closer(admin, log, std::chrono::hours(1));
    EXPECT_EQ(Campaign("c360")["state"], "closed");
  }
  EXPECT_THAT(log.str(), HasSubstr("closed campaign c360 at its close date"));
  EXPECT_EQ(Campaign("parks")["state"], "open") << "a campaign without a close date stays open";

  auto late = PostBatch(m_server, m_seeded.token, {PeerResponse(m_seeded.peer_codes[0], 4)});
  ASSERT_TRUE(late);
  EXPECT_NE(late->results.at(0).status, sync::ResponseStatus::kAccepted);
  reply = SetDates("c360", {{"closes_at", "2027-01-01T17:00:00Z"}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409) << "a closed campaign's dates no longer change";

  auto audit =
      m_server.Client().Get("/api/v1/audit", Bearer(SignedInToken(m_server, "ada", "admin")));
  ASSERT_TRUE(audit);
  EXPECT_THAT(audit->body, HasSubstr("system:close_date"));
}

// A close that cannot be written (a trigger refuses it, as a full or broken disk would) leaves the
// campaign open, says so in the server's log, and the next pass closes it once writes succeed.
TEST_F(CampaignDatesTest, AFailedCloseIsLoggedAndTheNextPassClosesTheCampaign) {
  auto reply = SetDates("c360", {{"closes_at", "2026-11-28T10:00:00Z"}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  m_server.clock().Advance(std::chrono::hours(1));
  auto db = db::Database::Open(m_server.app().config().DatabaseFile(), {});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TRIGGER close_fails BEFORE UPDATE OF state ON campaigns "
                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
                  .ok());
  auto& admin = m_server.app().admin();
  std::ostringstream log;
  { server::DeadlineCloser closer(admin, log, std::chrono::hours(1)); }
  EXPECT_THAT(log.str(), HasSubstr("could not close campaigns past their close date"));
  EXPECT_THAT(log.str(), HasSubstr("could not read or write its database"));
  m_hr = SignedInToken(m_server, "hana-again", "hr");
  EXPECT_EQ(Campaign("c360")["state"], "open");

  ASSERT_TRUE(db->Exec("DROP TRIGGER close_fails").ok());
  std::ostringstream next;
  { server::DeadlineCloser closer(admin, next, std::chrono::hours(1)); }
  EXPECT_THAT(next.str(), HasSubstr("closed campaign c360 at its close date"));
  EXPECT_EQ(Campaign("c360")["state"], "closed");
}

}  // namespace
}  // namespace soundings::testing
