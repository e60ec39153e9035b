// The engine's loop for LifAlpha (models/instantiate_add_neurons.hpp).
#include "models/instantiate_add_neurons.hpp"
#include "models/lif_alpha.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifAlpha)
} // namespace spikesim
