#pragma once
// The 8x8 handwritten digits (data/digits.csv.gz, see data/README.md) and a fixed, seeded,
// stratified train/test split.
#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct LabelledData {
    Eigen::MatrixXd x;  // samples x features, pixel intensities scaled to [0, 1]
    std::vector<int> y; // class labels
    int classes = 0;
    std::size_t size() const { return y.size(); }
};

// Reads the gzip-compressed (or plain) CSV: 64 integers 0-16 and a label 0-9 per line.
// A malformed line is an InputError naming the file and line.
LabelledData load_digits(const std::string& path);

// Each class is shuffled with its own stream and split so that `test_fraction` of it (rounded)
// goes to the test set: the same seed always gives the same split.
struct Split {
    LabelledData train, test;
};
Split stratified_split(const LabelledData& data, double test_fraction, std::uint64_t seed);

std::string default_digits_path(); // data/digits.csv.gz in the source tree

} // namespace spikesim
