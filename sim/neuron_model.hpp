#pragma once
// The shape every neuron model has. The engine (sim/neuron_group.hpp) is templated on a
// model, so the per-event calls below inline; there is no virtual call per event.
//
// State carries the time it refers to (t_last). Between input events a model evolves on
// its own; `next_crossing(p, s, horizon)` answers "when does the membrane reach threshold
// if no further input arrives?": a result below `horizon` is the exact crossing time; a
// result >= horizon is only a lower bound (no crossing happens before it), which lets the
// engine skip a neuron until then without solving for the exact time.
#include "sim/limits.hpp"

#include <concepts>
#include <string>
#include <string_view>

namespace spikesim {

template <class M>
concept NeuronModel = requires(const typename M::Params& p, typename M::State& s,
                               const typename M::State& cs, double t, float w,
                               std::string_view where) {
    { M::name } -> std::convertible_to<std::string_view>;
    { M::validate(p, where) } -> std::same_as<void>;
    { M::initial_state(p, t) } -> std::same_as<typename M::State>;
    { M::advance(p, s, t) } -> std::same_as<void>; // evolve from s.t_last to t >= s.t_last
    { M::receive(p, s, w) } -> std::same_as<void>; // an input of weight w at s.t_last
    { M::next_crossing(p, cs, t) } -> std::same_as<double>;
    { M::fire(p, s) } -> std::same_as<void>;         // reset at s.t_last, start refractoriness
    { M::potential(p, cs) } -> std::same_as<double>; // membrane potential at s.t_last, mV
    { cs.t_last } -> std::convertible_to<double>;
};

// A parameter by its key: the name it has in config files, in Python and in errors, and
// the field of the model's Params it sets. Each model lists its keys beside its Params
// (`static constexpr ParameterKey<Params> keys[]`), once.
template <class P> struct ParameterKey {
    const char* name;
    double P::*field;
};

// A state variable a report can sample (models list theirs as `variables`, the membrane
// potential first, with `variable(p, s, k)` reading variable k > 0 at s.t_last).
struct StateVariableName {
    const char* name;
    const char* units;
};

// Shared parameter checks: each names the key and what would have been accepted.
void require_finite(double value, std::string_view where, std::string_view key);
void require_positive(double value, std::string_view where, std::string_view key);
void require_non_negative(double value, std::string_view where, std::string_view key);
void require_greater(double value, double bound, std::string_view where, std::string_view key,
                     std::string_view bound_name);

// A synaptic time constant at least 0.1 % away from tau_m, where the exact solutions of
// the current-based models (lif_exp, lif_alpha) divide by tau - tau_m.
void require_differs_from_tau_m(double tau, double tau_m, std::string_view where,
                                std::string_view key);

// value <= bound (>= bound), the bound described in the message ("v_t + 700 delta_t, ...").
void require_at_most(double value, double bound, std::string_view where, std::string_view key,
                     std::string_view bound_name);
void require_at_least(double value, double bound, std::string_view where, std::string_view key,
                      std::string_view bound_name);
// A finite value within `bound` of zero (limits.hpp: potentials, currents).
void require_within(double value, double bound, std::string_view where, std::string_view key);
// An error tolerance of an integrator in [1e-15, 1]: smaller than double precision and the
// step control can never meet it (the run would not end).
void require_tolerance(double value, std::string_view where, std::string_view key);
// A LIF neuron driven above threshold by its constant input fires every
// t_ref + tau_m ln((v_inf - v_reset) / (v_inf - v_th)) ms on its own: refused below
// limits::min_interspike_ms, where it would fire without pause.
void require_finite_rate(double tau_m, double v_inf, double v_th, double v_reset, double t_ref,
                         std::string_view where);

// The parameters every leaky integrate-and-fire model shares (tau_m, e_l, v_th, v_reset,
// t_ref, i_e, v_init), checked the same way for each.
template <class P> void validate_lif_core(const P& p, std::string_view where) {
    require_positive(p.tau_m, where, "tau_m");
    require_within(p.e_l, limits::max_potential_mv, where, "e_l");
    require_within(p.v_reset, limits::max_potential_mv, where, "v_reset");
    require_within(p.v_th, limits::max_potential_mv, where, "v_th");
    require_greater(p.v_th, p.v_reset, where, "v_th", "v_reset");
    require_non_negative(p.t_ref, where, "t_ref");
    require_within(p.i_e, limits::max_potential_mv, where, "i_e");
    require_within(p.v_init, limits::max_potential_mv, where, "v_init");
    require_finite_rate(p.tau_m, p.e_l + p.i_e, p.v_th, p.v_reset, p.t_ref, where);
}

// f(p) with p prepared: parameters that never went through M::prepare() (tests may call a
// model directly; populations always prepare theirs) are prepared on a copy first.
template <class M, class F> decltype(auto) with_prepared(const typename M::Params& p, F f) {
    typename M::Params prepared = p;
    M::prepare(prepared);
    return f(prepared);
}

// The current-based models' parameters (lif_exp, lif_alpha): the LIF core and two synaptic
// time constants, each > 0 and away from tau_m.
template <class P> void validate_current_based(const P& p, std::string_view where) {
    validate_lif_core(p, where);
    require_positive(p.tau_ex, where, "tau_ex");
    require_positive(p.tau_in, where, "tau_in");
    require_differs_from_tau_m(p.tau_ex, p.tau_m, where, "tau_ex");
    require_differs_from_tau_m(p.tau_in, p.tau_m, where, "tau_in");
}

} // namespace spikesim
