#include "server/store/aggregates.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <set>

#include "shared/templates/parser.h"

namespace soundings::server {

using db::Database;
using db::Statement;

namespace {

// Section scores are multiplied by lcm(1..k); past this the squares could overflow 64 bits.
constexpr double kMaxScaledScore = 1e6;
constexpr double kMaxPoint = 1000;

__extension__ using Int128 = __int128;

bool SamePoints(const Scale& a, const Scale& b) {
  if (a.points.size() != b.points.size()) return false;
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    if (a.points[i].value != b.points[i].value) return false;
  }
  return true;
}

std::optional<std::size_t> PointIndex(const Scale& scale, double value) {
  for (std::size_t i = 0; i < scale.points.size(); ++i) {
    if (scale.points[i].value == value) return i;
  }
  return std::nullopt;
}

bool IsWhole(double v) { return v == std::floor(v) && std::fabs(v) <= kMaxPoint; }

}  // namespace

// ---- layout ----

std::optional<AggregateLayout> AggregateLayout::For(std::shared_ptr<const Template> current) {
  if (!current) return std::nullopt;
  AggregateLayout layout;
  layout.m_tmpl = std::move(current);
  const Template& tmpl = *layout.m_tmpl;
  layout.m_items = ScoredItemsOf(tmpl);
  double max_abs = 0;
  for (const auto& scored : layout.m_items) {
    const Scale& scale = *scored.scale;
    if (scale.points.empty()) return std::nullopt;
    for (const auto& point : scale.points) {
      if (!IsWhole(point.value)) return std::nullopt;
      max_abs = std::max(max_abs, std::fabs(point.value));
      // A flipped score off the scale would be scored by sections but not by items.
      if (scored.reverse_scored && !scale.HasValue(FlipScore(scale, point.value))) {
        return std::nullopt;
      }
    }
    layout.m_item_offsets.push_back(layout.m_item_width);
    layout.m_item_width += 1 + scale.points.size();
  }
  for (const auto& section : tmpl.sections) {
    if (!section.competency) continue;
    auto section_items = ScoredItemsOf(tmpl, section);
    if (section_items.empty()) continue;
    bool same = true;
    for (const auto& s : section_items)
      same = same && SamePoints(*s.scale, *section_items[0].scale);
    if (!same) continue;  // SummariseSection refuses it, so Compute360 leaves it out
    Competency c;
    c.section_id = section.id;
    for (const auto& s : section_items) {
      for (std::size_t i = 0; i < layout.m_items.size(); ++i) {
        if (layout.m_items[i].key == s.key) c.items.push_back(i);
      }
    }
    for (std::size_t k = 1; k <= c.items.size(); ++k) {
      c.scale = std::lcm(c.scale, static_cast<std::int64_t>(k));
      if (static_cast<double>(c.scale) * max_abs > kMaxScaledScore) return std::nullopt;
    }
    layout.m_competencies.push_back(std::move(c));
  }
  for (const auto& group : tmpl.rater_groups) {
    if (group.id == kSelfGroup) layout.m_self = layout.m_groups.size();
    layout.m_groups.push_back(group.id);
  }
  layout.m_per_group = 1 + layout.m_item_width + 3 * layout.m_competencies.size();
  layout.m_size = 1 + (layout.m_groups.size() + 1) * layout.m_per_group;
  return layout;
}

std::optional<std::size_t> AggregateLayout::Bucket(const std::string& rater_group) const {
  for (std::size_t g = 0; g < m_groups.size(); ++g) {
    if (m_groups[g] == rater_group) return g;
  }
  if (rater_group == kSelfGroup) return std::nullopt;
  return m_groups.size();
}

