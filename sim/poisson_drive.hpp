#pragma once
// External Poisson drive of a population (Brian2's PoissonInput, NEST's poisson_generator
// wired one-to-one): every neuron receives its own independent Poisson train, with no
// source population and no synapses. `inputs` independent trains of rate ν are one Poisson
// process of rate inputs·ν, and several drives of one population are one process of the
// summed rate whose events take drive k's weight with probability rate_k / sum: so each
// neuron keeps one next event time, drawn exactly (exponential intervals), from the stream
// keyed by (seed, "drive:<population>", neuron): its k-th number is the same whatever
// thread draws it and whenever. Membrane noise (sim/membrane_noise.hpp) joins the same
// process as two more drives whose events kick the potential instead of arriving as inputs.
#include "sim/membrane_noise.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace spikesim {

struct PoissonDrive {
    double rate_hz = 0.0;     // of each input
    std::uint32_t inputs = 1; // independent inputs of that rate
    double weight = 0.0;      // of each event, as a synaptic weight of the target's model
    void validate(std::string_view where) const;
};

// One event of a drive: a synaptic input of `weight`, or a kick of the potential by it.
struct DriveEvent {
    float weight;
    bool kick;
};

// The drives of one population and each neuron's next drive event.
class DriveSchedule {
  public:
    bool empty() const { return weights_.empty(); }
    // `where` names the population in errors.
    void add(const PoissonDrive& drive, std::string_view where);
    // Membrane noise: kicks of +a and -a, each at half the noise's kick rate.
    void add(const MembraneNoise& noise, std::string_view where);
    // Draws the first event after time 0 of neurons [first, first + count) of the
    // population, the block this process owns (CellGroup::own_block); below, neuron i is
    // the i-th of the block.
    void initialize(std::uint64_t seed, std::string_view population, std::uint32_t first,
                    std::uint32_t count);

    // The time of neuron i's next drive event (+inf when the drive has rate 0).
    double next(std::uint32_t i) const { return clocks_[i].next; }
    // Starts fetching neuron i's clock, which an input to it reads (next) and may write.
    void prefetch(std::uint32_t i) const { __builtin_prefetch(&clocks_[i], 1); }
    // Neuron i's event at next(i); draws the one after it.
    DriveEvent take(std::uint32_t i) {
        Clock& c = clocks_[i];
        const std::size_t k = weights_.size() == 1 ? 0 : c.kind;
        const DriveEvent e{weights_[k], kicks_[k] != 0};
        ++c.taken;
        draw(i, c.next);
        return e;
    }
    // Events delivered so far, over all neurons.
    std::uint64_t events() const;
    const std::vector<PoissonDrive>& drives() const { return drives_; }

  private:
    // A neuron's next event and the rest of the Philox block its numbers come from: one
    // block gives four numbers, and an event takes one (two when it chooses among drives).
    // One cache line per neuron, which an event touches alone.
    struct alignas(64) Clock {
        double next = 0.0;
        std::uint64_t taken = 0;  // events delivered
        std::uint64_t block = 0;  // the next Philox block of the neuron's stream
        std::uint64_t words[4]{}; // the current block
        std::uint8_t used = 4;    // words of it used
        std::uint8_t kind = 0;    // which drive the next event belongs to
    };
    std::uint64_t next_word(std::uint32_t i);
    void draw(std::uint32_t i, double after);

    std::vector<PoissonDrive> drives_;
    std::vector<float> weights_;
    std::vector<std::uint8_t> kicks_; // per drive: its events kick the potential (1)
    std::vector<double> cumulative_;  // rates per ms, summed over drives 0..k
    std::uint64_t seed_ = 0, purpose_ = 0;
    std::uint32_t first_ = 0; // the block's first neuron, whose stream is keyed by its index
    std::vector<Clock> clocks_;
};

} // namespace spikesim
