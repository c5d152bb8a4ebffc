// Template validation: each malformed template is a small valid one with one thing broken, and
// must yield exactly one problem with its exact path and sentence.

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/templates/parser.h"

namespace soundings {
namespace {

using nlohmann::json;

const ModuleSource kModules{SOUNDINGS_FIXTURE_DIR "/templates/modules"};

// Small but touches every part of the language that the cases below break.
const char* const kBase = R"({
  "id": "base",
  "version": 2,
  "kind": "appraisal360",
  "languages": ["en", "cy"],
  "title": {"en": "Base", "cy": "Sylfaen"},
  "scales": [
    {"id": "agree3", "points": [
      {"value": 1, "label": {"en": "No", "cy": "Na"}},
      {"value": 2, "label": {"en": "Maybe", "cy": "Efallai"}},
      {"value": 3, "label": {"en": "Yes", "cy": "Ie"}}],
     "not_applicable": {"en": "N/A", "cy": "Amh"}}
  ],
  "rater_groups": [
    {"id": "self", "label": {"en": "Self", "cy": "Hunan"}, "min_responses": 1},
    {"id": "peer", "label": {"en": "Peer", "cy": "Cyfoed"}, "min_responses": 3,
     "comment_min_responses": 4}
  ],
  "sections": [
    {"id": "lead", "title": {"en": "Lead", "cy": "Arwain"}, "competency": true, "items": [
      {"id": "q1", "type": "likert", "scale": "agree3", "required": true,
       "text": {"en": "{subject} leads", "cy": "Mae {subject} yn arwain"},
       "text_by_group": {"self": {"en": "I lead", "cy": "Rwy'n arwain"}},
       "replaces": ["old_lead"]},
      {"id": "q2", "type": "single_choice", "text": {"en": "Pick", "cy": "Dewis"},
       "options": [{"value": "a", "label": {"en": "A", "cy": "A"}},
                   {"value": "b", "label": {"en": "B", "cy": "B"}}]},
      {"id": "q3", "type": "multiple_choice", "text": {"en": "Pick some", "cy": "Dewis rhai"},
       "options": [{"value": "a", "label": {"en": "A", "cy": "A"}},
                   {"value": "b", "label": {"en": "B", "cy": "B"}},
                   {"value": "c", "label": {"en": "C", "cy": "C"}}],
       "min_picks": 1, "max_picks": 2},
      {"id": "q4", "type": "number", "min": 0, "max": 10, "integer": true,
       "text": {"en": "How many", "cy": "Faint"}},
      {"id": "q5", "type": "matrix", "scale": "agree3", "text": {"en": "Rate", "cy": "Graddio"},
       "rows": [{"id": "r1", "text": {"en": "One", "cy": "Un"}},
                {"id": "r2", "text": {"en": "Two", "cy": "Dau"}, "reverse_scored": true}]},
      {"id": "q6", "type": "long_text", "comment": true, "max_length": 2000,
       "text": {"en": "Why", "cy": "Pam"}, "visible_if": "answered(q1) and q5.r1 >= 2"}
    ]},
    {"id": "more", "title": {"en": "More", "cy": "Mwy"}, "rater_groups": ["peer"], "items": [
      {"id": "q7", "type": "yes_no", "text": {"en": "Yes?", "cy": "Ie?"}, "rater_groups": ["peer"]}
    ]}
  ],
  "dropped": ["old_gone"]
})";

json Base() { return json::parse(kBase); }

Result<Template> ParsePatched(const json& patch) {
  return ParseTemplate(Base().patch(patch).dump(), kModules);
}

