#pragma once
// The read-only picture of a session that screens draw from. Built fresh by Session::View();
// pointers in it stay valid until the next Session::Apply or Tick.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/session/ui_text.h"
#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings::kiosk {

enum class Screen { kAttract, kCodeEntry, kConfirm, kConsent, kQuestions, kReview, kThankYou };

/// "attract", "code", "confirm", "consent", "questions", "review", "thanks".
std::string ToString(Screen screen);

struct ItemView {
  const Item* item = nullptr;
  const Scale* scale = nullptr;  // likert and matrix
  std::string wording;           // for this rater group and language, {subject} filled in
  std::string help;
  const nlohmann::json* answer = nullptr;  // nullptr when unanswered
  Problems problems;  // inline problems to show now; paths are "item" or "item.row"
};

struct PageView {
  const Section* section = nullptr;
  std::string title;
  std::string description;
  bool optional_module = false;  // e.g. equality monitoring: offers "skip this section"
  std::vector<ItemView> items;
  int index = 0;  // 0-based among visible sections
  int count = 0;
  bool last = false;
  /// Goes up each time Next (or Send) was refused for this page's answers: the screen then
  /// scrolls to the first item with a problem and gives it the focus, once per refusal.
  int attention = 0;
  int missing = 0;  // items showing "please answer" (required and unanswered)
  int invalid = 0;  // items showing another problem (an answer that is not valid)
};

struct ReviewRow {
  std::string question;
  std::string answer;  // formatted for people; UiText(kNoAnswer) when unanswered
};

struct ReviewSection {
  std::string section_id;
  std::string title;
  std::vector<ReviewRow> rows;
};

/// The "Listen" button: hidden on screens with nothing to read, disabled without sound.
enum class ListenButton { kHidden, kNoSound, kReady, kSpeaking };

struct SessionView {
  Screen screen = Screen::kAttract;
  std::string language;
  std::vector<std::string> languages;  // offered on the attract screen
  std::string title;                   // programme title, in `language`
  std::string introduction;
  bool offers_anonymous = false;  // attract: "touch to start" opens the anonymous survey
  bool offers_code = false;       // attract: invitation codes accepted

  std::optional<Text> code_message;  // code entry: why the last code did not work

  std::string subject_name;       // confirm
  std::string rater_group_label;  // confirm
  bool resuming = false;          // confirm: this code has a saved unfinished response

  std::string privacy_notice;  // consent
  // consent: the campaign's deadline in this kiosk's local time ("14/03/2030 17:00"), "" for none
  std::string deadline;
  // consent, with a code: what the report does with this rater's scores and words, and under
  // which name (shared/results/anonymity_promise.h; English only for now)
  std::string anonymity_notice;

  PageView page;                      // questions
  std::vector<ReviewSection> review;  // review

  std::optional<int> idle_seconds_left;  // the "are you still there?" countdown is showing
  std::optional<Text> error;             // a failure the person must be told about

  int text_scale_percent = 100;
  bool high_contrast = false;
  const Template* tmpl = nullptr;
  ListenButton listen = ListenButton::kHidden;  // filled in by the runtime, which owns speech
};

}  // namespace soundings::kiosk
