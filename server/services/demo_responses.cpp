#include "server/services/demo_responses.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "shared/answers/answers.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

namespace {

using nlohmann::json;

// Change it and every demo changes: tests assert shapes (suppression, cross-tabs), not values.
constexpr std::uint32_t kDemoSeed = 20261128;
// Responses per ingest call, well under sync::kMaxBatchResponses like a kiosk's batches.
constexpr std::size_t kBatchSize = 200;

// Draws from std::mt19937 only through our own arithmetic: the standard distributions are not
// specified bit for bit, so they could make a different demo on another standard library.
class Dice {
 public:
  explicit Dice(std::uint32_t seed) : m_engine(seed) {}

  double Uniform() { return static_cast<double>(m_engine()) / 4294967296.0; }
  bool Chance(double p) { return Uniform() < p; }
  // A whole number from lo to hi, both included.
  int Between(int lo, int hi) {
    const int span = hi - lo + 1;
    return lo + std::min(span - 1, static_cast<int>(Uniform() * span));
  }
  double Normal(double mean, double sd) {
    const double u1 = std::max(Uniform(), 1e-12);
    const double u2 = Uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::size_t Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += std::max(w, 0.0);
    double at = Uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      at -= std::max(weights[i], 0.0);
      if (at < 0) return i;
    }
    return weights.empty() ? 0 : weights.size() - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Between(0, static_cast<int>(values.size()) - 1))];
  }
  // A UUID v4 made of drawn bits, so reruns hand in the same ids.
  std::string Uuid() {
    std::array<unsigned char, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
      const std::uint32_t word = m_engine();
      for (std::size_t k = 0; k < 4; ++k)
        bytes[i + k] = static_cast<unsigned char>(word >> (8 * k));
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    const std::string hex = sync::ToHex(bytes.data(), bytes.size());
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
  }

 private:
  std::mt19937 m_engine;
};

double Clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

// The scale point at `favourable` (0 least, 1 most favourable of the scale's points).
json ScalePoint(const Scale& scale, double favourable) {
  const std::size_t n = scale.points.size();
  if (n == 0) return nullptr;
  const auto index = static_cast<std::size_t>(std::lround(Clamp01(favourable) * double(n - 1)));
  const double value = scale.points[std::min(index, n - 1)].value;
  if (value == std::floor(value)) return static_cast<int>(value);
  return value;
}

std::vector<std::string> OptionValues(const Item& item) {
  std::vector<std::string> out;
  out.reserve(item.options.size());
  for (const auto& o : item.options) out.push_back(o.value);
  return out;
}

// Weights by option value; options without a weight get `rest`.
std::string Choose(Dice& dice, const Item& item, const std::map<std::string, double>& weights,
                   double rest = 0.0) {
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

// Several distinct options, each drawn by weight; between lo and hi of them.
json ChooseSome(Dice& dice, const Item& item, const std::map<std::string, double>& weights, int lo,
                int hi, double rest = 0.3) {
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

// What one respondent's answerer decides for one item: an answer, or none (skipped).
using Answerer = std::function<std::optional<json>(const Section&, const Item&, const Answers&)>;

// Answers in the order a kiosk asks, only for items shown given the answers so far.
Answers Walk(const Template& tmpl, const AnswerContext& ctx, const Answerer& answer) {
  Answers answers;
  for (const auto& section : tmpl.sections) {
    if (!IsVisible(tmpl, section, answers, ctx)) continue;
    for (const auto& item : section.items) {
      if (!IsVisible(tmpl, section, item, answers, ctx)) continue;
      if (auto value = answer(section, item, answers); value && !value->is_null()) {
        answers[item.id] = std::move(*value);
      }
    }
  }
  // A later answer may hide an earlier question; the kiosk drops such answers too.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& section : tmpl.sections) {
      for (const auto& item : section.items) {
        if (answers.contains(item.id) && !IsVisible(tmpl, section, item, answers, ctx)) {
          answers.erase(item.id);
          changed = true;
        }
      }
    }
  }
  return answers;
}

// ---- Free text -------------------------------------------------------------------------------

const std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>>&
CompetencyComments() {
  static const std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>>
      kComments = {
          {"line_of_sight",
           {{"Always links our work back to the council plan.",
             "Explains why a priority matters, not just what it is."},
            {"Priorities change without us hearing why.",
             "Team objectives could be tied more clearly to outcomes for residents."}}},
          {"partners_integration",
           {{"Brilliant with health colleagues; the joint panel works because of them.",
             "Builds trust with the voluntary sector."},
            {"Tends to solve problems inside the team rather than with partners.",
             "Could bring district colleagues in earlier."}}},
          {"customer_focus",
           {{"Puts residents first in every decision.", "Acts quickly on complaints."},
            {"Feedback from residents is collected but rarely acted on.",
             "Could spend more time on the front line."}}},
          {"value_for_money",
           {{"Knows the budget inside out.", "Found real savings without cutting the service."},
            {"Budget updates come late.", "Could use in-house skills before buying in."}}},
          {"developing_people",
           {{"A generous coach.", "Gives people stretch opportunities."},
            {"One-to-ones are often cancelled.", "Could share their expertise more widely."}}},
          {"cultural_change",
           {{"Leads by example through the restructure.", "Open to new ways of working."},
            {"Holds on to old processes.", "Change is announced rather than explained."}}},
          {"communication",
           {{"Listens before deciding.", "Team briefings are clear and regular."},
            {"Share plans earlier, please.", "Emails late at night set the wrong tone."}}},
          {"performance_management",
           {{"Recognises good work publicly.", "Deals with issues promptly and fairly."},
            {"Performance data is not used in decisions.",
             "Difficult conversations are put off."}}},
      };
  return kComments;
}

