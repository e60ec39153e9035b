// The engine's loop for TtfsNeuron (models/instantiate_add_neurons.hpp).
#include "models/instantiate_add_neurons.hpp"
#include "models/ttfs_neuron.hpp"

namespace spikesim {
SPIKESIM_INSTANTIATE_ADD_NEURONS(TtfsNeuron)
} // namespace spikesim
