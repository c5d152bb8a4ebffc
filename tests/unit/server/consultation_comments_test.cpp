// Residents' comments (consultation_comments.h) over a small consultation stored through the real
// schema: redaction by role, search on what is shown, segments under the comment minimum, theme
// edits that survive recomputation, and the themes the public page gets.
#include "server/reports/consultation_comments.h"

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/reports/sqlite_report_store.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPersonal =
    "Ring Mr Smith on 07700 900123 or write to jo.smith@example.com about the bins at DL7 8AD";

json Consultation() {
  json scale = {{"id", "agree5"}, {"points", json::array()}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", std::to_string(v)}}}});
  }
  json main_items = json::array();
  main_items.push_back({{"id", "q_like"},
                        {"type", "likert"},
                        {"scale", "agree5"},
                        {"text", {{"en", "I like the town"}}}});
  main_items.push_back(
      {{"id", "q_text"}, {"type", "long_text"}, {"text", {{"en", "What should change?"}}}});
  json age = {{"id", "eq_age"},
              {"type", "single_choice"},
              {"text", {{"en", "Age"}}},
              {"options",
               {{{"value", "young"}, {"label", {{"en", "Young"}}}},
                {{"value", "old"}, {"label", {{"en", "Old"}}}}}}};
  json eq_text = {{"id", "eq_text"},
                  {"type", "long_text"},
                  {"text", {{"en", "Anything about you we should know?"}}}};
  json sections = json::array();
  sections.push_back({{"id", "main"}, {"title", {{"en", "Town"}}}, {"items", main_items}});
  sections.push_back({{"id", "eq"},
                      {"equality_monitoring", true},
                      {"title", {{"en", "About you"}}},
                      {"items", {age, eq_text}}});
  return {{"id", "town"},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", {{"en", "Town"}}},
          {"scales", json::array({scale})},
          {"sections", sections}};
}

const std::vector<std::string> kBus = {"The bus service is always late in the morning",
                                       "Buses are late and the bus stop has no shelter",
                                       "More buses please, the late bus to town is full",
                                       "The bus timetable is wrong and buses run late",
                                       "Late buses make me miss work, fix the bus service",
                                       "A later bus in the evening and fewer late buses"};
const std::vector<std::string> kParking = {
    "Parking near the high street is impossible",
    "Free parking in the town centre would help the high street",
    "Parking charges on the high street are too high",
    "More parking spaces near the high street shops",
    "Parking wardens on the high street are too strict",
    "The high street car parking is always full"};
const std::vector<std::string> kLibrary = {
    "The library opening hours are too short", "Open the library on Sunday, the hours are short",
    "Longer library hours for students",       "Library hours should include evenings",
    "The library needs longer opening hours",  "Keep the library open longer hours"};

class CommentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    const json document = Consultation();
    TemplateVersionRow row;
    row.template_id = "town";
    row.version = 1;
    row.kind = "consultation";
    row.document = document.dump();
    row.document_hash = sync::Sha256Hex(row.document);
    ASSERT_TRUE(m_store->AddTemplateVersion(row).ok());
    ASSERT_TRUE(m_store->AddCampaign({"town", "town", 1, "Town", "consultation", "open"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_n", "North hall", "north", "urban", "W1"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_e", "East library", "south", "urban", "W2"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_s", "South barn", "south", "rural", "W3"}).ok());
    // North: 12 commenters (buses, parking); east: 6 (the library); south: 3 (bins).
    for (const auto& text : kBus) Add("v_n", text);
    for (const auto& text : kParking) Add("v_n", text);
    for (const auto& text : kLibrary) Add("v_e", text);
    Add("v_s", "Empty the bins every week");
    Add("v_s", "The bins are overflowing every week");
    Add("v_s", kPersonal);
    for (int i = 0; i < 6; ++i) Add("v_n", "", "I use a wheelchair and the ramps are steep");

    auto reports = SqliteReportStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(reports.ok()) << reports.ErrorText();
    m_reports = std::move(reports).value();
    m_service = std::make_unique<ReportService>(*m_reports);
    m_audit = std::make_unique<AuditLog>(*m_store, m_clock);
    m_comments =
        std::make_unique<CommentsService>(*m_store, *m_reports, *m_service, *m_audit, m_clock);
  }

  void Add(const std::string& venue, const std::string& text, const std::string& eq_text = "") {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = "town";
    r.template_id = "town";
    r.template_version = 1;
    r.venue_id = venue;
    r.language = "en";
    r.started_at = "2026-11-20T10:00:00Z";
    r.completed_at = "2026-11-20T10:00:00Z";
    r.answers["q_like"] = "4";
    r.answers["eq_age"] = "\"young\"";
    if (!text.empty()) r.answers["q_text"] = json(text).dump();
    if (!eq_text.empty()) r.answers["eq_text"] = json(eq_text).dump();
    m_uuids.insert(r.uuid);
    auto tx = m_store->BeginIngest();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertResponse(r).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  static Principal Who(const std::string& role) { return {1, "u-" + role, role, ""}; }

  json Read(const std::string& role, CommentsQuery query) {
    if (query.question.empty()) query.question = "q_text";
    auto reply = m_comments->Comments(Who(role), "town", query);
    EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().message);
    return reply.ok() ? *reply : json();
  }

  json Edit(const json& body) {
    auto reply = m_comments->EditTheme(Who("hr"), "town", body);
    EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().message);
    return reply.ok() ? *reply : json();
  }

  // The key of the theme whose keyphrases include `stem`; "" when none has it.
  static std::string ThemeWith(const json& reply, const std::string& stem) {
    for (const auto& theme : reply["themes"]) {
      for (const auto& k : theme["keyphrases"]) {
        if (k["stem"] == stem) return theme["key"];
      }
    }
    return "";
  }

  static std::vector<std::string> Texts(const json& reply) {
    std::vector<std::string> out;
    for (const auto& c : reply["comments"]) out.push_back(c["text"]);
    return out;
  }

  testing::TempDir m_dir;
  ManualClock m_clock{*ParseRfc3339("2026-12-01T09:00:00Z")};
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<SqliteReportStore> m_reports;
  std::unique_ptr<ReportService> m_service;
  std::unique_ptr<AuditLog> m_audit;
  std::unique_ptr<CommentsService> m_comments;
  std::set<std::string> m_uuids;
};

