#pragma once
// Neuron models without a closed form, integrated with Boost.Odeint's controlled
// dense-output Runge-Kutta (dopri5). Between input events the state is integrated step by
// step; after each step the threshold is checked on the dense output and a crossing is
// located by a bracketed root find (TOMS 748) on the interpolant, so spike times are not
// snapped to steps. Events restart the integration at their exact times.
//
// A System provides: name, dim, Params (with abs_tol and rel_tol), rhs(p, y, dydt),
// receive(p, y, w), reset(p, y), threshold(p), v_reset(p), t_ref(p), validate(p, where),
// initial(p, v0). y[0] is the membrane potential.
//
// Unlike the exact models these advance eagerly: advance_or_cross integrates once to the
// next crossing or the window end and keeps the result, instead of predicting a crossing
// and integrating again.
#include "sim/neuron_model.hpp"

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace spikesim {

template <class System> struct OdeModel {
    static constexpr std::string_view name = System::name;
    static constexpr std::size_t dim = System::dim;
    using Vector = std::array<double, dim>;
    using Params = typename System::Params;
    static constexpr const auto& keys = System::keys;
    struct State {
        double t_last = 0.0;
        Vector y{};
        double refractory_end = -std::numeric_limits<double>::infinity();
        double dt = 0.1; // last accepted step, a good first guess for the next integration
    };

    static void validate(const Params& p, std::string_view where) {
        System::validate(p, where);
        require_tolerance(p.abs_tol, where, "abs_tol");
        require_tolerance(p.rel_tol, where, "rel_tol");
    }
    static State initial_state(const Params& p, double v0) {
        State s;
        s.y = System::initial(p, v0);
        return s;
    }

    // Integrates to t (no threshold check: used to apply an input at its time).
    static void advance(const Params& p, State& s, double t) { integrate(p, s, t, false); }
    static void receive(const Params& p, State& s, float w) { System::receive(p, s.y, w); }
    // Integrates to the first threshold crossing before t_stop (state left there, returns
    // true) or to t_stop (returns false).
    static bool advance_or_cross(const Params& p, State& s, double t_stop) {
        return integrate(p, s, t_stop, true);
    }

    static double next_crossing(const Params& p, const State& state, double horizon) {
        State s = state;
        if (s.t_last >= s.refractory_end && s.y[0] >= System::threshold(p)) return s.t_last;
        return integrate(p, s, horizon, true) ? s.t_last : horizon;
    }
    // Systems may give an envelope: a time before which v cannot reach threshold. Then a
    // neuron need not be integrated until an input arrives or that time comes.
    static constexpr bool has_bound = requires(const Params& p, const Vector& y) {
        { System::crossing_bound(p, y) } -> std::convertible_to<double>;
    };
    // No crossing before the returned time (t_last when the system gives no bound).
    static double cheap_bound(const Params& p, const State& s) {
        if constexpr (has_bound) {
            if (s.t_last < s.refractory_end) {
                // v restarts from v_reset at refractory_end; g_ex only decays meanwhile.
                Vector y = s.y;
                y[0] = System::v_reset(p);
                return s.refractory_end + System::crossing_bound(p, y);
            }
            return s.t_last + System::crossing_bound(p, s.y);
        } else {
            return s.t_last;
        }
    }
    static void fire(const Params& p, State& s) {
        System::reset(p, s.y);
        s.refractory_end = s.t_last + System::t_ref(p);
    }
    static double potential(const Params&, const State& s) { return s.y[0]; }
    // The system's variables, in the order of y (y[0] is v).
    static constexpr const auto& variables = System::variables;
    static double variable(const Params&, const State& s, std::size_t k) { return s.y[k]; }

  private:
    static bool integrate(const Params& p, State& s, double t_end, bool stop_at_crossing) {
        using namespace boost::numeric::odeint;
        if (!(t_end > s.t_last))
            return stop_at_crossing && s.t_last >= s.refractory_end &&
                   s.y[0] >= System::threshold(p);
        // Refractory: v held at v_reset, the other variables evolve.
        if (s.t_last < s.refractory_end) {
            const double until = std::min(t_end, s.refractory_end);
            s.y[0] = System::v_reset(p);
            auto held = [&p](const Vector& y, Vector& dydt, double) {
                System::rhs(p, y, dydt);
                dydt[0] = 0.0;
            };
            auto stepper = make_controlled(p.abs_tol, p.rel_tol, runge_kutta_dopri5<Vector>());
            integrate_adaptive(stepper, held, s.y, s.t_last, until,
                               std::min(s.dt, until - s.t_last));
            s.t_last = until;
            if (until == t_end) return false;
        }
        const double theta = System::threshold(p);
        if (stop_at_crossing && s.y[0] >= theta) return true;
        auto rhs = [&p](const Vector& y, Vector& dydt, double) { System::rhs(p, y, dydt); };
        auto stepper = make_dense_output(p.abs_tol, p.rel_tol, runge_kutta_dopri5<Vector>());
        stepper.initialize(s.y, s.t_last, std::min(s.dt, t_end - s.t_last));
        Vector y;
        while (true) {
            const auto [t0, t1] = stepper.do_step(rhs);
            s.dt = t1 - t0;
            const double hi = std::min(t1, t_end);
            stepper.calc_state(hi, y);
            if (stop_at_crossing) {
                if (const auto t_cross = crossing_in_step(p, stepper, t0, hi, y)) {
                    stepper.calc_state(*t_cross, s.y);
                    s.t_last = *t_cross;
                    return true;
                }
            }
            if (t1 >= t_end) {
                s.y = y;
                s.t_last = t_end;
                return false;
            }
        }
    }

    // The first time v reaches threshold on the dense output of the step [t0, hi] (y: the
    // state at hi), if it does: by the end of the step, or at a maximum of v inside it, an
    // excursion above threshold that is over before the step ends. A maximum lies inside
    // when the slope goes from rising to falling; it is found by bisection on the sign of
    // the slope, which stops as soon as v reaches threshold. (Two maxima inside one step
    // would need a step longer than the solution's own curvature allows.)
    template <class Stepper>
    static std::optional<double> crossing_in_step(const Params& p, Stepper& stepper, double t0,
                                                  double hi, const Vector& y) {
        const double theta = System::threshold(p);
        auto state_at = [&](double t) {
            Vector z;
            stepper.calc_state(t, z);
            return z;
        };
        auto slope = [&](const Vector& z) {
            Vector d;
            System::rhs(p, z, d);
            return d[0];
        };
        double right = hi; // v >= theta there
        if (!(y[0] >= theta)) {
            if (!(slope(y) < 0.0 && slope(stepper.previous_state()) > 0.0)) return std::nullopt;
            if constexpr (has_bound) // the system's envelope may rule the step out at once
                if (t0 + System::crossing_bound(p, stepper.previous_state()) >= hi)
                    return std::nullopt;
            double a = t0, b = hi;
            bool reached = false;
            for (int k = 0; k < 64 && !reached && b - a > 0x1p-45 * std::max(1.0, b); ++k) {
                const double m = 0.5 * (a + b);
                const Vector z = state_at(m);
                if (z[0] >= theta) {
                    right = m;
                    reached = true;
                } else {
                    (slope(z) > 0.0 ? a : b) = m;
                }
            }
            if (!reached) return std::nullopt;
        }
        auto f = [&](double t) { return state_at(t)[0] - theta; };
        const double f_lo = f(t0);
        if (!(f_lo < 0.0)) return t0;
        const double f_hi = f(right);
        if (f_hi == 0.0) return right;
        std::uintmax_t iterations = 100;
        const auto r = boost::math::tools::toms748_solve(
            f, t0, right, f_lo, f_hi, boost::math::tools::eps_tolerance<double>(50), iterations);
        return r.second; // the side where v >= theta
    }
};

} // namespace spikesim
