// The engine's loop for LifCondExp (models/instantiate_add_neurons.hpp).
#include "models/instantiate_add_neurons.hpp"
#include "models/lif_cond_exp.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifCondExp)
} // namespace spikesim
