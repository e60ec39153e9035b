#pragma once
// The key-value Dale comparison's file: /kv_dale with the ANN's reference as attributes and
// one group per row ("split", "native") holding its measures as attributes.
#include "experiments/kv_dale.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

// Written under a temporary name, in place once complete (OutputError on failure).
void write_kv_dale(const KvDaleResult& result, const std::string& path,
                   const Provenance& provenance);

} // namespace spikesim
