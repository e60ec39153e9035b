#include "models/lif_alpha.hpp"

#include <algorithm>
#include <cmath>

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
    if (!(s.v < p.v_th)) return s.t_last;
    const double tangent = LifAlpha::tangent_bound(p, s);
    if (tangent >= horizon) return tangent;
    const double u = LifAlpha::envelope_target(p, s);
    return s.t_last + p.tau_m * std::log((u - s.v) / (u - p.v_th));
}

} // namespace

void LifAlpha::validate(const Params& p, std::string_view where) {
    validate_lif_core(p, where);
    require_positive(p.tau_ex, where, "tau_ex");
    require_positive(p.tau_in, where, "tau_in");
    require_differs_from_tau_m(p.tau_ex, p.tau_m, where, "tau_ex");
    require_differs_from_tau_m(p.tau_in, p.tau_m, where, "tau_in");
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
        evolve_current(s.i_ex, s.y_ex, dt, std::exp(-dt * d.inv_tau_ex));
        evolve_current(s.i_in, s.y_in, dt, std::exp(-dt * d.inv_tau_in));
        from = until;
        s.v = p.v_reset;
    }
    const double dt = t - from;
    if (dt > 0) {
        const double em = std::exp(-dt * d.inv_tau_m);
        const double ee = std::exp(-dt * d.inv_tau_ex);
        const double ei = std::exp(-dt * d.inv_tau_in);
        const auto c = coefficients(p, s);
        s.v = d.v_inf + c.m * em + (c.b_ex + c.c_ex * dt) * ee + (c.b_in + c.c_in * dt) * ei;
        evolve_current(s.i_ex, s.y_ex, dt, ee);
        evolve_current(s.i_in, s.y_in, dt, ei);
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
    double bound = envelope_bound(p, s, horizon);
    State marched = s;
    for (int step = 0; step < 4 && bound < horizon; ++step) {
        advance(p, marched, bound);
        if (marched.v >= p.v_th) break; // at threshold: leave it to the root search
        bound = std::max(bound, envelope_bound(p, marched, horizon));
    }
    if (bound >= horizon) return bound;

    const double t = first_upcrossing(trajectory(p, s), horizon - s.t_last);
    if (t >= 0.0) return s.t_last + t;

    // None before the horizon: restart the envelope from there for a tighter bound.
    advance(p, s, horizon);
    return std::max(horizon, envelope_bound(p, s, horizon));
}

} // namespace spikesim