TEST(TemplateParser, BaseTemplateIsValid) {
  auto parsed = ParseTemplate(kBase, kModules);
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  const Template& t = *parsed;
  EXPECT_EQ(t.id, "base");
  EXPECT_EQ(t.version, 2);
  EXPECT_EQ(t.kind, TemplateKind::kAppraisal360);
  ASSERT_EQ(t.sections.size(), 2u);
  ASSERT_EQ(t.sections[0].items.size(), 6u);
  const Item& q1 = t.sections[0].items[0];
  EXPECT_EQ(q1.scale, "agree3");
  EXPECT_TRUE(q1.required);
  EXPECT_EQ(q1.Wording("self", "cy", "Ann"), "Rwy'n arwain");
  EXPECT_EQ(q1.Wording("peer", "en", "Ann"), "Ann leads");
  EXPECT_EQ(q1.replaces, std::vector<std::string>{"old_lead"});
  const Item& q3 = t.sections[0].items[2];
  EXPECT_EQ(q3.min_picks, 1);
  EXPECT_EQ(q3.max_picks, 2);
  const Item& q4 = t.sections[0].items[3];
  EXPECT_EQ(q4.min, 0);
  EXPECT_EQ(q4.max, 10);
  EXPECT_TRUE(q4.integer);
  EXPECT_TRUE(t.sections[0].items[4].rows[1].reverse_scored);
  EXPECT_EQ(t.sections[0].items[5].max_length, 2000);
  ASSERT_TRUE(t.sections[0].items[5].visible_if);
  EXPECT_EQ(t.sections[0].items[5].visible_if->Source(), "answered(q1) and q5.r1 >= 2");
  EXPECT_EQ(t.rater_groups[1].comment_min_responses, 4);
  EXPECT_FALSE(t.rater_groups[1].named);  // comments pooled, never named, unless told
  EXPECT_EQ(t.dropped, std::vector<std::string>{"old_gone"});
}

TEST(TemplateParser, DefaultsFollowTheReference) {
  auto parsed = ParsePatched(json::parse(R"j([
    {"op": "remove", "path": "/rater_groups/1/comment_min_responses"},
    {"op": "remove", "path": "/sections/0/items/5/max_length"},
    {"op": "remove", "path": "/sections/0/items/2/max_picks"},
    {"op": "remove", "path": "/sections/0/items/2/min_picks"},
    {"op": "replace", "path": "/rater_groups/1/min_responses", "value": 5}
  ])j"));
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_EQ(parsed->rater_groups[1].comment_min_responses, 5);  // max(3, min_responses)
  EXPECT_EQ(parsed->rater_groups[0].comment_min_responses, 3);
  EXPECT_EQ(parsed->sections[0].items[5].max_length, 4000);
  EXPECT_EQ(parsed->sections[0].items[2].min_picks, 0);
  EXPECT_FALSE(parsed->sections[0].items[2].max_picks.has_value());
}

TEST(TemplateParser, ARaterGroupMayBeNamed) {
  auto parsed = ParsePatched(
      json::parse(R"j([{"op": "add", "path": "/rater_groups/1/named", "value": true}])j"));
  ASSERT_TRUE(parsed.ok()) << parsed.ErrorText();
  EXPECT_TRUE(parsed->rater_groups[1].named);
  EXPECT_EQ(ToJson(*parsed)["rater_groups"][1]["named"], true);
  EXPECT_FALSE(ToJson(*parsed)["rater_groups"][0].contains("named"));  // false is the default
}

struct BadCase {
  const char* name;
  const char* patch;  // RFC 6902 patch applied to kBase
  const char* path;
  const char* message;
};

