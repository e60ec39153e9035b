#include "models/exp_sum.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace spikesim {

void ExpSum::add_term(double coefficient, double rate) {
    if (coefficient == 0.0) return;
    for (std::size_t j = 0; j < n; ++j) {
        if (r[j] == rate) {
            a[j] += coefficient;
            return;
        }
    }
    assert(n < max_terms);
    std::size_t j = n++;
    while (j > 0 && r[j - 1] > rate) {
        a[j] = a[j - 1];
        r[j] = r[j - 1];
        --j;
    }
    a[j] = coefficient;
    r[j] = rate;
}

double ExpSum::operator()(double t) const {
    double sum = c;
    for (std::size_t j = 0; j < n; ++j)
        sum += a[j] * std::exp(-r[j] * t);
    return sum;
}

ExpSum::ValueAndSlope ExpSum::value_and_slope(double t) const {
    ValueAndSlope out{c, 0.0};
    for (std::size_t j = 0; j < n; ++j) {
        const double term = a[j] * std::exp(-r[j] * t);
        out.value += term;
        out.slope -= r[j] * term;
    }
    return out;
}

namespace {

// The zero of f in [lo, hi], where f is monotone and changes sign, to full double
// precision. Newton's method from the secant point, which converges in a few steps because
// f is smooth on the scale of the bracket; a step that would leave the bracket, shrunk
// at every evaluation, bisects instead. (TOMS 748 took about 15 evaluations per root here.)
double solve_bracketed(const ExpSum& f, double lo, double hi, double f_lo, double f_hi) {
    if (f_hi == 0.0) return hi;
    const bool rising = f_lo < 0.0;
    double x = lo + (hi - lo) * (f_lo / (f_lo - f_hi));
    for (int iteration = 0; iteration < 100; ++iteration) {
        if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
        const auto [value, slope] = f.value_and_slope(x);
        if (value == 0.0) return x;
        if ((value < 0.0) == rising)
            lo = x;
        else
            hi = x;
        const double next = slope != 0.0 ? x - value / slope : 0.5 * (lo + hi);
        // Converged when the step is within a few units in the last place of x, or the
        // bracket has closed to neighbouring doubles.
        if (std::abs(next - x) <= 0x1p-50 * std::abs(x) || std::nextafter(lo, hi) >= hi)
            return next > lo && next < hi ? next : x;
        x = next;
    }
    return 0.5 * (lo + hi);
}

// f' (t) * exp(r_0 t): zero exactly where f' is, with one exponential fewer.
ExpSum scaled_derivative(const ExpSum& f) {
    ExpSum g;
    g.c = -f.r[0] * f.a[0];
    for (std::size_t j = 1; j < f.n; ++j)
        g.add_term(-f.r[j] * f.a[j], f.r[j] - f.r[0]);
    return g;
}

// Every zero of f in the open interval (0, L), ascending, into out; returns the count.
std::size_t all_roots(const ExpSum& f, double length, double* out) {
    if (f.n == 0) return 0;
    if (f.n == 1) { // c + a exp(-r t) = 0 has the closed-form solution below
        const double ratio = -f.c / f.a[0];
        if (!(ratio > 0.0)) return 0;
        const double t = -std::log(ratio) / f.r[0];
        if (t > 0.0 && t < length) {
            out[0] = t;
            return 1;
        }
        return 0;
    }
    double points[ExpSum::max_terms + 2];
    std::size_t count = 0;
    points[count++] = 0.0;
    count += all_roots(scaled_derivative(f), length, points + count);
    points[count++] = length;
    std::size_t found = 0;
    double f_lo = f(points[0]);
    for (std::size_t k = 0; k + 1 < count; ++k) {
        const double lo = points[k], hi = points[k + 1];
        const double f_hi = f(hi);
        if ((f_lo < 0.0 && f_hi > 0.0) || (f_lo > 0.0 && f_hi < 0.0))
            out[found++] = solve_bracketed(f, lo, hi, f_lo, f_hi);
        f_lo = f_hi;
    }
    return found;
}

} // namespace

double first_upcrossing(const ExpSum& f, double length) {
    // At or above zero already: the crossing is now. The caller's own test of the state
    // (v < v_th) may disagree with f(0) in the last bits, since f's coefficients are
    // rounded separately; f decides, so a state within rounding of threshold fires at once
    // instead of searching a bracket whose left end is not below zero.
    double f_lo = f(0.0);
    if (f_lo >= 0.0) return 0.0;
    if (!(length > 0.0)) return -1.0;
    if (f.n == 0) return -1.0;
    double points[ExpSum::max_terms + 2];
    std::size_t count = 0;
    points[count++] = 0.0;
    if (f.n > 1) count += all_roots(scaled_derivative(f), length, points + count);
    points[count++] = length;
    for (std::size_t k = 0; k + 1 < count; ++k) {
        const double f_hi = f(points[k + 1]);
        if (f_hi >= 0.0) return solve_bracketed(f, points[k], points[k + 1], f_lo, f_hi);
        f_lo = f_hi;
    }
    return -1.0;
}

} // namespace spikesim
