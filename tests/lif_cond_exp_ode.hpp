#pragma once
// The test's reference for lif_cond_exp (models/lif_cond_exp.hpp): the same equations
// integrated by Boost.Odeint's controlled dopri5 at a tolerance the test chooses, an
// integrator independent of the model's Taylor series and rising-stretch search.
// Conductances in units of the leak conductance:
//   tau_m dv/dt = (E_L - v) + g_ex (E_ex - v) + g_in (E_in - v) + I_e
//   dg_ex/dt = -g_ex / tau_ex,  dg_in/dt = -g_in / tau_in
// An input of weight w >= 0 adds w to g_ex, w < 0 adds -w to g_in. Integrated by
// models/ode_model.hpp.
#include "models/ode_model.hpp"

namespace spikesim {

struct LifCondExpOdeSystem {
    static constexpr std::string_view name = "lif_cond_exp_odeint";
    static constexpr std::size_t dim = 3;
    // y: v, and the conductances in units of the leak conductance.
    static constexpr StateVariableName variables[dim] = {
        {"v", "mV"}, {"g_ex", "g_L"}, {"g_in", "g_L"}};
    struct Params {
        double tau_m = 20.0, e_l = -60.0, v_th = -50.0, v_reset = -60.0, t_ref = 5.0;
        double e_ex = 0.0, e_in = -80.0, tau_ex = 5.0, tau_in = 10.0, i_e = 0.0;
        double v_init = -60.0;
        double abs_tol = 1e-9, rel_tol = 1e-9; // Odeint error tolerances
    };
    // The config keys of the parameters (docs/config.md), in the order the docs list them.
    static constexpr ParameterKey<Params> keys[] = {
        {"tau_m", &Params::tau_m},     {"e_l", &Params::e_l},       {"v_th", &Params::v_th},
        {"v_reset", &Params::v_reset}, {"t_ref", &Params::t_ref},   {"e_ex", &Params::e_ex},
        {"e_in", &Params::e_in},       {"tau_ex", &Params::tau_ex}, {"tau_in", &Params::tau_in},
        {"i_e", &Params::i_e},         {"v_init", &Params::v_init}, {"abs_tol", &Params::abs_tol},
        {"rel_tol", &Params::rel_tol}};
    static void validate(const Params& p, std::string_view where) {
        validate_lif_core(p, where);
        require_positive(p.tau_ex, where, "tau_ex");
        require_positive(p.tau_in, where, "tau_in");
        require_within(p.e_ex, limits::max_potential_mv, where, "e_ex");
        require_within(p.e_in, limits::max_potential_mv, where, "e_in");
    }
    static std::array<double, dim> initial(const Params&, double v0) { return {v0, 0.0, 0.0}; }
    template <class V> static void rhs(const Params& p, const V& y, V& d) {
        d[0] = (p.e_l - y[0] + y[1] * (p.e_ex - y[0]) + y[2] * (p.e_in - y[0]) + p.i_e) / p.tau_m;
        d[1] = -y[1] / p.tau_ex;
        d[2] = -y[2] / p.tau_in;
    }
    template <class V> static void receive(const Params&, V& y, float w) {
        if (w >= 0)
            y[1] += w;
        else
            y[2] -= w;
    }
    template <class V> static void reset(const Params& p, V& y) { y[0] = p.v_reset; }
    // How long from a state y (not refractory) before v can reach threshold; +inf: never.
    // While E_in <= v <= E_ex, tau_m dv/dt <= (E_L + I_e - v) + g_ex(0) (E_ex - v), since
    // g_ex only decays and the inhibitory term only pulls down; so v stays below the
    // solution that relaxes from v at rate (1 + g_ex(0)) / tau_m towards
    // U = (E_L + I_e + g_ex(0) E_ex) / (1 + g_ex(0)), which stays in [E_in, E_ex] too.
    // Outside those conditions: 0 (no bound; the engine integrates).
    template <class V> static double crossing_bound(const Params& p, const V& y) {
        const double v = y[0], g = y[1];
        const double u = (p.e_l + p.i_e + g * p.e_ex) / (1.0 + g);
        if (!(g >= 0.0 && y[2] >= 0.0 && v >= p.e_in && v <= p.e_ex && u >= p.e_in && u <= p.e_ex))
            return 0.0;
        if (v >= p.v_th) return 0.0;
        if (u <= p.v_th) return std::numeric_limits<double>::infinity();
        return p.tau_m / (1.0 + g) * std::log((u - v) / (u - p.v_th)) * (1.0 - 1e-12);
    }
    static double threshold(const Params& p) { return p.v_th; }
    static double v_reset(const Params& p) { return p.v_reset; }
    static double t_ref(const Params& p) { return p.t_ref; }
};

using LifCondExpOde = OdeModel<LifCondExpOdeSystem>;
static_assert(NeuronModel<LifCondExpOde>);

} // namespace spikesim
