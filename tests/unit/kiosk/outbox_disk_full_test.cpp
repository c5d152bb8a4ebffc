// The kiosk's disk fills (issue 7): the respondent is told, nothing already saved is lost, and once
// space returns saving works again and every response syncs exactly once. A kiosk's disk cannot be
// filled without root, so the test registers a SQLite VFS (the default "unix" one with a switch)
// whose writes fail with SQLITE_FULL while the disk is "full": exactly what SQLite returns when
// write() fails with ENOSPC, for the database file and for the WAL alike.

#include <atomic>
#include <cstring>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "kiosk/session/session.h"
#include "kiosk/store/outbox.h"
#include "tests/unit/kiosk/temp_dir.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

using std::chrono::seconds;

// The default VFS, except that every write fails with SQLITE_FULL while `full` is set. Registered
// as the default VFS for the rest of the process; with `full` clear it behaves as "unix".
class FullDiskVfs {
 public:
  static void Install() {
    static const bool installed = [] {
      s_base = sqlite3_vfs_find(nullptr);
      s_vfs = *s_base;
      s_vfs.zName = "soundings-full-disk";
      s_vfs.szOsFile = static_cast<int>(sizeof(File)) + s_base->szOsFile;
      s_vfs.xOpen = &Open;
      return sqlite3_vfs_register(&s_vfs, 1) == SQLITE_OK;
    }();
    ASSERT_TRUE(installed);
  }
  static void SetFull(bool full) { s_full = full; }

 private:
  struct File {
    sqlite3_file base;   // our methods
    sqlite3_file* real;  // the default VFS's file, just after this struct
    bool on_data_disk;   // the database, its WAL or journal (temporary files may be elsewhere)
  };
  static sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<File*>(file)->real; }

  static int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* ours = reinterpret_cast<File*>(file);
    ours->real = reinterpret_cast<sqlite3_file*>(ours + 1);
    ours->on_data_disk =
        (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
    const int rc = s_base->xOpen(s_base, name, ours->real, flags, out_flags);
    if (ours->real->pMethods == nullptr) {
      ours->base.pMethods = nullptr;
      return rc;
    }
    static const sqlite3_io_methods methods = Methods(ours->real->pMethods);
    ours->base.pMethods = &methods;
    return rc;
  }

  static sqlite3_io_methods Methods(const sqlite3_io_methods* real) {
    sqlite3_io_methods m{};
    m.iVersion = real->iVersion;
    m.xClose = [](sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); };
    m.xRead = [](sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
      return Real(f)->pMethods->xRead(Real(f), data, amount, offset);
    };
    m.xWrite = [](sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
      if (s_full && reinterpret_cast<File*>(f)->on_data_disk) return SQLITE_FULL;
      return Real(f)->pMethods->xWrite(Real(f), data, amount, offset);
    };
    m.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
      return Real(f)->pMethods->xTruncate(Real(f), size);
    };
    m.xSync = [](sqlite3_file* f, int flags) { return Real(f)->pMethods->xSync(Real(f), flags); };
    m.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
      return Real(f)->pMethods->xFileSize(Real(f), size);
    };
    m.xLock = [](sqlite3_file* f, int lock) { return Real(f)->pMethods->xLock(Real(f), lock); };
    m.xUnlock = [](sqlite3_file* f, int lock) { return Real(f)->pMethods->xUnlock(Real(f), lock); };
    m.xCheckReservedLock = [](sqlite3_file* f, int* out) {
      return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
    };
    m.xFileControl = [](sqlite3_file* f, int op, void* arg) {
      return Real(f)->pMethods->xFileControl(Real(f), op, arg);
    };
    m.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
    m.xDeviceCharacteristics = [](sqlite3_file* f) {
      return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
    };
    m.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
      return Real(f)->pMethods->xShmMap(Real(f), page, size, extend, out);
    };
    m.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
      return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
    };
    m.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
    m.xShmUnmap = [](sqlite3_file* f, int remove) {
      return Real(f)->pMethods->xShmUnmap(Real(f), remove);
    };
    m.xFetch = [](sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
      return Real(f)->pMethods->xFetch(Real(f), offset, amount, out);
    };
    m.xUnfetch = [](sqlite3_file* f, sqlite3_int64 offset, void* page) {
      return Real(f)->pMethods->xUnfetch(Real(f), offset, page);
    };
    return m;
  }

  static inline sqlite3_vfs* s_base = nullptr;
  static inline sqlite3_vfs s_vfs{};
  static inline std::atomic<bool> s_full{false};
};

class OutboxDiskFull : public ::testing::Test {
 protected:
  OutboxDiskFull() {
    catalogue.AddCampaign({"consult-1", testing::Consultation(), false});
    config.anonymous_campaign_id = "consult-1";
    config.venue_id = "central-library";
    FullDiskVfs::Install();
    FullDiskVfs::SetFull(false);
    auto opened = Outbox::Open(dir.path() / "kiosk.db");
    EXPECT_TRUE(opened.ok()) << opened.ErrorText();
    outbox = std::move(opened).value();
    session = std::make_unique<Session>(config, catalogue, *outbox, clock);
  }

  // Attract -> consent -> answer q1 -> review -> submit.
  void AnswerAndSubmit(int q1) {
    session->Apply(action::Start{false});
    session->Apply(action::AcceptConsent{});
    session->Apply(action::SetAnswer{"q1", q1});
    session->Apply(action::Next{});  // -> equality
    session->Apply(action::Next{});  // -> review
    ASSERT_EQ(session->View().screen, Screen::kReview);
    session->Apply(action::Submit{});
  }

  ~OutboxDiskFull() override { FullDiskVfs::SetFull(false); }

