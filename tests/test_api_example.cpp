// The C++ example of the README, kept compiling and running.
#include "experiments/cuba.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

using namespace spikesim;

TEST_CASE("the README's ten-line C++ example runs", "[api]") {
    Network net(/*seed=*/1);
    auto exc = net.add_neurons<LifExp>("exc", 3200, cuba_neuron(), Dale::excitatory,
                                       InitialPotential{-60, -50});
    auto inh = net.add_neurons<LifExp>("inh", 800, cuba_neuron(), Dale::inhibitory,
                                       InitialPotential{-60, -50});
    net.connect(exc, exc, FixedProbability{0.02}, {.weight = 1.62, .delay = 0.1});
    net.connect(inh, exc, FixedProbability{0.02}, {.weight = -9.0, .delay = 0.1});
    Simulation sim(net);
    auto& spikes = sim.record_spikes(exc);
    sim.run(200.0);
    REQUIRE(spikes.times().size() > 1000);
    REQUIRE(std::is_sorted(spikes.times().begin(), spikes.times().end()));
}
