// An E/I network of 4000 current-based LIF neurons (the CUBA benchmark, Brette et al.
// 2007) in ten lines of spikesim: populations, connections, a spike monitor, a run.
#include <spikesim/spikesim.hpp>

#include <cstdio>

int main() {
    using namespace spikesim;
    LifExp::Params lif{.tau_m = 20,
                       .tau_ex = 5,
                       .tau_in = 10,
                       .e_l = -49,
                       .v_th = -50,
                       .v_reset = -60,
                       .t_ref = 5};
    Network net(/*seed=*/1);
    auto exc = net.add_neurons<LifExp>("exc", 3200, lif, Dale::excitatory, {{-60, -50}});
    auto inh = net.add_neurons<LifExp>("inh", 800, lif, Dale::inhibitory, {{-60, -50}});
    for (auto source : {exc, inh})
        for (auto target : {exc, inh})
            net.connect(source, target, FixedProbability{0.02},
                        {.weight = source.index == exc.index ? 1.62 : -9.0, .delay = 0.1});
    Simulation sim(net);
    auto& spikes = sim.record_spikes(exc);
    sim.run(1000.0);
    std::printf("%zu excitatory spikes in 1 s, %.2f Hz per neuron\n", spikes.times().size(),
                double(spikes.times().size()) / 3200.0);
}
