#pragma once
// std::lower_bound over a sorted array of ids, without branches on the data: where a shard's
// part of a synapse row begins is unpredictable, and every shard searches every row that
// reaches its population, every window.
#include <cstddef>
#include <cstdint>

namespace spikesim::detail {

// The first element of [first, last) that is not below value (last if none).
inline const std::uint32_t* first_not_below(const std::uint32_t* first, const std::uint32_t* last,
                                            std::uint32_t value) {
    auto n = static_cast<std::size_t>(last - first);
    if (n == 0) return first;
    while (n > 1) { // the answer lies in [first, first + n]
        const std::size_t half = n / 2;
        first = first[half - 1] < value ? first + half : first;
        n -= half;
    }
    return first + (*first < value ? 1 : 0);
}

} // namespace spikesim::detail
