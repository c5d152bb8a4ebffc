// The organisation's logo on letters (issue 11 item 7) through the real server: the setting's
// file is served at /branding/logo to anyone (letters are public), and the invitation reply
// tells the letters page to print it; without the setting there is no logo and the route is 404.
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kLogo =
    std::filesystem::path(SOUNDINGS_FIXTURE_DIR) / "branding" / "logo.png";

server::ServerConfig WithLogo() {
  server::ServerConfig config;
  config.organisation_name = "Nowhere Borough Council";
  config.organisation_logo = kLogo;
  std::ifstream in(kLogo, std::ios::binary);
  config.organisation_logo_bytes.assign(std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>());
  config.organisation_logo_type = "image/png";
  return config;
}

// Nominates one peer of Alex and makes their invitation, as hr; the reply's "letter".
json LetterSettings(TestServer& server) {
  Seed(server);
  const std::string hr = SignedInToken(server, "hana", "hr");
  EXPECT_TRUE(server.store().AddPerson({"pat", "Pat Lee", "", "org"}).ok());
  auto client = server.Client();
  auto nominated = client.Post(
      "/api/v1/campaigns/c360/nominations", Bearer(hr),
      json{{"csv", "subject_id,rater_id,rater_group\nalex,pat,peer\n"}}.dump(), "application/json");
  EXPECT_TRUE(nominated && nominated->status == 200);
  auto invited =
      client.Post("/api/v1/campaigns/c360/invitations", Bearer(hr), "{}", "application/json");
  EXPECT_TRUE(invited && invited->status == 201);
  if (!invited || invited->status != 201) return json();
  return json::parse(invited->body)["letter"];
}

TEST(LetterLogo, TheConfiguredLogoIsServedAndTheLettersPrintIt) {
  TestServer server(WithLogo());
  const json letter = LetterSettings(server);
  EXPECT_EQ(letter["logo_url"], "/branding/logo");
  EXPECT_EQ(letter["organisation"], "Nowhere Borough Council");

  // No session: a letter's reader is not signed in, and neither is a printer's spooler.
  auto logo = server.Client().Get("/branding/logo");
  ASSERT_TRUE(logo);
  ASSERT_EQ(logo->status, 200);
  EXPECT_EQ(logo->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(logo->body.size(), std::filesystem::file_size(kLogo));
  EXPECT_TRUE(logo->body.starts_with("\x89PNG"));
}

TEST(LetterLogo, WithoutTheSettingLettersHaveNoLogoAndTheRouteIs404) {
  TestServer server;
  const json letter = LetterSettings(server);
  EXPECT_TRUE(letter["logo_url"].is_null()) << letter;
  auto logo = server.Client().Get("/branding/logo");
  ASSERT_TRUE(logo);
  EXPECT_EQ(logo->status, 404);
  EXPECT_EQ(json::parse(logo->body)["error"], "not_found");
}

}  // namespace
}  // namespace soundings::testing
