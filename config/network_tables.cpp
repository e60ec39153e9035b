#include "config/network_tables.hpp"

#include "config/distribution_reader.hpp"
#include "config/model_registry.hpp"
#include "config/rule_registry.hpp"

namespace spikesim {
namespace {

Dale read_dale(TomlTable& t) {
    const std::string d = t.choice("dale", {"excitatory", "inhibitory", "mixed"}, "mixed");
    return d == "excitatory"   ? Dale::excitatory
           : d == "inhibitory" ? Dale::inhibitory
                               : Dale::mixed;
}

// The network names a projection's field "projection 'name': field" (or the whole
// projection, "projection 'name'"); the table calls it <table>.field.
std::string projection_key(const TomlTable& t, const std::string& network_key) {
    const auto colon = network_key.find("': ");
    if (network_key.rfind("projection '", 0) == 0 && colon != std::string::npos)
        return t.key_path(network_key.substr(colon + 3));
    std::string table = t.key_path("");
    if (!table.empty() && table.back() == '.') table.pop_back();
    return table;
}

PopulationId population_named(const Network& net, TomlTable& t, const std::string& key) {
    const std::string name = t.string(key);
    const auto id = net.find(name);
    if (!id) throw t.error(key, "the name of a population of the network", "\"" + name + "\"");
    return *id;
}

} // namespace

PopulationId add_population(Network& net, TomlTable& t) {
    const std::string name = t.string("name");
    if (name.empty() || name.find('/') != std::string::npos)
        throw t.error("name", "a non-empty name without '/' (it becomes an HDF5 group)",
                      "\"" + name + "\"");
    if (net.find(name))
        throw t.error("name", "a population name not used before", "\"" + name + "\"");
    const PopulationKind& kind = population_kind(t);
    std::vector<std::string_view> keys{"name", "model", "dale", "size"};
    keys.insert(keys.end(), kind.keys.begin(), kind.keys.end());
    t.allow_only(keys); // before the population is added
    const Dale dale = read_dale(t);
    const PopulationId id = kind.add(net, t, name, dale);
    t.finish();
    return id;
}

namespace {

// Runs `add`, reporting the network's InputError, whose key is "<what> population 'x'.field"
// (or names the population alone), against the table's field (or its target).
template <class Add> void rethrow_against_table(TomlTable& t, std::string_view what, Add add) {
    try {
        add();
    } catch (const InputError& e) {
        const std::string& key = e.key();
        const auto dot = key.rfind('.');
        const std::string field =
            key.rfind(what, 0) == 0 && dot != std::string::npos ? key.substr(dot + 1) : "";
        throw InputError(t.file(), field.empty() ? t.key_path("target") : t.key_path(field),
                         e.expected(), e.got(), t.line(field.empty() ? "target" : field));
    }
}

} // namespace

void add_drive(Network& net, TomlTable& t) {
    const PopulationId target = population_named(net, t, "target");
    PoissonDrive drive;
    drive.rate_hz = t.number("rate");
    drive.weight = t.number("weight");
    const std::int64_t inputs = t.integer("inputs", 1);
    if (inputs < 1 || inputs > UINT32_MAX)
        throw t.error("inputs", "an integer from 1 to 4294967295", std::to_string(inputs));
    drive.inputs = static_cast<std::uint32_t>(inputs);
    t.finish();
    rethrow_against_table(t, "drive of", [&] { net.add_drive(target, drive); });
}

void add_membrane_noise(Network& net, TomlTable& t) {
    const PopulationId target = population_named(net, t, "target");
    MembraneNoise noise;
    noise.sigma = t.number("sigma");
    noise.kick_rate_khz = t.number("kick_rate", noise.kick_rate_khz);
    t.finish();
    rethrow_against_table(t, "membrane noise of", [&] { net.add_membrane_noise(target, noise); });
}

std::uint32_t add_projection(Network& net, TomlTable& t) {
    const PopulationId src = population_named(net, t, "source");
    const PopulationId tgt = population_named(net, t, "target");
    const std::string name = t.string("name", "");
    const RuleKind& rule = rule_kind(t);
    SynapseSpec spec;
    spec.weight = 0.0; // explicit and matrix rules carry their weights
    if (!rule.synapse_weights) {
        spec.weight_distribution = read_distribution(t, "weight");
        if (!spec.weight_distribution) spec.weight = t.number("weight");
    }
    spec.delay_distribution = read_distribution(t, "delay");
    if (!spec.delay_distribution) {
        // A file of synapses may give every delay itself (the rule checks it does).
        const bool optional = rule.name == "file" && !t.has("delay");
        spec.delay = optional ? 0.0 : t.number("delay");
        if (spec.delay < 0) throw t.error("delay", "a number >= 0 (ms)", format_number(spec.delay));
    }
    ConnectionRule r = rule.read(t, net.population(src).size(), net.population(tgt).size());
    t.finish();
    try {
        return net.connect(src, tgt, std::move(r), spec, name);
    } catch (const DaleViolation& e) {
        throw e.attributed(t.file(), t.key_path("weight") + " (" + e.key() + ")", t.line(""));
    } catch (const InputError& e) {
        throw InputError(t.file(), projection_key(t, e.key()), e.expected(), e.got(), t.line(""));
    }
}

} // namespace spikesim