const BadCase kBadCases[] = {
    {"missing_id", R"j([{"op":"remove","path":"/id"}])j", "id", "required field is missing"},
    {"bad_template_id", R"j([{"op":"replace","path":"/id","value":"Base 1"}])j", "id",
     R"("Base 1" is not a valid id: an id starts with a lower case letter, then up to 63 lower case letters, digits, "-" or "_")"},
    {"version_zero", R"j([{"op":"replace","path":"/version","value":0}])j", "version",
     "must be at least 1, not 0"},
    {"version_string", R"j([{"op":"replace","path":"/version","value":"2"}])j", "version",
     R"(must be an integer, not "2")"},
    {"version_fraction", R"j([{"op":"replace","path":"/version","value":2.5}])j", "version",
     "must be an integer, not 2.5"},
    {"unknown_kind", R"j([{"op":"replace","path":"/kind","value":"appraisal"}])j", "kind",
     R"(unknown kind "appraisal" (known: appraisal360, self_assessment, consultation, module))"},
    {"no_languages", R"j([{"op":"replace","path":"/languages","value":[]}])j", "languages",
     "must list at least one language"},
    {"bad_language", R"j([{"op":"replace","path":"/languages/1","value":"Welsh"}])j",
     "languages[1]", R"("Welsh" is not a language code such as "en" or "cy")"},
    {"misspelt_top_field", R"j([{"op":"add","path":"/titel","value":{}}])j", "titel",
     R"(unknown field "titel" (did you mean "title"?))"},
    {"misspelt_item_field", R"j([{"op":"add","path":"/sections/0/items/1/requird","value":true}])j",
     "sections[0].items[1].requird", R"(unknown field "requird" (did you mean "required"?))"},
    {"unknown_field_far_from_any", R"j([{"op":"add","path":"/sections/0/colour","value":"red"}])j",
     "sections[0].colour", R"(unknown field "colour")"},
    {"missing_default_translation", R"j([{"op":"remove","path":"/title/en"}])j", "title",
     R"(missing the "en" translation (the first language must have every text))"},
    {"extra_translation", R"j([{"op":"add","path":"/sections/0/items/0/text/fr","value":"x"}])j",
     "sections[0].items[0].text.fr", R"("fr" is not one of the template's languages (en, cy))"},
    {"text_not_object", R"j([{"op":"replace","path":"/sections/0/title","value":"Lead"}])j",
     "sections[0].title", R"(must be an object, not "Lead")"},
    {"translation_not_string", R"j([{"op":"replace","path":"/title/en","value":3}])j", "title.en",
     "must be a string, not 3"},
    {"required_not_bool",
     R"j([{"op":"replace","path":"/sections/0/items/0/required","value":"yes"}])j",
     "sections[0].items[0].required", R"(must be true or false, not "yes")"},
    {"sections_not_list", R"j([{"op":"replace","path":"/sections","value":{}}])j", "sections",
     "must be a list, not an object"},
    {"no_sections", R"j([{"op":"replace","path":"/sections","value":[]}])j", "sections",
     "a template needs at least one section"},
    {"no_items", R"j([{"op":"replace","path":"/sections/1/items","value":[]}])j",
     "sections[1].items", "a section needs at least one item"},
    {"item_missing_type", R"j([{"op":"remove","path":"/sections/0/items/3/type"}])j",
     "sections[0].items[3].type", "required field is missing"},
    {"unknown_item_type",
     R"j([{"op":"replace","path":"/sections/1/items/0/type","value":"yesno"}])j",
     "sections[1].items[0].type",
     R"(unknown item type "yesno" (known: likert, single_choice, multiple_choice, rating, number, short_text, long_text, ranking, yes_no, matrix))"},
    {"field_of_other_type",
     R"j([{"op":"add","path":"/sections/0/items/1/scale","value":"agree3"}])j",
     "sections[0].items[1].scale", R"("scale" does not apply to single_choice items)"},
    {"bad_item_id", R"j([{"op":"replace","path":"/sections/0/items/1/id","value":"2q"}])j",
     "sections[0].items[1].id",
     R"("2q" is not a valid id: an id starts with a lower case letter, then up to 63 lower case letters, digits, "-" or "_")"},
    {"reserved_item_id",
     R"j([{"op":"replace","path":"/sections/1/items/0/id","value":"language"}])j",
     "sections[1].items[0].id",
     R"("language" is reserved by the expression language; choose another id)"},
    {"duplicate_scale",
     R"j([{"op":"add","path":"/scales/-","value":{"id":"agree3","points":[{"value":1,"label":{"en":"a","cy":"a"}},{"value":2,"label":{"en":"b","cy":"b"}}]}}])j",
     "scales[1].id", R"(duplicate scale id "agree3" (also at scales[0].id))"},
    {"duplicate_group",
     R"j([{"op":"add","path":"/rater_groups/-","value":{"id":"peer","label":{"en":"P","cy":"P"}}}])j",
     "rater_groups[2].id", R"(duplicate rater group id "peer" (also at rater_groups[1].id))"},
    {"duplicate_section", R"j([{"op":"replace","path":"/sections/1/id","value":"lead"}])j",
     "sections[1].id", R"(duplicate id "lead" (also the section at sections[0]))"},
    {"duplicate_item", R"j([{"op":"replace","path":"/sections/1/items/0/id","value":"q2"}])j",
     "sections[1].items[0].id", R"(duplicate id "q2" (also the item at sections[0].items[1]))"},
    {"item_id_is_section_id",
     R"j([{"op":"replace","path":"/sections/1/items/0/id","value":"lead"}])j",
     "sections[1].items[0].id", R"(duplicate id "lead" (also the section at sections[0]))"},
    {"duplicate_option",
     R"j([{"op":"replace","path":"/sections/0/items/2/options/2/value","value":"a"}])j",
     "sections[0].items[2].options[2].value",
     R"(duplicate option value "a" (also at sections[0].items[2].options[0]))"},
    {"reserved_option",
     R"j([{"op":"replace","path":"/sections/0/items/1/options/1/value","value":"prefer_not_to_say"}])j",
     "sections[0].items[1].options[1].value",
     R"("prefer_not_to_say" is reserved; set "prefer_not_to_say": true on the item instead)"},
    {"duplicate_row", R"j([{"op":"replace","path":"/sections/0/items/4/rows/1/id","value":"r1"}])j",
     "sections[0].items[4].rows[1].id",
     R"(duplicate row id "r1" (also at sections[0].items[4].rows[0]))"},
    {"unknown_scale", R"j([{"op":"replace","path":"/sections/0/items/0/scale","value":"agree7"}])j",
     "sections[0].items[0].scale", R"(unknown scale "agree7" (known: agree3))"},
    {"unknown_group_in_text_by_group",
     R"j([{"op":"add","path":"/sections/0/items/0/text_by_group/boss","value":{"en":"x","cy":"x"}}])j",
     "sections[0].items[0].text_by_group.boss",
     R"(unknown rater group "boss" (known: peer, self))"},
    {"unknown_group_in_item",
     R"j([{"op":"replace","path":"/sections/1/items/0/rater_groups/0","value":"staff"}])j",
     "sections[1].items[0].rater_groups[0]", R"(unknown rater group "staff" (known: peer, self))"},
    {"unknown_group_in_section",
     R"j([{"op":"replace","path":"/sections/1/rater_groups","value":["manager"]}])j",
     "sections[1].rater_groups[0]", R"(unknown rater group "manager" (known: peer, self))"},
    {"group_listed_twice",
     R"j([{"op":"replace","path":"/sections/1/rater_groups","value":["peer","peer"]}])j",
     "sections[1].rater_groups[1]", R"("peer" is listed twice)"},
    {"visible_if_not_string",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":true}])j",
     "sections[0].items[5].visible_if", "must be a string, not true"},
    {"visible_if_unknown_item",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"q9 == 1"}])j",
     "sections[0].items[5].visible_if", R"(names unknown item "q9")"},
    {"visible_if_names_section",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"answered(more)"}])j",
     "sections[0].items[5].visible_if", R"(names "more", which is a section, not an item)"},
    {"visible_if_unknown_row",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"q5.r3 == 1"}])j",
     "sections[0].items[5].visible_if", R"(names unknown row "r3" of matrix "q5" (rows: r1, r2))"},
    {"visible_if_row_of_non_matrix",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"q1.r1 == 1"}])j",
     "sections[0].items[5].visible_if",
     R"(names "q1.r1", but "q1" is a likert item, not a matrix)"},
    {"visible_if_on_itself",
     R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"answered(q6)"}])j",
     "sections[0].items[5].visible_if", "makes a cycle: q6 -> q6"},
    {"visible_if_cycle_of_three",
     R"j([{"op":"add","path":"/sections/0/items/3/visible_if","value":"q6 == \"x\""},
         {"op":"add","path":"/sections/0/items/1/visible_if","value":"q4 > 2"},
         {"op":"replace","path":"/sections/0/items/5/visible_if","value":"q2 == \"a\""}])j",
     "sections[0].items[1].visible_if", "makes a cycle: q2 -> q4 -> q6 -> q2"},
    {"section_visible_if_on_own_item",
     R"j([{"op":"add","path":"/sections/1/visible_if","value":"q7"}])j", "sections[1].visible_if",
     "makes a cycle: q7 -> section more -> q7"},
    {"section_visible_if_cycle_through_other_section",
     R"j([{"op":"add","path":"/sections/0/visible_if","value":"q7"},
         {"op":"add","path":"/sections/1/items/0/visible_if","value":"q2 == \"a\""}])j",
     "sections[0].visible_if", "makes a cycle: q2 -> section lead -> q7 -> q2"},
    {"scale_one_point",
     R"j([{"op":"replace","path":"/scales/0/points","value":[{"value":1,"label":{"en":"a","cy":"a"}}]}])j",
     "scales[0].points", "a scale needs at least two points, not 1"},
    {"scale_not_increasing", R"j([{"op":"replace","path":"/scales/0/points/2/value","value":2}])j",
     "scales[0].points[2].value",
     "must be greater than the previous point's value (2): values strictly increase"},
    {"matrix_no_rows", R"j([{"op":"replace","path":"/sections/0/items/4/rows","value":[]}])j",
     "sections[0].items[4].rows", "a matrix needs at least one row"},
    {"matrix_rows_missing", R"j([{"op":"remove","path":"/sections/0/items/4/rows"}])j",
     "sections[0].items[4].rows", "required field is missing"},
    {"number_min_above_max", R"j([{"op":"replace","path":"/sections/0/items/3/min","value":11}])j",
     "sections[0].items[3].min", "must not be greater than max (10)"},
    {"min_picks_above_max_picks",
     R"j([{"op":"replace","path":"/sections/0/items/2/min_picks","value":3}])j",
     "sections[0].items[2].min_picks", "must not be greater than max_picks (2)"},
    {"max_picks_above_options",
     R"j([{"op":"replace","path":"/sections/0/items/2/max_picks","value":4}])j",
     "sections[0].items[2].max_picks", "must not be greater than the number of options (3)"},
    {"min_picks_above_options",
     R"j([{"op":"remove","path":"/sections/0/items/2/max_picks"},{"op":"replace","path":"/sections/0/items/2/min_picks","value":4}])j",
     "sections[0].items[2].min_picks", "must not be greater than the number of options (3)"},
    {"one_option", R"j([{"op":"remove","path":"/sections/0/items/1/options/1"}])j",
     "sections[0].items[1].options", "needs at least two options, not 1"},
    {"max_length_too_big",
     R"j([{"op":"replace","path":"/sections/0/items/5/max_length","value":20000}])j",
     "sections[0].items[5].max_length", "must be between 1 and 10000, not 20000"},
    {"comment_min_below_min",
     R"j([{"op":"replace","path":"/rater_groups/1/comment_min_responses","value":2}])j",
     "rater_groups[1].comment_min_responses", "must be at least min_responses (3), not 2"},
    {"replaces_current_item",
     R"j([{"op":"add","path":"/sections/0/items/0/replaces/-","value":"q2"}])j",
     "sections[0].items[0].replaces[1]",
     R"("q2" is an item of this version; replaces may name only items of earlier versions)"},
    {"replaces_listed_twice",
     R"j([{"op":"add","path":"/sections/0/items/0/replaces/-","value":"old_lead"}])j",
     "sections[0].items[0].replaces[1]", R"("old_lead" is listed twice)"},
    {"replaced_and_dropped", R"j([{"op":"add","path":"/dropped/-","value":"old_lead"}])j",
     "dropped[1]", R"("old_lead" is both dropped and replaced (by item "q1"))"},
    {"dropped_current_item", R"j([{"op":"add","path":"/dropped/-","value":"q7"}])j", "dropped[1]",
     R"("q7" is an item of this version; dropped may name only items of earlier versions)"},
    {"appraisal_without_self", R"j([{"op":"replace","path":"/rater_groups/0/id","value":"manager"},
                                   {"op":"remove","path":"/sections/0/items/0/text_by_group"}])j",
     "rater_groups", R"(an appraisal360 template needs a "self" rater group)"},
    {"appraisal_only_self", R"j([{"op":"remove","path":"/rater_groups/1"},
                                {"op":"remove","path":"/sections/1/rater_groups"},
                                {"op":"remove","path":"/sections/1/items/0/rater_groups"}])j",
     "rater_groups", R"(an appraisal360 template needs at least one rater group besides "self")"},
    {"consultation_with_groups", R"j([{"op":"replace","path":"/kind","value":"consultation"}])j",
     "rater_groups", "a consultation has no rater groups: everyone answers alike"},
    {"rules_outside_module", R"j([{"op":"add","path":"/rules","value":{}}])j", "rules",
     "only modules have rules"},
    {"unknown_module", R"j([{"op":"add","path":"/include","value":["nowhere"]}])j", "include[0]",
     "unknown module \"nowhere\" (no file " SOUNDINGS_FIXTURE_DIR
     "/templates/modules/nowhere.json)"},
    {"language_listed_twice", R"j([{"op":"replace","path":"/languages/1","value":"en"}])j",
     "languages[1]", R"("en" is listed twice)"},
    {"appraisal_without_groups",
     R"j([{"op":"remove","path":"/rater_groups"},
         {"op":"remove","path":"/sections/0/items/0/text_by_group"},
         {"op":"remove","path":"/sections/1/rater_groups"},
         {"op":"remove","path":"/sections/1/items/0/rater_groups"}])j",
     "rater_groups", R"(an appraisal360 template needs rater groups, including "self")"},
    {"max_picks_zero", R"j([{"op":"replace","path":"/sections/0/items/2/max_picks","value":0}])j",
     "sections[0].items[2].max_picks", "must be at least 1, not 0"},
    {"likert_without_scale", R"j([{"op":"remove","path":"/sections/0/items/0/scale"}])j",
     "sections[0].items[0].scale", "required field is missing"},
    {"option_not_object",
     R"j([{"op":"replace","path":"/sections/0/items/2/options/1","value":"b"}])j",
     "sections[0].items[2].options[1]", R"(must be an object, not "b")"},
    {"section_visible_if_unknown_item",
     R"j([{"op":"add","path":"/sections/1/visible_if","value":"answered(zz)"}])j",
     "sections[1].visible_if", R"(names unknown item "zz")"},
    {"text_by_group_not_text",
     R"j([{"op":"replace","path":"/sections/0/items/0/text_by_group/self","value":"I lead"}])j",
     "sections[0].items[0].text_by_group.self", R"(must be an object, not "I lead")"},
    {"row_missing_translation",
     R"j([{"op":"remove","path":"/sections/0/items/4/rows/0/text/en"}])j",
     "sections[0].items[4].rows[0].text",
     R"(missing the "en" translation (the first language must have every text))"},
    {"version_too_large", R"j([{"op":"replace","path":"/version","value":99999999999}])j",
     "version", "is too large: at most 2147483647, not 99999999999"},
    {"keyword_section_id", R"j([{"op":"replace","path":"/sections/1/id","value":"not"}])j",
     "sections[1].id", R"("not" is reserved by the expression language; choose another id)"},
    {"named_not_boolean", R"j([{"op":"add","path":"/rater_groups/1/named","value":"yes"}])j",
     "rater_groups[1].named", R"(must be true or false, not "yes")"},
    {"string_too_long", R"j([{"op":"replace","path":"/title/en","value":"LONG"}])j", "title.en",
     "is longer than 10000 characters (10001)"},
};

