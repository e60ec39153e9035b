#include "models/lif_alpha.hpp"

#include "models/decay_power.hpp"
#include "models/parabola_reach.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {
namespace {

using Params = LifAlpha::Params;
using State = LifAlpha::State;

// A prepared copy, for parameters that never went through prepare() (tests may call the
// model directly; populations always prepare theirs).
Params prepared(const Params& p) {
    Params q = p;
    LifAlpha::prepare(q);
    return q;
}

// e^{-dt/tau} for tau_m, tau_ex and tau_in: one exponential when tau_m is a small integer
// multiple of both synaptic time constants (models/decay_power.hpp).
struct Decay {
    double m, ex, in;
};
Decay decay_factors(const Params::Derived& d, double dt) {
    const double em = std::exp(-dt * d.inv_tau_m);
    return {em, d.pow_ex ? decay_power(em, d.pow_ex) : std::exp(-dt * d.inv_tau_ex),
            d.pow_in ? decay_power(em, d.pow_in) : std::exp(-dt * d.inv_tau_in)};
}

// One synapse's current over dt whose decay factor is e: (I + y dt) e, y e.
void evolve_current(double& i, double& y, double dt, double e) {
    i = (i + y * dt) * e;
    y *= e;
}

// v's coefficients at t_last (see the header): b_x and c_x of each synapse, and A.
struct Coefficients {
    double m, b_ex, c_ex, b_in, c_in;
};
Coefficients coefficients(const Params& p, const State& s) {
    const auto& d = p.derived;
    const double c_ex = d.k_ex * s.y_ex, c_in = d.k_in * s.y_in;
    const double b_ex = d.k_ex * (s.i_ex - p.tau_m * c_ex);
    const double b_in = d.k_in * (s.i_in - p.tau_m * c_in);
    return {s.v - d.v_inf - b_ex - b_in, b_ex, c_ex, b_in, c_in};
}

// No crossing can happen before this time (v < v_th, not refractory): the envelope's own
// crossing (LifAlpha::envelope_target), its tangent's when that suffices.
double envelope_bound(const Params& p, const State& s, double horizon) {
    const double tangent = LifAlpha::tangent_bound(p, s);
    if (tangent >= horizon) return tangent;
    const double u = LifAlpha::envelope_target(p, s);
    return s.t_last + p.tau_m * std::log((u - s.v) / (u - p.v_th));
}

// A bound that sees inhibition, which the envelope ignores: v'' is at most M, the sum of
// its terms' largest second derivatives for t >= 0, so v stays below the parabola
// v + v'(0) t + M t^2 / 2, and no crossing comes before the parabola reaches threshold.
// ((b + c t) e^{-r t})'' = (r^2 b - 2 r c + r^2 c t) e^{-r t}. Shortened by 1e-9 of itself
// against rounding.
double parabola_bound(const Params& p, const State& s) {
    const auto& d = p.derived;
    const auto c = coefficients(p, s);
    const double slope = (d.v_inf - s.v + s.i_ex + s.i_in) * d.inv_tau_m;
    auto curvature = [](double b, double ct, double r, double tau) {
        return LifAlpha::peak_bound(r * r * b - 2.0 * r * ct, r * r * ct, tau);
    };
    const double half_m = 0.5 * (std::max(c.m, 0.0) * d.inv_tau_m * d.inv_tau_m +
                                 curvature(c.b_ex, c.c_ex, d.inv_tau_ex, p.tau_ex) +
                                 curvature(c.b_in, c.c_in, d.inv_tau_in, p.tau_in));
    return s.t_last + parabola_reach(p.v_th - s.v, slope, half_m);
}

// The better of the two bounds, the cheap one first. Both assume v < v_th; at or above it
// (rounding can put the state there where the root search saw f < 0) there is no bound.
double crossing_bound(const Params& p, const State& s, double horizon) {
    if (!(s.v < p.v_th)) return s.t_last;
    const double parabola = parabola_bound(p, s);
    if (parabola >= horizon) return parabola;
    return std::max(parabola, envelope_bound(p, s, horizon));
}

} // namespace

void LifAlpha::validate(const Params& p, std::string_view where) {
    validate_current_based(p, where);
}

void LifAlpha::prepare(Params& p) {
    auto& d = p.derived;
    d.v_inf = v_inf(p);
    d.inv_tau_m = 1.0 / p.tau_m;
    d.inv_tau_ex = 1.0 / p.tau_ex;
    d.inv_tau_in = 1.0 / p.tau_in;
    d.k_ex = p.tau_ex / (p.tau_ex - p.tau_m);
    d.k_in = p.tau_in / (p.tau_in - p.tau_m);
    d.jump_ex = std::exp(1.0) / p.tau_ex;
    d.jump_in = std::exp(1.0) / p.tau_in;
    d.pow_ex = integer_decay_ratio(p.tau_m, p.tau_ex);
    d.pow_in = integer_decay_ratio(p.tau_m, p.tau_in);
    d.ready = true;
}

void LifAlpha::advance(const Params& p, State& s, double t) {
    if (!p.derived.ready) [[unlikely]]
        return advance(prepared(p), s, t);
    const auto& d = p.derived;
    double from = s.t_last;
    if (from < s.refractory_end) { // v held at v_reset, the currents go on
        const double until = std::min(t, s.refractory_end);
        const double dt = until - from;
        const Decay e = decay_factors(d, dt);
        evolve_current(s.i_ex, s.y_ex, dt, e.ex);
        evolve_current(s.i_in, s.y_in, dt, e.in);
        from = until;
        s.v = p.v_reset;
    }
    const double dt = t - from;
    if (dt > 0) {
        const Decay e = decay_factors(d, dt);
        const auto c = coefficients(p, s);
        s.v = d.v_inf + c.m * e.m + (c.b_ex + c.c_ex * dt) * e.ex + (c.b_in + c.c_in * dt) * e.in;
        evolve_current(s.i_ex, s.y_ex, dt, e.ex);
        evolve_current(s.i_in, s.y_in, dt, e.in);
    }
    s.t_last = t;
}

ExpSum LifAlpha::trajectory(const Params& p, const State& s) {
    const auto& d = p.derived;
    const auto c = coefficients(p, s);
    ExpSum f;
    f.c = d.v_inf - p.v_th;
    f.add_term(c.m, d.inv_tau_m);
    f.add_term(c.b_ex, d.inv_tau_ex, c.c_ex);
    f.add_term(c.b_in, d.inv_tau_in, c.c_in);
    return f;
}

double LifAlpha::next_crossing_exact(const Params& p, const State& state, double horizon) {
    if (!p.derived.ready) [[unlikely]]
        return next_crossing_exact(prepared(p), state, horizon);
    State s = state;
    if (s.t_last < s.refractory_end) advance(p, s, s.refractory_end);
    if (s.v >= p.v_th) return s.t_last;

    // No crossing before a bound, so the bound can start again from there: a few such
    // steps settle most cases that would otherwise need a root search.
    double bound = crossing_bound(p, s, horizon);
    State marched = s;
    for (int step = 0; step < 4 && bound < horizon; ++step) {
        advance(p, marched, bound);
        if (marched.v >= p.v_th) break; // at threshold: leave it to the root search
        bound = std::max(bound, crossing_bound(p, marched, horizon));
    }
    if (bound >= horizon) return bound;

    const double t = first_upcrossing(trajectory(p, s), horizon - s.t_last);
    if (t >= 0.0) return s.t_last + t;

    // None before the horizon: restart the envelope from there for a tighter bound.
    advance(p, s, horizon);
    return std::max(horizon, crossing_bound(p, s, horizon));
}

} // namespace spikesim
