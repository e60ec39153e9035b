// Network.connect_arrays: explicit connectivity from NumPy arrays, checked entry by entry
// (shapes, dtypes, ids within the populations, finite weights and delays) and handed to
// the engine as one SynapseList, without a Python object per synapse.
#include "arrays.hpp"
#include "bindings.hpp"

#include <pybind11/numpy.h>

#include <cmath>

namespace spikesim::python {
namespace {

// pre or post: a 1-D integer array of ids below `size`.
std::vector<std::uint32_t> neuron_ids(py::handle v, std::uint32_t size, const std::string& pop,
                                      const std::string& source, const std::string& key) {
    const py::array a = as_numpy(v);
    const char kind = a.dtype().kind();
    if (a.ndim() != 1 || (kind != 'i' && kind != 'u'))
        throw InputError(source, key, "a 1-D array of integer neuron ids", describe_array(a));
    const auto ids = py::array_t<std::int64_t, py::array::forcecast>(a).unchecked<1>();
    std::vector<std::uint32_t> out(std::size_t(ids.shape(0)));
    for (py::ssize_t i = 0; i < ids.shape(0); ++i) {
        if (ids(i) < 0 || ids(i) >= std::int64_t(size))
            throw InputError(source, key + "[" + std::to_string(i) + "]",
                             "a neuron id from 0 to " + std::to_string(size - 1) + " (" +
                                 quoted(pop) + " has " + std::to_string(size) + " neurons)",
                             std::to_string(ids(i)));
        out[std::size_t(i)] = std::uint32_t(ids(i));
    }
    return out;
}

// weight or delay: one number for every synapse, or a 1-D array of n numbers.
std::vector<double> per_synapse(py::handle v, std::size_t n, const std::string& source,
                                const std::string& key, bool& scalar) {
    const py::array a = as_numpy(v);
    const char kind = a.dtype().kind();
    if (kind != 'f' && kind != 'i' && kind != 'u')
        throw InputError(source, key, "a number or a 1-D array of numbers", describe_array(a));
    scalar = a.ndim() == 0;
    if (!scalar && (a.ndim() != 1 || std::size_t(a.shape(0)) != n))
        throw InputError(source, key,
                         "a number or a 1-D array of " + std::to_string(n) +
                             " numbers (one per synapse, as pre and post)",
                         describe_array(a));
    const auto x = py::array_t<double, py::array::forcecast>(a);
    std::vector<double> out(x.data(), x.data() + x.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!std::isfinite(out[i]))
            throw InputError(source, scalar ? key : key + "[" + std::to_string(i) + "]",
                             "a finite number", format_number(out[i]));
    return out;
}

} // namespace

std::string connect_arrays(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& src,
                           const PopulationHandle& tgt, py::handle pre, py::handle post,
                           py::handle weight, py::handle delay, py::object name) {
    const std::string source = "connect_arrays(" + quoted(src.population().name) + " -> " +
                               quoted(tgt.population().name) + ")";
    require_open(*h, source);
    require_member(h, src, source, "source");
    require_member(h, tgt, source, "target");
    const auto pre_ids =
        neuron_ids(pre, src.population().size(), src.population().name, source, "pre");
    const auto post_ids =
        neuron_ids(post, tgt.population().size(), tgt.population().name, source, "post");
    if (pre_ids.size() != post_ids.size())
        throw InputError(source, "post",
                         "as many entries as pre (" + std::to_string(pre_ids.size()) + ")",
                         std::to_string(post_ids.size()));
    bool one_weight = false, one_delay = false;
    const auto w = per_synapse(weight, pre_ids.size(), source, "weight", one_weight);
    const auto d = per_synapse(delay, pre_ids.size(), source, "delay", one_delay);
    for (std::size_t i = 0; i < d.size(); ++i)
        if (d[i] < 0)
            throw InputError(source, one_delay ? "delay" : "delay[" + std::to_string(i) + "]",
                             "a number >= 0 (ms)", format_number(d[i]));
    SynapseList list;
    list.synapses.resize(pre_ids.size());
    for (std::size_t i = 0; i < pre_ids.size(); ++i)
        list.synapses[i] = {pre_ids[i], post_ids[i], one_weight ? w[0] : w[i],
                            one_delay ? std::nan("") : d[i]};
    // Every synapse carries its own delay unless one delay is given for all.
    const SynapseSpec spec{0.0, one_delay ? d[0] : (d.empty() ? 0.0 : d[0])};
    const std::string projection =
        name.is_none() ? std::string() : py::str(name).cast<std::string>();
    try {
        const std::uint32_t index =
            h->net->connect(src.id, tgt.id, std::move(list), spec, projection);
        return h->net->projections()[index].name;
    } catch (const DaleViolation& e) {
        throw e.attributed(source, "weight (" + e.key() + ")", std::nullopt);
    } catch (const InputError& e) {
        throw e.with_source(source, std::nullopt);
    }
}

} // namespace spikesim::python
