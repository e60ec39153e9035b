#pragma once
// Integrate-and-fire neuron with reset by subtraction: the neuron of rate-coded ANN
// conversion (Diehl et al. 2015; Rueckauer et al. 2017). No leak:
//   dv/dt = bias,   an input of weight w makes v jump by w,   at v >= v_th: spike, v -= v_th.
// Subtracting (not resetting to zero) keeps the charge above threshold, so the spike count
// over a window tracks the integral of the input exactly up to one spike. With v_th = +inf
// the neuron never fires: a non-spiking integrator whose potential is read out.
#include "sim/neuron_model.hpp"

#include <cmath>
#include <limits>

namespace spikesim {

struct IfSubtract {
    static constexpr std::string_view name = "if_subtract";

    struct Params {
        double v_th = 1.0;   // threshold (and the amount subtracted); +inf: never fires
        double v_init = 0.0; // initial potential
    };
    struct State {
        double t_last = 0.0;
        double v = 0.0;
        double bias = 0.0; // constant input, potential per ms
    };

    static void validate(const Params& p, std::string_view where) {
        if (!(p.v_th > 0)) require_positive(p.v_th, where, "v_th"); // +inf is allowed
        require_finite(p.v_init, where, "v_init");
    }
    static State initial_state(const Params&, double v0) { return State{0.0, v0, 0.0}; }
    static void advance(const Params&, State& s, double t) {
        s.v += s.bias * (t - s.t_last);
        s.t_last = t;
    }
    static void receive(const Params&, State& s, float w) { s.v += w; }
    // Membrane noise (sim/membrane_noise.hpp): an input is already a jump of the potential.
    static void kick(const Params& p, State& s, float dv) { receive(p, s, dv); }
    static double next_crossing(const Params& p, const State& s, double /*horizon*/) {
        if (s.v >= p.v_th) return s.t_last;
        if (s.bias <= 0 || std::isinf(p.v_th)) return std::numeric_limits<double>::infinity();
        return s.t_last + (p.v_th - s.v) / s.bias;
    }
    static void fire(const Params& p, State& s) { s.v -= p.v_th; }
    static double potential(const Params&, const State& s) { return s.v; }
};

static_assert(NeuronModel<IfSubtract>);

} // namespace spikesim