void AggregateLayout::AddResponse(const std::string& rater_group, const Answers* mapped,
                                  std::vector<std::int64_t>& counts) const {
  if (counts.size() < m_size) counts.resize(m_size, 0);
  counts[0] += 1;
  auto bucket = Bucket(rater_group);
  if (!bucket) return;
  counts[GroupBase(*bucket)] += 1;
  if (mapped == nullptr) return;
  std::vector<std::optional<double>> scores(m_items.size());
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const ScoredItem& scored = m_items[i];
    scores[i] = ScoreOf(scored, *mapped);
    const std::size_t base = ItemBase(*bucket, i);
    if (scores[i]) {
      if (auto point = PointIndex(*scored.scale, *scores[i])) counts[base + 1 + *point] += 1;
    } else if (IsNotApplicable(scored, *mapped)) {
      counts[base] += 1;
    }
  }
  for (std::size_t c = 0; c < m_competencies.size(); ++c) {
    const Competency& competency = m_competencies[c];
    std::int64_t total = 0;
    std::int64_t answered = 0;
    for (std::size_t i : competency.items) {
      if (!scores[i]) continue;
      total += static_cast<std::int64_t>(*scores[i]);
      ++answered;
    }
    if (answered == 0) continue;
    const std::int64_t scaled = total * (competency.scale / answered);
    const std::size_t base = CompetencyBase(*bucket, c);
    counts[base] += 1;
    counts[base + 1] += scaled;
    counts[base + 2] += scaled * scaled;
  }
}

Summary AggregateLayout::ItemSummary(const std::vector<std::int64_t>& counts, std::size_t item,
                                     const std::vector<std::size_t>& buckets) const {
  const Scale& scale = *m_items[item].scale;
  std::vector<std::int64_t> per_point(scale.points.size(), 0);
  std::int64_t not_applicable = 0;
  for (std::size_t b : buckets) {
    const std::size_t base = ItemBase(b, item);
    not_applicable += counts[base];
    for (std::size_t p = 0; p < per_point.size(); ++p) per_point[p] += counts[base + 1 + p];
  }
  // As SummariseScores does over the scores one by one (statistics.cpp): the same n, sum (whole
  // numbers, so exact in any order), mean, distribution and % favourable.
  Summary summary;
  summary.not_applicable = static_cast<int>(not_applicable);
  std::int64_t n = 0;
  double sum = 0;
  for (std::size_t p = 0; p < per_point.size(); ++p) {
    n += per_point[p];
    sum += static_cast<double>(per_point[p]) * scale.points[p].value;
  }
  summary.n = static_cast<int>(n);
  summary.sum = sum;
  if (n > 0) {
    const double mean = sum / static_cast<double>(n);
    summary.mean = mean;
    if (n > 1) {
      double squares = 0;
      for (std::size_t p = 0; p < per_point.size(); ++p) {
        const double d = scale.points[p].value - mean;
        squares += static_cast<double>(per_point[p]) * d * d;
      }
      summary.sd = std::sqrt(squares / static_cast<double>(n - 1));
    }
  }
  const std::size_t top = std::min<std::size_t>(2, scale.points.size());
  std::int64_t favourable = 0;
  for (std::size_t p = 0; p < per_point.size(); ++p) {
    summary.distribution[scale.points[p].value] = static_cast<int>(per_point[p]);
    if (p >= per_point.size() - top) favourable += per_point[p];
  }
  summary.answers = static_cast<int>(n);
  if (n > 0) {
    summary.favourable_pct = 100.0 * static_cast<double>(favourable) / static_cast<double>(n);
  }
  return summary;
}

