// What VenueService accepts as a venue before any SQL runs: every problem named by its field,
// postcodes in their one stored form.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/services/venues.h"
#include "shared/text/redaction.h"

namespace soundings::server {
namespace {

TEST(UkPostcode, IsNormalisedToUpperCaseWithOneSpace) {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::vector<Case> cases = {
      {"DL7 8AD", "DL7 8AD"},  {"dl78ad", "DL7 8AD"},    {"  dl7   8ad ", "DL7 8AD"},
      {"sw1a1aa", "SW1A 1AA"}, {"M1 1AE", "M1 1AE"},     {"b338th", "B33 8TH"},
      {"CR2 6XH", "CR2 6XH"},  {"ec1a 1bb", "EC1A 1BB"}, {"W1A 0AX", "W1A 0AX"},
      {"yo8\t4sp", "YO8 4SP"},
  };
  for (const auto& c : cases) {
    auto normal = NormaliseUkPostcode(c.in);
    ASSERT_TRUE(normal.has_value()) << c.in;
    EXPECT_EQ(*normal, c.out) << c.in;
  }
}

TEST(UkPostcode, RefusesWhatIsNotAFullPostcode) {
  for (const std::string& text :
       std::vector<std::string>{"", "DL7", "DL7 8", "DL7 8A", "QL7 8AD", "DL7 8CD", "DL7 8AD X",
                                "12345", "DL7-8AD", "DL78ADD", "not a postcode"}) {
    EXPECT_FALSE(NormaliseUkPostcode(text).has_value()) << text;
  }
}

TEST(CheckVenue, TrimsAndNormalisesAGoodVenue) {
  auto venue = CheckVenue({" northallerton-library ", " Northallerton Library ", "North", " URBAN ",
                           " Romanby ", "dl7 8ad"});
  ASSERT_TRUE(venue.ok()) << venue.ErrorText();
  EXPECT_EQ(venue->id, "northallerton-library");
  EXPECT_EQ(venue->name, "Northallerton Library");
  EXPECT_EQ(venue->area, "north");
  EXPECT_EQ(venue->settlement, "urban");
  EXPECT_EQ(venue->ward, "Romanby");
  EXPECT_EQ(venue->postcode, "DL7 8AD");
  auto bare = CheckVenue({"v_1", "Hall", "", "", "", ""});
  ASSERT_TRUE(bare.ok()) << bare.ErrorText();
  EXPECT_EQ(bare->postcode, "");
}

TEST(CheckVenue, NamesEveryFieldThatIsWrong) {
  auto venue = CheckVenue({"Bad Id", "", "east", "suburban", "Ward\nTwo", "nowhere"});
  ASSERT_FALSE(venue.ok());
  std::vector<std::string> paths;
  for (const auto& p : venue.problems()) paths.push_back(p.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"id", "name", "ward", "area", "settlement", "postcode"}));
  for (const auto& p : venue.problems()) {
    EXPECT_FALSE(p.message.empty()) << p.path;
  }
  EXPECT_NE(venue.problems()[3].message.find("\"north\" or \"south\""), std::string::npos);
}

TEST(CheckVenue, RefusesIdsThatAreNotPlain) {
  for (const std::string& id : std::vector<std::string>{
           "", "-lead", "Upper", "with space", "slash/ed", "dot.ted", std::string(65, 'a')}) {
    auto venue = CheckVenue({id, "Hall", "", "", "", ""});
    ASSERT_FALSE(venue.ok()) << id;
    EXPECT_EQ(venue.problems().front().path, "id") << id;
  }
  EXPECT_TRUE(CheckVenue({std::string(64, 'a'), "Hall", "", "", "", ""}).ok());
}

TEST(CheckVenue, LeavesAStoredIdAloneWhenAskedTo) {
  auto venue = CheckVenue({"Old Style Id", "Hall", "", "", "", ""}, false);
  ASSERT_TRUE(venue.ok()) << venue.ErrorText();
  EXPECT_EQ(venue->id, "Old Style Id");
}

}  // namespace
}  // namespace soundings::server
