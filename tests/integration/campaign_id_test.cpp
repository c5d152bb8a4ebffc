// Campaign ids follow one rule everywhere (issue 16 case 12): the API and the CLI refuse ids that
// broke Content-Disposition, were unreachable or wrote outside the working folder, and an id
// from before the rule, still in an old database, cannot do either.
#include <filesystem>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/admin_commands.h"
#include "server/cli/export_command.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// The current folder for one scope: the CLI writes its default file name there.
class InFolder {
 public:
  explicit InFolder(const std::filesystem::path& folder) : m_was(std::filesystem::current_path()) {
    std::filesystem::current_path(folder);
  }
  ~InFolder() { std::filesystem::current_path(m_was); }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;

 private:
  std::filesystem::path m_was;
};

class CampaignIdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(m_server);
    m_admin = SignedInToken(m_server, "admin1", "admin");
  }

  // A campaign stored straight into the database, as a server older than the rule allowed.
  void AddLegacyCampaign(const std::string& id) {
    ASSERT_TRUE(
        m_server.store().AddCampaign({id, "parks", 2, "Legacy", "consultation", "open"}).ok());
  }

  std::string Data() { return m_server.app().config().data_dir.string(); }

  TestServer m_server;
  std::string m_admin;
  TempFolder m_work;
};

TEST_F(CampaignIdTest, ApiRefusesIdsOutsideTheRuleWithThePath) {
  auto before = m_server.store().ListCampaigns();
  ASSERT_TRUE(before.ok());
  for (const char* id : {"a\"b", "a/b", "../x", "Parks", ""}) {
    const json body = {
        {"id", id}, {"template_id", "parks"}, {"template_version", 2}, {"title", "T"}};
    auto reply = m_server.Client().Post("/api/v1/campaigns", Bearer(m_admin), body.dump(),
                                        "application/json");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400) << id << " " << reply->body;
    const json error = json::parse(reply->body);
    EXPECT_EQ(error["error"], "invalid_id") << id;
    ASSERT_TRUE(error.contains("problems")) << id;
    EXPECT_EQ(error["problems"][0]["path"], "id");
    EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("lower-case letters"));
  }
  auto after = m_server.store().ListCampaigns();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), before->size());

  const json good = {{"id", "parks-2027"},
                     {"template_id", "parks"},
                     {"template_version", 2},
                     {"title", "Parks 2027"}};
  auto created =
      m_server.Client().Post("/api/v1/campaigns", Bearer(m_admin), good.dump(), "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
}

TEST_F(CampaignIdTest, CliCreateRefusesTheSameIds) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(
      server::RunCampaignCommand(
          {"create", "../x", "--template", "parks", "--version", "2", "--data", Data()}, out, err),
      1);
  EXPECT_THAT(err.str(), HasSubstr("lower-case letters"));
  EXPECT_THAT(err.str(), HasSubstr("id: "));
  auto stored = m_server.store().GetCampaign("../x");
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(CampaignIdTest, RoutesAnswer404ForIdsOutsideTheRule) {
  for (const char* path :
       {"/api/v1/campaigns/a%22b/nominations", "/api/v1/campaigns/..%2Fx/nominations",
        "/api/v1/reports/campaigns/a%22b/teams",
        "/api/v1/exports/campaigns/a%22b/responses.json"}) {
    auto reply = m_server.Client().Get(path, Bearer(m_admin));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << path << " " << reply->body;
  }
}

TEST_F(CampaignIdTest, DownloadNameOfALegacyIdCannotBreakTheHeader) {
  AddLegacyCampaign("a\"b");
  auto reply =
      m_server.Client().Get("/api/v1/exports/campaigns/a%22b/responses.json", Bearer(m_admin));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(reply->get_header_value("Content-Disposition"),
            "attachment; filename=\"a_b-responses.json\"");
}

TEST_F(CampaignIdTest, CliExportRefusesATraversingIdAndWritesNothing) {
  AddLegacyCampaign("../trav");
  const auto inside = m_work.path() / "inside";
  std::filesystem::create_directories(inside);
  std::ostringstream out;
  std::ostringstream err;
  {
    InFolder here(inside);
    EXPECT_EQ(server::RunExportCommand({"../trav", "--format", "json", "--data", Data()}, out, err),
              2);
  }
  EXPECT_THAT(err.str(), HasSubstr("lower-case letters"));
  EXPECT_TRUE(std::filesystem::is_empty(inside));
  EXPECT_FALSE(std::filesystem::exists(m_work.path() / "trav-responses.json"));
  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  for (const auto& e : *audit) EXPECT_NE(e.action, "responses_exported");
}

TEST_F(CampaignIdTest, CliExportWritesAValidIdToTheCurrentFolder) {
  const auto inside = m_work.path() / "inside";
  std::filesystem::create_directories(inside);
  std::ostringstream out;
  std::ostringstream err;
  {
    InFolder here(inside);
    ASSERT_EQ(server::RunExportCommand({"parks", "--format", "json", "--data", Data()}, out, err),
              0)
        << err.str();
  }
  EXPECT_TRUE(std::filesystem::exists(inside / "parks-responses.json"));
}

}  // namespace
}  // namespace soundings::testing
