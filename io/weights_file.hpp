#pragma once
// Trained weights of a DenseNetwork in an HDF5 file of their own:
//   /ann                 attribute layers (count)
//   /ann/layer_<k>/      weights [outputs x inputs], bias [outputs], attribute activation
// what `spikesim coding` writes next to its results and reads back with --weights. It reads
// NumPy's .npz too: arrays W0, b0, W1, b1, ... (np.savez), ReLU after every layer but the
// last, which is linear.
#include "models/dense_network.hpp"

#include <string>

namespace spikesim {

void save_weights(const DenseNetwork& net, const std::string& path);
// Either layout (an .npz is recognised by its content, not its name). Throws InputError
// naming the file and the array when it does not hold such a network, or holds NaN.
DenseNetwork load_weights(const std::string& path);

} // namespace spikesim
