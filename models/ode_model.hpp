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
#include "models/neuron_model.hpp"

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/numeric/odeint.hpp>

#include <array>
#include <cmath>
#include <limits>

namespace spikesim {

template <class System> struct OdeModel {
    static constexpr std::string_view name = System::name;
    static constexpr std::size_t dim = System::dim;
    using Vector = std::array<double, dim>;
    using Params = typename System::Params;
    struct State {
        double t_last = 0.0;
        Vector y{};
        double refractory_end = -std::numeric_limits<double>::infinity();
        double dt = 0.1; // last accepted step, a good first guess for the next integration
    };

    static void validate(const Params& p, std::string_view where) {
        System::validate(p, where);
        require_positive(p.abs_tol, where, "abs_tol");
        require_positive(p.rel_tol, where, "rel_tol");
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
            if (stop_at_crossing && y[0] >= theta) {
                auto f = [&](double t) {
                    Vector z;
                    stepper.calc_state(t, z);
                    return z[0] - theta;
                };
                double lo = t0, f_lo = f(t0);
                double t_cross = hi;
                if (f_lo < 0) {
                    std::uintmax_t iterations = 100;
                    const auto r = boost::math::tools::toms748_solve(
                        f, lo, hi, f_lo, y[0] - theta,
                        boost::math::tools::eps_tolerance<double>(50), iterations);
                    t_cross = r.second; // the side where v >= theta
                } else {
                    t_cross = t0;
                }
                stepper.calc_state(t_cross, s.y);
                s.t_last = t_cross;
                return true;
            }
            if (t1 >= t_end) {
                s.y = y;
                s.t_last = t_end;
                return false;
            }
        }
    }
};

} // namespace spikesim