Summary AggregateLayout::CompetencySummary(const std::vector<std::int64_t>& counts,
                                           std::size_t competency,
                                           const std::vector<std::size_t>& buckets) const {
  const Competency& c = m_competencies[competency];
  // Distribution, answers, % favourable and N/A over the section's scores pooled: the sum of its
  // items' (they share one set of points).
  Summary summary;
  const Scale& scale = *m_items[c.items.front()].scale;
  std::vector<std::int64_t> per_point(scale.points.size(), 0);
  std::int64_t not_applicable = 0;
  for (std::size_t b : buckets) {
    for (std::size_t i : c.items) {
      const std::size_t base = ItemBase(b, i);
      not_applicable += counts[base];
      for (std::size_t p = 0; p < per_point.size(); ++p) per_point[p] += counts[base + 1 + p];
    }
  }
  summary.not_applicable = static_cast<int>(not_applicable);
  const std::size_t top = std::min<std::size_t>(2, scale.points.size());
  std::int64_t pooled = 0;
  std::int64_t favourable = 0;
  for (std::size_t p = 0; p < per_point.size(); ++p) {
    summary.distribution[scale.points[p].value] = static_cast<int>(per_point[p]);
    pooled += per_point[p];
    if (p >= per_point.size() - top) favourable += per_point[p];
  }
  summary.answers = static_cast<int>(pooled);
  if (pooled > 0) {
    summary.favourable_pct = 100.0 * static_cast<double>(favourable) / static_cast<double>(pooled);
  }
  // n, mean and sd over respondents' section scores, from exact sums of L x score.
  std::int64_t n = 0;
  Int128 sum = 0;
  Int128 squares = 0;
  for (std::size_t b : buckets) {
    const std::size_t base = CompetencyBase(b, competency);
    n += counts[base];
    sum += counts[base + 1];
    squares += counts[base + 2];
  }
  summary.n = static_cast<int>(n);
  const auto scale_factor = static_cast<double>(c.scale);
  summary.sum = static_cast<double>(sum) / scale_factor;
  if (n > 0) {
    summary.mean = static_cast<double>(sum) / (scale_factor * static_cast<double>(n));
    if (n > 1) {
      // sum of (s - mean)^2 = (n * sum a^2 - (sum a)^2) / (n L^2), computed exactly.
      const Int128 numerator = static_cast<Int128>(n) * squares - sum * sum;
      const double deviation =
          static_cast<double>(numerator) / (static_cast<double>(n) * scale_factor * scale_factor);
      summary.sd = std::sqrt(std::max(0.0, deviation) / static_cast<double>(n - 1));
    }
  }
  return summary;
}

Stats360 AggregateLayout::ToStats(const std::vector<std::int64_t>& given) const {
  std::vector<std::int64_t> counts = given;
  if (counts.size() < m_size) counts.resize(m_size, 0);
  Stats360 stats;
  std::vector<std::size_t> others;
  for (std::size_t b = 0; b <= m_groups.size(); ++b) {
    if (!m_self || b != *m_self) others.push_back(b);
  }
  for (std::size_t g = 0; g < m_groups.size(); ++g) {
    stats.groups.push_back(m_groups[g]);
    stats.responses[m_groups[g]] = static_cast<int>(counts[GroupBase(g)]);
  }
  for (std::size_t b : others) {
    stats.all_others_responses += static_cast<int>(counts[GroupBase(b)]);
  }
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    stats.item_keys.push_back(m_items[i].key);
    GroupSummaries& entry = stats.items[m_items[i].key];
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
      entry.by_group[m_groups[g]] = ItemSummary(counts, i, {g});
    }
    entry.all_others = ItemSummary(counts, i, others);
  }
  for (std::size_t c = 0; c < m_competencies.size(); ++c) {
    stats.competency_ids.push_back(m_competencies[c].section_id);
    GroupSummaries& entry = stats.competencies[m_competencies[c].section_id];
    entry.all_others = CompetencySummary(counts, c, others);
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
      entry.by_group[m_groups[g]] = CompetencySummary(counts, c, {g});
    }
  }
  return stats;
}

void AggregateLayout::GateKey(const std::vector<std::int64_t>& counts, std::size_t item,
                              std::vector<int>& key) const {
  key.clear();
  std::int64_t others = 0;
  const std::size_t points = m_items[item].scale->points.size();
  for (std::size_t b = 0; b <= m_groups.size(); ++b) {
    const std::size_t base = ItemBase(b, item);
    std::int64_t n = 0;
    for (std::size_t p = 0; p < points; ++p) n += counts[base + 1 + p];
    if (b < m_groups.size()) {
      key.push_back(static_cast<int>(n));
      key.push_back(static_cast<int>(counts[base]));
    }
    if (!m_self || b != *m_self) others += n;
  }
  key.push_back(static_cast<int>(others));
}

