#include "models/polynomial_crossing.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace spikesim {
namespace {

constexpr std::size_t max_terms = 48;
constexpr int max_depth = 50; // intervals of 2^-50

// q(u) = p(a + w u): Taylor shift to a (repeated synthetic division by x - a), then the
// scaling to width w, so that q's terms are their sizes at u = 1.
void shift(std::span<const double> c, double a, double w, double* q) {
    const auto n = c.size();
    std::copy(c.begin(), c.end(), q);
    for (std::size_t i = 0; i + 1 < n; ++i)
        for (std::size_t k = n - 1; k-- > i;)
            q[k] += a * q[k + 1];
    double power = 1.0;
    for (std::size_t k = 0; k < n; ++k, power *= w)
        q[k] *= power;
}

// The x in [lo, hi] where p crosses level, given p(lo) < level <= p(hi) and p rising on
// [lo, hi]: Newton's method kept inside the bracket, ending on the side at or above level.
double solve_in(std::span<const double> c, double level, double lo, double hi) {
    double x = hi;
    for (int iteration = 0; iteration < 100 && hi - lo > 0x1p-52 * hi; ++iteration) {
        const auto [value, slope] = evaluate_with_slope(c, x);
        (value >= level ? hi : lo) = x;
        double next = slope > 0.0 ? x - (value - level) / slope : lo;
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (next == x) break;
        x = next;
    }
    return hi;
}

// The first crossing in [a, b], given p(a) < level; -1 if none.
double search(std::span<const double> c, double level, double a, double b, int depth) {
    std::array<double, max_terms> q;
    shift(c, a, b - a, q.data());
    const auto n = c.size();
    double upper = q[0], end = q[0], slope_low = n > 1 ? q[1] : 0.0;
    for (std::size_t k = 1; k < n; ++k) {
        upper += std::max(q[k], 0.0);
        end += q[k];
        if (k >= 2) slope_low -= double(k) * std::max(-q[k], 0.0);
    }
    if (upper < level) return -1.0;
    if (end >= level && slope_low > 0.0) return solve_in(c, level, a, b);
    if (depth == max_depth) return end >= level ? b : -1.0;
    const double m = 0.5 * (a + b);
    const double left = search(c, level, a, m, depth + 1);
    if (left >= 0.0) return left;
    // p(m) < level: the left half was ruled out, or held no point at or above level.
    return search(c, level, m, b, depth + 1);
}

} // namespace

PolynomialValue evaluate_with_slope(std::span<const double> c, double x) {
    std::size_t k = c.size() - 1;
    double value = c[k], slope = 0.0;
    while (k-- > 0) {
        slope = slope * x + value;
        value = value * x + c[k];
    }
    return {value, slope};
}

double first_crossing(std::span<const double> c, double level) {
    if (c.empty() || c.size() > max_terms)
        throw std::logic_error("first_crossing: between 1 and 48 coefficients");
    // The common case, p far below level: the bound on [0, 1] needs no shift.
    double upper = c[0];
    for (std::size_t k = 1; k < c.size(); ++k)
        upper += std::max(c[k], 0.0);
    if (upper < level) return -1.0;
    return search(c, level, 0.0, 1.0, 0);
}

} // namespace spikesim
