#pragma once
// The time-to-first-spike neuron of an exact ReLU-to-spike mapping with layer phases
// (Stanojevic et al. 2023, "An exact mapping from ReLU networks to spiking neural
// networks"; activation coded as t = t_phase + T (1 - a), as in Rueckauer & Liu 2018).
// Layer l has an input phase [ramp_start - T, ramp_start) and an output phase
// [ramp_start, ramp_end). With v in units of the threshold (v_th = 1):
//   input phase:  dv/dt = bias + sum of w/T over the input spikes received so far
//                 (an input spike at t_j switches on a constant current: a linear PSP)
//   output phase: dv/dt = 1/T, inputs ignored; spike at the first v >= 1, then silent.
// An input with activation a_j spikes at ramp_start - T + T (1 - a_j) (after the delay), so
// at ramp_start v = sum_j w_j a_j + bias T = z, the unit's pre-activation, and the neuron
// spikes at ramp_start + T (1 - z): at once for z >= 1 (clipped to 1), never for z <= 0
// (no crossing before ramp_end): a ReLU clipped at 1, computed exactly. For an output
// layer ramp_end = +inf, so the unit with the largest z, positive or not, fires first.
#include "sim/neuron_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {

struct TtfsNeuron {
    static constexpr std::string_view name = "ttfs";

    struct Params {
        double phase = 10.0;      // T, ms
        double ramp_start = 10.0; // ms: end of the input phase, start of the output phase
        double ramp_end = 20.0;   // ms: no spike after this (+inf for an output layer)
        double v_init = 0.0;
    };
    struct State {
        double t_last = 0.0;
        double v = 0.0;
        double slope = 0.0; // sum of w/T of the inputs received, per ms
        double bias = 0.0;  // per ms, during the input phase
        bool fired = false;
    };

    static void validate(const Params& p, std::string_view where) {
        require_positive(p.phase, where, "phase");
        require_non_negative(p.ramp_start, where, "ramp_start");
        if (!(p.ramp_end > p.ramp_start))
            require_greater(p.ramp_end, p.ramp_start, where, "ramp_end", "ramp_start");
        require_finite(p.v_init, where, "v_init");
    }
    static State initial_state(const Params&, double v0) { return State{0.0, v0, 0.0, 0.0, false}; }

    static void advance(const Params& p, State& s, double t) {
        const double input_start = p.ramp_start - p.phase;
        double from = s.t_last;
        auto segment = [&](double until, double rate) {
            const double to = std::min(t, until);
            if (to > from) {
                s.v += rate * (to - from);
                from = to;
            }
        };
        segment(input_start, s.slope);
        segment(p.ramp_start, s.slope + s.bias);
        segment(std::numeric_limits<double>::infinity(), 1.0 / p.phase);
        s.t_last = t;
    }
    static void receive(const Params& p, State& s, float w) {
        if (s.t_last < p.ramp_start) s.slope += w / p.phase; // late inputs are outside the scheme
    }
    // Membrane noise (sim/membrane_noise.hpp) moves the potential itself, in every phase:
    // the threshold is looked at from ramp_start on, so noise before it shifts the value
    // read there, and noise after it the time of the crossing.
    static void kick(const Params&, State& s, float dv) { s.v += dv; }
    static double next_crossing(const Params& p, const State& state, double /*horizon*/) {
        if (state.fired) return std::numeric_limits<double>::infinity();
        State s = state;
        if (s.t_last < p.ramp_start) advance(p, s, p.ramp_start);
        const double t = s.v >= 1.0 ? s.t_last : s.t_last + p.phase * (1.0 - s.v);
        return t < p.ramp_end ? t : std::numeric_limits<double>::infinity();
    }
    static void fire(const Params&, State& s) { s.fired = true; }
    static double potential(const Params&, const State& s) { return s.v; }
};

static_assert(NeuronModel<TtfsNeuron>);

} // namespace spikesim
