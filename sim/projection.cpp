#include "sim/projection.hpp"

#include <algorithm>

namespace spikesim {

double Projection::min_delay() const {
    if (delays.empty()) return delay;
    return *std::min_element(delays.begin(), delays.end());
}

double Projection::max_delay() const {
    if (delays.empty()) return delay;
    return *std::max_element(delays.begin(), delays.end());
}

std::size_t Projection::bytes() const {
    return offsets.size() * sizeof(std::uint64_t) + targets.size() * sizeof(std::uint32_t) +
           weights.size() * sizeof(float) + delays.size() * sizeof(double);
}

} // namespace spikesim
