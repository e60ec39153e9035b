#pragma once
// The motivating example: one LIF neuron, two inputs, each sending the same number N of
// spikes within the same 100 ms (equal rates). Spread evenly ("uniform") the inputs never
// add up to threshold; packed into bursts ("early_late": input A early, input B late) they
// do. Rate coding cannot tell the conditions apart; the neuron can.
#include "sim/network.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct TwoInputParams {
    int spikes = 10;        // N, spikes per input within `window`
    double window = 100.0;  // ms, the interval over which rates are equal
    double burst = 20.0;    // ms, the burst width of early_late and synchronous
    double tau_m = 10.0;    // ms
    double e_l = -65.0;     // mV
    double v_th = -50.0;    // mV: 15 mV above rest, about four input spikes
    double v_reset = -65.0; // mV
    double t_ref = 2.0;     // ms
    double weight = 4.0;    // mV jump per input spike (delta synapses)
    double delay = 1.0;     // ms
    int trials = 20;        // Poisson trials
    std::uint64_t seed = 1;
    double record_interval = 0.05; // ms, membrane samples
    double duration() const { return window + 20.0 + delay; }
    // Throws InputError naming the parameter (as a command-line option) when invalid.
    void validate() const;
};

enum class Condition { uniform, early_late, synchronous, poisson };
inline constexpr std::array<Condition, 4> all_conditions{
    Condition::uniform, Condition::early_late, Condition::synchronous, Condition::poisson};
const char* to_string(Condition c); // "uniform", "early_late", ...

struct InputTrains {
    std::vector<double> a, b; // spike times, ms
};
// The deterministic conditions' input trains (not poisson).
InputTrains make_inputs(Condition c, const TwoInputParams& p);

struct TrialResult {
    InputTrains inputs;
    std::vector<double> output; // output spike times
    std::vector<float> trace;   // membrane potential on the grid k * record_interval
    double peak = 0.0;          // max of the trace, mV
    double first_spike() const; // NaN without output spikes
};

struct ConditionResult {
    Condition condition;
    std::vector<TrialResult> trials; // one, or `trials` for poisson
    double mean_output_spikes() const;
    double mean_input_spikes_a() const;
    double mean_input_spikes_b() const;
    double mean_peak() const;
};

// Builds one network holding every condition (populations <condition>_input_a,
// <condition>_input_b, <condition>_output; poisson has one neuron per trial), runs it on
// the engine and collects the results.
std::vector<ConditionResult> run_two_input(const TwoInputParams& p);

// The timing effect: |n_early_late - n_uniform| / (n_early_late + n_uniform); NaN when
// neither condition fires (no response to compare). 1: the response is all timing;
// 0: both conditions give the same number of output spikes.
double timing_effect(double n_early_late, double n_uniform);

struct Sweep {
    std::vector<int> spikes;
    std::vector<double> tau_m;
    std::vector<double> effect;         // [tau index * spikes.size() + spikes index]
    std::vector<double> uniform_spikes; // output spike counts, same layout
    std::vector<double> early_late_spikes;
};
Sweep sweep_two_input(TwoInputParams p, const std::vector<int>& spikes,
                      const std::vector<double>& tau_m);

} // namespace spikesim
