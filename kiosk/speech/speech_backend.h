#pragma once
// Read-aloud's real backend: the espeak-ng voice and the sound device (PulseAudio, else ALSA),
// plus a WAV file as a device for tests and for checking a voice by ear. The only code that
// links the audio libraries; the runtime sees kiosk/runtime/speech.h.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/runtime/speech.h"

namespace soundings::kiosk::speech {

/// libespeak-ng's voice (its data from Debian's espeak-ng-data); one at a time per process,
/// since espeak-ng keeps global state. Fails with the library's own sentence.
Result<std::unique_ptr<Voice>> OpenEspeakVoice();

/// Whether the machine appears to have somewhere to play sound: a PulseAudio server to talk to,
/// or an ALSA sound card. Cheap: reads files, opens nothing.
bool SoundDevicePresent();

/// A PulseAudio playback stream, or when there is no PulseAudio the ALSA "default" device.
Result<std::unique_ptr<SoundDevice>> OpenSoundDevice(int sample_rate);

/// A device that writes a 16-bit mono WAV file at `path` (complete once it is destroyed).
Result<std::unique_ptr<SoundDevice>> OpenWavFile(const std::filesystem::path& path,
                                                 int sample_rate);

/// The backend the kiosk uses: SoundDevicePresent, OpenEspeakVoice, OpenSoundDevice.
SpeechBackend SystemBackend();

/// Samples of a 16-bit mono WAV file written by OpenWavFile, with its sample rate; a problem
/// when the file is not such a WAV.
struct WavContents {
  int sample_rate = 0;
  std::vector<std::int16_t> samples;
};
Result<WavContents> ReadWav(const std::filesystem::path& path);

}  // namespace soundings::kiosk::speech
