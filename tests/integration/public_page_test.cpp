// The public "you said, we did" page against the real server: hidden until HR publishes it,
// HTML-escaped, suppressed counts read "fewer than", and no free-text answer ever appears.
#include "server/reports/public_page.h"

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

constexpr const char* kFreeText = "my neighbour at number 12 leaves litter";

class PublicPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    std::vector<sync::ResponseRecord> batch;
    // Six answers: five "Agree" (shown) and one "Disagree" (fewer than 5, hidden).
    for (int i = 0; i < 6; ++i) {
      auto response = ParksResponse(i < 5 ? 4 : 2);
      response.answers["q3"] = std::string(kFreeText) + " " + std::to_string(i);
      batch.push_back(response);
    }
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
    m_hr = SignedInToken(m_server, "hr1", "hr");
  }

  httplib::Result Public(const std::string& campaign) {
    return m_server.Client().Get("/public/campaigns/" + campaign);
  }
  httplib::Result Put(const std::string& token, const std::string& campaign, const json& body) {
    return m_server.Client().Put("/api/v1/campaigns/" + campaign + "/public-page", Bearer(token),
                                 body.dump(), "application/json");
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
};

TEST_F(PublicPageTest, IsNotFoundUntilPublished) {
  auto before = Public("parks");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 404);
  auto draft = Put(m_hr, "parks", {{"what_we_did", "Draft"}, {"published", false}});
  ASSERT_TRUE(draft);
  ASSERT_EQ(draft->status, 200) << draft->body;
  auto still = Public("parks");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 404);
  auto published = Put(m_hr, "parks", {{"what_we_did", "Done"}, {"published", true}});
  ASSERT_TRUE(published);
  ASSERT_EQ(published->status, 200) << published->body;
  auto after = Public("parks");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_THAT(after->get_header_value("Content-Type"), HasSubstr("text/html"));
}

TEST_F(PublicPageTest, ShowsWhatWeDidEscapedAndSuppressedCountsAsFewerThan) {
  const std::string text = "We <b>opened</b> the \"east\" gate & fixed paths.\n\nThank you!";
  auto put = Put(m_hr, "parks", {{"what_we_did", text}, {"published", true}});
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  auto page = Public("parks");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  const std::string& html = page->body;
  EXPECT_THAT(html, HasSubstr("<html lang='en'>"));
  EXPECT_THAT(html, HasSubstr("We &lt;b&gt;opened&lt;/b&gt; the &quot;east&quot; gate &amp; "
                              "fixed paths.</p><p>Thank you!</p>"));
  EXPECT_THAT(html, Not(HasSubstr("<b>opened")));
  EXPECT_THAT(html, HasSubstr("6 responses"));
  EXPECT_THAT(html, HasSubstr("fewer than 5"));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("<table"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, HasSubstr("Agree"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

TEST_F(PublicPageTest, HoldsNoFreeTextAnswer) {
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "Done"}, {"published", true}}));
  auto page = Public("parks");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, Not(HasSubstr("neighbour")));
  EXPECT_THAT(page->body, Not(HasSubstr("litter")));
}

TEST_F(PublicPageTest, HrReadsBackTheSettingsAndTheChangeIsAudited) {
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "New benches"}, {"published", true}}));
  auto reply = m_server.Client().Get("/api/v1/campaigns/parks/public-page", Bearer(m_hr));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto body = json::parse(reply->body);
  EXPECT_EQ(body["what_we_did"], "New benches");
  EXPECT_EQ(body["published"], true);
  EXPECT_EQ(body["updated_by"], "user:hr1");
  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries) {
    audited = audited || (e.action == "public_page_updated" && e.target == "parks" &&
                          e.detail == "published=true");
  }
  EXPECT_TRUE(audited);
}

TEST_F(PublicPageTest, NewResponsesShowAfterTheCacheIntervalAndEditsAtOnce) {
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "First"}, {"published", true}}));
  auto first = Public("parks");
  ASSERT_TRUE(first);
  EXPECT_THAT(first->body, HasSubstr("6 responses"));
  std::vector<sync::ResponseRecord> more;
  for (int i = 0; i < 5; ++i) more.push_back(ParksResponse(5));
  ASSERT_TRUE(PostBatch(m_server, m_seeded.token, more));
  auto cached = Public("parks");
  ASSERT_TRUE(cached);
  EXPECT_THAT(cached->body, HasSubstr("6 responses"));
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "Second"}, {"published", true}}));
  auto edited = Public("parks");
  ASSERT_TRUE(edited);
  EXPECT_THAT(edited->body, HasSubstr("Second"));
  EXPECT_THAT(edited->body, HasSubstr("11 responses"));
  ASSERT_TRUE(PostBatch(m_server, m_seeded.token, {ParksResponse(3)}));
  m_server.clock().Advance(server::kPublicPageCacheFor);
  auto later = Public("parks");
  ASSERT_TRUE(later);
  EXPECT_THAT(later->body, HasSubstr("12 responses"));
}

TEST_F(PublicPageTest, OnlyConsultationsHavePagesAndOnlyAdminAndHrEditThem) {
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  auto forbidden = Put(analyst, "parks", {{"what_we_did", "x"}, {"published", true}});
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  auto anonymous = Put("", "parks", {{"what_we_did", "x"}, {"published", true}});
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto appraisal = Put(m_hr, "c360", {{"what_we_did", "x"}, {"published", true}});
  ASSERT_TRUE(appraisal);
  EXPECT_EQ(appraisal->status, 422);
  auto missing = Put(m_hr, "parks", {{"what_we_did", "x"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_THAT(missing->body, HasSubstr("published"));
  auto unknown = Put(m_hr, "nope", {{"what_we_did", "x"}, {"published", true}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto public_360 = Public("c360");
  ASSERT_TRUE(public_360);
  EXPECT_EQ(public_360->status, 404);
  auto public_unknown = Public("nope");
  ASSERT_TRUE(public_unknown);
  EXPECT_EQ(public_unknown->status, 404);
}

}  // namespace
}  // namespace soundings::testing
