#pragma once
// Conductance-based LIF with exponential conductances (the COBA benchmark, Brette et al.
// 2007; NEST's iaf_cond_exp, PyNN's IF_cond_exp), conductances in units of the leak
// conductance:
//   tau_m dv/dt = (E_L + I_e - v) + g_ex (E_ex - v) + g_in (E_in - v)
//   dg_ex/dt = -g_ex / tau_ex,  dg_in/dt = -g_in / tau_in
// An input of weight w >= 0 adds w to g_ex, w < 0 adds -w to g_in. While refractory, v is
// held at v_reset and the conductances go on decaying.
//
// Between inputs the conductances are exponentials in closed form, and v follows its
// Taylor series (models/membrane_series.hpp) on stretches short against every time
// constant, to within 2^-46 of the potentials in play. Threshold crossings are found without a time
// step: writing the equation as dv/dt = a(t) (U(t) - v), with a > 0 and U the weighted mean of E_L
// + I_e, E_ex and E_in (weights 1, g_ex, g_in), v can rise to threshold only where U > v_th, and
// there, while below threshold, it rises monotonically. Where U > v_th is a sign condition on c + a
// e^{-t/tau_ex} + b e^{-t/tau_in}, which has at most two zeros (models/exp_sum.hpp finds them); so
// v reaches threshold if and only if it is at or above it at the end of such a stretch, and then
// once, in a bracket a root search solves.
#include "models/membrane_series.hpp"
#include "sim/neuron_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace spikesim {

struct LifCondExp {
    static constexpr std::string_view name = "lif_cond_exp";

    struct Params {
        double tau_m = 20.0;    // membrane time constant, ms
        double e_l = -60.0;     // resting potential, mV
        double v_th = -50.0;    // threshold, mV
        double v_reset = -60.0; // reset potential, mV
        double t_ref = 5.0;     // refractory period, ms
        double e_ex = 0.0;      // excitatory reversal potential, mV
        double e_in = -80.0;    // inhibitory reversal potential, mV
        double tau_ex = 5.0;    // excitatory conductance time constant, ms
        double tau_in = 10.0;   // inhibitory conductance time constant, ms
        double i_e = 0.0;       // constant input, mV (I_e / g_L)
        double v_init = -60.0;  // initial membrane potential, mV

        // Derived by prepare(), once per population.
        struct Derived {
            bool ready = false;
            MembraneConstants membrane{};
            double tolerance = 0; // the series' last term per stretch, mV
            // While E_in <= v <= E_ex (an interval v never leaves when E_in <= E_L + I_e <=
            // E_ex), the envelope bound of tangent_bound() holds.
            bool enveloped = false;
            // tau_in / tau_ex, or the inverse, when a small integer (decay_power.hpp), else 0.
            int ex_power_of_in = 0, in_power_of_ex = 0;
        } derived = {};
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"tau_m", &Params::tau_m},     {"e_l", &Params::e_l},       {"v_th", &Params::v_th},
        {"v_reset", &Params::v_reset}, {"t_ref", &Params::t_ref},   {"e_ex", &Params::e_ex},
        {"e_in", &Params::e_in},       {"tau_ex", &Params::tau_ex}, {"tau_in", &Params::tau_in},
        {"i_e", &Params::i_e},         {"v_init", &Params::v_init}};
    struct State {
        double t_last = 0.0;
        double v = 0.0;
        double g_ex = 0.0, g_in = 0.0; // in units of the leak conductance
        double refractory_end = -std::numeric_limits<double>::infinity();
    };

    // What a report can sample: v, and the conductances.
    static constexpr StateVariableName variables[] = {
        {"v", "mV"}, {"g_ex", "g_L"}, {"g_in", "g_L"}};
    static double variable(const Params&, const State& s, std::size_t k) {
        return k == 1 ? s.g_ex : s.g_in;
    }

    static void validate(const Params& p, std::string_view where);
    static void prepare(Params& p);

    static State initial_state(const Params&, double v0) {
        return State{0.0, v0, 0.0, 0.0, -std::numeric_limits<double>::infinity()};
    }

    static void advance(const Params& p, State& s, double t);

    static void receive(const Params&, State& s, float w) {
        if (w >= 0)
            s.g_ex += w;
        else
            s.g_in -= w;
    }

    // The common case inline: not refractory, below threshold, and the envelope's tangent
    // already past the horizon.
    static double next_crossing(const Params& p, const State& s, double horizon) {
        if (p.derived.ready && s.t_last >= s.refractory_end && s.v < p.v_th) {
            const double tangent = tangent_bound(p, s);
            if (tangent >= horizon) return tangent;
        }
        return next_crossing_exact(p, s, horizon);
    }
    // No crossing before the returned time (v < v_th, not refractory, prepared). While
    // E_in <= v <= E_ex, tau_m dv/dt <= (E_L + I_e - v) + g_ex (E_ex - v) with g_ex at its
    // present value, since g_ex only decays and the inhibitory term only pulls down; so v
    // stays below the solution w of that bound, which is concave, below its tangent at
    // t_last. +inf when w never reaches threshold; t_last (no bound) outside the interval.
    static double tangent_bound(const Params& p, const State& s) {
        const auto& m = p.derived.membrane;
        if (!(p.derived.enveloped && s.v >= m.e_in && s.v <= m.e_ex)) return s.t_last;
        const double drive = m.v_rest + s.g_ex * m.e_ex; // tau_m dw/dt = drive - (1 + g_ex) w
        const double leak = 1.0 + s.g_ex;
        if (drive - leak * p.v_th <= 0.0) return std::numeric_limits<double>::infinity();
        // Shortened by 1e-12 of itself against rounding.
        return s.t_last + (p.v_th - s.v) / ((drive - leak * s.v) * m.inv_tau_m) * (1.0 - 1e-12);
    }
    static double next_crossing_exact(const Params& p, const State& s, double horizon);

    static void fire(const Params& p, State& s) {
        s.v = p.v_reset;
        s.refractory_end = s.t_last + p.t_ref;
    }
    static double potential(const Params& p, const State& s) {
        return s.t_last < s.refractory_end ? p.v_reset : s.v;
    }
};

static_assert(NeuronModel<LifCondExp>);

} // namespace spikesim
