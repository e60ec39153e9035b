#pragma once
// Two-variable spiking models integrated by their Taylor series (models/taylor_model.hpp).
// Inputs make v jump by their weight (mV). rhs() gives the equations to a general
// integrator (models/ode_model.hpp), which the tests use as an independent reference.
//
// AdEx, the adaptive exponential integrate-and-fire (Brette & Gerstner 2005):
//   C dv/dt = -g_L (v - E_L) + g_L D_T exp((v - V_T) / D_T) - w + I_e
//   tau_w dw/dt = a (v - E_L) - w;   at v >= v_peak: v = V_r, w += b
// (C in pF, conductances in nS, currents in pA, potentials in mV, time in ms.)
//
// Izhikevich (2003):
//   dv/dt = 0.04 v^2 + 5 v + 140 - u + I_e;   du/dt = a (b v - u);   at v >= 30: v = c, u += d
#include "models/taylor_model.hpp"

namespace spikesim {

struct AdexSystem {
    static constexpr std::string_view name = "adex";
    static constexpr std::size_t dim = 2;
    // y: v and the adaptation current w.
    static constexpr StateVariableName variables[dim] = {{"v", "mV"}, {"w", "pA"}};
    struct Params { // defaults: Brette & Gerstner 2005, Fig. 2 (tonic)
        double c_m = 281.0, g_l = 30.0, e_l = -70.6, v_t = -50.4, delta_t = 2.0;
        double a = 4.0, tau_w = 144.0, b = 80.5, v_r = -70.6, v_peak = 0.0, t_ref = 0.0, i_e = 0.0;
        double v_init = -70.6;
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"c_m", &Params::c_m},         {"g_l", &Params::g_l},
        {"e_l", &Params::e_l},         {"v_t", &Params::v_t},
        {"delta_t", &Params::delta_t}, {"a", &Params::a},
        {"tau_w", &Params::tau_w},     {"b", &Params::b},
        {"v_r", &Params::v_r},         {"v_peak", &Params::v_peak},
        {"t_ref", &Params::t_ref},     {"i_e", &Params::i_e},
        {"v_init", &Params::v_init}};
    static void validate(const Params& p, std::string_view where) {
        require_positive(p.c_m, where, "c_m");
        require_positive(p.g_l, where, "g_l");
        require_positive(p.delta_t, where, "delta_t");
        require_positive(p.tau_w, where, "tau_w");
        require_at_least(p.c_m, p.g_l * limits::min_time_constant_ms, where, "c_m",
                         "g_l x 1e-6 ms: a membrane time constant c_m / g_l of at least 1e-6 ms");
        require_at_least(p.tau_w, limits::min_time_constant_ms, where, "tau_w", "1e-6 ms");
        require_within(p.e_l, limits::max_potential_mv, where, "e_l");
        require_within(p.v_t, limits::max_potential_mv, where, "v_t");
        require_finite(p.a, where, "a");
        require_finite(p.b, where, "b");
        require_within(p.i_e, limits::max_potential_mv, where, "i_e");
        require_within(p.v_init, limits::max_potential_mv, where, "v_init");
        require_within(p.v_r, limits::max_potential_mv, where, "v_r");
        require_within(p.v_peak, limits::max_potential_mv, where, "v_peak");
        require_greater(p.v_peak, p.v_r, where, "v_peak", "v_r");
        require_non_negative(p.t_ref, where, "t_ref");
        // exp((v - V_T) / Delta_T) overflows beyond 709: v could not reach v_peak.
        require_at_most(p.v_peak, p.v_t + 700.0 * p.delta_t, where, "v_peak",
                        "v_t + 700 delta_t, beyond which exp((v - v_t) / delta_t) overflows");
    }
    static std::array<double, dim> initial(const Params&, double v0) { return {v0, 0.0}; }
    template <class V> static void rhs(const Params& p, const V& y, V& d) {
        // The exponential is capped just above v_peak: beyond it the neuron has spiked anyway.
        const double v = std::min(y[0], p.v_peak + 1.0);
        d[0] = (-p.g_l * (v - p.e_l) + p.g_l * p.delta_t * std::exp((v - p.v_t) / p.delta_t) -
                y[1] + p.i_e) /
               p.c_m;
        d[1] = (p.a * (v - p.e_l) - y[1]) / p.tau_w;
    }
    template <class V> static void receive(const Params&, V& y, float w) { y[0] += w; }
    template <class V> static void reset(const Params& p, V& y) {
        y[0] = p.v_r;
        y[1] += p.b;
    }
    static double threshold(const Params& p) { return p.v_peak; }
    static double v_reset(const Params& p) { return p.v_r; }
    static double t_ref(const Params& p) { return p.t_ref; }

