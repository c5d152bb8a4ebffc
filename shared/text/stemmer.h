#pragma once
// Stemming for theming residents' words: Snowball (Debian's libstemmer) where it has the
// language, and for Polish, which Debian 12's Snowball 2.2 does not have, a light suffix-stripping
// stemmer of our own (docs/results-maths.md, "Residents' words", lists its rules and limits).

#include <memory>
#include <string>
#include <string_view>

#include "shared/text/wordlists.h"

struct sb_stemmer;

namespace soundings {

/// Stems lower-case UTF-8 words of one language. Not thread-safe (Snowball keeps state per
/// stemmer): use one per thread.
class Stemmer {
 public:
  explicit Stemmer(TextLanguage language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  /// The stem of `lower_word`; the word itself when it cannot be stemmed.
  std::string Stem(std::string_view lower_word);
  /// Which algorithm stems: "snowball-english" or "soundings-polish-light" (results record it,
  /// since another algorithm gives other themes).
  const std::string& Name() const { return m_name; }

 private:
  TextLanguage m_language;
  std::string m_name;
  sb_stemmer* m_snowball = nullptr;
};

/// The light Polish stemmer on its own: strips the longest inflectional ending from its list
/// that leaves a stem of at least three letters.
std::string StemPolishLight(std::string_view lower_word);

}  // namespace soundings
