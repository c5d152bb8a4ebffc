#include "shared/results/themes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "shared/text/redaction.h"
#include "shared/text/stemmer.h"
#include "shared/text/unicode.h"

namespace soundings {

namespace {

using SparseVector = std::vector<std::pair<int, double>>;  // (term index, weight), by index

double Dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      sum += a[i].second * b[j].second;
      ++i;
      ++j;
    }
  }
  return sum;
}

// One comment's terms: stem -> count, and each stem's surface forms -> count.
struct Terms {
  std::map<std::string, int> counts;
  std::map<std::string, std::map<std::string, int>> forms;
};

Terms TermsOf(const std::string& text, const ThemeOptions& options, Stemmer& stemmer) {
  const std::string redacted = options.redact ? RedactPersonalDetails(text).text : text;
  const auto& stopwords = Stopwords(options.language);
  Terms terms;
  for (const Word& word : SplitWords(redacted)) {
    if (!word.has_letter || stopwords.count(word.lower) > 0) continue;
    if (DecodeUtf8(word.lower).size() < 2) continue;
    // The word inside a redaction token ("[name]") is not the resident's.
    if (word.begin > 0 && redacted[word.begin - 1] == '[' && word.end < redacted.size() &&
        redacted[word.end] == ']')
      continue;
    std::string stem = stemmer.Stem(word.lower);
    terms.counts[stem] += 1;
    terms.forms[stem][word.lower] += 1;
  }
  return terms;
}

// The upper triangle of a symmetric matrix without its diagonal, as floats (n² / 2 of them).
class Triangle {
 public:
  explicit Triangle(std::size_t n) : m_n(n), m_values(n * (n > 0 ? n - 1 : 0) / 2, 0.0F) {}
  float& At(std::size_t i, std::size_t j) {
    if (i > j) std::swap(i, j);
    return m_values[i * (2 * m_n - i - 1) / 2 + (j - i - 1)];
  }

 private:
  std::size_t m_n;
  std::vector<float> m_values;
};

// Average-linkage agglomerative clustering of unit vectors, merging while the best pair's
// average cosine similarity is at least `threshold`. Ties go to the pair with the smallest
// indices, so the result depends only on the order of `vectors`. Returns each vector's cluster,
// named by the smallest index in it.
std::vector<std::size_t> Cluster(const std::vector<SparseVector>& vectors, double threshold) {
  const std::size_t n = vectors.size();
  std::vector<std::size_t> owner(n);
  std::iota(owner.begin(), owner.end(), 0);
  if (n < 2) return owner;
  Triangle sim(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      sim.At(i, j) = static_cast<float>(Dot(vectors[i], vectors[j]));
  std::vector<bool> active(n, true);
  std::vector<int> size(n, 1);
  constexpr auto kNone = static_cast<std::size_t>(-1);
  // best[i]: the active j > i most similar to i (smallest j on a tie).
  std::vector<std::size_t> best(n, kNone);
  auto refresh = [&](std::size_t i) {
    best[i] = kNone;
    for (std::size_t j = i + 1; j < n; ++j)
      if (active[j] && (best[i] == kNone || sim.At(i, j) > sim.At(i, best[i]))) best[i] = j;
  };
  for (std::size_t i = 0; i < n; ++i) refresh(i);
  for (;;) {
    std::size_t a = kNone;
    for (std::size_t i = 0; i < n; ++i)
      if (active[i] && best[i] != kNone && (a == kNone || sim.At(i, best[i]) > sim.At(a, best[a])))
        a = i;
    if (a == kNone || sim.At(a, best[a]) < threshold) break;
    const std::size_t b = best[a];  // a < b: a keeps the merged cluster
    const auto wa = static_cast<float>(size[a]);
    const auto wb = static_cast<float>(size[b]);
    for (std::size_t k = 0; k < n; ++k) {
      if (!active[k] || k == a || k == b) continue;
      sim.At(a, k) = (wa * sim.At(a, k) + wb * sim.At(b, k)) / (wa + wb);  // Lance-Williams
    }
    active[b] = false;
    size[a] += size[b];
    for (std::size_t k = 0; k < n; ++k)
      if (owner[k] == b) owner[k] = a;
    refresh(a);
    for (std::size_t i = 0; i < a; ++i) {
      if (!active[i]) continue;
      if (best[i] == a || best[i] == b) {
        refresh(i);
      } else if (best[i] == kNone || sim.At(i, a) > sim.At(i, best[i]) ||
                 (sim.At(i, a) == sim.At(i, best[i]) && a < best[i])) {
        best[i] = a;
      }
    }
    for (std::size_t i = a + 1; i < b; ++i)
      if (active[i] && best[i] == b) refresh(i);
  }
  return owner;
}

}  // namespace

