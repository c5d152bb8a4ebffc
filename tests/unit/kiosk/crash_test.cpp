// A kiosk process is killed (SIGKILL) at random moments while a person answers; afterwards every
// answer the screen had been told was saved is in the database, and the file is sound.

#include <cstdio>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiosk/session/session.h"
#include "kiosk/store/outbox.h"
#include "tests/unit/kiosk/temp_dir.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

constexpr int kItems = 20;
constexpr int kKills = 20;
constexpr int kAnswersPerChild = 10000;

std::shared_ptr<Template> ManyQuestions() {
  auto t = std::make_shared<Template>();
  t->id = "many";
  t->version = 1;
  t->kind = TemplateKind::kConsultation;
  t->languages = {"en"};
  t->title = {{"en", "Many questions"}};
  Scale agree;
  agree.id = "agree5";
  for (int v = 1; v <= 5; ++v) agree.points.push_back({double(v), {{"en", std::to_string(v)}}});
  t->scales.push_back(agree);
  Section s;
  s.id = "all";
  s.title = {{"en", "All"}};
  for (int i = 0; i < kItems; ++i) {
    Item item = testing::MakeItem("q" + std::to_string(i), ItemType::kLikert);
    item.scale = "agree5";
    s.items.push_back(item);
  }
  t->sections.push_back(s);
  return t;
}

// The child: a kiosk answering as fast as it can. After Session::Apply returns without an error
// on screen, the answer counts as acknowledged and is reported on `fd`.
[[noreturn]] void AnswerUntilKilled(const std::filesystem::path& db, int fd, unsigned seed) {
  auto outbox = Outbox::Open(db);
  if (!outbox.ok()) _exit(3);
  MemoryCatalogue catalogue;
  catalogue.AddCampaign({"c", ManyQuestions(), false});
  SessionConfig config;
  config.anonymous_campaign_id = "c";
  ManualClock clock;
  Session session(config, catalogue, **outbox, clock);
  std::mt19937 random(seed);
  for (int answered = 0; answered < kAnswersPerChild;) {
    session.Apply(action::Start{false});
    session.Apply(action::AcceptConsent{});
    for (int i = 0; i < kItems; ++i, ++answered) {
      const int value = 1 + static_cast<int>(random() % 5);
      const std::string item = "q" + std::to_string(i);
      session.Apply(action::SetAnswer{item, value});
      if (session.View().error) _exit(4);
      const std::string line =
          "a " + session.ResponseId() + " " + item + " " + std::to_string(value) + "\n";
      if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
    }
    const std::string id = session.ResponseId();
    session.Apply(action::Next{});
    session.Apply(action::Submit{});
    if (session.CurrentScreen() != Screen::kThankYou) _exit(6);
    const std::string line = "c " + id + "\n";
    if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
    session.Apply(action::Finish{});
  }
  _exit(0);
}

TEST(CrashTest, EveryAcknowledgedAnswerSurvivesSigkillAndTheFileStaysSound) {
  testing::TempDir dir;
  const auto db = dir.path() / "kiosk.db";
  std::mt19937 random(20261128);
  std::map<std::pair<std::string, std::string>, int> acknowledged;
  std::set<std::string> completed;
  for (int run = 0; run < kKills; ++run) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const unsigned seed = random();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      AnswerUntilKilled(db, fds[1], seed);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    ASSERT_NE(in, nullptr);
    // Kill after a random number of acknowledgements: the child is somewhere in its next write.
    const int kill_after = 1 + static_cast<int>(random() % 120);
    int seen = 0;
    bool killed = false;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, in)) {
      std::istringstream line(buffer);
      std::string kind, id, item;
      int value = 0;
      line >> kind >> id;
      if (kind == "a") {
        line >> item >> value;
        acknowledged[{id, item}] = value;
      } else {
        completed.insert(id);
      }
      if (!killed && ++seen >= kill_after) {
        kill(child, SIGKILL);
        killed = true;  // keep reading: lines already in the pipe were acknowledged too
      }
    }
    std::fclose(in);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child ended by itself with status " << status;

    auto check = db::Database::Open(db, {});
    ASSERT_TRUE(check.ok());
    auto integrity = check->Prepare("PRAGMA integrity_check");
    ASSERT_TRUE(integrity.ok());
    ASSERT_TRUE(*integrity->Step());
    EXPECT_EQ(integrity->ColumnText(0), "ok") << "after kill " << run;
    auto find = check->Prepare("SELECT value FROM answers WHERE response_id = ?1 AND item_id = ?2");
    ASSERT_TRUE(find.ok());
    for (const auto& [key, value] : acknowledged) {
      find->Reset();
      find->Bind(1, key.first).Bind(2, key.second);
      auto row = find->Step();
      ASSERT_TRUE(row.ok());
      ASSERT_TRUE(*row) << "lost answer " << key.second << " of " << key.first << " after kill "
                        << run;
      EXPECT_EQ(find->ColumnText(0), std::to_string(value));
    }
    auto queued = check->Prepare("SELECT 1 FROM outbox WHERE response_id = ?1");
    ASSERT_TRUE(queued.ok());
    for (const auto& id : completed) {
      queued->Reset();
      queued->Bind(1, id);
      auto row = queued->Step();
      ASSERT_TRUE(row.ok() && *row) << "completed response " << id << " is not in the outbox";
    }
  }
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(kKills));
}

}  // namespace
}  // namespace soundings::kiosk
