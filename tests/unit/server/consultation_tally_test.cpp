// Consultation tally (server/reports/consultation_tally.h): random consultation data sent through
// the real ingest (IngestService, two template versions linked by `replaces`, venues with and
// without areas and settlements, an equality-monitoring-like section, every item type a
// consultation report covers) gives the same consultation report and cross-tabs from the counts
// kept incrementally as from every answer (the plain path); a second read with nothing new reads
// no response; changed venues and an added template version still give the right report; and
// readers on many threads while ingest runs end with the right counts.
#include <algorithm>
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/server/counting_report_store.h"
#include "tests/unit/server/random_batches.h"

namespace soundings::server {
namespace {

using nlohmann::json;

json Text(const std::string& s) { return {{"en", s}}; }

json Options(const std::vector<std::string>& values) {
  json out = json::array();
  for (const auto& v : values) out.push_back({{"value", v}, {"label", Text(v)}});
  return out;
}

// Version 1: views (like, old_q replaced in version 2 by new_q, choice a/b/c, yn, nps, picks,
// amount, order, note) and about (age, carer: equality-monitoring-like). Version 2 (the
// campaign's): new_q replaces old_q, choice gains "d", extra likert q2. Version 3 adds an item.
json Template(int version) {
  json scale = {{"id", "agree5"}, {"points", json::array()}, {"not_applicable", Text("N/A")}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", Text(std::to_string(v))}});
  }
  json views = json::array();
  views.push_back(
      {{"id", "like"}, {"type", "likert"}, {"scale", "agree5"}, {"text", Text("Like")}});
  if (version >= 2) {
    views.push_back({{"id", "new_q"},
                     {"type", "likert"},
                     {"scale", "agree5"},
                     {"replaces", {"old_q"}},
                     {"text", Text("New")}});
    views.push_back({{"id", "q2"}, {"type", "likert"}, {"scale", "agree5"}, {"text", Text("Q2")}});
  } else {
    views.push_back(
        {{"id", "old_q"}, {"type", "likert"}, {"scale", "agree5"}, {"text", Text("Old")}});
  }
  views.push_back({{"id", "choice"},
                   {"type", "single_choice"},
                   {"prefer_not_to_say", true},
                   {"options", Options(version >= 2 ? std::vector<std::string>{"a", "b", "c", "d"}
                                                    : std::vector<std::string>{"a", "b", "c"})},
                   {"text", Text("Choice")}});
  views.push_back({{"id", "yn"}, {"type", "yes_no"}, {"text", Text("Yes or no")}});
  views.push_back({{"id", "nps"}, {"type", "rating"}, {"text", Text("Recommend")}});
  views.push_back({{"id", "picks"},
                   {"type", "multiple_choice"},
                   {"prefer_not_to_say", true},
                   {"options", Options({"x", "y", "z"})},
                   {"text", Text("Picks")}});
  views.push_back(
      {{"id", "amount"}, {"type", "number"}, {"min", 0}, {"max", 100}, {"text", Text("Amount")}});
  views.push_back({{"id", "order"},
                   {"type", "ranking"},
                   {"options", Options({"r1", "r2", "r3"})},
                   {"text", Text("Order")}});
  views.push_back({{"id", "note"}, {"type", "short_text"}, {"text", Text("Note")}});
  if (version >= 3) {
    views.push_back({{"id", "later"}, {"type", "yes_no"}, {"text", Text("Later")}});
  }
  json about = json::array();
  about.push_back({{"id", "age"},
                   {"type", "single_choice"},
                   {"prefer_not_to_say", true},
                   {"options", Options({"u25", "mid", "old"})},
                   {"text", Text("Age")}});
  about.push_back({{"id", "carer"}, {"type", "yes_no"}, {"text", Text("Carer")}});
  return {{"id", "cons"},
          {"version", version},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", Text("Consultation")},
          {"scales", {scale}},
          {"sections",
           {{{"id", "views"}, {"title", Text("Views")}, {"items", views}},
            {{"id", "about"}, {"title", Text("About you")}, {"items", about}}}}};
}

const Principal kHr{1, "hr", "hr", ""};

const std::vector<std::string> kQuestions = {"like", "new_q", "choice", "yn", "age"};
const std::vector<std::string> kSegments = {"venue",  "venue_area", "venue_settlement",
                                            "choice", "carer",      "age"};

class ConsultationTallyTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    m_catalog = std::make_unique<TemplateCatalog>(*m_store);
    m_ingest = std::make_unique<IngestService>(*m_store, *m_catalog, m_clock);
    auto reports = SqliteReportStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(reports.ok()) << reports.ErrorText();
    m_reports = std::move(reports).value();
  }

