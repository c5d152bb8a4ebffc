// PDF reports over HTTP against the real server: the same role rules as the JSON individual
// report, and a ZIP of every subject's PDF for HR, audited like an export.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

struct ZipContents {
  std::vector<std::string> names;
  std::vector<std::string> bodies;
};

// Opens the bytes as a ZIP archive with libzip and reads every entry.
ZipContents Unzip(const std::string& bytes) {
  ZipContents out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  EXPECT_NE(source, nullptr);
  if (source == nullptr) return out;
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    EXPECT_EQ(zip_stat_index(archive, index, 0, &stat), 0);
    std::string body(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, index, 0);
    EXPECT_NE(file, nullptr);
    if (file != nullptr) {
      EXPECT_EQ(zip_fread(file, body.data(), body.size()), static_cast<zip_int64_t>(stat.size));
      zip_fclose(file);
    }
    out.names.emplace_back(stat.name);
    out.bodies.push_back(std::move(body));
  }
  zip_close(archive);
  zip_error_fini(&error);
  return out;
}

class PdfApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    auto& store = m_server.store();
    ASSERT_TRUE(store.AddPerson({"pat", "Pat Lee", "", "org"}).ok());
    ASSERT_TRUE(store.AddSubject("c360", "pat").ok());
    auto self = PeerResponse(m_seeded.self_code, 5);
    self.rater_group = "self";
    std::vector<sync::ResponseRecord> batch = {self};
    for (int i = 0; i < 3; ++i) batch.push_back(PeerResponse(m_seeded.peer_codes[i], 2 + i));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
  }

  httplib::Result Get(const std::string& token, const std::string& path) {
    return m_server.Client().Get(path, Bearer(token));
  }

  TestServer m_server;
  Seeded m_seeded;
};

TEST_F(PdfApiTest, AManagerGetsTheirOwnPdfButNotAnotherPersons) {
  // Managers see their 360 once it has closed and hr has released it (docs/reports.md).
  ASSERT_TRUE(m_server.store().SetCampaignState("c360", "closed").ok());
  const std::string alex = SignedInToken(m_server, "alex-user", "manager", "alex");
  auto unreleased = Get(alex, "/api/v1/reports/campaigns/c360/subjects/alex/pdf");
  ASSERT_TRUE(unreleased);
  EXPECT_EQ(unreleased->status, 409);
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto released = m_server.Client().Post("/api/v1/reports/campaigns/c360/subjects/alex/release",
                                         Bearer(hr), "", "text/plain");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  auto own = Get(alex, "/api/v1/reports/campaigns/c360/subjects/alex/pdf");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(own->get_header_value("Content-Type"), "application/pdf");
  EXPECT_THAT(own->get_header_value("Content-Disposition"), HasSubstr("c360-alex-rivers.pdf"));
  EXPECT_TRUE(own->body.starts_with("%PDF-"));

  auto theirs = Get(alex, "/api/v1/reports/campaigns/c360/subjects/pat/pdf");
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->status, 403);
  EXPECT_EQ(json::parse(theirs->body)["error"], "forbidden");
}

TEST_F(PdfApiTest, RolesAndErrorsMatchTheJsonReport) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  struct Case {
    std::string token;
    std::string path;
    int status;
  };
  const std::vector<Case> cases = {
      {hr, "/api/v1/reports/campaigns/c360/subjects/pat/pdf", 200},
      {analyst, "/api/v1/reports/campaigns/c360/subjects/alex/pdf", 403},
      {"", "/api/v1/reports/campaigns/c360/subjects/alex/pdf", 401},
      {hr, "/api/v1/reports/campaigns/c360/subjects/nobody/pdf", 404},
      {hr, "/api/v1/reports/campaigns/nope/subjects/alex/pdf", 404},
      {hr, "/api/v1/reports/campaigns/parks/subjects/alex/pdf", 422},
  };
  for (const auto& c : cases) {
    auto reply = Get(c.token, c.path);
    ASSERT_TRUE(reply) << c.path;
    EXPECT_EQ(reply->status, c.status) << c.path << ": " << reply->body;
  }
}

TEST_F(PdfApiTest, TheZipHoldsOnePdfPerSubjectAndIsAuditedAsAnExport) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto reply = Get(hr, "/api/v1/reports/campaigns/c360/pdfs.zip");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(reply->get_header_value("Content-Type"), "application/zip");
  EXPECT_THAT(reply->get_header_value("Content-Disposition"), HasSubstr("c360-reports.zip"));
  const ZipContents zip = Unzip(reply->body);
  EXPECT_THAT(zip.names, UnorderedElementsAre("alex-rivers.pdf", "pat-lee.pdf"));
  for (const auto& body : zip.bodies) EXPECT_TRUE(body.starts_with("%PDF-"));

  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  int exports = 0;
  for (const auto& e : *entries) {
    if (e.action == "responses_exported" && e.target == "c360") {
      ++exports;
      EXPECT_EQ(e.detail, "format=pdf_zip subjects=2");
      EXPECT_EQ(e.actor, "user:hr1");
    }
  }
  EXPECT_EQ(exports, 1);
}

TEST_F(PdfApiTest, OnlyAdminAndHrGetTheZip) {
  const std::string alex = SignedInToken(m_server, "alex-user", "manager", "alex");
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  const std::string admin = SignedInToken(m_server, "root", "admin");
  auto manager = Get(alex, "/api/v1/reports/campaigns/c360/pdfs.zip");
  ASSERT_TRUE(manager);
  EXPECT_EQ(manager->status, 403);
  auto aggregate = Get(analyst, "/api/v1/reports/campaigns/c360/pdfs.zip");
  ASSERT_TRUE(aggregate);
  EXPECT_EQ(aggregate->status, 403);
  auto consultation = Get(admin, "/api/v1/reports/campaigns/parks/pdfs.zip");
  ASSERT_TRUE(consultation);
  EXPECT_EQ(consultation->status, 422);
  ASSERT_TRUE(m_server.store()
                  .AddCampaign({"c360-empty", "lead360", 1, "Lead", "appraisal360", "open"})
                  .ok());
  auto empty = Get(admin, "/api/v1/reports/campaigns/c360-empty/pdfs.zip");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 422);
  EXPECT_EQ(json::parse(empty->body)["error"], "no_subjects");
  auto unknown = Get(admin, "/api/v1/reports/campaigns/nope/pdfs.zip");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

}  // namespace
}  // namespace soundings::testing
