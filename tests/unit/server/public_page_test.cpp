// The public page's figures (ComputePublicFigures) and its HTML (RenderPublicPageHtml) without a
// server: people not picks, the relations that keep a hidden count hidden, what the signed-in
// report already shows or hides, and what never reaches the page.
#include "server/reports/public_page.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "shared/templates/parser.h"

namespace soundings::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kTemplate = R"JSON({
 "id": "hall", "version": 1, "kind": "consultation", "languages": ["en"],
 "title": {"en": "Village hall"},
 "sections": [
  {"id": "use", "title": {"en": "Use"}, "items": [
   {"id": "uses", "type": "multiple_choice", "text": {"en": "Uses?"},
    "options": [{"value": "a", "label": {"en": "A"}}, {"value": "b", "label": {"en": "B"}},
                {"value": "c", "label": {"en": "C"}}]},
   {"id": "ok", "type": "yes_no", "text": {"en": "OK?"}}]},
  {"id": "you", "title": {"en": "You"}, "equality_monitoring": true, "items": [
   {"id": "age", "type": "single_choice", "text": {"en": "Age group?"},
    "options": [{"value": "young", "label": {"en": "Young"}},
                {"value": "old", "label": {"en": "Old"}}]}]}
 ]
})JSON";

Template Hall() {
  auto parsed = ParseTemplate(std::string_view(kTemplate), ModuleSource{});
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? *parsed : Template{};
}

// `n` responses with these answers.
void Add(std::vector<Answers>& out, int n, const Answers& answers) {
  for (int i = 0; i < n; ++i) out.push_back(answers);
}

PublicPageSettings WithFinding(const std::string& question, std::vector<std::string> values) {
  PublicPageSettings settings;
  settings.title = "Village hall";
  settings.findings.push_back({question, std::move(values), "", "Done."});
  return settings;
}

TEST(PublicFigures, AMultipleChoiceFindingCountsPeopleOncePerPerson) {
  const Template tmpl = Hall();
  std::vector<Answers> responses;
  Add(responses, 10, {{"uses", json{"a", "b"}}});
  Add(responses, 6, {{"uses", json{"b"}}});
  Add(responses, 7, {{"uses", json{"c"}}});
  const auto settings = WithFinding("uses", {"a", "b"});
  const SuppressionEngine engine;
  const PublicFigures figures = ComputePublicFigures(tmpl, responses, settings, json(), engine);
  ASSERT_EQ(figures.findings.size(), 1U);
  EXPECT_EQ(figures.At(figures.people).value(), 23);
  EXPECT_EQ(figures.At(figures.findings[0].answered).value(), 23);
  EXPECT_EQ(figures.At(figures.findings[0].chose).value(), 16) << "26 picks, 16 people";
}

TEST(PublicFigures, AFindingIsHiddenWhenTheReportsCountsWouldGiveAwayAFewWhoPickedBoth) {
  const Template tmpl = Hall();
  std::vector<Answers> responses;
  Add(responses, 2, {{"uses", json{"a", "b"}}});  // the few: "a and b" = a + b - (a or b)
  Add(responses, 8, {{"uses", json{"a"}}});
  Add(responses, 8, {{"uses", json{"b"}}});
  Add(responses, 7, {{"uses", json{"c"}}});
  const auto settings = WithFinding("uses", {"a", "b"});
  const SuppressionEngine engine;
  // Alone, the page may show 18 of 25.
  const PublicFigures alone = ComputePublicFigures(tmpl, responses, settings, json(), engine);
  EXPECT_EQ(alone.At(alone.findings[0].chose).value(), 18);
  // With the signed-in report showing a = 10 and b = 10, 18 would tell that 2 picked both.
  const json report = {{"questions",
                        {{{"id", "uses"},
                          {"distribution",
                           {{"counts",
                             {{{"value", "a"}, {"count", {{"value", 10}}}},
                              {{"value", "b"}, {"count", {{"value", 10}}}},
                              {{"value", "c"}, {"count", {{"value", 7}}}}}}}}}}}};
  const PublicFigures shared = ComputePublicFigures(tmpl, responses, settings, report, engine);
  EXPECT_TRUE(shared.At(shared.findings[0].chose).suppressed());
}