  void Reset() {
    m_reports.reset();
    m_ingest.reset();
    m_catalog.reset();
    m_store.reset();
    std::filesystem::remove_all(m_dir.path());
    std::filesystem::create_directories(m_dir.path());
    Open();
  }

  void AddTemplate(const json& document) {
    TemplateVersionRow row{document["id"], document["version"], document["kind"], document.dump(),
                           ""};
    row.document_hash = sync::Sha256Hex(row.document);
    auto added = m_store->AddTemplateVersion(row);
    ASSERT_TRUE(added.ok()) << added.error().message;
  }

  void Build() {
    AddTemplate(Template(1));
    AddTemplate(Template(2));
    ASSERT_TRUE(m_store->AddCampaign({"cons", "cons", 2, "Consult", "consultation", "open"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v1", "Library", "north", "urban", ""}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v2", "Hall", "north", "rural", ""}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v3", "Centre", "south", "", ""}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v4", "Bus", "", "", ""}).ok());
  }

  static std::vector<sync::ResponseRecord> Records(std::mt19937& random, int count) {
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<int> point(1, 5);
    std::uniform_int_distribution<int> nps(0, 10);
    const std::vector<std::string> venues = {"", "v1", "v1", "v2", "v3", "v4"};
    std::vector<sync::ResponseRecord> out;
    for (int i = 0; i < count; ++i) {
      sync::ResponseRecord r;
      r.uuid = sync::NewUuidV4();
      r.campaign_id = "cons";
      r.template_id = "cons";
      r.template_version = percent(random) < 35 ? 1 : 2;
      r.venue_id = venues[static_cast<std::size_t>(percent(random)) % venues.size()];
      r.language = "en";
      const std::string day = "2026-11-1" + std::to_string(percent(random) % 5);
      r.started_at = day + "T10:00:00Z";
      r.completed_at = day + "T10:0" + std::to_string(percent(random) % 10) + ":00Z";
      const int v = r.template_version;
      auto maybe = [&] { return percent(random) < 85; };
      auto likert = [&]() -> json {
        return percent(random) < 10 ? json("na") : json(point(random));
      };
      auto pick = [&](const std::vector<std::string>& values) {
        return values[static_cast<std::size_t>(percent(random)) % values.size()];
      };
      if (maybe()) r.answers["like"] = likert();
      if (maybe()) r.answers[v >= 2 ? "new_q" : "old_q"] = likert();
      if (v >= 2 && maybe()) r.answers["q2"] = likert();
      if (maybe()) {
        r.answers["choice"] = v >= 2 ? pick({"a", "b", "c", "d", "prefer_not_to_say"})
                                     : pick({"a", "b", "c", "prefer_not_to_say"});
      }
      if (maybe()) r.answers["yn"] = percent(random) < 40;
      if (maybe()) r.answers["nps"] = nps(random);
      if (maybe()) {
        if (percent(random) < 8) {
          r.answers["picks"] = json::array({"prefer_not_to_say"});
        } else {
          json picks = json::array();
          for (const char* o : {"x", "y", "z"}) {
            if (percent(random) < 50) picks.push_back(o);
          }
          if (picks.empty()) picks.push_back("y");
          r.answers["picks"] = picks;
        }
      }
      if (maybe()) r.answers["amount"] = percent(random);
      if (maybe()) {
        std::vector<std::string> order = {"r1", "r2", "r3"};
        std::shuffle(order.begin(), order.end(), random);
        r.answers["order"] = order;
      }
      if (percent(random) < 30) r.answers["note"] = "Note " + std::to_string(percent(random));
      if (maybe()) r.answers["age"] = pick({"u25", "mid", "old", "prefer_not_to_say"});
      if (maybe()) r.answers["carer"] = percent(random) < 20;
      out.push_back(std::move(r));
    }
    return out;
  }

  // Sends `records` in batches of random sizes; every one must be accepted.
  void Send(std::mt19937& random, const std::vector<sync::ResponseRecord>& records) {
    IngestInRandomBatches(*m_ingest, random, records, 9);
  }

  // The consultation report and every question x segment cross-tab (and a few refused ones) of
  // `fast` equal those of the plain path.
  void ExpectSameAsPlain(ReportService& fast) {
    ReportService plain(*m_reports);
    plain.UseAggregates(false);
    auto a = fast.Consultation(kHr, "cons");
    auto b = plain.Consultation(kHr, "cons");
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(*a, *b) << json::diff(*b, *a).dump();
    for (const auto& question : kQuestions) {
      for (const auto& segment : kSegments) {
        auto x = fast.CrossTab(kHr, "cons", question, segment);
        auto y = plain.CrossTab(kHr, "cons", question, segment);
        ASSERT_EQ(x.ok(), y.ok()) << question << " x " << segment;
        if (x.ok()) {
          EXPECT_EQ(*x, *y) << question << " x " << segment << ": " << json::diff(*y, *x).dump();
        }
      }
    }
    for (const auto& [question, segment] : std::vector<std::pair<std::string, std::string>>{
             {"nps", "venue"}, {"like", "like"}, {"choice", "@all"}, {"missing", "venue"}}) {
      auto x = fast.CrossTab(kHr, "cons", question, segment);
      auto y = plain.CrossTab(kHr, "cons", question, segment);
      ASSERT_FALSE(x.ok());
      ASSERT_FALSE(y.ok());
      EXPECT_EQ(x.error().message, y.error().message);
    }
  }

  testing::TempDir m_dir;
  ManualClock m_clock{std::chrono::system_clock::now()};
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<TemplateCatalog> m_catalog;
  std::unique_ptr<IngestService> m_ingest;
  std::unique_ptr<SqliteReportStore> m_reports;
};

