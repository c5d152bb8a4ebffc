#include "shared/text/stemmer.h"

#include <array>
#include <string>

#include <libstemmer.h>

#include "shared/text/unicode.h"

namespace soundings {

namespace {

// Polish inflectional endings of nouns and adjectives (and a few verb endings), longest first so
// "ami" wins over "i". Only endings: no alternations (droga / drodze stay apart).
constexpr std::array<std::string_view, 50> kPolishEndings = {
    "owaniami", "owaniach", "ościami", "ościach", "owanie", "owania", "owaniu", "iami", "iach",
    "owie",     "ości",     "ością",   "ach",     "ami",    "ego",    "emu",    "ych",  "ymi",
    "imi",      "ich",      "iej",     "iem",     "iom",    "iów",    "owi",    "ową",  "owe",
    "owy",      "ów",       "om",      "em",      "ej",     "ie",     "ia",     "ii",   "ią",
    "ię",       "io",       "iu",      "ym",      "im",     "ą",      "ę",      "y",    "i",
    "a",        "e",        "o",       "u",       "ć"};

constexpr std::size_t kMinimumStemLetters = 3;

bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

}  // namespace

std::string StemPolishLight(std::string_view lower_word) {
  std::string_view best;
  for (std::string_view ending : kPolishEndings) {
    if (ending.size() <= best.size() || !EndsWith(lower_word, ending)) continue;
    const std::string_view stem = lower_word.substr(0, lower_word.size() - ending.size());
    if (DecodeUtf8(stem).size() >= kMinimumStemLetters) best = ending;
  }
  return std::string(lower_word.substr(0, lower_word.size() - best.size()));
}

Stemmer::Stemmer(TextLanguage language) : m_language(language) {
  if (language == TextLanguage::kEnglish) {
    m_snowball = sb_stemmer_new("english", "UTF_8");
    m_name = "snowball-english";
  } else {
    m_name = "soundings-polish-light";
  }
}

Stemmer::~Stemmer() {
  if (m_snowball != nullptr) sb_stemmer_delete(m_snowball);
}

std::string Stemmer::Stem(std::string_view lower_word) {
  if (m_language == TextLanguage::kPolish) return StemPolishLight(lower_word);
  if (m_snowball == nullptr) return std::string(lower_word);  // out of memory in Snowball
  const sb_symbol* stem =
      sb_stemmer_stem(m_snowball, reinterpret_cast<const sb_symbol*>(lower_word.data()),
                      static_cast<int>(lower_word.size()));
  if (stem == nullptr) return std::string(lower_word);
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<std::size_t>(sb_stemmer_length(m_snowball)));
}

}  // namespace soundings
