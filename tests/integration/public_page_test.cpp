// The public "you said, we did" page against the real server: hidden until HR publishes it,
// HTML-escaped, the council, the dates and the number of people who took part, findings HR chose
// counted in people (not picks) and suppressed under the minimum, equality-monitoring questions
// refused as findings, contact, and no free-text answer ever.
#include "server/reports/public_page.h"

#include <fstream>
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
constexpr const char* kCouncil = "Testshire County Council";

// A consultation with a multiple-choice question, a yes/no, a long text and an equality-monitoring
// section, as a council's own template would mark it (no module id involved).
constexpr const char* kHallTemplate = R"JSON({
 "id": "hall", "version": 1, "kind": "consultation", "languages": ["en"],
 "title": {"en": "Village hall"},
 "sections": [
  {"id": "use", "title": {"en": "Using the hall"}, "items": [
   {"id": "uses", "type": "multiple_choice", "text": {"en": "What would you use the hall for?"},
    "options": [{"value": "hall", "label": {"en": "Events in the hall"}},
                {"value": "park", "label": {"en": "The playing field"}},
                {"value": "library", "label": {"en": "A book swap"}},
                {"value": "pool", "label": {"en": "Swimming lessons"}}]},
   {"id": "parking", "type": "yes_no", "text": {"en": "Is there enough parking?"}},
   {"id": "ideas", "type": "long_text", "text": {"en": "Any other ideas?"}}]},
  {"id": "about_you", "title": {"en": "About you"}, "equality_monitoring": true, "items": [
   {"id": "age", "type": "single_choice", "text": {"en": "Which age group are you in?"},
    "options": [{"value": "under_40", "label": {"en": "Under 40"}},
                {"value": "over_40", "label": {"en": "40 or over"}}]}]}
 ]
})JSON";

server::ServerConfig WithCouncil() {
  server::ServerConfig config;
  config.organisation_name = kCouncil;
  return config;
}

sync::ResponseRecord HallResponse(const std::vector<std::string>& uses, bool parking,
                                  const std::string& age) {
  sync::ResponseRecord r = ParksResponse();
  r.campaign_id = "hall";
  r.template_id = "hall";
  r.template_version = 1;
  r.answers = {
      {"uses", uses}, {"parking", parking}, {"ideas", std::string(kFreeText)}, {"age", age}};
  return r;
}

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

  // The "hall" consultation: 25 people. Uses: 10 picked the hall and the field, 5 the field
  // alone, 5 the book swap, 5 swimming (35 picks). Parking: 23 yes, 2 no. Age: 12 under 40.
  void SeedHall() {
    std::ofstream(m_templates.path() / "hall-v1.json") << kHallTemplate;
    auto loaded = m_server.app().templates().LoadDirectory(m_templates.path());
    ASSERT_TRUE(loaded.failed.empty()) << loaded.failed.front();
    auto& store = m_server.store();
    ASSERT_TRUE(
        store.AddCampaign({"hall", "hall", 1, "Village hall", "consultation", "open"}).ok());
    ASSERT_TRUE(
        store.SetCampaignDates("hall", "2026-11-02T09:00:00Z", "2026-12-14T17:00:00Z").ok());
    std::vector<sync::ResponseRecord> batch;
    for (int i = 0; i < 25; ++i) {
      std::vector<std::string> uses = i < 10   ? std::vector<std::string>{"hall", "park"}
                                      : i < 15 ? std::vector<std::string>{"park"}
                                      : i < 20 ? std::vector<std::string>{"library"}
                                               : std::vector<std::string>{"pool"};
      batch.push_back(HallResponse(uses, i >= 2, i < 12 ? "under_40" : "over_40"));
    }
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted)
          << r.uuid << " " << (r.problems.empty() ? "" : r.problems.front().ToString());
    }
  }

  httplib::Result Public(const std::string& campaign) {
    return m_server.Client().Get("/public/campaigns/" + campaign);
  }
  httplib::Result Put(const std::string& token, const std::string& campaign, const json& body) {
    return m_server.Client().Put("/api/v1/campaigns/" + campaign + "/public-page", Bearer(token),
                                 body.dump(), "application/json");
  }
  // The page after a PUT that must succeed.
  std::string Published(const std::string& campaign, const json& body) {
    auto put = Put(m_hr, campaign, body);
    EXPECT_TRUE(put);
    if (!put) return "";
    EXPECT_EQ(put->status, 200) << put->body;
    auto page = Public(campaign);
    EXPECT_TRUE(page);
    if (!page) return "";
    EXPECT_EQ(page->status, 200) << page->body;
    return page->body;
  }

  TestServer m_server{WithCouncil()};
  TempFolder m_templates;
  Seeded m_seeded;
  std::string m_hr;
};

