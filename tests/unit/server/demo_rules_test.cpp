// The demo's answer rules (server/services/demo_rules.h): the bundled templates/demo files load
// and name only items their templates have, a broken file is refused with its path, and a rule
// draws from the dice exactly as written (a chance not reached is not drawn).
#include "server/services/demo_rules.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"

namespace soundings::server::demo {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::filesystem::path kTemplates = SOUNDINGS_TEMPLATE_DIR;

// Every item id of a template or module file, modules included.
std::set<std::string> ItemIds(const std::filesystem::path& file) {
  std::ifstream in(file);
  const json doc = json::parse(in);
  std::set<std::string> ids;
  const json sections = doc.value("sections", json::array());
  for (const auto& section : sections) {
    const json items = section.value("items", json::array());
    for (const auto& item : items) ids.insert(item["id"]);
  }
  const json included = doc.value("include", json::array());
  for (const auto& module : included) {
    for (const auto& item : ItemIds(kTemplates / "modules" / (module.get<std::string>() + ".json")))
      ids.insert(item);
  }
  return ids;
}

TEST(DemoRules, TheBundledFilesLoadAndNameOnlyItemsTheirTemplatesHave) {
  auto loaded = DemoAnswers::Load(kTemplates / "demo");
  ASSERT_TRUE(loaded.ok()) << loaded.ErrorText();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kTemplates / "demo")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::ifstream in(entry.path());
    const json doc = json::parse(in);
    const bool module = doc.contains("module");
    const std::string owner = module ? doc["module"] : doc["template"];
    EXPECT_TRUE(loaded->Has(owner)) << owner;
    const auto source =
        module ? kTemplates / "modules" / (owner + ".json") : kTemplates / (owner + ".json");
    ASSERT_TRUE(std::filesystem::exists(source)) << entry.path() << " answers no template";
    const std::set<std::string> ids = ItemIds(source);
    for (const char* key : {"items", "text"}) {
      const json listed = doc.value(key, json::object());
      for (const auto& [id, value] : listed.items()) {
        EXPECT_TRUE(ids.contains(id))
            << entry.path().filename() << ": " << key << "." << id << " is no item of " << owner;
      }
    }
  }
  EXPECT_EQ(files, 6);
}

TEST(DemoRules, AFileThatBreaksTheLanguageIsRefusedWithEachPath) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "a.json") << R"({"template": "t", "items": {
      "q1": [{"choose": {"x": 1}, "answer": "y"}],
      "q2": [{"when": {"chance": "often"}, "answer": 1}],
      "q3": [{"fact": "shoe_size"}]},
    "settings": {"skip_chanse": 0.1}})";
  auto loaded = DemoAnswers::Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  const std::string text = loaded.ErrorText();
  EXPECT_THAT(text, HasSubstr("demo/a.json: items.q1[0]: needs exactly one of"));
  EXPECT_THAT(text, HasSubstr("demo/a.json: items.q2[0].when.chance: must be a number"));
  EXPECT_THAT(text, HasSubstr("demo/a.json: items.q3[0].fact: must name a text fact"));
  EXPECT_THAT(text, HasSubstr("demo/a.json: settings.skip_chanse: is not a setting"));
  EXPECT_FALSE(DemoAnswers::Load(dir.path() / "missing").ok());
}

Item YesNo(const std::string& id) {
  Item item;
  item.id = id;
  item.type = ItemType::kYesNo;
  return item;
}

TEST(DemoRules, AChanceNotReachedIsNotDrawnAndFactsDecide) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "t.json") << R"({"template": "t", "items": {
      "safe": [{"test": {"all": ["disabled", {"chance": 0.5}]}}],
      "where": [{"when": {"is": ["area", "north"]}, "answer": "up"}, {"fact": "area"}],
      "count": [{"number": {"add": [2, {"mul": [4, "mood"]}]}, "clamp": [0, 3]}]}})";
  auto rules = DemoAnswers::Load(dir.path());
  ASSERT_TRUE(rules.ok()) << rules.ErrorText();

  Facts able;
  Dice dice(7);
  Dice untouched(7);
  EXPECT_EQ(rules->Answer("t", YesNo("safe"), dice, able), json(false));
  EXPECT_EQ(dice.Uniform(), untouched.Uniform()) << "the chance after a false fact was drawn";

  Facts disabled;
  disabled.disabled = true;
  Dice drawn(7);
  Dice reference(7);
  EXPECT_EQ(rules->Answer("t", YesNo("safe"), drawn, disabled), json(reference.Chance(0.5)));
  EXPECT_EQ(drawn.Uniform(), reference.Uniform());

  Facts south;
  south.text["area"] = "south";
  Facts north;
  north.text["area"] = "north";
  EXPECT_EQ(rules->Answer("t", YesNo("where"), dice, south), json("south"));
  EXPECT_EQ(rules->Answer("t", YesNo("where"), dice, north), json("up"));

  Facts happy;
  happy.mood = 1.0;
  EXPECT_EQ(rules->Answer("t", YesNo("count"), dice, happy), json(3)) << "2 + 4 clamped to 3";
  EXPECT_FALSE(rules->Answer("t", YesNo("unknown"), dice, happy).has_value());
  EXPECT_FALSE(rules->Answer("other", YesNo("safe"), dice, happy).has_value());
}

}  // namespace
}  // namespace soundings::server::demo
