// RoundForReport: a figure that lies on a half rounds the same way whichever order its answers
// were added in, and halves go away from zero.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/rounding.h"
#include "shared/results/suppression.h"

namespace soundings {
namespace {

TEST(RoundForReport, AHalfRoundsAwayFromZeroWhateverItsLastBits) {
  // 3.245 is 649 / 200: neither 3.245 nor the two sums below is exact in binary, and the plain
  // std::round(x * 100) / 100 gives 3.24 for some of them and 3.25 for others.
  const double below = 3.2449999999999997;
  const double above = 3.2450000000000001;
  EXPECT_EQ(RoundForReport(below, 2), 3.25);
  EXPECT_EQ(RoundForReport(above, 2), 3.25);
  EXPECT_EQ(RoundForReport(649.0 / 200.0, 2), 3.25);
  EXPECT_EQ(RoundForReport(-649.0 / 200.0, 2), -3.25);
  EXPECT_EQ(RoundForReport(0.125, 2), 0.13);
  EXPECT_EQ(RoundForReport(62.45, 1), 62.5);
}

TEST(RoundForReport, SumsOfTheSameNumbersInAnyOrderRoundAlike) {
  // Means of 1..5 points with 40 respondents: every order of adding must print the same figure.
  const std::vector<double> points = {3, 4, 2, 5, 3, 3, 4, 1, 5, 2, 3, 4, 4, 2, 3, 5, 1, 3, 4, 2,
                                      3, 3, 4, 5, 2, 3, 4, 3, 2, 4, 3, 5, 1, 3, 4, 2, 3, 4, 3, 2};
  double forward = 0;
  for (double p : points) forward += p / 40.0;
  double backward = 0;
  for (auto it = points.rbegin(); it != points.rend(); ++it) backward += *it / 40.0;
  EXPECT_EQ(RoundForReport(forward, 2), RoundForReport(backward, 2));
  EXPECT_EQ(RoundForReport(forward, 1), RoundForReport(backward, 1));
}

TEST(RoundForReport, KeepsWholeNumbersAndNonFiniteValues) {
  EXPECT_EQ(RoundForReport(4.0, 2), 4.0);
  EXPECT_EQ(RoundForReport(0.0, 0), 0.0);
  EXPECT_EQ(RoundForReport(2.5, 0), 3.0);
  EXPECT_TRUE(std::isnan(RoundForReport(std::nan(""), 2)));
}

TEST(RoundForReport, CellValueJsonAndTextAgreeOnAHalf) {
  // 649 / 200 = 3.245 through the engine's Ratio, as a mean of 649 points over 200 answers.
  SuppressionEngine engine;
  const auto counts = engine.Distribution({"points", "answers"}, {649, 200}).counts;
  const CellValue mean = engine.Ratio(counts[0], counts[1], 1.0);
  ASSERT_TRUE(mean.shown());
  EXPECT_EQ(mean.ToJson(2)["value"], 3.25);
  EXPECT_EQ(mean.Render(2), "3.25");
  EXPECT_EQ(engine.Ratio(counts[1], counts[0], 100.0).Render(1), "30.8");
}

}  // namespace
}  // namespace soundings
