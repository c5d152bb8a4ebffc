#include "server/store/sqlite_store.h"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/store/migrations.h"
#include "shared/db/sqlite.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<SqliteStore> OpenStore(const std::filesystem::path& file) {
  auto store = SqliteStore::Open(file);
  EXPECT_TRUE(store.ok()) << store.ErrorText();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(SqliteDb, TransactionRollsBackUnlessCommitted) {
  testing::TempDir dir;
  auto db = db::Database::Open(dir.path() / "t.db", {});
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE(db->Exec("CREATE TABLE t(x INTEGER)").ok());
  {
    auto tx = db::Transaction::Begin(*db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)").ok());
  }
  {
    auto tx = db::Transaction::Begin(*db);
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto stmt = db->Prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->ColumnText(0), "2");
}

TEST(SqliteDb, ReportsConstraintFailuresAsValues) {
  testing::TempDir dir;
  auto db = db::Database::Open(dir.path() / "t.db", {});
  ASSERT_TRUE(db->Exec("CREATE TABLE t(x INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)").ok());
  auto again = db->Exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.error().Constraint());
  auto bad = db->Prepare("SELEC nonsense");
  EXPECT_FALSE(bad.ok());
}

TEST(SqliteStore, AppliesMigrationsAndReopensAnExistingDatabase) {
  testing::TempDir dir;
  { ASSERT_NE(OpenStore(dir.path() / "s.db"), nullptr); }
  auto reopened = OpenStore(dir.path() / "s.db");
  ASSERT_NE(reopened, nullptr);
  auto db = db::Database::Open(dir.path() / "s.db", {});
  auto stmt = db->Prepare("PRAGMA user_version");
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->ColumnInt(0), LatestSchemaVersion());
}

// Migration 8 rebuilds the users table for the head_of_service role: a database of schema 7
// keeps its users and their sessions, and takes the new role.
TEST(SqliteStore, TheHeadOfServiceMigrationKeepsUsersAndTheirSessions) {
  testing::TempDir dir;
  {
    auto db = db::Database::Open(dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    for (const auto& migration : Migrations()) {
      if (migration.version > 7) break;
      ASSERT_TRUE(db->Exec(migration.sql).ok()) << migration.description;
    }
    ASSERT_TRUE(db->Exec("PRAGMA user_version=7").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO users(id, username, role, password_hash, created_at) "
                         "VALUES (4, 'hana', 'hr', 'h', '2026-01-01T00:00:00Z');"
                         "INSERT INTO sessions VALUES ('t1', 4, '2026-01-01T00:00:00Z', "
                         "'2026-01-02T00:00:00Z')")
                    .ok());
    EXPECT_FALSE(db->Exec("INSERT INTO users(username, role, password_hash, created_at) "
                          "VALUES ('lee', 'head_of_service', 'h', '2026-01-01T00:00:00Z')")
                     .ok());
  }
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_NE(store, nullptr);
  auto hana = store->FindUser("hana");
  ASSERT_TRUE(hana.ok() && hana->has_value());
  EXPECT_EQ((*hana)->id, 4);
  EXPECT_EQ((*hana)->role, "hr");
  auto session = store->FindSession("t1");
  ASSERT_TRUE(session.ok() && session->has_value()) << "the upgrade signed hana out";
  EXPECT_EQ((*session)->user_id, 4);
  auto lee = store->AddUser({0, "lee", "", "head_of_service", "h", false}, "2026-01-01T00:00:00Z");
  ASSERT_TRUE(lee.ok()) << lee.error().message;
  EXPECT_FALSE(store->AddUser({0, "kit", "", "superuser", "h", false}, "2026-01-01T00:00:00Z").ok())
      << "the CHECK still holds";
  // Deleting a user still deletes their sessions: the foreign key points at the new table.
  auto db = db::Database::Open(dir.path() / "s.db", {});
  ASSERT_TRUE(db->Exec("DELETE FROM users WHERE id = 4").ok());
  auto left = db->Prepare("SELECT count(*) FROM sessions");
  ASSERT_TRUE(left.ok() && *left->Step());
  EXPECT_EQ(left->ColumnInt(0), 0);
}

