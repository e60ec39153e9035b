#pragma once
// Network::add_neurons<M> compiled for one of the library's models. Each model gets a
// translation unit of its own (models/*_instance.cpp): with all of them in one unit, GCC's
// inlining budget for the unit ran out and the hot loop of NeuronGroup<LifExp> called
// advance_to_row() and power() instead of inlining them (11 % more instructions in CUBA).
#include "sim/add_neurons.hpp"

#define SPIKESIM_INSTANTIATE_ADD_NEURONS(M)                                                        \
    template PopulationId Network::add_neurons<M>(                                                 \
        std::string, std::uint32_t, const M::Params&, Dale, std::optional<InitialPotential>,       \
        std::vector<double>, std::vector<ParameterVariation>);