TEST_F(CommentsTest, HrReadsCommentsRedactedAndAdminAsWrittenOnlyWhenAskedAndAudited) {
  const json hr = Read("hr", {});
  EXPECT_EQ(hr["redacted"], true);
  EXPECT_EQ(hr["people"], 21);
  std::string personal;
  for (const auto& text : Texts(hr)) {
    if (text.find("bins at") != std::string::npos) personal = text;
  }
  EXPECT_THAT(personal, HasSubstr("[phone]"));
  EXPECT_THAT(personal, HasSubstr("[email]"));
  EXPECT_THAT(personal, HasSubstr("[postcode]"));
  EXPECT_THAT(personal, HasSubstr("Mr [name]"));
  EXPECT_THAT(hr.dump(), Not(HasSubstr("07700")));
  EXPECT_THAT(hr.dump(), Not(HasSubstr("Smith")));

  // An administrator reads redacted by default too; as written only when asking, audited.
  EXPECT_THAT(Read("admin", {}).dump(), Not(HasSubstr("07700")));
  auto audit_before = m_audit->List();
  ASSERT_TRUE(audit_before.ok());
  CommentsQuery as_written;
  as_written.redacted = false;
  const json admin = Read("admin", as_written);
  EXPECT_EQ(admin["redacted"], false);
  EXPECT_THAT(admin.dump(), HasSubstr(kPersonal));
  auto audit = m_audit->List();
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), audit_before->size() + 1);
  EXPECT_EQ(audit->back().action, "comments_read_unredacted");
  EXPECT_EQ(audit->back().actor, "user:u-admin");
  EXPECT_EQ(audit->back().detail, "question=q_text");

  auto refused = m_comments->Comments(Who("hr"), "town", {"q_text", "", "", "", "", false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto manager = m_comments->Comments(Who("manager"), "town", {"q_text"});
  ASSERT_FALSE(manager.ok());
  EXPECT_EQ(manager.error().kind, ErrorKind::kForbidden);
}

TEST_F(CommentsTest, SearchFindsOnlyWhatTheReaderIsShown) {
  CommentsQuery query;
  query.search = "SMITH";
  EXPECT_EQ(Read("hr", query)["matched"], 0);
  query.redacted = false;
  EXPECT_EQ(Read("admin", query)["matched"], 1);
  CommentsQuery words;
  words.search = "high  Street parking";
  const json reply = Read("hr", words);
  EXPECT_EQ(reply["matched"], 6);
  for (const auto& text : Texts(reply)) EXPECT_THAT(text, HasSubstr("high street"));
}

TEST_F(CommentsTest, CommentsCarryNoUuidTimeOrVenue) {
  const json reply = Read("hr", {});
  ASSERT_EQ(reply["comments"].size(), 21U);
  for (const auto& c : reply["comments"]) {
    std::set<std::string> keys;
    for (const auto& [key, value] : c.items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "text", "theme", "redacted"}));
  }
  const std::string text = reply.dump();
  for (const auto& uuid : m_uuids) EXPECT_THAT(text, Not(HasSubstr(uuid)));
  EXPECT_THAT(reply["comments"].dump(), Not(HasSubstr("2026-11-20")));
  EXPECT_THAT(reply["comments"].dump(), Not(HasSubstr("v_n")));
}

TEST_F(CommentsTest, AGroupUnderTheMinimumListsNoCommentAndNeitherDoesTheGroupThatWouldReveal) {
  // South: 3 commenters, under the minimum of 5.
  const json south = Read("hr", {"q_text", "", "venue", "v_s", ""});
  EXPECT_TRUE(south["comments"].empty());
  EXPECT_EQ(south["matched"], 0);
  EXPECT_THAT(south["withheld"].get<std::string>(),
              HasSubstr("Fewer than 5 people from this group commented"));
  EXPECT_EQ(south["segment_people"]["status"], "suppressed");
  // East (6) passes, but listing it and north would leave south's 3 as the rest of the
  // question's list: east is withheld with it.
  const json east = Read("hr", {"q_text", "", "venue", "v_e", ""});
  EXPECT_TRUE(east["comments"].empty());
  EXPECT_FALSE(east["withheld"].is_null());
  // North (12) is listed, with a search and within its own comments only.
  const json north = Read("hr", {"q_text", "", "venue", "v_n", ""});
  EXPECT_EQ(north["matched"], 12);
  EXPECT_EQ(north["segment_people"]["value"], 12);
  EXPECT_TRUE(north["withheld"].is_null());
  const json north_library = Read("hr", {"q_text", "library", "venue", "v_n", ""});
  EXPECT_EQ(north_library["matched"], 0);
  // Every respondent is "young": the whole question, listed under that group.
  EXPECT_EQ(Read("hr", {"q_text", "", "eq_age", "young", ""})["matched"], 21);
  EXPECT_EQ(Read("hr", {"q_text", "", "eq_age", "old", ""})["matched"], 0);
  EXPECT_EQ(Read("hr", {"q_text", "", "venue_area", "north", ""})["matched"], 12);
}

TEST_F(CommentsTest, TheCampaignsOwnStricterCommentMinimumDecides) {
  ASSERT_TRUE(m_store->SetCampaignMinimums("town", 0, 8).ok());
  const json east = Read("hr", {"q_text", "", "venue", "v_e", ""});
  EXPECT_EQ(east["comment_minimum"], 8);
  EXPECT_THAT(east["withheld"].get<std::string>(), HasSubstr("Fewer than 8 people"));
  EXPECT_EQ(east["segment_people"]["text"], "fewer than 8*");
  // North's 12 pass; the 9 of east and south together pass too, so north is listed.
  EXPECT_EQ(Read("hr", {"q_text", "", "venue", "v_n", ""})["matched"], 12);
}

