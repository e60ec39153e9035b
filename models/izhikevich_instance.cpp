// The engine's loop for Izhikevich (models/instantiate_add_neurons.hpp).
#include "models/adaptive_models.hpp"
#include "models/instantiate_add_neurons.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(Izhikevich)
} // namespace spikesim