const std::map<std::string, std::vector<std::string>>& TextBank() {
  static const std::map<std::string, std::vector<std::string>> kBank = {
      // me-my-life-my-community
      {"neighbourhood", {"Between two estates", "Near the bypass", "New houses by the school"}},
      {"places_other", {"Allotments", "Football club", "Youth club", "Soft play"}},
      {"activities_other", {"Scouts", "Dance classes", "Fishing with grandad"}},
      {"places_out_of_reach",
       {"The swimming pool: the bus does not run on Sundays.", "The leisure centre is too dear.",
        "Parks in town are too far without a car.", "The beach: no bus from our village."}},
      {"works_well",
       {"The library's story time is wonderful.", "Friendly neighbours who look out for us.",
        "The new play park.", "Good schools and a strong community.", "Lots of green space."}},
      {"could_be_better",
       {"More buses, especially in the evening.", "Cheaper activities for children.",
        "Street lighting on the way to school.", "Somewhere for teenagers to go.",
        "Fix the potholes on the estate roads."}},
      {"good_place_change",
       {"Nothing for young people to do.", "Traffic outside the school is dangerous.",
        "Litter and dog mess in the park."}},
      {"unsafe_reasons",
       {"Groups gathering by the shops at night.", "Speeding cars on our road.",
        "No lights on the path to the bus stop."}},
      {"hopes_child",
       {"That they can stay here and find a good job.", "To grow up healthy and happy.",
        "To go to university."}},
      {"hopes_community",
       {"A community centre that stays open.", "More events that bring people together.",
        "Safer streets."}},
      {"one_change",
       {"More buses", "A youth club", "Cheaper swimming", "Safer crossings", "A bigger library"}},
      // combined-authority-consultation
      {"respondent_type_other", {"Student", "Retired councillor"}},
      {"organisation_name",
       {"Market Harborough Business Forum", "Wreake Valley Community Trust",
        "Melton Parish Council", "Leicestershire Fire and Rescue"}},
      {"proposal_reasons",
       {"Transport needs planning across the whole area.",
        "Decisions would move even further away from villages.",
        "We would get a fairer share of government money.",
        "Another layer of politicians is not what we need."}},
      {"concerns_detail",
       {"Rural areas will be outvoted by the city.", "Who will the mayor answer to?",
        "Council tax will go up to pay for it."}},
      {"rural_needs",
       {"Bus services that actually connect villages.", "Broadband that works.",
        "Affordable homes for young people in villages."}},
      {"other_comments",
       {"Please publish the results.", "The consultation documents were clear.",
        "Hold meetings in the market towns, not only in the city."}},
      {"top_priorities_other", {"Flood defences", "Road maintenance"}},
      // customer-service-feedback
      {"contact_reason",
       {"Missed bin collection", "Council tax direct debit", "Housing repair", "Planning query",
        "Change of address"}},
      {"dissatisfied_reason",
       {"I had to explain my problem three times.", "Nobody called me back.",
        "The website sent me round in circles."}},
      {"improvement",
       {"Call back when you say you will.", "One person who follows it through.",
        "Longer opening hours at the hub.", "A website that works on my phone."}},
      // equality monitoring
      {"eq_gender_identity_described", {"Non-binary"}},
      {"eq_ethnicity_described", {"Kurdish", "Latin American"}},
      // me2e-self-assessment
      {"focus_reason",
       {"It scored lowest and matters most to residents.",
        "Partners told us this is where we fall short.", "The new structure makes this urgent."}},
      {"improvement_actions",
       {"Monthly briefings; a shared action log; two job shadowing days a quarter.",
        "Joint case reviews with health; one referral form."}},
      {"impact_measures",
       {"Staff survey scores; time to first contact.", "Complaints resolved first time."}},
      {"support_other", {"Time with the performance team"}},
  };
  return kBank;
}

std::optional<json> Text(Dice& dice, const Item& item, double probability) {
  if (!item.required && !dice.Chance(probability)) return std::nullopt;
  const auto& bank = TextBank();
  if (auto it = bank.find(item.id); it != bank.end()) return json(dice.Pick(it->second));
  const bool evidence = item.id.ends_with("_evidence");
  const bool improvement = item.id.ends_with("_improvement");
  if (evidence) {
    static const std::vector<std::string> kEvidence = {
        "Service plan 2026/27; team meeting notes.", "Case audit results, quarter two.",
        "Partner feedback from the joint board.", "Staff survey and appraisal records."};
    return json(dice.Pick(kEvidence));
  }
  if (improvement) {
    static const std::vector<std::string> kImprovement = {
        "Agree three team objectives with the service lead.", "Start a monthly partner huddle.",
        "Use the performance dashboard at every team meeting."};
    return json(dice.Pick(kImprovement));
  }
  if (item.required) return json("No comment.");
  return std::nullopt;
}

// ---- Dates -----------------------------------------------------------------------------------

struct Times {
  std::string started_at;
  std::string completed_at;
};

// A time on one of the `days` days before `now`'s day (never today), in opening hours.
Times InOpeningHours(Dice& dice, TimePoint now, int first_day, int last_day, int duration) {
  using std::chrono::days;
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  const auto today = std::chrono::floor<days>(now);
  const auto day = today - days(dice.Between(first_day, last_day));
  const auto start = day + hours(9) + minutes(dice.Between(0, 7 * 60 + 30));
  const auto end =
      start + minutes(std::max(2, duration + dice.Between(-2, 6))) + seconds(dice.Between(0, 59));
  return {FormatRfc3339(std::chrono::time_point_cast<TimePoint::duration>(start)),
          FormatRfc3339(std::chrono::time_point_cast<TimePoint::duration>(end))};
}