class MalformedTemplate : public testing::TestWithParam<BadCase> {};

TEST_P(MalformedTemplate, ReportsExactlyItsProblem) {
  const BadCase& c = GetParam();
  json patch = json::parse(c.patch);
  for (auto& op : patch)
    if (op.contains("value") && op["value"] == "LONG") op["value"] = std::string(10001, 'x');
  auto parsed = ParsePatched(patch);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems(), (Problems{{c.path, c.message}})) << parsed.ErrorText();
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedTemplate, testing::ValuesIn(kBadCases),
                         [](const testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(TemplateParser, TableHasAtLeastThirtyFiveDistinctCases) {
  std::set<std::string> messages;
  for (const auto& c : kBadCases) messages.insert(std::string(c.path) + c.message);
  EXPECT_GE(messages.size(), 35u);
  EXPECT_EQ(messages.size(), std::size(kBadCases));
}

TEST(TemplateParser, ReportsEveryProblemAtOnce) {
  auto parsed = ParsePatched(json::parse(R"j([
    {"op":"replace","path":"/version","value":0},
    {"op":"replace","path":"/sections/0/items/0/scale","value":"agree7"},
    {"op":"remove","path":"/sections/1/title/en"},
    {"op":"replace","path":"/sections/0/items/5/visible_if","value":"q9 == 1"}
  ])j"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems(),
            (Problems{{"version", "must be at least 1, not 0"},
                      {"sections[1].title",
                       "missing the \"en\" translation (the first language must have every "
                       "text)"},
                      {"sections[0].items[0].scale", "unknown scale \"agree7\" (known: agree3)"},
                      {"sections[0].items[5].visible_if", "names unknown item \"q9\""}}));
}

