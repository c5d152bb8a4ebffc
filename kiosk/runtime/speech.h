#pragma once
// Read-aloud's two halves, as interfaces: a voice that turns text into samples, and a sound
// device that plays them. kiosk/speech implements both (libespeak-ng; PulseAudio or ALSA); the
// runtime only sees these, so it stays free of audio libraries and its thread is testable.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "shared/core/error.h"

namespace soundings::kiosk {

/// Receives successive chunks of 16-bit mono samples; returns false to stop the speech early.
using SampleSink = std::function<bool(const std::int16_t* samples, std::size_t count)>;

class Voice {
 public:
  virtual ~Voice() = default;
  /// Samples per second of what Speak produces.
  virtual int SampleRate() const = 0;
  /// Speaks UTF-8 `text` in `language` ("en", "cy", "pl") into `sink`, chunk by chunk as it is
  /// made. A problem when the language has no voice or synthesis fails; stopping early through
  /// the sink is not a problem.
  virtual Status Speak(const std::string& text, const std::string& language,
                       const SampleSink& sink) = 0;
};

class SoundDevice {
 public:
  virtual ~SoundDevice() = default;
  /// Queues samples for playing; blocks while the device's buffer is full.
  virtual Status Play(const std::int16_t* samples, std::size_t count) = 0;
  /// Waits until everything queued has been heard.
  virtual void Drain() = 0;
  /// Drops whatever is queued and not yet heard (a second tap on Listen).
  virtual void Discard() = 0;
};

/// How the runtime gets its voice and its device, lazily, on the read-aloud thread (loading a
/// voice reads megabytes of dictionaries: only when someone first taps Listen).
struct SpeechBackend {
  /// Whether a sound device appears to exist; asked once, on the read-aloud thread.
  std::function<bool()> device_present;
  std::function<Result<std::unique_ptr<Voice>>()> open_voice;
  std::function<Result<std::unique_ptr<SoundDevice>>(int sample_rate)> open_device;
};

}  // namespace soundings::kiosk
