// The CLI `export` command writes byte for byte what the API's export routes serve for the same
// data, and audits it like the API does.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/export_command.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int ExportsAudited(TestServer& server, const std::string& actor) {
  auto entries = server.store().ListAudit();
  EXPECT_TRUE(entries.ok());
  int count = 0;
  if (!entries.ok()) return 0;
  for (const auto& e : *entries) count += e.action == "responses_exported" && e.actor == actor;
  return count;
}

class ExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    auto self = PeerResponse(m_seeded.self_code, 5);
    self.rater_group = "self";
    std::vector<sync::ResponseRecord> batch = {self};
    for (int i = 0; i < 3; ++i) {
      auto peer = PeerResponse(m_seeded.peer_codes[i], 2 + i);
      peer.answers["a2"] =
          i == 0 ? "=SUM(A1), \"quoted\"" : "line one\nline two " + std::to_string(i);
      batch.push_back(peer);
    }
    for (int i = 0; i < 6; ++i) batch.push_back(ParksResponse(i < 5 ? 4 : 2));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    m_hr = SignedInToken(m_server, "hr1", "hr");
  }

  std::string Data() const { return m_server_data.string(); }

  int Run(const std::vector<std::string>& args, std::string* out = nullptr,
          std::string* err = nullptr) {
    std::ostringstream o;
    std::ostringstream e;
    const int code = server::RunExportCommand(args, o, e);
    if (out) *out = o.str();
    if (err) *err = e.str();
    return code;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
  std::filesystem::path m_server_data = m_server.app().config().data_dir;
  TempFolder m_out;
};

TEST_F(ExportCliTest, WritesTheSameBytesAsTheApiForEveryFormat) {
  struct Case {
    std::string campaign;
    std::string format;
    std::string route;
  };
  const std::vector<Case> cases = {
      {"c360", "csv-long", "answers.csv"},    {"c360", "csv-wide", "responses.csv"},
      {"c360", "json", "responses.json"},     {"parks", "csv-long", "answers.csv"},
      {"parks", "csv-wide", "responses.csv"}, {"parks", "json", "responses.json"},
  };
  for (const auto& c : cases) {
    auto api = m_server.Client().Get("/api/v1/exports/campaigns/" + c.campaign + "/" + c.route,
                                     Bearer(m_hr));
    ASSERT_TRUE(api);
    ASSERT_EQ(api->status, 200) << api->body;
    const auto file = m_out.path() / (c.campaign + "-" + c.format);
    std::string out, err;
    ASSERT_EQ(Run({c.campaign, "--format", c.format, "--out", file.string(), "--data", Data()},
                  &out, &err),
              0)
        << err;
    EXPECT_EQ(ReadAll(file), api->body) << c.campaign << " " << c.format;
    EXPECT_THAT(out, HasSubstr("wrote"));
  }
}

TEST_F(ExportCliTest, KeepsTheBomQuotingAndSuppressionOfTheApi) {
  std::string out;
  ASSERT_EQ(Run({"c360", "--format", "csv-wide", "--out", "-", "--data", Data()}, &out), 0);
  EXPECT_TRUE(out.starts_with("\xEF\xBB\xBF"));
  EXPECT_THAT(out, HasSubstr("\"line one\nline two 1\""));
  EXPECT_THAT(out, HasSubstr("\"'=SUM(A1), \"\"quoted\"\"\""));
  // The self group (minimum 1) is there, but not its comment (comments need 3).
  EXPECT_THAT(out, HasSubstr(",self,"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("Listens well")));
}

TEST_F(ExportCliTest, IsAuditedAsAnExportByTheCli) {
  const int before = ExportsAudited(m_server, "cli");
  ASSERT_EQ(Run({"parks", "--format", "json", "--out", (m_out.path() / "p.json").string(), "--data",
                 Data()}),
            0);
  EXPECT_EQ(ExportsAudited(m_server, "cli"), before + 1);
  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->back().target, "parks");
  EXPECT_EQ(entries->back().detail, "format=json responses=6");
}

TEST_F(ExportCliTest, RefusesBadArgumentsAndUnknownCampaigns) {
  std::string out, err;
  EXPECT_EQ(Run({"parks", "--format", "xlsx", "--data", Data()}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("unknown format 'xlsx'"));
  EXPECT_EQ(Run({"parks", "--data", Data()}, &out, &err), 2);
  EXPECT_EQ(Run({"nope", "--format", "json", "--out", "-", "--data", Data()}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("No campaign nope"));
  EXPECT_EQ(Run({"--help"}, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("--format csv-long|csv-wide|json"));
  EXPECT_EQ(ExportsAudited(m_server, "cli"), 0);
}

}  // namespace
}  // namespace soundings::testing
