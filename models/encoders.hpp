#pragma once
// Encoders from real values in [0, 1] to spike times.
//   rate, regular:  t_k = k / r for k = 1, 2, ... with r = x * max_rate (the spikes of an
//                   integrate-and-fire neuron driven by a constant x * max_rate from 0)
//   rate, Poisson:  exponential intervals of mean 1 / r (exact, from a counter-based stream)
//   latency (TTFS): one spike at t = T (1 - x) for x > 0, none for x <= 0 (x > 1 clipped)
#include <cstdint>
#include <vector>

namespace spikesim {

std::vector<double> regular_train(double x, double max_rate_per_ms, double duration);
std::vector<double> poisson_train(double x, double max_rate_per_ms, double duration,
                                  std::uint64_t seed, std::uint64_t stream_id);
std::vector<double> latency_spike(double x, double phase);

} // namespace spikesim
