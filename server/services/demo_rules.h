#pragma once
// How the demo's respondents answer, as data: templates/demo/*.json hold, per template (or
// module) and item, the rules that pick an answer (option weights, chances, numbers drawn around
// a respondent's mood) and the free-text answers to pick from. `init --demo` reads them
// (DemoAnswers::Load) and the demo's generator (demo_responses.cpp) runs them with its fixed-seed
// dice. A rule draws from the dice exactly as written, in order, so the same files and seed
// always make the same demo. The rule language is described in templates/demo/README.md.

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings::server::demo {

/// Draws from std::mt19937 only through our own arithmetic: the standard distributions are not
/// specified bit for bit, so they could make a different demo on another standard library.
class Dice {
 public:
  explicit Dice(std::uint32_t seed) : m_engine(seed) {}

  double Uniform() { return static_cast<double>(m_engine()) / 4294967296.0; }
  bool Chance(double p) { return Uniform() < p; }
  /// A whole number from lo to hi, both included.
  int Between(int lo, int hi);
  double Normal(double mean, double sd);
  /// An index drawn by `weights` (negative weights count as 0).
  std::size_t Weighted(const std::vector<double>& weights);
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Between(0, static_cast<int>(values.size()) - 1))];
  }
  /// A UUID v4 made of drawn bits, so reruns hand in the same ids.
  std::string Uuid();

 private:
  std::mt19937 m_engine;
};

/// The values of an item's options, in the template's order.
std::vector<std::string> OptionValues(const Item& item);
/// One option of `item` drawn by `weights` (by option value; kPreferNotToSay too when the item
/// offers it); options without a weight get `rest`.
std::string Choose(Dice& dice, const Item& item, const std::map<std::string, double>& weights,
                   double rest);
/// Between `lo` and `hi` distinct options (within the item's own limits), each drawn by weight,
/// in the options' order as a kiosk's checkboxes keep them.
nlohmann::json ChooseSome(Dice& dice, const Item& item,
                          const std::map<std::string, double>& weights, int lo, int hi,
                          double rest);

/// What a rule may ask about the respondent.
struct Facts {
  double mood = 0.5;  // 0..1: how favourably this person answers
  bool rural = false;
  bool disabled = false;
  // Text facts, by the names rules use ({"is": ["area", "north"]}, {"fact": "district"}).
  std::map<std::string, std::string> text;
};

/// The rules and free text of every file of templates/demo, ready to run.
class DemoAnswers {
 public:
  /// Reads every *.json of `dir`; each problem names the file and the JSON path. A folder with
  /// no such file is a problem too: the demo cannot be made without them.
  static Result<DemoAnswers> Load(const std::filesystem::path& dir);

  /// Whether templates/demo has a file for `owner` (a template or module id).
  bool Has(const std::string& owner) const { return m_files.contains(owner); }

  /// Runs `owner`'s rules for `item` (its own, else those of its type): the answer, or nullopt
  /// when there are no rules for it or they give none.
  std::optional<nlohmann::json> Answer(const std::string& owner, const Item& item, Dice& dice,
                                       const Facts& facts) const;
  /// A free-text answer with `probability` (always for a required item): one of the texts for
  /// the item's id, else for its id's ending ("_evidence"), else "No comment." when required.
  std::optional<nlohmann::json> Text(Dice& dice, const Item& item, double probability) const;
  /// A setting of `owner`'s file ("settings": {...}); null when absent.
  const nlohmann::json& Setting(const std::string& owner, const std::string& key) const;
  /// A number setting, evaluated as a rule number (it may draw or ask the facts).
  double Number(const std::string& owner, const std::string& key, Dice& dice,
                const Facts& facts) const;

 private:
  struct File {
    nlohmann::json items = nlohmann::json::object();    // item id -> rules
    nlohmann::json by_type = nlohmann::json::object();  // item type -> rules
    nlohmann::json settings = nlohmann::json::object();
  };
  std::map<std::string, File> m_files;                          // by template or module id
  std::map<std::string, std::vector<std::string>> m_texts;      // by item id
  std::map<std::string, std::vector<std::string>> m_by_suffix;  // by item id ending
};

}  // namespace soundings::server::demo
