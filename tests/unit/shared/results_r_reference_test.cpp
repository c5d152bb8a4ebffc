// Item scores, scales, chi-square, ANOVA, Welch and Wilson against figures R computed once from
// the same data set (tests/fixtures/r: reference.R made dataset.csv and reference.txt). R is not
// needed here; every figure must agree to 1e-6.

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/association.h"
#include "shared/results/distributions.h"
#include "shared/results/scales.h"
#include "shared/results/statistics.h"
#include "test_templates.h"

namespace soundings {
namespace {

using test::En;
using test::Likert;
using test::MakeScale;
using test::MakeSection;
using test::SingleChoice;

constexpr double kR = 1e-6;
const std::string kDir = SOUNDINGS_FIXTURE_DIR "/r";

std::map<std::string, double> LoadReference() {
  std::ifstream in(kDir + "/reference.txt");
  std::map<std::string, double> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key;
    double value = 0;
    fields >> key >> value;
    out[key] = value;
  }
  return out;
}

// dataset.csv: "area","tenure","i1",...,"i5"; an empty cell is a skipped item.
std::vector<Answers> LoadDataset() {
  std::ifstream in(kDir + "/dataset.csv");
  std::vector<Answers> out;
  std::string line;
  std::getline(in, line);  // header
  const std::vector<std::string> columns = {"area", "tenure", "i1", "i2", "i3", "i4", "i5"};
  while (std::getline(in, line)) {
    Answers answers;
    std::istringstream cells(line);
    std::string cell;
    for (std::size_t c = 0; c < columns.size() && std::getline(cells, cell, ','); ++c) {
      if (cell.empty()) continue;
      if (cell.front() == '"') {
        answers[columns[c]] = cell.substr(1, cell.size() - 2);
      } else {
        answers[columns[c]] = std::stoi(cell);
      }
    }
    out.push_back(std::move(answers));
  }
  return out;
}

// Five six-point items forming the scale "trust", i3 reverse-keyed, and two segments.
Template MakeDatasetTemplate() {
  Item i3 = Likert("i3", "agree6");
  i3.reverse_scored = true;
  Section trust = MakeSection("trust", {Likert("i1", "agree6"), Likert("i2", "agree6"), i3,
                                        Likert("i4", "agree6"), Likert("i5", "agree6")});
  trust.scale_score = true;
  Section about = MakeSection("about", {SingleChoice("area", {"north", "south", "east", "west"}),
                                        SingleChoice("tenure", {"own", "rent", "other"})});
  Template tmpl = test::MakeTemplate({trust, about});
  tmpl.scales.push_back(MakeScale("agree6", {1, 2, 3, 4, 5, 6}, true));
  return tmpl;
}

class RReference : public ::testing::Test {
 protected:
  void SetUp() override {
    ref = LoadReference();
    responses = LoadDataset();
    ASSERT_EQ(responses.size(), 300u);
    ASSERT_GT(ref.size(), 100u);
  }
  double R(const std::string& key) const {
    auto it = ref.find(key);
    EXPECT_NE(it, ref.end()) << key << " is not in reference.txt";
    return it == ref.end() ? 0 : it->second;
  }
  std::map<std::string, double> ref;
  std::vector<Answers> responses;
  Template tmpl = MakeDatasetTemplate();
};

TEST_F(RReference, ItemScoresAndWilsonIntervalsMatchR) {
  for (const std::string key : {"i1", "i2", "i3", "i4", "i5"}) {
    SCOPED_TRACE(key);
    auto item = ScoreItem(tmpl, key, RefsOf(responses));
    ASSERT_TRUE(item.ok()) << item.ErrorText();
    EXPECT_EQ(item->reverse_scored, key == "i3");
    EXPECT_EQ(item->summary.n, static_cast<int>(R(key + ".n")));
    EXPECT_NEAR(*item->summary.mean, R(key + ".mean"), kR);
    EXPECT_NEAR(*item->summary.sd, R(key + ".sd"), kR);
    EXPECT_EQ(item->top2.count, static_cast<int>(R(key + ".top2")));
    EXPECT_NEAR(item->top2.interval->low, R(key + ".top2.low"), kR);
    EXPECT_NEAR(item->top2.interval->high, R(key + ".top2.high"), kR);
    EXPECT_EQ(item->bottom2.count, static_cast<int>(R(key + ".bottom2")));
    EXPECT_NEAR(item->bottom2.interval->low, R(key + ".bottom2.low"), kR);
    EXPECT_NEAR(item->bottom2.interval->high, R(key + ".bottom2.high"), kR);
  }
}

TEST_F(RReference, ScaleScoreAlphaAndAlphaIfDeletedMatchR) {
  auto scale = SummariseScale(tmpl, "trust", RefsOf(responses));
  ASSERT_TRUE(scale.ok()) << scale.ErrorText();
  EXPECT_EQ(scale->min_answered, 3);
  EXPECT_EQ(scale->scores.n, static_cast<int>(R("scale.n")));
  EXPECT_NEAR(*scale->scores.mean, R("scale.mean"), kR);
  EXPECT_NEAR(*scale->scores.sd, R("scale.sd"), kR);
  EXPECT_EQ(scale->too_few_items, static_cast<int>(R("scale.too_few")));
  EXPECT_EQ(scale->alpha_n, static_cast<int>(R("alpha.n")));
  EXPECT_NEAR(*scale->alpha, R("alpha"), kR);
  ASSERT_EQ(scale->if_deleted.size(), 5u);
  for (const auto& deleted : scale->if_deleted) {
    SCOPED_TRACE(deleted.key);
    EXPECT_NEAR(*deleted.alpha, R("alpha.without." + deleted.key), kR);
    EXPECT_NEAR(*deleted.item_rest_correlation, R("item_rest." + deleted.key), kR);
  }
}

TEST_F(RReference, ScaleByAreaIntervalsAnovaAndWelchMatchR) {
  auto split = ValuesBySegment(tmpl, "trust", "area", RefsOf(responses));
  ASSERT_TRUE(split.ok()) << split.ErrorText();
  EXPECT_EQ(split->question_kind, "scale");
  auto means = CompareMeans(split->segments, split->values);
  ASSERT_TRUE(means.ok());
  ASSERT_EQ(means->groups.size(), 4u);
  for (const auto& group : means->groups) {
    SCOPED_TRACE(group.segment);
    const std::string key = "area." + group.segment;
    EXPECT_EQ(group.n, static_cast<int>(R(key + ".n")));
    EXPECT_NEAR(*group.mean, R(key + ".mean"), kR);
    EXPECT_NEAR(*group.sd, R(key + ".sd"), kR);
    EXPECT_NEAR(group.interval95->low, R(key + ".low"), kR);
    EXPECT_NEAR(group.interval95->high, R(key + ".high"), kR);
  }
  ASSERT_EQ(means->anova_state, TestState::kComputed);
  EXPECT_NEAR(means->anova->f, R("anova.f"), kR);
  EXPECT_EQ(means->anova->df_between, static_cast<int>(R("anova.df1")));
  EXPECT_EQ(means->anova->df_within, static_cast<int>(R("anova.df2")));
  EXPECT_NEAR(means->anova->p_value, R("anova.p"), kR);
  EXPECT_NEAR(means->anova->eta_squared, R("anova.eta2"), kR);
  ASSERT_EQ(means->welch_state, TestState::kComputed);
  EXPECT_NEAR(means->welch->f, R("welch.f"), kR);
  EXPECT_NEAR(means->welch->df1, R("welch.df1"), kR);
  EXPECT_NEAR(means->welch->df2, R("welch.df2"), kR);
  EXPECT_NEAR(means->welch->p_value, R("welch.p"), kR);
}

TEST_F(RReference, ChiSquareAndCramersVMatchRAndCochranDecidesTheState) {
  auto table = BuildContingencyTable(tmpl, "tenure", "area", RefsOf(responses));
  ASSERT_TRUE(table.ok());
  auto test = TestCrossTab(table->counts);
  ASSERT_TRUE(test.ok());
  // One expected count of twelve (8 %) is under 5 and none under 1: Cochran's rule holds.
  EXPECT_EQ(test->state, TestState::kComputed);
  EXPECT_NEAR(test->chi_square->statistic, R("chisq.statistic"), kR);
  EXPECT_EQ(test->chi_square->df, static_cast<int>(R("chisq.df")));
  EXPECT_NEAR(test->chi_square->p_value, R("chisq.p"), kR);
  EXPECT_NEAR(test->chi_square->min_expected, R("chisq.min_expected"), kR);
  EXPECT_NEAR(test->chi_square->cramers_v, R("chisq.cramers_v"), kR);

  // i1's six points by area: a quarter of the expected counts are under 5, so the state says
  // so, while the figures themselves still agree with R.
  auto items = BuildContingencyTable(tmpl, "i1", "area", RefsOf(responses));
  ASSERT_TRUE(items.ok());
  auto small = TestCrossTab(items->counts);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->state, TestState::kExpectedCountsTooSmall);
  EXPECT_NEAR(small->chi_square->statistic, R("chisq_i1.statistic"), kR);
  EXPECT_EQ(small->chi_square->df, static_cast<int>(R("chisq_i1.df")));
  EXPECT_NEAR(small->chi_square->p_value, R("chisq_i1.p"), kR);
  EXPECT_NEAR(small->chi_square->share_expected_below_5, R("chisq_i1.share_below_5"), kR);
  EXPECT_NEAR(small->chi_square->cramers_v, R("chisq_i1.cramers_v"), kR);
}

TEST_F(RReference, DistributionFunctionsMatchR) {
  for (int df : {1, 5, 30, 40, 120})
    EXPECT_NEAR(StudentTQuantile(0.975, df), R("qt975." + std::to_string(df)), kR) << df;
  EXPECT_NEAR(StudentTQuantile(0.975, 7.5), R("qt975.7.5"), kR);
  EXPECT_NEAR(StudentTUpperTail(2.1, 9), R("pt.2.1.df9"), kR);
  EXPECT_NEAR(FUpperTail(3.2, 2, 40), R("pf.3.2.df2.40"), kR);
  EXPECT_NEAR(FUpperTail(0.5, 3, 17.25), R("pf.0.5.df3.17.25"), kR);
  EXPECT_NEAR(RegularisedIncompleteBeta(2.5, 4, 0.3), R("pbeta.0.3.2.5.4"), kR);
}

}  // namespace
}  // namespace soundings
