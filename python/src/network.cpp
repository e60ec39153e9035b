// spikesim.Network and spikesim.Population. Populations and rule-based projections are
// built from keyword arguments through the config layer's tables (config/network_tables),
// so every model, source and rule of docs/config.md is here under the same names, with the
// same defaults and the same checks; connect_arrays takes NumPy arrays straight to the
// engine.
#include "bindings.hpp"
#include "toml_from_python.hpp"

#include "config/model_registry.hpp"
#include "config/network_tables.hpp"
#include "io/edges_file.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>

namespace spikesim::python {

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

void require_open(const NetworkHandle& h, const std::string& source) {
    if (h.in_use)
        throw InputError(source, "network",
                         "a network no Simulation uses yet (build it completely, then create "
                         "the Simulation)",
                         "a network a Simulation already runs");
}

void require_member(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& p,
                    const std::string& source, const std::string& key) {
    if (p.owner != h)
        throw InputError(source, key, "a population of this network",
                         "population " + quoted(p.population().name) + " of another Network");
}

namespace {

std::string kind_names(bool neurons) {
    std::string names;
    for (const auto& k : population_kinds())
        if (k.neurons == neurons) names += (names.empty() ? "" : ", ") + std::string(k.name);
    return names;
}

PopulationHandle add_population_of(const std::shared_ptr<NetworkHandle>& h, bool neurons,
                                   const std::string& model, py::object size, py::object name,
                                   const std::string& dale, py::kwargs params) {
    Network& net = *h->net;
    const std::string label = name.is_none()
                                  ? model + "_" + std::to_string(net.populations().size())
                                  : py::str(name).cast<std::string>();
    const std::string source =
        std::string(neurons ? "add_neurons(" : "add_source(") + quoted(label) + ")";
    require_open(*h, source);
    bool known = false;
    for (const auto& k : population_kinds())
        known |= k.name == model && k.neurons == neurons;
    if (!known)
        throw InputError(source, "model",
                         std::string(neurons ? "a neuron model: " : "a spike source: ") +
                             kind_names(neurons),
                         "\"" + model + "\"");
    py::dict keywords(params);
    keywords["name"] = label;
    keywords["model"] = model;
    keywords["dale"] = dale;
    keywords["size"] = size;
    const toml::value table = table_from_keywords(keywords, source);
    TomlTable t(table, source, "");
    return PopulationHandle{h, add_population(net, t)};
}

std::string rule_name(py::handle rule, py::dict& keywords, const std::string& source) {
    if (py::isinstance<py::str>(rule)) return rule.cast<std::string>();
    if (!py::hasattr(rule, "name") || !py::hasattr(rule, "params"))
        throw InputError(source, "rule",
                         "a rule such as spikesim.fixed_probability(0.02) or a rule's name",
                         py::repr(rule).cast<std::string>());
    for (const auto& [k, v] : rule.attr("params").cast<py::dict>())
        keywords[k] = v;
    return rule.attr("name").cast<std::string>();
}

std::string connect(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& src,
                    const PopulationHandle& tgt, py::handle rule, py::object weight,
                    py::object delay, py::object name) {
    const std::string source =
        "connect(" + quoted(src.population().name) + " -> " + quoted(tgt.population().name) + ")";
    require_open(*h, source);
    require_member(h, src, source, "source");
    require_member(h, tgt, source, "target");
    py::dict keywords;
    keywords["rule"] = rule_name(rule, keywords, source);
    keywords["source"] = src.population().name;
    keywords["target"] = tgt.population().name;
    keywords["weight"] = weight;
    keywords["delay"] = delay;
    keywords["name"] = name;
    const toml::value table = table_from_keywords(keywords, source);
    TomlTable t(table, source, "");
    const std::uint32_t index = add_projection(*h->net, t);
    return h->net->projections()[index].name;
}

// A table for a population of the network (a [[drive]], a [[membrane_noise]]) built from
// the method's keyword arguments, added by `add` with the config's checks.
void add_to_population(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& target,
                       const char* method, py::dict keywords, void (*add)(Network&, TomlTable&)) {
    const std::string source = std::string(method) + "(" + quoted(target.population().name) + ")";
    require_open(*h, source);
    require_member(h, target, source, "target");
    keywords["target"] = target.population().name;
    const toml::value table = table_from_keywords(keywords, source);
    TomlTable t(table, source, "");
    add(*h->net, t);
}

void add_drive_to(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& target,
                  py::object rate, py::object weight, py::object inputs) {
    py::dict keywords;
    keywords["rate"] = rate;
    keywords["weight"] = weight;
    keywords["inputs"] = inputs;
    add_to_population(h, target, "add_drive", keywords, &add_drive);
}

void add_membrane_noise_to(const std::shared_ptr<NetworkHandle>& h, const PopulationHandle& target,
                           py::object sigma, py::object kick_rate) {
    py::dict keywords;
    keywords["sigma"] = sigma;
    keywords["kick_rate"] = kick_rate;
    add_to_population(h, target, "add_membrane_noise", keywords, &add_membrane_noise);
}

} // namespace

// Each model's or source's keys, for the docstrings: "  lif_exp: tau_m, tau_ex, ...".
std::string kind_keys(bool neurons) {
    std::string text;
    for (const auto& k : population_kinds()) {
        if (k.neurons != neurons) continue;
        text += "\n    " + std::string(k.name) + ": ";
        for (std::size_t i = 0; i < k.keys.size(); ++i)
            text += (i ? ", " : "") + std::string(k.keys[i]);
    }
    return text;
}

void bind_network(py::module_& m) {
    static const std::string add_neurons_doc =
        R"(Adds `size` neurons of `model` and returns the Population. `dale` is "excitatory",
"inhibitory" or "mixed": the sign every outgoing weight must have. Model parameters are
keyword arguments, named as in docs/config.md, which gives their units and defaults:)" +
        kind_keys(true) + R"(
v_init is a number or spikesim.uniform(low, high) (default: e_l). The name defaults to
"<model>_<index>". Raises InputError (nothing is added) for an unknown model or key or a
value out of range.)";
    static const std::string add_source_doc =
        R"(Adds a population of spike sources and returns it:
    add_source("poisson", 100, rate=10.0)              # Hz; start, stop in ms
    add_source("regular", 10, interval=5.0)            # ms; start, stop
    add_source("spike_generator", spike_times=[np.array([1.0, 5.5]), [2.0]])
