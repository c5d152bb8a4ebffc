// The campaign id rule (shared/core/identifiers.h) and the safe download name: the one rule the
// API, the CLI and download file names all trust (issue 16 case 12).
#include <string>

#include <gtest/gtest.h>

#include "shared/core/identifiers.h"

namespace soundings {
namespace {

TEST(CampaignIdRule, AcceptsEveryIdTheDemoTemplatesAndTestsUse) {
  for (const char* id : {"parks", "c360", "parks-2026", "me2e-2026", "lead-2027", "y2025",
                         "customer-feedback", "all_1", "2026-parks", "a"}) {
    EXPECT_TRUE(CheckCampaignId(id).ok()) << id;
  }
  EXPECT_TRUE(CheckCampaignId(std::string(64, 'x')).ok());
}

TEST(CampaignIdRule, RefusesWhatBrokeHeadersRoutesAndFiles) {
  for (const char* id : {"a\"b", "a/b", "../x", "..", ".hidden", "-lead", "_x", "Parks", "a b",
                         "a\\b", "caf\xC3\xA9", "a\nb", "a;b", "a%2fb"}) {
    auto checked = CheckCampaignId(id);
    ASSERT_FALSE(checked.ok()) << id;
    ASSERT_EQ(checked.problems().size(), 1U);
    EXPECT_EQ(checked.problems()[0].path, "id");
    EXPECT_NE(checked.problems()[0].message.find("lower-case letters"), std::string::npos);
    // The sentence never repeats the offending text (it may hold quotes or control bytes).
    EXPECT_EQ(checked.problems()[0].message.find(id), std::string::npos) << id;
  }
}

TEST(CampaignIdRule, RefusesEmptyAndOverlongIds) {
  auto empty = CheckCampaignId("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.problems()[0].message.find("empty"), std::string::npos);
  auto long_id = CheckCampaignId(std::string(65, 'x'));
  ASSERT_FALSE(long_id.ok());
  EXPECT_NE(long_id.problems()[0].message.find("65 characters"), std::string::npos);
}

TEST(SafeFileName, KeepsOrdinaryNamesAndNeutralisesTheRest) {
  EXPECT_EQ(SafeFileName("parks-2026-answers.csv"), "parks-2026-answers.csv");
  EXPECT_EQ(SafeFileName("Me2E_Report.PDF"), "Me2E_Report.PDF");
  EXPECT_EQ(SafeFileName("a\"b-answers.csv"), "a_b-answers.csv");
  EXPECT_EQ(SafeFileName("../trav-responses.json"), "_trav-responses.json");
  EXPECT_EQ(SafeFileName("..\\x\r\nSet-Cookie: y"), "_x__Set-Cookie__y");
  EXPECT_EQ(SafeFileName(".."), "download");
  EXPECT_EQ(SafeFileName(""), "download");
  EXPECT_EQ(SafeFileName(std::string(300, 'a')).size(), 128U);
}

}  // namespace
}  // namespace soundings
