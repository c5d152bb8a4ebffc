// Read-aloud with the real espeak-ng voice, heard through a WAV file: each bundled template's
// first page in each of its languages, and the Listen button's thread (speak, stop, no sound).

#include <cmath>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "kiosk/runtime/page_speech.h"
#include "kiosk/runtime/preview.h"
#include "kiosk/runtime/read_aloud.h"
#include "kiosk/speech/speech_backend.h"
#include "shared/templates/parser.h"
#include "tests/unit/kiosk/temp_dir.h"

namespace soundings::kiosk {
namespace {

namespace fs = std::filesystem;

int Words(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  int count = 0;
  while (in >> word) ++count;
  return count;
}

double Rms(const std::vector<std::int16_t>& samples) {
  double sum = 0;
  for (auto s : samples) sum += static_cast<double>(s) * s;
  return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

// Speaks `text` into a WAV file and reads it back.
speech::WavContents SpeakToWav(const std::string& text, const std::string& language,
                               const fs::path& file) {
  auto voice = speech::OpenEspeakVoice();
  EXPECT_TRUE(voice.ok()) << voice.ErrorText();
  if (!voice.ok()) return {};
  {
    auto device = speech::OpenWavFile(file, voice.value()->SampleRate());
    EXPECT_TRUE(device.ok()) << device.ErrorText();
    SoundDevice& out = *device.value();
    Status spoken = voice.value()->Speak(
        text, language, [&](const std::int16_t* s, std::size_t n) { return out.Play(s, n).ok(); });
    EXPECT_TRUE(spoken.ok()) << spoken.ErrorText();
  }
  auto wav = speech::ReadWav(file);
  EXPECT_TRUE(wav.ok()) << wav.ErrorText();
  return wav.ok() ? wav.value() : speech::WavContents{};
}

TEST(SpeechTest, EveryBundledTemplatesFirstPageIsSpokenInEachOfItsLanguages) {
  testing::TempDir dir;
  int spoken = 0;
  for (const auto& entry : fs::directory_iterator(SOUNDINGS_TEMPLATE_DIR)) {
    if (entry.path().extension() != ".json") continue;
    auto tmpl = LoadTemplateFile(entry.path());
    ASSERT_TRUE(tmpl.ok()) << entry.path() << ": " << tmpl.ErrorText();
    for (const std::string& language : tmpl->languages) {
      PreviewRequest request;
      request.template_file = entry.path();
      request.screen = "question:1";
      request.language = language;
      auto preview = Preview::Make(request);
      ASSERT_TRUE(preview.ok()) << preview.ErrorText();
      const std::string text = PageSpeech(preview.value()->View());
      const std::string where = entry.path().filename().string() + " in " + language;
      ASSERT_FALSE(text.empty()) << where;
      const auto wav = SpeakToWav(text, language, dir.path() / (language + ".wav"));
      const double seconds = static_cast<double>(wav.samples.size()) / wav.sample_rate;
      const int words = Words(text);
      // espeak-ng at 150 words a minute says a word in about 0.4 s; pauses between sentences and
      // long words stretch that, but never below a tenth of a second or past two seconds a word.
      EXPECT_GT(seconds, 0.1 * words) << where << ": " << words << " words in " << seconds << " s";
      EXPECT_LT(seconds, 2.0 * words) << where << ": " << words << " words in " << seconds << " s";
      EXPECT_GT(Rms(wav.samples), 300.0) << where << ": audible, not silence";
      ++spoken;
    }
  }
  EXPECT_GE(spoken, 8) << "six templates, two of them in two languages";
}

TEST(SpeechTest, WelshAndPolishHaveVoicesOfTheirOwn) {
  testing::TempDir dir;
  const auto welsh = SpeakToWav("Croeso i'r llyfrgell.", "cy", dir.path() / "cy.wav");
  const auto english = SpeakToWav("Croeso i'r llyfrgell.", "en", dir.path() / "en.wav");
  EXPECT_FALSE(welsh.samples.empty());
  EXPECT_NE(welsh.samples, english.samples) << "the same letters, read by a different voice";
  auto voice = speech::OpenEspeakVoice();
  ASSERT_TRUE(voice.ok());
  EXPECT_FALSE(
      voice.value()
          ->Speak("x", "zz-nonsense", [](const std::int16_t*, std::size_t) { return true; })
          .ok())
      << "a language with no voice is a problem, not silence";
}

// The backend of a kiosk whose sound goes into a WAV file.
SpeechBackend WavBackend(const fs::path& file) {
  SpeechBackend backend;
  backend.device_present = [] { return true; };
  backend.open_voice = speech::OpenEspeakVoice;
  backend.open_device = [file](int rate) { return speech::OpenWavFile(file, rate); };
  return backend;
}

TEST(ReadAloudTest, ListenSpeaksThePageOnItsOwnThread) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "page.wav";
  ReadAloud reader(WavBackend(file), nullptr);
  ASSERT_TRUE(reader.WaitUntilIdle(std::chrono::seconds(30)));
  ASSERT_EQ(reader.CurrentState(), ReadAloud::State::kReady);
  reader.Toggle("How often do you visit the library?", "en");
  EXPECT_EQ(reader.CurrentState(), ReadAloud::State::kSpeaking) << "the button turns at once";
  ASSERT_TRUE(reader.WaitUntilIdle(std::chrono::seconds(60)));
  EXPECT_EQ(reader.CurrentState(), ReadAloud::State::kReady);
  EXPECT_EQ(reader.LastError(), "");
  auto wav = speech::ReadWav(file);
  ASSERT_TRUE(wav.ok()) << wav.ErrorText();
  EXPECT_GT(wav->samples.size(), static_cast<std::size_t>(wav->sample_rate));  // over a second
}

TEST(ReadAloudTest, ASecondTapStopsTheVoice) {
  testing::TempDir dir;
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "This sentence is read aloud again and again. ";
  // How long all of it lasts, spoken through to the end.
  const auto whole = SpeakToWav(long_text, "en", dir.path() / "whole.wav");
  const fs::path file = dir.path() / "stopped.wav";
  ReadAloud reader(WavBackend(file), nullptr);
  ASSERT_TRUE(reader.WaitUntilIdle(std::chrono::seconds(30)));
  reader.Toggle(long_text, "en");
  reader.Toggle(long_text, "en");
  ASSERT_TRUE(reader.WaitUntilIdle(std::chrono::seconds(60)));
  EXPECT_EQ(reader.CurrentState(), ReadAloud::State::kReady);
  auto wav = speech::ReadWav(file);
  const std::size_t heard = wav.ok() ? wav->samples.size() : 0;
  EXPECT_LT(heard, whole.samples.size() / 2) << "stopped well before the end";
}

TEST(ReadAloudTest, WithoutASoundDeviceListenIsShownDisabledAndDoesNothing) {
  SpeechBackend backend;
  backend.device_present = [] { return false; };
  backend.open_voice = speech::OpenEspeakVoice;
  backend.open_device = speech::OpenSoundDevice;
  ReadAloud reader(std::move(backend), nullptr);
  ASSERT_TRUE(reader.WaitUntilIdle(std::chrono::seconds(30)));
  EXPECT_EQ(reader.CurrentState(), ReadAloud::State::kNoSound);
  reader.Toggle("Hello", "en");
  EXPECT_EQ(reader.CurrentState(), ReadAloud::State::kNoSound);
}

}  // namespace
}  // namespace soundings::kiosk
