#pragma once
// The typed model of a programme template. templates/README.md is the reference for the JSON
// form; parser.h turns JSON into this model and reports every problem at once.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/expr/expression.h"

namespace soundings {

/// Text in each of the template's languages, keyed by language code ("en", "cy", "pl").
using LocalText = std::map<std::string, std::string>;

/// Returns the text in `language`, else in `fallback`, else any text, else "".
std::string Pick(const LocalText& text, const std::string& language,
                 const std::string& fallback = "en");

enum class TemplateKind { kAppraisal360, kSelfAssessment, kConsultation, kModule };

enum class ItemType {
  kLikert,          // one point of a named scale
  kSingleChoice,    // one option
  kMultipleChoice,  // between min_picks and max_picks options
  kRating,          // 0..10 (NPS style)
  kNumber,          // min..max, optionally whole numbers only
  kShortText,       // one line, max_length characters
  kLongText,        // paragraphs, max_length characters
  kRanking,         // options in order of preference
  kYesNo,           // true or false
  kMatrix,          // several rows, each one point of a named scale
};

/// The JSON spelling of a kind or type ("appraisal360", "single_choice"), and back.
std::string ToString(TemplateKind kind);
std::string ToString(ItemType type);
std::optional<TemplateKind> TemplateKindFromString(const std::string& text);
std::optional<ItemType> ItemTypeFromString(const std::string& text);

/// The answer value that means "prefer not to say" on choice items.
inline constexpr const char* kPreferNotToSay = "prefer_not_to_say";
/// The answer value that means "not applicable" on likert items and matrix rows.
inline constexpr const char* kNotApplicable = "na";

struct ScalePoint {
  double value = 0;
  LocalText label;
};

struct Scale {
  std::string id;
  std::vector<ScalePoint> points;           // ordered from least to most favourable
  std::optional<LocalText> not_applicable;  // present when "not applicable" may be chosen
  /// Lowest and highest point values.
  double Min() const;
  double Max() const;
  bool HasValue(double value) const;
};

struct RaterGroup {
  std::string id;  // "self", "manager", "peer", "staff", or a custom id
  LocalText label;
  int min_responses = 1;          // results of this group are shown only from this many responses
  int comment_min_responses = 3;  // comments need their own, higher minimum
  // Its raters are told their comments appear under the group's name (e.g. the line manager,
  // if HR chooses): never pooled with other groups'. The self is always named.
  bool named = false;
};

struct Option {
  std::string value;
  LocalText label;
};

struct MatrixRow {
  std::string id;
  LocalText text;
  bool reverse_scored = false;
};

struct Item {
  std::string id;
  ItemType type = ItemType::kLikert;
  bool required = false;
  LocalText text;                                  // wording for every rater group...
  std::map<std::string, LocalText> text_by_group;  // ...unless this group has its own
  LocalText help;
  bool reverse_scored = false;
  bool comment = false;  // a free-text comment (strengths, development): stricter suppression
  std::vector<std::string> rater_groups;  // empty: asked of every group
  std::optional<Expression> visible_if;

  std::string scale;                  // likert, matrix
  std::vector<Option> options;        // single_choice, multiple_choice, ranking
  bool prefer_not_to_say = false;     // single_choice, multiple_choice: offers kPreferNotToSay
  int min_picks = 0;                  // multiple_choice
  std::optional<int> max_picks;       // multiple_choice
  std::optional<double> min, max;     // number
  bool integer = false;               // number
  int max_length = 0;                 // short_text (default 200), long_text (default 4000)
  std::vector<MatrixRow> rows;        // matrix
  std::vector<std::string> replaces;  // ids of items in earlier versions this item continues

  /// The wording shown to `group` in `language`, with "{subject}" replaced by `subject`.
  std::string Wording(const std::string& group, const std::string& language,
                      const std::string& subject) const;
  bool AskedOf(const std::string& group) const;
};

struct Section {
  std::string id;
  LocalText title;
  LocalText description;
  bool competency = false;   // 360 and self-assessment: a competency that results roll up to
  bool scale_score = false;  // its scored items form a scale: results give a scale score and alpha
  std::string module;        // id of the module this section came from, if any
  /// Equality-monitoring questions (who answered, for equality evidence): reports never show them
  /// on the public page, and they are segments, not findings. Set in the section or by a module
  /// whose rules say so; never inferred from an id.
  bool equality_monitoring = false;
  std::vector<std::string> rater_groups;  // empty: every group
  std::optional<Expression> visible_if;
  std::vector<Item> items;
  bool AskedOf(const std::string& group) const;
  /// Whether results treat the section as a scale (scale_score, or a competency, which rolls up
  /// the same way).
  bool IsScale() const { return scale_score || competency; }
};

/// What a module says about itself (for example the equality-monitoring module requires every
/// question to offer "prefer not to say").
struct ModuleRules {
  bool require_prefer_not_to_say = false;
  bool equality_monitoring = false;  // every section it brings is an equality-monitoring section
};

struct Template {
  std::string id;
  int version = 0;
  TemplateKind kind = TemplateKind::kConsultation;
  std::vector<std::string> languages;  // the first is the default
  LocalText title;
  LocalText introduction;
  LocalText privacy_notice;
  std::vector<Scale> scales;
  std::vector<RaterGroup> rater_groups;  // appraisal360 (and optionally self_assessment)
  std::vector<Section> sections;         // modules already expanded in place
  std::vector<std::string> dropped;      // item ids of earlier versions no longer asked
  ModuleRules module_rules;              // kind == kModule only
  /// A walk-up (anonymous) respondent who leaves part-way: their valid answers so far are sent
  /// as a partial response when true; by default they are discarded.
  bool keep_anonymous_partials = false;

  const Scale* FindScale(const std::string& id) const;
  const RaterGroup* FindRaterGroup(const std::string& id) const;
  const Item* FindItem(const std::string& id) const;
  const Section* SectionOfItem(const std::string& item_id) const;
  const std::string& DefaultLanguage() const { return languages.front(); }
};

}  // namespace soundings
