// What ingest believes of a kiosk's clock (issue 16, finding 10): completed_at no later than the
// server's receipt plus kAllowedClockSkew, started_at no later than completed_at, completed_at not
// before the campaign opened, both readable as RFC 3339; and an invitation's expiry judged by when
// the response reached the server, never by the kiosk's completed_at.
#include <gtest/gtest.h>

#include "server/core/clock.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/invitation_code.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

constexpr const char* kReceived = "2026-11-28T09:00:00Z";

class IngestPlausibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    m_catalog = std::make_unique<TemplateCatalog>(*m_store);
    const auto loaded = m_catalog->LoadDirectory(std::filesystem::path(SOUNDINGS_SOURCE_DIR) /
                                                 "tests" / "integration" / "fixtures");
    ASSERT_TRUE(loaded.failed.empty()) << loaded.failed.front();
    m_ingest = std::make_unique<IngestService>(*m_store, *m_catalog, m_clock);
    ASSERT_TRUE(m_store->AddCampaign({"parks", "parks", 2, "Parks", "consultation", "open"}).ok());
    ASSERT_TRUE(m_store->AddCampaign({"c360", "lead360", 1, "Lead", "appraisal360", "open"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"library", "Library", "north", "urban", "Romanby"}).ok());
    ASSERT_TRUE(m_store->AddOrgUnit({"org", "", "organisation", "Council", ""}).ok());
    ASSERT_TRUE(m_store->AddPerson({"alex", "Alex Rivers", "", "org"}).ok());
    auto subject = m_store->AddSubject("c360", "alex");
    ASSERT_TRUE(subject.ok());
    m_subject = *subject;
  }

  std::string Invite(const std::string& expires_at) {
    std::string code = sync::GenerateInvitationCode();
    InvitationRow row;
    row.campaign_id = "c360";
    row.subject_id = m_subject;
    row.rater_group = "peer";
    row.salt = sync::NewInvitationSalt();
    row.code_hash = sync::HashInvitationCode(*sync::NormaliseInvitationCode(code), row.salt);
    row.expires_at = expires_at;
    EXPECT_TRUE(m_store->AddInvitation(row).ok());
    return code;
  }

  static sync::ResponseRecord Parks(const std::string& started, const std::string& completed) {
    sync::ResponseRecord r;
    r.uuid = sync::NewUuidV4();
    r.campaign_id = "parks";
    r.template_id = "parks";
    r.template_version = 2;
    r.venue_id = "library";
    r.language = "en";
    r.started_at = started;
    r.completed_at = completed;
    r.answers = {{"q1", 4}, {"q2", true}, {"q3", "green"}, {"q4", 9}};
    return r;
  }

  static sync::ResponseRecord Peer(const std::string& code, const std::string& started,
                                   const std::string& completed) {
    sync::ResponseRecord r;
    r.uuid = sync::NewUuidV4();
    r.campaign_id = "c360";
    r.template_id = "lead360";
    r.template_version = 1;
    r.rater_group = "peer";
    r.invitation_code = code;
    r.language = "en";
    r.started_at = started;
    r.completed_at = completed;
    r.answers = {{"a1", 4}, {"a2", "Listens well"}};
    return r;
  }

  sync::ResponseResult IngestOne(const sync::ResponseRecord& r) {
    sync::SyncBatch batch;
    batch.responses = {r};
    auto reply = m_ingest->Ingest(DeviceRow{}, batch);
    EXPECT_TRUE(reply.ok());
    if (!reply.ok() || reply->results.size() != 1) return {};
    return reply->results[0];
  }

  testing::TempDir m_dir;
  ManualClock m_clock{*ParseRfc3339(kReceived)};
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<TemplateCatalog> m_catalog;
  std::unique_ptr<IngestService> m_ingest;
  std::int64_t m_subject = 0;
};

std::string Paths(const sync::ResponseResult& result) {
  std::string out;
  for (const auto& p : result.problems) out += (out.empty() ? "" : " ") + p.path;
  return out;
}

struct TimesCase {
  std::string name;
  std::string opens_at;  // the campaign's; "" for none
  std::string started_at;
  std::string completed_at;
  std::string rejected_path;  // "" when accepted
};

