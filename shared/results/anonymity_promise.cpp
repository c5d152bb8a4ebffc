#include "shared/results/anonymity_promise.h"

#include <algorithm>

namespace soundings {

namespace {

// The promise's sentences in one language. {label} is the rater group's name in quotes, {who}
// the subject, {n} a count of responses, {self} the self-assessment's name in quotes. The Welsh
// and Polish wording awaits a council translator's review (docs/reports.md says so).
struct Wording {
  const char* open_quote;
  const char* close_quote;
  const char* nobody_named;       // the subject when the code carries no name
  const char* self_label;         // when the template has no "self" group label
  const char* other_raters;       // the pooled comments' heading in the report
  const char* self;               // {self}
  const char* unknown_group;      // {who}
  const char* scores_alone;       // {label} {who}: a group whose scores show from one response
  const char* scores_from;        // {label} {n} {who}
  const char* words_named;        // {label} {who}
  const char* words_with_scores;  // {label} {other}
  const char* words_from;         // {label} {n} {other}
  const char* no_names;
};

const Wording kEnglish{
    "\u201c",
    "\u201d",
    "the person you describe",
    "Self",
    "Other raters",
    "This is your own view of yourself: your report shows it as {self}, beside what others said.",
    "Your answers count only in the average of all the people who describe {who}, and your "
    "comments are not shown.",
    "Your ratings are shown under {label} even if you are the only one in it, so {who} may be "
    "able to tell which are yours.",
    "Your ratings are shown under {label} only once at least {n} in it have answered; until then "
    "they count only in the average of everyone except {who}, and only when that is large enough.",
    "Your comments are shown under {label}, so {who} will know they are yours.",
    "Your comments are shown under {label} when its ratings are; otherwise they are mixed with "
    "other groups' comments as {other}, or left out when even that could identify you.",
    "Your comments are shown under {label} only when at least {n} in it have answered and its "
    "ratings are shown; otherwise they are mixed with other groups' comments as {other}, or left "
    "out when even that could identify you.",
    "No one is named beside their answers.",
};

const Wording kWelsh{
    "\u201c",
    "\u201d",
    "y person rydych chi'n ei ddisgrifio",
    "Hunan",
    "Graddwyr eraill",
    "Dyma eich barn chi amdanoch chi eich hun: mae eich adroddiad yn ei dangos fel {self}, ochr "
    "yn ochr \u00e2'r hyn a ddywedodd eraill.",
    "Dim ond yng nghyfartaledd pawb sy'n disgrifio {who} y mae eich atebion yn cyfrif, ac ni "
    "ddangosir eich sylwadau.",
    "Dangosir eich sgoriau o dan {label} hyd yn oed os mai chi yw'r unig un ynddo, felly efallai "
    "y gall {who} ddweud pa rai yw eich rhai chi.",
    "Dim ond pan fydd o leiaf {n} ynddo wedi ateb y dangosir eich sgoriau o dan {label}; tan "
    "hynny maent yn cyfrif yng nghyfartaledd pawb ac eithrio {who} yn unig, a dim ond pan fydd "
    "hwnnw'n ddigon mawr.",
    "Dangosir eich sylwadau o dan {label}, felly bydd {who} yn gwybod mai eich rhai chi ydynt.",
    "Dangosir eich sylwadau o dan {label} pan ddangosir ei sgoriau; fel arall cânt eu cymysgu "
    "\u00e2 sylwadau grwpiau eraill fel {other}, neu eu gadael allan pan allai hynny hyd yn oed "
    "ddatgelu pwy ydych chi.",
    "Dim ond pan fydd o leiaf {n} ynddo wedi ateb a'i sgoriau'n cael eu dangos y dangosir eich "
    "sylwadau o dan {label}; fel arall cânt eu cymysgu \u00e2 sylwadau grwpiau eraill fel "
    "{other}, neu eu gadael allan pan allai hynny hyd yn oed ddatgelu pwy ydych chi.",
    "Nid oes neb yn cael ei enwi wrth ymyl ei atebion.",
};

const Wording kPolish{
    "\u201e",
    "\u201d",
    "osoba oceniana",
    "Samoocena",
    "Inni oceniaj\u0105cy",
    "To Twoja ocena samego siebie: raport pokazuje j\u0105 jako {self}, obok tego, co powiedzieli "
    "inni.",
    "Twoje odpowiedzi licz\u0105 si\u0119 tylko w \u015bredniej wszystkich os\u00f3b, kt\u00f3re "
    "oceniaj\u0105: {who}, a Twoje komentarze nie s\u0105 pokazywane.",
    "Twoje oceny s\u0105 pokazywane w grupie {label}, nawet je\u015bli jeste\u015b w niej "
    "jedyn\u0105 "
    "osob\u0105, wi\u0119c osoba oceniana ({who}) mo\u017ce rozpozna\u0107, kt\u00f3re s\u0105 "
    "Twoje.",
    "Twoje oceny s\u0105 pokazywane w grupie {label} dopiero wtedy, gdy b\u0119dzie w niej co "
    "najmniej {n}; do tego czasu licz\u0105 si\u0119 tylko w \u015bredniej wszystkich "
    "oceniaj\u0105cych opr\u00f3cz samej osoby ocenianej ({who}), i tylko gdy ta \u015brednia "
    "obejmuje wystarczaj\u0105co wiele os\u00f3b.",
    "Twoje komentarze s\u0105 pokazywane w grupie {label}, wi\u0119c osoba oceniana ({who}) "
    "b\u0119dzie wiedzie\u0107, \u017ce s\u0105 Twoje.",
    "Twoje komentarze s\u0105 pokazywane w grupie {label}, gdy pokazywane s\u0105 jej oceny; w "
    "przeciwnym razie trafiaj\u0105 razem z komentarzami innych grup do cz\u0119\u015bci {other} "
    "albo s\u0105 pomijane, gdy nawet to mog\u0142oby Ci\u0119 zidentyfikowa\u0107.",
    "Twoje komentarze s\u0105 pokazywane w grupie {label} tylko wtedy, gdy b\u0119dzie w niej co "
    "najmniej {n}, a jej oceny s\u0105 pokazywane; w przeciwnym razie trafiaj\u0105 razem z "
    "komentarzami innych grup do cz\u0119\u015bci {other} albo s\u0105 pomijane, gdy nawet to "
    "mog\u0142oby Ci\u0119 zidentyfikowa\u0107.",
    "Nikt nie jest podpisany przy swoich odpowiedziach.",
};

const Wording& WordingFor(const std::string& language) {
  if (language == "cy") return kWelsh;
  if (language == "pl") return kPolish;
  return kEnglish;
}

// "3 people", "3 o bobl", "3 odpowiedzi": a count of responses as each language says it after
// "at least".
std::string Responses(int n, const std::string& language) {
  const std::string count = std::to_string(n);
  if (language == "cy") return n == 1 ? "un person" : count + " o bobl";
  if (language == "pl") return n == 1 ? "jedna odpowied\u017a" : count + " odpowiedzi";
  return count + (n == 1 ? " person" : " people");
}

std::string Replace(std::string text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

}  // namespace

std::string AnonymityPromise(const Template& tmpl, const std::string& group_id,
                             const std::string& subject_name, const std::string& language) {
  const Wording& say = WordingFor(language);
  const auto quoted = [&say](const std::string& text) {
    return say.open_quote + text + say.close_quote;
  };
  const std::string who = subject_name.empty() ? say.nobody_named : subject_name;
  const auto fill = [&](std::string text, const std::string& label, int n) {
    text = Replace(std::move(text), "{label}", label);
    text = Replace(std::move(text), "{n}", Responses(n, language));
    text = Replace(std::move(text), "{other}", quoted(say.other_raters));
    return Replace(std::move(text), "{who}", who);
  };
  const RaterGroup* group = tmpl.FindRaterGroup(group_id);
  if (group_id == "self") {
    const std::string label = group != nullptr ? Pick(group->label, language) : "";
    return Replace(say.self, "{self}", quoted(label.empty() ? say.self_label : label));
  }
  if (group == nullptr) return fill(say.unknown_group, "", 0);
  const std::string label = quoted(Pick(group->label, language));
  const int scores_from = std::max(1, group->min_responses);
  const int comments_from = std::max({1, group->min_responses, group->comment_min_responses});
  const std::string scores =
      fill(scores_from == 1 ? say.scores_alone : say.scores_from, label, scores_from);
  std::string words;
  if (group->named) {
    words = fill(say.words_named, label, 0);
  } else if (comments_from == 1) {
    words = fill(say.words_with_scores, label, 0);
  } else {
    words = fill(say.words_from, label, comments_from);
  }
  return scores + " " + words + " " + say.no_names;
}

}  // namespace soundings
