#pragma once
// Tail probabilities and quantiles of the t, F and beta distributions that the tests of
// association need (ANOVA, Welch, t intervals). Pure functions of doubles; degrees of freedom are
// doubles because Welch's are not whole. docs/results-maths.md says how each is computed.

namespace soundings {

/// I_x(a, b), the regularised incomplete beta function, by its continued fraction (modified
/// Lentz); NaN when a <= 0, b <= 0 or x is outside 0..1.
double RegularisedIncompleteBeta(double a, double b, double x);

/// P(T > t) for Student's t with `df` degrees of freedom; NaN when df <= 0 or t is NaN.
double StudentTUpperTail(double t, double df);

/// The `p` quantile of Student's t with `df` degrees of freedom (0 < p < 1), to within 1e-12
/// relative; NaN when df <= 0 or p is outside (0, 1).
double StudentTQuantile(double p, double df);

/// P(F >= f) for F with `df1` and `df2` degrees of freedom; NaN when either df <= 0 or f is NaN.
double FUpperTail(double f, double df1, double df2);

}  // namespace soundings
