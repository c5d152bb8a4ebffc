#include "server/services/demo_rules.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "shared/sync/protocol.h"

namespace soundings::server::demo {

using nlohmann::json;

int Dice::Between(int lo, int hi) {
  const int span = hi - lo + 1;
  return lo + std::min(span - 1, static_cast<int>(Uniform() * span));
}

double Dice::Normal(double mean, double sd) {
  const double u1 = std::max(Uniform(), 1e-12);
  const double u2 = Uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::size_t Dice::Weighted(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += std::max(w, 0.0);
  double at = Uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    at -= std::max(weights[i], 0.0);
    if (at < 0) return i;
  }
  return weights.empty() ? 0 : weights.size() - 1;
}

std::string Dice::Uuid() {
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = m_engine();
    for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<unsigned char>(word >> (8 * k));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  const std::string hex = sync::ToHex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::vector<std::string> OptionValues(const Item& item) {
  std::vector<std::string> out;
  out.reserve(item.options.size());
  for (const auto& o : item.options) out.push_back(o.value);
  return out;
}

std::string Choose(Dice& dice, const Item& item, const std::map<std::string, double>& weights,
                   double rest) {
  std::vector<double> w;
  std::vector<std::string> values = OptionValues(item);
  for (const auto& v : values) {
    auto it = weights.find(v);
    w.push_back(it == weights.end() ? rest : it->second);
  }
  if (item.prefer_not_to_say) {
    values.emplace_back(kPreferNotToSay);
    auto it = weights.find(kPreferNotToSay);
    w.push_back(it == weights.end() ? rest : it->second);
  }
  return values[dice.Weighted(w)];
}

json ChooseSome(Dice& dice, const Item& item, const std::map<std::string, double>& weights, int lo,
                int hi, double rest) {
  std::vector<std::string> values = OptionValues(item);
  std::vector<double> w;
  for (const auto& v : values) {
    auto it = weights.find(v);
    w.push_back(it == weights.end() ? rest : it->second);
  }
  hi = std::min(hi, static_cast<int>(values.size()));
  if (item.max_picks) hi = std::min(hi, *item.max_picks);
  lo = std::max(lo, item.min_picks);
  lo = std::min(lo, hi);
  const int count = dice.Between(lo, hi);
  json out = json::array();
  for (int k = 0; k < count; ++k) {
    const std::size_t i = dice.Weighted(w);
    if (w[i] <= 0) break;
    out.push_back(values[i]);
    w[i] = 0;
  }
  if (out.size() < static_cast<std::size_t>(lo)) {
    for (std::size_t i = 0; i < values.size() && out.size() < static_cast<std::size_t>(lo); ++i) {
      if (w[i] > 0) out.push_back(values[i]);
    }
  }
  // Keep the options' order, as a kiosk's checkboxes do.
  json ordered = json::array();
  for (const auto& v : values) {
    if (std::find(out.begin(), out.end(), json(v)) != out.end()) ordered.push_back(v);
  }
  return ordered;
}

namespace {

// ---- checking a file: every problem with its JSON path ------------------------------------

const std::set<std::string> kBoolFacts = {"rural", "disabled"};
const std::set<std::string> kTextFacts = {"area", "settlement", "language",
                                          "age",  "district",   "group"};
const std::set<std::string> kBodies = {"answer",         "fact", "none",   "choose",
                                       "choose_some",    "test", "number", "between",
                                       "weighted_index", "text", "then"};

class Checker {
 public:
  explicit Checker(std::string file) : m_file(std::move(file)) {}
  Problems& problems() { return m_problems; }

  void Fail(const std::string& path, const std::string& message) {
    m_problems.push_back({m_file + ": " + path, message});
  }

  void Number(const json& n, const std::string& path) {
    if (n.is_number() || (n.is_string() && n == "mood")) return;
    if (!n.is_object() || (!n.contains("if") && n.size() != 1)) {
      return Fail(path, "must be a number, \"mood\" or one of add, sub, mul, if, normal, int");
    }
    if (n.contains("if")) {
      Condition(n["if"], path + ".if");
      if (!n.contains("then") || !n.contains("else") || n.size() != 3) {
        return Fail(path, "an if needs then and else");
      }
      Number(n["then"], path + ".then");
      Number(n["else"], path + ".else");
      return;
    }
    const auto first = n.begin();
    const std::string& op = first.key();
    const json& args = first.value();
    if (op == "int") return Number(args, path + ".int");
    if (op == "add" || op == "mul" || op == "sub" || op == "normal") {
      const bool pair = op == "sub" || op == "normal";
      if (!args.is_array() || args.empty() || (pair && args.size() != 2)) {
        return Fail(path + "." + op, pair ? "must list two numbers" : "must list numbers");
      }
      for (std::size_t i = 0; i < args.size(); ++i) {
        Number(args[i], path + "." + op + "[" + std::to_string(i) + "]");
      }
      return;
    }
    Fail(path, "unknown number operation \"" + op + "\"");
  }

  void Condition(const json& c, const std::string& path) {
    if (c.is_string()) {
      if (!kBoolFacts.contains(c.get<std::string>())) {
        Fail(path, "unknown fact \"" + c.get<std::string>() + "\" (rural, disabled)");
      }
      return;
    }
    if (!c.is_object() || c.size() != 1) {
      return Fail(path, "must be rural, disabled or one of is, chance, all, any, not");
    }
    const auto first = c.begin();
    const std::string& op = first.key();
    const json& args = first.value();
    if (op == "chance") return Number(args, path + ".chance");
    if (op == "not") return Condition(args, path + ".not");
    if (op == "is") {
      if (!args.is_array() || args.size() != 2 || !args[0].is_string() || !args[1].is_string() ||
          !kTextFacts.contains(args[0].get<std::string>())) {
        Fail(path + ".is",
             "must be [fact, text] with a fact of area, settlement, language, age, "
             "district, group");
      }
      return;
    }
    if (op == "all" || op == "any") {
      if (!args.is_array() || args.empty()) return Fail(path + "." + op, "must list conditions");
      for (std::size_t i = 0; i < args.size(); ++i) {
        Condition(args[i], path + "." + op + "[" + std::to_string(i) + "]");
      }
      return;
    }
    Fail(path, "unknown condition \"" + op + "\"");
  }

  void Weights(const json& w, const std::string& path) {
    if (!w.is_object()) return Fail(path, "must map option values to weights");
    for (const auto& [value, weight] : w.items()) Number(weight, path + "." + value);
  }

  void Rules(const json& rules, const std::string& path) {
    if (!rules.is_array()) return Fail(path, "must be a list of rules");
    for (std::size_t i = 0; i < rules.size(); ++i)
      Rule(rules[i], path + "[" + std::to_string(i) + "]");
  }

  void Rule(const json& rule, const std::string& path) {
    if (!rule.is_object()) return Fail(path, "must be an object");
    std::vector<std::string> bodies;
    for (const auto& [key, value] : rule.items()) {
      if (kBodies.contains(key)) bodies.push_back(key);
    }
    if (bodies.size() != 1) {
      return Fail(path,
                  "needs exactly one of answer, fact, none, choose, choose_some, test, "
                  "number, between, weighted_index, text, then");
    }
    const std::string& body = bodies.front();
    std::set<std::string> allowed = {"when", body};
    if (rule.contains("when")) Condition(rule["when"], path + ".when");
    const json& b = rule[body];
    const std::string at = path + "." + body;
    if (body == "fact") {
      if (!b.is_string() || !kTextFacts.contains(b.get<std::string>())) {
        Fail(at, "must name a text fact: area, settlement, language, age, district, group");
      }
    } else if (body == "none") {
      if (b != true) Fail(at, "must be true");
    } else if (body == "choose" || body == "choose_some") {
      Weights(b, at);
      allowed.insert("rest");
      if (rule.contains("rest")) Number(rule["rest"], path + ".rest");
      if (body == "choose_some") {
        allowed.insert({"min", "max"});
        for (const char* key : {"min", "max"}) {
          if (!rule.contains(key) || !rule[key].is_number_integer()) {
            Fail(path + "." + key, "must be a whole number");
          }
        }
      }
    } else if (body == "test") {
      Condition(b, at);
    } else if (body == "number") {
      Number(b, at);
      allowed.insert("clamp");
      const json& clamp = rule.value("clamp", json());
      if (!clamp.is_array() || clamp.size() != 2 || !clamp[0].is_number_integer() ||
          !clamp[1].is_number_integer()) {
        Fail(path + ".clamp", "must be [lowest, highest] whole numbers");
      }
    } else if (body == "between") {
      if (!b.is_array() || b.size() != 2) return Fail(at, "must be [lowest, highest]");
      Number(b[0], at + "[0]");
      Number(b[1], at + "[1]");
    } else if (body == "weighted_index") {
      if (!b.is_array() || b.empty()) return Fail(at, "must list weights");
      for (std::size_t i = 0; i < b.size(); ++i) Number(b[i], at + "[" + std::to_string(i) + "]");
      allowed.insert("plus");
      if (rule.contains("plus") && !rule["plus"].is_number_integer()) {
        Fail(path + ".plus", "must be a whole number");
      }
    } else if (body == "text") {
      Number(b, at);
    } else if (body == "then") {
      Rules(b, at);
    }
    for (const auto& [key, value] : rule.items()) {
      if (!allowed.contains(key)) Fail(path + "." + key, "is not allowed beside " + body);
    }
  }

  // The settings the generator reads; anything else is a typing mistake.
  void Settings(const json& settings) {
    if (!settings.is_object()) return Fail("settings", "must be an object");
    for (const auto& [key, value] : settings.items()) {
      const std::string path = "settings." + key;
      if (key == "skip_chance" || key == "answer_chance" || key == "comment_chance") {
        Number(value, path);
      } else if (key == "age_bands") {
        const json& values = value.value("values", json());
        const json& weights = value.value("weights", json());
        if (!values.is_array() || !weights.is_array() || values.empty() ||
            values.size() != weights.size()) {
          Fail(path, "must hold values and weights, two lists of the same length");
          continue;
        }
        for (std::size_t i = 0; i < weights.size(); ++i) {
          if (!values[i].is_string())
            Fail(path + ".values[" + std::to_string(i) + "]", "must be text");
          if (!weights[i].is_number()) {
            Fail(path + ".weights[" + std::to_string(i) + "]", "must be a number");
          }
        }
      } else if (key == "competency_means") {
        if (!value.is_object()) Fail(path, "must map competency ids to means");
        for (const auto& [id, mean] : value.items()) {
          if (!mean.is_number()) Fail(path + "." + id, "must be a number");
        }
      } else if (key == "comments") {
        if (!value.is_object()) Fail(path, "must map competency ids to strengths and development");
        for (const auto& [id, both] : value.items()) {
          for (const char* side : {"strengths", "development"}) {
            const json& texts = both.value(side, json());
            if (!texts.is_array() || texts.empty() ||
                !std::all_of(texts.begin(), texts.end(),
                             [](const json& t) { return t.is_string(); })) {
              Fail(path + "." + id + "." + side, "must be a non-empty list of texts");
            }
          }
        }
      } else {
        Fail(path, "is not a setting the demo reads");
      }
    }
  }

  void TextBank(const json& bank, const std::string& path,
                std::map<std::string, std::vector<std::string>>& into) {
    if (!bank.is_object()) return Fail(path, "must map item ids to lists of texts");
    for (const auto& [id, texts] : bank.items()) {
      if (!texts.is_array() || texts.empty() ||
          !std::all_of(texts.begin(), texts.end(), [](const json& t) { return t.is_string(); })) {
        Fail(path + "." + id, "must be a non-empty list of texts");
        continue;
      }
      if (into.contains(id)) {
        Fail(path + "." + id, "has texts in another file of the folder already");
        continue;
      }
      into[id] = texts.get<std::vector<std::string>>();
    }
  }

 private:
  std::string m_file;
  Problems m_problems;
};

// ---- running rules ---------------------------------------------------------------------------

enum class Outcome { kPass, kNone, kValue };

struct Step {
  Outcome outcome = Outcome::kPass;
  json value;
};

class Runner {
 public:
  Runner(const DemoAnswers& answers, Dice& dice, const Item& item, const Facts& facts)
      : m_answers(answers), m_dice(dice), m_item(item), m_facts(facts) {}

  double Number(const json& n) {
    if (n.is_number()) return n.get<double>();
    if (n.is_string()) return m_facts.mood;
    if (n.contains("if")) return Condition(n["if"]) ? Number(n["then"]) : Number(n["else"]);
    const auto first = n.begin();
    const std::string& op = first.key();
    const json& args = first.value();
    if (op == "int") return static_cast<double>(static_cast<int>(Number(args)));
    if (op == "sub") {
      const double a = Number(args[0]);
      return a - Number(args[1]);
    }
    if (op == "normal") {
      const double mean = Number(args[0]);
      const double sd = Number(args[1]);
      return m_dice.Normal(mean, sd);
    }
    double total = Number(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
      total = op == "add" ? total + Number(args[i]) : total * Number(args[i]);
    }
    return total;
  }

  // Left to right, stopping as C++'s && and || do: a chance not reached is not drawn.
  bool Condition(const json& c) {
    if (c.is_string()) return c == "rural" ? m_facts.rural : m_facts.disabled;
    const auto first = c.begin();
    const std::string& op = first.key();
    const json& args = first.value();
    if (op == "chance") return m_dice.Chance(Number(args));
    if (op == "not") return !Condition(args);
    if (op == "is") {
      auto fact = m_facts.text.find(args[0].get<std::string>());
      return fact != m_facts.text.end() && fact->second == args[1].get<std::string>();
    }
    for (const auto& each : args) {
      const bool holds = Condition(each);
      if (op == "all" && !holds) return false;
      if (op == "any" && holds) return true;
    }
    return op == "all";
  }

  Step Rules(const json& rules) {
    for (const auto& rule : rules) {
      if (rule.contains("when") && !Condition(rule["when"])) continue;
      Step r = Rule(rule);
      if (r.outcome != Outcome::kPass) return r;
    }
    return {};
  }

 private:
  static Step Value(json v) { return {Outcome::kValue, std::move(v)}; }

  // The weights of `weights` for the item's options (and kPreferNotToSay), evaluated in the
  // options' order.
  std::map<std::string, double> WeightsFor(const json& weights) {
    std::map<std::string, double> out;
    std::vector<std::string> values = OptionValues(m_item);
    values.emplace_back(kPreferNotToSay);
    for (const auto& v : values) {
      if (auto it = weights.find(v); it != weights.end()) out[v] = Number(*it);
    }
    return out;
  }

  Step Rule(const json& rule) {
    if (rule.contains("answer")) return Value(rule["answer"]);
    if (rule.contains("fact")) {
      auto fact = m_facts.text.find(rule["fact"].get<std::string>());
      return Value(fact == m_facts.text.end() ? json("") : json(fact->second));
    }
    if (rule.contains("none")) return {Outcome::kNone, json()};
    if (rule.contains("choose")) {
      const double rest = rule.contains("rest") ? Number(rule["rest"]) : 0.0;
      return Value(Choose(m_dice, m_item, WeightsFor(rule["choose"]), rest));
    }
    if (rule.contains("choose_some")) {
      const double rest = rule.contains("rest") ? Number(rule["rest"]) : 0.3;
      return Value(ChooseSome(m_dice, m_item, WeightsFor(rule["choose_some"]),
                              rule["min"].get<int>(), rule["max"].get<int>(), rest));
    }
    if (rule.contains("test")) return Value(Condition(rule["test"]));
    if (rule.contains("number")) {
      const double x = Number(rule["number"]);
      return Value(std::clamp(static_cast<int>(std::lround(x)), rule["clamp"][0].get<int>(),
                              rule["clamp"][1].get<int>()));
    }
    if (rule.contains("between")) {
      const int lo = static_cast<int>(Number(rule["between"][0]));
      const int hi = static_cast<int>(Number(rule["between"][1]));
      return Value(m_dice.Between(lo, hi));
    }
    if (rule.contains("weighted_index")) {
      std::vector<double> weights;
      for (const auto& w : rule["weighted_index"]) weights.push_back(Number(w));
      return Value(rule.value("plus", 0) + static_cast<int>(m_dice.Weighted(weights)));
    }
    if (rule.contains("text")) {
      auto text = m_answers.Text(m_dice, m_item, Number(rule["text"]));
      if (!text) return {Outcome::kNone, json()};
      return Value(std::move(*text));
    }
    return Rules(rule["then"]);
  }

  const DemoAnswers& m_answers;
  Dice& m_dice;
  const Item& m_item;
  const Facts& m_facts;
};

}  // namespace

Result<DemoAnswers> DemoAnswers::Load(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  if (error || files.empty()) {
    return Problem{dir.string(),
                   "has no demo answer files (*.json); the demo is made from them, so init "
                   "--demo needs the bundled templates/demo folder"};
  }
  std::sort(files.begin(), files.end());  // the same order, so the same error on every machine
  DemoAnswers out;
  Problems problems;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    Checker check("demo/" + name);
    std::ifstream in(path, std::ios::binary);
    const json doc = json::parse(in, nullptr, false);
    if (!doc.is_object()) {
      problems.push_back({dir.string() + "/" + name, "is not a JSON object"});
      continue;
    }
    const json& owner = doc.contains("template") ? doc["template"] : doc.value("module", json());
    if (!owner.is_string() || owner.get<std::string>().empty()) {
      check.Fail("template", "must name the template (or \"module\") the rules are for");
    } else if (out.m_files.contains(owner.get<std::string>())) {
      check.Fail("template", "another file holds the rules of " + owner.get<std::string>());
    }
    File file;
    for (const auto& [key, value] : doc.items()) {
      if (key == "template" || key == "module" || key == "about") continue;
      if (key == "items" || key == "by_type") {
        if (!value.is_object()) {
          check.Fail(key, "must map ids to lists of rules");
          continue;
        }
        for (const auto& [id, rules] : value.items()) check.Rules(rules, key + "." + id);
        (key == "items" ? file.items : file.by_type) = value;
      } else if (key == "text") {
        check.TextBank(value, key, out.m_texts);
      } else if (key == "text_by_suffix") {
        check.TextBank(value, key, out.m_by_suffix);
      } else if (key == "settings") {
        check.Settings(value);
        if (value.is_object()) file.settings = value;
      } else {
        check.Fail(key, "is not a key of a demo answer file");
      }
    }
    problems.insert(problems.end(), check.problems().begin(), check.problems().end());
    if (owner.is_string()) out.m_files[owner.get<std::string>()] = std::move(file);
  }
  if (!problems.empty()) return problems;
  return out;
}

std::optional<json> DemoAnswers::Answer(const std::string& owner, const Item& item, Dice& dice,
                                        const Facts& facts) const {
  auto file = m_files.find(owner);
  if (file == m_files.end()) return std::nullopt;
  const json* rules = nullptr;
  if (auto own = file->second.items.find(item.id); own != file->second.items.end()) {
    rules = &*own;
  } else if (auto typed = file->second.by_type.find(ToString(item.type));
             typed != file->second.by_type.end()) {
    rules = &*typed;
  }
  if (rules == nullptr) return std::nullopt;
  auto result = Runner(*this, dice, item, facts).Rules(*rules);
  if (result.outcome != Outcome::kValue) return std::nullopt;
  return std::move(result.value);
}

std::optional<json> DemoAnswers::Text(Dice& dice, const Item& item, double probability) const {
  if (!item.required && !dice.Chance(probability)) return std::nullopt;
  if (auto it = m_texts.find(item.id); it != m_texts.end()) return json(dice.Pick(it->second));
  for (const auto& [suffix, texts] : m_by_suffix) {
    if (item.id.ends_with(suffix)) return json(dice.Pick(texts));
  }
  if (item.required) return json("No comment.");
  return std::nullopt;
}

const json& DemoAnswers::Setting(const std::string& owner, const std::string& key) const {
  static const json kNull;
  auto file = m_files.find(owner);
  if (file == m_files.end()) return kNull;
  auto it = file->second.settings.find(key);
  return it == file->second.settings.end() ? kNull : *it;
}

double DemoAnswers::Number(const std::string& owner, const std::string& key, Dice& dice,
                           const Facts& facts) const {
  static const Item kNoItem;
  const json& setting = Setting(owner, key);
  if (setting.is_null()) return 0.0;
  return Runner(*this, dice, kNoItem, facts).Number(setting);
}

}  // namespace soundings::server::demo
