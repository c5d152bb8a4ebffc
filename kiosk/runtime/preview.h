#pragma once
// Screens shown without a respondent: `soundings-kiosk --screenshot` walks a session over the
// demo (or one template file) to the screen it is asked for, and shows the staff screens with
// sample facts. Decisions only; the app renders what this sets up.

#include <filesystem>
#include <memory>
#include <string>

#include "kiosk/session/catalogue.h"
#include "kiosk/session/clock.h"
#include "kiosk/session/operator.h"
#include "kiosk/session/session.h"
#include "kiosk/store/memory_store.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

/// What a preview shows: a template file, or the demo when `template_file` is empty.
struct PreviewRequest {
  std::filesystem::path template_file;
  std::filesystem::path template_dir;  // the bundled templates, for the demo
  std::string screen = "attract";      // see kPreviewScreens
  std::string language;
  int text_size = 100;
  bool high_contrast = false;
  std::string typing;  // typed into the page's first text question (TypingItem)
};

/// The screens a preview can show, as --screen spells them ("question:N" is 1-based).
inline constexpr const char* kPreviewScreens =
    "attract, code, confirm, consent, question:N, review, thanks, idle, pin, operator, enrolment";

/// A session over its own catalogue, store and clock, walked to the requested screen.
class Preview {
 public:
  /// Fails with a sentence when the template cannot be read or the screen cannot be reached
  /// (question:9 of a template with 8 pages, confirm for a consultation).
  static Result<std::unique_ptr<Preview>> Make(const PreviewRequest& request);

  /// The view to draw. The thank-you screen is drawn from a view (screens are functions of it),
  /// without submitting anything.
  SessionView View() const;
  const Session& CurrentSession() const { return *m_session; }
  /// The text question `typing` went into ("" when not asked, or the page has none): the
  /// screenshot opens the on-screen keyboard on it.
  const std::string& TypingItem() const { return m_typing_item; }

 private:
  Preview() = default;
  std::shared_ptr<MemoryCatalogue> m_catalogue;
  MemoryStore m_store;
  ManualClock m_clock;
  SessionConfig m_config;
  std::unique_ptr<Session> m_session;
  bool m_thanks = false;
  std::string m_typing_item;
};

/// Whether `screen` is one of the staff screens (pin, operator, enrolment).
bool IsOperatorPreview(const std::string& screen);

/// The staff screens for a screenshot, with sample facts (a kept response, a sync error).
struct OperatorPreview {
  ManualClock clock;
  OperatorSession session{"2468", clock};
  OperatorFacts facts;
  std::string typed_pin;  // what the PIN field shows

  explicit OperatorPreview(const std::string& screen);
  OperatorPreview(const OperatorPreview&) = delete;
  OperatorPreview& operator=(const OperatorPreview&) = delete;
};

}  // namespace soundings::kiosk
