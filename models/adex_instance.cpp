// The engine's loop for Adex (models/instantiate_add_neurons.hpp).
#include "models/adaptive_models.hpp"
#include "models/instantiate_add_neurons.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(Adex)
} // namespace spikesim