TEST_F(CommentsTest, BadQuestionsSegmentsAndThemesAre400WithTheirPath) {
  struct Case {
    CommentsQuery query;
    std::string path;
  };
  for (const auto& c : std::vector<Case>{{{"q_like"}, "question"},
                                         {{"nope"}, "question"},
                                         {{"q_text", "", "colour", "red", ""}, "segment"},
                                         {{"q_text", "", "venue", "nowhere", ""}, "value"},
                                         {{"q_text", "", "", "v_n", ""}, "segment"},
                                         {{"q_text", "", "", "", "no+such+theme"}, "theme"}}) {
    auto reply = m_comments->Comments(Who("hr"), "town", c.query);
    ASSERT_FALSE(reply.ok()) << c.path;
    EXPECT_EQ(reply.error().kind, ErrorKind::kBadRequest);
    ASSERT_FALSE(reply.error().problems.empty());
    EXPECT_EQ(reply.error().problems.front().path, c.path);
  }
}

TEST_F(CommentsTest, ThemesGroupTheTopicsAndTheirFilterListsTheirComments) {
  const json reply = Read("hr", {});
  const std::string bus = ThemeWith(reply, "bus");
  const std::string parking = ThemeWith(reply, "park");
  const std::string library = ThemeWith(reply, "librari");
  ASSERT_FALSE(bus.empty()) << reply["themes"].dump(2);
  ASSERT_FALSE(parking.empty());
  ASSERT_FALSE(library.empty());
  EXPECT_NE(bus, parking);
  const json buses = Read("hr", {"q_text", "", "", "", bus});
  EXPECT_EQ(buses["matched"], 6);
  for (const auto& c : buses["comments"]) EXPECT_EQ(c["theme"], bus);
  // The same comments give the same keys.
  EXPECT_EQ(ThemeWith(Read("hr", {}), "bus"), bus);
}

TEST_F(CommentsTest, ThemeEditsAreAuditedAndSurviveRecomputation) {
  const json before = Read("hr", {});
  const std::string bus = ThemeWith(before, "bus");
  const std::string parking = ThemeWith(before, "park");
  ASSERT_FALSE(bus.empty());
  ASSERT_FALSE(parking.empty());
  json edited =
      Edit({{"question", "q_text"}, {"theme", bus}, {"label", "Buses"}, {"pinned", true}});
  edited = Edit({{"question", "q_text"}, {"theme", parking}, {"merge_into", bus}});
  auto audit = m_audit->List();
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 2U);
  EXPECT_EQ(audit->back().action, "comment_theme_edited");
  EXPECT_THAT(audit->back().detail, HasSubstr("merged_into=" + bus));

  // More comments: the themes are computed again, and the edits still apply.
  Add("v_n", "The buses are late again and the bus station is cold");
  Add("v_n", "Parking on the high street needs more spaces");
  Add("v_e", "Library hours at weekends please");
  const json after = Read("hr", {});
  EXPECT_EQ(after["people"], 24);
  const json* buses = nullptr;
  for (const auto& theme : after["themes"]) {
    if (theme["label"] == "Buses") buses = &theme;
  }
  ASSERT_NE(buses, nullptr) << after["themes"].dump(2);
  EXPECT_EQ((*buses)["pinned"], true);
  EXPECT_EQ((*buses)["merged"].size(), 1U);
  // The merged parking theme's people count in the buses theme, and its comments show there.
  EXPECT_GE((*buses)["people"].get<int>(), 12);
  const json listed = Read("hr", {"q_text", "parking", "", "", ""});
  ASSERT_GE(listed["comments"].size(), 6U);
  for (const auto& c : listed["comments"]) EXPECT_EQ(c["theme"], (*buses)["key"]);
  EXPECT_TRUE(after["stale_edits"].empty());
}