TEST(TemplateParser, MalformedJsonNamesLineAndColumn) {
  auto parsed = ParseTemplate("{\n  \"id\": \"x\",\n  \"version\": 1,,\n}", kModules);
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].path, "");
  EXPECT_EQ(parsed.problems()[0].message.rfind("invalid JSON at line 3, column 16: ", 0), 0u)
      << parsed.problems()[0].message;
}

TEST(TemplateParser, RepeatedFieldIsReportedWithItsPath) {
  std::string text = Base().dump();
  const std::string q2 = R"({"id":"q2",)";
  text.replace(text.find(q2), q2.size(), R"({"id":"q2","text":{"en":"x","cy":"x"},)");
  text.replace(text.find(R"("dropped":)"), 0, R"("version":3,)");
  auto parsed = ParseTemplate(text, kModules);
  EXPECT_EQ(parsed.problems(),
            (Problems{{"sections[0].items[1].text",
                       "field \"text\" is given twice; only the last is kept"},
                      {"version", "field \"version\" is given twice; only the last is kept"}}))
      << parsed.ErrorText();
}

TEST(TemplateParser, NonObjectDocumentIsRefused) {
  auto parsed = ParseTemplate("[1, 2]", kModules);
  EXPECT_EQ(parsed.problems(), (Problems{{"", "a template must be a JSON object, not a list"}}));
}

