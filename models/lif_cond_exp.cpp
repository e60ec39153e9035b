#include "models/lif_cond_exp.hpp"

#include "models/decay_power.hpp"
#include "models/exp_sum.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace spikesim {
namespace {

using Params = LifCondExp::Params;
using State = LifCondExp::State;

// One exponential when one time constant is a small integer multiple of the other (as in
// COBA: 10 ms = 2 x 5 ms), the faster factor a power of the slower.
void decay_conductances(const Params& p, State& s, double dt) {
    const auto& d = p.derived;
    if (d.ex_power_of_in) {
        const double in = std::exp(-dt * d.membrane.r_in);
        s.g_in *= in;
        s.g_ex *= decay_power(in, d.ex_power_of_in);
    } else if (d.in_power_of_ex) {
        const double ex = std::exp(-dt * d.membrane.r_ex);
        s.g_ex *= ex;
        s.g_in *= decay_power(ex, d.in_power_of_ex);
    } else {
        s.g_ex *= std::exp(-dt * d.membrane.r_ex);
        s.g_in *= std::exp(-dt * d.membrane.r_in);
    }
}

// The longest stretch one series covers: two time constants of the fastest process (the
// membrane's own rate grows with the conductances). Up to about 22 terms then reach the
// tolerance (15.8 on average in COBA); shorter stretches need fewer terms each but more
// series (callgrind on COBA when this was chosen: 1, 1.5, 2, 3 and 4 time constants cost
// 1.82, 1.73, 1.70, 1.76 and 1.81 G instructions).
double stretch(const Params& p, const State& s) {
    const auto& m = p.derived.membrane;
    const double membrane_rate = m.inv_tau_m * (1.0 + s.g_ex + s.g_in);
    return 2.0 / std::max({m.r_ex, m.r_in, membrane_rate});
}

// The series of v from s over [0, h'], h' <= h the stretch it was accurate on. Within one
// stretch the series always converges; halving is a safeguard, and a state that defeats it
// (not a finite number) is an internal error, not an endless loop.
double expand(const Params& p, const State& s, double h, MembraneSeries& series) {
    h = std::min(h, stretch(p, s));
    for (int halvings = 0;
         !expand_membrane(p.derived.membrane, s.v, s.g_ex, s.g_in, h, p.derived.tolerance, series);
         ++halvings) {
        if (halvings == 60)
            throw std::logic_error(
                "lif_cond_exp: the membrane's series does not converge from v = " +
                std::to_string(s.v) + " mV, g_ex = " + std::to_string(s.g_ex) +
                ", g_in = " + std::to_string(s.g_in));
        h *= 0.5;
    }
    return h;
}

// Moves s (not refractory) forward by dt.
void evolve(const Params& p, State& s, double dt) {
    const double end = s.t_last + dt;
    MembraneSeries series;
    while (dt > 0.0) {
        const double h = expand(p, s, dt, series);
        s.v = series(h);
        decay_conductances(p, s, h);
        dt -= h;
    }
    s.t_last = end;
}

// Where v can rise to threshold: U(t) > v_th, i.e. D(t) = (E_L + I_e - v_th) +
// g_ex(t) (E_ex - v_th) + g_in(t) (E_in - v_th) > 0, t measured from s.t_last. At most two
// stretches, since D has at most two zeros. Each is widened by a hair (D > -slack rather
// than D > 0): a wider stretch is still safe (v rises above threshold only inside the
// true one), and a narrower one, from rounding, could cut off a crossing.
struct RisingStretches {
    int count = 0;
    double start[2]{}, end[2]{}; // end may be +inf
};

ExpSum rising_condition(const Params& p, const State& s, double shift, double from) {
    const auto& m = p.derived.membrane;
    ExpSum d;
    d.c = m.v_rest - p.v_th + shift;
    d.add_term(s.g_ex * (m.e_ex - p.v_th) * std::exp(-m.r_ex * from), m.r_ex);
    d.add_term(s.g_in * (m.e_in - p.v_th) * std::exp(-m.r_in * from), m.r_in);
    return d;
}

// The stretches that begin before `length`, and the first one after it if any (its end
// then left at +inf: not needed).
RisingStretches rising_stretches(const Params& p, const State& s, double length) {
    const auto& m = p.derived.membrane;
    const double scale = std::abs(m.v_rest - p.v_th) + s.g_ex * std::abs(m.e_ex - p.v_th) +
                         s.g_in * std::abs(m.e_in - p.v_th);
    const double slack = 1e-12 * scale;
    // Past `far` the exponentials are below e^{-40} of themselves: D's sign is its constant's.
    const double far = 40.0 / std::min(m.r_ex, m.r_in);
    RisingStretches r;
    double from = 0.0;
    while (r.count < 2 && from < far) {
        ExpSum up = rising_condition(p, s, slack, from); // D + slack >= 0 from here
        const double a = first_upcrossing(up, far - from);
        if (a < 0.0) break;
        r.start[r.count] = from + a;
        r.end[r.count] = std::numeric_limits<double>::infinity();
        if (from + a >= length) {
            ++r.count;
            break;
        }
        ExpSum down = rising_condition(p, s, 2.0 * slack, from + a); // and -(D + 2 slack)
        down.c = -down.c;
        for (std::size_t j = 0; j < down.n; ++j)
            down.a[j] = -down.a[j];
        const double b = first_upcrossing(down, far - from - a);
        if (b < 0.0) {
            ++r.count;
            break;
        }
        r.end[r.count++] = from + a + b;
        from += a + b;
    }
    return r;
}

// The first s in [lo, hi] with series(s) >= v_th, given series(lo) < v_th <= series(hi):
// Newton's method kept inside the bracket, ending on the side at or above threshold.
double solve_in(const MembraneSeries& series, double v_th, double lo, double hi) {
    double x = hi;
    for (int iteration = 0; iteration < 100 && hi - lo > 0x1p-52 * hi; ++iteration) {
        const auto [value, slope] = series.value_and_slope(x);
        (value >= v_th ? hi : lo) = x;
        double next = slope > 0.0 ? x - (value - v_th) / slope : lo;
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (next == x) break;
        x = next;
    }
    return hi;
}

// Marches s (not refractory, v < v_th) across the rising stretches that begin before
// `length` from s.t_last: the time of the crossing if there is one before then, +inf if
// not (s then somewhere before t_last + length).
double march_to_crossing(const Params& p, State& s, const RisingStretches& r, double length) {
    const double t0 = s.t_last;
    MembraneSeries series;
    for (int k = 0; k < r.count && r.start[k] < length; ++k) {
        const double start = t0 + r.start[k], end = t0 + std::min(r.end[k], length);
        if (s.t_last < start) evolve(p, s, start - s.t_last);
        while (s.t_last < end) {
            const double remaining = end - s.t_last;
            const double h = expand(p, s, remaining, series);
            if (series(h) >= p.v_th) {
                if (s.v >= p.v_th) return s.t_last;
                return s.t_last + solve_in(series, p.v_th, 0.0, h);
            }
            s.v = series(h);
            decay_conductances(p, s, h);
            s.t_last = h == remaining ? end : s.t_last + h;
        }
    }
    return std::numeric_limits<double>::infinity();
}

} // namespace

