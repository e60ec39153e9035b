#pragma once
// The Dale-native comparison's file: /dale with one group per row ("split",
// "native_<fraction>") holding its measures as attributes, and the attribute preferred
// naming the native row of lowest training loss.
#include "experiments/dale_native.hpp"
#include "io/sonata_writer.hpp"

#include <string>

namespace spikesim {

std::string dale_row_name(const DaleRow& row); // "split", "native_0.2"

// Written under a temporary name, in place once complete (OutputError on failure).
void write_dale_native(const DaleNativeResult& result, const std::string& path,
                       const Provenance& provenance);

} // namespace spikesim
