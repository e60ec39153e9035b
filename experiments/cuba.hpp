#pragma once
// The CUBA benchmark (Brette et al. 2007, benchmark 2; Brian2 examples/CUBA.py): a
// current-based E/I network of LIF neurons with exponential synaptic currents. Its resting
// potential (-49 mV) lies above threshold (-50 mV), so neurons fire on their own and
// crossings between input events matter. Scaled to any N by keeping 80 inputs per neuron.
#include "models/lif_exp.hpp"
#include "sim/network.hpp"

namespace spikesim {

struct CubaOptions {
    std::uint32_t neurons = 4000;
    double inputs_per_neuron = 80.0; // p = inputs / N
    double delay = 0.1; // ms; NEST's version uses 0.1 ms, Brian2's acts one 0.1 ms step late
    std::uint64_t seed = 1;
    // InputError "cuba" naming the field: neurons >= 5, delay >= 0 (0: the serial queue).
    void validate() const;
};

LifExp::Params cuba_neuron();
// Populations "exc" (80 %) and "inh" (20 %), four fixed-probability projections
// (validates the options first). `partition`: this rank's share, in a run over several
// processes (sim/partition.hpp).
Network build_cuba(const CubaOptions& options, Partition partition = {});

} // namespace spikesim