// The problems of a 400 reply as path -> message.
std::map<std::string, std::string> ProblemsOf(const httplib::Result& reply) {
  std::map<std::string, std::string> out;
  if (!reply) return out;
  auto body = json::parse(reply->body, nullptr, false);
  if (!body.is_object() || !body["problems"].is_array()) return out;
  for (const auto& p : body["problems"]) out[p["path"]] = p["message"];
  return out;
}

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
  EXPECT_THAT(after->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'none'"));
}

TEST_F(PublicPageTest, ShowsTheCouncilThePeopleAndWhatWeDidEscaped) {
  const std::string text = "We <b>opened</b> the \"east\" gate & fixed paths.\n\nThank you!";
  const std::string html = Published("parks", {{"what_we_did", text}, {"published", true}});
  EXPECT_THAT(html, HasSubstr("<html lang='en'>"));
  EXPECT_THAT(html, HasSubstr(kCouncil));
  EXPECT_THAT(html, HasSubstr("We &lt;b&gt;opened&lt;/b&gt; the &quot;east&quot; gate &amp; "
                              "fixed paths.</p><p class='govuk-body'>Thank you!</p>"));
  EXPECT_THAT(html, Not(HasSubstr("<b>opened")));
  EXPECT_THAT(html, HasSubstr("People who took part</dt><dd class='govuk-summary-list__value' "
                              "id='people-count'>6</dd>"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

TEST_F(PublicPageTest, ShowsNothingForAQuestionHrDidNotSelect) {
  const std::string html = Published("parks", {{"what_we_did", "Done"}, {"published", true}});
  // Neither the questions nor their most common answers: only what HR chose is on the page.
  EXPECT_THAT(html, Not(HasSubstr("The park is well kept")));
  EXPECT_THAT(html, Not(HasSubstr("Do you visit weekly?")));
  EXPECT_THAT(html, Not(HasSubstr("Most common")));
  EXPECT_THAT(html, Not(HasSubstr("<section class='app-finding'")));
}

// Residents' words reach the page only as themes (keyphrases or HR's label) with a count of
// people; never a comment as written.
TEST_F(PublicPageTest, HoldsNoCommentAsWritten) {
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "Done"}, {"published", true}}));
  auto page = Public("parks");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, Not(HasSubstr(kFreeText)));
  EXPECT_THAT(page->body, Not(HasSubstr("number 12")));
}

TEST_F(PublicPageTest, AMultipleChoiceFindingIsAShareOfPeopleNotOfPicks) {
  SeedHall();
  const json body = {{"what_we_did", ""},
                     {"published", true},
                     {"summary", "We asked the village what the hall should be for."},
                     {"contact", "Email: hall@testshire.example\nPhone: 01234 567890"},
                     {"findings",
                      {{{"question", "uses"},
                        {"values", {"hall", "park"}},
                        {"you_said", "You want events indoors and out."},
                        {"we_did", "We booked a summer fair on the field."}}}}};
  const std::string html = Published("hall", body);
  // 15 of the 25 people who answered picked the hall or the field (60 %); the 25 picks of those
  // two among 35 picks in all would read 71 %.
  EXPECT_THAT(html, HasSubstr("60%"));
  EXPECT_THAT(html, HasSubstr("of the 25 people who answered chose \u201c"
                              "Events in the hall\u201d or \u201cThe playing field\u201d "
                              "(15 people)."));
  EXPECT_THAT(html, Not(HasSubstr("71%")));
  EXPECT_THAT(html, HasSubstr("You want events indoors and out."));
  EXPECT_THAT(html, HasSubstr("We booked a summer fair on the field."));
  EXPECT_THAT(html, HasSubstr("What would you use the hall for?"));
  // The chart: a bar with its text alternative.
  EXPECT_THAT(html, HasSubstr("role='img' aria-label='60% of people who answered chose"));
  EXPECT_THAT(html, HasSubstr("width='60'"));
  // The council, the dates, the people, the summary and the contact.
  EXPECT_THAT(html, HasSubstr(kCouncil));
  EXPECT_THAT(html, HasSubstr("2 November 2026 to 14 December 2026"));
  EXPECT_THAT(html, HasSubstr("id='people-count'>25</dd>"));
  EXPECT_THAT(html, HasSubstr("We asked the village what the hall should be for."));
  EXPECT_THAT(html, HasSubstr("<h2 class='govuk-heading-l' id='contact'>Contact</h2>"));
  EXPECT_THAT(html, HasSubstr("<a class='govuk-link' href='mailto:hall@testshire.example'>"));
  EXPECT_THAT(html, HasSubstr("Phone: 01234 567890"));
  // Nothing else: the question HR did not choose, the free text, the equality question.
  EXPECT_THAT(html, Not(HasSubstr("Is there enough parking?")));
  EXPECT_THAT(html, Not(HasSubstr(kFreeText)));
  EXPECT_THAT(html, Not(HasSubstr("Which age group")));
  EXPECT_THAT(html, Not(HasSubstr("fewer than 5*")));
}

