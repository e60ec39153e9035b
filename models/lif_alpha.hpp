#pragma once
// Leaky integrate-and-fire neuron with alpha-shaped synaptic currents (current-based, as
// NEST's iaf_psc_alpha and PyNN's IF_curr_alpha):
//   tau_m dv/dt = E_L - v + I_e + I_ex + I_in,
//   dI_x/dt = -I_x/tau_x + y_x,   dy_x/dt = -y_x/tau_x            (x = ex, in)
// Currents are in mV (R = 1). An input of weight w makes y_ex (w >= 0) or y_in (w < 0)
// jump by w e / tau_x, so that alone it gives the current w (t/tau_x) e^{1 - t/tau_x},
// whose peak w comes tau_x after the input. Between inputs the exact solution is
//   I_x(t) = (I_x + y_x t) e^{-t/tau_x},
//   v(t) = v_inf + A e^{-t/tau_m} + sum_x (b_x + c_x t) e^{-t/tau_x},
// with k_x = tau_x / (tau_x - tau_m), c_x = k_x y_x, b_x = k_x (I_x - tau_m c_x),
// A = v - v_inf - b_ex - b_in and v_inf = E_L + I_e; crossings are found by
// models/exp_sum.hpp, whose sums take the t e^{-t/tau} terms. While refractory, v is held
// at v_reset and the currents go on.
#include "models/exp_sum.hpp"
#include "sim/neuron_model.hpp"

#include <cmath>
#include <limits>

namespace spikesim {

struct LifAlpha {
    static constexpr std::string_view name = "lif_alpha";

    struct Params {
        double tau_m = 10.0;    // membrane time constant, ms
        double tau_ex = 2.0;    // excitatory synaptic time constant (time to peak), ms
        double tau_in = 2.0;    // inhibitory synaptic time constant (time to peak), ms
        double e_l = -65.0;     // resting potential, mV
        double v_th = -50.0;    // threshold, mV
        double v_reset = -65.0; // reset potential, mV
        double t_ref = 2.0;     // refractory period, ms
        double i_e = 0.0;       // constant input, mV (R * I_e)
        double v_init = -65.0;  // initial membrane potential, mV

        // Derived from the fields above by prepare(), so that a step costs no division.
        struct Derived {
            bool ready = false;
            double inv_tau_m = 0, inv_tau_ex = 0, inv_tau_in = 0;
            double v_inf = 0;                // e_l + i_e
            double k_ex = 0, k_in = 0;       // tau_x / (tau_x - tau_m)
            double jump_ex = 0, jump_in = 0; // e / tau_x: y_x's jump per unit weight
            int pow_ex = 0, pow_in = 0;      // tau_m / tau_x when a small integer (decay_power.hpp)
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
        double i_ex = 0.0, y_ex = 0.0; // excitatory current (mV) and its drive (mV/ms)
        double i_in = 0.0, y_in = 0.0;
        double refractory_end = -std::numeric_limits<double>::infinity();
    };

    // What a report can sample: v, and the synaptic currents (mV, as R I).
    static constexpr StateVariableName variables[] = {{"v", "mV"}, {"i_ex", "mV"}, {"i_in", "mV"}};
    static double variable(const Params&, const State& s, std::size_t k) {
        return k == 1 ? s.i_ex : s.i_in;
    }

    static void validate(const Params& p, std::string_view where);
    static void prepare(Params& p);

    static State initial_state(const Params&, double v0) {
        State s;
        s.v = v0;
        return s;
    }

    static void advance(const Params& p, State& s, double t);

    // y_x jumps by w e / tau_x (prepared as jump_x; unprepared parameters, which only
    // tests pass, divide here).
    static void receive(const Params& p, State& s, float w) {
        const auto& d = p.derived;
        if (w >= 0)
            s.y_ex += w * (d.ready ? d.jump_ex : std::exp(1.0) / p.tau_ex);
        else
            s.y_in += w * (d.ready ? d.jump_in : std::exp(1.0) / p.tau_in);
    }

    // The crossing before `horizon`, or a lower bound >= horizon (sim/neuron_model.hpp):
    // the cheap envelope bound inline, the root search of lif_alpha.cpp when it falls short.
    static double next_crossing(const Params& p, const State& s, double horizon) {
        if (s.t_last >= s.refractory_end && s.v < p.v_th) {
            const double tangent = tangent_bound(p, s);
            if (tangent >= horizon) return tangent;
        }
        return next_crossing_exact(p, s, horizon);
    }
    // The largest value (a + b t) e^{-t/tau} can take for t >= 0 is at most
    // max(a, 0) + max(b, 0) tau / e, with no exponential to evaluate.
    static double peak_bound(double a, double b, double tau) {
        constexpr double inv_e = 0.36787944117144233;
        return std::max(a, 0.0) + std::max(b, 0.0) * tau * inv_e;
    }
    // dv/dt <= (u - v)/tau_m with u = envelope_target(): each current (I + y t) e^{-t/tau}
    // stays below its peak_bound, so v stays below the solution relaxing to u.
    static double envelope_target(const Params& p, const State& s) {
        return v_inf(p) + peak_bound(s.i_ex, s.y_ex, p.tau_ex) +
               peak_bound(s.i_in, s.y_in, p.tau_in);
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

    // f(t) = v(t_last + t) - v_th as an exponential polynomial (prepared parameters, not
    // refractory).
    static ExpSum trajectory(const Params& p, const State& s);
};

static_assert(NeuronModel<LifAlpha>);

} // namespace spikesim
