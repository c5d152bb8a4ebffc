// Consultation tally (server/reports/consultation_tally.h): random consultation data sent through
// the real ingest (IngestService, two template versions linked by `replaces`, venues with and
// without areas and settlements, an equality-monitoring-like section, every item type a
// consultation report covers) gives the same consultation report and cross-tabs from the counts
// kept incrementally as from every answer (the plain path); a second read with nothing new reads
// no response; changed venues and an added template version still give the right report; and
// readers on many threads while ingest runs end with the right counts.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <optional>
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
const std::vector<std::string> kSegments = {
    "venue", "venue_area", "venue_settlement", "venue_ward", "choice", "carer", "age", "like"};

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
    ASSERT_TRUE(m_store->AddVenue({"v1", "Library", "north", "urban", "w1"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v2", "Hall", "north", "rural", "w2"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v3", "Centre", "south", "", "w1"}).ok());
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
    // Filtered and three-way views read every answer on both: the same tables.
    for (const auto& [filters, layer] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"venue_area:north"}, ""},
             {{}, "carer"},
             {{"carer:yes", "like:4,5"}, "venue_ward"}}) {
      auto x = fast.CrossTab(kHr, "cons", "choice", "age", filters, layer);
      auto y = plain.CrossTab(kHr, "cons", "choice", "age", filters, layer);
      ASSERT_TRUE(x.ok() && y.ok()) << (x.ok() ? y.error().message : x.error().message);
      EXPECT_EQ(*x, *y) << json::diff(*y, *x).dump();
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
  readers.reserve(4);
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

// ---- One margin (issue 13): distributions, cross-tabs and filtered views from one respondent set

// A version-2 response at v1 with `answers`.
sync::ResponseRecord Response(const std::map<std::string, json>& answers,
                              const std::string& venue = "v1") {
  sync::ResponseRecord r;
  r.uuid = sync::NewUuidV4();
  r.campaign_id = "cons";
  r.template_id = "cons";
  r.template_version = 2;
  r.venue_id = venue;
  r.language = "en";
  r.started_at = "2026-11-10T10:00:00Z";
  r.completed_at = "2026-11-10T10:05:00Z";
  r.answers = answers;
  return r;
}

std::map<std::string, json> DistributionsOf(const json& report) {
  std::map<std::string, json> out;
  for (const auto& q : report["questions"]) out[q["id"]] = q["distribution"];
  for (const auto& [name, d] : report["segment_distributions"].items()) out[name] = d;
  return out;
}

TEST_F(ConsultationTallyTest, CrossTabMarginsAreTheDistributionsShownBesideThem) {
  Build();
  std::mt19937 random(61);
  Send(random, Records(random, 90));
  ReportService fast(*m_reports);
  auto report = fast.Consultation(kHr, "cons");
  ASSERT_TRUE(report.ok());
  const auto distributions = DistributionsOf(*report);
  bool saw_not_answered = false;
  bool saw_prefer_not = false;
  for (const auto& question : kQuestions) {
    for (const auto& segment : kSegments) {
      if (question == segment) continue;
      auto x = fast.CrossTab(kHr, "cons", question, segment);
      ASSERT_TRUE(x.ok()) << question << " x " << segment << ": " << x.error().message;
      const json& rows = distributions.at(question);
      const json& columns = distributions.at(segment);
      ASSERT_EQ((*x)["row_values"].size(), rows["counts"].size()) << question;
      ASSERT_EQ((*x)["column_values"].size(), columns["counts"].size()) << segment;
      for (std::size_t r = 0; r < rows["counts"].size(); ++r) {
        EXPECT_EQ((*x)["row_values"][r], rows["counts"][r]["value"]);
        EXPECT_EQ((*x)["row_totals"][r], rows["counts"][r]["count"])
            << question << " x " << segment;
        saw_not_answered = saw_not_answered || (*x)["row_values"][r] == kNotAnswered;
        saw_prefer_not = saw_prefer_not || (*x)["row_values"][r] == kPreferNotToSay;
      }
      for (std::size_t c = 0; c < columns["counts"].size(); ++c) {
        EXPECT_EQ((*x)["column_values"][c], columns["counts"][c]["value"]);
        EXPECT_EQ((*x)["column_totals"][c], columns["counts"][c]["count"])
            << question << " x " << segment;
      }
      EXPECT_EQ((*x)["total"], rows["total"]);
    }
  }
  EXPECT_TRUE(saw_not_answered);
  EXPECT_TRUE(saw_prefer_not);
}

TEST_F(ConsultationTallyTest, TheItemsTwentyTwoAreTheCrossTabsRowWithTheFourWhoSkippedHidden) {
  // Issue 13: 22 answered "a", 4 of them skipped age; the cross-tab by age used to show 18.
  Build();
  std::vector<sync::ResponseRecord> records;
  for (int i = 0; i < 22; ++i) {
    std::map<std::string, json> a{{"choice", "a"}};
    if (i < 9) a["age"] = "u25";
    if (i >= 9 && i < 18) a["age"] = "mid";
    records.push_back(Response(a));
  }
  for (int i = 0; i < 20; ++i) records.push_back(Response({{"choice", "b"}, {"age", "old"}}));
  for (int i = 0; i < 6; ++i) {
    records.push_back(Response({{"choice", "b"}, {"age", "prefer_not_to_say"}}));
  }
  for (const char* other : {"c", "d", "prefer_not_to_say"}) {
    for (int i = 0; i < 5; ++i) records.push_back(Response({{"choice", other}, {"age", "old"}}));
  }
  std::mt19937 random(7);
  Send(random, records);
  for (bool tally : {true, false}) {
    ReportService service(*m_reports);
    service.UseAggregates(tally);
    auto report = service.Consultation(kHr, "cons");
    ASSERT_TRUE(report.ok());
    const json choice = DistributionsOf(*report).at("choice");
    EXPECT_EQ(choice["counts"][0]["value"], "a");
    EXPECT_EQ(choice["counts"][0]["count"]["value"], 22);
    auto x = service.CrossTab(kHr, "cons", "choice", "age");
    ASSERT_TRUE(x.ok());
    EXPECT_EQ((*x)["row_values"], json({"a", "b", "c", "d", "prefer_not_to_say"}));
    EXPECT_EQ((*x)["column_values"],
              json({"u25", "mid", "old", "prefer_not_to_say", "not_answered"}));
    EXPECT_EQ((*x)["row_totals"][0]["value"], 22);
    EXPECT_EQ((*x)["cells"][0][4]["status"], "suppressed");
    EXPECT_EQ((*x)["column_totals"][4]["status"], "suppressed");
    EXPECT_EQ((*x)["total"]["value"], 63);
    // A cell is hidden: the test is there, from the whole table, without Cramér's V or n.
    EXPECT_EQ((*x)["test"]["cells_suppressed"], true);
    EXPECT_TRUE((*x)["test"].contains("state"));
    EXPECT_FALSE((*x)["test"].contains("cramers_v"));
    EXPECT_FALSE((*x)["test"].contains("n"));
  }
}

// The attacker's view of one figure: which (choice, age, carer) combinations it counts, and its
// value when shown.
struct Figure {
  std::string what;
  std::vector<double> row;  // over every combination
  std::optional<double> value;
  int truth = 0;
};

const std::map<std::string, std::vector<std::string>> kCategories = {
    {"choice", {"a", "b", "c", "d", "prefer_not_to_say", "not_answered"}},
    {"age", {"u25", "mid", "old", "prefer_not_to_say", "not_answered"}},
    {"carer", {"yes", "no", "not_answered"}}};
const std::vector<std::string> kAxes = {"choice", "age", "carer"};

std::size_t Combinations() {
  std::size_t n = 1;
  for (const auto& axis : kAxes) n *= kCategories.at(axis).size();
  return n;
}

// The category of each axis of combination `k`.
std::map<std::string, std::string> Combination(std::size_t k) {
  std::map<std::string, std::string> out;
  for (std::size_t i = kAxes.size(); i-- > 0;) {  // the last axis varies fastest
    const std::string& axis = kAxes[i];
    const auto& values = kCategories.at(axis);
    out[axis] = values[k % values.size()];
    k /= values.size();
  }
  return out;
}

std::string CategoryOf(const sync::ResponseRecord& r, const std::string& axis) {
  auto it = r.answers.find(axis);
  if (it == r.answers.end()) return kNotAnswered;
  if (it->second.is_boolean()) return it->second.get<bool>() ? "yes" : "no";
  return it->second.get<std::string>();
}

// Adds the figure counting respondents whose answers match `where` (axis -> category).
void AddFigure(std::vector<Figure>& figures, const std::vector<sync::ResponseRecord>& records,
               const std::map<std::string, std::string>& where, const json& cell,
               const std::string& what) {
  Figure f;
  f.what = what;
  f.row.assign(Combinations(), 0);
  for (std::size_t k = 0; k < f.row.size(); ++k) {
    const auto combination = Combination(k);
    bool in = true;
    for (const auto& [axis, category] : where) in = in && combination.at(axis) == category;
    f.row[k] = in ? 1 : 0;
  }
  for (const auto& r : records) {
    bool in = true;
    for (const auto& [axis, category] : where) in = in && CategoryOf(r, axis) == category;
    f.truth += in ? 1 : 0;
  }
  if (cell.contains("status")) {
    EXPECT_EQ(cell["status"], "suppressed") << what;
  } else {
    f.value = cell["value"].get<double>();
    EXPECT_EQ(*f.value, f.truth) << what;  // a shown figure is the truth
  }
  figures.push_back(std::move(f));
}

// Every figure of a cross-tab of `q` by `s` among respondents matching `where`.
void AddCrossTab(std::vector<Figure>& figures, const std::vector<sync::ResponseRecord>& records,
                 const json& x, const std::string& q, const std::string& s,
                 const std::map<std::string, std::string>& where, const std::string& name) {
  for (std::size_t r = 0; r < x["row_values"].size(); ++r) {
    auto row = where;
    row[q] = x["row_values"][r];
    for (std::size_t c = 0; c < x["column_values"].size(); ++c) {
      auto cell = row;
      cell[s] = x["column_values"][c];
      AddFigure(figures, records, cell, x["cells"][r][c], name + " cell " + row[q] + "/" + cell[s]);
    }
    AddFigure(figures, records, row, x["row_totals"][r], name + " row " + row[q]);
  }
  for (std::size_t c = 0; c < x["column_values"].size(); ++c) {
    auto column = where;
    column[s] = x["column_values"][c];
    AddFigure(figures, records, column, x["column_totals"][c], name + " column " + column[s]);
  }
  AddFigure(figures, records, where, x["total"], name + " total");
}

// The hidden figures whose rows lie in the span of the shown ones: what any combination of
// sums and differences of shown figures gives away.
std::vector<const Figure*> Recovered(const std::vector<Figure>& figures) {
  std::vector<std::vector<double>> basis;  // each with a leading 1 at pivots[i]
  std::vector<std::size_t> pivots;
  auto reduce = [&](std::vector<double> row) {
    for (std::size_t i = 0; i < basis.size(); ++i) {
      const double factor = row[pivots[i]];
      if (std::abs(factor) < 1e-9) continue;
      for (std::size_t k = 0; k < row.size(); ++k) row[k] -= factor * basis[i][k];
    }
    return row;
  };
  for (const auto& f : figures) {
    if (!f.value) continue;
    auto row = reduce(f.row);
    std::size_t pivot = row.size();
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (std::abs(row[k]) > 1e-9) {
        pivot = k;
        break;
      }
    }
    if (pivot == row.size()) continue;
    const double lead = row[pivot];
    for (auto& v : row) v /= lead;
    for (auto& b : basis) {  // keep the basis reduced, so one pass reduces any row
      const double factor = b[pivot];
      if (std::abs(factor) < 1e-12) continue;
      for (std::size_t k = 0; k < b.size(); ++k) b[k] -= factor * row[k];
    }
    basis.push_back(std::move(row));
    pivots.push_back(pivot);
  }
  std::vector<const Figure*> out;
  for (const auto& f : figures) {
    if (f.value) continue;
    const auto rest = reduce(f.row);
    if (std::all_of(rest.begin(), rest.end(), [](double v) { return std::abs(v) < 1e-7; })) {
      out.push_back(&f);
    }
  }
  return out;
}

