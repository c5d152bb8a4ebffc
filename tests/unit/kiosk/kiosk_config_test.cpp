#include "kiosk/config/kiosk_config.h"

#include <gtest/gtest.h>

namespace soundings::kiosk {
namespace {

TEST(KioskConfigTest, ReadsEverySetting) {
  auto config = ParseKioskConfig(R"({
    "data_dir": "/var/lib/soundings-kiosk", "server_url": "http://10.0.0.2:8080",
    "venue_id": "central-library", "anonymous_campaign": "parks-2026", "accept_codes": false,
    "title": {"en": "Have your say", "cy": "Dweud eich dweud"}, "languages": ["en", "cy"],
    "idle_seconds": 90, "countdown_seconds": 15, "thank_you_seconds": 5,
    "anonymous_partial": "discard", "sync_interval_seconds": 30, "operator_pin": "975310"})",
                                 "kiosk.json");
  ASSERT_TRUE(config.ok()) << config.ErrorText();
  EXPECT_EQ(config->data_dir, "/var/lib/soundings-kiosk");
  EXPECT_EQ(config->venue_id, "central-library");
  EXPECT_FALSE(config->accept_codes);
  EXPECT_EQ(config->idle_after, std::chrono::seconds(90));
  EXPECT_EQ(config->anonymous_partial, PartialPolicy::kDiscard);
  const SessionConfig session = config->ToSessionConfig();
  EXPECT_EQ(session.anonymous_campaign_id, "parks-2026");
  EXPECT_EQ(session.idle_countdown, std::chrono::seconds(15));
  EXPECT_EQ(session.kiosk_title.at("cy"), "Dweud eich dweud");
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_EQ(config->warnings[0].ToString(),
            "kiosk.json: languages: ignored: a kiosk offers exactly the languages of the template "
            "it shows");
}

TEST(KioskConfigTest, PartialAnswersAreTheTemplatesDecisionUnlessTheKioskDiscardsThem) {
  EXPECT_EQ(ParseKioskConfig("{}", "k")->anonymous_partial, PartialPolicy::kAsTemplateSays);
  EXPECT_EQ(ParseKioskConfig(R"({"anonymous_partial": "template"})", "k")->anonymous_partial,
            PartialPolicy::kAsTemplateSays);
  auto old = ParseKioskConfig(R"({"anonymous_partial": "submit"})", "k");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.ErrorText().find("keep_anonymous_partials"), std::string::npos) << old.ErrorText();
}

TEST(KioskConfigTest, ReportsEveryProblemWithItsKey) {
  auto config = ParseKioskConfig(
      R"({"idle_seconds": 2, "anonymous_partial": "keep", "operator_pin": "12", "colour": "red"})",
      "kiosk.json");
  ASSERT_FALSE(config.ok());
  const std::string text = config.ErrorText();
  EXPECT_NE(text.find("kiosk.json: colour: unknown setting"), std::string::npos) << text;
  EXPECT_NE(text.find("kiosk.json: idle_seconds: must be a whole number of seconds from 10"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("kiosk.json: anonymous_partial: must be \"template\" or \"discard\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("kiosk.json: operator_pin: must be at least 4 digits"), std::string::npos)
      << text;
}

TEST(KioskConfigTest, WritesWhatItReads) {
  KioskConfig original;
  original.venue_id = "hub";
  original.anonymous_partial = PartialPolicy::kDiscard;
  auto again = ParseKioskConfig(KioskConfigToJson(original), "x");
  ASSERT_TRUE(again.ok()) << again.ErrorText();
  EXPECT_EQ(again->venue_id, "hub");
  EXPECT_EQ(again->anonymous_partial, PartialPolicy::kDiscard);
}

TEST(KioskConfigTest, NotJsonIsOneClearProblem) {
  auto config = ParseKioskConfig("{oops", "kiosk.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.ErrorText(), "kiosk.json: the kiosk config must be a JSON object");
}

}  // namespace
}  // namespace soundings::kiosk
