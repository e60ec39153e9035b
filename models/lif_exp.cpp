#include "models/lif_exp.hpp"

#include "models/parabola_reach.hpp"

#include <cmath>

namespace spikesim {
namespace {

// No crossing can happen before this time (see next_crossing), or +inf if none ever can.
// The envelope's own crossing (LifExp::envelope_target), its tangent's when that suffices.
double envelope_bound(const LifExp::Params& p, const LifExp::State& s, double horizon) {
    const double tangent = LifExp::tangent_bound(p, s);
    if (tangent >= horizon) return tangent;
    const double u = LifExp::envelope_target(p, s);
    return s.t_last + p.tau_m * std::log((u - s.v) / (u - p.v_th));
}

// A bound that sees inhibition, which the envelope ignores. With v(t_last + t) = v_inf +
// a_m e^{-t/tau_m} + c_ex e^{-t/tau_ex} + c_in e^{-t/tau_in}, each term's second derivative
// is at most max(a, 0)/tau^2 for t >= 0, so v stays below the parabola
// v + v'(0) t + M t^2 / 2 with M the sum of those maxima; no crossing happens before the
// parabola reaches threshold. Shortened by 1e-9 of itself against rounding.
double parabola_bound(const LifExp::Params& p, const LifExp::State& s) {
    const auto& d = p.derived;
    const auto c = LifExp::coefficients(p, s);
    const double slope = (LifExp::v_inf(p) - s.v + s.i_ex + s.i_in) * d.inv_tau_m;
    const double half_m = 0.5 * (std::max(c.m, 0.0) * d.inv_tau_m * d.inv_tau_m +
                                 std::max(c.ex, 0.0) * d.inv_tau_ex * d.inv_tau_ex +
                                 std::max(c.in, 0.0) * d.inv_tau_in * d.inv_tau_in);
    return s.t_last + parabola_reach(p.v_th - s.v, slope, half_m);
}

// The better of the two bounds, the cheap one first. Both assume v < v_th; at or above it
// (rounding can put the state there where the root search saw f < 0) there is no bound.
double crossing_bound(const LifExp::Params& p, const LifExp::State& s, double horizon) {
    if (!(s.v < p.v_th)) return s.t_last;
    const double parabola = parabola_bound(p, s);
    if (parabola >= horizon) return parabola;
    return std::max(parabola, envelope_bound(p, s, horizon));
}

} // namespace

void LifExp::validate(const Params& p, std::string_view where) {
    validate_current_based(p, where);
}

void LifExp::prepare(Params& p) {
    auto& d = p.derived;
    d.v_inf = v_inf(p);
    d.inv_tau_m = 1.0 / p.tau_m;
    d.inv_tau_ex = 1.0 / p.tau_ex;
    d.inv_tau_in = 1.0 / p.tau_in;
    d.k_ex = p.tau_ex / (p.tau_ex - p.tau_m);
    d.k_in = p.tau_in / (p.tau_in - p.tau_m);
    d.pow_ex = integer_decay_ratio(p.tau_m, p.tau_ex);
    d.pow_in = integer_decay_ratio(p.tau_m, p.tau_in);
    d.ready = true;
}

double LifExp::next_crossing_exact(const Params& p, const State& state, double horizon) {
    if (!p.derived.ready)
        return with_prepared<LifExp>(
            p, [&](const Params& q) { return next_crossing_exact(q, state, horizon); });
    State s = state;
    if (s.t_last < s.refractory_end) advance(p, s, s.refractory_end);
    if (s.v >= p.v_th) return s.t_last;

    // No crossing before a bound, so the bounds can start again from there: a few such
    // steps, one exponential each, settle most cases that would otherwise need a root
    // search (a near miss, a neuron held just below threshold).
    double bound = crossing_bound(p, s, horizon);
    State marched = s;
    for (int step = 0; step < 4 && bound < horizon; ++step) {
        advance(p, marched, bound);
        if (marched.v >= p.v_th) break; // at threshold: leave it to the root search
        bound = std::max(bound, crossing_bound(p, marched, horizon));
    }
    if (bound >= horizon) return bound;

    // f(t) = v(t_last + t) - v_th as a sum of exponentials (see the header). The
    // coefficients are rounded as they were before prepare() existed, not as
    // coefficients() rounds them, so that spike times keep their last bits.
    const auto& d = p.derived;
    const double ce = s.i_ex * p.tau_ex / (p.tau_ex - p.tau_m);
    const double ci = s.i_in * p.tau_in / (p.tau_in - p.tau_m);
    ExpSum f;
    f.c = v_inf(p) - p.v_th;
    f.add_term(s.v - v_inf(p) - ce - ci, d.inv_tau_m);
    f.add_term(ce, d.inv_tau_ex);
    f.add_term(ci, d.inv_tau_in);
    const double t = first_upcrossing(f, horizon - s.t_last);
    if (t >= 0.0) return s.t_last + t;

    // None before the horizon: restart the envelope from there for a tighter bound.
    advance(p, s, horizon);
    return std::max(horizon, crossing_bound(p, s, horizon));
}

} // namespace spikesim