sync::ResponseRecord Record(Dice& dice, const CampaignRow& campaign, const Times& times) {
  sync::ResponseRecord r;
  r.uuid = dice.Uuid();
  r.campaign_id = campaign.id;
  r.template_id = campaign.template_id;
  r.template_version = campaign.template_version;
  r.language = "en";
  r.started_at = times.started_at;
  r.completed_at = times.completed_at;
  return r;
}

// ---- The 360 ---------------------------------------------------------------------------------

// Per subject, how many of their invited peers and staff answered. Every subject leaves at
// least one group below its minimum (peers 3, staff 3), so every report shows "fewer than 3";
// others always reach 3, so "all others" is shown.
constexpr std::array<int, 12> kPeersAnswering{2, 3, 4, 2, 3, 2, 4, 3, 2, 3, 2, 4};
constexpr std::array<int, 12> kStaffAnswering{4, 2, 2, 3, 1, 4, 2, 2, 3, 2, 4, 2};
constexpr int kSubjectWithoutSelf = 7;
constexpr int kSubjectWithoutManager = 10;

// Others' average rating of the organisation's managers per competency, on 1..5: strong on
// communication and customers, weak on value for money, so the organisation page has training
// needs to show.
const std::map<std::string, double> kCompetencyMean = {
    {"line_of_sight", 3.1},   {"partners_integration", 3.6},  {"customer_focus", 3.9},
    {"value_for_money", 2.7}, {"developing_people", 3.3},     {"cultural_change", 3.0},
    {"communication", 3.8},   {"performance_management", 2.9}};

struct Profile360 {
  std::map<std::string, double> level;      // section -> what others see, 1..5
  std::map<std::string, double> self_bias;  // section -> how the subject sees themself
};

Profile360 MakeProfile(Dice& dice, const Template& tmpl, double team_effect) {
  Profile360 p;
  const double subject_effect = dice.Normal(0, 0.35);
  const double self_bias = dice.Normal(0.25, 0.35);
  for (const auto& section : tmpl.sections) {
    if (!section.competency) continue;
    auto base = kCompetencyMean.find(section.id);
    const double mean = base == kCompetencyMean.end() ? 3.3 : base->second;
    p.level[section.id] = mean + team_effect + subject_effect + dice.Normal(0, 0.35);
    // A blind spot or a hidden strength now and then: the self view moves a long way.
    double bias = self_bias + dice.Normal(0, 0.3);
    if (dice.Chance(0.15)) bias += 1.4;
    if (dice.Chance(0.1)) bias -= 1.4;
    p.self_bias[section.id] = bias;
  }
  return p;
}

Answerer Answer360(Dice& dice, const Template& tmpl, const Profile360& profile,
                   const std::string& group) {
  const double leniency = group == "self" ? 0.0 : dice.Normal(0, 0.3);
  return [&dice, &tmpl, &profile, group, leniency](const Section& section, const Item& item,
                                                   const Answers&) -> std::optional<json> {
    if (item.type == ItemType::kSingleChoice) {
      if (group == "staff") {
        return Choose(dice, item,
                      {{"under_six_months", 0.2},
                       {"six_months_to_two_years", 0.45},
                       {"over_two_years", 0.35}},
                      0.1);
      }
      return Choose(
          dice, item,
          {{"under_six_months", 0.1}, {"six_months_to_two_years", 0.35}, {"over_two_years", 0.55}},
          0.1);
    }
    if (item.type == ItemType::kLikert) {
      const Scale* scale = tmpl.FindScale(item.scale);
      if (scale == nullptr) return std::nullopt;
      // Peers and staff cannot always see budgets.
      if (scale->not_applicable && group != "self" && group != "manager" &&
          section.id == "value_for_money" && dice.Chance(0.06)) {
        return json(kNotApplicable);
      }
      auto level = profile.level.find(section.id);
      double rating =
          (level == profile.level.end() ? 3.3 : level->second) + leniency + dice.Normal(0, 0.55);
      if (group == "self") rating += profile.self_bias.at(section.id);
      double good = (rating - 1.0) / 4.0;
      if (item.reverse_scored) good = 1.0 - good;
      return ScalePoint(*scale, good);
    }
    if (item.type == ItemType::kLongText && item.comment) {
      if (!dice.Chance(group == "self" ? 0.3 : 0.22)) return std::nullopt;
      auto bank = CompetencyComments().find(section.id);
      if (bank == CompetencyComments().end()) return std::nullopt;
      const bool strengths = item.id.ends_with("_strengths");
      return json(dice.Pick(strengths ? bank->second.first : bank->second.second));
    }
    if (item.required) return Text(dice, item, 1.0);
    return std::nullopt;
  };
}

// ---- The self-assessment ---------------------------------------------------------------------

// Team members of each team who answered; the fourth team's two stay below the minimum of 3.
constexpr std::array<int, 6> kMembersAnswering{4, 3, 3, 2, 4, 3};
constexpr int kTeamWithoutLead = 5;

