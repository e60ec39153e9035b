#include "models/exp_sum.hpp"

#include <boost/math/tools/toms748_solve.hpp>

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

namespace {

// Roots are solved to full double precision relative to their position.
double solve_bracketed(const ExpSum& f, double lo, double hi, double f_lo, double f_hi) {
    if (f_hi == 0.0) return hi;
    std::uintmax_t iterations = 200;
    auto bracket = boost::math::tools::toms748_solve(
        [&f](double t) { return f(t); }, lo, hi, f_lo, f_hi,
        boost::math::tools::eps_tolerance<double>(52), iterations);
    return 0.5 * (bracket.first + bracket.second);
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
    assert(f(0.0) < 0.0);
    if (!(length > 0.0)) return -1.0;
    if (f.n == 0) return -1.0;
    double points[ExpSum::max_terms + 2];
    std::size_t count = 0;
    points[count++] = 0.0;
    if (f.n > 1) count += all_roots(scaled_derivative(f), length, points + count);
    points[count++] = length;
    double f_lo = f(0.0);
    for (std::size_t k = 0; k + 1 < count; ++k) {
        const double f_hi = f(points[k + 1]);
        if (f_hi >= 0.0) return solve_bracketed(f, points[k], points[k + 1], f_lo, f_hi);
        f_lo = f_hi;
    }
    return -1.0;
}

} // namespace spikesim