TEST_F(CommentsTest, AnEditWhoseThemeIsGoneIsKeptAsStale) {
  ASSERT_TRUE(m_store
                  ->PutThemeEdit({"town", "q_text", "tram+line", "Trams", "", true,
                                  "2026-11-30T09:00:00Z", "user:hana"})
                  .ok());
  const json reply = Read("hr", {});
  ASSERT_EQ(reply["stale_edits"].size(), 1U);
  EXPECT_EQ(reply["stale_edits"][0]["theme"], "tram+line");
  EXPECT_EQ(reply["stale_edits"][0]["label"], "Trams");
  for (const auto& theme : reply["themes"]) EXPECT_NE(theme["label"], "Trams");
}

TEST_F(CommentsTest, InvalidThemeEditsAre400WithTheirPath) {
  const std::string bus = ThemeWith(Read("hr", {}), "bus");
  struct Case {
    json body;
    std::string path;
  };
  for (const auto& c : std::vector<Case>{
           {{{"theme", bus}}, "question"},
           {{{"question", "q_like"}, {"theme", bus}}, "question"},
           {{{"question", "q_text"}, {"theme", "tram+line"}}, "theme"},
           {{{"question", "q_text"}, {"theme", bus}, {"merge_into", bus}}, "merge_into"},
           {{{"question", "q_text"}, {"theme", bus}, {"merge_into", "tram"}}, "merge_into"},
           {{{"question", "q_text"}, {"theme", bus}, {"pinned", "yes"}}, "pinned"},
           {{{"question", "q_text"}, {"theme", bus}, {"label", std::string(201, 'x')}}, "label"}}) {
    auto reply = m_comments->EditTheme(Who("hr"), "town", c.body);
    ASSERT_FALSE(reply.ok()) << c.body.dump();
    EXPECT_EQ(reply.error().kind, ErrorKind::kBadRequest);
    ASSERT_FALSE(reply.error().problems.empty());
    EXPECT_EQ(reply.error().problems.front().path, c.path) << c.body.dump();
  }
  auto analyst =
      m_comments->EditTheme(Who("analyst"), "town", {{"question", "q_text"}, {"theme", bus}});
  ASSERT_FALSE(analyst.ok());
  EXPECT_EQ(analyst.error().kind, ErrorKind::kForbidden);
}

TEST_F(CommentsTest, PublicThemesAreTheLargestUntilHrPinsAndNeverEqualityMonitoring) {
  auto largest = m_service->PublicThemes("town");
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  ASSERT_FALSE(largest->empty());
  EXPECT_LE(largest->size(), static_cast<std::size_t>(kPublicThemesPerQuestion));
  for (const auto& theme : *largest) {
    EXPECT_EQ(theme.question_id, "q_text");  // eq_text's wheelchair theme never
    ASSERT_TRUE(theme.people.shown());
    EXPECT_GE(*theme.people.value(), 5);
  }

  const std::string library = ThemeWith(Read("hr", {}), "librari");
  Edit({{"question", "q_text"}, {"theme", library}, {"label", "Library hours"}, {"pinned", true}});
  auto pinned = m_service->PublicThemes("town");
  ASSERT_TRUE(pinned.ok());
  ASSERT_EQ(pinned->size(), 1U);
  EXPECT_EQ(pinned->front().label, "Library hours");
  EXPECT_EQ(pinned->front().people.value(), 6);

  // A pinned theme smaller than the comment minimum reads "fewer than 5".
  const std::string bins = ThemeWith(Read("hr", {}), "bin");
  if (!bins.empty()) {
    Edit({{"question", "q_text"}, {"theme", bins}, {"pinned", true}});
    auto with_bins = m_service->PublicThemes("town");
    ASSERT_TRUE(with_bins.ok());
    ASSERT_EQ(with_bins->size(), 2U);
    EXPECT_TRUE(with_bins->back().people.suppressed());
  }

  auto not_consultation = m_service->PublicThemes("nope");
  ASSERT_FALSE(not_consultation.ok());
  EXPECT_EQ(not_consultation.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace soundings::server
