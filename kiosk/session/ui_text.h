#pragma once
// The kiosk's own words (buttons, prompts, errors) in every language it offers. Template texts
// come from the template; these are the frame around them.

#include <string>
#include <vector>

namespace soundings::kiosk {

enum class Text {
  kTouchToStart,
  kHaveCode,
  kChooseLanguage,
  kEnterCode,
  kCodeHelp,
  kContinue,
  kCodeUnknown,
  kCodeExpired,
  kCodeUsed,
  kCodeLocked,
  kCodeEmpty,
  kConfirmTitle,  // "{subject}" and "{group}" are replaced
  kConfirmResume,
  kThisIsMe,
  kNotMe,
  kNotMeHelp,
  kPrivacyTitle,
  kAnswerBy,  // "{date}" is replaced
  kAgree,
  kDecline,
  kNext,
  kBack,
  kReviewAnswers,
  kReviewTitle,
  kChange,
  kSubmit,
  kNoAnswer,
  kThankYouTitle,
  kThankYouBody,
  kStillThere,
  kStillThereBody,  // "{seconds}" is replaced
  kImStillHere,
  kStartAgain,
  kRequired,
  kRequiredRows,
  kTextSize,
  kHighContrast,
  kPageOf,  // "{page}" and "{pages}" are replaced
  kOptionalSection,
  kSkipSection,
  kPreferNotToSay,
  kNotApplicable,
  kYes,
  kNo,
  kSaveFailed,
  kSubmitFailed,
  kMoveUp,
  kMoveDown,
  kRatingLow,
  kRatingHigh,
  kKeyboard,
  kDone,
  kPickUpTo,  // "{n}" is replaced
  kRequiredMark,
  kCharactersLeft,  // "{n}" is replaced
  kOperatorPin,
  kCancel,
  kClear,
  kKeepOrder,
  kPressToChoose,
  kMissingOne,   // the summary above a page that Next refused
  kMissingMany,  // "{n}" is replaced
  kCheckOne,     // ... when some answers are there but not valid
  kCheckMany,    // "{n}" is replaced
  kListen,       // read the page aloud
  kStopListening,
  kNoSound,   // the Listen button when the kiosk has no sound
  kSettings,  // the one toolbar button at large text sizes: "Aa / Language"
  kSettingsTitle,
  kClose,
  kHideKeyboard,
};

/// The kiosk's wording for `key` in `language`, English when that language lacks it.
const std::string& UiText(Text key, const std::string& language);

/// `text` with every "{name}" replaced by `value`.
std::string Fill(std::string text, const std::string& name, const std::string& value);

/// The name of a language in that language ("Cymraeg"), or the code when unknown.
std::string LanguageName(const std::string& code);

/// Languages the kiosk's own words are written in.
std::vector<std::string> UiLanguages();

}  // namespace soundings::kiosk