Answerer AnswerSelfAssessment(Dice& dice, const Template& tmpl,
                              const std::map<std::string, double>& maturity,
                              const std::string& group) {
  const double leniency = group == "service_lead" ? 0.3 : dice.Normal(0, 0.25);
  return [&dice, &tmpl, &maturity, leniency](const Section& section, const Item& item,
                                             const Answers& so_far) -> std::optional<json> {
    switch (item.type) {
      case ItemType::kLikert: {
        const Scale* scale = tmpl.FindScale(item.scale);
        if (scale == nullptr) return std::nullopt;
        auto m = maturity.find(section.id);
        const double level =
            (m == maturity.end() ? 0.55 : m->second) + leniency * 0.25 + dice.Normal(0, 0.17);
        return ScalePoint(*scale, item.reverse_scored ? 1.0 - level : level);
      }
      case ItemType::kSingleChoice: {
        // The focus: the competency this respondent scored lowest.
        std::string lowest;
        double lowest_mean = 1e9;
        for (const auto& s : tmpl.sections) {
          double sum = 0;
          int n = 0;
          for (const auto& i : s.items) {
            auto a = so_far.find(i.id);
            if (i.type == ItemType::kLikert && a != so_far.end() && a->second.is_number()) {
              sum += a->second.get<double>();
              ++n;
            }
          }
          if (n > 0 && sum / n < lowest_mean &&
              std::any_of(item.options.begin(), item.options.end(),
                          [&](const Option& o) { return o.value == s.id; })) {
            lowest_mean = sum / n;
            lowest = s.id;
          }
        }
        if (!lowest.empty()) return json(lowest);
        return json(dice.Pick(OptionValues(item)));
      }
      case ItemType::kMultipleChoice:
        if (!dice.Chance(0.7)) return std::nullopt;
        return ChooseSome(dice, item,
                          {{"corporate_training", 0.5},
                           {"peer_coaching", 0.8},
                           {"mentoring", 0.6},
                           {"partner_time", 0.4},
                           {"learning_package", 0.3},
                           {"other", 0.1}},
                          1, 2);
      case ItemType::kShortText:
        return Text(dice, item, 0.55);
      case ItemType::kLongText:
        return Text(dice, item, item.id == "focus_reason" ? 0.6 : 0.35);
      default:
        return std::nullopt;
    }
  };
}

// ---- Consultations ---------------------------------------------------------------------------

struct Resident {
  const VenueRow* venue = nullptr;
  std::string language = "en";
  double mood = 0.5;  // 0..1: how favourably this person answers
  std::string age;    // eq_age_band value, drawn first so other answers can depend on it
  bool disabled = false;
  bool rural = false;
  std::string district;  // combined authority: the area answered
};

std::string AgeBand(Dice& dice, const std::string& template_id) {
  static const std::vector<std::string> kBands = {"under_16",  "age_16_24",  "age_25_34",
                                                  "age_35_44", "age_45_54",  "age_55_64",
                                                  "age_65_74", "age_75_plus"};
  // The family consultation reaches parents; the others reach everyone, older people most.
  const std::vector<double> families = {0.01, 0.07, 0.27, 0.33, 0.15, 0.08, 0.06, 0.03};
  const std::vector<double> everyone = {0.01, 0.07, 0.12, 0.15, 0.17, 0.18, 0.18, 0.12};
  return kBands[dice.Weighted(template_id == "me-my-life-my-community" ? families : everyone)];
}

std::optional<json> EqualityAnswer(Dice& dice, const Item& item, const Resident& who) {
  if (item.id == "eq_age_band") {
    return json(dice.Chance(0.04) ? std::string(kPreferNotToSay) : who.age);
  }
  if (item.id == "eq_sex") {
    return json(Choose(dice, item, {{"female", 0.6}, {"male", 0.37}, {kPreferNotToSay, 0.03}}));
  }
  if (item.id == "eq_gender_identity") {
    return json(Choose(dice, item, {{"yes", 0.95}, {"no", 0.01}, {kPreferNotToSay, 0.04}}));
  }
  if (item.id == "eq_disability") {
    if (dice.Chance(0.04)) return json(kPreferNotToSay);
    return json(who.disabled ? "yes" : "no");
  }
  if (item.id == "eq_disability_type") {
    if (dice.Chance(0.1)) return json::array({kPreferNotToSay});
    return ChooseSome(dice, item,
                      {{"long_term_illness", 0.5},
                       {"physical", 0.45},
                       {"mental_health", 0.35},
                       {"sensory", 0.2},
                       {"learning", 0.1},
                       {"other", 0.05}},
                      1, 2);
  }
  if (item.id == "eq_ethnicity") {
    if (who.language == "pl") return json("white_other");
    const bool town = who.venue != nullptr && who.venue->settlement == "urban";
    return json(Choose(dice, item,
                       {{"white_british", town ? 0.8 : 0.92},
                        {"white_irish", 0.01},
                        {"white_gypsy_traveller", town ? 0.005 : 0.015},
                        {"white_other", town ? 0.05 : 0.02},
                        {"mixed", 0.02},
                        {"asian", town ? 0.05 : 0.01},
                        {"black", town ? 0.015 : 0.003},
                        {"arab", 0.005},
                        {"other", 0.005},
                        {kPreferNotToSay, 0.03}}));
  }
  if (item.id == "eq_religion") {
    return json(Choose(dice, item,
                       {{"none", 0.36},
                        {"christian", 0.5},
                        {"muslim", 0.03},
                        {"hindu", 0.01},
                        {"buddhist", 0.005},
                        {"jewish", 0.005},
                        {"sikh", 0.005},
                        {"other", 0.01},
                        {kPreferNotToSay, 0.07}}));
  }
  if (item.id == "eq_sexual_orientation") {
    return json(Choose(dice, item,
                       {{"heterosexual", 0.87},
                        {"gay_lesbian", 0.025},
                        {"bisexual", 0.025},
                        {"other", 0.005},
                        {kPreferNotToSay, 0.075}}));
  }
  if (item.id == "eq_carer") {
    return json(Choose(dice, item,
                       {{"no", 0.8},
                        {"up_to_19_hours", 0.1},
                        {"hours_20_to_49", 0.03},
                        {"hours_50_plus", 0.04},
                        {kPreferNotToSay, 0.03}}));
  }
  return std::nullopt;
}

