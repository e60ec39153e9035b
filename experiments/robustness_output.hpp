#pragma once
// The robustness sweep's file: /robustness (attribute measure: accuracy or recall) with the
// rate windows and a group per perturbation: strength; ann_<measure>, ttfs_<measure>;
// rate_<measure> as windows x strengths; rate_synops and ttfs_synops per sample; for the
// key-value block also ann_cosine, ttfs_cosine and rate_cosine.
#include "experiments/robustness.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_robustness(const RobustnessResult& result, const std::string& path,
                      const Provenance& provenance);

} // namespace spikesim