TEST(PublicFigures, AFewWhoAnsweredOtherwiseHideTheFindingButNobodySkippingHidesNothing) {
  const Template tmpl = Hall();
  std::vector<Answers> responses;
  Add(responses, 20, {{"ok", true}});
  Add(responses, 3, {{"ok", false}});
  const SuppressionEngine engine;
  const auto yes =
      ComputePublicFigures(tmpl, responses, WithFinding("ok", {"yes"}), json(), engine);
  // 3 said no: showing 20 of 23 would give them away.
  EXPECT_TRUE(yes.At(yes.findings[0].chose).suppressed() ||
              yes.At(yes.findings[0].answered).suppressed());
  std::vector<Answers> everyone_yes = responses;
  Add(everyone_yes, 2, {{"ok", false}});  // now 5 said no, and everyone answered
  const auto shown =
      ComputePublicFigures(tmpl, everyone_yes, WithFinding("ok", {"yes"}), json(), engine);
  EXPECT_EQ(shown.At(shown.findings[0].chose).value(), 20);
  EXPECT_EQ(shown.At(shown.findings[0].answered).value(), 25);
  EXPECT_EQ(shown.At(shown.people).value(), 25);
}

TEST(PublicFigures, AnEqualityMonitoringFindingIsNeverComputedButAProfileIs) {
  const Template tmpl = Hall();
  std::vector<Answers> responses;
  Add(responses, 6, {{"age", "young"}});
  Add(responses, 7, {{"age", "old"}});
  auto settings = WithFinding("age", {"old"});
  settings.profile = {"age"};
  const SuppressionEngine engine;
  const PublicFigures figures = ComputePublicFigures(tmpl, responses, settings, json(), engine);
  EXPECT_TRUE(figures.findings.empty());
  ASSERT_EQ(figures.profile.size(), 1U);
  EXPECT_EQ(figures.At(figures.profile[0].counts[0]).value(), 6);
  EXPECT_EQ(figures.At(figures.profile[0].counts[1]).value(), 7);

  PublicPageView view;
  view.organisation = "Testshire <Council>";
  view.opens_at = "2026-11-02T09:00:00Z";
  const std::string html = RenderPublicPageHtml(tmpl, settings, figures, view);
  EXPECT_THAT(html, HasSubstr("Testshire &lt;Council&gt;"));
  EXPECT_THAT(html, HasSubstr("From 2 November 2026"));
  EXPECT_THAT(html, Not(HasSubstr("<section class='app-finding'")));
  EXPECT_LT(html.find("id='you-said-we-did'"), html.find("id='who-took-part'"));
}

TEST(PublicPageContent, RoundTripsThroughItsStoredJsonAndIgnoresWhatItDidNotWrite) {
  PublicPageSettings settings = WithFinding("uses", {"a", "b"});
  settings.summary = "Thanks.";
  settings.contact = "a@b.example";
  settings.profile = {"age"};
  PublicPageSettings read;
  ReadContentJson(settings.ContentJson(), read);
  EXPECT_EQ(read.ContentJson(), settings.ContentJson());
  PublicPageSettings broken;
  ReadContentJson("not json", broken);
  ReadContentJson(R"({"findings": 3, "summary": 4})", broken);
  EXPECT_TRUE(broken.findings.empty());
  EXPECT_EQ(broken.summary, "");
}

TEST(PublicPageDates, ReadAsGovUkDates) {
  EXPECT_EQ(LongDate("2026-12-07T09:00:00Z"), "7 December 2026");
  EXPECT_EQ(LongDate(""), "");
  EXPECT_EQ(LongDate("2026-13-01T00:00:00Z"), "");
}

}  // namespace
}  // namespace soundings::server