Keys:)" +
        kind_keys(false) + R"(
A source takes no input; `dale` constrains the sign of its outgoing weights.)";
    py::class_<PopulationHandle>(
        m, "Population",
        R"(A population of one neuron model or spike source, made by Network.add_neurons or
Network.add_source. len(pop) is its size; pop.name, pop.model and pop.dale describe it.)")
        .def_property_readonly("name",
                               [](const PopulationHandle& p) { return p.population().name; })
        .def_property_readonly("size",
                               [](const PopulationHandle& p) { return p.population().size(); })
        .def_property_readonly(
            "model",
            [](const PopulationHandle& p) { return std::string(p.population().group->model()); })
        .def_property_readonly(
            "dale", [](const PopulationHandle& p) { return to_string(p.population().dale); })
        .def_property_readonly(
            "offset", [](const PopulationHandle& p) { return p.population().offset; },
            "Global id of its first neuron.")
        .def("__len__", [](const PopulationHandle& p) { return p.population().size(); })
        .def("__eq__",
             [](const PopulationHandle& a, const PopulationHandle& b) {
                 return a.owner == b.owner && a.id.index == b.id.index;
             })
        .def("__hash__",
             [](const PopulationHandle& p) {
                 return py::hash(
                     py::make_tuple(reinterpret_cast<std::uintptr_t>(p.owner.get()), p.id.index));
             })
        .def("__repr__", [](const PopulationHandle& p) {
            const Population& q = p.population();
            return "<Population " + quoted(q.name) + ": " + std::to_string(q.size()) + " " +
                   std::string(q.group->model()) + ", " + to_string(q.dale) + ">";
        });

    py::class_<NetworkHandle, std::shared_ptr<NetworkHandle>>(
        m, "Network", R"(A network of populations and the projections between them.

    net = spikesim.Network(seed=1)
    exc = net.add_neurons("lif_exp", 3200, name="exc", dale="excitatory", tau_m=20.0,
                          v_init=spikesim.uniform(-60, -50))
    net.connect(exc, exc, spikesim.fixed_probability(0.02), weight=1.62, delay=0.1)

The seed keys every random number of the network (connectivity, initial potentials,
Poisson sources), so the same seed gives the same network. Parameters take the names,
defaults and checks of docs/config.md; bad input raises spikesim.InputError before anything
is built.)")
        .def(py::init([](py::object seed) {
                 std::int64_t s = 0;
                 try {
                     s = seed.cast<std::int64_t>();
                 } catch (const py::cast_error&) {
                     throw InputError("Network", "seed", "an integer >= 0",
                                      py::repr(seed).cast<std::string>());
                 }
                 if (s < 0 || py::isinstance<py::bool_>(seed))
                     throw InputError("Network", "seed", "an integer >= 0",
                                      py::repr(seed).cast<std::string>());
                 return std::make_shared<NetworkHandle>(std::uint64_t(s));
             }),
             py::arg("seed") = 1)
        .def(
            "add_neurons",
            [](const std::shared_ptr<NetworkHandle>& h, const std::string& model, py::object size,
               py::object name, const std::string& dale, py::kwargs params) {
                return add_population_of(h, true, model, size, name, dale, params);
            },
            py::arg("model"), py::arg("size"), py::kw_only(), py::arg("name") = py::none(),
            py::arg("dale") = "mixed", add_neurons_doc.c_str())
        .def(
            "add_source",
            [](const std::shared_ptr<NetworkHandle>& h, const std::string& model, py::object size,
               py::object name, const std::string& dale, py::kwargs params) {
                return add_population_of(h, false, model, size, name, dale, params);
            },
            py::arg("model"), py::arg("size") = py::none(), py::kw_only(),
            py::arg("name") = py::none(), py::arg("dale") = "mixed", add_source_doc.c_str())
        .def("connect", &connect, py::arg("source"), py::arg("target"), py::arg("rule"),
             py::kw_only(), py::arg("weight") = py::none(), py::arg("delay") = py::none(),
             py::arg("name") = py::none(),
             R"(Connects two populations by a rule and returns the projection's name
("source->target" unless `name` is given):
    net.connect(exc, inh, spikesim.fixed_probability(0.02), weight=1.62, delay=0.1)
Rules: one_to_one(), all_to_all(), fixed_probability(p), fixed_indegree(k),
fixed_outdegree(k), matrix(W) (W[target][source]; no `weight`). weight is in mV for
current-based models (for lif_cond_exp, a conductance in units of the leak conductance),
delay in ms; both are required.)")
        .def("add_drive", &add_drive_to, py::arg("target"), py::kw_only(), py::arg("rate"),
             py::arg("weight"), py::arg("inputs") = 1,
             R"(Drives every neuron of `target` with its own independent Poisson train: `inputs`
independent inputs of `rate` Hz each, every event of weight `weight` (mV for current-based
models; for lif_cond_exp a conductance in units of the leak conductance). No source
population and no synapses are stored:
    net.add_drive(exc, rate=20.0, inputs=1000, weight=0.1)
Events are drawn exactly (exponential intervals) from a stream keyed by the seed and the
population's name; several drives of one population share that stream.)")
        .def("add_membrane_noise", &add_membrane_noise_to, py::arg("target"), py::kw_only(),
             py::arg("sigma"), py::arg("kick_rate") = 20.0,
             R"(Adds a white-noise current to every neuron of `target`: its potential's variance
grows by sigma^2 per ms (sigma in mV per sqrt(ms), or thresholds for if_subtract):
    net.add_membrane_noise(exc, sigma=1.0)
Simulated exactly as Stein's shot noise: kicks of +a and -a, a = sigma / sqrt(kick_rate),
kick_rate per ms in all, so spike times are exact crossings. Models if_subtract, lif_delta
and ttfs take it; others raise InputError. Kicks share the drive's stream (add_drive).)")
        .def("connect_arrays", &connect_arrays, py::arg("source"), py::arg("target"), py::kw_only(),
             py::arg("pre"), py::arg("post"), py::arg("weight"), py::arg("delay"),
             py::arg("name") = py::none(),
             R"(Connects neuron pre[i] of `source` to neuron post[i] of `target` for every i, with
weight[i] (or one weight for all) and delay[i] (or one delay for all), from NumPy arrays:
    net.connect_arrays(src, exc, pre=np.array([0, 1]), post=np.array([7, 9]),
                       weight=np.array([4.0, 2.0]), delay=1.0)
Returns the projection's name.)")
        .def(
            "write_edges",
            [](const NetworkHandle& h, const std::string& path) {
                SingleProcess alone;
                write_edges(*h.net, path, "path", h.net->partition().whole() ? alone : processes());
            },
            py::arg("path"),
            R"(Writes the network's synapses as a SONATA edges file: one edge population per
projection, with source and target ids, syn_weight (as stored) and delay. Read it back with
connect(a, b, spikesim.from_file(path, edges="a->b")).)")
        .def_property_readonly("seed", [](const NetworkHandle& h) { return h.net->seed(); })
        .def_property_readonly("populations",
                               [](const std::shared_ptr<NetworkHandle>& h) {
                                   std::vector<PopulationHandle> out;
                                   for (std::uint32_t i = 0; i < h->net->populations().size(); ++i)
                                       out.push_back(PopulationHandle{h, PopulationId{i}});
                                   return out;
                               })
        .def(
            "population",
            [](const std::shared_ptr<NetworkHandle>& h, const std::string& name) {
                const auto id = h->net->find(name);
                if (!id)
                    throw InputError("Network.population", "name", "the name of a population",
                                     quoted(name));
                return PopulationHandle{h, *id};
            },
            py::arg("name"), "The population called `name`.")
        .def_property_readonly(
            "projections",
            [](const NetworkHandle& h) {
                std::vector<std::string> names;
                for (const auto& p : h.net->projections())
                    names.push_back(p.name);
                return names;
            },
            "The projections' names, in the order they were made.")
        .def_property_readonly("neuron_count",
                               [](const NetworkHandle& h) { return h.net->neuron_count(); })
        .def_property_readonly("synapse_count",
                               [](const NetworkHandle& h) { return h.net->synapse_count(); })
        .def("__repr__", [](const NetworkHandle& h) {
            return "<Network seed=" + std::to_string(h.net->seed()) + ": " +
                   std::to_string(h.net->populations().size()) + " populations, " +
                   std::to_string(h.net->neuron_count()) + " neurons, " +
                   std::to_string(h.net->synapse_count()) + " synapses>";
        });
}

} // namespace spikesim::python
