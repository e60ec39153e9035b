#pragma once
// A network: populations (each a group of one model, with a Dale type) and the projections
// between them. Building it validates everything a user can get wrong; a built Network is
// what the Simulation runs.
//
//   Network net(seed);
//   auto e = net.add_neurons<LifExp>("exc", 3200, params, Dale::excitatory, {-60, -50});
//   net.connect(e, e, FixedProbability{0.02}, {.weight = 1.62, .delay = 0.1});
#include "sim/cell_group.hpp"
#include "sim/connection_rules.hpp"
#include "sim/initial_potential.hpp"
#include "sim/neuron_model.hpp"
#include "sim/parameter_variation.hpp"
#include "sim/partition.hpp"
#include "sim/projection.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spikesim {

// Dale's law: every outgoing weight of an excitatory population is >= 0, of an inhibitory
// one <= 0; only a population declared mixed may have both.
enum class Dale { excitatory, inhibitory, mixed };
const char* to_string(Dale dale);

struct PopulationId {
    std::uint32_t index;
};

struct Population {
    std::string name;
    Dale dale;
    std::uint32_t offset; // global id of its first neuron
    std::unique_ptr<CellGroup> group;
    std::uint32_t size() const { return group->size(); }
};

class Network {
  public:
    // `partition`: in a run over several processes, this rank's share (sim/partition.hpp):
    // it keeps only the synapses onto the neurons it owns. Every rank builds the same
    // network in the same order.
    explicit Network(std::uint64_t seed = 1, Partition partition = {})
        : seed_(seed), partition_(partition) {}
    Network(Network&&) = default;
    Network& operator=(Network&&) = default;

    PopulationId add(std::string name, std::unique_ptr<CellGroup> group, Dale dale);

    // A population of `size` neurons of model M. Defined in sim/add_neurons.hpp, which
    // holds the engine's per-model loop; the library instantiates it for its own models
    // (models/*_instance.cpp), so that using those needs only this header.
    // `varying`: parameters with a value per neuron (sim/parameter_variation.hpp).
    template <NeuronModel M>
    PopulationId add_neurons(std::string name, std::uint32_t size, const typename M::Params& params,
                             Dale dale, std::optional<InitialPotential> v0 = std::nullopt,
                             std::vector<double> bias = {},
                             std::vector<ParameterVariation> varying = {});

    // Adds an external Poisson drive to a population of neurons (sim/poisson_drive.hpp).
    void add_drive(PopulationId target, const PoissonDrive& drive);
    // Adds membrane noise to a population of neurons (sim/membrane_noise.hpp): refused,
    // naming the population, unless its model takes kicks of the potential.
    void add_membrane_noise(PopulationId target, const MembraneNoise& noise);

    // Returns the projection's index. An empty name becomes "source->target".
    std::uint32_t connect(PopulationId source, PopulationId target, ConnectionRule rule,
                          SynapseSpec synapse, std::string name = {});

    std::uint64_t seed() const { return seed_; }
    const Partition& partition() const { return partition_; }
    const std::vector<Population>& populations() const { return populations_; }
    std::vector<Population>& populations() { return populations_; }
    const Population& population(PopulationId id) const { return populations_[id.index]; }
    const std::vector<Projection>& projections() const { return projections_; }
    std::optional<PopulationId> find(std::string_view name) const;
    std::uint32_t neuron_count() const;
    // Synapses of the whole network, on every rank (each Projection::synapse_count() is
    // what this rank holds).
    std::size_t synapse_count() const;
    // Synapses of the whole network whose source is in population p.
    std::size_t synapses_from(PopulationId p) const;
    // Smallest and largest synaptic delay over all synapses (+inf and 0 when there are none),
    // widened by the bound of any synaptic jitter: the earliest and latest a spike arrives.
    double min_delay() const;
    double max_delay() const;
    // Makes the deliveries of projection `projection` unreliable (sim/synaptic_noise.hpp).
    // InputError (source "network", key failure or jitter) for a failure outside [0, 1), a
    // jitter not finite or negative, or one whose bound (4 sd) reaches the smallest delay.
    void set_synaptic_noise(std::uint32_t projection, const SynapticNoise& noise);

  private:
    void check_new_population(const std::string& name, std::uint64_t size) const;
    void check_dale(const Projection& p, double written_weight) const;

    std::uint64_t seed_;
    Partition partition_;
    std::vector<Population> populations_;
    std::vector<Projection> projections_;
};

} // namespace spikesim