TEST_F(ConsultationTallyTest, RandomDataGivesTheSameReportsFromTheTallyAndFromAnswers) {
  for (unsigned seed : {1U, 2U, 3U}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    if (seed > 1) Reset();
    Build();
    std::mt19937 random(seed);
    const auto records = Records(random, 60 + static_cast<int>(seed) * 40);
    const std::size_t half = records.size() / 2;
    ReportService fast(*m_reports);
    // Small pages, so folding in takes several round trips to the store.
    fast.TallyPageSize(1 + static_cast<int>(seed) * 7);
    ExpectSameAsPlain(fast);  // no responses yet
    Send(random, {records.begin(), records.begin() + static_cast<long>(half)});
    ExpectSameAsPlain(fast);
    Send(random, {records.begin() + static_cast<long>(half), records.end()});
    ExpectSameAsPlain(fast);
    ReportService fresh(*m_reports);  // everything folded in at once
    ExpectSameAsPlain(fresh);
  }
}

TEST_F(ConsultationTallyTest, ASecondReadWithNothingNewReadsNoResponse) {
  Build();
  std::mt19937 random(21);
  const auto records = Records(random, 50);
  Send(random, {records.begin(), records.begin() + 40});
  CountingReportStore counting(*m_reports, true);
  ReportService fast(counting);
  ASSERT_TRUE(fast.Consultation(kHr, "cons").ok());
  EXPECT_EQ(counting.rows_after.load(), 40);
  ASSERT_TRUE(fast.Consultation(kHr, "cons").ok());
  ASSERT_TRUE(fast.CrossTab(kHr, "cons", "like", "venue_area").ok());
  EXPECT_EQ(counting.rows_after.load(), 40);  // nothing new: nothing read
  EXPECT_EQ(counting.counts.load(), 1);       // the campaign counted on the first read only
  Send(random, {records.begin() + 40, records.end()});
  ASSERT_TRUE(fast.CrossTab(kHr, "cons", "choice", "age").ok());
  EXPECT_EQ(counting.rows_after.load(), 50);  // only the ten new ones
  EXPECT_EQ(counting.response_reads.load(), 0);
  ExpectSameAsPlain(fast);

  // A store that cannot hand out new responses only: every answer is read, same report.
  CountingReportStore whole(*m_reports, false);
  ReportService slow(whole);
  ExpectSameAsPlain(slow);
  EXPECT_GT(whole.response_reads.load(), 0);
}

