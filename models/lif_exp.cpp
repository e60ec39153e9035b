#include "models/lif_exp.hpp"

#include "sim/errors.hpp"

#include <cmath>
#include <string>

namespace spikesim {
namespace {

// The closed form divides by (tau_x - tau_m); closer than this and rounding eats the result.
constexpr double min_relative_tau_gap = 1e-3;

void require_distinct_from_tau_m(double tau, double tau_m, std::string_view where,
                                 std::string_view key) {
    if (std::abs(tau - tau_m) < min_relative_tau_gap * tau_m)
        throw InputError("parameters", std::string(where) + "." + std::string(key),
                         "a value that differs from tau_m (" + std::to_string(tau_m) +
                             ") by at least 0.1 % (the exact solution needs tau_syn != tau_m)",
                         std::to_string(tau));
}

// No crossing can happen before this time (see next_crossing), or +inf if none ever can.
double envelope_bound(const LifExp::Params& p, const LifExp::State& s, double horizon) {
    // dv/dt <= (u - v)/tau_m with u = v_inf + max(I_ex,0) + max(I_in,0), since neither
    // current grows in magnitude; so v stays below the solution that relaxes towards u.
    const double u = LifExp::v_inf(p) + std::max(s.i_ex, 0.0) + std::max(s.i_in, 0.0);
    if (u <= p.v_th) return std::numeric_limits<double>::infinity();
    // That solution is concave, below its tangent at t_last: the tangent's crossing is an
    // earlier, weaker bound that costs no logarithm, and often suffices.
    const double linear = s.t_last + p.tau_m * (p.v_th - s.v) / (u - s.v);
    if (linear >= horizon) return linear;
    return s.t_last + p.tau_m * std::log((u - s.v) / (u - p.v_th));
}

} // namespace

void LifExp::validate(const Params& p, std::string_view where) {
    validate_lif_core(p, where);
    require_positive(p.tau_ex, where, "tau_ex");
    require_positive(p.tau_in, where, "tau_in");
    require_distinct_from_tau_m(p.tau_ex, p.tau_m, where, "tau_ex");
    require_distinct_from_tau_m(p.tau_in, p.tau_m, where, "tau_in");
}

double LifExp::next_crossing(const Params& p, const State& state, double horizon) {
    State s = state;
    if (s.t_last < s.refractory_end) advance(p, s, s.refractory_end);
    if (s.v >= p.v_th) return s.t_last;

    const double bound = envelope_bound(p, s, horizon);
    if (bound >= horizon) return bound;

    // f(t) = v(t_last + t) - v_th as a sum of exponentials (see the header).
    const double ce = s.i_ex * p.tau_ex / (p.tau_ex - p.tau_m);
    const double ci = s.i_in * p.tau_in / (p.tau_in - p.tau_m);
    ExpSum f;
    f.c = v_inf(p) - p.v_th;
    f.add_term(s.v - v_inf(p) - ce - ci, 1.0 / p.tau_m);
    f.add_term(ce, 1.0 / p.tau_ex);
    f.add_term(ci, 1.0 / p.tau_in);
    const double t = first_upcrossing(f, horizon - s.t_last);
    if (t >= 0.0) return s.t_last + t;

    // None before the horizon: restart the envelope from there for a tighter bound.
    advance(p, s, horizon);
    return std::max(horizon, envelope_bound(p, s, horizon));
}

} // namespace spikesim
