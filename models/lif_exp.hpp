#pragma once
// Leaky integrate-and-fire neuron with exponentially decaying synaptic currents
// (current-based, as in the CUBA benchmark of Brette et al. 2007):
//   tau_m dv/dt = E_L - v + I_e + I_ex + I_in,   tau_ex dI_ex/dt = -I_ex,  tau_in dI_in/dt = -I_in
// Currents are in mV (R = 1). An input of weight w >= 0 makes I_ex jump by w, w < 0
// makes I_in jump by w. Between inputs the exact solution is a sum of exponentials:
//   v(t) = v_inf + (v0 - v_inf - c_ex - c_in) e^{-t/tau_m} + c_ex e^{-t/tau_ex} + c_in
//   e^{-t/tau_in}
// with v_inf = E_L + I_e and c_x = I_x(0) tau_x / (tau_x - tau_m); crossings are found by
// models/exp_sum.hpp. While refractory, v is held at v_reset and the currents keep decaying.
#include "models/decay_power.hpp"
#include "models/exp_sum.hpp"
#include "models/row_decay.hpp"
#include "sim/neuron_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace spikesim {

struct LifExp {
    static constexpr std::string_view name = "lif_exp";

    struct Params {
        double tau_m = 10.0;    // membrane time constant, ms
        double tau_ex = 2.0;    // excitatory synaptic time constant, ms
        double tau_in = 2.0;    // inhibitory synaptic time constant, ms
        double e_l = -65.0;     // resting potential, mV
        double v_th = -50.0;    // threshold, mV
        double v_reset = -65.0; // reset potential, mV
        double t_ref = 2.0;     // refractory period, ms
        double i_e = 0.0;       // constant input, mV (R * I_e)
        double v_init = -65.0;  // initial membrane potential, mV

