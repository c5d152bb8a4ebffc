// Where a 360's comments go (issue 11): under the group's name, pooled as "other raters", or
// withheld; and what a rater is promised before answering.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/anonymity_promise.h"
#include "shared/results/comment_plan.h"
#include "shared/results/three_sixty.h"

namespace soundings {
namespace {

// Self 1/1, manager 1/3, peers 3/3, staff 3/4 (scores / comments from): ME2E's numbers.
Template Appraisal() {
  Template tmpl;
  tmpl.id = "me2e";
  tmpl.kind = TemplateKind::kAppraisal360;
  tmpl.languages = {"en"};
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
  tmpl.scales = {scale};
  tmpl.rater_groups = {{"self", {{"en", "Self"}}, 1, 1},
                       {"manager", {{"en", "Senior management"}}, 1, 3},
                       {"peer", {{"en", "Peers"}}, 3, 3},
                       {"staff", {{"en", "Staff"}}, 3, 4}};
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  Item a;
  a.id = "a";
  a.type = ItemType::kLikert;
  a.scale = "agree5";
  lead.items = {a};
  tmpl.sections = {lead};
  return tmpl;
}

const SuppressionEngine engine;

CommentPlan Plan(const Template& tmpl, int self, int manager, int peer, int staff) {
  std::vector<RaterResponse> responses;
  auto add = [&](const char* group, int count) {
    for (int i = 0; i < count; ++i) responses.push_back({group, {{"a", 4}}});
  };
  add("self", self);
  add("manager", manager);
  add("peer", peer);
  add("staff", staff);
  return PlanComments(tmpl, engine.Show360(tmpl, Compute360(tmpl, responses)), engine.policy());
}

// The placements of self, manager, peer, staff as one string: N(one) B(y name) P(ooled) W(ithheld).
std::string Placements(const CommentPlan& plan) {
  std::string out;
  for (const auto& g : plan.groups) out += "NBPW"[static_cast<int>(g.comments)];
  return out;
}

TEST(CommentPlan, EveryGroupAtItsMinimumShowsByNameAndNothingIsPooled) {
  const CommentPlan plan = Plan(Appraisal(), 1, 3, 3, 4);
  EXPECT_EQ(Placements(plan), "BBBB");
  EXPECT_TRUE(plan.pool.empty());
  EXPECT_FALSE(plan.pool_shown);
}

TEST(CommentPlan, AGroupWhoseScoresAreHiddenIsPooledWithTheSmallestShownGroup) {
  // Staff 2 (< 3) hidden; the lone manager hidden to protect them. Manager and staff alone are
  // 3 responses, under staff's comment minimum of 4, so the peers (3) join: 6 from 3 groups.
  const CommentPlan plan = Plan(Appraisal(), 1, 1, 3, 2);
  EXPECT_EQ(Placements(plan), "BPPP");
  EXPECT_TRUE(plan.pool_shown);
  EXPECT_EQ(plan.pool, (std::vector<std::string>{"manager", "peer", "staff"}));
  EXPECT_EQ(plan.pool_responses, 6);
  EXPECT_EQ(plan.pool_minimum, 4);
  const GroupDisclosure& manager = *plan.Find("manager");
  EXPECT_TRUE(manager.hidden_to_protect_another);
  EXPECT_EQ(manager.scores_hidden_below, 3);
  EXPECT_FALSE(plan.Find("staff")->hidden_to_protect_another);

  // The manager's words are never under "Senior management", and the pool mixes them, sorted.
  const ShownComments by_name = engine.Comments(plan, "manager", {"only I could say this"});
  EXPECT_TRUE(by_name.texts.empty());
  EXPECT_EQ(by_name.count.Render(), "fewer than 3*");
  const ShownComments pooled =
      engine.PooledComments(plan, {"zeal", "only I could say this", "apt"});
  EXPECT_EQ(pooled.texts, (std::vector<std::string>{"apt", "only I could say this", "zeal"}));
  EXPECT_EQ(pooled.count.Render(), "3");
  EXPECT_EQ(engine.Comments(plan, "self", {"mine"}).texts, std::vector<std::string>{"mine"});
}

TEST(CommentPlan, APoolThatCannotReachItsMinimumIsWithheld) {
  // Staff 2 and the manager 1 (hidden with them), no peers to pool with: 3 < 4.
  const CommentPlan plan = Plan(Appraisal(), 1, 1, 0, 2);
  EXPECT_EQ(Placements(plan), "BWNW");
  EXPECT_FALSE(plan.pool_shown);
  EXPECT_EQ(engine.PooledComments(plan, {"x"}).texts, std::vector<std::string>{});
  EXPECT_EQ(engine.PooledComments(plan, {"x"}).count.Render(), "fewer than 4*");
}

TEST(CommentPlan, AGroupLentToAPoolThatStillFailsKeepsItsOwnName) {
  Template tmpl = Appraisal();
  tmpl.rater_groups[3].comment_min_responses = 10;  // staff comments need 10
  // Staff 3: scores shown, comments under their minimum. Peers (3) join, 6 < 10: no pool, and
  // the peers, whose own comments were safe, are shown by name again.
  const CommentPlan plan = Plan(tmpl, 1, 0, 3, 3);
  EXPECT_EQ(Placements(plan), "BNBW");
  EXPECT_EQ(plan.pool, std::vector<std::string>{"staff"});
  EXPECT_EQ(plan.Find("staff")->scores_hidden_below, 0);
}

TEST(CommentPlan, ASinglePooledGroupIsNeverShownAsTheWholePool) {
  Template tmpl = Appraisal();
  tmpl.rater_groups[3].comment_min_responses = 5;  // staff 6 would reach it...
  tmpl.rater_groups[2].comment_min_responses = 9;  // ...peers 4 are under theirs
  // Peers pooled alone hold 4 < 9; staff (6) join: 10 >= 9 from two groups.
  const CommentPlan plan = Plan(tmpl, 0, 0, 4, 6);
  EXPECT_EQ(Placements(plan), "NNPP");
  EXPECT_TRUE(plan.pool_shown);
}

TEST(CommentPlan, ANamedGroupShowsByNameEvenWhenItsScoresAreHiddenAndIsNeverPooled) {
  Template tmpl = Appraisal();
  tmpl.rater_groups[1].named = true;  // HR chose: the line manager's words carry their name
  tmpl.rater_groups[1].comment_min_responses = 1;
  const CommentPlan plan = Plan(tmpl, 1, 1, 3, 2);
  EXPECT_EQ(Placements(plan), "BBPP");  // staff 2 + peers 3 = 5 >= 4
  EXPECT_EQ(engine.Comments(plan, "manager", {"said openly"}).texts,
            std::vector<std::string>{"said openly"});
  EXPECT_EQ(plan.pool, (std::vector<std::string>{"peer", "staff"}));
}

TEST(CommentPlan, SentencesSayWhatHappensToScoresAndWordsAndWhy) {
  const Template tmpl = Appraisal();
  const CommentPlan plan = Plan(tmpl, 1, 1, 3, 2);
  EXPECT_EQ(DisclosureSentence(tmpl, *plan.Find("self"), {}),
            "Scores shown. Comments shown as the subject's own.");
  EXPECT_EQ(DisclosureSentence(tmpl, *plan.Find("manager"), {"Peers", "Staff"}),
            "Scores not shown, so that another group's hidden scores cannot be worked out. "
            "Comments pooled with those of Peers and Staff under \"Other raters\", so none can "
            "be told apart.");
  EXPECT_EQ(DisclosureSentence(tmpl, *plan.Find("staff"), {"Senior management", "Peers"}),
            "Scores not shown: fewer than 3 responses. Comments pooled with those of Senior "
            "management and Peers under \"Other raters\", so none can be told apart.");
  const CommentPlan empty = Plan(tmpl, 0, 0, 0, 0);
  EXPECT_EQ(DisclosureSentence(tmpl, *empty.Find("peer"), {}), "No responses.");
  const CommentPlan withheld = Plan(tmpl, 1, 1, 0, 2);
  EXPECT_EQ(DisclosureSentence(tmpl, *withheld.Find("staff"), {}),
            "Scores not shown: fewer than 3 responses. Comments withheld: too few responses to "
            "keep them anonymous, even pooled with other groups'.");
}

TEST(AnonymityPromise, SaysPerGroupWhenScoresAndWordsAppearAndUnderWhichName) {
  Template tmpl = Appraisal();
  EXPECT_EQ(AnonymityPromise(tmpl, "self", "Ann"),
            "This is your own view of yourself: your report shows it as \u201cSelf\u201d, beside "
            "what others said.");
  const std::string staff = AnonymityPromise(tmpl, "staff", "Ann");
  EXPECT_NE(staff.find("only once at least 3 people in it have answered"), std::string::npos);
  EXPECT_NE(staff.find("only when at least 4 people in it have answered"), std::string::npos);
  EXPECT_NE(staff.find("\u201cOther raters\u201d"), std::string::npos);
  // One senior manager: the letter must not promise a crowd that is not there.
  const std::string manager = AnonymityPromise(tmpl, "manager", "Ann");
  EXPECT_NE(manager.find("even if you are the only one in it, so Ann may be able to tell"),
            std::string::npos);
  EXPECT_EQ(manager.find("pooled with others in your group"), std::string::npos);
  tmpl.rater_groups[1].named = true;
  EXPECT_NE(AnonymityPromise(tmpl, "manager", "Ann")
                .find("Your comments are shown under \u201cSenior management\u201d, so Ann will "
                      "know they are yours."),
            std::string::npos);
  EXPECT_EQ(AnonymityPromise(tmpl, "nobody", "Ann"),
            "Your answers count only in the average of all the people who describe Ann, and "
            "your comments are not shown.");
}

TEST(AnonymityPromise, SpeaksTheRatersLanguageWithTheGroupsOwnNumbersAndLabel) {
  Template tmpl = Appraisal();
  for (auto& group : tmpl.rater_groups) {
    if (group.id == "staff") group.label["cy"] = "Staff y tîm";
  }
  const std::string welsh = AnonymityPromise(tmpl, "staff", "Ann", "cy");
  EXPECT_NE(welsh.find("o leiaf 3 o bobl ynddo wedi ateb y dangosir eich sgoriau o dan "
                       "\u201cStaff y tîm\u201d"),
            std::string::npos)
      << welsh;
  EXPECT_NE(welsh.find("o leiaf 4 o bobl"), std::string::npos) << welsh;
  EXPECT_NE(welsh.find("\u201cGraddwyr eraill\u201d"), std::string::npos) << welsh;
  EXPECT_TRUE(welsh.ends_with("Nid oes neb yn cael ei enwi wrth ymyl ei atebion.")) << welsh;

  // Polish: its own quotation marks; the label falls back to English where the template has no
  // Polish; a count of answers reads the same after "co najmniej" for 3 and for 4.
  const std::string polish = AnonymityPromise(tmpl, "staff", "Ann", "pl");
  EXPECT_NE(polish.find("w grupie \u201eStaff\u201d dopiero wtedy, gdy b\u0119dzie w niej co "
                        "najmniej 3 odpowiedzi"),
            std::string::npos)
      << polish;
  EXPECT_NE(polish.find("co najmniej 4 odpowiedzi, a jej oceny"), std::string::npos) << polish;
  const std::string alone = AnonymityPromise(tmpl, "manager", "Ann", "pl");
  EXPECT_NE(alone.find("nawet je\u015bli jeste\u015b w niej jedyn\u0105 osob\u0105"),
            std::string::npos)
      << alone;
  EXPECT_EQ(AnonymityPromise(tmpl, "self", "Ann", "cy"),
            "Dyma eich barn chi amdanoch chi eich hun: mae eich adroddiad yn ei dangos fel "
            "\u201cSelf\u201d, ochr yn ochr \u00e2'r hyn a ddywedodd eraill.");
  // A language the promise has no wording for gets English.
  EXPECT_EQ(AnonymityPromise(tmpl, "staff", "Ann", "fr"), AnonymityPromise(tmpl, "staff", "Ann"));
}

}  // namespace
}  // namespace soundings
