#pragma once
// The motivating example: one LIF neuron, two inputs, each sending the same number N of
// spikes within the same 100 ms (equal rates). Spread evenly ("uniform") the inputs never
// add up to threshold; packed into bursts ("early_late": input A early, input B late) they
// do. Rate coding cannot tell the conditions apart; the neuron can. A user's own pair of
// trains runs beside them as the condition "custom".
#include "sim/network.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct InputTrains {
    std::vector<double> a, b; // spike times, ms
};

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
    // The user's trains (times_a, times_b): each ascending without repeats, in [0, window).
    std::optional<InputTrains> custom;
    double duration() const { return window + 20.0 + delay; }
    // InputError "two_input" naming the field (tau_m, window, ...) when invalid.
    void validate() const;
};

// The real-valued parameters by name: the keys of a [two_input] config table, the flags
// (--tau-m for tau_m) and the attributes of the output file.
struct TwoInputNumber {
    const char* key;
    double TwoInputParams::*field;
    const char* help;
};
inline constexpr TwoInputNumber two_input_numbers[] = {
    {"tau_m", &TwoInputParams::tau_m, "membrane time constant, ms"},
    {"weight", &TwoInputParams::weight, "jump of v per input spike, mV"},
    {"v_th", &TwoInputParams::v_th, "threshold, mV"},
    {"e_l", &TwoInputParams::e_l, "resting potential, mV"},
    {"v_reset", &TwoInputParams::v_reset, "reset potential, mV"},
    {"t_ref", &TwoInputParams::t_ref, "refractory period, ms"},
    {"delay", &TwoInputParams::delay, "synaptic delay, ms"},
    {"window", &TwoInputParams::window, "interval over which both inputs send N spikes, ms"},
    {"burst", &TwoInputParams::burst, "burst width in early_late and synchronous, ms"},
    {"record_interval", &TwoInputParams::record_interval, "membrane sampling interval, ms"},
};

enum class Condition { uniform, early_late, synchronous, poisson, custom };
// The conditions every run has; custom follows them when the user gave trains.
inline constexpr std::array<Condition, 4> all_conditions{
    Condition::uniform, Condition::early_late, Condition::synchronous, Condition::poisson};
const char* to_string(Condition c); // "uniform", "early_late", ...

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

// The whole experiment: every condition, and the sweep over N and tau_m.
struct TwoInputOptions {
    TwoInputParams params;
    bool sweep = true;
    std::vector<int> sweep_spikes{1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20};
    std::vector<double> sweep_tau_m{1, 2, 5, 10, 20, 50, 100};
    void validate() const; // InputError "two_input" naming the field
};
struct TwoInputResult {
    TwoInputParams params;
    std::vector<ConditionResult> conditions;
    std::optional<Sweep> sweep;
};
TwoInputResult run_two_input(const TwoInputOptions& options);

} // namespace spikesim