        // Derived from the fields above by prepare(), once per population, so that an input
        // costs no division, and one exponential instead of three when tau_m is a small
        // integer multiple n of a synaptic time constant: e^{-dt/tau_x} = (e^{-dt/tau_m})^n.
        struct Derived {
            bool ready = false;
            double inv_tau_m = 0, inv_tau_ex = 0, inv_tau_in = 0;
            double v_inf = 0;           // e_l + i_e
            double k_ex = 0, k_in = 0;  // tau_x / (tau_x - tau_m)
            int pow_ex = 0, pow_in = 0; // n, or 0 when tau_m / tau_x is not such an integer
        } derived = {};
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"tau_m", &Params::tau_m}, {"tau_ex", &Params::tau_ex}, {"tau_in", &Params::tau_in},
        {"e_l", &Params::e_l},     {"v_th", &Params::v_th},     {"v_reset", &Params::v_reset},
        {"t_ref", &Params::t_ref}, {"i_e", &Params::i_e},       {"v_init", &Params::v_init}};
    struct State {
        double t_last = 0.0;
        double v = 0.0;
        double i_ex = 0.0;
        double i_in = 0.0;
        double refractory_end = -std::numeric_limits<double>::infinity();
        // For advance_to_row: e^{(t_last - T)/tau_m}, T the start of epoch `epoch` (-1: not
        // set; every other way of moving t_last clears it).
        std::int64_t epoch = -1;
        double grow = 0.0;
    };

    // What a report can sample: v, and the synaptic currents (mV, as R I).
    static constexpr StateVariableName variables[] = {{"v", "mV"}, {"i_ex", "mV"}, {"i_in", "mV"}};
    static double variable(const Params&, const State& s, std::size_t k) {
        return k == 1 ? s.i_ex : s.i_in;
    }

    static void validate(const Params& p, std::string_view where);
    static void prepare(Params& p);

    static State initial_state(const Params&, double v0) {
        return State{0.0, v0, 0.0, 0.0, -std::numeric_limits<double>::infinity(), -1, 0.0};
    }

    static void advance(const Params& p, State& s, double t) {
        if (!p.derived.ready) [[unlikely]]
            return with_prepared<LifExp>(p, [&](const Params& q) { advance(q, s, t); });
        const auto& d = p.derived;
        double from = s.t_last;
        if (from < s.refractory_end) {
            const double until = t < s.refractory_end ? t : s.refractory_end;
            decay_currents(p, s, until - from);
            from = until;
            s.v = p.v_reset;
        }
        const double dt = t - from;
        if (dt > 0) {
            const auto [em, ee, ei] = decay_factors(d, dt);
            relax(p, s, em, ee, ei);
        }
        s.t_last = t;
        s.epoch = -1;
    }

    // One exponential pair per synapse row instead of one per input (models/row_decay.hpp).
    static RowDecay row_decay(const Params& p, double t) { return membrane_row_decay(p.tau_m, t); }
    // Row factors serve when tau_m is a small integer multiple of both synaptic time
    // constants (prepared parameters), as in CUBA: the synaptic factors are then powers of
    // the membrane's.
    static bool row_decay_applies(const Params& p) {
        return p.derived.ready && p.derived.pow_ex && p.derived.pow_in;
    }
    // advance(p, s, t) for t >= t_last, with t's row factors, where row_decay_applies(p);
    // the one exponential of advance() is taken only after a spike, a refractory period,
    // or a new epoch. Always inlined: the per-input step of the engine's hot loop, which
    // GCC stops inlining once a unit holds the loop's dozen instantiations (+6 % of CUBA's
    // instructions).
    [[gnu::always_inline]] static void advance_to_row(const Params& p, State& s, double t,
                                                      const RowDecay& row) {
        const auto& d = p.derived;
        if (s.epoch == row.epoch && s.t_last >= s.refractory_end) {
            if (t > s.t_last) {
                const double em = row.decay * s.grow;
                relax(p, s, em, decay_power(em, d.pow_ex), decay_power(em, d.pow_in));
                s.t_last = t;
            }
        } else {
            advance(p, s, t);
        }
        s.epoch = row.epoch;
        s.grow = row.grow;
    }

    [[gnu::always_inline]] static void receive(const Params&, State& s, float w) {
        if (w >= 0)
            s.i_ex += w;
        else
            s.i_in += w;
    }

    // The common case inline: not refractory, below threshold, and the cheapest bound of
    // lif_exp.cpp (the tangent of the envelope) already past the horizon.
    static double next_crossing(const Params& p, const State& s, double horizon) {
        if (s.t_last >= s.refractory_end && s.v < p.v_th) {
            const double tangent = tangent_bound(p, s);
            if (tangent >= horizon) return tangent;
        }
        return next_crossing_exact(p, s, horizon);
    }
    // dv/dt <= (u - v)/tau_m with u = envelope_target(): neither current grows in
    // magnitude, so v stays below the solution that relaxes towards u.
    static double envelope_target(const Params& p, const State& s) {
        return v_inf(p) + std::max(s.i_ex, 0.0) + std::max(s.i_in, 0.0);
    }
    // That solution is concave, below its tangent at t_last: the tangent's crossing is a
    // bound that costs no logarithm (v < v_th, not refractory; +inf when u <= v_th).
    static double tangent_bound(const Params& p, const State& s) {
        const double u = envelope_target(p, s);
        if (u <= p.v_th) return std::numeric_limits<double>::infinity();
        return s.t_last + p.tau_m * (p.v_th - s.v) / (u - s.v);
    }
    static double next_crossing_exact(const Params& p, const State& s, double horizon);

    static void fire(const Params& p, State& s) {
        s.v = p.v_reset;
        s.refractory_end = s.t_last + p.t_ref;
    }

    static double potential(const Params& p, const State& s) {
        return s.t_last < s.refractory_end ? p.v_reset : s.v;
    }

    static double v_inf(const Params& p) { return p.e_l + p.i_e; }

    // The closed form's coefficients at t_last: v(t_last + t) = v_inf + m e^{-t/tau_m} +
    // ex e^{-t/tau_ex} + in e^{-t/tau_in} (needs prepared parameters).
    struct Coefficients {
        double m, ex, in;
    };
    static Coefficients coefficients(const Params& p, const State& s) {
        const double ce = s.i_ex * p.derived.k_ex;
        const double ci = s.i_in * p.derived.k_in;
        return {s.v - p.derived.v_inf - ce - ci, ce, ci};
    }

  private:
    // The closed form over a step whose decay factors are em, ee, ei (t_last not moved).
    [[gnu::always_inline]] static void relax(const Params& p, State& s, double em, double ee,
                                             double ei) {
        const auto c = coefficients(p, s);
        s.v = p.derived.v_inf + c.m * em + c.ex * ee + c.in * ei;
        s.i_ex *= ee;
        s.i_in *= ei;
    }
    static void decay_currents(const Params& p, State& s, double dt) {
        const auto [em, ee, ei] = decay_factors(p.derived, dt);
        s.i_ex *= ee;
        s.i_in *= ei;
    }
    struct Decay {
        double m, ex, in;
    };
    // e^{-dt/tau} for tau_m, tau_ex, tau_in: the synaptic ones as powers of the first when
    // tau_m is an integer multiple of them.
    [[gnu::always_inline]] static Decay decay_factors(const Params::Derived& d, double dt) {
        const double em = std::exp(-dt * d.inv_tau_m);
        return {em, d.pow_ex ? decay_power(em, d.pow_ex) : std::exp(-dt * d.inv_tau_ex),
                d.pow_in ? decay_power(em, d.pow_in) : std::exp(-dt * d.inv_tau_in)};
    }
};

static_assert(NeuronModel<LifExp>);

} // namespace spikesim
