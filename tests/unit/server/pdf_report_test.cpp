// The PDF renderer as a pure function: an individual 360 report's JSON in, PDF bytes out, read
// back with poppler's pdftotext and rendered with pdftoppm as a person would see it.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zip.h>

#include "server/pdf/campaign_pdfs.h"
#include "server/pdf/individual_report_pdf.h"
#include "server/pdf/zip_archive.h"
#include "tests/support/temp_dir.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

json Shown(double value) { return {{"value", value}}; }
json Hidden(int threshold = 3) {
  return {{"value", nullptr},
          {"status", "suppressed"},
          {"threshold", threshold},
          {"text", "fewer than " + std::to_string(threshold) + "*"}};
}

json Summary(double mean, int n) {
  json distribution = json::array();
  for (int point = 1; point <= 5; ++point) {
    distribution.push_back({{"point", point}, {"count", Shown(point == 3 ? n : 0)}});
  }
  return {{"n", Shown(n)},
          {"mean", Shown(mean)},
          {"sd", Shown(0.5)},
          {"favourable_pct", Shown(50.0)},
          {"not_applicable", Shown(0)},
          {"distribution", distribution}};
}

json HiddenSummary() {
  json distribution = json::array();
  for (int point = 1; point <= 5; ++point) {
    distribution.push_back({{"point", point}, {"count", Hidden()}});
  }
  return {{"n", Hidden()},
          {"mean", Hidden()},
          {"sd", Hidden()},
          {"favourable_pct", Hidden()},
          {"not_applicable", Hidden()},
          {"distribution", distribution}};
}

json Groups(double self, double peer, double others) {
  return {{"by_group",
           {{"self", Summary(self, 1)}, {"peer", Summary(peer, 4)}, {"staff", HiddenSummary()}}},
          {"all_others", Summary(others, 4)}};
}

// A report in the shape of ReportService::Individual: two competencies, staff suppressed,
// a blind spot, comments with a long one, and `extra_comments` more peer comments.
json SampleReport(int extra_comments = 0) {
  json peer_comments = {"Calm in a crisis", "Clear about priorities",
                        std::string("Listens before deciding; ") + std::string(60, 'x') +
                            " and this sentence goes on long enough to wrap over several lines "
                            "of the page, which is what a real comment often does.",
                        "Shares credit"};
  for (int i = 0; i < extra_comments; ++i) {
    peer_comments.push_back("Comment number " + std::to_string(i) +
                            " about how Alex Rivers runs the weekly team meeting and follows up.");
  }
  return {
      {"campaign",
       {{"id", "c360"}, {"kind", "appraisal360"}, {"state", "open"}, {"title", "Lead 2026"}}},
      {"subject", {{"person_id", "alex"}, {"display_name", "Alex Rivers"}}},
      {"report",
       {{"groups", {"self", "peer", "staff"}},
        {"responses", {{"self", 1}, {"peer", 4}, {"staff", 2}}},
        {"item_keys", {"l1", "l2", "c1"}},
        {"competency_ids", {"lead", "comm"}},
        {"items",
         {{"l1", Groups(5, 2.5, 2.5)}, {"l2", Groups(4, 4, 4)}, {"c1", Groups(3, 4.5, 4.5)}}},
        {"competencies", {{"lead", Groups(4.5, 3.25, 3.25)}, {"comm", Groups(3, 4.5, 4.5)}}},
        {"gaps",
         {{{"key", "l1"},
           {"competency", false},
           {"self", 5.0},
           {"others", 2.5},
           {"gap", 2.5},
           {"threshold", 1.33},
           {"kind", "blind_spot"}},
          {{"key", "c1"},
           {"competency", false},
           {"self", 3.0},
           {"others", 4.5},
           {"gap", -1.5},
           {"threshold", 1.33},
           {"kind", "hidden_strength"}},
          {{"key", "comm"},
           {"competency", true},
           {"self", 3.0},
           {"others", 4.5},
           {"gap", -1.5},
           {"threshold", 1.33},
           {"kind", "hidden_strength"}}}},
        {"strengths", {{{"key", "c1"}, {"others_mean", 4.5}, {"others_favourable_pct", 100.0}}}},
        {"development_areas",
         {{{"key", "l1"}, {"others_mean", 2.5}, {"others_favourable_pct", 0.0}}}},
        {"footnote",
         "* fewer than 3 responses, or hidden so that a group of fewer than 3 cannot be worked "
         "out from the other figures."}}},
      {"response_rates",
       {{{"group", "self"},
         {"received", 1},
         {"invited", 1},
         {"scores", "shown"},
         {"in_report", "Scores shown. Comments shown as the subject's own."}},
        {{"group", "peer"},
         {"received", 4},
         {"invited", 5},
         {"scores", "shown"},
         {"in_report",
          "Scores shown. Comments pooled with those of Staff under \"Other raters\", so none "
          "can be told apart."}},
        {{"group", "staff"},
         {"received", 2},
         {"invited", 4},
         {"scores", "hidden"},
         {"in_report",
          "Scores not shown: fewer than 3 responses. Comments pooled with those of Peers under "
          "\"Other raters\", so none can be told apart."}}}},
      {"how_to_read",
       {"Ratings are on a scale of 1 to 5; higher is more favourable.",
        "Means are given to two decimal places and percentages to whole numbers."}},
      {"not_enough", nullptr},
      {"comments",
       {{{"item", "well"},
         {"section", "notes"},
         {"text", "What does Alex Rivers do well?"},
         {"groups", {{{"group", "self"}, {"count", Shown(1)}, {"comments", {"I plan ahead"}}}}},
         {"pooled",
          {{"group", "pooled"},
           {"groups", {"peer", "staff"}},
           {"labels", {"Peers", "Staff"}},
           {"count", Shown(static_cast<double>(peer_comments.size()))},
           {"comments", peer_comments}}}}}},
      {"labels",
       {{"groups", {{"self", "Self"}, {"peer", "Peers"}, {"staff", "Staff"}}},
        {"competencies", {{"lead", "Leading people"}, {"comm", "Communicating"}}},
        {"items",
         {{"l1", {{"text", "Alex Rivers sets clear priorities"}, {"competency", "lead"}}},
          {"l2", {{"text", "Alex Rivers coaches the team"}, {"competency", "lead"}}},
          {"c1", {{"text", "Alex Rivers keeps people informed"}, {"competency", "comm"}}}}}}}};
}