TEST(TemplateParser, EmptyInputIsInvalidJson) {
  auto parsed = ParseTemplate("", kModules);
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].message.rfind("invalid JSON at line 1, column 1", 0), 0u)
      << parsed.problems()[0].message;
}

TEST(TemplateParser, InvalidUtf8IsInvalidJson) {
  std::string text = Base().dump();
  text.replace(text.find("Sylfaen"), 1, "\xC3\x28");
  auto parsed = ParseTemplate(text, kModules);
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].message.rfind("invalid JSON at line 1", 0), 0u)
      << parsed.problems()[0].message;
}

TEST(TemplateParser, NumberTooLargeForADoubleIsInvalidJson) {
  auto parsed = ParseTemplate(R"({"version": 1e999})", kModules);
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].message.rfind("invalid JSON", 0), 0u)
      << parsed.problems()[0].message;
}

TEST(TemplateLimits, NestingDeeperThan32IsRefusedBeforeParsing) {
  std::string deep = R"({"id": "x", "extra": )" + std::string(40, '[') + std::string(40, ']') + "}";
  auto parsed = ParseTemplate(deep, kModules);
  EXPECT_EQ(
      parsed.problems(),
      (Problems{{"", "invalid JSON at line 1, column 53: nesting is deeper than 32 levels"}}));
}

