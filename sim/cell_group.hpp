#pragma once
// The engine's interface to a population: virtual calls per shard and window, and per
// shard and row of inputs, with plain non-virtual loops over neurons inside
// (sim/neuron_group.hpp, sim/source_group.hpp).
#include "sim/poisson_drive.hpp"
#include "sim/recording_sink.hpp"
#include "sim/window_grid.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spikesim {

struct Spike {
    double t;          // ms, exact
    std::uint32_t gid; // global neuron id (population offset + local id)
};

// The inputs of one presynaptic spike at time t to some neurons of one shard: local ids
// (CellGroup::owned), ascending, and their weights.
struct InputRow {
    double t;
    const std::uint32_t* targets;
    const float* weights; // one per target, or null when all take `weight`
    float weight;
    std::uint32_t count;
};

// Samples of a state variable (the membrane potential unless chosen otherwise) of chosen
// neurons of one group on the grid t_k = k * interval. A sample
// at t_k is right-continuous: it includes inputs arriving at exactly t_k. Each window fills
// rows [first_row, first_row + rows) of the grid into `values` (row-major, one column per
// neuron); the recorder then takes them.
struct MembraneProbe {
    std::vector<std::uint32_t> neurons; // ids in the population, ascending
    double interval = 0.1;              // ms
    std::uint64_t first_row = 0;
    std::uint32_t rows = 0;
    std::vector<float> values;
    std::size_t variable = 0; // which of the group's state_variables()

    double time_of(std::uint64_t row) const { return static_cast<double>(row) * interval; }
};

struct Window {
    double t0, t1; // the half-open interval [t0, t1)
};

// One window of the windowed loop: [t0, t1) lies inside grid window `index` (t0 is later
// than its start when a run began inside it, t1 earlier when a run ends inside it).
struct GridWindow {
    std::uint64_t index;
    double t0, t1;
};

class CellGroup {
  public:
    virtual ~CellGroup() = default;

    virtual std::string_view model() const = 0;
    // Neurons in the population.
    std::uint32_t size() const { return size_; }
    // The neurons this process advances, [first_owned(), first_owned() + owned()) of the
    // population: all of them in one process, a block of them on a rank of several
    // (sim/partition.hpp; Network::add assigns it). A group keeps the state of these alone,
    // and everything below takes its index within the block, local index i being neuron
    // first_owned() + i of the population; random streams are keyed by the latter.
    void own_block(std::uint32_t first, std::uint32_t end) {
        first_owned_ = first;
        owned_ = end - first;
        on_own_block();
    }
    std::uint32_t first_owned() const { return first_owned_; }
    std::uint32_t owned() const { return owned_; }
    virtual bool receives_input() const = 0;
    // The most spikes per second a neuron of a source group sends, for the engine's memory
    // estimate (0 for neurons, whose rate follows their input).
    virtual double expected_rate_hz() const { return 0.0; }

    // Draws the initial state of the neurons owned; each neuron's randomness comes from its
    // own stream.
    virtual void initialize(std::uint64_t seed, std::string_view population) = 0;

    // The windowed loop. The neurons owned are split into shards, [bounds[s], bounds[s+1])
    // in local ids, that advance in parallel; `first` is the window the loop starts with,
    // and `gid_offset` the global id of local neuron 0.
    void prepare_windows(const WindowGrid& grid, std::vector<std::uint32_t> bounds,
                         std::uint32_t gid_offset, std::uint64_t first) {
        grid_ = grid;
        shard_bounds_ = std::move(bounds);
        gid_offset_ = gid_offset;
        on_prepare_windows(first);
    }
    std::size_t shard_count() const { return shard_bounds_.size() - 1; }
    std::uint32_t shard_begin(std::size_t s) const { return shard_bounds_[s]; }
    std::uint32_t shard_end(std::size_t s) const { return shard_bounds_[s + 1]; }

    // Starts window w for a shard, before its inputs.
    virtual void begin_window(std::size_t shard, const GridWindow& w) = 0;
    // A window's inputs to shard `shard`: rows in one global order of (time, source,
    // projection), the same for every shard layout, so each neuron sees its inputs in the
    // same order whatever the thread count. Crossings that come first fire into `out`.
    virtual void deliver(std::size_t shard, const GridWindow& w, std::span<const InputRow> rows,
                         std::vector<Spike>& out) = 0;
    // Ends window w for a shard after its inputs: every spike before w.t1 goes to `out`
    // (in the order found; the caller sorts).
    virtual void finish_window(std::size_t shard, const GridWindow& w, std::vector<Spike>& out) = 0;

    // Per-neuron primitives for the serial event queue used when some delay is zero.
    // next_crossing: exact crossing time if below horizon, otherwise a lower bound.
    virtual double next_crossing(std::uint32_t i, double horizon) const = 0;
    virtual void fire(std::uint32_t i, double t) = 0;
    virtual void receive(std::uint32_t i, double t, float weight) = 0;
    // A kick of membrane noise (sim/membrane_noise.hpp): the potential jumps by dv.
    virtual void kick(std::uint32_t i, double t, float dv);
    virtual double potential_at(std::uint32_t i, double t) const = 0;
    // State variable k (an index of state_variables()) of neuron i at time t.
    virtual double value_at(std::uint32_t i, double t, std::size_t k) const = 0;
    // What a report can sample, the membrane potential first (models/*: variable_names).
    virtual std::vector<ReportVariable> state_variables() const { return {ReportVariable{}}; }

    // An external Poisson drive (sim/poisson_drive.hpp); groups that take no input refuse it.
    virtual void add_drive(const PoissonDrive& drive, std::string_view where);
    // Membrane noise (sim/membrane_noise.hpp); refused by groups whose model has no kick.
    virtual void add_membrane_noise(const MembraneNoise& noise, std::string_view where);
    // The group's drives, or null when it has none (for the serial queue and statistics).
    virtual DriveSchedule* drive() { return nullptr; }
    const DriveSchedule* drive() const { return const_cast<CellGroup*>(this)->drive(); }

    virtual void set_probe(MembraneProbe* probe) { probe_ = probe; }
    MembraneProbe* probe() const { return probe_; }

  protected:
    explicit CellGroup(std::uint32_t size) : size_(size), owned_(size) {}
    virtual void on_prepare_windows(std::uint64_t first) = 0;
    // The block owned is known: keep only what concerns it.
    virtual void on_own_block() {}
    std::uint32_t gid(std::uint32_t local) const { return gid_offset_ + local; }

    MembraneProbe* probe_ = nullptr;
    WindowGrid grid_;

  private:
    std::uint32_t size_;
    std::uint32_t first_owned_ = 0, owned_;
    std::vector<std::uint32_t> shard_bounds_{0, 0};
    std::uint32_t gid_offset_ = 0;
};

} // namespace spikesim
