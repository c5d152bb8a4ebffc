// Where speech is heard: a PulseAudio stream, the ALSA default device, or a WAV file.

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <alsa/asoundlib.h>
#include <pulse/error.h>
#include <pulse/simple.h>

#include "kiosk/speech/speech_backend.h"

namespace soundings::kiosk::speech {
namespace {

// About a tenth of a second queued at most, so a second tap on Listen stops the voice at once.
constexpr double kQueueSeconds = 0.1;

class PulseDevice final : public SoundDevice {
 public:
  explicit PulseDevice(pa_simple* stream) : m_stream(stream) {}
  ~PulseDevice() override { pa_simple_free(m_stream); }
  Status Play(const std::int16_t* samples, std::size_t count) override {
    int error = 0;
    if (pa_simple_write(m_stream, samples, count * sizeof(std::int16_t), &error) < 0)
      return Problem{"", std::string("the sound stopped: ") + pa_strerror(error)};
    return Ok{};
  }
  void Drain() override {
    int error = 0;
    pa_simple_drain(m_stream, &error);
  }
  void Discard() override {
    int error = 0;
    pa_simple_flush(m_stream, &error);
  }

 private:
  pa_simple* m_stream;
};

class AlsaDevice final : public SoundDevice {
 public:
  explicit AlsaDevice(snd_pcm_t* pcm) : m_pcm(pcm) {}
  ~AlsaDevice() override { snd_pcm_close(m_pcm); }
  Status Play(const std::int16_t* samples, std::size_t count) override {
    while (count > 0) {
      snd_pcm_sframes_t written = snd_pcm_writei(m_pcm, samples, count);
      if (written < 0) written = snd_pcm_recover(m_pcm, static_cast<int>(written), 1);
      if (written < 0)
        return Problem{
            "", std::string("the sound stopped: ") + snd_strerror(static_cast<int>(written))};
      samples += written;
      count -= static_cast<std::size_t>(written);
    }
    return Ok{};
  }
  void Drain() override { snd_pcm_drain(m_pcm); }
  void Discard() override { snd_pcm_drop(m_pcm); }

 private:
  snd_pcm_t* m_pcm;
};

void PutLe(std::ostream& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((value >> (8 * i)) & 0xFF));
}

class WavDevice final : public SoundDevice {
 public:
  WavDevice(std::ofstream out, int rate) : m_out(std::move(out)), m_rate(rate) { Header(0); }
  ~WavDevice() override {
    m_out.seekp(0);
    Header(m_bytes);
  }
  Status Play(const std::int16_t* samples, std::size_t count) override {
    for (std::size_t i = 0; i < count; ++i) PutLe(m_out, static_cast<std::uint16_t>(samples[i]), 2);
    m_bytes += static_cast<std::uint32_t>(count * 2);
    if (!m_out) return Problem{"", "cannot write the WAV file"};
    return Ok{};
  }
  void Drain() override { m_out.flush(); }
  void Discard() override {}

 private:
  // RIFF/WAVE, PCM, one channel, 16 bits.
  void Header(std::uint32_t data_bytes) {
    m_out.write("RIFF", 4);
    PutLe(m_out, 36 + data_bytes, 4);
    m_out.write("WAVEfmt ", 8);
    PutLe(m_out, 16, 4);
    PutLe(m_out, 1, 2);
    PutLe(m_out, 1, 2);
    PutLe(m_out, static_cast<std::uint32_t>(m_rate), 4);
    PutLe(m_out, static_cast<std::uint32_t>(m_rate) * 2, 4);
    PutLe(m_out, 2, 2);
    PutLe(m_out, 16, 2);
    m_out.write("data", 4);
    PutLe(m_out, data_bytes, 4);
  }

  std::ofstream m_out;
  int m_rate;
  std::uint32_t m_bytes = 0;
};

std::uint32_t GetLe(const std::string& bytes, std::size_t at, int count) {
  std::uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return value;
}

}  // namespace

bool SoundDevicePresent() {
  // PulseAudio: a server named in the environment, or the per-user socket.
  if (std::getenv("PULSE_SERVER")) return true;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR")) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(runtime) / "pulse" / "native", ec))
      return true;
  }
  // ALSA: the kernel lists its sound cards here ("--- no soundcards ---" when there are none).
  std::ifstream cards("/proc/asound/cards");
  std::string first;
  return cards && std::getline(cards, first) && first.find("no soundcards") == std::string::npos &&
         !first.empty();
}

Result<std::unique_ptr<SoundDevice>> OpenSoundDevice(int sample_rate) {
  const pa_sample_spec spec{PA_SAMPLE_S16LE, static_cast<std::uint32_t>(sample_rate), 1};
  pa_buffer_attr buffer;
  buffer.maxlength = static_cast<std::uint32_t>(-1);
  buffer.tlength = static_cast<std::uint32_t>(sample_rate * 2 * kQueueSeconds);
  buffer.prebuf = static_cast<std::uint32_t>(-1);
  buffer.minreq = static_cast<std::uint32_t>(-1);
  buffer.fragsize = static_cast<std::uint32_t>(-1);
  int error = 0;
  if (pa_simple* stream = pa_simple_new(nullptr, "Soundings kiosk", PA_STREAM_PLAYBACK, nullptr,
                                        "read aloud", &spec, nullptr, &buffer, &error))
    return std::unique_ptr<SoundDevice>(new PulseDevice(stream));
  const std::string pulse_error = pa_strerror(error);
  snd_pcm_t* pcm = nullptr;
  int alsa = snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, 0);
  if (alsa == 0) {
    alsa = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                              static_cast<unsigned>(sample_rate), 1,
                              static_cast<unsigned>(kQueueSeconds * 1e6));
    if (alsa == 0) return std::unique_ptr<SoundDevice>(new AlsaDevice(pcm));
    snd_pcm_close(pcm);
  }
  return Problem{
      "", "no sound device (PulseAudio: " + pulse_error + "; ALSA: " + snd_strerror(alsa) + ")"};
}

Result<std::unique_ptr<SoundDevice>> OpenWavFile(const std::filesystem::path& path,
                                                 int sample_rate) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Problem{path.string(), "cannot write the WAV file"};
  return std::unique_ptr<SoundDevice>(new WavDevice(std::move(out), sample_rate));
}

Result<WavContents> ReadWav(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string bytes = text.str();
  if (bytes.size() < 44 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 8, "WAVEfmt ") != 0)
    return Problem{path.string(), "not a WAV file"};
  if (GetLe(bytes, 20, 2) != 1 || GetLe(bytes, 22, 2) != 1 || GetLe(bytes, 34, 2) != 16)
    return Problem{path.string(), "not 16-bit mono PCM"};
  const std::uint32_t data = GetLe(bytes, 40, 4);
  if (bytes.size() < 44 + static_cast<std::size_t>(data))
    return Problem{path.string(), "the WAV file is shorter than its header says"};
  WavContents wav;
  wav.sample_rate = static_cast<int>(GetLe(bytes, 24, 4));
  for (std::size_t i = 0; i + 1 < data; i += 2)
    wav.samples.push_back(static_cast<std::int16_t>(GetLe(bytes, 44 + i, 2)));
  return wav;
}

SpeechBackend SystemBackend() {
  SpeechBackend backend;
  backend.device_present = SoundDevicePresent;
  backend.open_voice = OpenEspeakVoice;
  backend.open_device = OpenSoundDevice;
  return backend;
}

}  // namespace soundings::kiosk::speech
