#pragma once
// The Brunel sweep's file: /results with the network's parameters as attributes, the grid
// (g, eta; features and regimes as g x eta matrices, regime as its short name's index in
// the attribute regime_names), a group per example point (features, regime, population
// rate), and each example's raster as the SONATA population example_<name>_exc.
#include "experiments/brunel.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_brunel(const BrunelResult& result, const BrunelOptions& options, const std::string& path,
                  const Provenance& provenance);

// "brunel n_exc=4000 indegree=1000 j=0.1 delay=1.5 duration=600 transient=100"
std::string brunel_config_text(const BrunelOptions& o);

} // namespace spikesim
