#pragma once
// The COBA network (experiments/coba.hpp) for any neuron model M with lif_cond_exp's
// equations: the library builds it with LifCondExp, the tests and bench/ with an Odeint
// integration of the same equations (tests/lif_cond_exp_ode.hpp) as the reference. Only
// Network::add_neurons' declaration is included: the library's LifCondExp loop is the one
// compiled in models/lif_cond_exp_instance.cpp, and a model of one's own needs
// sim/add_neurons.hpp included beside this header.
#include "experiments/coba.hpp"
#include "sim/network.hpp"
#include "sim/source_group.hpp"

#include <algorithm>

namespace spikesim {

template <class M>
Network build_coba_with(const CobaOptions& o, const typename M::Params& params,
                        Partition partition = {}) {
    o.validate();
    Network net(o.seed, partition);
    const auto n_exc = static_cast<std::uint32_t>(0.8 * o.neurons);
    const InitialPotential v0{-60.0, -50.0};
    const auto exc = net.add_neurons<M>("exc", n_exc, params, Dale::excitatory, v0);
    const auto inh = net.add_neurons<M>("inh", o.neurons - n_exc, params, Dale::inhibitory, v0);
    const double p = std::min(1.0, o.inputs_per_neuron / o.neurons);
    const SynapseSpec we{0.6, o.delay}, wi{-6.7, o.delay};
    net.connect(exc, exc, FixedProbability{p}, we, "exc->exc");
    net.connect(exc, inh, FixedProbability{p}, we, "exc->inh");
    net.connect(inh, exc, FixedProbability{p}, wi, "inh->exc");
    net.connect(inh, inh, FixedProbability{p}, wi, "inh->inh");
    if (o.kick_duration > 0 && o.kick_rate_hz > 0) {
        const auto kick = net.add(
            "kick",
            std::make_unique<PoissonGroup>(o.neurons, o.kick_rate_hz, 0.0, o.kick_duration, "kick"),
            Dale::excitatory);
        SynapseList to_exc, to_inh;
        for (std::uint32_t i = 0; i < o.neurons; ++i)
            (i < n_exc ? to_exc : to_inh)
                .synapses.push_back({i, i < n_exc ? i : i - n_exc, o.kick_weight, o.delay});
        net.connect(kick, exc, std::move(to_exc), {o.kick_weight, o.delay}, "kick->exc");
        net.connect(kick, inh, std::move(to_inh), {o.kick_weight, o.delay}, "kick->inh");
    }
    return net;
}

} // namespace spikesim