TEST(SqliteStore, RefusesADatabaseWithANewerSchema) {
  testing::TempDir dir;
  {
    auto db = db::Database::Open(dir.path() / "s.db", {});
    ASSERT_TRUE(db->Exec("PRAGMA user_version=" + std::to_string(LatestSchemaVersion() + 1)).ok());
  }
  auto store = SqliteStore::Open(dir.path() / "s.db");
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.ErrorText(), HasSubstr("newer than this soundings-server knows"));
}

TEST(SqliteStore, KeepsEveryTemplateVersionAndRefusesChangedContent) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AddTemplateVersion({"t", 1, "consultation", "{}", "h1"}).ok());
  ASSERT_TRUE(store->AddTemplateVersion({"t", 2, "consultation", "{}", "h2"}).ok());
  EXPECT_TRUE(store->AddTemplateVersion({"t", 1, "consultation", "{}", "h1"}).ok());
  auto changed = store->AddTemplateVersion({"t", 1, "consultation", "{ }", "h9"});
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.error().Constraint());
  auto all = store->ListTemplateVersions();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST(SqliteStore, VenuesKeepTheirPostcodeAndChangeInPlace) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AddVenue({"lib", "Library", "north", "urban", "Romanby", "DL7 8AD"}).ok());
  ASSERT_TRUE(store->AddVenue({"hall", "Hall", "", "", ""}).ok());
  auto lib = store->GetVenue("lib");
  ASSERT_TRUE(lib.ok() && lib->has_value());
  EXPECT_EQ((*lib)->postcode, "DL7 8AD");
  auto none = store->GetVenue("nowhere");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto moved = store->UpdateVenue({"lib", "Town Library", "south", "rural", "Selby West", ""});
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(*moved);
  auto unknown = store->UpdateVenue({"nowhere", "X", "", "", ""});
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(*unknown);
  auto all = store->ListVenues();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "hall");
  EXPECT_EQ((*all)[0].area, "");
  const VenueRow& changed = (*all)[1];
  EXPECT_EQ(changed.name, "Town Library");
  EXPECT_EQ(changed.area, "south");
  EXPECT_EQ(changed.settlement, "rural");
  EXPECT_EQ(changed.ward, "Selby West");
  EXPECT_EQ(changed.postcode, "");

  // The schema still holds the two areas and settlements (VenueService refuses others first).
  auto east = store->UpdateVenue({"lib", "Library", "east", "", ""});
  ASSERT_FALSE(east.ok());
  EXPECT_TRUE(east.error().Constraint());
}

TEST(SqliteStore, ImportVenuesAddsAllOrNone) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AddVenue({"lib", "Library", "north", "urban", "Romanby"}).ok());
  auto clash = store->ImportVenues({{"hall", "Hall", "", "", ""}, {"lib", "Again", "", "", ""}});
  ASSERT_FALSE(clash.ok());
  EXPECT_TRUE(clash.error().Constraint());
  auto after = store->ListVenues();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 1u) << "the first row stayed although the second failed";
  ASSERT_TRUE(store->ImportVenues({{"hall", "Hall", "", "", "", "YO8 4SP"}}).ok());
  auto hall = store->GetVenue("hall");
  ASSERT_TRUE(hall.ok() && hall->has_value());
  EXPECT_EQ((*hall)->postcode, "YO8 4SP");
}

