#include "sim/network.hpp"

#include "sim/errors.hpp"
#include "sim/projection_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {

const char* to_string(Dale dale) {
    switch (dale) {
    case Dale::excitatory:
        return "excitatory";
    case Dale::inhibitory:
        return "inhibitory";
    case Dale::mixed:
        return "mixed";
    }
    return "?";
}

void Network::check_new_population(const std::string& name, std::uint64_t size) const {
    if (name.empty()) throw InputError("network", "population name", "a non-empty name", "\"\"");
    if (find(name))
        throw InputError("network", "population '" + name + "'", "a name not used before",
                         "a duplicate");
    if (size == 0)
        throw InputError("network", "population '" + name + "': size", "at least 1 neuron", "0");
    if (size + neuron_count() > UINT32_MAX)
        throw InputError("network", "population '" + name + "': size",
                         "at most 4294967295 neurons in the whole network", std::to_string(size));
}

PopulationId Network::add(std::string name, std::unique_ptr<CellGroup> group, Dale dale) {
    check_new_population(name, group->size());
    const std::uint32_t offset = neuron_count();
    populations_.push_back(Population{std::move(name), dale, offset, std::move(group)});
    return PopulationId{static_cast<std::uint32_t>(populations_.size() - 1)};
}

std::uint32_t Network::connect(PopulationId source, PopulationId target, ConnectionRule rule,
                               SynapseSpec synapse, std::string name) {
    const Population& src = populations_.at(source.index);
    const Population& tgt = populations_.at(target.index);
    if (name.empty()) name = src.name + "->" + tgt.name;
    for (const auto& p : projections_)
        if (p.name == name)
            throw InputError("network", "projection '" + name + "'", "a name not used before",
                             "a duplicate");
    if (!tgt.group->receives_input())
        throw InputError("network", "projection '" + name + "': target",
                         "a population that receives input ('" + tgt.name + "' is a " +
                             std::string(tgt.group->model()) + " source)",
                         tgt.name);
    ProjectionRequest request{name,
                              source.index,
                              target.index,
                              src.size(),
                              tgt.size(),
                              source.index == target.index,
                              std::move(rule),
                              synapse};
    Projection p = build_projection(request, seed_);
    check_dale(p);
    projections_.push_back(std::move(p));
    return static_cast<std::uint32_t>(projections_.size() - 1);
}

void Network::check_dale(const Projection& p) const {
    const Population& src = populations_[p.source_population];
    if (src.dale == Dale::mixed) return;
    const bool excitatory = src.dale == Dale::excitatory;
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t j = p.offsets[s]; j < p.offsets[s + 1]; ++j) {
            const float w = p.weight_of(j);
            if (excitatory ? w < 0 : w > 0)
                throw DaleViolation(p.name, src.name, to_string(src.dale), s, p.targets[j], w);
        }
}

std::optional<PopulationId> Network::find(std::string_view name) const {
    for (std::uint32_t i = 0; i < populations_.size(); ++i)
        if (populations_[i].name == name) return PopulationId{i};
    return std::nullopt;
}

std::uint32_t Network::neuron_count() const {
    if (populations_.empty()) return 0;
    return populations_.back().offset + populations_.back().size();
}

std::size_t Network::synapse_count() const {
    std::size_t n = 0;
    for (const auto& p : projections_)
        n += p.synapse_count();
    return n;
}

std::size_t Network::synapses_from(PopulationId id) const {
    std::size_t n = 0;
    for (const auto& p : projections_)
        if (p.source_population == id.index) n += p.synapse_count();
    return n;
}

double Network::min_delay() const {
    // Projections without synapses carry no spikes and do not limit the window.
    double d = std::numeric_limits<double>::infinity();
    for (const auto& p : projections_)
        if (p.synapse_count() > 0) d = std::min(d, p.min_delay());
    return d;
}

double Network::max_delay() const {
    double d = 0.0;
    for (const auto& p : projections_)
        d = std::max(d, p.max_delay());
    return d;
}

} // namespace spikesim
