#pragma once
// Monitors collect what a population does: spike times, membrane samples. They hold
// records in memory until a sink is attached, then stream to it in blocks, so recording a
// long run needs memory for one block, not for the whole run.
#include "sim/cell_group.hpp"
#include "sim/recording_sink.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

class SpikeMonitor {
  public:
    SpikeMonitor(std::string population, std::uint64_t nodes)
        : population_(std::move(population)), nodes_(nodes) {}

    const std::string& population() const { return population_; }
    // What is held in memory: everything, unless a sink takes the records.
    const std::vector<double>& times() const { return times_; }
    const std::vector<std::uint64_t>& node_ids() const { return node_ids_; }
    std::uint64_t total() const { return total_; }
    std::uint64_t nodes() const { return nodes_; } // the population's size

    // Only these neurons' spikes are kept from now on (ids below nodes()); none: all.
    void select(const std::vector<std::uint32_t>& neurons);
    const std::vector<std::uint32_t>& selection() const { return selection_; }
    void append(double t, std::uint64_t node_id) {
        if (!selected_.empty() && !selected_[node_id]) return;
        times_.push_back(t);
        node_ids_.push_back(node_id);
        ++total_;
    }
    void attach(RecordingSink* sink);
    void flush(bool force); // hands a full block (or, when forced, anything) to the sink

  private:
    static constexpr std::size_t block = 1 << 16;
    std::string population_;
    std::uint64_t nodes_;
    std::vector<double> times_;
    std::vector<std::uint64_t> node_ids_;
    std::uint64_t total_ = 0;
    RecordingSink* sink_ = nullptr;
    std::vector<std::uint32_t> selection_; // sorted ids; empty: all
    std::vector<std::uint8_t> selected_;   // per neuron, when there is a selection
};

class MembraneMonitor {
  public:
    MembraneMonitor(std::string population, const CellGroup* group,
                    std::vector<std::uint32_t> neurons, double interval,
                    std::size_t variable = 0); // an index of group->state_variables()

    const std::string& population() const { return population_; }
    const CellGroup& group() const { return *group_; }
    MembraneProbe& probe() { return probe_; }
    const std::vector<std::uint32_t>& neurons() const { return probe_.neurons; }
    double interval() const { return probe_.interval; }
    const ReportVariable& variable() const { return variable_; }
    // Row-major samples (time x neuron) held in memory.
    const std::vector<float>& values() const { return values_; }
    std::uint64_t rows() const { return rows_; }
    double value(std::uint64_t row, std::size_t column) const {
        return values_[row * probe_.neurons.size() + column];
    }

    // Takes the probe's rows of the window just simulated.
    void collect();
    // Counts them without keeping them: on ranks other than 0, whose samples went to it.
    void pass_over();
    void attach(RecordingSink* sink);
    void flush(bool force);

  private:
    std::string population_;
    const CellGroup* group_;
    MembraneProbe probe_;
    ReportVariable variable_;
    std::vector<float> values_;
    std::uint64_t rows_ = 0;
    RecordingSink* sink_ = nullptr;
};

} // namespace spikesim