    // Taylor series (models/taylor_model.hpp), with E = exp((v - V_T) / Delta_T) as an
    // auxiliary series: E' = E v' / Delta_T makes the exponential a convolution.
    struct Series : TaylorTerms<dim> {
        std::array<double, max_order + 1> e;
    };
    static double start(const Params& p, const std::array<double, dim>& y, Series& s);
    static bool expand(const Params& p, double h, Series& s);
    static void hold(const Params& p, std::array<double, dim>& y, double dt);
    // A time before which v cannot reach v_peak without input (0 when none is known).
    static double crossing_bound(const Params& p, const std::array<double, dim>& y);
};

struct IzhikevichSystem {
    static constexpr std::string_view name = "izhikevich";
    static constexpr std::size_t dim = 2;
    // y: v and the recovery variable u (mV/ms, as dv/dt).
    static constexpr StateVariableName variables[dim] = {{"v", "mV"}, {"u", "mV/ms"}};
    struct Params { // defaults: regular spiking
        double a = 0.02, b = 0.2, c = -65.0, d = 8.0, i_e = 0.0, v_peak = 30.0, t_ref = 0.0;
        double v_init = -65.0;
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"a", &Params::a},         {"b", &Params::b},          {"c", &Params::c},
        {"d", &Params::d},         {"i_e", &Params::i_e},      {"v_peak", &Params::v_peak},
        {"t_ref", &Params::t_ref}, {"v_init", &Params::v_init}};
    static void validate(const Params& p, std::string_view where) {
        require_finite(p.a, where, "a");
        require_at_most(std::abs(p.a), 1.0 / limits::min_time_constant_ms, where, "a",
                        "1e6 per ms in magnitude: u's time constant 1/|a| of at least 1e-6 ms");
        require_finite(p.b, where, "b");
        require_finite(p.d, where, "d");
        require_within(p.i_e, limits::max_potential_mv, where, "i_e");
        require_within(p.v_init, limits::max_potential_mv, where, "v_init");
        require_within(p.c, limits::max_potential_mv, where, "c");
        require_within(p.v_peak, limits::max_potential_mv, where, "v_peak");
        require_greater(p.v_peak, p.c, where, "v_peak", "c");
        require_non_negative(p.t_ref, where, "t_ref");
    }
    static std::array<double, dim> initial(const Params& p, double v0) { return {v0, p.b * v0}; }
    template <class V> static void rhs(const Params& p, const V& y, V& d) {
        const double v = std::min(y[0], p.v_peak + 1.0);
        d[0] = 0.04 * v * v + 5.0 * v + 140.0 - y[1] + p.i_e;
        d[1] = p.a * (p.b * v - y[1]);
    }
    template <class V> static void receive(const Params&, V& y, float w) { y[0] += w; }
    template <class V> static void reset(const Params& p, V& y) {
        y[0] = p.c;
        y[1] += p.d;
    }
    static double threshold(const Params& p) { return p.v_peak; }
    static double v_reset(const Params& p) { return p.c; }
    static double t_ref(const Params& p) { return p.t_ref; }

    // Taylor series (models/taylor_model.hpp): v^2 is the series' convolution with itself.
    using Series = TaylorTerms<dim>;
    static double start(const Params& p, const std::array<double, dim>& y, Series& s);
    static bool expand(const Params& p, double h, Series& s);
    static void hold(const Params& p, std::array<double, dim>& y, double dt);
};

using Adex = TaylorModel<AdexSystem>;
using Izhikevich = TaylorModel<IzhikevichSystem>;
static_assert(NeuronModel<Adex>);
static_assert(NeuronModel<Izhikevich>);

} // namespace spikesim