void LifCondExp::validate(const Params& p, std::string_view where) {
    validate_lif_core(p, where);
    require_positive(p.tau_ex, where, "tau_ex");
    require_positive(p.tau_in, where, "tau_in");
    require_within(p.e_ex, limits::max_potential_mv, where, "e_ex");
    require_within(p.e_in, limits::max_potential_mv, where, "e_in");
}

void LifCondExp::prepare(Params& p) {
    auto& d = p.derived;
    d.membrane = {p.e_l + p.i_e, p.e_ex, p.e_in, 1.0 / p.tau_m, 1.0 / p.tau_ex, 1.0 / p.tau_in};
    // 2^-46 of the largest potential in play (1.1e-12 mV in COBA), a few dozen roundings of
    // v: 2^-50 cost 5 % more instructions in COBA for spike times that were as good.
    const double scale = std::max({std::abs(p.e_l + p.i_e), std::abs(p.e_ex), std::abs(p.e_in),
                                   std::abs(p.v_th), std::abs(p.v_reset), 1.0});
    d.tolerance = 0x1p-46 * scale;
    d.enveloped = p.e_in <= p.e_l + p.i_e && p.e_l + p.i_e <= p.e_ex;
    d.ex_power_of_in = integer_decay_ratio(p.tau_in, p.tau_ex);
    d.in_power_of_ex = integer_decay_ratio(p.tau_ex, p.tau_in);
    d.ready = true;
}

void LifCondExp::advance(const Params& p, State& s, double t) {
    if (!p.derived.ready) [[unlikely]]
        return with_prepared<LifCondExp>(p, [&](const Params& q) { advance(q, s, t); });
    if (s.t_last < s.refractory_end) {
        const double until = std::min(t, s.refractory_end);
        decay_conductances(p, s, until - s.t_last);
        s.t_last = until;
        s.v = p.v_reset;
    }
    if (t > s.t_last) evolve(p, s, t - s.t_last);
    s.t_last = t;
}

double LifCondExp::next_crossing_exact(const Params& p, const State& state, double horizon) {
    if (!p.derived.ready)
        return with_prepared<LifCondExp>(
            p, [&](const Params& q) { return next_crossing_exact(q, state, horizon); });
    State s = state;
    if (s.t_last < s.refractory_end) advance(p, s, s.refractory_end);
    if (s.v >= p.v_th) return s.t_last;
    const double tangent = tangent_bound(p, s);
    if (tangent >= horizon) return tangent;

    const double t0 = s.t_last, length = horizon - t0;
    const RisingStretches r = rising_stretches(p, s, length);
    if (r.count == 0) return std::numeric_limits<double>::infinity();
    // v stays below threshold until the first rising stretch begins: a bound that needs
    // no series, and holds as long as no input arrives.
    if (r.start[0] >= length) return std::max(tangent, t0 + r.start[0]);
    const double t = march_to_crossing(p, s, r, length);
    if (t < horizon) return t;
    // None before the horizon. The stretch that reaches past it: if it begins after the
    // horizon, its start; if the horizon lies inside it (the march has left s there), the
    // envelope from there. None at all: v never reaches threshold.
    for (int k = 0; k < r.count; ++k) {
        if (!(r.end[k] > length)) continue;
        if (r.start[k] >= length) return t0 + r.start[k];
        return std::max(horizon, tangent_bound(p, s));
    }
    return std::numeric_limits<double>::infinity();
}

} // namespace spikesim
