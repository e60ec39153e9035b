#include "sim/network.hpp"

#include "sim/errors.hpp"
#include "sim/memory_budget.hpp"
#include "sim/projection_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

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

namespace {

// Dale's law on the weights as written: a weight of -1e-50 rounds to -0 in float32, which
// the check of the built projection would let through.
void check_dale_as_written(const std::string& projection, const Population& src,
                           const ConnectionRule& rule, const SynapseSpec& spec) {
    if (src.dale == Dale::mixed) return;
    const bool excitatory = src.dale == Dale::excitatory;
    auto breaks = [&](double w) { return excitatory ? w < 0 : w > 0; };
    auto violation = [&](std::uint32_t s, std::uint32_t t, double w) {
        return DaleViolation(projection, src.name, to_string(src.dale), s, t, w);
    };
    if (const auto* list = std::get_if<SynapseList>(&rule)) {
        for (const auto& e : list->synapses)
            if (breaks(e.weight)) throw violation(e.source, e.target, e.weight);
    } else if (const auto* m = std::get_if<DenseWeights>(&rule)) {
        for (std::size_t k = 0; k < m->w.size(); ++k)
            if (breaks(m->w[k]) && m->cols > 0)
                throw violation(std::uint32_t(k % m->cols), std::uint32_t(k / m->cols), m->w[k]);
    }
    // A distribution must not be able to give a weight of the wrong sign, whatever it draws.
    if (const auto& d = spec.weight_distribution; d && (excitatory ? d->min() < 0 : d->max() > 0))
        throw InputError("network", "projection '" + projection + "': weight",
                         std::string("a distribution of weights ") +
                             (excitatory ? ">= 0" : "<= 0") + " because source population '" +
                             src.name + "' is " + to_string(src.dale) +
                             " (Dale's law; bound it: " + (excitatory ? "low = 0" : "high = 0") +
                             ", with bounds clip or redraw)",
                         d->describe());
    // a single weight is checked on the built projection (check_dale)
}

// An upper estimate of the memory the projection's synapses take (sim/projection.hpp):
// targets, and weights and delays when they are per synapse, plus the row offsets.
double synapse_bytes(const ConnectionRule& rule, const SynapseSpec& spec, std::uint32_t n_source,
                     std::uint32_t n_target) {
    const double ns = n_source, nt = n_target;
    double synapses = 0, per_synapse = 4;
    if (spec.weight_distribution) per_synapse += 4;
    if (spec.delay_distribution) per_synapse += 8;
    std::visit(
        [&](const auto& r) {
            using R = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<R, OneToOne>) synapses = std::min(ns, nt);
            if constexpr (std::is_same_v<R, AllToAll>) synapses = ns * nt;
            if constexpr (std::is_same_v<R, FixedProbability>) // the mean and 6 sd
                synapses = r.p * ns * nt + 6 * std::sqrt(r.p * (1 - r.p) * ns * nt);
            if constexpr (std::is_same_v<R, FixedInDegree>) synapses = double(r.k) * nt;
            if constexpr (std::is_same_v<R, FixedOutDegree>) synapses = double(r.k) * ns;
            if constexpr (std::is_same_v<R, FixedTotalNumber>) synapses = double(r.n);
            if constexpr (std::is_same_v<R, SynapseList>) {
                synapses = double(r.synapses.size());
                per_synapse = 4 + 4 + 8 + sizeof(ExplicitSynapse); // and the sorted copy
            }
            if constexpr (std::is_same_v<R, DenseWeights>) {
                synapses = double(r.w.size());
                per_synapse = 4 + 4 + sizeof(ExplicitSynapse);
            }
        },
        rule);
    return synapses * per_synapse + 8 * (ns + 1);
}

} // namespace

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
    group->own_block(partition_.first(group->size()), partition_.end(group->size()));
    populations_.push_back(Population{std::move(name), dale, offset, std::move(group)});
    return PopulationId{static_cast<std::uint32_t>(populations_.size() - 1)};
}

void Network::add_drive(PopulationId target, const PoissonDrive& drive) {
    Population& p = populations_.at(target.index);
    p.group->add_drive(drive, "drive of population '" + p.name + "'");
}

void Network::add_membrane_noise(PopulationId target, const MembraneNoise& noise) {
    Population& p = populations_.at(target.index);
    p.group->add_membrane_noise(noise, "membrane noise of population '" + p.name + "'");
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
    check_dale_as_written(name, src, rule, synapse);
    // This rank's share of the synapses, and offsets for every source.
    const double share = 1.0 / partition_.ranks;
    require_memory(synapse_bytes(rule, synapse, src.size(), tgt.size()) * share + 8.0 * src.size(),
                   "the synapses of projection '" + name + "'", "network",
                   "projection '" + name + "'");
    ProjectionRequest request{name,
                              source.index,
                              target.index,
                              src.size(),
                              tgt.size(),
                              source.index == target.index,
                              std::move(rule),
                              synapse,
                              partition_};
    Projection p = build_projection(request, seed_);
    check_dale(p, synapse.weight);
    projections_.push_back(std::move(p));
    return static_cast<std::uint32_t>(projections_.size() - 1);
}

void Network::check_dale(const Projection& p, double written_weight) const {
    const Population& src = populations_[p.source_population];
    if (src.dale == Dale::mixed) return;
    const bool excitatory = src.dale == Dale::excitatory;
    auto breaks = [&](double w) { return excitatory ? w < 0 : w > 0; };
    if (p.uniform_weight() && !breaks(written_weight)) return;
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t j = p.offsets[s]; j < p.offsets[s + 1]; ++j) {
            // The weight as written where all synapses share it: its float32 may round a
            // tiny wrong-signed value to -0 or 0.
            const double w = p.uniform_weight() ? written_weight : p.weight_of(j);
            if (breaks(w))
                throw DaleViolation(p.name, src.name, to_string(src.dale), s,
                                    p.first_target + p.targets[j], w);
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
        n += p.whole_synapses;
    return n;
}

std::size_t Network::synapses_from(PopulationId id) const {
    std::size_t n = 0;
    for (const auto& p : projections_)
        if (p.source_population == id.index) n += p.whole_synapses;
    return n;
}

double Network::min_delay() const {
    // Projections without synapses carry no spikes and do not limit the window.
    double d = std::numeric_limits<double>::infinity();
    for (const auto& p : projections_)
        if (p.whole_synapses > 0) d = std::min(d, p.earliest_arrival());
    return d;
}

double Network::max_delay() const {
    double d = 0.0;
    for (const auto& p : projections_)
        d = std::max(d, p.latest_arrival());
    return d;
}

void Network::set_synaptic_noise(std::uint32_t projection, const SynapticNoise& noise) {
    Projection& p = projections_.at(projection);
    if (!(noise.failure >= 0 && noise.failure < 1))
        throw InputError("network", "failure", "a probability in [0, 1)",
                         format_number(noise.failure));
    if (!std::isfinite(noise.jitter) || noise.jitter < 0)
        throw InputError("network", "jitter", "a finite number >= 0 (ms)",
                         format_number(noise.jitter));
    if (noise.jitter > 0 && !(noise.bound() < p.min_delay()))
        throw InputError("network", "jitter",
                         "below a quarter of the smallest delay of projection '" + p.name + "' (" +
                             format_number(p.min_delay()) +
                             " ms): a delivery must arrive after its spike",
                         format_number(noise.jitter));
    p.noise = noise;
    p.noise_purpose = purpose_of("synaptic_noise:" + p.name);
}

} // namespace spikesim
