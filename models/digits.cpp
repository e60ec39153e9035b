#include "models/digits.hpp"

#include "sim/errors.hpp"
#include "sim/random.hpp"

#include <algorithm>

namespace spikesim {

Split stratified_split(const LabelledData& data, double test_fraction, std::uint64_t seed) {
    if (!(test_fraction > 0 && test_fraction < 1))
        throw InputError("split", "test_fraction", "a fraction in (0, 1)",
                         format_number(test_fraction));
    std::vector<std::size_t> train_idx, test_idx;
    for (int c = 0; c < data.classes; ++c) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < data.size(); ++i)
            if (data.y[i] == c) members.push_back(i);
        RandomStream stream(seed, purpose_of("stratified-split"), static_cast<std::uint64_t>(c));
        for (std::size_t i = members.size(); i > 1; --i)
            std::swap(members[i - 1], members[stream.below(i)]);
        const auto n_test =
            static_cast<std::size_t>(std::llround(test_fraction * double(members.size())));
        test_idx.insert(test_idx.end(), members.begin(),
                        members.begin() + static_cast<std::ptrdiff_t>(n_test));
        train_idx.insert(train_idx.end(), members.begin() + static_cast<std::ptrdiff_t>(n_test),
                         members.end());
    }
    std::sort(train_idx.begin(), train_idx.end());
    std::sort(test_idx.begin(), test_idx.end());
    auto take = [&](const std::vector<std::size_t>& idx) {
        LabelledData out;
        out.classes = data.classes;
        out.x.resize(static_cast<Eigen::Index>(idx.size()), data.x.cols());
        for (std::size_t k = 0; k < idx.size(); ++k) {
            out.x.row(static_cast<Eigen::Index>(k)) = data.x.row(static_cast<Eigen::Index>(idx[k]));
            out.y.push_back(data.y[idx[k]]);
        }
        return out;
    };
    return {take(train_idx), take(test_idx)};
}

} // namespace spikesim
