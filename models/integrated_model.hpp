#pragma once
// The neuron-model side of the models integrated in steps, shared by the Taylor-series
// integrator (models/taylor_model.hpp) and the Odeint one (models/ode_model.hpp). Unlike the
// exact models they advance eagerly: advance_or_cross integrates once to the next crossing
// or the window end and keeps the result, instead of predicting a crossing and integrating
// again. Integrator (CRTP) provides
//   static bool integrate(const Params&, State&, double t_end, bool stop_at_crossing):
// to the first threshold crossing before t_end if stop_at_crossing (state left there,
// returns true), else, or without one, to t_end (returns false).
//
// A System provides name, dim, variables (y[0] is v), Params, keys, validate(p, where),
// initial(p, v0), receive(p, y, w), reset(p, y), threshold(p), v_reset(p), t_ref(p), and
// optionally crossing_bound(p, y): a time before which v cannot reach threshold from y
// without input.
#include "sim/neuron_model.hpp"

#include <array>
#include <concepts>
#include <limits>

namespace spikesim {

template <std::size_t Dim> struct IntegratedState {
    double t_last = 0.0;
    std::array<double, Dim> y{};
    double refractory_end = -std::numeric_limits<double>::infinity();
    double dt = 0.1; // Odeint: the last accepted step, a first guess for the next integration
};

template <class Integrator, class System> struct IntegratedModel {
    static constexpr std::string_view name = System::name;
    static constexpr std::size_t dim = System::dim;
    using Vector = std::array<double, dim>;
    using Params = typename System::Params;
    using State = IntegratedState<dim>;
    static constexpr const auto& keys = System::keys;
    // The system's variables, in the order of y (y[0] is v).
    static constexpr const auto& variables = System::variables;

    static void validate(const Params& p, std::string_view where) { System::validate(p, where); }
    static State initial_state(const Params& p, double v0) {
        State s;
        s.y = System::initial(p, v0);
        return s;
    }
    // Integrates to t (no threshold check: used to apply an input at its time).
    static void advance(const Params& p, State& s, double t) {
        Integrator::integrate(p, s, t, false);
    }
    static void receive(const Params& p, State& s, float w) { System::receive(p, s.y, w); }
    // Integrates to the first threshold crossing before t_stop (state left there, returns
    // true) or to t_stop (returns false).
    static bool advance_or_cross(const Params& p, State& s, double t_stop) {
        return Integrator::integrate(p, s, t_stop, true);
    }
    static double next_crossing(const Params& p, const State& state, double horizon) {
        State s = state;
        if (s.t_last >= s.refractory_end && s.y[0] >= System::threshold(p)) return s.t_last;
        return Integrator::integrate(p, s, horizon, true) ? s.t_last : horizon;
    }
    static constexpr bool has_bound = requires(const Params& p, const Vector& y) {
        { System::crossing_bound(p, y) } -> std::convertible_to<double>;
    };
    // No crossing before the returned time: v is held below threshold while refractory
    // (the other variables move meanwhile, so the system's bound is taken only after), and
    // the system may bound the time v needs to reach threshold.
    static double cheap_bound(const Params& p, const State& s) {
        if (s.t_last < s.refractory_end) return s.refractory_end;
        if constexpr (has_bound)
            return s.t_last + System::crossing_bound(p, s.y);
        else
            return s.t_last;
    }
    static void fire(const Params& p, State& s) {
        System::reset(p, s.y);
        s.refractory_end = s.t_last + System::t_ref(p);
    }
    static double potential(const Params&, const State& s) { return s.y[0]; }
    static double variable(const Params&, const State& s, std::size_t k) { return s.y[k]; }
};

} // namespace spikesim
