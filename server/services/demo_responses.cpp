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

#include "server/services/demo_rules.h"
#include "shared/answers/answers.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

namespace {

using nlohmann::json;

// Change it and every demo changes: tests assert shapes (suppression, cross-tabs), not values.
constexpr std::uint32_t kDemoSeed = 20261128;
// Responses per ingest call, well under sync::kMaxBatchResponses like a kiosk's batches.
constexpr std::size_t kBatchSize = 200;

using demo::Dice;
using demo::Facts;

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

struct Profile360 {
  std::map<std::string, double> level;      // section -> what others see, 1..5
  std::map<std::string, double> self_bias;  // section -> how the subject sees themself
};

// `means`: others' average rating per competency (the template's demo file, settings
// "competency_means"), 3.3 for a competency it does not list.
Profile360 MakeProfile(Dice& dice, const Template& tmpl, const json& means, double team_effect) {
  Profile360 p;
  const double subject_effect = dice.Normal(0, 0.35);
  const double self_bias = dice.Normal(0.25, 0.35);
  for (const auto& section : tmpl.sections) {
    if (!section.competency) continue;
    const double mean = means.is_object() ? means.value(section.id, 3.3) : 3.3;
    p.level[section.id] = mean + team_effect + subject_effect + dice.Normal(0, 0.35);
    // A blind spot or a hidden strength now and then: the self view moves a long way.
    double bias = self_bias + dice.Normal(0, 0.3);
    if (dice.Chance(0.15)) bias += 1.4;
    if (dice.Chance(0.1)) bias -= 1.4;
    p.self_bias[section.id] = bias;
  }
  return p;
}

Answerer Answer360(Dice& dice, const demo::DemoAnswers& rules, const Template& tmpl,
                   const Profile360& profile, const std::string& group) {
  const double leniency = group == "self" ? 0.0 : dice.Normal(0, 0.3);
  Facts facts;
  facts.text["group"] = group;
  return [&dice, &rules, &tmpl, &profile, group, leniency, facts](
             const Section& section, const Item& item, const Answers&) -> std::optional<json> {
    if (item.type == ItemType::kSingleChoice) return rules.Answer(tmpl.id, item, dice, facts);
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
      if (!dice.Chance(rules.Number(tmpl.id, "comment_chance", dice, facts))) return std::nullopt;
      const json& bank = rules.Setting(tmpl.id, "comments").value(section.id, json());
      if (!bank.is_object()) return std::nullopt;
      const bool strengths = item.id.ends_with("_strengths");
      return json(
          dice.Pick(bank[strengths ? "strengths" : "development"].get<std::vector<std::string>>()));
    }
    if (item.required) return rules.Text(dice, item, 1.0);
    return std::nullopt;
  };
}

// ---- The self-assessment ---------------------------------------------------------------------

// Team members of each team who answered; the fourth team's two stay below the minimum of 3.
constexpr std::array<int, 6> kMembersAnswering{4, 3, 3, 2, 4, 3};
constexpr int kTeamWithoutLead = 5;

