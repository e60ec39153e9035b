#include "models/exp_sum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace spikesim {

void ExpSum::add_term(double coefficient, double rate, double t_coefficient) {
    if (coefficient == 0.0 && t_coefficient == 0.0) return;
    for (std::size_t j = 0; j < n; ++j) {
        if (r[j] == rate) {
            a[j] += coefficient;
            b[j] += t_coefficient;
            return;
        }
    }
    // The models add at most max_terms rates, and derivatives have no more than f: a
    // fourth rate is a programming error, refused rather than written past the arrays.
    if (n == max_terms) throw std::length_error("ExpSum: more than max_terms distinct rates");
    std::size_t j = n++;
    while (j > 0 && r[j - 1] > rate) {
        a[j] = a[j - 1];
        b[j] = b[j - 1];
        r[j] = r[j - 1];
        --j;
    }
    a[j] = coefficient;
    b[j] = t_coefficient;
    r[j] = rate;
}

namespace {

// t e^{-r t} with its limit 0 at t = inf (inf * 0 would be NaN).
double t_times(double t, double e) {
    return e == 0.0 ? 0.0 : t * e;
}

// f and f' with or without the t terms: sums without them (every lif_exp trajectory)
// take the plain loop, which rounds as it always did, so lif_exp's spike times keep their
// last bits and its root search its cost. A derivative has t terms only if f has.
template <bool TTerms> double value(const ExpSum& f, double t) {
    if constexpr (!TTerms) {
        double sum = f.c;
        for (std::size_t j = 0; j < f.n; ++j)
            sum += f.a[j] * std::exp(-f.r[j] * t);
        return sum;
    } else {
        double sum = f.d == 0.0 ? f.c : f.c + f.d * t;
        for (std::size_t j = 0; j < f.n; ++j) {
            const double e = std::exp(-f.r[j] * t);
            sum += f.a[j] * e + f.b[j] * t_times(t, e);
        }
        return sum;
    }
}

template <bool TTerms> ExpSum::ValueAndSlope value_and_slope(const ExpSum& f, double t) {
    ExpSum::ValueAndSlope out{f.c, 0.0};
    if constexpr (TTerms) out = {f.d == 0.0 ? f.c : f.c + f.d * t, f.d};
    for (std::size_t j = 0; j < f.n; ++j) {
        const double e = std::exp(-f.r[j] * t);
        if constexpr (TTerms) {
            const double term = f.a[j] * e + f.b[j] * t_times(t, e);
            out.value += term;
            out.slope += f.b[j] * e - f.r[j] * term;
        } else {
            const double term = f.a[j] * e;
            out.value += term;
            out.slope -= f.r[j] * term;
        }
    }
    return out;
}

bool has_t_terms(const ExpSum& f) {
    if (f.d != 0.0) return true;
    for (std::size_t j = 0; j < f.n; ++j)
        if (f.b[j] != 0.0) return true;
    return false;
}

} // namespace

double ExpSum::operator()(double t) const {
    return has_t_terms(*this) ? value<true>(*this, t) : value<false>(*this, t);
}

ExpSum::ValueAndSlope ExpSum::value_and_slope(double t) const {
    return has_t_terms(*this) ? spikesim::value_and_slope<true>(*this, t)
                              : spikesim::value_and_slope<false>(*this, t);
}

