#include "sim/projection.hpp"

#include <algorithm>

namespace spikesim {

std::size_t Projection::bytes() const {
    return offsets.size() * sizeof(std::uint64_t) + targets.size() * sizeof(std::uint32_t) +
           weights.size() * sizeof(float) + delays.size() * sizeof(double) +
           first_whole.size() * sizeof(std::uint64_t);
}

} // namespace spikesim
