#include "sim/neuron_model.hpp"

#include "sim/errors.hpp"

#include <cmath>
#include <sstream>

namespace spikesim {
namespace {

std::string key_of(std::string_view where, std::string_view key) {
    return where.empty() ? std::string(key) : std::string(where) + "." + std::string(key);
}

} // namespace

void require_finite(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value))
        throw InputError("parameters", key_of(where, key), "a finite number", format_number(value));
}

void require_differs_from_tau_m(double tau, double tau_m, std::string_view where,
                                std::string_view key) {
    // The closed forms divide by (tau - tau_m); closer than this and rounding eats them.
    constexpr double min_relative_gap = 1e-3;
    if (std::abs(tau - tau_m) < min_relative_gap * tau_m)
        throw InputError("parameters", key_of(where, key),
                         "a value that differs from tau_m (" + format_number(tau_m) +
                             ") by at least 0.1 % (the exact solution needs tau_syn != tau_m)",
                         format_number(tau));
}

void require_positive(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value) || value <= 0)
        throw InputError("parameters", key_of(where, key), "a finite number > 0",
                         format_number(value));
}

void require_non_negative(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value) || value < 0)
        throw InputError("parameters", key_of(where, key), "a finite number >= 0",
                         format_number(value));
}

void require_greater(double value, double bound, std::string_view where, std::string_view key,
                     std::string_view bound_name) {
    require_finite(value, where, key);
    if (!(value > bound))
        throw InputError("parameters", key_of(where, key),
                         "a number > " + std::string(bound_name) + " (" + format_number(bound) +
                             ")",
                         format_number(value));
}

void require_at_most(double value, double bound, std::string_view where, std::string_view key,
                     std::string_view bound_name) {
    require_finite(value, where, key);
    if (!(value <= bound))
        throw InputError("parameters", key_of(where, key),
                         "a number <= " + std::string(bound_name) + " (" + format_number(bound) +
                             ")",
                         format_number(value));
}

void require_at_least(double value, double bound, std::string_view where, std::string_view key,
                      std::string_view bound_name) {
    require_finite(value, where, key);
    if (!(value >= bound))
        throw InputError("parameters", key_of(where, key),
                         "a number >= " + std::string(bound_name) + " (" + format_number(bound) +
                             ")",
                         format_number(value));
}

void require_within(double value, double bound, std::string_view where, std::string_view key) {
    if (!(std::abs(value) <= bound))
        throw InputError("parameters", key_of(where, key),
                         "a finite number within +-" + format_number(bound), format_number(value));
}

void require_tolerance(double value, std::string_view where, std::string_view key) {
    if (!(value >= limits::min_tolerance && value <= limits::max_tolerance))
        throw InputError("parameters", key_of(where, key),
                         "a tolerance from 1e-15 (double precision) to 1", format_number(value));
}

void require_finite_rate(double tau_m, double v_inf, double v_th, double v_reset, double t_ref,
                         std::string_view where) {
    if (!(v_inf > v_th)) return; // does not fire on its own
    const double interval = t_ref + tau_m * std::log((v_inf - v_reset) / (v_inf - v_th));
    if (!(interval >= limits::min_interspike_ms))
        throw InputError("parameters", key_of(where, "t_ref"),
                         "parameters with which the neuron fires at most every 1e-6 ms on its "
                         "own (raise t_ref or lower e_l + i_e)",
                         "a spike every " + format_number(interval) + " ms");
}

} // namespace spikesim
