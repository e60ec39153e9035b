#pragma once
// Trained weights of a DenseNetwork in an HDF5 file of their own:
//   /ann                 attribute layers (count)
//   /ann/layer_<k>/      weights [outputs x inputs], bias [outputs], attribute activation
// what `spikesim coding` writes next to its results and reads back with --weights.
#include "models/dense_network.hpp"

#include <string>

namespace spikesim {

void save_weights(const DenseNetwork& net, const std::string& path);
// Throws InputError naming the file when it does not hold a network spikesim wrote.
DenseNetwork load_weights(const std::string& path);

} // namespace spikesim
