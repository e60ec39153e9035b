// The command line's experiments as functions of spikesim.experiments (the Python file
// wraps these): options as keyword arguments with the names of the config keys and the
// fields of each experiment's options, results as dictionaries of NumPy arrays.
#include "arrays.hpp"
#include "bindings.hpp"
#include "keywords.hpp"

#include "experiments/anatomy.hpp"
#include "experiments/coba.hpp"
#include "experiments/coding.hpp"
#include "experiments/cuba.hpp"
#include "experiments/dale_native.hpp"
#include "experiments/kv_dale.hpp"
#include "experiments/kv_experiment.hpp"
#include "experiments/two_input.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace spikesim::python {
namespace {

// Runs `f` with the GIL released; an InputError of the experiment's options (source
// `options`) is reported against the Python function.
template <class F> auto run_released(const std::string& options, const std::string& function, F f) {
    try {
        py::gil_scoped_release release;
        return f();
    } catch (const InputError& e) {
        if (e.source() == options && !dynamic_cast<const DaleViolation*>(&e))
            throw e.with_source(function, std::nullopt);
        throw;
    }
}

std::shared_ptr<NetworkHandle> handle_of(Network&& net) {
    auto h = std::make_shared<NetworkHandle>(net.seed());
    *h->net = std::move(net);
    return h;
}

std::shared_ptr<NetworkHandle> cuba_network(py::kwargs kw) {
    CubaOptions o;
    Keywords k(kw, "experiments.cuba");
    k.whole("neurons", o.neurons, 1);
    k.number("inputs_per_neuron", o.inputs_per_neuron);
    k.number("delay", o.delay);
    k.whole("seed", o.seed);
    k.finish();
    return handle_of(run_released("cuba", "experiments.cuba", [&] { return build_cuba(o); }));
}

std::shared_ptr<NetworkHandle> coba_network(py::kwargs kw) {
    CobaOptions o;
    Keywords k(kw, "experiments.coba");
    k.whole("neurons", o.neurons, 1);
    k.number("inputs_per_neuron", o.inputs_per_neuron);
    k.number("delay", o.delay);
    k.number("kick_rate_hz", o.kick_rate_hz);
    k.number("kick_weight", o.kick_weight);
    k.number("kick_duration", o.kick_duration);
    k.whole("seed", o.seed);
    k.finish();
    return handle_of(run_released("coba", "experiments.coba", [&] { return build_coba(o); }));
}

py::dict two_input(py::kwargs kw) {
    TwoInputOptions o;
    Keywords k(kw, "experiments.two_input");
    for (const auto& n : two_input_numbers)
        k.number(n.key, o.params.*n.field);
    k.whole("spikes", o.params.spikes, 1, 1000000);
    k.whole("trials", o.params.trials, 1, 1000000);
    k.whole("seed", o.params.seed);
    k.boolean("sweep", o.sweep);
    k.wholes("sweep_spikes", o.sweep_spikes);
    k.numbers("sweep_tau_m", o.sweep_tau_m);
    InputTrains custom;
    k.numbers("times_a", custom.a);
    k.numbers("times_b", custom.b);
    const bool has_a = !k.take("times_a").is_none(), has_b = !k.take("times_b").is_none();
    if (has_a != has_b)
        throw InputError(k.source(), has_a ? "times_b" : "times_a",
                         "input B's and A's trains given together (an empty list for none)",
                         "None");
    if (has_a) o.params.custom = std::move(custom);
    k.finish();
    const TwoInputResult r =
        run_released("two_input", "experiments.two_input", [&] { return run_two_input(o); });
    py::dict conditions;
    for (const auto& c : r.conditions) {
        py::list trials;
        for (const auto& t : c.trials) {
            py::dict d;
            d["input_a"] = copy_to_numpy(t.inputs.a);
            d["input_b"] = copy_to_numpy(t.inputs.b);
            d["output"] = copy_to_numpy(t.output);
            d["trace"] = copy_to_numpy(t.trace);
            d["peak"] = t.peak;
            trials.append(d);
        }
        py::dict d;
        d["trials"] = trials;
        d["mean_output_spikes"] = c.mean_output_spikes();
        d["mean_peak"] = c.mean_peak();
        conditions[to_string(c.condition)] = d;
    }
    py::dict out;
    out["conditions"] = conditions;
    out["record_interval"] = r.params.record_interval;
    if (r.sweep) {
        const auto shape = [&](const std::vector<double>& v) {
            return copy_to_numpy(v).reshape(
                {py::ssize_t(r.sweep->tau_m.size()), py::ssize_t(r.sweep->spikes.size())});
        };
        py::dict s;
        s["spikes"] = copy_to_numpy(r.sweep->spikes);
        s["tau_m"] = copy_to_numpy(r.sweep->tau_m);
        s["effect"] = shape(r.sweep->effect);
        s["uniform_spikes"] = shape(r.sweep->uniform_spikes);
        s["early_late_spikes"] = shape(r.sweep->early_late_spikes);
        out["sweep"] = s;
    }
    return out;
}

py::dict mode_dict(const ModeResult& m) {
    py::dict d;
    d["name"] = m.name;
    d["accuracy"] = m.accuracy;
    d["agreement_with_ann"] = m.agreement_with_ann;
    d["spikes_per_neuron"] = m.spikes_per_neuron;
    d["synops_per_sample"] = m.synops_per_sample;
    d["energy_pj"] = m.energy_pj;
    d["latency_ms"] = m.latency_ms;
    d["stable_ms"] = m.stable_ms;
    d["undecided"] = m.undecided;
    d["neurons"] = m.neurons;
    d["synapses"] = m.synapses;
    d["times"] = copy_to_numpy(m.times);
    d["accuracy_at"] = copy_to_numpy(m.accuracy_at);
    d["synops_at"] = copy_to_numpy(m.synops_at);
    return d;
}

py::list layers_of(const DenseNetwork& ann) {
    py::list layers;
    for (const auto& l : ann.layers())
        layers.append(py::make_tuple(Eigen::MatrixXd(l.w), Eigen::VectorXd(l.b),
                                     l.f == Activation::identity ? "linear" : to_string(l.f)));
    return layers;
}

// coding(dale="native"): the rows of the Dale-native comparison.
py::dict dale_native(const CodingOptions& o, const DaleNativeOptions& native) {
    const DaleNativeResult r =
        run_released("coding", "experiments.coding", [&] { return run_dale_native(o, native); });
    py::list rows;
    for (const DaleRow& row : r.rows) {
        py::dict d;
        d["name"] = row.name;
        d["inhibitory_fraction"] = row.inhibitory_fraction;
        d["train_loss"] = row.train_loss;
        d["ann_accuracy"] = row.ann;
        d["rate_accuracy"] = row.rate;
        d["ttfs_accuracy"] = row.ttfs;
        d["synapses"] = row.synapses;
        d["rate_synops"] = row.rate_synops;
        d["ttfs_synops"] = row.ttfs_synops;
        d["violations"] = row.violations;
        d["layers"] = layers_of(row.network);
        rows.append(d);
    }
    py::dict out;
    out["rows"] = rows;
    out["preferred"] = r.preferred;
    return out;
}

py::dict coding(py::kwargs kw) {
    CodingOptions o;
    Keywords k(kw, "experiments.coding");
    k.text("mode", o.mode);
    k.text("dale", o.dale);
    k.wholes("hidden", o.hidden);
    k.whole("epochs", o.train.epochs, 1, 100000);
    k.whole("batch", o.train.batch, 1, 1000000);
    k.number("learning_rate", o.train.learning_rate);
    k.number("weight_decay", o.train.weight_decay);
    k.whole("train_seed", o.train.seed);
    k.whole("split_seed", o.split_seed);
    k.whole("samples", o.samples, 0, 1000000000);
    if (auto w = k.take("weights"); !w.is_none()) o.weights = py::str(w).cast<std::string>();
    read_conversion_options(k, o.conversion);
    DaleNativeOptions native;
    k.numbers("inhibitory_fractions", native.inhibitory_fractions);
    k.boolean("off_inputs", native.on_off_inputs);
    k.finish();
    if (o.dale == "native") return dale_native(o, native);
    const CodingResult r =
        run_released("coding", "experiments.coding", [&] { return run_coding(o); });
    py::dict out;
    py::list modes;
    for (const auto& m : r.modes)
        modes.append(mode_dict(m));
    out["modes"] = modes;
    out["layers"] = layers_of(r.ann);
    out["loaded"] = r.loaded;
    out["train_seconds"] = r.train_seconds;
    out["train_samples"] = r.train_samples;
    out["test_samples"] = r.test_samples;
    return out;
}

// kv(dale="native"): the split and native rows of the key-value block's Dale comparison.
py::dict kv_dale(const KvExperimentOptions& o) {
    const KvDaleResult r = run_released("kv", "experiments.kv", [&] { return run_kv_dale(o); });
    py::list rows;
    for (const KvDaleRow& row : r.rows) {
        py::dict d;
        d["name"] = row.name;
        d["neurons"] = row.neurons;
        d["inhibitory_neurons"] = row.inhibitory_neurons;
        d["synapses"] = row.synapses;
        d["rate_recall"] = row.rate_recall;
        d["ttfs_recall"] = row.ttfs_recall;
        d["rate_cosine"] = row.rate_cosine;
        d["ttfs_cosine"] = row.ttfs_cosine;
        d["rate_synops"] = row.rate_synops;
        d["ttfs_synops"] = row.ttfs_synops;
        rows.append(d);
    }
    py::dict out;
    out["rows"] = rows;
    out["ann_recall"] = r.ann_recall;
    out["ann_macs"] = r.ann_macs;
    return out;
}

py::dict kv(py::kwargs kw) {
    KvExperimentOptions o;
    Keywords k(kw, "experiments.kv");
    k.whole("d", o.kv.d, 1, 100000);
    k.whole("d_ff", o.kv.d_ff, 1, 1000000);
    k.whole("memories", o.kv.memories, 1, 1000000);
    k.number("noise", o.kv.noise);
    k.number("threshold", o.kv.threshold);
    k.whole("queries", o.kv.queries, 1, 100000000);
    k.whole("seed", o.kv.seed);
    k.text("mode", o.mode);
    k.text("workload", o.workload);
    k.boolean("sweep", o.sweep);
    k.numbers("sweep_noise", o.sweep_noise);
    k.wholes("sweep_memories", o.sweep_memories);
    k.whole("sweep_queries", o.sweep_queries, 1, 100000000);
    read_conversion_options(k, o.conversion);
    std::string dale = "split";
    k.text("dale", dale);
    k.finish();
    if (dale != "split" && dale != "native")
        throw InputError("experiments.kv", "dale", "\"split\" or \"native\"", "\"" + dale + "\"");
    if (dale == "native") return kv_dale(o);
    const KvExperimentResult r = run_released("kv", "experiments.kv", [&] { return run_kv(o); });
    py::list modes;
    for (const auto& m : r.modes) {
        py::dict d;
        d["name"] = m.name;
        d["recall"] = m.recall;
        d["cosine"] = m.cosine;
        d["relative_l2"] = m.relative_l2;
        d["random_cosine"] = m.random_cosine;
        d["random_relative_l2"] = m.random_relative_l2;
        d["key_correlation"] = m.key_correlation;
        d["synops"] = m.synops;
        d["energy_pj"] = m.energy_pj;
        d["readout_ms"] = m.readout_ms;
        d["spikes_per_neuron"] = m.spikes_per_neuron;
        d["keys"] = m.keys;
        modes.append(d);
    }
    py::dict out;
    out["modes"] = modes;
    out["noise_recall"] = r.noise_recall;
    out["memories_recall"] = r.memories_recall;
    out["sweep_noise"] = o.sweep_noise;
    out["sweep_memories"] = o.sweep_memories;
    return out;
}

py::dict anatomy_dict(const Anatomy& a) {
    py::list modules;
    for (const auto& m : a.modules)
        modules.append(py::make_tuple(m.name, m.neurons, m.synapses));
    py::dict d;
    d["title"] = a.title;
    d["modules"] = modules;
    d["neurons"] = a.neurons();
    d["synapses"] = a.synapses();
    d["notes"] = a.notes;
    return d;
}

py::list anatomy(py::kwargs kw) {
    AnatomyOptions o;
    Keywords k(kw, "experiments.anatomy");
    if (auto p = k.take("preset"); !p.is_none()) {
        if (py::isinstance<py::str>(p))
            o.preset = {p.cast<std::string>()};
        else
            o.preset = p.cast<std::vector<std::string>>();
    }
    k.wholes("linear", o.linear);
    k.wholes("mlp", o.mlp);
    k.wholes("conv2d", o.conv2d);
    k.wholes("rnn", o.rnn);
    k.wholes("lstm", o.lstm);
    k.wholes("gru", o.gru);
    k.wholes("gpt", o.gpt);
    k.whole("gpt_block", o.gpt_block);
    k.finish();
    const auto tables =
        run_released("anatomy", "experiments.anatomy", [&] { return count_anatomy(o); });
    py::list out;
    for (const auto& a : tables)
        out.append(anatomy_dict(a));
    return out;
}

} // namespace

void bind_experiments(py::module_& m) {
    m.def("_cuba_network", &cuba_network);
    m.def("_coba_network", &coba_network);
    m.def("_two_input", &two_input);
    m.def("_coding", &coding);
    m.def("_kv", &kv);
    m.def("_anatomy", &anatomy);
    m.def("_network_anatomy", [](const NetworkHandle& h, const std::string& title) {
        return anatomy_dict(anatomy_of(*h.net, title));
    });
}

} // namespace spikesim::python
