#pragma once
// The COBA benchmark (Brette et al. 2007, benchmark 1; NEST's brette_et_al_2007/coba.py):
// the CUBA network with conductance-based synapses, E_ex = 0 mV, E_in = -80 mV, weights in
// units of the leak conductance (w_e = 0.6, w_i = 6.7), E_L = -60 mV, delay 0.1 ms.
// Resting at -60 mV with threshold -50 mV, it needs a kick-start: as in NEST's version,
// every neuron receives Poisson input during the first 50 ms.
#include "models/lif_cond_exp.hpp"
#include "sim/network.hpp"

namespace spikesim {

struct CobaOptions {
    std::uint32_t neurons = 4000;
    double inputs_per_neuron = 80.0;
    double delay = 0.1;          // ms
    double kick_rate_hz = 200.0; // Poisson kick-start per neuron
    double kick_weight = 0.6;    // excitatory, like a recurrent synapse
    double kick_duration = 50.0; // ms
    std::uint64_t seed = 1;
    // InputError "coba" naming the field: neurons >= 5, delay > 0, rates and times >= 0.
    void validate() const;
};

LifCondExp::Params coba_neuron();
// `partition`: this rank's share, in a run over several processes (sim/partition.hpp).
Network build_coba(const CobaOptions& o, Partition partition = {});

} // namespace spikesim
