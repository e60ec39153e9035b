#pragma once
// Neuron models without a closed form, integrated with Boost.Odeint's controlled
// dense-output Runge-Kutta (dopri5). Between input events the state is integrated step by
// step; after each step the threshold is checked on the dense output and a crossing is
// located by a bracketed root find (TOMS 748) on the interpolant, so spike times are not
// snapped to steps. Events restart the integration at their exact times.
//
// A System provides, beside what models/integrated_model.hpp asks for, rhs(p, y, dydt) and
// Params with abs_tol and rel_tol. For frequent inputs models/taylor_model.hpp is much
// faster (dopri5 restarts its step control at each), but needs the recurrence of the
// equations' Taylor coefficients; this needs only their right-hand side.
#include "models/integrated_model.hpp"

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace spikesim {

template <class System> struct OdeModel : IntegratedModel<OdeModel<System>, System> {
    using Base = IntegratedModel<OdeModel<System>, System>;
    using Params = typename Base::Params;
    using State = typename Base::State;
    using Vector = typename Base::Vector;

    static void validate(const Params& p, std::string_view where) {
        System::validate(p, where);
        require_tolerance(p.abs_tol, where, "abs_tol");
        require_tolerance(p.rel_tol, where, "rel_tol");
    }

    // The step loop of IntegratedModel's advance and advance_or_cross.
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

  private:
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
            if constexpr (Base::has_bound) // the system's envelope may rule the step out at once
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