TEST_F(PublicPageTest, AFindingOfFewerPeopleThanTheMinimumReadsFewerThan) {
  SeedHall();
  const json body = {
      {"what_we_did", ""},
      {"published", true},
      {"findings",
       {{{"question", "parking"}, {"values", {"no"}}, {"we_did", "We marked out four spaces."}}}}};
  const std::string html = Published("hall", body);
  // Two people said no: their count is hidden, and so is anything it could be worked out from.
  EXPECT_THAT(html, HasSubstr("fewer than 5*"));
  EXPECT_THAT(html, HasSubstr("* fewer than 5 responses, or hidden so that a group of fewer "
                              "than 5 cannot be worked out"));
  EXPECT_THAT(html, Not(HasSubstr("(2 people)")));
  EXPECT_THAT(html, Not(HasSubstr("8%")));
  EXPECT_THAT(html, Not(HasSubstr("92%")));
  EXPECT_THAT(html, HasSubstr("We marked out four spaces."));
}

TEST_F(PublicPageTest, AnEqualityMonitoringQuestionIsRefusedAsAFindingAndNeverShown) {
  SeedHall();
  const json refused = {
      {"what_we_did", ""},
      {"published", true},
      {"findings",
       {{{"question", "uses"}, {"values", {"pool"}}, {"we_did", "Lessons from May."}},
        {{"question", "age"}, {"values", {"over_40"}}, {"we_did", "Nothing."}}}}};
  auto reply = Put(m_hr, "hall", refused);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  auto problems = ProblemsOf(reply);
  ASSERT_TRUE(problems.contains("findings[1].question")) << reply->body;
  EXPECT_THAT(problems["findings[1].question"], HasSubstr("equality-monitoring"));
  EXPECT_FALSE(problems.contains("findings[0].question"));

  // Nothing was saved; the page, once published without it, never names the question.
  const std::string html = Published(
      "hall", {{"what_we_did", ""},
               {"published", true},
               {"findings", {{{"question", "uses"}, {"values", {"pool"}}, {"we_did", "May."}}}}});
  EXPECT_THAT(html, Not(HasSubstr("Which age group")));
  EXPECT_THAT(html, Not(HasSubstr("40 or over")));

  // The editor is offered it only for "who took part".
  auto settings = m_server.Client().Get("/api/v1/campaigns/hall/public-page", Bearer(m_hr));
  ASSERT_TRUE(settings);
  ASSERT_EQ(settings->status, 200);
  bool listed = false;
  const json editor = json::parse(settings->body);
  for (const auto& q : editor["questions"]) {
    if (q["id"] == "age") {
      listed = true;
      EXPECT_EQ(q["equality_monitoring"], true);
      EXPECT_EQ(q["finding"], false);
      EXPECT_EQ(q["profile"], true);
    }
    EXPECT_NE(q["id"], "ideas") << "a long text has no answers to count";
  }
  EXPECT_TRUE(listed);
}

TEST_F(PublicPageTest, WhoTookPartComesAfterTheFindingsWithCountsOfPeople) {
  SeedHall();
  const std::string html = Published(
      "hall", {{"what_we_did", ""},
               {"published", true},
               {"profile", {"age"}},
               {"findings", {{{"question", "uses"}, {"values", {"pool"}}, {"we_did", "May."}}}}});
  const auto findings = html.find("id='you-said-we-did'");
  const auto profile = html.find("id='who-took-part'");
  ASSERT_NE(findings, std::string::npos);
  ASSERT_NE(profile, std::string::npos);
  EXPECT_LT(findings, profile);
  EXPECT_THAT(html.substr(profile), HasSubstr("<th scope='row'>Under 40</th><td class='num'>12</td>"
                                              "<td class='num'>48%</td>"));
  EXPECT_THAT(html.substr(profile), HasSubstr("<th scope='row'>40 or over</th><td "
                                              "class='num'>13</td>"));
}

