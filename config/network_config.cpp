#include "config/network_config.hpp"

#include "config/network_tables.hpp"
#include "config/overrides.hpp"
#include "config/spike_recording_reader.hpp"
#include "config/toml_file.hpp"
#include "config/toml_reader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace spikesim {
namespace {

const toml::array& array_of_tables(const toml::value& root, const std::string& key,
                                   const std::string& file) {
    static const toml::array empty;
    if (!root.as_table().count(key)) return empty;
    const toml::value& v = root.as_table().at(key);
    if (!v.is_array() || !std::all_of(v.as_array().begin(), v.as_array().end(),
                                      [](const auto& x) { return x.is_table(); }))
        throw InputError(file, key, "an array of tables ([[" + key + "]] sections)",
                         describe_toml(v), line_of(v));
    return v.as_array();
}

void read_populations(const toml::value& root, const std::string& file, Network& net) {
    const auto& tables = array_of_tables(root, "population", file);
    if (tables.empty())
        throw InputError(file, "population", "at least one [[population]] section", "none");
    for (std::size_t i = 0; i < tables.size(); ++i) {
        TomlTable t(tables[i], file, "population[" + std::to_string(i) + "]");
        add_population(net, t);
    }
}

void read_projections(const toml::value& root, const std::string& file, Network& net) {
    const auto& tables = array_of_tables(root, "projection", file);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        TomlTable t(tables[i], file, "projection[" + std::to_string(i) + "]");
        add_projection(net, t);
    }
}

void read_drives(const toml::value& root, const std::string& file, Network& net) {
    const auto& tables = array_of_tables(root, "drive", file);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        TomlTable t(tables[i], file, "drive[" + std::to_string(i) + "]");
        add_drive(net, t);
    }
}

void read_membrane_noise(const toml::value& root, const std::string& file, Network& net) {
    const auto& tables = array_of_tables(root, "membrane_noise", file);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        TomlTable t(tables[i], file, "membrane_noise[" + std::to_string(i) + "]");
        add_membrane_noise(net, t);
    }
}

// One [[record.membrane]] table: population, neurons, interval and variable.
MembraneRecording read_membrane_recording(TomlTable& m, const Network& net) {
    MembraneRecording rec;
    rec.population = m.string("population");
    const auto id = net.find(rec.population);
    if (!id || !net.population(*id).group->receives_input())
        throw m.error("population", "the name of a population of neurons (not a spike source)",
                      "\"" + rec.population + "\"");
    const toml::value& ids = m.at("neurons");
    if (!ids.is_array() || ids.as_array().empty())
        throw m.error_at(ids, m.key_path("neurons"), "a non-empty array of neuron ids");
    for (std::size_t j = 0; j < ids.as_array().size(); ++j) {
        const auto nid =
            m.neuron_id(ids.as_array()[j], m.key_path("neurons") + "[" + std::to_string(j) + "]");
        if (nid >= net.population(*id).size())
            throw m.error_at(ids.as_array()[j],
                             m.key_path("neurons") + "[" + std::to_string(j) + "]",
                             "a neuron id below " + std::to_string(net.population(*id).size()));
        rec.neurons.push_back(nid);
    }
    rec.variable = m.string("variable", "v");
    std::string names;
    bool known = false;
    for (const auto& variable : net.population(*id).group->state_variables()) {
        names += (names.empty() ? "" : ", ") + variable.name;
        known |= variable.name == rec.variable;
    }
    if (!known)
        throw m.error("variable", "a state variable of the population's model: " + names,
                      "\"" + rec.variable + "\"");
    rec.interval = m.number("interval", 0.1);
    if (rec.interval <= 0)
        throw m.error("interval", "a number > 0 (ms)", format_number(rec.interval));
    m.finish();
    return rec;
}

