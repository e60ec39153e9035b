#include "sim/monitors.hpp"

namespace spikesim {

void SpikeMonitor::attach(RecordingSink* sink) {
    sink_ = sink;
    if (sink_) sink_->declare_spikes(population_, nodes_);
}

void SpikeMonitor::flush(bool force) {
    if (!sink_ || times_.empty() || (!force && times_.size() < block)) return;
    sink_->write_spikes(population_, times_, node_ids_);
    times_.clear();
    node_ids_.clear();
}

MembraneMonitor::MembraneMonitor(std::string population, const CellGroup* group,
                                 std::vector<std::uint32_t> neurons, double interval,
                                 std::size_t variable)
    : population_(std::move(population)), group_(group) {
    probe_.neurons = std::move(neurons);
    probe_.interval = interval;
    probe_.variable = variable;
    variable_ = group->state_variables().at(variable);
}

void SpikeMonitor::select(const std::vector<std::uint32_t>& neurons) {
    selection_ = neurons;
    selected_.assign(neurons.empty() ? 0 : nodes_, 0);
    for (const auto id : neurons)
        selected_[id] = 1;
}

void MembraneMonitor::collect() {
    const std::size_t n = probe_.rows * probe_.neurons.size();
    values_.insert(values_.end(), probe_.values.begin(),
                   probe_.values.begin() + static_cast<std::ptrdiff_t>(n));
    rows_ += probe_.rows;
    probe_.rows = 0;
}

void MembraneMonitor::pass_over() {
    rows_ += probe_.rows;
    probe_.rows = 0;
}

void MembraneMonitor::attach(RecordingSink* sink) {
    sink_ = sink;
    if (sink_) sink_->declare_report(population_, probe_.neurons, probe_.interval, variable_);
}

void MembraneMonitor::flush(bool force) {
    constexpr std::size_t block = 1 << 16;
    if (!sink_ || values_.empty() || (!force && values_.size() < block)) return;
    sink_->write_report(population_, values_);
    values_.clear();
}

} // namespace spikesim
