#pragma once
// The engine's interface to a population: one virtual call per group and window, with
// plain non-virtual loops over neurons inside (sim/neuron_group.hpp, sim/source_group.hpp).
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

// An input arriving at a neuron. Within a window a neuron's events are applied in order of
// (time, weight): a total order on the event's content, so the result cannot depend on the
// order in which threads delivered them.
struct Event {
    double t;             // ms, arrival time (spike time + delay)
    std::uint32_t target; // global id
    float weight;
};

struct EventOrder {
    bool operator()(const Event& a, const Event& b) const {
        if (a.target != b.target) return a.target < b.target;
        if (a.t != b.t) return a.t < b.t;
        return a.weight < b.weight;
    }
};

// Membrane samples of chosen neurons of one group on the grid t_k = k * interval. A sample
// at t_k is right-continuous: it includes inputs arriving at exactly t_k. Each window fills
// rows [first_row, first_row + rows) of the grid into `values` (row-major, one column per
// neuron); the recorder then takes them.
struct MembraneProbe {
    std::vector<std::uint32_t> neurons; // local ids, ascending
    double interval = 0.1;              // ms
    std::uint64_t first_row = 0;
    std::uint32_t rows = 0;
    std::vector<float> values;

    double time_of(std::uint64_t row) const { return static_cast<double>(row) * interval; }
};

struct Window {
    double t0, t1; // the half-open interval [t0, t1)
};

class CellGroup {
  public:
    virtual ~CellGroup() = default;

    virtual std::string_view model() const = 0;
    std::uint32_t size() const { return size_; }
    virtual bool receives_input() const = 0;

    // Draws the initial state; each neuron's randomness comes from its own stream.
    virtual void initialize(std::uint64_t seed, std::string_view population) = 0;

    // Advances local neurons [begin, end) through window w. `events` holds their inputs of
    // this window, sorted by EventOrder (targets are global ids: offset + local id).
    // Spikes go to `out` in the order they are found; the caller sorts.
    virtual void advance_window(Window w, std::uint32_t begin, std::uint32_t end,
                                std::uint32_t offset, std::span<const Event> events,
                                std::vector<Spike>& out) = 0;

    // Per-neuron primitives for the serial event queue used when some delay is zero.
    // next_crossing: exact crossing time if below horizon, otherwise a lower bound.
    virtual double next_crossing(std::uint32_t i, double horizon) const = 0;
    virtual void fire(std::uint32_t i, double t) = 0;
    virtual void receive(std::uint32_t i, double t, float weight) = 0;
    virtual double potential_at(std::uint32_t i, double t) const = 0;

    void set_probe(MembraneProbe* probe) { probe_ = probe; }
    MembraneProbe* probe() const { return probe_; }

  protected:
    explicit CellGroup(std::uint32_t size) : size_(size) {}
    MembraneProbe* probe_ = nullptr;

  private:
    std::uint32_t size_;
};

} // namespace spikesim
