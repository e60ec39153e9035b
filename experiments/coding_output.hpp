#pragma once
// The coding experiment's file: /results (energy constants, the ANN's MACs, a group per mode
// with its attributes and its accuracy and synaptic operations over time) and the spike
// trains of the first test samples as SONATA populations <mode>_sample<k>_<population>.
// The trained weights go to a file of their own (io/weights_file.hpp), loadable with
// --weights, so that the results file stays SONATA only.
#include "experiments/coding.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_coding(const CodingResult& result, const std::string& path,
                  const Provenance& provenance);

// results/coding.h5 -> results/coding_weights.h5
std::string coding_weights_path(const std::string& results_path);

// The provenance text of the options: "coding mode=all dale=both encoding=poisson ...".
std::string coding_config_text(const CodingOptions& o);

} // namespace spikesim