TEST_F(ConsultationTallyTest, ChangedVenuesAndAnAddedTemplateVersionGiveTheRightReport) {
  Build();
  std::mt19937 random(31);
  const auto records = Records(random, 120);
  Send(random, records);
  CountingReportStore counting(*m_reports, true);
  ReportService fast(counting);
  ExpectSameAsPlain(fast);
  const int first = counting.rows_after.load();
  EXPECT_EQ(first, 120);
  {
    // A venue moved to another area and settlement, one given an area, one added: the segments
    // are worked out from the venues at read time, with no response read again.
    auto db = db::Database::Open(m_dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("UPDATE venues SET area = 'south', settlement = 'urban' WHERE id = 'v2';"
                         "UPDATE venues SET area = 'south' WHERE id = 'v4'")
                    .ok());
  }
  ASSERT_TRUE(m_store->AddVenue({"v5", "New", "north", "rural", ""}).ok());
  ExpectSameAsPlain(fast);
  EXPECT_EQ(counting.rows_after.load(), first);

  // A template version added: answers may map differently, so everything is counted afresh.
  AddTemplate(Template(3));
  ExpectSameAsPlain(fast);
  EXPECT_EQ(counting.rows_after.load(), 2 * first);
  std::vector<sync::ResponseRecord> more;
  for (auto& r : Records(random, 40)) {
    if (r.template_version != 2) continue;  // version 2's answers are valid on version 3
    r.template_version = 3;
    if (r.answers.contains("yn")) r.answers["later"] = !r.answers["yn"].get<bool>();
    more.push_back(std::move(r));
  }
  ASSERT_FALSE(more.empty());
  Send(random, more);
  ExpectSameAsPlain(fast);
  EXPECT_EQ(counting.rows_after.load(), 2 * first + static_cast<int>(more.size()));
}

TEST_F(ConsultationTallyTest, ResponsesGoneBehindTheStoresBackAreNoticedAndCountedAfresh) {
  Build();
  std::mt19937 random(51);
  const auto records = Records(random, 60);
  Send(random, records);
  CountingReportStore counting(*m_reports, true);
  ReportService fast(counting);
  ASSERT_TRUE(fast.Consultation(kHr, "cons").ok());
  EXPECT_EQ(counting.rows_after.load(), 60);
  auto remove = [&](const char* which) {
    // Never done by the server (responses are only ever added); a restored backup could.
    auto db = db::Database::Open(m_dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    const std::string uuid =
        std::string("(SELECT uuid FROM responses ORDER BY rowid ") + which + " LIMIT 1)";
    ASSERT_TRUE(db->Exec("DELETE FROM answers WHERE response_uuid = " + uuid + ";" +
                         "DELETE FROM responses WHERE uuid = " + uuid)
                    .ok());
  };
  // The last one: the store's highest row is below what was counted, seen on the next read.
  remove("DESC");
  ExpectSameAsPlain(fast);
  EXPECT_EQ(counting.rows_after.load(), 60 + 59);
  // One in the middle: seen when the campaign is next counted, at most 64 reads later.
  remove("ASC");
  for (int i = 0; i < 64; ++i) ASSERT_TRUE(fast.Consultation(kHr, "cons").ok());
  ExpectSameAsPlain(fast);
  EXPECT_EQ(counting.rows_after.load(), 60 + 59 + 58);
}

TEST_F(ConsultationTallyTest, ReadersOnManyThreadsWhileIngestRunsEndWithTheRightCounts) {
  Build();
  std::mt19937 random(41);
  const auto records = Records(random, 240);
  ReportService fast(*m_reports);
  fast.TallyPageSize(16);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      int reads = 0;
      while (!done || reads < 3) {
        ++reads;
        const bool ok = t % 2 == 0 ? fast.Consultation(kHr, "cons").ok()
                                   : fast.CrossTab(kHr, "cons", "like", "age").ok();
        if (!ok) ++failures;
      }
    });
  }
  Send(random, records);
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  ExpectSameAsPlain(fast);
}

// The overview's counts by venue, day and partial flag: SQL over the response rows alone gives
// what counting every response read with its answers gives.
TEST_F(ConsultationTallyTest, ResponseTalliesFromTheResponseRowsEqualThoseFromEveryResponse) {
  Build();
  std::mt19937 random(31);
  auto records = Records(random, 120);
  for (std::size_t i = 0; i < records.size(); i += 7) records[i].partial = true;
  Send(random, records);
  CountingReportStore counting(*m_reports, true);  // keeps the default: counts Responses()
  auto from_rows = m_reports->ResponseTallies("cons");
  auto from_responses = counting.ResponseTallies("cons");
  ASSERT_TRUE(from_rows.ok() && from_responses.ok());
  EXPECT_EQ(*from_rows, *from_responses);
  EXPECT_EQ(counting.response_reads.load(), 1);
  int total = 0;
  int partial = 0;
  std::set<std::string> days;
  std::set<std::string> venues;
  for (const auto& t : *from_rows) {
    total += t.count;
    if (t.partial) partial += t.count;
    days.insert(t.day);
    venues.insert(t.venue_id);
  }
  EXPECT_EQ(total, static_cast<int>(records.size()));
  EXPECT_EQ(partial, static_cast<int>((records.size() + 6) / 7));
  EXPECT_GT(days.size(), 1u);
  EXPECT_GT(venues.size(), 1u);
}

}  // namespace
}  // namespace soundings::server