std::optional<Ranked> AggregateLayout::OthersRanked(const std::vector<std::int64_t>& counts,
                                                    std::size_t item) const {
  double mean = 0;
  double favourable_pct = 0;
  if (!OthersMean(counts, item, mean, favourable_pct)) return std::nullopt;
  return Ranked{m_items[item].key, mean, favourable_pct};
}

bool AggregateLayout::OthersMean(const std::vector<std::int64_t>& counts, std::size_t item,
                                 double& mean, double& favourable_pct) const {
  const Scale& scale = *m_items[item].scale;
  const std::size_t points = scale.points.size();
  const std::size_t top = std::min<std::size_t>(2, points);
  std::int64_t n = 0;
  std::int64_t favourable = 0;
  double sum = 0;
  for (std::size_t p = 0; p < points; ++p) {
    std::int64_t count = 0;
    for (std::size_t b = 0; b <= m_groups.size(); ++b) {
      if (!m_self || b != *m_self) count += counts[ItemBase(b, item) + 1 + p];
    }
    n += count;
    sum += static_cast<double>(count) * scale.points[p].value;
    if (p >= points - top) favourable += count;
  }
  if (n == 0) return false;
  // As ItemSummary computes them, so rankings agree bit for bit.
  mean = sum / static_cast<double>(n);
  favourable_pct = 100.0 * static_cast<double>(favourable) / static_cast<double>(n);
  return true;
}

// ---- encoding ----

std::string EncodeCounts(const std::vector<std::int64_t>& counts) {
  std::string out;
  out.reserve(counts.size());
  std::size_t i = 0;
  while (i < counts.size()) {
    if (!out.empty()) out += ',';
    if (counts[i] == 0) {
      std::size_t run = 0;
      while (i < counts.size() && counts[i] == 0) {
        ++run;
        ++i;
      }
      out += run == 1 ? "0" : "z" + std::to_string(run);
    } else {
      out += std::to_string(counts[i]);
      ++i;
    }
  }
  return out;
}

std::optional<std::vector<std::int64_t>> DecodeCounts(const std::string& text) {
  std::vector<std::int64_t> out;
  if (!DecodeCounts(text, out)) return std::nullopt;
  return out;
}

bool DecodeCounts(const std::string& text, std::vector<std::int64_t>& out) {
  out.clear();
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (*p == 'z') {
      std::size_t run = 0;
      auto [next, ec] = std::from_chars(p + 1, end, run);
      if (ec != std::errc() || run > 1'000'000) return false;
      out.insert(out.end(), run, 0);
      p = next;
    } else {
      std::int64_t value = 0;
      auto [next, ec] = std::from_chars(p, end, value);
      if (ec != std::errc()) return false;
      out.push_back(value);
      p = next;
    }
    if (p < end) {
      if (*p != ',') return false;
      ++p;
    }
  }
  return true;
}

// ---- plans ----

StoreResult<std::string> TemplateFingerprintOf(Database& db, const std::string& template_id) {
  auto statement = db.Prepare(
      "SELECT version, document_hash FROM template_versions WHERE template_id = ? "
      "ORDER BY version");
  if (!statement) return statement.error();
  statement->Bind(1, template_id);
  std::string fingerprint;
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    fingerprint += std::to_string(statement->ColumnInt(0)) + ":" + statement->ColumnText(1) + ";";
  }
  return fingerprint;
}

std::optional<Answers> AggregatePlan::Mapped(const StoredResponse& r) const {
  if (!layout) return std::nullopt;
  const Template& current = layout->tmpl();
  auto answered_on = by_version.find(r.template_version);
  if (r.template_id != current.id || answered_on == by_version.end()) return std::nullopt;
  Answers answers;
  for (const auto& [id, text] : r.answers) {
    if (!std::binary_search(relevant_ids.begin(), relevant_ids.end(), id)) continue;
    auto value = nlohmann::json::parse(text, nullptr, false);
    if (!value.is_discarded()) answers[id] = std::move(value);
  }
  if (r.template_version == current.version) return answers;
  return MapAnswers(current, answered_on->second, mapping, answers);
}

