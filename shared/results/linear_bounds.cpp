#include "shared/results/linear_bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include <glpk.h>

namespace soundings {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1e-6;

// GLPK keeps an environment per thread only when built reentrant, and aborts the process on
// misuse. One lock around every call keeps it safe whichever way Debian built it; audits are
// solved once per campaign and role, so the lock is never hot.
std::mutex& GlpkMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

struct LinearSystem::Problem {
  glp_prob* lp = nullptr;
  std::vector<int> objective_columns;  // columns with a non-zero objective coefficient now
  ~Problem() {
    if (lp != nullptr) {
      std::lock_guard lock(GlpkMutex());
      glp_delete_prob(lp);
    }
  }
};

LinearSystem::LinearSystem() : m_problem(std::make_unique<Problem>()) {
  std::lock_guard lock(GlpkMutex());
  glp_term_out(GLP_OFF);
  m_problem->lp = glp_create_prob();
  glp_set_obj_dir(m_problem->lp, GLP_MIN);
}

LinearSystem::~LinearSystem() = default;
LinearSystem::LinearSystem(LinearSystem&&) noexcept = default;
LinearSystem& LinearSystem::operator=(LinearSystem&&) noexcept = default;

int LinearSystem::AddVariable() { return AddVariables(1); }

int LinearSystem::AddVariables(int count) {
  std::lock_guard lock(GlpkMutex());
  const int first = glp_get_num_cols(m_problem->lp);
  if (count <= 0) return first;
  glp_add_cols(m_problem->lp, count);
  for (int j = first + 1; j <= first + count; ++j) {
    glp_set_col_bnds(m_problem->lp, j, GLP_LO, 0, 0);
    glp_set_col_kind(m_problem->lp, j, GLP_IV);
  }
  return first;
}

int LinearSystem::variables() const {
  std::lock_guard lock(GlpkMutex());
  return glp_get_num_cols(m_problem->lp);
}

void LinearSystem::AddEquation(const std::vector<LinearTerm>& terms, double rhs) {
  std::lock_guard lock(GlpkMutex());
  const int columns = glp_get_num_cols(m_problem->lp);
  // GLPK refuses (aborts on) a row naming a column twice: merge repeated unknowns first.
  std::map<int, double> merged;
  for (const auto& t : terms) {
    if (t.variable < 0 || t.variable >= columns) continue;
    merged[t.variable + 1] += t.coefficient;
  }
  std::vector<int> index{0};
  std::vector<double> value{0};
  for (const auto& [column, coefficient] : merged) {
    if (coefficient == 0) continue;
    index.push_back(column);
    value.push_back(coefficient);
  }
  const int row = glp_add_rows(m_problem->lp, 1);
  glp_set_row_bnds(m_problem->lp, row, GLP_FX, rhs, rhs);
  glp_set_mat_row(m_problem->lp, row, static_cast<int>(index.size()) - 1, index.data(),
                  value.data());
}

void LinearSystem::Fix(int variable, double value) {
  std::lock_guard lock(GlpkMutex());
  if (variable < 0 || variable >= glp_get_num_cols(m_problem->lp)) return;
  glp_set_col_bnds(m_problem->lp, variable + 1, GLP_FX, value, value);
}

void LinearSystem::Release(int variable) {
  std::lock_guard lock(GlpkMutex());
  if (variable < 0 || variable >= glp_get_num_cols(m_problem->lp)) return;
  glp_set_col_bnds(m_problem->lp, variable + 1, GLP_LO, 0, 0);
}

void LinearSystem::Limit(int variable, double low, double high) {
  std::lock_guard lock(GlpkMutex());
  if (variable < 0 || variable >= glp_get_num_cols(m_problem->lp)) return;
  if (std::isinf(high)) {
    glp_set_col_bnds(m_problem->lp, variable + 1, GLP_LO, low, 0);
  } else if (high <= low) {
    glp_set_col_bnds(m_problem->lp, variable + 1, GLP_FX, low, low);
  } else {
    glp_set_col_bnds(m_problem->lp, variable + 1, GLP_DB, low, high);
  }
}

std::optional<std::vector<double>> LinearSystem::Minimise(
    const std::vector<LinearTerm>& objective) {
  std::lock_guard lock(GlpkMutex());
  glp_prob* lp = m_problem->lp;
  const int columns = glp_get_num_cols(lp);
  for (int column : m_problem->objective_columns) glp_set_obj_coef(lp, column, 0);
  m_problem->objective_columns.clear();
  std::map<int, double> merged;
  for (const auto& t : objective)
    if (t.variable >= 0 && t.variable < columns) merged[t.variable + 1] += t.coefficient;
  for (const auto& [column, coefficient] : merged) {
    glp_set_obj_coef(lp, column, coefficient);
    m_problem->objective_columns.push_back(column);
  }
  glp_set_obj_dir(lp, GLP_MIN);
  glp_smcp simplex;
  glp_init_smcp(&simplex);
  simplex.msg_lev = GLP_MSG_OFF;
  simplex.presolve = GLP_ON;
  if (glp_simplex(lp, &simplex) != 0 || glp_get_status(lp) != GLP_OPT) return std::nullopt;
  std::vector<double> solution(static_cast<std::size_t>(columns));
  for (int j = 1; j <= columns; ++j)
    solution[static_cast<std::size_t>(j - 1)] = glp_get_col_prim(lp, j);
  return solution;
}

LinearRange LinearSystem::Bounds(const std::vector<LinearTerm>& objective, bool integer) {
  std::lock_guard lock(GlpkMutex());
  glp_prob* lp = m_problem->lp;
  const int columns = glp_get_num_cols(lp);
  for (int column : m_problem->objective_columns) glp_set_obj_coef(lp, column, 0);
  m_problem->objective_columns.clear();
  std::map<int, double> merged;
  for (const auto& t : objective) {
    if (t.variable < 0 || t.variable >= columns) continue;
    merged[t.variable + 1] += t.coefficient;
  }
  bool whole_coefficients = true;
  for (const auto& [column, coefficient] : merged) {
    whole_coefficients = whole_coefficients && coefficient == std::round(coefficient);
    glp_set_obj_coef(lp, column, coefficient);
    m_problem->objective_columns.push_back(column);
  }

  // One direction: the optimum, -inf for unbounded, or nullopt-like NaN for no solution.
  auto optimise = [&](int direction) -> double {
    glp_set_obj_dir(lp, direction);
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    simplex.presolve = GLP_OFF;  // keep the basis between objectives (warm start)
    int rc = glp_simplex(lp, &simplex);
    if (rc != 0) {
      // A singular or invalid basis after changes: start again from an advanced basis.
      glp_adv_basis(lp, 0);
      rc = glp_simplex(lp, &simplex);
    }
    if (rc != 0) {
      glp_std_basis(lp);
      simplex.meth = GLP_DUALP;
      rc = glp_simplex(lp, &simplex);
    }
    const double unbounded = direction == GLP_MIN ? -kInfinity : kInfinity;
    if (rc != 0) return unbounded;  // cannot tell: claim nothing is known
    const int status = glp_get_status(lp);
    if (status == GLP_NOFEAS) return std::numeric_limits<double>::quiet_NaN();
    if (status == GLP_UNBND) return unbounded;
    if (status != GLP_OPT) return unbounded;
    const double relaxed = glp_get_obj_val(lp);
    if (!integer) return relaxed;
    glp_iocp branch;
    glp_init_iocp(&branch);
    branch.msg_lev = GLP_MSG_OFF;
    branch.presolve = GLP_OFF;
    branch.tm_lim = 20000;
    if (glp_intopt(lp, &branch) == 0 && glp_mip_status(lp) == GLP_OPT) return glp_mip_obj_val(lp);
    if (glp_mip_status(lp) == GLP_NOFEAS) return std::numeric_limits<double>::quiet_NaN();
    // Out of time: the relaxed optimum rounded is still a sound bound.
    return direction == GLP_MIN ? std::ceil(relaxed - kTolerance)
                                : std::floor(relaxed + kTolerance);
  };

  LinearRange range;
  const double low = optimise(GLP_MIN);
  if (std::isnan(low)) return LinearRange{0, 0, false};
  const double high = optimise(GLP_MAX);
  if (std::isnan(high)) return LinearRange{0, 0, false};
  range.low = low;
  range.high = high;
  if (integer && whole_coefficients) {
    if (std::isfinite(range.low)) range.low = std::round(range.low);
    if (std::isfinite(range.high)) range.high = std::round(range.high);
  }
  return range;
}

}  // namespace soundings
