#pragma once
// An independent reference for the exact current-based LIF models (lif_delta, lif_exp,
// lif_alpha), to check the engine's spike times against.
//
// Independent of the code under test in two ways: the closed-form trajectory is evaluated
// in 113-bit floating point (__float128), and threshold crossings are found by branch and
// bound with a second-order Taylor bound, not by the models' critical-point bracketing and
// Newton steps. A crossing is therefore missed only where the trajectory comes within
// about 1e-30 mV of threshold.
//
// The check shadows the engine: the reference neuron receives the same inputs and is
// reset at the engine's spike times, so a rounding-level disagreement at one spike (an
// input a few ulps from a crossing) cannot make the two runs drift apart, while every
// engine spike is checked where it happened. Between the engine's spikes the reference
// must not rise above threshold (a missed or late spike), and at each engine spike it
// must be at threshold (not an extra or early one), both to within
//   time:  `Tolerance::time` (1e-9 ms by default), and
//   value: the rounding of the engine's double-precision state, `value_ulps` units of
//          2^-52 times the largest term of the closed form seen so far (its conditioning
//          limit: near-equal time constants make these terms large).
#include "models/lif_alpha.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace spikesim::test {

__extension__ using quad = __float128;

// f(t) = c + sum_j (a_j + b_j t) e^{-r_j t}, in quad precision.
struct QuadExpSum {
    quad c = 0;
    int n = 0;
    quad a[3]{}, b[3]{}, r[3]{};

    void add(quad coefficient, quad rate, quad t_coefficient = 0); // merges equal rates
    quad operator()(quad t) const;
    quad slope(quad t) const;
    // An upper bound of f on [x, y], from a second-order Taylor expansion at the midpoint
    // with the largest f'' on [x, y] (each term's largest, found from its one stationary
    // point).
    quad upper_bound(quad x, quad y) const;
};

// Where f reaches `level` on [x, y].
struct Reach {
    enum Outcome { never, at, undecided } outcome = never;
    quad t = 0; // a point with f(t) >= level, when `at`
};
// A point of [x, y] where f >= level, found by branch and bound; `never` when the bound
// proves f < level on all of it; `undecided` when f grazes the level too closely to tell
// within the evaluation budget.
Reach reaches(const QuadExpSum& f, quad level, quad x, quad y);
// The first point of [x, y] where f >= level, to about 1e-30 relative, given that f(y) >= level.
quad first_reach(const QuadExpSum& f, quad level, quad x, quad y);

// One input as the neuron receives it: arrival time and the weight as stored.
struct Input {
    double t;
    float w;
};

// The parameters of any of the models (lif_delta: no synaptic currents; an input jumps v).
struct ReferenceParams {
    enum Synapses { jump, exponential, alpha } synapses = jump; // lif_delta, lif_exp, lif_alpha
    double tau_m = 10, tau_ex = 2, tau_in = 2, e_l = -65, v_th = -50, v_reset = -65, t_ref = 2,
           i_e = 0, v_init = -65;
};
ReferenceParams reference_params(const LifDelta::Params& p);
ReferenceParams reference_params(const LifExp::Params& p);
ReferenceParams reference_params(const LifAlpha::Params& p);

// The reference neuron: the models' equations, refractory rules included, in quad.
class ReferenceNeuron {
  public:
    explicit ReferenceNeuron(const ReferenceParams& p);
    void advance(quad t);
    void receive(float w);
    void fire(); // at the present time
    bool refractory() const { return t_ < refractory_end_; }
    quad time() const { return t_; }
    double refractory_end() const { return refractory_end_; }
    // f(s) = v(t + s) - v_th while no input comes (the neuron must not be refractory).
    QuadExpSum trajectory() const;
    // The largest term of the closed form: what the engine's rounding is relative to.
    quad scale() const;

  private:
    ReferenceParams p_;
    // The currents, and for alpha synapses their drives y (dI/dt = -I/tau + y).
    quad t_ = 0, v_, i_ex_ = 0, i_in_ = 0, y_ex_ = 0, y_in_ = 0;
    void evolve_currents(quad dt);
    double refractory_end_; // as the models compute it, in double
};

struct Tolerance {
    double time = 1e-9;     // ms
    double value_ulps = 64; // of the largest closed-form term
};

struct ShadowReport {
    std::size_t spikes = 0;          // engine spikes checked
    std::size_t timed = 0;           // of which on a slope (not a jump): deviation measured
    double max_deviation = 0;        // ms, the largest |engine - reference| crossing time
    std::size_t undecided = 0;       // grazing intervals the bound could not settle
    std::vector<std::string> errors; // missed, late, extra or early spikes, described
};

// Checks `spikes` (sorted, from the engine) of one neuron driven by `inputs` (sorted by
// time) over [0, t_end).
ShadowReport shadow_check(const ReferenceParams& p, std::span<const Input> inputs,
                          std::span<const double> spikes, double t_end, Tolerance tol = {});

std::string to_string(quad x);

} // namespace spikesim::test