namespace {

bool Is360Kind(const std::string& kind) {
  return kind == "appraisal360" || kind == "self_assessment";
}

// Runs a statement with text parameters to completion.
db::DbStatus Exec(Database& db, const char* sql, const std::vector<std::string>& params) {
  auto statement = db.Prepare(sql);
  if (!statement) return statement.error();
  for (std::size_t i = 0; i < params.size(); ++i) {
    statement->Bind(static_cast<int>(i + 1), params[i]);
  }
  return statement->Run();
}

// The stored state of a campaign's aggregates: the template fingerprint they were built for.
StoreResult<std::optional<std::string>> StateOf(Database& db, const std::string& campaign_id) {
  auto statement =
      db.Prepare("SELECT template_fingerprint FROM report_aggregate_state WHERE campaign_id = ?");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  auto row = statement->Step();
  if (!row) return row.error();
  std::optional<std::string> out;
  if (*row) out = statement->ColumnText(0);
  return out;
}

}  // namespace

StoreResult<std::shared_ptr<const AggregatePlan>> ReportAggregator::Plan(
    Database& db, const std::string& campaign_id) {
  auto statement = db.Prepare(
      "SELECT id, template_id, template_version, title, kind, state FROM campaigns WHERE id = ?");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  auto row = statement->Step();
  if (!row) return row.error();
  auto plan = std::make_shared<AggregatePlan>();
  if (!*row) return std::shared_ptr<const AggregatePlan>(plan);  // no campaign: nothing kept
  Statement& s = *statement;
  plan->campaign = {s.ColumnText(0), s.ColumnText(1), static_cast<int>(s.ColumnInt(2)),
                    s.ColumnText(3), s.ColumnText(4), s.ColumnText(5)};
  auto fingerprint = TemplateFingerprintOf(db, plan->campaign.template_id);
  if (!fingerprint) return fingerprint.error();
  plan->template_fingerprint = *fingerprint;
  if (auto cached = m_plans.find(campaign_id);
      cached != m_plans.end() && cached->second->template_fingerprint == *fingerprint &&
      cached->second->campaign.template_version == plan->campaign.template_version &&
      cached->second->campaign.kind == plan->campaign.kind) {
    return cached->second;
  }
  if (Is360Kind(plan->campaign.kind)) {
    auto versions = db.Prepare(
        "SELECT version, document FROM template_versions WHERE template_id = ? ORDER BY version");
    if (!versions) return versions.error();
    versions->Bind(1, plan->campaign.template_id);
    bool readable = true;
    while (true) {
      auto more = versions->Step();
      if (!more) return more.error();
      if (!*more) break;
      auto parsed = ParseTemplate(versions->ColumnText(1), ModuleSource{});
      if (!parsed) {
        readable = false;  // reports say so when they read the answers
        continue;
      }
      plan->by_version.emplace(static_cast<int>(versions->ColumnInt(0)), std::move(parsed).value());
    }
    auto current = plan->by_version.find(plan->campaign.template_version);
    if (readable && current != plan->by_version.end()) {
      std::vector<Template> others;
      for (const auto& [v, tmpl] : plan->by_version) {
        if (v != plan->campaign.template_version) others.push_back(tmpl);
      }
      plan->mapping = BuildItemMapping(current->second, others);
      plan->layout = AggregateLayout::For(std::make_shared<const Template>(current->second));
      if (plan->layout) {
        std::set<std::string> scored_ids;
        for (const auto& scored : plan->layout->items()) scored_ids.insert(scored.item->id);
        for (const auto& [id, targets] : plan->mapping.targets) {
          for (const auto& t : targets) {
            if (scored_ids.contains(t)) {
              plan->relevant_ids.push_back(id);
              break;
            }
          }
        }
        std::sort(plan->relevant_ids.begin(), plan->relevant_ids.end());
      }
    }
  }
  std::shared_ptr<const AggregatePlan> shared = plan;
  m_plans[campaign_id] = shared;
  return shared;
}