Result<ThemeResult> ThemeComments(const std::vector<Comment>& comments,
                                  const ThemeOptions& options) {
  if (comments.size() > options.max_comments)
    return Problem{"", "there are " + std::to_string(comments.size()) +
                           " comments; theming takes at most " +
                           std::to_string(options.max_comments) + " at once"};
  if (options.max_themes < 1 || options.min_theme_size < 1 || options.keyphrases < 0)
    return Problem{"", "max_themes and min_theme_size must be at least 1, keyphrases at least 0"};
  {
    std::set<std::string> ids;
    for (const auto& comment : comments)
      if (!ids.insert(comment.id).second)
        return Problem{comment.id, "two comments have this id; each needs its own"};
  }

  // Work in one canonical order (by text, then id), so the input order cannot matter.
  std::vector<std::size_t> order(comments.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return std::tie(comments[x].text, comments[x].id) < std::tie(comments[y].text, comments[y].id);
  });

  Stemmer stemmer(options.language);
  std::vector<Terms> terms;
  terms.reserve(order.size());
  std::map<std::string, int> document_frequency;
  for (std::size_t c : order) {
    terms.push_back(TermsOf(comments[c].text, options, stemmer));
    for (const auto& [stem, count] : terms.back().counts) document_frequency[stem] += 1;
  }
  std::map<std::string, int> index;  // vocabulary, sorted by stem
  std::vector<std::string> vocabulary;
  for (const auto& [stem, df] : document_frequency) {
    if (df < 2) continue;
    index[stem] = static_cast<int>(vocabulary.size());
    vocabulary.push_back(stem);
  }

  // TF-IDF: (1 + ln tf) x (ln((1 + N) / (1 + df)) + 1), each vector scaled to length 1.
  const auto n_docs = static_cast<double>(order.size());
  std::vector<SparseVector> vectors(order.size());
  for (std::size_t d = 0; d < order.size(); ++d) {
    double norm = 0;
    for (const auto& [stem, count] : terms[d].counts) {
      auto it = index.find(stem);
      if (it == index.end()) continue;
      const double idf = std::log((1 + n_docs) / (1 + document_frequency[stem])) + 1;
      const double weight = (1 + std::log(static_cast<double>(count))) * idf;
      vectors[d].emplace_back(it->second, weight);
      norm += weight * weight;
    }
    std::sort(vectors[d].begin(), vectors[d].end());
    for (auto& entry : vectors[d]) entry.second /= std::sqrt(norm);
  }

  // Cluster the comments that have any shared term; the rest can only be "other".
  std::vector<std::size_t> with_terms;
  std::vector<SparseVector> clustered;
  for (std::size_t d = 0; d < vectors.size(); ++d) {
    if (vectors[d].empty()) continue;
    with_terms.push_back(d);
    clustered.push_back(vectors[d]);
  }
  const std::vector<std::size_t> owner = Cluster(clustered, options.min_similarity);
  std::map<std::size_t, std::vector<std::size_t>> groups;  // smallest member -> documents
  for (std::size_t k = 0; k < owner.size(); ++k) groups[owner[k]].push_back(with_terms[k]);
  std::vector<std::vector<std::size_t>> kept;
  for (auto& [first, members] : groups)
    if (static_cast<int>(members.size()) >= options.min_theme_size) kept.push_back(members);
  // Largest first; equal sizes by their first document in the canonical order.
  auto by_size = [](const auto& x, const auto& y) { return x.size() > y.size(); };
  std::stable_sort(kept.begin(), kept.end(), by_size);

  // One refinement pass: every comment joins the theme whose other members it is most similar
  // to on average (cosine with the sum of their vectors, itself left out), if at least
  // min_similarity. A comment that average linkage chained to a neighbour through one shared
  // word ("people") so goes where most of its words are.
  std::vector<SparseVector> sums;
  std::vector<double> squared_norms;
  std::vector<std::size_t> theme_of_document(vectors.size(), kept.size());
  for (std::size_t t = 0; t < kept.size(); ++t) {
    std::map<int, double> sum;
    for (std::size_t d : kept[t]) {
      theme_of_document[d] = t;
      for (const auto& [term, w] : vectors[d]) sum[term] += w;
    }
    double norm = 0;
    for (const auto& [term, w] : sum) norm += w * w;
    sums.emplace_back(sum.begin(), sum.end());
    squared_norms.push_back(norm);
  }
  std::vector<std::vector<std::size_t>> refined(kept.size());
  for (std::size_t d : with_terms) {
    std::size_t chosen = kept.size();
    double best = options.min_similarity;
    for (std::size_t t = 0; t < sums.size(); ++t) {
      double dot = Dot(vectors[d], sums[t]);
      double norm = squared_norms[t];
      if (theme_of_document[d] == t) {  // |S - v|² = |S|² - 2 S.v + |v|², and |v| = 1
        norm = norm - 2 * dot + 1;
        dot -= 1;
      }
      if (norm <= 1e-12) continue;
      const double similarity = dot / std::sqrt(norm);
      if (similarity > best || (chosen == kept.size() && similarity == best)) {
        best = similarity;
        chosen = t;
      }
    }
    if (chosen < kept.size()) refined[chosen].push_back(d);
  }
  kept.clear();
  for (auto& members : refined)
    if (static_cast<int>(members.size()) >= options.min_theme_size) kept.push_back(members);
  std::stable_sort(kept.begin(), kept.end(), by_size);
  // Only now keep the largest: cutting before the refinement would pull a dropped theme's
  // comments into whichever kept theme shares a word with them.
  if (static_cast<int>(kept.size()) > options.max_themes)
    kept.resize(static_cast<std::size_t>(options.max_themes));

  ThemeResult result;
  result.language = ToCode(options.language);
  result.stemmer = stemmer.Name();
  result.vocabulary = static_cast<int>(vocabulary.size());
  result.theme_of.assign(comments.size(), -1);
  for (std::size_t t = 0; t < kept.size(); ++t) {
    Theme theme;
    theme.id = "theme-" + std::to_string(t + 1);
    std::map<int, double> weight;
    std::map<int, int> containing;
    std::map<int, std::map<std::string, int>> forms;
    for (std::size_t d : kept[t]) {
      const std::size_t c = order[d];
      theme.comment_ids.push_back(comments[c].id);
      result.theme_of[c] = static_cast<int>(t);
      for (const auto& [term, w] : vectors[d]) {
        weight[term] += w;
        containing[term] += 1;
        for (const auto& [form, count] :
             terms[d].forms.at(vocabulary[static_cast<std::size_t>(term)]))
          forms[term][form] += count;
      }
    }
    std::sort(theme.comment_ids.begin(), theme.comment_ids.end());
    std::vector<std::pair<int, double>> ranked(weight.begin(), weight.end());
    std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
      if (x.second != y.second) return x.second > y.second;
      return vocabulary[static_cast<std::size_t>(x.first)] <
             vocabulary[static_cast<std::size_t>(y.first)];
    });
    for (std::size_t r = 0; r < ranked.size() && static_cast<int>(r) < options.keyphrases; ++r) {
      const int term = ranked[r].first;
      Keyphrase phrase;
      phrase.stem = vocabulary[static_cast<std::size_t>(term)];
      phrase.weight = ranked[r].second;
      phrase.comments = containing[term];
      int most = 0;
      for (const auto& [form, count] : forms[term])  // sorted, so ties keep the first form
        if (count > most) {
          most = count;
          phrase.text = form;
        }
      theme.keyphrases.push_back(std::move(phrase));
    }
    result.themes.push_back(std::move(theme));
  }
  for (std::size_t c = 0; c < comments.size(); ++c)
    if (result.theme_of[c] < 0) result.other.push_back(comments[c].id);
  std::sort(result.other.begin(), result.other.end());
  return result;
}

}  // namespace soundings
