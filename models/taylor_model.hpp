#pragma once
// Neuron models whose equations have no closed form but analytic right-hand sides (AdEx,
// Izhikevich: models/adaptive_models.hpp), integrated by their Taylor series. Between inputs
// the state is advanced in steps; on each, every variable is a polynomial whose coefficients
// the System computes by a recurrence (automatic differentiation of the equations), term by
// term until the last two terms are below the System's tolerances, near double precision.
// The polynomial of v is its own dense output: the first crossing of threshold in a step is
// found by models/polynomial_crossing.hpp, which misses none.
//
// Where a neuron gets an input every 0.1 ms, a step is one input interval: one exponential
// and a few dozen multiplications, where an adaptive Runge-Kutta method restarts its step
// control at every input (models/ode_model.hpp does: 15 right-hand sides per input).
//
// A System provides, beside what models/integrated_model.hpp asks for:
//   Series                  the coefficients: c[d][k] the k-th term of variable d at the
//                           step's end (the coefficient times h^k), and order;
//   start(p, y, series)     the terms of order 0 (and of any auxiliary series) at y; returns
//                           the longest step worth trying from y;
//   expand(p, h, series)    the terms for a step of length h, false if Series::max_order
//                           terms do not reach the tolerances (the step is then halved);
//   hold(p, y, dt)          the refractory period: v held at v_reset, the rest evolving.
#include "models/integrated_model.hpp"
#include "models/polynomial_crossing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>

namespace spikesim {

// The terms of a step's series, for Dim variables (and the System's own auxiliaries).
template <std::size_t Dim> struct TaylorTerms {
    static constexpr int max_order = 40;
    // c[d][k]: term k of variable d at the end of the step, so that y_d(t0 + x h) =
    // sum_k c[d][k] x^k for x in [0, 1]. Written by the System up to `order`.
    std::array<std::array<double, max_order + 1>, Dim> c;
    int order = 0;

    std::span<const double> terms(std::size_t d) const {
        return {c[d].data(), std::size_t(order) + 1};
    }
    std::array<double, Dim> at(double x) const {
        std::array<double, Dim> y;
        for (std::size_t d = 0; d < Dim; ++d) {
            double sum = c[d][order];
            for (int k = order - 1; k >= 0; --k)
                sum = sum * x + c[d][k];
            y[d] = sum;
        }
        return y;
    }
    // Terms n - 1 and n of every variable within tolerance (the last at most tol, the one
    // before at most 16 tol: one small term alone may be a coefficient passing through zero).
    bool converged(int n, const std::array<double, Dim>& tolerance) const {
        for (std::size_t d = 0; d < Dim; ++d)
            if (!(std::abs(c[d][n]) <= tolerance[d] && std::abs(c[d][n - 1]) <= 16 * tolerance[d]))
                return false;
        return true;
    }
};

template <class System> struct TaylorModel : IntegratedModel<TaylorModel<System>, System> {
    using Base = IntegratedModel<TaylorModel<System>, System>;
    using Params = typename Base::Params;
    using State = typename Base::State;
    using Vector = typename Base::Vector;

    // The step loop of IntegratedModel's advance and advance_or_cross.
    static bool integrate(const Params& p, State& s, double t_end, bool stop_at_crossing) {
        const double theta = System::threshold(p);
        if (!(t_end > s.t_last))
            return stop_at_crossing && s.t_last >= s.refractory_end && s.y[0] >= theta;
        if (s.t_last < s.refractory_end) {
            const double until = std::min(t_end, s.refractory_end);
            s.y[0] = System::v_reset(p);
            System::hold(p, s.y, until - s.t_last);
            s.t_last = until;
            if (until == t_end) return false;
        }
        if (s.y[0] >= theta) {
            if (stop_at_crossing) return true;
            throw_past_threshold();
        }
        typename System::Series series;
        // Steps below the resolution of t_last: fine while v runs away to a spike (a few
        // per Delta_T of the way), a hang if they never end.
        int stalled = 0;
        while (s.t_last < t_end) {
            const double remaining = t_end - s.t_last;
            const double h = expand(p, s.y, remaining, series);
            if (s.t_last + h == s.t_last && ++stalled == 100000)
                throw std::logic_error(std::string(Base::name) +
                                       ": 100,000 steps below the resolution of time");
            const double x = first_crossing(series.terms(0), theta);
            if (x >= 0.0) {
                if (!stop_at_crossing) throw_past_threshold();
                s.y = series.at(x);
                s.y[0] = std::max(s.y[0], theta);
                s.t_last = std::min(s.t_last + x * h, t_end);
                return true;
            }
            s.y = series.at(1.0);
            s.t_last = h == remaining ? t_end : s.t_last + h;
        }
        return false;
    }

  private:
    // advance() is called only where no crossing is pending (the engine fires crossings
    // before it applies an input): past threshold these models' v runs away in finite time.
    [[noreturn]] static void throw_past_threshold() {
        throw std::logic_error(std::string(Base::name) +
                               ": advanced across a threshold crossing without firing");
    }

    // The series of a step from y of at most `remaining`; returns the step's length.
    static double expand(const Params& p, const Vector& y, double remaining,
                         typename System::Series& series) {
        double h = std::min(remaining, System::start(p, y, series));
        for (int halvings = 0; !System::expand(p, h, series); ++halvings) {
            // Every step from a finite state below threshold converges once short enough;
            // a state that is not finite never does.
            if (halvings == 60)
                throw std::logic_error(std::string(Base::name) +
                                       ": the Taylor series does not converge (state not finite)");
            h *= 0.5;
        }
        if (!(h > 0.0))
            throw std::logic_error(std::string(Base::name) +
                                   ": no step possible (state not finite)");
        return h;
    }
};

} // namespace spikesim