StoreStatus ReportAggregator::Rebuild(Database& db, const AggregatePlan& plan) {
  const std::string& campaign_id = plan.campaign.id;
  if (auto s = Exec(db, "DELETE FROM report_subject_counts WHERE campaign_id = ?", {campaign_id});
      !s) {
    return s;
  }
  if (!plan.layout) {
    return Exec(db, "DELETE FROM report_aggregate_state WHERE campaign_id = ?", {campaign_id});
  }
  auto upsert = db.Prepare(
      "INSERT INTO report_subject_counts(campaign_id, subject_id, counts) VALUES (?, ?, ?) "
      "ON CONFLICT(campaign_id, subject_id) DO UPDATE SET counts = excluded.counts");
  if (!upsert) return upsert.error();
  // Responses in subject order (the campaign index), answers joined; one subject in memory.
  auto rows = db.Prepare(
      "SELECT r.rowid, r.template_id, r.template_version, r.rater_group, r.subject_id, "
      "a.item_id, a.value FROM responses r LEFT JOIN answers a ON a.response_uuid = r.uuid "
      "WHERE r.campaign_id = ? ORDER BY r.subject_id, r.rowid");
  if (!rows) return rows.error();
  rows->Bind(1, campaign_id);
  std::optional<std::int64_t> subject;
  std::vector<std::int64_t> counts;
  std::optional<std::int64_t> response_row;
  StoredResponse response;
  auto finish_response = [&]() {
    if (!response_row) return;
    auto mapped = plan.Mapped(response);
    plan.layout->AddResponse(response.rater_group, mapped ? &*mapped : nullptr, counts);
    response_row.reset();
  };
  auto finish_subject = [&]() -> StoreStatus {
    finish_response();
    if (!subject) return db::DbOk();
    upsert->Reset();
    upsert->Bind(1, campaign_id).Bind(2, *subject).Bind(3, EncodeCounts(counts));
    counts.clear();
    return upsert->Run();
  };
  while (true) {
    auto more = rows->Step();
    if (!more) return more.error();
    if (!*more) break;
    Statement& s = *rows;
    const std::int64_t row_id = s.ColumnInt(0);
    const std::int64_t subject_id = s.ColumnIsNull(4) ? 0 : s.ColumnInt(4);
    if (!subject || *subject != subject_id) {
      if (auto written = finish_subject(); !written) return written;
      subject = subject_id;
    }
    if (!response_row || *response_row != row_id) {
      finish_response();
      response_row = row_id;
      response = StoredResponse{};
      response.template_id = s.ColumnText(1);
      response.template_version = static_cast<int>(s.ColumnInt(2));
      response.rater_group = s.ColumnText(3);
      response.subject_id = subject_id;
    }
    if (!s.ColumnIsNull(5)) response.answers[s.ColumnText(5)] = s.ColumnText(6);
  }
  if (auto written = finish_subject(); !written) return written;
  auto state = db.Prepare(
      "INSERT INTO report_aggregate_state(campaign_id, template_fingerprint, changes) "
      "VALUES (?, ?, 1) ON CONFLICT(campaign_id) DO UPDATE SET "
      "template_fingerprint = excluded.template_fingerprint, changes = changes + 1");
  if (!state) return state.error();
  state->Bind(1, campaign_id).Bind(2, plan.template_fingerprint);
  return state->Run();
}

StoreStatus ReportAggregator::Prepare(Database& db, const std::string& campaign_id) {
  if (m_checked.contains(campaign_id)) return db::DbOk();
  auto plan = Plan(db, campaign_id);
  if (!plan) return plan.error();
  auto state = StateOf(db, campaign_id);
  if (!state) return state.error();
  const bool current = (*plan)->layout && *state == (*plan)->template_fingerprint;
  const bool orphaned = !(*plan)->layout && state->has_value();
  if ((!current && (*plan)->layout) || orphaned) {
    if (auto rebuilt = Rebuild(db, **plan); !rebuilt) return rebuilt;
  }
  m_checked[campaign_id] = *plan;
  return db::DbOk();
}

