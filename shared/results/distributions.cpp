#include "shared/results/distributions.h"

#include <cmath>
#include <limits>

namespace soundings {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (Numerical Recipes' betacf), converging fast for
// x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kEpsilon = 1e-16;
  constexpr double kTiny = 1e-300;
  constexpr int kMaxIterations = 10000;
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return h;
}

}  // namespace

double RegularisedIncompleteBeta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  if (x == 0) return 0;
  if (x == 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

double StudentTUpperTail(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 0 : 1;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); half of it lies on each side.
  const double two_sided = RegularisedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? two_sided / 2 : 1 - two_sided / 2;
}

double StudentTQuantile(double p, double df) {
  if (!(df > 0) || !(p > 0) || !(p < 1)) return kNaN;
  if (p == 0.5) return 0;
  if (p < 0.5) return -StudentTQuantile(1 - p, df);
  // Bracket the quantile, then bisect: the upper tail falls monotonically in t, and 200 halvings
  // of [0, hi] reach the last bit of a double, so no starting guess can make this fail.
  const double tail = 1 - p;
  double lo = 0;
  double hi = 1;
  while (StudentTUpperTail(hi, df) > tail && hi < 1e300) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    if (StudentTUpperTail(mid, df) > tail) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

double FUpperTail(double f, double df1, double df2) {
  if (!(df1 > 0) || !(df2 > 0) || std::isnan(f)) return kNaN;
  if (f <= 0) return 1;
  if (std::isinf(f)) return 0;
  // P(F >= f) = I_{df2/(df2 + df1 f)}(df2/2, df1/2).
  return RegularisedIncompleteBeta(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));
}

}  // namespace soundings