TEST(TemplateLimits, HugeNestingDoesNotCrash) {
  std::string deep(1'000'000, '[');
  auto parsed = ParseTemplate(deep, kModules);
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_NE(parsed.problems()[0].message.find("nesting is deeper than 32 levels"),
            std::string::npos);
}

TEST(TemplateLimits, NestingOf32IsAllowedAsFarAsLimitsGo) {
  // 31 brackets inside the top-level object: 32 levels in all.
  std::string text = R"({"id": "x", "extra": )" + std::string(31, '[') + std::string(31, ']') + "}";
  auto parsed = ParseTemplate(text, kModules);
  ASSERT_FALSE(parsed.ok());
  for (const auto& p : parsed.problems())
    EXPECT_EQ(p.message.find("nesting"), std::string::npos) << p.ToString();
}

TEST(TemplateLimits, DeepDocumentGivenAsJsonIsRefused) {
  json doc = Base();
  json deep = json::array();
  for (int i = 0; i < 40; ++i) deep = json::array({deep});
  doc["sections"][0]["items"][0]["help"] = {{"en", deep}, {"cy", "x"}};
  auto parsed = ParseTemplate(doc, kModules);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problems()[0].message, "nesting is deeper than 32 levels");
}

TEST(TemplateLimits, FileOverTwoMebibytesIsRefused) {
  std::string text = Base().dump();
  text.append(kMaxTemplateBytes, ' ');
  auto parsed = ParseTemplate(text, kModules);
  EXPECT_EQ(parsed.problems(),
            (Problems{{"", "the file is " + std::to_string(text.size()) +
                               " bytes; a template may be at most 2 MiB (2097152 bytes)"}}));
}

