// Redaction of personal details, the word splitter and the stemmers: table-driven, each case a
// sentence a resident might write.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/text/redaction.h"
#include "shared/text/stemmer.h"
#include "shared/text/unicode.h"
#include "shared/text/wordlists.h"

namespace soundings {
namespace {

struct RedactCase {
  std::string input;
  std::string expected;
};

class Redacts : public ::testing::TestWithParam<RedactCase> {};

TEST_P(Redacts, ReplacesTheDetailByItsToken) {
  EXPECT_EQ(RedactPersonalDetails(GetParam().input).text, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Redacts,
    ::testing::Values(
        // Emails, with the sentence's full stop kept.
        RedactCase{"Write to jane.doe+council@example.co.uk.", "Write to [email]."},
        RedactCase{"me@x.org or you@y.gov.uk", "[email] or [email]"},
        RedactCase{"not an email: @home, a@b, x@y.z", "not an email: @home, a@b, x@y.z"},
        // UK phone numbers in their usual spellings.
        RedactCase{"Ring 07700 900123 today", "Ring [phone] today"},
        RedactCase{"Ring 07700900123.", "Ring [phone]."},
        RedactCase{"office (020) 7946 0958 or 0161-496-0000", "office [phone] or [phone]"},
        RedactCase{"+44 7700 900123 and +44 (0)20 7946 0958", "[phone] and [phone]"},
        RedactCase{"0044 1632 960001", "[phone]"},
        RedactCase{"call 01632 960 001, ask for the desk", "call [phone], ask for the desk"},
        // Numbers that are not phone numbers stay.
        RedactCase{"We waited 45 minutes for the number 12 bus in 2026",
                   "We waited 45 minutes for the number 12 bus in 2026"},
        RedactCase{"ref 123456789012 and 0123", "ref 123456789012 and 0123"},
        // Postcodes in any case, with or without the space; outward codes alone stay.
        RedactCase{"I live at SW1A 1AA near the park", "I live at [postcode] near the park"},
        RedactCase{"m1 1ae and CR26XH", "[postcode] and [postcode]"},
        RedactCase{"the B4 road in the SW1A district", "the B4 road in the SW1A district"},
        // Names after a title, the title kept.
        RedactCase{"Cllr Smith promised a crossing", "Cllr [name] promised a crossing"},
        RedactCase{"Mrs. Jane Smith-Jones at the library", "Mrs. [name] at the library"},
        RedactCase{"Pani Kowalska z biblioteki pomogła", "Pani [name] z biblioteki pomogła"},
        // Listed first names, with a surname after them.
        RedactCase{"Ask David about it", "Ask [name] about it"},
        RedactCase{"Katarzyna Nowak prowadzi zajęcia", "[name] prowadzi zajęcia"},
        RedactCase{"Thanks to Gareth Evans and Siân", "Thanks to [name] and Siân"},
        // Ambiguous names need a capitalised word after them.
        RedactCase{"Rose Wilson runs the garden", "[name] runs the garden"},
        RedactCase{"The rose garden. Will it open? May is best.",
                   "The rose garden. Will it open? May is best."},
        RedactCase{"everything at once: Dr Patel, 07700 900123, dr.patel@nhs.net, LS1 4AP",
                   "everything at once: Dr [name], [phone], [email], [postcode]"}));

TEST(RedactPersonalDetails, ReportsWhatWasHiddenAndWhere) {
  const std::string text = "Mr Brown, 07700 900123";
  RedactedText out = RedactPersonalDetails(text);
  ASSERT_EQ(out.redactions.size(), 2u);
  EXPECT_EQ(out.Count(RedactionKind::kName), 1);
  EXPECT_EQ(out.Count(RedactionKind::kPhone), 1);
  EXPECT_EQ(out.Count(RedactionKind::kEmail), 0);
  EXPECT_EQ(text.substr(out.redactions[0].begin, out.redactions[0].end - out.redactions[0].begin),
            "Brown");
  EXPECT_STREQ(ToString(out.redactions[1].kind), "phone");
}

TEST(RedactPersonalDetails, KeepsInvalidUtf8AndEmptyText) {
  EXPECT_EQ(RedactPersonalDetails("").text, "");
  const std::string broken = "caf\xC3 \xFF ok";
  EXPECT_EQ(RedactPersonalDetails(broken).text, broken);
}

TEST(RedactPersonalDetails, UsesTheListItIsGiven) {
  FirstNames names;
  names.names = {"zebedee"};
  EXPECT_EQ(RedactPersonalDetails("Zebedee and David", names).text, "[name] and David");
}

TEST(SplitWords, LettersDigitsApostrophesAndPolishCase) {
  auto words = SplitWords("Don’t close ŁÓDŹ's library—2 times!");
  ASSERT_EQ(words.size(), 6u);
  EXPECT_EQ(words[0].text, "Don't");
  EXPECT_EQ(words[0].lower, "don't");
  EXPECT_TRUE(words[0].capitalised);
  EXPECT_EQ(words[2].lower, "łódź's");
  EXPECT_EQ(words[3].text, "library");
  EXPECT_EQ(words[4].text, "2");
  EXPECT_FALSE(words[4].has_letter);
  EXPECT_EQ(LowerUtf8("ZAŻÓŁĆ GĘŚLĄ JAŹŃ"), "zażółć gęślą jaźń");
  EXPECT_EQ(LowerUtf8("ŴŶ"), "ŵŷ");
}

TEST(Stemmer, SnowballForEnglishAndTheLightStemmerForPolish) {
  Stemmer english(TextLanguage::kEnglish);
  EXPECT_EQ(english.Name(), "snowball-english");
  EXPECT_EQ(english.Stem("parking"), "park");
  EXPECT_EQ(english.Stem("libraries"), english.Stem("library"));
  Stemmer polish(TextLanguage::kPolish);
  EXPECT_EQ(polish.Name(), "soundings-polish-light");
  for (const char* form : {"autobus", "autobusy", "autobusów", "autobusami", "autobusem"})
    EXPECT_EQ(polish.Stem(form), "autobus") << form;
  EXPECT_EQ(polish.Stem("śmieci"), polish.Stem("śmieciami"));
  EXPECT_EQ(polish.Stem("zielony"), polish.Stem("zielonych"));
  // Never below three letters: "dom" (house) and "domy" stay "dom".
  EXPECT_EQ(StemPolishLight("domy"), "dom");
  EXPECT_EQ(StemPolishLight("dom"), "dom");
}

TEST(WordLists, BundledListsAreLoadedAndParsed) {
  EXPECT_TRUE(Stopwords(TextLanguage::kEnglish).count("the"));
  EXPECT_TRUE(Stopwords(TextLanguage::kPolish).count("że"));
  EXPECT_FALSE(Stopwords(TextLanguage::kEnglish).count("parking"));
  EXPECT_TRUE(BundledFirstNames().names.count("katarzyna"));
  EXPECT_TRUE(BundledFirstNames().ambiguous.count("rose"));
  EXPECT_FALSE(BundledFirstNames().names.count("rose"));
  EXPECT_EQ(ParseWordList("# comment\n  Ąb  \n\n c\r\n"), (std::vector<std::string>{"ąb", "c"}));
  EXPECT_EQ(TextLanguageFromCode("pl"), TextLanguage::kPolish);
  EXPECT_FALSE(TextLanguageFromCode("cy").has_value());
}

}  // namespace
}  // namespace soundings