Answerer AnswerSelfAssessment(Dice& dice, const demo::DemoAnswers& rules, const Template& tmpl,
                              const std::map<std::string, double>& maturity,
                              const std::string& group) {
  const double leniency = group == "service_lead" ? 0.3 : dice.Normal(0, 0.25);
  return [&dice, &rules, &tmpl, &maturity, leniency](const Section& section, const Item& item,
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
        return json(dice.Pick(demo::OptionValues(item)));
      }
      default:
        // Support, evidence, plans: the template's demo file.
        return rules.Answer(tmpl.id, item, dice, Facts{});
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

// An age band drawn by the template's demo file ("age_bands": who this consultation reaches).
std::string AgeBand(Dice& dice, const json& bands) {
  std::vector<double> weights = bands["weights"].get<std::vector<double>>();
  return bands["values"][dice.Weighted(weights)].get<std::string>();
}

// What a resident answers where no item-specific rule applies: driven by their mood.
std::optional<json> DefaultAnswer(Dice& dice, const demo::DemoAnswers& rules, const Template& tmpl,
                                  const Item& item, const Resident& who) {
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
      return demo::ChooseSome(dice, item, {{"other", 0.05}}, 1, 3, 0.4);
    case ItemType::kRanking: {
      std::vector<std::string> values = demo::OptionValues(item);
      for (std::size_t i = values.size(); i > 1; --i) {
        std::swap(values[i - 1], values[static_cast<std::size_t>(dice.Between(0, int(i) - 1))]);
      }
      return json(values);
    }
    case ItemType::kShortText:
    case ItemType::kLongText:
      return rules.Text(dice, item, 0.3);
  }
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

// What a resident's answers may depend on, as the demo files' rules ask for it.
Facts FactsOf(const Resident& who) {
  Facts facts;
  facts.mood = who.mood;
  facts.rural = who.rural;
  facts.disabled = who.disabled;
  facts.text["area"] = who.venue ? who.venue->area : "north";
  facts.text["settlement"] = who.venue ? who.venue->settlement : "urban";
  facts.text["language"] = who.language;
  facts.text["age"] = who.age;
  facts.text["district"] = who.district;
  return facts;
}

Answerer AnswerConsultation(Dice& dice, const demo::DemoAnswers& rules, const Template& tmpl,
                            const Resident& who) {
  return [&dice, &rules, &tmpl, facts = FactsOf(who), &who](
             const Section& section, const Item& item, const Answers&) -> std::optional<json> {
    // A module's questions (equality monitoring) are answered by the module's own file.
    if (!section.module.empty() && rules.Has(section.module)) {
      if (!dice.Chance(rules.Number(section.module, "answer_chance", dice, facts))) {
        return std::nullopt;
      }
      if (auto a = rules.Answer(section.module, item, dice, facts)) return a;
    }
    if (auto specific = rules.Answer(tmpl.id, item, dice, facts)) return specific;
    if (!item.required && item.type != ItemType::kShortText && item.type != ItemType::kLongText &&
        dice.Chance(rules.Number(tmpl.id, "skip_chance", dice, facts))) {
      return std::nullopt;
    }
    return DefaultAnswer(dice, rules, tmpl, item, who);
  };
}

// ---- Assembly --------------------------------------------------------------------------------

class Generator {
 public:
  Generator(Store& store, TemplateCatalog& templates, const Clock& clock,
            const demo::DemoAnswers& rules, std::vector<DemoInvitation>& invitations,
            const std::vector<VenueRow>& venues)
      : m_store(store),
        m_templates(templates),
        m_clock(clock),
        m_rules(rules),
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
    // Last: so this year's figures are the same whether or not last year's campaign exists.
    if (auto s = Appraisal("me2e-2025", std::chrono::hours(24 * 364)); !s) return s;
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

  // `ago`: how long before now the responses were given.
  Status Appraisal(const std::string& campaign_id, std::chrono::hours ago = std::chrono::hours(0)) {
    auto found = Campaign(campaign_id);
    if (!found) return found.problems();
    if (!found->has_value()) return Ok{};
    const auto& [campaign, tmpl] = **found;
    if (!m_rules.Has(tmpl->id)) {
      return Problem{campaign.id, "templates/demo has no demo answer file for " + tmpl->id};
    }

    SubjectInvitations grouped = InvitationsBySubject(campaign_id);
    const std::vector<std::string>& subjects = grouped.subjects;
    auto& by_subject = grouped.by_subject;
    std::map<std::string, double> team_effect;
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      auto& groups = by_subject[subjects[s]];
      const std::string team = groups.begin()->second.front()->team;
      if (!team_effect.contains(team)) team_effect[team] = m_dice.Normal(0, 0.3);
      const Profile360 profile = MakeProfile(
          m_dice, *tmpl, m_rules.Setting(tmpl->id, "competency_means"), team_effect[team]);
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
          auto record =
              Record(m_dice, campaign, InOpeningHours(m_dice, m_clock.Now() - ago, 1, 20, 14));
          record.rater_group = group;
          record.invitation_code = invitation.code;
          if (m_dice.Chance(0.1)) record.language = "cy";
          if (std::find(tmpl->languages.begin(), tmpl->languages.end(), record.language) ==
              tmpl->languages.end()) {
            record.language = tmpl->DefaultLanguage();
          }
          if (auto s =
                  Add(*tmpl, std::move(record), Answer360(m_dice, m_rules, *tmpl, profile, group));
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
    if (!m_rules.Has(tmpl->id)) {
      return Problem{campaign.id, "templates/demo has no demo answer file for " + tmpl->id};
    }

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
                            AnswerSelfAssessment(m_dice, m_rules, *tmpl, maturity, group));
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
    if (!m_rules.Has(tmpl->id)) {
      return Problem{campaign.id, "templates/demo has no demo answer file for " + tmpl->id};
    }
    const json& bands = m_rules.Setting(tmpl->id, "age_bands");
    if (!bands.is_object()) {
      return Problem{campaign.id, "the demo answer file of " + tmpl->id + " has no age_bands"};
    }
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
        who.age = AgeBand(m_dice, bands);
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
        if (auto s = Add(*tmpl, std::move(record), AnswerConsultation(m_dice, m_rules, *tmpl, who));
            !s) {
          return s;
        }
      }
    }
    return Ok{};
  }

  Store& m_store;
  TemplateCatalog& m_templates;
  const Clock& m_clock;
  const demo::DemoAnswers& m_rules;
  std::vector<DemoInvitation>& m_invitations;
  const std::vector<VenueRow>& m_venues;
  Dice m_dice;
  std::vector<sync::ResponseRecord> m_records;
};

}  // namespace

Result<DemoResponsesReport> HandInDemoResponses(Store& store, TemplateCatalog& templates,
                                                IngestService& ingest, const Clock& clock,
                                                const demo::DemoAnswers& rules,
                                                std::vector<DemoInvitation>& invitations,
                                                const std::vector<VenueRow>& venues) {
  Generator generator(store, templates, clock, rules, invitations, venues);
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