// Runs a shell command; its standard output, or nullopt when it failed.
std::optional<std::string> Shell(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0)
    out.append(buffer.data(), n);
  const int status = pclose(pipe.release());
  if (status != 0) return std::nullopt;
  return out;
}

std::string Quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// pdftotext's reading of the PDF, with lines joined so wrapped phrases can be found.
std::string PdfText(const std::filesystem::path& pdf) {
  auto text = Shell("pdftotext -enc UTF-8 " + Quoted(pdf) + " -");
  EXPECT_TRUE(text.has_value()) << "pdftotext failed on " << pdf;
  return text.value_or("");
}

// The text with every run of white space made one space: table cells and wrapped lines.
std::string Joined(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == ' ' || c == '\f' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

class PdfReportTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const json& report, const std::string& name) {
    const auto file = m_dir.path() / name;
    auto written = server::pdf::WriteIndividualReportPdf(report, file);
    EXPECT_TRUE(written.ok()) << written.ErrorText();
    return file;
  }
  TempDir m_dir;
};

TEST_F(PdfReportTest, RendersAPdfWithTheSubjectCompetenciesAndSuppressionText) {
  auto pdf = server::pdf::RenderIndividualReportPdf(SampleReport());
  ASSERT_TRUE(pdf.ok()) << pdf.ErrorText();
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  const auto file = Write(SampleReport(), "alex.pdf");
  const std::string text = PdfText(file);
  EXPECT_THAT(text, HasSubstr("Alex Rivers"));
  EXPECT_THAT(text, HasSubstr("Lead 2026"));
  EXPECT_THAT(text, HasSubstr("Leading people"));
  EXPECT_THAT(text, HasSubstr("Communicating"));
  EXPECT_THAT(text, HasSubstr("fewer than 3*"));
  EXPECT_THAT(text, HasSubstr("Alex Rivers sets clear priorities"));
  EXPECT_THAT(text, HasSubstr("Blind spots"));
  EXPECT_THAT(text, HasSubstr("Hidden strengths"));
  EXPECT_THAT(text, HasSubstr("Development areas"));
  EXPECT_THAT(text, HasSubstr("Calm in a crisis"));
  EXPECT_THAT(text, HasSubstr("Page 1 of"));
}

