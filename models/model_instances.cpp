// The engine's loop for each of the library's neuron models, compiled once here: users of
// these models call Network::add_neurons<M> with sim/network.hpp alone.
#include "models/adaptive_models.hpp"
#include "models/if_subtract.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "models/ttfs_neuron.hpp"
#include "sim/add_neurons.hpp"

namespace spikesim {

#define SPIKESIM_INSTANTIATE_ADD_NEURONS(M)                                                        \
    template PopulationId Network::add_neurons<M>(std::string, std::uint32_t, const M::Params&,    \
                                                  Dale, std::optional<InitialPotential>,           \
                                                  std::vector<double>);

SPIKESIM_INSTANTIATE_ADD_NEURONS(LifDelta)
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifExp)
SPIKESIM_INSTANTIATE_ADD_NEURONS(LifCondExp)
SPIKESIM_INSTANTIATE_ADD_NEURONS(Adex)
SPIKESIM_INSTANTIATE_ADD_NEURONS(Izhikevich)
SPIKESIM_INSTANTIATE_ADD_NEURONS(IfSubtract)
SPIKESIM_INSTANTIATE_ADD_NEURONS(TtfsNeuron)

#undef SPIKESIM_INSTANTIATE_ADD_NEURONS

} // namespace spikesim
