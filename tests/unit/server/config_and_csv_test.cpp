#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/config.h"
#include "server/services/csv.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

using ::testing::HasSubstr;

TEST(Config, FlagsOverrideEnvironmentWhichOverridesTheDataFoldersConfigFile) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "config.json") << R"({"port": 9000, "bind": "0.0.0.0", "threads": 7})";
  auto config = LoadConfig({"--data", dir.path().string(), "--port", "9100"},
                           {{"SOUNDINGS_PORT", "9050"}, {"SOUNDINGS_THREADS", "9"}});
  ASSERT_TRUE(config.ok()) << config.ErrorText();
  EXPECT_EQ(config->port, 9100);       // flag
  EXPECT_EQ(config->threads, 9);       // environment
  EXPECT_EQ(config->bind, "0.0.0.0");  // file
  EXPECT_EQ(config->data_dir, dir.path());
  EXPECT_EQ(config->max_body_bytes, 2u * 1024 * 1024);  // default
}

TEST(Config, TheDataFolderMayComeFromTheEnvironment) {
  testing::TempDir dir;
  auto config = LoadConfig({"--demo"}, {{"SOUNDINGS_DATA", dir.path().string()}});
  ASSERT_TRUE(config.ok()) << config.ErrorText();
  EXPECT_EQ(config->data_dir, dir.path());
  EXPECT_TRUE(config->demo);
}

TEST(Config, LettersTakeTheOrganisationAndAPublicAddressNotTheBindAddress) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "config.json") << R"({"organisation_name": "Nowhere Borough Council",
             "public_url": "https://soundings.nowhere.gov.uk/"})";
  auto config = LoadConfig({"--data", dir.path().string()}, {});
  ASSERT_TRUE(config.ok()) << config.ErrorText();
  EXPECT_EQ(config->organisation_name, "Nowhere Borough Council");
  EXPECT_EQ(config->public_url, "https://soundings.nowhere.gov.uk");  // no trailing slash
  for (const char* bad : {"soundings.nowhere.gov.uk", "ftp://x", "https://", "https:///path",
                          "https://a b", "https://x\"onclick"}) {
    EXPECT_THAT(LoadConfig({"--public-url", bad}, {}).ErrorText(), HasSubstr("--public-url"))
        << bad;
  }
  EXPECT_TRUE(LoadConfig({"--public-url", "http://10.0.0.5:8080/soundings"}, {}).ok());
}

TEST(Config, ALogoIsAPngOrJpegOfAtMost512KbReadAtStartUp) {
  testing::TempDir dir;
  const auto png = std::filesystem::path(SOUNDINGS_FIXTURE_DIR) / "branding" / "logo.png";
  auto config = LoadConfig({"--organisation-logo", png.string()}, {});
  ASSERT_TRUE(config.ok()) << config.ErrorText();
  EXPECT_EQ(config->organisation_logo_type, "image/png");
  EXPECT_EQ(config->organisation_logo_bytes.size(), std::filesystem::file_size(png));
  std::ofstream(dir.path() / "logo.jpg", std::ios::binary) << std::string("\xff\xd8\xff\xe0jfif");
  auto jpeg = LoadConfig({"--organisation-logo", (dir.path() / "logo.jpg").string()}, {});
  ASSERT_TRUE(jpeg.ok()) << jpeg.ErrorText();
  EXPECT_EQ(jpeg->organisation_logo_type, "image/jpeg");

  // A file named .png that is not one, one too large, one missing: each named by its setting.
  std::ofstream(dir.path() / "fake.png") << "<svg xmlns='http://www.w3.org/2000/svg'/>";
  std::ofstream(dir.path() / "huge.png", std::ios::binary)
      << "\x89PNG\r\n\x1a\n"
      << std::string(std::size_t{600} * 1024, 'x');
  for (const char* bad : {"fake.png", "huge.png", "missing.png"}) {
    EXPECT_THAT(LoadConfig({"--organisation-logo", (dir.path() / bad).string()}, {}).ErrorText(),
                HasSubstr("--organisation-logo"))
        << bad;
  }
  EXPECT_THAT(LoadConfig({}, {{"SOUNDINGS_ORGANISATION_LOGO", (dir.path() / "fake.png").string()}})
                  .ErrorText(),
              HasSubstr("SOUNDINGS_ORGANISATION_LOGO"));
}

