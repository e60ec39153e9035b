#pragma once
// Reading NumPy's .npz files (np.savez and np.savez_compressed): a ZIP archive of .npy
// arrays, stored or deflated. Enough of both formats for arrays of numbers, each checked
// against the bytes it claims, so a damaged or hostile file is an InputError, not a crash.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace spikesim {

struct NpyArray {
    std::vector<std::size_t> shape; // () for a scalar
    std::vector<double> values;     // C order
};

// Every array of the file by name ("W0" for W0.npy): little- or big-endian float64,
// float32, int64, int32, int16, int8 or unsigned of those, bool; C or Fortran order. Throws
// InputError naming the file (and the array) otherwise, and for files over 1 GiB.
std::map<std::string, NpyArray> read_npz(const std::string& path);

// True when the file starts as a ZIP archive does (an .npz), whatever its name.
bool looks_like_npz(const std::string& path);

} // namespace spikesim
