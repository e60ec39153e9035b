#pragma once
// The key-value experiment's file: /results/<mode> (the measures as attributes, decoded key
// activations of up to 50 queries), /sweep (recall against noise and stored pairs), and the
// spike trains of the first queries as SONATA populations <mode>_query<k>_<population>.
#include "experiments/kv_experiment.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_kv(const KvExperimentResult& result, const KvExperimentOptions& options,
              const std::string& path, const Provenance& provenance);

// The provenance text of the options: "kv d=16 d_ff=64 ...".
std::string kv_config_text(const KvExperimentOptions& o);

} // namespace spikesim