TEST(Config, SmallCellAndCommentMinimumsAreTheDeploymentsAndNeverBelowThree) {
  testing::TempDir dir;
  auto defaults = LoadConfig({}, {});
  ASSERT_TRUE(defaults.ok()) << defaults.ErrorText();
  EXPECT_EQ(defaults->cell_minimum, 5);
  EXPECT_EQ(defaults->comment_minimum, 5);
  std::ofstream(dir.path() / "config.json") << R"({"cell_minimum": 10, "comment_minimum": 7})";
  auto file = LoadConfig({"--data", dir.path().string()}, {{"SOUNDINGS_COMMENT_MINIMUM", "8"}});
  ASSERT_TRUE(file.ok()) << file.ErrorText();
  EXPECT_EQ(file->cell_minimum, 10);
  EXPECT_EQ(file->comment_minimum, 8);  // the environment overrides the file
  EXPECT_THAT(LoadConfig({"--cell-minimum", "2"}, {}).ErrorText(), HasSubstr("--cell-minimum"));
  EXPECT_THAT(LoadConfig({}, {{"SOUNDINGS_COMMENT_MINIMUM", "many"}}).ErrorText(),
              HasSubstr("SOUNDINGS_COMMENT_MINIMUM"));
}

TEST(Config, ReportsUnknownFlagsBadValuesAndBadFileKeysByName) {
  testing::TempDir dir;
  EXPECT_THAT(LoadConfig({"--colour", "red"}, {}).ErrorText(), HasSubstr("--colour"));
  EXPECT_THAT(LoadConfig({"--port", "http"}, {}).ErrorText(), HasSubstr("--port"));
  EXPECT_THAT(LoadConfig({"--port"}, {}).ErrorText(), HasSubstr("needs a value"));
  EXPECT_THAT(LoadConfig({}, {{"SOUNDINGS_SYNCHRONOUS", "OFF"}}).ErrorText(),
              HasSubstr("SOUNDINGS_SYNCHRONOUS"));
  std::ofstream(dir.path() / "config.json") << R"({"prot": 1})";
  EXPECT_THAT(LoadConfig({"--data=" + dir.path().string()}, {}).ErrorText(), HasSubstr("prot"));
}

TEST(Csv, ReadsQuotedFieldsAndKeepsLineNumbers) {
  auto rows = ParseCsv("id,name\r\n1,\"Smith, Jo\"\n\n2,\"Say \"\"hi\"\"\nthere\"\n3, Ann \n",
                       "f.csv", {"id", "name"});
  ASSERT_TRUE(rows.ok()) << rows.ErrorText();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].fields.at("name"), "Smith, Jo");
  EXPECT_EQ((*rows)[1].fields.at("name"), "Say \"hi\"\nthere");
  EXPECT_EQ((*rows)[1].line, 4);
  EXPECT_EQ((*rows)[2].line, 6);
  EXPECT_EQ((*rows)[2].fields.at("name"), "Ann");
}

TEST(Csv, ReportsMissingColumnsAndShortRowsWithTheirLines) {
  EXPECT_THAT(ParseCsv("id\n1\n", "f.csv", {"id", "name"}).ErrorText(),
              HasSubstr("f.csv:1: has no column \"name\""));
  auto short_rows = ParseCsv("id,name\n1,a\n2\n3,c,d\n", "f.csv", {"id"});
  ASSERT_FALSE(short_rows.ok());
  ASSERT_EQ(short_rows.problems().size(), 2u);
  EXPECT_EQ(short_rows.problems()[0].path, "f.csv:3");
  EXPECT_EQ(short_rows.problems()[1].path, "f.csv:4");
  EXPECT_FALSE(ParseCsv("", "f.csv", {"id"}).ok());
  EXPECT_FALSE(ParseCsv("id\n\"open", "f.csv", {"id"}).ok());
}

}  // namespace
}  // namespace soundings::server