// Migration 13 adds the postcode: venues of an older database keep everything and get "".
TEST(SqliteStore, TheVenuePostcodeMigrationKeepsVenues) {
  testing::TempDir dir;
  {
    auto db = db::Database::Open(dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    int applied = 0;
    for (const auto& migration : Migrations()) {
      if (migration.version >= 13) continue;
      ASSERT_TRUE(db->Exec(migration.sql).ok()) << migration.description;
      applied = std::max(applied, migration.version);
    }
    ASSERT_TRUE(db->Exec("PRAGMA user_version=" + std::to_string(applied)).ok());
    ASSERT_TRUE(db->Exec("INSERT INTO venues(id, name, area, settlement, ward) "
                         "VALUES ('lib', 'Library', 'north', 'urban', 'Romanby')")
                    .ok());
  }
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_NE(store, nullptr);
  auto lib = store->GetVenue("lib");
  ASSERT_TRUE(lib.ok() && lib->has_value());
  EXPECT_EQ((*lib)->name, "Library");
  EXPECT_EQ((*lib)->ward, "Romanby");
  EXPECT_EQ((*lib)->postcode, "");
}

TEST(SqliteStore, EnrolmentCodeWorksOnceAndNotAfterExpiry) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AddEnrolmentCode("c1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z").ok());
  ASSERT_TRUE(store->AddEnrolmentCode("c2", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z").ok());
  auto first = store->EnrolDevice("c1", "kiosk", "tok1", "2026-01-01T10:00:00Z");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  auto again = store->EnrolDevice("c1", "kiosk", "tok2", "2026-01-01T10:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  auto late = store->EnrolDevice("c2", "kiosk", "tok3", "2026-01-03T00:00:00Z");
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->has_value());
  auto device = store->FindDeviceByTokenHash("tok1");
  ASSERT_TRUE(device.ok() && device->has_value());
  EXPECT_FALSE((*device)->revoked);
  ASSERT_TRUE(*store->RevokeDevice((*device)->id));
  EXPECT_TRUE((*store->FindDeviceByTokenHash("tok1"))->revoked);
}

TEST(SqliteStore, IngestTransactionCommitsAllOrNothing) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AddTemplateVersion({"t", 1, "consultation", "{}", "h"}).ok());
  ASSERT_TRUE(store->AddCampaign({"c", "t", 1, "C", "consultation", "open"}).ok());
  StoredResponse response;
  response.uuid = "u1";
  response.content_hash = "hash";
  response.campaign_id = "c";
  response.template_id = "t";
  response.template_version = 1;
  response.language = "en";
  response.started_at = response.completed_at = "2026-01-01T00:00:00Z";
  response.answers = {{"q1", "4"}, {"q2", "\"yes\""}};
  {
    auto tx = store->BeginIngest();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertResponse(response).ok());
  }  // dropped without commit
  EXPECT_EQ(*store->CountResponses(), 0);
  {
    auto tx = store->BeginIngest();
    ASSERT_TRUE((*tx)->InsertResponse(response).ok());
    auto hash = (*tx)->FindResponseHash("u1");
    ASSERT_TRUE(hash.ok() && hash->has_value());
    EXPECT_EQ(**hash, "hash");
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto stored = store->GetResponse("u1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->answers, response.answers);
}

TEST(SqliteStore, AuditLogIsHashChainedAndAppendOnly) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path() / "s.db");
  ASSERT_TRUE(store->AppendAudit({0, "2026-01-01T00:00:00Z", "cli", "init", "", "", "", ""}).ok());
  ASSERT_TRUE(
      store->AppendAudit({0, "2026-01-01T00:00:01Z", "user:a", "sign_in", "", "", "", ""}).ok());
  auto log = store->ListAudit();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].prev_hash, (*log)[0].hash);
  EXPECT_EQ((*log)[1].hash, AuditEntryHash((*log)[1]));
  auto db = db::Database::Open(dir.path() / "s.db", {});
  auto tamper = db->Exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1");
  ASSERT_FALSE(tamper.ok());
  EXPECT_THAT(tamper.error().message, HasSubstr("append-only"));
}

}  // namespace
}  // namespace soundings::server
