#pragma once
// Threshold crossings of f(t) = c + d t + sum_j (a_j + b_j t) exp(-r_j t), the form every
// current-based LIF trajectory takes between input events (the t e^{-r t} terms come from
// alpha-shaped currents, d t from differentiating them). An exponential polynomial whose
// polynomial parts have degrees k_j has at most sum_j (k_j + 1) - 1 real zeros, and its
// derivative, multiplied by exp(r_0 t) when the lowest rate r_0 is not zero, is again such
// a sum with that count one lower. Recursing on it gives every critical point, so [0, L]
// splits into pieces on which f is monotone, and the first sign change is bracketed and
// solved by Newton's method kept inside the bracket: exact up to rounding, with no time
// step and no missed double crossings.
#include <array>
#include <cstddef>

namespace spikesim {

struct ExpSum {
    static constexpr std::size_t max_terms = 3;
    double c = 0.0; // constant
    double d = 0.0; // coefficient of t at rate 0
    std::size_t n = 0;
    std::array<double, max_terms> a{}; // coefficients of e^{-r_j t}
    std::array<double, max_terms> b{}; // coefficients of t e^{-r_j t}
    std::array<double, max_terms> r{}; // rates (1/ms, > 0), kept in ascending order

    // Adds (coefficient + t_coefficient t) e^{-rate t}, merging it with an existing term of
    // the same rate; zero terms are dropped. At most max_terms distinct rates.
    void add_term(double coefficient, double rate, double t_coefficient = 0.0);
    double operator()(double t) const;
    struct ValueAndSlope {
        double value, slope;
    };
    // f(t) and f'(t) from the same exponentials.
    ValueAndSlope value_and_slope(double t) const;
};

// The first t in [0, L] with f(t) >= 0 (0 when f(0) >= 0); a negative value when there is
// none. Each bracket it solves has f < 0 at its left end and f >= 0 at its right end, as
// evaluated, so rounding cannot make a bracket inconsistent.
double first_upcrossing(const ExpSum& f, double length);

} // namespace spikesim
