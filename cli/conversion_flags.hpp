#pragma once
// The flags of the ANN-to-spikes conversion (models/conversion.hpp), shared by `coding`
// and `kv`: --duration, --max-rate, --phase, --delay, --encoding.
#include "models/conversion.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace spikesim::cli {

// `unit`: what one simulation runs on ("sample", "query"); `current`: whether the rate
// input may be a constant current instead of spike trains.
void add_conversion_flags(CLI::App* cmd, ConversionOptions& c, const std::string& unit,
                          bool current);

} // namespace spikesim::cli