// What a resident answers where no item-specific rule applies: driven by their mood.
std::optional<json> DefaultAnswer(Dice& dice, const Template& tmpl, const Item& item,
                                  const Resident& who) {
  const double level = Clamp01(who.mood + dice.Normal(0, 0.15));
  switch (item.type) {
    case ItemType::kLikert: {
      const Scale* scale = tmpl.FindScale(item.scale);
      if (scale == nullptr) return std::nullopt;
      return ScalePoint(*scale, item.reverse_scored ? 1.0 - level : level);
    }
    case ItemType::kMatrix: {
      const Scale* scale = tmpl.FindScale(item.scale);
      if (scale == nullptr) return std::nullopt;
      json rows = json::object();
      for (const auto& row : item.rows) {
        if (scale->not_applicable && !item.required && dice.Chance(0.04)) {
          rows[row.id] = kNotApplicable;
          continue;
        }
        const double cell = Clamp01(who.mood + dice.Normal(0, 0.2));
        rows[row.id] = ScalePoint(*scale, row.reverse_scored ? 1.0 - cell : cell);
      }
      return rows;
    }
    case ItemType::kYesNo:
      return json(dice.Chance(0.2 + 0.65 * who.mood));
    case ItemType::kRating:
      return json(static_cast<int>(std::lround(10.0 * level)));
    case ItemType::kNumber: {
      const int lo = item.min ? static_cast<int>(std::ceil(*item.min)) : 0;
      const int hi = item.max ? static_cast<int>(std::floor(*item.max)) : lo + 10;
      return json(dice.Between(lo, std::min(hi, lo + 10)));
    }
    case ItemType::kSingleChoice: {
      // Earlier options for the more content, so segments differ.
      const std::size_t n = item.options.size();
      const double u = std::pow(dice.Uniform(), 0.6 + (1.0 - who.mood) * 1.2);
      return json(item.options[std::min(n - 1, static_cast<std::size_t>(u * double(n)))].value);
    }
    case ItemType::kMultipleChoice:
      return ChooseSome(dice, item, {{"other", 0.05}}, 1, 3, 0.4);
    case ItemType::kRanking: {
      std::vector<std::string> values = OptionValues(item);
      for (std::size_t i = values.size(); i > 1; --i) {
        std::swap(values[i - 1], values[static_cast<std::size_t>(dice.Between(0, int(i) - 1))]);
      }
      return json(values);
    }
    case ItemType::kShortText:
    case ItemType::kLongText:
      return Text(dice, item, 0.3);
  }
  return std::nullopt;
}

std::optional<json> CommunityAnswer(Dice& dice, const Item& item, const Resident& who) {
  const std::string area = who.venue ? who.venue->area : "north";
  const std::string settlement = who.venue ? who.venue->settlement : "urban";
  if (item.id == "relationship") {
    return json(Choose(dice, item,
                       {{"parent", 0.62},
                        {"guardian", 0.04},
                        {"grandparent", 0.14},
                        {"other_family", 0.08},
                        {"community", 0.12}}));
  }
  if (item.id == "area") {
    if (dice.Chance(0.05)) return json("not_sure");
    if (dice.Chance(0.06)) return json(area == "north" ? "south" : "north");
    return json(area);
  }
  if (item.id == "urban_rural") {
    if (dice.Chance(0.08)) return std::nullopt;
    return json(dice.Chance(0.9) ? settlement : (settlement == "urban" ? "rural" : "urban"));
  }
  if (item.id == "household_size") {
    return json(1 + static_cast<int>(dice.Weighted({0.06, 0.2, 0.3, 0.26, 0.12, 0.04, 0.02})));
  }
  if (item.id == "family_meals" || item.id == "active_days") {
    return json(
        std::clamp(static_cast<int>(std::lround(dice.Normal(2.0 + 4.0 * who.mood, 1.3))), 0, 7));
  }
  if (item.id == "fruit_veg") {
    return json(Choose(dice, item,
                       {{"none", 0.04},
                        {"one_two", 0.3 - 0.15 * who.mood},
                        {"three_four", 0.35},
                        {"five_plus", 0.1 + 0.3 * who.mood},
                        {"dont_know", 0.05}}));
  }
  if (item.id == "places") {
    if (who.rural) {
      return ChooseSome(dice, item,
                        {{"park", 0.4},
                         {"beach", 0.3},
                         {"community_centre", 0.6},
                         {"place_of_worship", 0.35},
                         {"town_centre", 0.3},
                         {"library", 0.3},
                         {"other", 0.08}},
                        1, 3, 0.1);
    }
    return ChooseSome(dice, item,
                      {{"park", 0.8},
                       {"library", 0.6},
                       {"leisure_centre", 0.5},
                       {"town_centre", 0.6},
                       {"health_centre", 0.2},
                       {"other", 0.05}},
                      1, 4, 0.15);
  }
  if (item.id == "travel") {
    if (who.rural) {
      return json(
          Choose(dice, item, {{"walk", 0.15}, {"cycle", 0.05}, {"bus_train", 0.1}, {"car", 0.7}}));
    }
    return json(
        Choose(dice, item, {{"walk", 0.45}, {"cycle", 0.1}, {"bus_train", 0.2}, {"car", 0.25}}));
  }
  if (item.id == "activities") {
    return ChooseSome(dice, item,
                      {{"outdoor_play", 0.7},
                       {"sport", 0.5},
                       {"walking", 0.5},
                       {"reading", 0.4},
                       {"screens", 0.6 - 0.3 * who.mood},
                       {"clubs", 0.3},
                       {"other", 0.05}},
                      1, 4, 0.2);
  }
  if (item.id == "feel_safe") {
    return json(dice.Chance(area == "north" ? 0.82 : 0.62) && !(who.disabled && dice.Chance(0.3)));
  }
  if (item.id == "health_barriers") {
    std::map<std::string, double> weights = {{"cost", 0.6},
                                             {"time", 0.5},
                                             {"distance", who.rural ? 0.8 : 0.15},
                                             {"safety", who.disabled ? 0.5 : 0.15},
                                             {"information", 0.2},
                                             {"not_my_language", who.language == "pl" ? 0.9 : 0.0},
                                             {"nothing", 0.0}};
    if (dice.Chance(0.2 * who.mood) && who.language != "pl") return json::array({"nothing"});
    return ChooseSome(dice, item, weights, 1, 2, 0.0);
  }
  if (item.id == "information_in_polish") return json(who.language == "pl" || dice.Chance(0.3));
  if (item.id == "celebration_event") return json(dice.Chance(0.65));
  return std::nullopt;
}

