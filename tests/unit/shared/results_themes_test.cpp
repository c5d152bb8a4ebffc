// Local theming on fixed English and Polish corpora (tests/fixtures/comments): comments about the
// same thing land in one theme, keyphrases read as residents wrote them, and the result is the
// same in every run and for every input order.

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/themes.h"

namespace soundings {
namespace {

struct Labelled {
  std::vector<Comment> comments;
  std::map<std::string, std::string> label;  // id -> expected theme, "-" for none
};

Labelled LoadCorpus(const std::string& name) {
  std::ifstream in(std::string(SOUNDINGS_FIXTURE_DIR "/comments/") + name);
  Labelled out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string id, label, text;
    std::getline(fields, id, '\t');
    std::getline(fields, label, '\t');
    std::getline(fields, text);
    out.comments.push_back({id, text});
    out.label[id] = label;
  }
  return out;
}

std::string Describe(const ThemeResult& result) {
  std::ostringstream out;
  for (const auto& theme : result.themes) {
    out << theme.id << ":";
    for (const auto& k : theme.keyphrases) out << " " << k.text << "(" << k.stem << ")";
    out << " |";
    for (const auto& id : theme.comment_ids) out << " " << id;
    out << "\n";
  }
  out << "other:";
  for (const auto& id : result.other) out << " " << id;
  return out.str();
}

// Asserts that comments with one label share a theme, that different labels never do, and that
// the unlabelled ("-") comments that are not about anything stay in "other".
void ExpectGroupsMatchLabels(const Labelled& corpus, const ThemeResult& result,
                             const std::set<std::string>& expected_other) {
  std::map<std::string, int> theme_of;
  for (std::size_t c = 0; c < corpus.comments.size(); ++c)
    theme_of[corpus.comments[c].id] = result.theme_of[c];
  std::map<std::string, std::set<int>> themes_of_label;
  for (const auto& [id, label] : corpus.label)
    if (label != "-") themes_of_label[label].insert(theme_of[id]);
  std::set<int> used;
  for (const auto& [label, themes] : themes_of_label) {
    ASSERT_EQ(themes.size(), 1u) << label << " is split:\n" << Describe(result);
    EXPECT_GE(*themes.begin(), 0) << label << " is in other:\n" << Describe(result);
    EXPECT_TRUE(used.insert(*themes.begin()).second)
        << label << " shares a theme with another label:\n"
        << Describe(result);
  }
  EXPECT_EQ(result.themes.size(), themes_of_label.size()) << Describe(result);
  for (const auto& id : expected_other) EXPECT_EQ(theme_of[id], -1) << id;
}

// The keyphrase texts of the theme holding comment `id`.
std::vector<std::string> KeyphrasesOfThemeWith(const Labelled& corpus, const ThemeResult& result,
                                               const std::string& id) {
  for (std::size_t c = 0; c < corpus.comments.size(); ++c) {
    if (corpus.comments[c].id != id || result.theme_of[c] < 0) continue;
    std::vector<std::string> out;
    for (const auto& k : result.themes[static_cast<std::size_t>(result.theme_of[c])].keyphrases)
      out.push_back(k.text);
    return out;
  }
  return {};
}

TEST(ThemeComments, EnglishCommentsGroupIntoParkingBinsLibraryAndBuses) {
  const Labelled corpus = LoadCorpus("en.tsv");
  ASSERT_EQ(corpus.comments.size(), 24u);
  auto result = ThemeComments(corpus.comments);
  ASSERT_TRUE(result.ok()) << result.ErrorText();
  EXPECT_EQ(result->language, "en");
  EXPECT_EQ(result->stemmer, "snowball-english");
  ExpectGroupsMatchLabels(corpus, *result, {"en22", "en23", "en24"});
  // Keyphrases are the residents' own words, most frequent form first: "parked", "parking" and
  // "park" share the stem "park" and read "parking".
  auto parking = KeyphrasesOfThemeWith(corpus, *result, "en01");
  ASSERT_FALSE(parking.empty());
  EXPECT_EQ(parking.front(), "parking");
  auto library = KeyphrasesOfThemeWith(corpus, *result, "en12");
  EXPECT_NE(std::find(library.begin(), library.end(), "library"), library.end());
  auto bins = KeyphrasesOfThemeWith(corpus, *result, "en07");
  EXPECT_NE(std::find(bins.begin(), bins.end(), "rubbish"), bins.end());
  EXPECT_EQ(result->themes[0].id, "theme-1");
  EXPECT_EQ(result->themes[0].comment_ids.size(), 6u);  // parking is the largest
}

TEST(ThemeComments, PolishCommentsGroupWithTheLightStemmer) {
  const Labelled corpus = LoadCorpus("pl.tsv");
  ASSERT_EQ(corpus.comments.size(), 22u);
  ThemeOptions options;
  options.language = TextLanguage::kPolish;
  auto result = ThemeComments(corpus.comments, options);
  ASSERT_TRUE(result.ok()) << result.ErrorText();
  EXPECT_EQ(result->stemmer, "soundings-polish-light");
  ExpectGroupsMatchLabels(corpus, *result, {"pl21", "pl22"});
  // "śmieci", "śmieciami" and "Śmieci" are one term, shown as residents wrote it most.
  auto rubbish = KeyphrasesOfThemeWith(corpus, *result, "pl06");
  ASSERT_FALSE(rubbish.empty());
  EXPECT_EQ(rubbish.front(), "śmieci");
  // "autobus", "autobusy", "autobusów", "autobusami" are one term; "autobus" and "autobusy" are
  // written three times each, and a tie goes to the first form alphabetically.
  auto buses = KeyphrasesOfThemeWith(corpus, *result, "pl16");
  ASSERT_FALSE(buses.empty());
  EXPECT_EQ(buses.front(), "autobus");
}

TEST(ThemeComments, SameResultInEveryRunAndEveryInputOrder) {
  for (const auto& [file, language] :
       {std::pair{"en.tsv", TextLanguage::kEnglish}, std::pair{"pl.tsv", TextLanguage::kPolish}}) {
    SCOPED_TRACE(file);
    const Labelled corpus = LoadCorpus(file);
    ThemeOptions options;
    options.language = language;
    auto first = ThemeComments(corpus.comments, options);
    ASSERT_TRUE(first.ok());
    std::map<std::string, int> first_theme_of;
    for (std::size_t c = 0; c < corpus.comments.size(); ++c)
      first_theme_of[corpus.comments[c].id] = first->theme_of[c];
    std::mt19937 random(20261206);
    for (int round = 0; round < 6; ++round) {
      std::vector<Comment> shuffled = corpus.comments;
      if (round > 0) std::shuffle(shuffled.begin(), shuffled.end(), random);
      auto again = ThemeComments(shuffled, options);
      ASSERT_TRUE(again.ok());
      ASSERT_EQ(again->themes.size(), first->themes.size());
      for (std::size_t t = 0; t < first->themes.size(); ++t) {
        EXPECT_EQ(again->themes[t].id, first->themes[t].id);
        EXPECT_EQ(again->themes[t].comment_ids, first->themes[t].comment_ids);
        ASSERT_EQ(again->themes[t].keyphrases.size(), first->themes[t].keyphrases.size());
        for (std::size_t k = 0; k < first->themes[t].keyphrases.size(); ++k) {
          EXPECT_EQ(again->themes[t].keyphrases[k].text, first->themes[t].keyphrases[k].text);
          EXPECT_EQ(again->themes[t].keyphrases[k].weight, first->themes[t].keyphrases[k].weight);
        }
      }
      EXPECT_EQ(again->other, first->other);
      for (std::size_t c = 0; c < shuffled.size(); ++c)
        EXPECT_EQ(again->theme_of[c], first_theme_of[shuffled[c].id]) << shuffled[c].id;
    }
  }
}

TEST(ThemeComments, PersonalDetailsNeverBecomeKeyphrases) {
  // Two comments naming the same person: without redaction "jane" and "doe" would be the shared
  // terms that make a theme.
  std::vector<Comment> comments = {{"a", "Jane Doe at the desk was rude, ring 07700 900123."},
                                   {"b", "Ask for Jane Doe, she never answers 07700 900123."},
                                   {"c", "Jane Doe again, email jane.doe@example.org"}};
  auto redacted = ThemeComments(comments);
  ASSERT_TRUE(redacted.ok());
  EXPECT_TRUE(redacted->themes.empty());
  EXPECT_EQ(redacted->other, (std::vector<std::string>{"a", "b", "c"}));
  ThemeOptions raw;
  raw.redact = false;
  auto unredacted = ThemeComments(comments, raw);
  ASSERT_TRUE(unredacted.ok());
  ASSERT_EQ(unredacted->themes.size(), 1u);  // so the redaction is what kept them apart
}

TEST(ThemeComments, LimitsAndBadInput) {
  EXPECT_TRUE(ThemeComments({})->themes.empty());
  auto twice = ThemeComments({{"x", "bins"}, {"x", "bins again"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.problems()[0].message, "two comments have this id; each needs its own");
  ThemeOptions small;
  small.max_comments = 1;
  auto many = ThemeComments({{"a", "one"}, {"b", "two"}}, small);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.problems()[0].message, "there are 2 comments; theming takes at most 1 at once");
  ThemeOptions none;
  none.max_themes = 0;
  EXPECT_FALSE(ThemeComments({{"a", "one"}}, none).ok());
  // max_themes keeps the largest: the English corpus cut to two themes keeps parking (6) first.
  ThemeOptions two;
  two.max_themes = 2;
  auto cut = ThemeComments(LoadCorpus("en.tsv").comments, two);
  ASSERT_TRUE(cut.ok());
  ASSERT_EQ(cut->themes.size(), 2u);
  EXPECT_EQ(cut->themes[0].comment_ids.front(), "en01");
}

}  // namespace
}  // namespace soundings
