// The espeak-ng voice. espeak-ng keeps global state (one voice, one callback), so every call goes
// through one mutex and the library is initialised once per process.

#include <cstring>
#include <mutex>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "kiosk/speech/speech_backend.h"

namespace soundings::kiosk::speech {
namespace {

std::mutex g_espeak;  // guards every espeak call
bool g_initialised = false;
int g_sample_rate = 0;

std::string Message(espeak_ng_STATUS status) {
  char text[512] = {};
  espeak_ng_GetStatusCodeMessage(status, text, sizeof text);
  return text;
}

struct Speaking {
  const SampleSink* sink;
  bool stopped = false;
};

// espeak-ng hands over each chunk of samples as it makes it; non-zero stops the synthesis.
int OnSamples(short* samples, int count, espeak_EVENT* events) {
  auto* speaking = events ? static_cast<Speaking*>(events[0].user_data) : nullptr;
  if (!speaking || !samples || count <= 0) return 0;
  if (!(*speaking->sink)(reinterpret_cast<const std::int16_t*>(samples),
                         static_cast<std::size_t>(count))) {
    speaking->stopped = true;
    return 1;
  }
  return 0;
}

class EspeakVoice final : public Voice {
 public:
  int SampleRate() const override { return g_sample_rate; }

  Status Speak(const std::string& text, const std::string& language,
               const SampleSink& sink) override {
    std::lock_guard lock(g_espeak);
    if (espeak_ng_STATUS s = espeak_ng_SetVoiceByName(language.c_str()); s != ENS_OK)
      return Problem{"", "no voice for the language \"" + language + "\": " + Message(s)};
    Speaking speaking{&sink};
    espeak_ng_STATUS s = espeak_ng_Synthesize(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                              espeakCHARS_UTF8, nullptr, &speaking);
    if (s != ENS_OK && !speaking.stopped) return Problem{"", "speech failed: " + Message(s)};
    return Ok{};
  }
};

}  // namespace

Result<std::unique_ptr<Voice>> OpenEspeakVoice() {
  std::lock_guard lock(g_espeak);
  if (!g_initialised) {
    espeak_ng_InitializePath(nullptr);
    espeak_ng_ERROR_CONTEXT context = nullptr;
    espeak_ng_STATUS s = espeak_ng_Initialize(&context);
    espeak_ng_ClearErrorContext(&context);
    if (s != ENS_OK) return Problem{"", "cannot load the espeak-ng voices: " + Message(s)};
    // Synchronous: samples come back through the callback, never to espeak-ng's own audio.
    s = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 100, nullptr);
    if (s != ENS_OK) return Problem{"", "cannot start espeak-ng: " + Message(s)};
    espeak_SetSynthCallback(OnSamples);
    // A little slower than espeak's default: the people who ask a kiosk to read to them are
    // often the ones who need it unhurried.
    espeak_ng_SetParameter(espeakRATE, 150, 0);
    g_sample_rate = espeak_ng_GetSampleRate();
    g_initialised = true;
  }
  return std::unique_ptr<Voice>(new EspeakVoice());
}

}  // namespace soundings::kiosk::speech