const std::vector<std::string> kDistricts = {"blaby",
                                             "charnwood",
                                             "harborough",
                                             "hinckley_bosworth",
                                             "leicester",
                                             "melton",
                                             "north_west_leicestershire",
                                             "oadby_wigston"};

std::optional<json> CombinedAuthorityAnswer(Dice& dice, const Item& item, const Resident& who) {
  if (item.id == "respondent_type") {
    return json(Choose(dice, item,
                       {{"resident", 0.78},
                        {"business", 0.06},
                        {"voluntary", 0.05},
                        {"parish", 0.04},
                        {"public_body", 0.02},
                        {"elected_member", 0.02},
                        {"other", 0.03}}));
  }
  if (item.id == "area") {
    if (dice.Chance(0.03)) return json("outside");
    return json(who.district);
  }
  if (item.id == "urban_rural") {
    if (who.district == "leicester") return json("city");
    return json(who.rural ? "rural" : "town");
  }
  if (item.id == "concerns") {
    return ChooseSome(dice, item,
                      {{"local_decisions", 0.6},
                       {"accountability", 0.45},
                       {"dominance", who.district == "leicester" ? 0.05 : 0.5},
                       {"rural_overlooked", who.rural ? 0.8 : 0.15},
                       {"cost", 0.5},
                       {"elected_mayor", 0.35},
                       {"other", 0.04}},
                      1, 3, 0.0);
  }
  if (item.id == "has_concerns") return json(dice.Chance(0.85 - 0.6 * who.mood));
  if (item.id == "top_priorities") {
    return ChooseSome(dice, item,
                      {{"transport", 0.8},
                       {"jobs_growth", 0.5},
                       {"skills", 0.35},
                       {"housing", who.rural ? 0.5 : 0.35},
                       {"strategic_planning", 0.15},
                       {"business_support", 0.15},
                       {"complex_families", 0.1},
                       {"joined_up_services", 0.2},
                       {"broadband", who.rural ? 0.6 : 0.05},
                       {"other", 0.03}},
                      1, 3, 0.0);
  }
  if (item.id == "heard_about") {
    return json(Choose(dice, item,
                       {{"council_website", 0.25},
                        {"newsletter", 0.2},
                        {"social_media", 0.3},
                        {"local_press", 0.12},
                        {"parish", who.rural ? 0.1 : 0.02},
                        {"organisation", 0.05},
                        {"other", 0.03}}));
  }
  return std::nullopt;
}

std::optional<json> CustomerAnswer(Dice& dice, const Item& item, const Resident& who) {
  if (item.id == "contact_method") {
    return json(Choose(dice, item,
                       {{"in_person", 0.45},
                        {"phone", 0.3},
                        {"email", 0.1},
                        {"website", 0.1},
                        {"letter", 0.02},
                        {"social_media", 0.03}}));
  }
  if (item.id == "service_used") {
    return json(Choose(dice, item,
                       {{"council_tax", 0.22},
                        {"benefits", 0.16},
                        {"housing", 0.18},
                        {"waste", 0.14},
                        {"planning", 0.07},
                        {"licensing", 0.03},
                        {"environmental_health", 0.04},
                        {"community_safety", 0.05},
                        {"partner_service", 0.05},
                        {"other", 0.06}}));
  }
  if (item.id == "resolved_first_time") return json(dice.Chance(0.2 + 0.7 * who.mood));
  if (item.id == "contacts_needed")
    return json(dice.Between(2, 2 + static_cast<int>(6 * (1 - who.mood))));
  if (item.id == "wait_minutes") {
    return json(
        std::clamp(static_cast<int>(std::lround(dice.Normal(25.0 * (1.2 - who.mood), 6))), 0, 240));
  }
  return std::nullopt;
}

Answerer AnswerConsultation(Dice& dice, const Template& tmpl, const Resident& who) {
  return [&dice, &tmpl, &who](const Section&, const Item& item,
                              const Answers&) -> std::optional<json> {
    if (item.id.starts_with("eq_")) {
      if (!dice.Chance(0.95)) return std::nullopt;
      if (auto a = EqualityAnswer(dice, item, who)) return a;
    }
    std::optional<json> specific;
    if (tmpl.id == "me-my-life-my-community") specific = CommunityAnswer(dice, item, who);
    if (tmpl.id == "combined-authority-consultation") {
      specific = CombinedAuthorityAnswer(dice, item, who);
    }
    if (tmpl.id == "customer-service-feedback") specific = CustomerAnswer(dice, item, who);
    if (specific) return specific;
    if (!item.required && item.type != ItemType::kShortText && item.type != ItemType::kLongText &&
        dice.Chance(0.06)) {
      return std::nullopt;
    }
    return DefaultAnswer(dice, tmpl, item, who);
  };
}