TEST_F(PdfReportTest, SaysPerGroupWhatTheReportDoesWithItsScoresAndComments) {
  const std::string text = Joined(PdfText(Write(SampleReport(), "alex.pdf")));
  EXPECT_THAT(text, HasSubstr("Scores not shown: fewer than 3 responses. Comments pooled with "
                              "those of Peers under \"Other raters\""));
  EXPECT_THAT(text, HasSubstr("How to read this report"));
  EXPECT_THAT(text, HasSubstr("Means are given to two decimal places"));
  EXPECT_THAT(text, HasSubstr("Other raters (Peers, Staff) · 4 comments"));
  EXPECT_THAT(text, Not(HasSubstr("Staff · ")));  // no comment block under the staff's name
}

TEST_F(PdfReportTest, AWithheldGroupsCommentsAreReplacedByTheFewerThanSentence) {
  json report = SampleReport();
  json& comments = report["comments"][0];
  comments["pooled"] = nullptr;
  comments["groups"].push_back(
      {{"group", "staff"}, {"count", Hidden()}, {"comments", json::array()}});
  const std::string text = Joined(PdfText(Write(report, "withheld.pdf")));
  EXPECT_THAT(text, HasSubstr("Withheld: fewer than 3* responses, too few to keep their writers "
                              "anonymous."));
  EXPECT_THAT(text, Not(HasSubstr("Other raters (")));
}

TEST_F(PdfReportTest, AReportWithNothingFromOthersSaysSoAndFindsNoBlindSpots) {
  json report = SampleReport();
  report["not_enough"] = "Nobody other than Alex Rivers has answered yet.";
  report["report"]["gaps"] = json::array();
  const std::string text = Joined(PdfText(Write(report, "empty.pdf")));
  EXPECT_THAT(text, HasSubstr("Nobody other than Alex Rivers has answered yet."));
  EXPECT_THAT(text, HasSubstr("Cannot be worked out: it needs your own rating and enough of "
                              "others' to compare."));
  EXPECT_THAT(text, Not(HasSubstr("None: nowhere did you rate yourself")));
}

TEST_F(PdfReportTest, LongReportsBreakAcrossNumberedPages) {
  const auto file = Write(SampleReport(120), "long.pdf");
  const std::string text = PdfText(file);
  auto info = Shell("pdfinfo " + Quoted(file));
  ASSERT_TRUE(info.has_value());
  EXPECT_THAT(*info, HasSubstr("A4"));
  // Every comment survives the page breaks, the last one included.
  EXPECT_THAT(text, HasSubstr("Comment number 0 about"));
  EXPECT_THAT(text, HasSubstr("Comment number 119 about"));
  EXPECT_THAT(text, HasSubstr("Page 2 of"));
  const std::size_t at = info->find("Pages:");
  ASSERT_NE(at, std::string::npos);
  const int pages = std::stoi(info->substr(at + 6));
  EXPECT_GE(pages, 4);
  EXPECT_THAT(text, HasSubstr("Page " + std::to_string(pages) + " of " + std::to_string(pages)));
}

TEST_F(PdfReportTest, TheFirstPageRendersToANonTrivialPicture) {
  const auto file = Write(SampleReport(), "alex.pdf");
  const auto prefix = m_dir.path() / "page1";
  ASSERT_TRUE(
      Shell("pdftoppm -png -r 50 -f 1 -l 1 -singlefile " + Quoted(file) + " " + Quoted(prefix))
          .has_value());
  const auto png = m_dir.path() / "page1.png";
  ASSERT_TRUE(std::filesystem::exists(png));
  // An A4 page at 50 dpi with a coloured band, a table and charts: far more than a blank page.
  EXPECT_GT(std::filesystem::file_size(png), 8000u);
  std::ifstream in(png, std::ios::binary);
  std::string signature(8, '\0');
  in.read(signature.data(), 8);
  EXPECT_EQ(signature, "\x89PNG\r\n\x1a\n");
}

