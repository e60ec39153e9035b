#pragma once
// Spike sources: populations that emit spikes of their own and take no input.
//   SpikeGeneratorGroup  explicit spike times per neuron
//   RegularGroup         t_k = start + k * interval (computed, not accumulated)
//   PoissonGroup         exact exponential inter-spike intervals from per-neuron streams
#include "sim/cell_group.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace spikesim {

class SourceGroup : public CellGroup {
  public:
    bool receives_input() const override { return false; }
    void begin_window(std::size_t, const GridWindow&) override {}
    void deliver(std::size_t, const GridWindow&, std::span<const InputRow>,
                 std::vector<Spike>&) override {}
    void finish_window(std::size_t shard, const GridWindow& w, std::vector<Spike>& out) override {
        emit_before(w.t1, shard_begin(shard), shard_end(shard), out);
    }
    // Every spike of neurons [begin, end) before t1 not yet emitted goes to `out`.
    void emit_before(double t1, std::uint32_t begin, std::uint32_t end, std::vector<Spike>& out);

    // Sources never cross a threshold and never receive; the serial queue takes their
    // spikes through emit_before.
    double next_crossing(std::uint32_t, double) const override {
        return std::numeric_limits<double>::infinity();
    }
    void fire(std::uint32_t, double) override {}
    void receive(std::uint32_t, double, float) override {}
    double potential_at(std::uint32_t, double) const override {
        return std::numeric_limits<double>::quiet_NaN();
    }
    double value_at(std::uint32_t, double, std::size_t) const override {
        return std::numeric_limits<double>::quiet_NaN();
    }

  protected:
    using CellGroup::CellGroup;
    void on_prepare_windows(std::uint64_t) override {}
    // The next spike time of neuron i at or after its current position (inf when done),
    // and the step past it.
    virtual double peek(std::uint32_t i) const = 0;
    virtual void pop(std::uint32_t i) = 0;
};

class SpikeGeneratorGroup final : public SourceGroup {
  public:
    // times[i]: the spike times of neuron i, ms, finite and >= 0 (sorted here).
    SpikeGeneratorGroup(std::vector<std::vector<double>> times, std::string_view where);
    std::string_view model() const override { return "spike_generator"; }
    void initialize(std::uint64_t, std::string_view) override;

  private:
    double peek(std::uint32_t i) const override;
    void pop(std::uint32_t i) override { ++cursor_[i]; }
    std::vector<std::uint64_t> offsets_;
    std::vector<double> times_;
    std::vector<std::uint64_t> cursor_;
};

class RegularGroup final : public SourceGroup {
  public:
    RegularGroup(std::uint32_t size, double interval, double start, double stop,
                 std::string_view where);
    std::string_view model() const override { return "regular"; }
    double expected_rate_hz() const override { return 1000.0 / interval_; }
    void initialize(std::uint64_t, std::string_view) override;

  private:
    double peek(std::uint32_t i) const override;
    void pop(std::uint32_t i) override { ++count_[i]; }
    double interval_, start_, stop_;
    std::vector<std::uint64_t> count_;
};

// Rates of a Poisson population: one for all neurons or one per neuron (per_neuron), or a
// rate that changes with time, piecewise constant (rates[k] from times[k] until times[k + 1],
// the last until stop; none before times[0]), the same for every neuron.
struct PoissonRates {
    std::vector<double> per_neuron; // Hz: 1 value (every neuron) or one per neuron
    std::vector<double> times;      // ms, ascending, from 0; empty: constant in time
    std::vector<double> rates;      // Hz, one per time
};

class PoissonGroup final : public SourceGroup {
  public:
    PoissonGroup(std::uint32_t size, double rate_hz, double start, double stop,
                 std::string_view where)
        : PoissonGroup(size, PoissonRates{{rate_hz}, {}, {}}, start, stop, where) {}
    // Intervals are exact: exponential in the integrated rate, inverted segment by segment.
    PoissonGroup(std::uint32_t size, PoissonRates rates, double start, double stop,
                 std::string_view where);
    std::string_view model() const override { return "poisson"; }
    double expected_rate_hz() const override { return mean_rate_hz_; }
    void initialize(std::uint64_t seed, std::string_view population) override;

  private:
    double peek(std::uint32_t i) const override { return next_[i] < stop_ ? next_[i] : stop_inf(); }
    void pop(std::uint32_t i) override;
    static double stop_inf() { return std::numeric_limits<double>::infinity(); }
    double rate_of(std::uint32_t i) const {
        return r_.per_neuron.size() == 1 ? r_.per_neuron[0] : r_.per_neuron[first_owned() + i];
    }
    // The next spike of neuron i after time t: one exponential draw of unit mass.
    double next_after(std::uint32_t i, double t);

    PoissonRates r_;
    double start_, stop_, mean_rate_hz_ = 0;
    std::uint64_t seed_ = 0, purpose_ = 0;
    std::vector<double> next_;
    std::vector<std::uint64_t> draws_;
    std::vector<std::uint32_t> segment_; // the profile's segment of next_ (time-varying)
};

} // namespace spikesim