// ---- Assembly --------------------------------------------------------------------------------

class Generator {
 public:
  Generator(Store& store, TemplateCatalog& templates, const Clock& clock,
            std::vector<DemoInvitation>& invitations, const std::vector<VenueRow>& venues)
      : m_store(store),
        m_templates(templates),
        m_clock(clock),
        m_invitations(invitations),
        m_venues(venues),
        m_dice(kDemoSeed) {}

  Status Make() {
    if (auto s = Appraisal("me2e-2026"); !s) return s;
    if (auto s = SelfAssessment("self-2026"); !s) return s;
    // Responses per venue (in the order of `venues`); Sherburn's kiosk arrived last week. Each
    // venue stays at or above the consultation minimum of 5: one below it would hide the next
    // smallest venue too (secondary suppression), which makes a poor first impression.
    if (auto s = Consultation("community-2026", {96, 70, 88, 14}); !s) return s;
    if (auto s = Consultation("combined-authority-2026", {44, 30, 48, 22}); !s) return s;
    if (auto s = Consultation("customer-feedback", {36, 14, 30, 10}); !s) return s;
    return Ok{};
  }

  std::vector<sync::ResponseRecord>& records() { return m_records; }

 private:
  // The campaign and its template when both exist; nullopt (nothing to do) otherwise.
  Result<std::optional<std::pair<CampaignRow, std::shared_ptr<const Template>>>> Campaign(
      const std::string& id) {
    using Found = std::optional<std::pair<CampaignRow, std::shared_ptr<const Template>>>;
    auto row = m_store.GetCampaign(id);
    if (!row) return Problem{id, row.error().message};
    if (!row->has_value()) return Found{};
    auto tmpl = m_templates.Get((*row)->template_id, (*row)->template_version);
    if (!tmpl) return Problem{id, tmpl.error().message};
    if (!*tmpl) return Found{};
    return Found{std::make_pair(**row, *tmpl)};
  }

  Status Add(const Template& tmpl, sync::ResponseRecord record, const Answerer& answerer) {
    const AnswerContext ctx{record.rater_group, record.language, false};
    record.answers = Walk(tmpl, ctx, answerer);
    if (auto problems = ValidateAnswers(tmpl, record.answers, ctx); !problems.empty()) {
      std::string text;
      for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p.ToString();
      return Problem{record.campaign_id, "a generated demo response does not validate: " + text};
    }
    m_records.push_back(std::move(record));
    return Ok{};
  }

  struct SubjectInvitations {
    std::vector<std::string> subjects;  // in the order they were invited
    std::map<std::string, std::map<std::string, std::vector<DemoInvitation*>>> by_subject;
  };
  /// A campaign's subjects and their invitations, grouped by rater group.
  SubjectInvitations InvitationsBySubject(const std::string& campaign_id) {
    SubjectInvitations out;
    for (auto& invitation : m_invitations) {
      if (invitation.campaign_id != campaign_id) continue;
      if (!out.by_subject.contains(invitation.subject)) out.subjects.push_back(invitation.subject);
      out.by_subject[invitation.subject][invitation.rater_group].push_back(&invitation);
    }
    return out;
  }