TEST_F(IngestPlausibilityTest, KioskTimesAreJudgedAgainstReceiptSkewAndOpening) {
  // Received at 09:00:00; kAllowedClockSkew is five minutes.
  const std::vector<TimesCase> cases = {
      {"ordinary", "", "2026-11-28T08:50:00Z", "2026-11-28T08:55:00Z", ""},
      {"clock a few minutes ahead", "", "2026-11-28T09:00:00Z", "2026-11-28T09:05:00Z", ""},
      {"one second past the skew", "", "2026-11-28T09:00:00Z", "2026-11-28T09:05:01Z",
       "completed_at"},
      {"completed in 2099", "", "2099-01-01T09:00:00Z", "2099-01-01T09:05:00Z", "completed_at"},
      {"handed in weeks later", "", "2026-10-01T10:00:00Z", "2026-10-01T10:04:00Z", ""},
      {"started after completed", "", "2026-11-28T08:40:00Z", "2026-11-28T08:30:00Z", "started_at"},
      {"started when completed", "", "2026-11-28T08:30:00Z", "2026-11-28T08:30:00Z", ""},
      {"before the campaign opened", "2026-11-20T09:00:00Z", "2026-11-19T10:00:00Z",
       "2026-11-19T10:04:00Z", "completed_at"},
      {"a kiosk slightly behind at opening", "2026-11-20T09:00:00Z", "2026-11-20T08:55:00Z",
       "2026-11-20T08:58:00Z", ""},
      {"after the campaign opened", "2026-11-20T09:00:00Z", "2026-11-21T10:00:00Z",
       "2026-11-21T10:04:00Z", ""},
      {"completed_at unreadable", "", "2026-11-28T08:40:00Z", "yesterday", "completed_at"},
      {"started_at unreadable", "", "2026-11-28 08:40", "2026-11-28T08:50:00Z", "started_at"},
  };
  for (const auto& c : cases) {
    ASSERT_TRUE(m_store->SetCampaignDates("parks", c.opens_at, "").ok());
    const auto result = IngestOne(Parks(c.started_at, c.completed_at));
    if (c.rejected_path.empty()) {
      EXPECT_EQ(result.status, sync::ResponseStatus::kAccepted) << c.name << ": " << Paths(result);
    } else {
      EXPECT_EQ(result.status, sync::ResponseStatus::kRejected) << c.name;
      EXPECT_EQ(Paths(result), c.rejected_path) << c.name;
      if (!result.problems.empty()) {
        EXPECT_FALSE(result.problems[0].message.empty()) << c.name;
      }
    }
  }
}

TEST_F(IngestPlausibilityTest, AFutureResponseIsNotStored) {
  const auto result = IngestOne(Parks("2099-01-01T09:00:00Z", "2099-01-01T09:05:00Z"));
  EXPECT_EQ(result.status, sync::ResponseStatus::kRejected);
  ASSERT_FALSE(result.problems.empty());
  EXPECT_NE(result.problems[0].message.find(kReceived), std::string::npos)
      << "the message names the server's time: " << result.problems[0].message;
  EXPECT_EQ(*m_store->CountResponses(), 0);
}

TEST_F(IngestPlausibilityTest, AnInvitationExpiredBeforeReceiptIsRefusedThoughCompletedInTime) {
  const std::string expires = "2026-11-28T10:00:00Z";
  const std::string in_time = Invite(expires);
  const std::string late = Invite(expires);
  EXPECT_EQ(IngestOne(Peer(in_time, "2026-11-28T08:20:00Z", "2026-11-28T08:30:00Z")).status,
            sync::ResponseStatus::kAccepted);
  // Completed well before the expiry by the kiosk's clock, but it reached the server after.
  m_clock.Advance(std::chrono::hours(2));
  const auto result = IngestOne(Peer(late, "2026-11-28T08:20:00Z", "2026-11-28T08:30:00Z"));
  EXPECT_EQ(result.status, sync::ResponseStatus::kRejected);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].path, "invitation_code");
  EXPECT_EQ(result.problems[0].message,
            "the invitation expired at 2026-11-28T10:00:00Z, before the response reached the "
            "server");
}

TEST_F(IngestPlausibilityTest, AKioskClockSetBackDoesNotReopenAnExpiredInvitation) {
  const std::string code = Invite("2026-11-28T08:00:00Z");
  const auto result = IngestOne(Peer(code, "2026-11-27T11:50:00Z", "2026-11-27T12:00:00Z"));
  EXPECT_EQ(result.status, sync::ResponseStatus::kRejected);
  EXPECT_EQ(Paths(result), "invitation_code");
}

}  // namespace
}  // namespace soundings::server
