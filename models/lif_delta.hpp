#pragma once
// Leaky integrate-and-fire neuron with instantaneous (delta) synapses:
//   tau_m dv/dt = E_L - v + I_e         (I_e in mV, i.e. R * I with R = 1)
// An input of weight w makes v jump by w mV. Between inputs the solution is exact:
//   v(t) = v_inf + (v0 - v_inf) exp(-t / tau_m),  v_inf = E_L + I_e,
// so the threshold crossing has a closed form. Inputs arriving during the refractory
// period are discarded (as NEST's iaf_psc_delta does); the refractory period is the
// half-open interval [t_spike, t_spike + t_ref).
#include "models/row_decay.hpp"
#include "sim/neuron_model.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace spikesim {

struct LifDelta {
    static constexpr std::string_view name = "lif_delta";

    struct Params {
        double tau_m = 10.0;    // membrane time constant, ms
        double e_l = -65.0;     // resting potential, mV
        double v_th = -50.0;    // threshold, mV
        double v_reset = -65.0; // reset potential, mV
        double t_ref = 2.0;     // refractory period, ms
        double i_e = 0.0;       // constant input, mV (R * I_e)
        double v_init = -65.0;  // initial membrane potential, mV (the config can draw it)
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"tau_m", &Params::tau_m},     {"e_l", &Params::e_l},     {"v_th", &Params::v_th},
        {"v_reset", &Params::v_reset}, {"t_ref", &Params::t_ref}, {"i_e", &Params::i_e},
        {"v_init", &Params::v_init}};
    struct State {
        double t_last = 0.0; // the time this state refers to, ms
        double v = 0.0;      // mV
        double refractory_end = -std::numeric_limits<double>::infinity();
        // For advance_to_row: e^{(t_last - T)/tau_m}, T the start of epoch `epoch` (-1: not
        // set). advance() keeps it (dividing by its decay factor) when it starts at t_last.
        std::int64_t epoch = -1;
        double grow = 0.0;
    };

    static void validate(const Params& p, std::string_view where) { validate_lif_core(p, where); }

    static State initial_state(const Params&, double v0) {
        return State{0.0, v0, -std::numeric_limits<double>::infinity(), -1, 0.0};
    }

    static double v_inf(const Params& p) { return p.e_l + p.i_e; }

    static void advance(const Params& p, State& s, double t) {
        double from = s.t_last;
        if (from < s.refractory_end) {
            s.epoch = -1;
            if (t <= s.refractory_end) {
                s.t_last = t; // clamped at v_reset while refractory
                return;
            }
            from = s.refractory_end;
        }
        const double vi = v_inf(p);
        const double decay = std::exp(-(t - from) / p.tau_m);
        s.v = vi + (s.v - vi) * decay;
        // A Poisson drive's events come between rows: keeping the row factor here with a
        // division spares the next row's input an exponential.
        s.grow /= decay;
        s.t_last = t;
    }

    // One exponential pair per synapse row instead of one per input (models/row_decay.hpp).
    static RowDecay row_decay(const Params& p, double t) { return membrane_row_decay(p.tau_m, t); }
    static bool row_decay_applies(const Params&) { return true; }
    // advance(p, s, t) for t >= t_last with t's row factors: the exponential of advance()
    // only after a refractory period or in a new epoch.
    [[gnu::always_inline]] static void advance_to_row(const Params& p, State& s, double t,
                                                      const RowDecay& row) {
        if (s.epoch == row.epoch && s.t_last >= s.refractory_end) {
            if (t > s.t_last) {
                const double vi = v_inf(p);
                s.v = vi + (s.v - vi) * (row.decay * s.grow);
                s.t_last = t;
            }
        } else {
            advance(p, s, t);
        }
        s.epoch = row.epoch;
        s.grow = row.grow;
    }

    static void receive(const Params&, State& s, float w) {
        if (s.t_last < s.refractory_end) return;
        s.v += w;
    }

    // Membrane noise (sim/membrane_noise.hpp): a jump, discarded while refractory as an
    // input is (the potential is clamped there).
    static void kick(const Params& p, State& s, float dv) { receive(p, s, dv); }

    static double next_crossing(const Params& p, const State& s, double /*horizon*/) {
        double start = s.t_last;
        double v = s.v;
        if (start < s.refractory_end) {
            start = s.refractory_end;
            v = p.v_reset;
        }
        if (v >= p.v_th) return start;
        const double vi = v_inf(p);
        if (vi <= p.v_th) return std::numeric_limits<double>::infinity();
        return start + p.tau_m * std::log((vi - v) / (vi - p.v_th));
    }

    static void fire(const Params& p, State& s) {
        s.v = p.v_reset;
        s.refractory_end = s.t_last + p.t_ref;
    }

    static double potential(const Params& p, const State& s) {
        return s.t_last < s.refractory_end ? p.v_reset : s.v;
    }
};

static_assert(NeuronModel<LifDelta>);

} // namespace spikesim