  // From now on every write fails as on a full disk; even a one-byte setting is refused, in
  // SQLite's own words.
  void FillTheDisk() {
    FullDiskVfs::SetFull(true);
    const Status refused = outbox->SetSetting("one-more", "x");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.ErrorText().find("full"), std::string::npos) << refused.ErrorText();
  }

  testing::TempDir dir;
  MemoryCatalogue catalogue;
  ManualClock clock;
  SessionConfig config;
  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<Session> session;
};

TEST_F(OutboxDiskFull, TheRespondentIsToldNothingSavedIsLostAndAllSyncsOnceWhenSpaceReturns) {
  // Three responses finished before the disk fills.
  for (int q1 = 1; q1 <= 3; ++q1) {
    AnswerAndSubmit(q1);
    ASSERT_EQ(session->View().screen, Screen::kThankYou);
    session->Apply(action::Finish{});
  }
  ASSERT_EQ(outbox->Counts()->pending, 3);

  // A fourth person starts; their first answer is saved, then the disk fills.
  session->Apply(action::Start{false});
  session->Apply(action::AcceptConsent{});
  session->Apply(action::SetAnswer{"visited", true});
  ASSERT_FALSE(session->View().error.has_value());
  FillTheDisk();

  // The next answer cannot be saved: the person is told, on the page they are on, and cannot
  // move on (so nothing they see as done is unsaved); the answer stays on screen.
  session->Apply(action::SetAnswer{"q1", 5});
  EXPECT_EQ(session->View().error, Text::kSaveFailed);
  EXPECT_EQ(session->View().screen, Screen::kQuestions);
  session->Apply(action::Next{});
  EXPECT_EQ(session->View().error, Text::kSaveFailed);
  ASSERT_NE(session->View().page.section, nullptr);
  EXPECT_EQ(session->View().page.section->id, "about");
  EXPECT_EQ(session->EffectiveAnswers().at("q1"), 5);

  // Nothing saved before the disk filled is lost or damaged.
  EXPECT_EQ(outbox->IntegrityCheck().value(), "ok");
  auto queued = outbox->NextBatch(100);
  ASSERT_TRUE(queued.ok()) << queued.ErrorText();
  ASSERT_EQ(queued->size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*queued)[i].record.answers.at("q1"), i + 1);
  auto draft_counts = outbox->Counts();
  ASSERT_TRUE(draft_counts.ok());
  EXPECT_EQ(draft_counts->drafts, 1) << "the fourth person's response was begun before";

  // Space returns: the same page saves and moves on; the person reaches the review.
  FullDiskVfs::SetFull(false);
  session->Apply(action::Next{});
  EXPECT_FALSE(session->View().error.has_value());
  ASSERT_NE(session->View().page.section, nullptr);
  EXPECT_EQ(session->View().page.section->id, "visit");
  session->Apply(action::SetAnswer{"where", "library"});
  session->Apply(action::Next{});  // -> equality
  session->Apply(action::Next{});  // -> review
  ASSERT_EQ(session->View().screen, Screen::kReview);

  // The disk fills again just before Submit: told, still on the review, answers kept.
  FillTheDisk();
  session->Apply(action::Submit{});
  EXPECT_EQ(session->View().error, Text::kSubmitFailed);
  EXPECT_EQ(session->View().screen, Screen::kReview);
  EXPECT_EQ(outbox->Counts()->pending, 3);

  // Space returns: Submit goes through.
  FullDiskVfs::SetFull(false);
  session->Apply(action::Submit{});
  EXPECT_EQ(session->View().screen, Screen::kThankYou);
  EXPECT_FALSE(session->View().error.has_value());

  // Everything syncs once: four distinct responses, each sent and acknowledged once.
  auto batch = outbox->NextBatch(100);
  ASSERT_TRUE(batch.ok()) << batch.ErrorText();
  ASSERT_EQ(batch->size(), 4u);
  std::set<std::string> ids;
  std::vector<sync::ResponseResult> results;
  for (const auto& queued_response : *batch) {
    ids.insert(queued_response.record.uuid);
    results.push_back({queued_response.record.uuid, sync::ResponseStatus::kAccepted, {}});
  }
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_EQ(batch->back().record.answers.at("q1"), 5);
  EXPECT_EQ(batch->back().record.answers.at("where"), "library");
  ASSERT_TRUE(outbox->RecordResults(results, "2026-12-01T12:00:00Z").ok());
  EXPECT_TRUE(outbox->NextBatch(100)->empty());
  auto counts = outbox->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->synced, 4);
  EXPECT_EQ(counts->pending, 0);
  EXPECT_EQ(counts->drafts, 0);
}

TEST_F(OutboxDiskFull, AFullDiskRefusesTheWriteAndKeepsTheDatabaseSound) {
  AnswerAndSubmit(2);
  ASSERT_EQ(session->View().screen, Screen::kThankYou);
  FillTheDisk();
  // A whole new response cannot even begin: the person is told before the first question.
  session->Apply(action::Finish{});
  session->Apply(action::Start{false});
  session->Apply(action::AcceptConsent{});
  session->Apply(action::SetAnswer{"q1", 4});
  EXPECT_TRUE(session->View().error.has_value());
  EXPECT_EQ(outbox->IntegrityCheck().value(), "ok");
  EXPECT_EQ(outbox->Counts()->pending, 1);
  // Reopening the file (the kiosk restarted) finds the saved response intact.
  FullDiskVfs::SetFull(false);
  session.reset();
  outbox.reset();
  auto reopened = Outbox::Open(dir.path() / "kiosk.db");
  ASSERT_TRUE(reopened.ok()) << reopened.ErrorText();
  auto batch = (*reopened)->NextBatch(10);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_EQ(batch->front().record.answers.at("q1"), 2);
}

}  // namespace
}  // namespace soundings::kiosk