TEST_F(PublicPageTest, EveryBadFieldIsReportedWithItsPath) {
  SeedHall();
  const json body = {{"what_we_did", ""},
                     {"published", true},
                     {"contact", std::string(server::kMaxContactBytes + 1, 'x')},
                     {"findings",
                      {{{"question", "nope"}, {"values", {"x"}}, {"we_did", "x"}},
                       {{"question", "uses"}, {"values", {"hall", "swimming"}}, {"we_did", "x"}},
                       {{"question", "uses"}, {"values", {"hall"}}, {"we_did", " "}},
                       {{"question", "ideas"}, {"values", {"x"}}, {"we_did", "x"}},
                       {{"question", "parking"},
                        {"values", json::array()},
                        {"you_said", std::string(server::kMaxYouSaidBytes + 1, 'y')},
                        {"we_did", "x"}}}},
                     {"profile", {"uses"}}};
  auto reply = Put(m_hr, "hall", body);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  auto problems = ProblemsOf(reply);
  EXPECT_THAT(problems["contact"], HasSubstr("at most"));
  EXPECT_THAT(problems["findings[0].question"], HasSubstr("no such question"));
  EXPECT_THAT(problems["findings[1].values[1]"], HasSubstr("not an answer of uses"));
  EXPECT_THAT(problems["findings[2].values[0]"], HasSubstr("already counted by findings[1]"));
  EXPECT_THAT(problems["findings[2].we_did"], HasSubstr("must say what was done"));
  EXPECT_THAT(problems["findings[3].question"], HasSubstr("no answers to count"));
  EXPECT_THAT(problems["findings[4].values"], HasSubstr("at least one"));
  EXPECT_THAT(problems["findings[4].you_said"], HasSubstr("at most"));
  EXPECT_THAT(problems["profile[0]"], HasSubstr("single_choice or yes_no"));
  auto page = Public("hall");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404) << "nothing was saved";
}

TEST_F(PublicPageTest, HrReadsBackTheSettingsAndTheChangeIsAudited) {
  SeedHall();
  const json findings = {{{"question", "uses"},
                          {"values", {"pool", "library"}},
                          {"you_said", "Books and lessons."},
                          {"we_did", "Both from May."}}};
  ASSERT_TRUE(Put(m_hr, "hall",
                  {{"what_we_did", "New benches"},
                   {"published", true},
                   {"summary", "Thanks."},
                   {"contact", "hall@testshire.example"},
                   {"findings", findings}}));
  // An older caller sends only the text and the flag: what it does not send is kept.
  auto older = Put(m_hr, "hall", {{"what_we_did", "New benches too"}, {"published", true}});
  ASSERT_TRUE(older);
  ASSERT_EQ(older->status, 200) << older->body;
  auto reply = m_server.Client().Get("/api/v1/campaigns/hall/public-page", Bearer(m_hr));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto body = json::parse(reply->body);
  EXPECT_EQ(body["what_we_did"], "New benches too");
  EXPECT_EQ(body["published"], true);
  EXPECT_EQ(body["updated_by"], "user:hr1");
  EXPECT_EQ(body["summary"], "Thanks.");
  EXPECT_EQ(body["contact"], "hall@testshire.example");
  EXPECT_EQ(body["findings"], findings);
  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  int audited = 0;
  for (const auto& e : *entries) {
    if (e.action == "public_page_updated" && e.target == "hall" && e.detail == "published=true") {
      ++audited;
    }
  }
  EXPECT_EQ(audited, 2);
}

TEST_F(PublicPageTest, NewResponsesShowAfterTheCacheIntervalAndEditsAtOnce) {
  const std::string people = "id='people-count'>";
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "First"}, {"published", true}}));
  auto first = Public("parks");
  ASSERT_TRUE(first);
  EXPECT_THAT(first->body, HasSubstr(people + "6<"));
  std::vector<sync::ResponseRecord> more;
  more.reserve(5);
  for (int i = 0; i < 5; ++i) more.push_back(ParksResponse(5));
  ASSERT_TRUE(PostBatch(m_server, m_seeded.token, more));
  auto cached = Public("parks");
  ASSERT_TRUE(cached);
  EXPECT_THAT(cached->body, HasSubstr(people + "6<"));
  ASSERT_TRUE(Put(m_hr, "parks", {{"what_we_did", "Second"}, {"published", true}}));
  auto edited = Public("parks");
  ASSERT_TRUE(edited);
  EXPECT_THAT(edited->body, HasSubstr("Second"));
  EXPECT_THAT(edited->body, HasSubstr(people + "11<"));
  ASSERT_TRUE(PostBatch(m_server, m_seeded.token, {ParksResponse(3)}));
  m_server.clock().Advance(server::kPublicPageCacheFor);
  auto later = Public("parks");
  ASSERT_TRUE(later);
  EXPECT_THAT(later->body, HasSubstr(people + "12<"));
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