void ReportAggregator::Add(const StoredResponse& r) {
  auto checked = m_checked.find(r.campaign_id);
  if (checked == m_checked.end() || !checked->second->layout) return;
  const AggregatePlan& plan = *checked->second;
  auto mapped = plan.Mapped(r);
  auto& counts = m_pending[{r.campaign_id, r.subject_id}];
  plan.layout->AddResponse(r.rater_group, mapped ? &*mapped : nullptr, counts);
}

StoreStatus ReportAggregator::Flush(Database& db) {
  if (m_pending.empty()) return db::DbOk();
  auto read = db.Prepare(
      "SELECT counts FROM report_subject_counts WHERE campaign_id = ? AND subject_id = ?");
  if (!read) return read.error();
  auto upsert = db.Prepare(
      "INSERT INTO report_subject_counts(campaign_id, subject_id, counts) VALUES (?, ?, ?) "
      "ON CONFLICT(campaign_id, subject_id) DO UPDATE SET counts = excluded.counts");
  if (!upsert) return upsert.error();
  auto bump =
      db.Prepare("UPDATE report_aggregate_state SET changes = changes + 1 WHERE campaign_id = ?");
  if (!bump) return bump.error();
  std::string last_campaign;
  std::set<std::string> rebuilt;  // campaigns rebuilt from the answers, this batch's included
  for (auto& [key, delta] : m_pending) {
    const auto& [campaign_id, subject_id] = key;
    if (rebuilt.contains(campaign_id)) continue;
    read->Reset();
    read->Bind(1, campaign_id).Bind(2, subject_id);
    auto row = read->Step();
    if (!row) return row.error();
    std::vector<std::int64_t> counts;
    if (*row) {
      auto decoded = DecodeCounts(read->ColumnText(0));
      if (!decoded || decoded->size() != delta.size()) {
        // Not what this layout writes (edited by hand?): count the campaign afresh from its
        // answers, which already hold this batch's responses.
        auto checked = m_checked.find(campaign_id);
        if (checked == m_checked.end()) {
          return db::DbError{
              1, "the report aggregates of campaign " + campaign_id + " cannot be read"};
        }
        read->Reset();
        if (auto s = Rebuild(db, *checked->second); !s) return s;
        rebuilt.insert(campaign_id);
        continue;
      }
      counts = std::move(*decoded);
    }
    counts.resize(delta.size(), 0);
    for (std::size_t i = 0; i < delta.size(); ++i) counts[i] += delta[i];
    upsert->Reset();
    upsert->Bind(1, campaign_id).Bind(2, subject_id).Bind(3, EncodeCounts(counts));
    if (auto s = upsert->Run(); !s) return s;
    if (campaign_id != last_campaign) {
      bump->Reset();
      bump->Bind(1, campaign_id);
      if (auto s = bump->Run(); !s) return s;
      last_campaign = campaign_id;
    }
  }
  return db::DbOk();
}

void ReportAggregator::EndTransaction() {
  m_checked.clear();
  m_pending.clear();
}

StoreStatus ReportAggregator::RebuildStale(Database& db) {
  EndTransaction();
  auto tx = db::Transaction::Begin(db);
  if (!tx) return tx.error();
  std::vector<std::string> campaigns;
  {
    auto statement = db.Prepare("SELECT id FROM campaigns ORDER BY id");
    if (!statement) return statement.error();
    while (true) {
      auto more = statement->Step();
      if (!more) return more.error();
      if (!*more) break;
      campaigns.push_back(statement->ColumnText(0));
    }
  }
  for (const auto& id : campaigns) {
    if (auto prepared = Prepare(db, id); !prepared) {
      EndTransaction();
      return prepared;
    }
  }
  EndTransaction();
  return tx->Commit();
}

}  // namespace soundings::server
