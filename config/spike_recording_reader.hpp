#pragma once
// An entry of [record] spikes: a population's name (every neuron), or a table choosing some
// of its neurons:
//   spikes = ["exc", {population = "inh", neurons = "0:100"},
//             {population = "exc2", neurons = [1, 5, 9]}, {population = "big", sample = 50}]
// neurons: ids, a half-open range "first:end", or "all"; sample: k distinct neurons drawn
// with the run's seed (the same k for any thread count).
#include "config/toml_reader.hpp"
#include "sim/network.hpp"
#include "sim/recording_request.hpp"

namespace spikesim {

SpikeRecording read_spike_recording(const toml::value& entry, const std::string& file,
                                    const std::string& key, const Network& net);

// k distinct ids below n, sorted, drawn from the stream keyed by (seed, "record-sample:" +
// population).
std::vector<std::uint32_t> sample_neurons(std::uint64_t seed, const std::string& population,
                                          std::uint32_t n, std::uint32_t k);

} // namespace spikesim