TEST_F(PdfReportTest, MissingPartsAreDrawnAsNoneNotRefused) {
  json bare = {{"subject", {{"display_name", "Sam <Shaw> & \"Co\""}}}};
  auto pdf = server::pdf::RenderIndividualReportPdf(bare);
  ASSERT_TRUE(pdf.ok()) << pdf.ErrorText();
  const auto file = m_dir.path() / "bare.pdf";
  ASSERT_TRUE(server::pdf::WriteIndividualReportPdf(bare, file).ok());
  const std::string text = PdfText(file);
  // Text is set as plain text: markup characters in a name are printed, not interpreted.
  EXPECT_THAT(text, HasSubstr("Sam <Shaw> & \"Co\""));
  EXPECT_THAT(text, HasSubstr("No invitations were made"));
}

TEST_F(PdfReportTest, ASelfAssessmentIsTitledAsOne) {
  json report = SampleReport();
  report["campaign"]["kind"] = "self_assessment";
  const std::string text = PdfText(Write(report, "self.pdf"));
  EXPECT_THAT(text, HasSubstr("Self-assessment report"));
  EXPECT_THAT(text, Not(HasSubstr("360-degree")));
}

TEST_F(PdfReportTest, ReportsRenderOnSeveralThreadsAtOnce) {
  // The server renders on its worker threads: pango gives each thread its own font map.
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t) {
    threads.emplace_back([&ok, t] {
      for (int i = 0; i < 3; ++i) {
        auto pdf = server::pdf::RenderIndividualReportPdf(SampleReport(10));
        ok[t] += pdf.ok() && pdf->starts_with("%PDF-");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : ok) EXPECT_EQ(count, 3);
}

TEST(ZipArchive, HoldsEachEntryUnderItsNameAndReadsBackWithLibzip) {
  const std::string big(100000, 'a');
  auto zip = server::pdf::ZipArchive({{"one.pdf", "%PDF-1 first"}, {"two.pdf", big}});
  ASSERT_TRUE(zip.ok()) << zip.ErrorText();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip->data(), zip->size(), 0, &error);
  ASSERT_NE(source, nullptr);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  ASSERT_NE(archive, nullptr) << zip_error_strerror(&error);
  ASSERT_EQ(zip_get_num_entries(archive, 0), 2);
  EXPECT_STREQ(zip_get_name(archive, 0, 0), "one.pdf");
  EXPECT_STREQ(zip_get_name(archive, 1, 0), "two.pdf");
  zip_stat_t stat;
  ASSERT_EQ(zip_stat_index(archive, 1, 0, &stat), 0);
  EXPECT_EQ(stat.size, big.size());
  EXPECT_LT(stat.comp_size, big.size());  // deflated
  zip_file_t* file = zip_fopen_index(archive, 0, 0);
  ASSERT_NE(file, nullptr);
  std::string content(64, '\0');
  const auto read = zip_fread(file, content.data(), content.size());
  zip_fclose(file);
  EXPECT_EQ(content.substr(0, static_cast<std::size_t>(read)), "%PDF-1 first");
  zip_close(archive);
  zip_error_fini(&error);
}

TEST(ZipArchive, TwoEntriesWithOneNameAreRefusedNamingIt) {
  auto zip = server::pdf::ZipArchive({{"same.pdf", "a"}, {"same.pdf", "b"}});
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.problems().front().path, "same.pdf");
}

TEST(ZipArchive, AnArchiveWithoutEntriesIsRefused) {
  auto zip = server::pdf::ZipArchive({});
  ASSERT_FALSE(zip.ok());
  EXPECT_THAT(zip.ErrorText(), HasSubstr("at least one file"));
}

TEST(FileSlug, KeepsLettersAndDigitsAndJoinsTheRestWithOneDash) {
  EXPECT_EQ(server::pdf::FileSlug("Priya Shah"), "priya-shah");
  EXPECT_EQ(server::pdf::FileSlug("  O'Brien, Seán 2 "), "o-brien-se-n-2");
  EXPECT_EQ(server::pdf::FileSlug("../../etc"), "etc");
  EXPECT_EQ(server::pdf::FileSlug("!!!"), "report");
}

}  // namespace
}  // namespace soundings::testing
