#pragma once
// Local theming of residents' comments: offline, reproducible, English and Polish. Each comment
// is redacted, split into words, stopwords dropped and the rest stemmed; TF-IDF vectors are
// grouped by average-linkage agglomerative clustering on cosine similarity, and each group of at
// least two comments is a theme with its top terms as keyphrases. The same comments give the
// same themes whatever their order. docs/results-maths.md, "Residents' words", has the details.

#include <cstddef>
#include <string>
#include <vector>

#include "shared/core/error.h"
#include "shared/text/wordlists.h"

namespace soundings {

/// One resident's comment, by the id the caller knows it by (unique within one call).
struct Comment {
  std::string id;
  std::string text;
};

/// How comments are themed; the defaults suit comments of a sentence or two.
struct ThemeOptions {
  TextLanguage language = TextLanguage::kEnglish;
  bool redact = true;           // redact personal details first, so no name becomes a keyphrase
  int max_themes = 8;           // the largest themes are kept; comments of the rest go to "other"
  int min_theme_size = 2;       // smaller groups are "other"
  double min_similarity = 0.15;  // clusters merge while their average cosine similarity is above
  int keyphrases = 5;           // per theme
  std::size_t max_comments = 3000;  // the similarity matrix needs 4 bytes x n² / 2 of memory
};

/// A term that characterises a theme.
struct Keyphrase {
  std::string text;   // the most frequent form of the term in the theme's comments ("buses")
  std::string stem;   // the stem all its forms share ("bus")
  double weight = 0;  // summed TF-IDF weight over the theme's comments
  int comments = 0;   // the theme's comments containing the term
};

/// A group of comments about the same thing.
struct Theme {
  std::string id;  // "theme-1", "theme-2", ... largest first
  std::vector<Keyphrase> keyphrases;
  std::vector<std::string> comment_ids;  // sorted
};

/// The themes of a set of comments, and which theme each comment is in.
struct ThemeResult {
  std::string language;  // "en", "pl"
  std::string stemmer;   // Stemmer::Name(): another stemmer gives other themes
  std::vector<Theme> themes;
  std::vector<std::string> other;  // comments in no theme, sorted
  /// Parallel to the input comments: the index into `themes`, or -1 for "other".
  std::vector<int> theme_of;
  int vocabulary = 0;  // terms found in at least two comments (the only ones that can group)
};

/// Themes of `comments`. Deterministic: the same comments (as id and text pairs) in any order
/// give the same themes, keyphrases and assignments. Fails when ids repeat, when there are more
/// than options.max_comments comments, or when an option is out of range.
Result<ThemeResult> ThemeComments(const std::vector<Comment>& comments,
                                  const ThemeOptions& options = {});

}  // namespace soundings