namespace {

// The zero of f in [lo, hi], where f is monotone and changes sign, to full double
// precision. Newton's method from the secant point, which converges in a few steps because
// f is smooth on the scale of the bracket; a step that would leave the bracket, shrunk
// at every evaluation, bisects instead. (TOMS 748 took about 15 evaluations per root here.)
template <bool TTerms>
double solve_bracketed(const ExpSum& f, double lo, double hi, double f_lo, double f_hi) {
    if (f_hi == 0.0) return hi;
    const bool rising = f_lo < 0.0;
    double x = lo + (hi - lo) * (f_lo / (f_lo - f_hi));
    for (int iteration = 0; iteration < 100; ++iteration) {
        if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
        const auto [value, slope] = value_and_slope<TTerms>(f, x);
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

// A function whose zeros are exactly the critical points of f, with a smaller zero
// count (see the header): f' itself when f has a t term at rate 0 (the derivative lowers
// its degree), else f' e^{r_0 t}, which moves the lowest rate to 0.
ExpSum scaled_derivative(const ExpSum& f) {
    ExpSum g;
    // (a + b t) e^{-r t} differentiates to ((b - r a) - r b t) e^{-r t}.
    const double shift = f.d != 0.0 ? 0.0 : f.r[0];
    std::size_t j = 0;
    if (f.d != 0.0) {
        g.c = f.d;
    } else {
        g.c = f.b[0] - f.r[0] * f.a[0];
        g.d = -f.r[0] * f.b[0];
        j = 1;
    }
    for (; j < f.n; ++j)
        g.add_term(f.b[j] - f.r[j] * f.a[j], f.r[j] - shift, -f.r[j] * f.b[j]);
    return g;
}

// f is monotone on [0, inf) by its form: linear, or c + a e^{-r t}.
bool monotone(const ExpSum& f) {
    return f.n == 0 || (f.n == 1 && f.d == 0.0 && f.b[0] == 0.0);
}

// Room for the critical points of any f (fewer than 2 max_terms + 2) and two ends.
constexpr std::size_t max_points = 2 * ExpSum::max_terms + 4;

// Every zero of f in the open interval (0, L), ascending, into out; returns the count.
template <bool TTerms> std::size_t all_roots(const ExpSum& f, double length, double* out) {
    if (f.n == 0) { // c + d t
        if (f.d == 0.0) return 0;
        const double t = -f.c / f.d;
        if (!(t > 0.0 && t < length)) return 0;
        out[0] = t;
        return 1;
    }
    if (monotone(f)) { // c + a exp(-r t) = 0 has the closed-form solution below
        const double ratio = -f.c / f.a[0];
        if (!(ratio > 0.0)) return 0;
        const double t = -std::log(ratio) / f.r[0];
        if (t > 0.0 && t < length) {
            out[0] = t;
            return 1;
        }
        return 0;
    }
    double points[max_points];
    std::size_t count = 0;
    points[count++] = 0.0;
    count += all_roots<TTerms>(scaled_derivative(f), length, points + count);
    points[count++] = length;
    std::size_t found = 0;
    double f_lo = value<TTerms>(f, points[0]);
    for (std::size_t k = 0; k + 1 < count; ++k) {
        const double lo = points[k], hi = points[k + 1];
        const double f_hi = value<TTerms>(f, hi);
        if ((f_lo < 0.0 && f_hi > 0.0) || (f_lo > 0.0 && f_hi < 0.0))
            out[found++] = solve_bracketed<TTerms>(f, lo, hi, f_lo, f_hi);
        f_lo = f_hi;
    }
    return found;
}

template <bool TTerms> double first_upcrossing(const ExpSum& f, double length) {
    // At or above zero already: the crossing is now. The caller's own test of the state
    // (v < v_th) may disagree with f(0) in the last bits, since f's coefficients are
    // rounded separately; f decides, so a state within rounding of threshold fires at once
    // instead of searching a bracket whose left end is not below zero.
    double f_lo = value<TTerms>(f, 0.0);
    if (f_lo >= 0.0) return 0.0;
    if (!(length > 0.0)) return -1.0;
    if (f.n == 0 && f.d == 0.0) return -1.0;
    double points[max_points];
    std::size_t count = 0;
    points[count++] = 0.0;
    if (!monotone(f)) count += all_roots<TTerms>(scaled_derivative(f), length, points + count);
    points[count++] = length;
    for (std::size_t k = 0; k + 1 < count; ++k) {
        const double f_hi = value<TTerms>(f, points[k + 1]);
        if (f_hi >= 0.0) return solve_bracketed<TTerms>(f, points[k], points[k + 1], f_lo, f_hi);
        f_lo = f_hi;
    }
    return -1.0;
}

} // namespace

double first_upcrossing(const ExpSum& f, double length) {
    return has_t_terms(f) ? first_upcrossing<true>(f, length) : first_upcrossing<false>(f, length);
}

} // namespace spikesim
