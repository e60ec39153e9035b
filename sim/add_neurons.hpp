#pragma once
// Network::add_neurons<M>: a population of neuron model M, run by the engine's loop
// templated on M (sim/neuron_group.hpp). Include this header to add neurons of a model of
// your own; the library's models are instantiated in models/*_instance.cpp.
#include "sim/network.hpp"
#include "sim/neuron_group.hpp"
#include "sim/parameter_variation.hpp"

namespace spikesim {

template <NeuronModel M>
PopulationId Network::add_neurons(std::string name, std::uint32_t size,
                                  const typename M::Params& params, Dale dale,
                                  std::optional<InitialPotential> v0, std::vector<double> bias,
                                  std::vector<ParameterVariation> varying) {
    check_new_population(name, size);
    const InitialPotential v = v0.value_or(InitialPotential{params.v_init, params.v_init});
    const std::string where = "population '" + name + "'";
    std::vector<typename M::Params> per_neuron;
    if (!varying.empty()) {
        require_memory(double(size) * sizeof(typename M::Params),
                       "the parameters of each neuron of " + where, "parameters", where + ".size");
        per_neuron = vary_parameters<M>(params, size, varying, seed_, name, where);
    }
    return add(std::move(name),
               std::make_unique<NeuronGroup<M>>(size, params, v, where, std::move(bias),
                                                std::move(per_neuron)),
               dale);
}

} // namespace spikesim
