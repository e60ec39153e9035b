#pragma once
// Bounds on what a simulation is given. Beyond them a value is a mistake (a weight of 1e39
// overflows the float32 it is stored in; a potential of 1e300 mV makes a neuron fire without
// pause) or describes a run that cannot finish; each is refused with an InputError that
// names it, instead of a hang, an allocation failure or silent nonsense.
#include <cstdint>

namespace spikesim::limits {

inline constexpr double max_weight = 1e6;         // |w|: mV, or leak conductances
inline constexpr double max_delay_ms = 1e7;       // about 2.8 hours
inline constexpr double max_potential_mv = 1e6;   // |E_L|, |V_th|, |I_e|, ...
inline constexpr double min_interspike_ms = 1e-6; // a neuron's own fastest firing
inline constexpr double max_rate_hz = 1e6;        // Poisson sources
inline constexpr double min_interval_ms = 1e-6;   // regular sources
// Time constants of the models integrated in steps (AdEx, Izhikevich): their steps are a
// fraction of the fastest, so a shorter one would make a run that cannot finish.
inline constexpr double min_time_constant_ms = 1e-6;
inline constexpr double min_tolerance = 1e-15; // ODE tolerances: double precision
inline constexpr double max_tolerance = 1.0;
// Window lengths of the longest delay: the ring of arrival lists has one slot per window.
inline constexpr double max_delay_windows = 1e7;
// A run: windows of the minimum delay, and rows of a membrane recording. Either can be
// raised (RunLimits, [simulation] max_windows / max_samples).
inline constexpr double default_max_windows = 1e8;
inline constexpr double default_max_samples = 1e9;

} // namespace spikesim::limits
