#pragma once
// The 8x8 handwritten digits (data/digits.csv.gz, see data/README.md).
#include "models/digits.hpp"

#include <string>

namespace spikesim {

// Reads the gzip-compressed (or plain) CSV: 64 integers 0-16 and a label 0-9 per line.
// A malformed line is an InputError naming the file and line.
LabelledData load_digits(const std::string& path);

std::string default_digits_path(); // data/digits.csv.gz of the source tree or the installation

} // namespace spikesim
