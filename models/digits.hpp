#pragma once
// A labelled data set (the 8x8 handwritten digits, read by io/digits_file.hpp) and a fixed,
// seeded, stratified train/test split.
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

// Each class is shuffled with its own stream and split so that `test_fraction` of it (rounded)
// goes to the test set: the same seed always gives the same split.
struct Split {
    LabelledData train, test;
};
Split stratified_split(const LabelledData& data, double test_fraction, std::uint64_t seed);

} // namespace spikesim
