#include "kiosk/runtime/page_speech.h"

#include "kiosk/session/ui_text.h"

namespace soundings::kiosk {
namespace {

// Sentences end with a full stop so the voice pauses between them.
void Say(std::string& out, const std::string& text) {
  if (text.empty()) return;
  if (!out.empty()) out += "\n";
  out += text;
  const char last = text.back();
  if (last != '.' && last != '?' && last != '!' && last != ':') out += ".";
}

std::string List(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::vector<std::string> ScaleLabels(const Scale& scale, const std::string& language) {
  std::vector<std::string> labels;
  for (const auto& point : scale.points) labels.push_back(Pick(point.label, language));
  if (scale.not_applicable) labels.push_back(Pick(*scale.not_applicable, language));
  return labels;
}

void SayItem(std::string& out, const ItemView& iv, const std::string& language) {
  const Item& item = *iv.item;
  Say(out, iv.wording);
  Say(out, iv.help);
  std::vector<std::string> choices;
  switch (item.type) {
    case ItemType::kLikert:
      if (iv.scale) choices = ScaleLabels(*iv.scale, language);
      break;
    case ItemType::kMatrix:
      for (const auto& row : item.rows) Say(out, Pick(row.text, language));
      if (iv.scale) choices = ScaleLabels(*iv.scale, language);
      break;
    case ItemType::kSingleChoice:
    case ItemType::kMultipleChoice:
    case ItemType::kRanking:
      for (const auto& option : item.options) choices.push_back(Pick(option.label, language));
      if (item.prefer_not_to_say && item.type != ItemType::kRanking)
        choices.push_back(UiText(Text::kPreferNotToSay, language));
      break;
    case ItemType::kYesNo:
      choices = {UiText(Text::kYes, language), UiText(Text::kNo, language)};
      break;
    case ItemType::kRating:
      Say(out, UiText(Text::kRatingLow, language));
      Say(out, UiText(Text::kRatingHigh, language));
      break;
    case ItemType::kNumber:
    case ItemType::kShortText:
    case ItemType::kLongText:
      break;
  }
  Say(out, List(choices));
}

}  // namespace

std::string PageSpeech(const SessionView& view) {
  std::string out;
  const std::string& lang = view.language;
  switch (view.screen) {
    case Screen::kConsent:
      Say(out, UiText(Text::kPrivacyTitle, lang));
      Say(out, view.introduction);
      Say(out, view.privacy_notice);
      Say(out, view.anonymity_notice);
      break;
    case Screen::kQuestions:
      Say(out, view.page.title);
      Say(out, view.page.description);
      for (const ItemView& iv : view.page.items) SayItem(out, iv, lang);
      break;
    case Screen::kAttract:
    case Screen::kCodeEntry:
    case Screen::kConfirm:
    case Screen::kReview:
    case Screen::kThankYou:
      break;
  }
  return out;
}

}  // namespace soundings::kiosk
