// The engine's loop for LifDelta (models/instantiate_add_neurons.hpp).
#include "models/instantiate_add_neurons.hpp"
#include "models/lif_delta.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifDelta)
} // namespace spikesim
