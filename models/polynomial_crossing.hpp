#pragma once
// The first time a polynomial reaches a level on [0, 1]: the threshold search of the models
// whose solution between inputs is a Taylor polynomial (models/taylor_model.hpp).
#include <span>

namespace spikesim {

// p(x) = sum_k c[k] x^k with p(0) < level: the first x in (0, 1] with p(x) >= level, or -1
// when p stays below level on [0, 1]. No crossing is missed: an interval is ruled out only
// by an upper bound of p on it (p's expansion about the interval's start, its negative terms
// dropped), and a crossing is solved for (Newton's method kept in the bracket, ending on the
// side at or above level) only where a lower bound of p' shows p rising throughout. Other
// intervals are halved, the earlier half first; below 2^-50 of [0, 1] an interval counts as
// crossed if p reaches level at its end: an excursion that touches level by less than
// rounding either way. At most 48 coefficients.
double first_crossing(std::span<const double> c, double level);

// p(x) = sum_k c[k] x^k, and p'(x).
struct PolynomialValue {
    double value, slope;
};
PolynomialValue evaluate_with_slope(std::span<const double> c, double x);

} // namespace spikesim
