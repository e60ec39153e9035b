#pragma once
// The two-input experiment's file: SONATA populations <condition>_input_a, _input_b and
// _output (one node per trial) with membrane reports of the outputs, and the results under
// /two_input (parameters as attributes, per condition, the sweep).
#include "experiments/two_input.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_two_input(const TwoInputResult& result, const std::string& path,
                     const Provenance& provenance);

// The provenance text of the parameters: "two-input spikes=10 tau_m=10 ...".
std::string two_input_config_text(const TwoInputParams& p);

} // namespace spikesim