void read_record(const toml::value& root, const std::string& file, const Network& net,
                 RunConfig& run) {
    for (const auto& p : net.populations())
        run.record.spikes.push_back(p.name); // default: every population
    if (!root.as_table().count("record")) return;
    const toml::value& rv = root.as_table().at("record");
    if (!rv.is_table())
        throw InputError(file, "record", "a [record] table", describe_toml(rv), line_of(rv));
    TomlTable t(rv, file, "record");
    if (t.has("spikes")) {
        const toml::value& v = t.at("spikes");
        run.record.spikes.clear();
        if (v.is_string() && v.as_string().str == "all") {
            for (const auto& p : net.populations())
                run.record.spikes.push_back(p.name);
        } else if (v.is_array()) {
            for (std::size_t i = 0; i < v.as_array().size(); ++i) {
                const std::string k = t.key_path("spikes") + "[" + std::to_string(i) + "]";
                run.record.spikes.push_back(read_spike_recording(v.as_array()[i], file, k, net));
            }
        } else {
            throw t.error_at(v, t.key_path("spikes"),
                             "\"all\" or an array of population names and tables "
                             "(docs/config.md)");
        }
    }
    if (t.has("membrane")) {
        const toml::value& v = t.at("membrane");
        if (!v.is_array())
            throw t.error_at(v, t.key_path("membrane"), "an array of tables ([[record.membrane]])");
        for (std::size_t i = 0; i < v.as_array().size(); ++i) {
            const auto& e = v.as_array()[i];
            if (!e.is_table())
                throw t.error_at(e, t.key_path("membrane"),
                                 "an array of tables ([[record.membrane]])");
            TomlTable m(e, file, "record.membrane[" + std::to_string(i) + "]");
            MembraneRecording rec = read_membrane_recording(m, net);
            run.record.membrane.push_back(std::move(rec));
        }
    }
    t.finish();
}

} // namespace

ConfiguredRun load_config(const std::string& path, std::optional<std::uint64_t> seed_override,
                          const std::vector<std::string>& overrides) {
    return load_config(read_toml_file(path), seed_override, overrides);
}

ConfiguredRun load_config_text(const std::string& name, std::string text,
                               std::optional<std::uint64_t> seed_override) {
    return load_config(parse_toml_text(name, std::move(text)), seed_override);
}

ConfiguredRun load_config(TomlFile file, std::optional<std::uint64_t> seed_override,
                          const std::vector<std::string>& overrides, Partition partition) {
    const std::string path = file.path;
    for (const auto& o : overrides)
        apply_override(file.root, o, "--set");
    if (!overrides.empty()) {
        std::string header = "# " + path + " with";
        for (const auto& o : overrides)
            header += " --set " + o;
        file.text = header + "\n" + toml_text(file.root);
    }
    RunConfig run;
    run.file = path;
    run.text = std::move(file.text);
    const toml::value& root = file.root;
    TomlTable top(root, path, "");
    if (top.has("simulation")) {
        const toml::value& sv = top.at("simulation");
        if (!sv.is_table()) throw top.error_at(sv, "simulation", "a [simulation] table");
        TomlTable s(sv, path, "simulation");
        run.duration = s.number("duration", run.duration);
        if (run.duration <= 0)
            throw s.error("duration", "a number > 0 (ms)", format_number(run.duration));
        const std::int64_t seed = s.integer("seed", 1);
        if (seed < 0) throw s.error("seed", "an integer >= 0", std::to_string(seed));
        run.seed = static_cast<std::uint64_t>(seed);
        const std::int64_t threads = s.integer("threads", 0);
        if (threads < 0 || threads > 1024)
            throw s.error("threads", "an integer from 0 (every core) to 1024",
                          std::to_string(threads));
        run.threads = static_cast<int>(threads);
        auto limit = [&](const char* key, double& value) {
            value = s.number(key, value);
            if (!(value >= 1)) throw s.error(key, "a number >= 1", format_number(value));
        };
        limit("max_windows", run.limits.max_windows);
        limit("max_samples", run.limits.max_samples);
        run.loop.overlap_exchange = s.boolean("overlap_exchange", false);
        s.finish();
    }
    if (seed_override) run.seed = *seed_override;
    top.at("population");
    if (top.has("projection")) top.at("projection");
    if (top.has("drive")) top.at("drive");
    if (top.has("membrane_noise")) top.at("membrane_noise");
    if (top.has("record")) top.at("record");
    top.finish();

    Network net(run.seed, partition);
    read_populations(root, path, net);
    read_projections(root, path, net);
    read_drives(root, path, net);
    read_membrane_noise(root, path, net);
    read_record(root, path, net, run);
    return ConfiguredRun{std::move(run), std::move(net)};
}

} // namespace spikesim
