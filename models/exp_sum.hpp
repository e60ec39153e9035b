#pragma once
// Threshold crossings of f(t) = c + sum_j a_j exp(-r_j t), the form every current-based
// LIF trajectory takes between input events. Such a sum with n terms has at most n real
// zeros, and its derivative, once multiplied by exp(r_0 t), is again a constant plus n - 1
// exponentials. Recursing on that gives every critical point, so [0, L] splits into
// pieces on which f is monotone, and the first sign change is bracketed and solved by
// Newton's method kept inside the bracket: exact up to rounding, with no time step and no
// missed double crossings.
#include <array>
#include <cstddef>

namespace spikesim {

struct ExpSum {
    static constexpr std::size_t max_terms = 3;
    double c = 0.0;
    std::size_t n = 0;
    std::array<double, max_terms> a{}; // coefficients
    std::array<double, max_terms> r{}; // rates (1/ms), kept in ascending order

    // Adds a term, merging it with an existing term of the same rate; zero terms are dropped.
    void add_term(double coefficient, double rate);
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
