// The engine's loop for IfSubtract (models/instantiate_add_neurons.hpp).
#include "models/if_subtract.hpp"
#include "models/instantiate_add_neurons.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(IfSubtract)
} // namespace spikesim