TEST(TemplateLimits, LengthCountsCharactersNotBytes) {
  json doc = Base();
  std::string welsh;
  for (int i = 0; i < 10000; ++i) welsh += "\xC5\xB5";  // ŵ: two bytes, one character
  doc["title"]["cy"] = welsh;
  EXPECT_TRUE(ParseTemplate(doc.dump(), kModules).ok());
  doc["title"]["cy"] = welsh + "w";
  EXPECT_EQ(ParseTemplate(doc.dump(), kModules).problems(),
            (Problems{{"title.cy", "is longer than 10000 characters (10001)"}}));
}

TEST(TemplateParser, ExpressionThatDoesNotParseIsReportedWithItsColumn) {
  auto parsed = ParsePatched(json::parse(
      R"j([{"op":"replace","path":"/sections/0/items/5/visible_if","value":"q1 >= (2"}])j"));
  ASSERT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems()[0].path, "sections[0].items[5].visible_if");
  EXPECT_EQ(parsed.problems()[0].message.rfind("cannot parse: at column ", 0), 0u)
      << parsed.problems()[0].message;
}

TEST(TemplateParser, BuiltInsNeedNoItem) {
  auto parsed =
      ParsePatched(json::parse(R"j([{"op":"replace","path":"/sections/0/items/5/visible_if",
      "value":"rater_group == \"self\" or language == \"cy\""}])j"));
  EXPECT_TRUE(parsed.ok()) << parsed.ErrorText();
}

TEST(TemplateParser, ItemMayDependOnLaterItems) {
  auto parsed = ParsePatched(
      json::parse(R"j([{"op":"add","path":"/sections/0/items/0/visible_if","value":"q7"}])j"));
  EXPECT_TRUE(parsed.ok()) << parsed.ErrorText();
}

}  // namespace
}  // namespace soundings