TEST_F(ConsultationTallyTest, NoHiddenCountIsRecoveredFromDistributionsCrossTabsAndFilters) {
  // Property over random small consultations: an attacker holding every distribution, the
  // cross-tabs of each pair of choice, age and carer, the choice-by-age table filtered to each
  // carer answer and layered by carer recovers no hidden count by any sum or difference.
  int shown = 0;
  int hidden = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    if (seed > 1) Reset();
    Build();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> size(6, 45);
    std::uniform_int_distribution<int> percent(0, 99);
    std::vector<sync::ResponseRecord> records;
    const int n = size(random);
    for (int i = 0; i < n; ++i) {
      std::map<std::string, json> a;
      const auto pick = [&](const std::vector<std::string>& values) {
        return values[static_cast<std::size_t>(percent(random)) % values.size()];
      };
      if (percent(random) < 80) a["choice"] = pick({"a", "a", "b", "c", "prefer_not_to_say"});
      if (percent(random) < 75) a["age"] = pick({"u25", "mid", "mid", "old", "prefer_not_to_say"});
      if (percent(random) < 85) a["carer"] = percent(random) < 30;
      records.push_back(Response(a, percent(random) < 50 ? "v1" : "v3"));
    }
    Send(random, records);
    ReportService service(*m_reports);
    auto report = service.Consultation(kHr, "cons");
    ASSERT_TRUE(report.ok());
    std::vector<Figure> figures;
    const auto distributions = DistributionsOf(*report);
    for (const auto& axis : kAxes) {
      const json& d = distributions.at(axis);
      std::set<std::string> listed;
      for (const auto& c : d["counts"]) {
        listed.insert(c["value"].get<std::string>());
        AddFigure(figures, records, {{axis, c["value"]}}, c["count"],
                  axis + " " + c["value"].get<std::string>());
      }
      AddFigure(figures, records, {}, d["total"], axis + " total");
      // A category a distribution leaves out (an empty "not answered") is known to be zero.
      for (const auto& category : kCategories.at(axis)) {
        if (listed.contains(category)) continue;
        AddFigure(figures, records, {{axis, category}}, json{{"value", 0}},
                  axis + " none " + category);
      }
    }
    for (const auto& [q, s] : std::vector<std::pair<std::string, std::string>>{
             {"choice", "age"}, {"choice", "carer"}, {"age", "carer"}}) {
      auto x = service.CrossTab(kHr, "cons", q, s);
      ASSERT_TRUE(x.ok()) << x.error().message;
      AddCrossTab(figures, records, *x, q, s, {}, q + " x " + s);
    }
    for (const std::string carer : {"yes", "no", "not_answered"}) {
      const bool any = std::any_of(records.begin(), records.end(),
                                   [&](const auto& r) { return CategoryOf(r, "carer") == carer; });
      if (!any) continue;
      auto x = service.CrossTab(kHr, "cons", "choice", "age", {"carer:" + carer});
      ASSERT_TRUE(x.ok()) << x.error().message;
      AddCrossTab(figures, records, *x, "choice", "age", {{"carer", carer}},
                  "choice x age | carer " + carer);
    }
    auto layered = service.CrossTab(kHr, "cons", "choice", "age", {}, "carer");
    ASSERT_TRUE(layered.ok());
    for (const auto& layer : (*layered)["layers"]) {
      AddCrossTab(figures, records, layer, "choice", "age", {{"carer", layer["value"]}},
                  "layer carer " + layer["value"].get<std::string>());
    }
    for (const Figure* f : Recovered(figures)) {
      ADD_FAILURE() << f->what << " (hidden, " << f->truth << ") is recovered from what is shown";
    }
    for (const auto& f : figures) ++(f.value ? shown : hidden);
  }
  // Both kinds in good number, or the attack proved nothing.
  EXPECT_GT(shown, 200);
  EXPECT_GT(hidden, 200);
}

}  // namespace
}  // namespace soundings::server
