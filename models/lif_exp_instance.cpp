// The engine's loop for LifExp (models/instantiate_add_neurons.hpp).
#include "models/instantiate_add_neurons.hpp"
#include "models/lif_exp.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifExp)
} // namespace spikesim