  Status Appraisal(const std::string& campaign_id) {
    auto found = Campaign(campaign_id);
    if (!found) return found.problems();
    if (!found->has_value()) return Ok{};
    const auto& [campaign, tmpl] = **found;

    SubjectInvitations grouped = InvitationsBySubject(campaign_id);
    const std::vector<std::string>& subjects = grouped.subjects;
    auto& by_subject = grouped.by_subject;
    std::map<std::string, double> team_effect;
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      auto& groups = by_subject[subjects[s]];
      const std::string team = groups.begin()->second.front()->team;
      if (!team_effect.contains(team)) team_effect[team] = m_dice.Normal(0, 0.3);
      const Profile360 profile = MakeProfile(m_dice, *tmpl, team_effect[team]);
      const std::size_t k = s % kPeersAnswering.size();
      const std::map<std::string, int> answering = {
          {"self", static_cast<int>(s) == kSubjectWithoutSelf ? 0 : 1},
          {"manager", static_cast<int>(s) == kSubjectWithoutManager ? 0 : 1},
          {"peer", kPeersAnswering[k]},
          {"staff", kStaffAnswering[k]}};
      for (auto& [group, invitations] : groups) {
        auto count = answering.find(group);
        const int n = count == answering.end() ? 1 : count->second;
        for (int i = 0; i < n && i < static_cast<int>(invitations.size()); ++i) {
          DemoInvitation& invitation = *invitations[static_cast<std::size_t>(i)];
          auto record = Record(m_dice, campaign, InOpeningHours(m_dice, m_clock.Now(), 1, 20, 14));
          record.rater_group = group;
          record.invitation_code = invitation.code;
          if (m_dice.Chance(0.1)) record.language = "cy";
          if (std::find(tmpl->languages.begin(), tmpl->languages.end(), record.language) ==
              tmpl->languages.end()) {
            record.language = tmpl->DefaultLanguage();
          }
          if (auto s = Add(*tmpl, std::move(record), Answer360(m_dice, *tmpl, profile, group));
              !s) {
            return s;
          }
          invitation.used = true;
        }
      }
    }
    return Ok{};
  }

  Status SelfAssessment(const std::string& campaign_id) {
    auto found = Campaign(campaign_id);
    if (!found) return found.problems();
    if (!found->has_value()) return Ok{};
    const auto& [campaign, tmpl] = **found;

    SubjectInvitations grouped = InvitationsBySubject(campaign_id);
    const std::vector<std::string>& subjects = grouped.subjects;
    auto& by_subject = grouped.by_subject;
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      // How mature this team is per competency, 0..1 of the scale.
      std::map<std::string, double> maturity;
      const double team = m_dice.Normal(0.55, 0.1);
      for (const auto& section : tmpl->sections) {
        if (section.competency) maturity[section.id] = team + m_dice.Normal(0, 0.14);
      }
      for (auto& [group, invitations] : by_subject[subjects[s]]) {
        int n = static_cast<int>(invitations.size());
        if (group == "team_member") n = kMembersAnswering[s % kMembersAnswering.size()];
        if (group == "service_lead" && static_cast<int>(s) == kTeamWithoutLead) n = 0;
        for (int i = 0; i < n && i < static_cast<int>(invitations.size()); ++i) {
          DemoInvitation& invitation = *invitations[static_cast<std::size_t>(i)];
          auto record = Record(m_dice, campaign, InOpeningHours(m_dice, m_clock.Now(), 1, 18, 25));
          record.rater_group = group;
          record.invitation_code = invitation.code;
          if (auto s2 = Add(*tmpl, std::move(record),
                            AnswerSelfAssessment(m_dice, *tmpl, maturity, group));
              !s2) {
            return s2;
          }
          invitation.used = true;
        }
      }
    }
    return Ok{};
  }

  Status Consultation(const std::string& campaign_id, const std::vector<int>& per_venue) {
    auto found = Campaign(campaign_id);
    if (!found) return found.problems();
    if (!found->has_value()) return Ok{};
    const auto& [campaign, tmpl] = **found;
    const bool offers_polish =
        std::find(tmpl->languages.begin(), tmpl->languages.end(), "pl") != tmpl->languages.end();
    for (std::size_t v = 0; v < m_venues.size() && v < per_venue.size(); ++v) {
      const VenueRow& venue = m_venues[v];
      const bool late_kiosk = venue.id == "sherburn-village-hall";  // arrived last week
      for (int k = 0; k < per_venue[v]; ++k) {
        Resident who;
        who.venue = &venue;
        who.rural = venue.settlement == "rural";
        if (offers_polish && !who.rural && m_dice.Chance(0.07)) who.language = "pl";
        who.age = AgeBand(m_dice, tmpl->id);
        const bool older = who.age == "age_65_74" || who.age == "age_75_plus";
        who.disabled = m_dice.Chance(older ? 0.32 : 0.12);
        // Combined authority: the district answered; city residents favour the proposal and
        // the rural districts do not.
        who.district = m_dice.Pick(kDistricts);
        double mood = venue.area == "north" ? 0.62 : 0.45;
        if (who.rural) mood -= 0.06;
        if (who.disabled) mood -= 0.12;
        if (older) mood += 0.05;
        if (tmpl->id == "combined-authority-consultation") {
          mood = 0.5;
          if (who.district == "leicester") mood += 0.2;
          if (who.district == "melton" || who.district == "harborough") {
            mood -= 0.18;
            who.rural = true;
          }
          if (older) mood -= 0.08;
        }
        who.mood = Clamp01(mood + m_dice.Normal(0, 0.17));
        auto record = Record(m_dice, campaign,
                             InOpeningHours(m_dice, m_clock.Now(), 1, late_kiosk ? 7 : 21, 6));
        record.venue_id = venue.id;
        record.language = who.language;
        if (auto s = Add(*tmpl, std::move(record), AnswerConsultation(m_dice, *tmpl, who)); !s) {
          return s;
        }
      }
    }
    return Ok{};
  }

  Store& m_store;
  TemplateCatalog& m_templates;
  const Clock& m_clock;
  std::vector<DemoInvitation>& m_invitations;
  const std::vector<VenueRow>& m_venues;
  Dice m_dice;
  std::vector<sync::ResponseRecord> m_records;
};

}  // namespace

Result<DemoResponsesReport> HandInDemoResponses(Store& store, TemplateCatalog& templates,
                                                IngestService& ingest, const Clock& clock,
                                                std::vector<DemoInvitation>& invitations,
                                                const std::vector<VenueRow>& venues) {
  Generator generator(store, templates, clock, invitations, venues);
  if (auto made = generator.Make(); !made) return made.problems();
  auto& records = generator.records();

  // The seed's responses come from no kiosk: a device row that exists only here, so no token is
  // made and no phantom kiosk appears in the dashboard's kiosk list.
  const DeviceRow device{0, "demo-seed", false, ""};
  DemoResponsesReport report;
  for (std::size_t first = 0; first < records.size(); first += kBatchSize) {
    sync::SyncBatch batch;
    batch.device_id = device.name;
    const std::size_t last = std::min(records.size(), first + kBatchSize);
    batch.responses.assign(std::make_move_iterator(records.begin() + static_cast<long>(first)),
                           std::make_move_iterator(records.begin() + static_cast<long>(last)));
    auto reply = ingest.Ingest(device, batch);
    if (!reply) return Problem{"demo responses", reply.error().message};
    for (std::size_t i = 0; i < reply->results.size(); ++i) {
      const auto& result = reply->results[i];
      if (result.status != sync::ResponseStatus::kAccepted) {
        std::string why;
        for (const auto& p : result.problems) why += (why.empty() ? "" : "; ") + p.ToString();
        return Problem{
            batch.responses[i].campaign_id,
            "ingest refused a demo response (" + sync::ToString(result.status) + "): " + why};
      }
      ++report.handed_in;
      ++report.accepted_by_campaign[batch.responses[i].campaign_id];
    }
  }
  return report;
}

}  // namespace soundings::server
